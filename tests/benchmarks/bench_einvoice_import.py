"""Importing UBL-TR e-invoices with miy_e_invoice_bridge (issue 5, scale).

Sets up a Turkish company (chart ``tr``, not timed), generates ``min(size, 2000)`` typical
incoming invoices (10 lines, KDV 20%, 50 known suppliers), then:

- imports them all through ``miy.einvoice._import_files`` (parse, de-duplicate, match the
  supplier, create the draft vendor bill): the value, target 20 invoices per second; the same
  count of other invoices is also imported without draft moves (reported in the notes), since
  Odoo's own ``account.move`` creation dominates the first figure;
- re-imports the same files (every one a duplicate): must take under 10% of the first import;
- as the baseline, imports up to 200 of the same files through Odoo's own path (a purchase
  journal's ``_create_document_from_attachment``, what the Upload button does) and extrapolates
  to the same count: MİY must be at least 5x faster.
"""

import random
import time

from odoo.tools import SQL

NAME = "einvoice_import"
MAX_INVOICES = 2000
BASELINE_SAMPLE = 200
TARGET_PER_SECOND = 20.0


def _vkn(rng):
    from stdnum.tr import vkn

    base = "".join(rng.choice("0123456789") for _ in range(9))
    return base + vkn.calc_check_digit(base)


def _invoice(index, supplier, company_vkn, rng):
    lines = []
    base = 0.0
    for number in range(1, 11):
        quantity = rng.randint(1, 20)
        price = rng.randint(100, 100000) / 100
        amount = round(quantity * price, 2)
        tax = round(amount * 0.2, 2)
        base += amount
        lines.append(
            f"""<cac:InvoiceLine><cbc:ID>{number}</cbc:ID>
<cbc:InvoicedQuantity unitCode="C62">{quantity}</cbc:InvoicedQuantity>
<cbc:LineExtensionAmount currencyID="TRY">{amount:.2f}</cbc:LineExtensionAmount>
<cac:TaxTotal><cbc:TaxAmount currencyID="TRY">{tax:.2f}</cbc:TaxAmount><cac:TaxSubtotal>
<cbc:TaxableAmount currencyID="TRY">{amount:.2f}</cbc:TaxableAmount><cbc:TaxAmount currencyID="TRY">{tax:.2f}</cbc:TaxAmount>
<cbc:Percent>20</cbc:Percent><cac:TaxCategory><cac:TaxScheme><cbc:Name>KDV</cbc:Name><cbc:TaxTypeCode>0015</cbc:TaxTypeCode>
</cac:TaxScheme></cac:TaxCategory></cac:TaxSubtotal></cac:TaxTotal>
<cac:Item><cbc:Name>Malzeme {number}</cbc:Name></cac:Item>
<cac:Price><cbc:PriceAmount currencyID="TRY">{price:.2f}</cbc:PriceAmount></cac:Price></cac:InvoiceLine>"""
        )
    taxes = sum(round(float(line.split('<cbc:TaxAmount currencyID="TRY">')[1].split("<")[0]), 2) for line in lines)
    ettn = f"{index:08X}-B0B0-4000-8000-{rng.getrandbits(48):012X}"
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
 xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
 xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
<cbc:UBLVersionID>2.1</cbc:UBLVersionID><cbc:CustomizationID>TR1.2</cbc:CustomizationID>
<cbc:ProfileID>TICARIFATURA</cbc:ProfileID><cbc:ID>BNC2024{index:09d}</cbc:ID><cbc:UUID>{ettn}</cbc:UUID>
<cbc:IssueDate>2024-03-01</cbc:IssueDate><cbc:InvoiceTypeCode>SATIS</cbc:InvoiceTypeCode>
<cbc:DocumentCurrencyCode>TRY</cbc:DocumentCurrencyCode><cbc:LineCountNumeric>10</cbc:LineCountNumeric>
<cac:AccountingSupplierParty><cac:Party><cac:PartyIdentification><cbc:ID schemeID="VKN">{supplier}</cbc:ID>
</cac:PartyIdentification><cac:PartyName><cbc:Name>Tedarikçi {supplier}</cbc:Name></cac:PartyName>
<cac:PostalAddress><cbc:CityName>Bursa</cbc:CityName><cac:Country><cbc:Name>Türkiye</cbc:Name></cac:Country></cac:PostalAddress>
</cac:Party></cac:AccountingSupplierParty>
<cac:AccountingCustomerParty><cac:Party><cac:PartyIdentification><cbc:ID schemeID="VKN">{company_vkn}</cbc:ID>
</cac:PartyIdentification><cac:PartyName><cbc:Name>MİY Makina A.Ş.</cbc:Name></cac:PartyName></cac:Party>
</cac:AccountingCustomerParty>
<cac:TaxTotal><cbc:TaxAmount currencyID="TRY">{taxes:.2f}</cbc:TaxAmount><cac:TaxSubtotal>
<cbc:TaxableAmount currencyID="TRY">{base:.2f}</cbc:TaxableAmount><cbc:TaxAmount currencyID="TRY">{taxes:.2f}</cbc:TaxAmount>
<cbc:Percent>20</cbc:Percent><cac:TaxCategory><cac:TaxScheme><cbc:Name>KDV</cbc:Name><cbc:TaxTypeCode>0015</cbc:TaxTypeCode>
</cac:TaxScheme></cac:TaxCategory></cac:TaxSubtotal></cac:TaxTotal>
<cac:LegalMonetaryTotal><cbc:LineExtensionAmount currencyID="TRY">{base:.2f}</cbc:LineExtensionAmount>
<cbc:TaxExclusiveAmount currencyID="TRY">{base:.2f}</cbc:TaxExclusiveAmount>
<cbc:TaxInclusiveAmount currencyID="TRY">{base + taxes:.2f}</cbc:TaxInclusiveAmount>
<cbc:PayableAmount currencyID="TRY">{base + taxes:.2f}</cbc:PayableAmount></cac:LegalMonetaryTotal>
{"".join(lines)}
</Invoice>""".encode()


def _setup(env, rng):
    company = (
        env["res.company"]
        .with_context(no_vat_validation=True)
        .create({"name": "MİY Makina A.Ş. (bench)", "country_id": env.ref("base.tr").id, "vat": "TR" + _vkn(rng)})
    )
    env["account.chart.template"].try_loading("tr", company=company, install_demo=False)
    env.user.write({"company_ids": [(4, company.id)], "company_id": company.id})
    suppliers = [_vkn(rng) for _ in range(50)]
    env["res.partner"].with_context(no_vat_validation=True).create(
        [{"name": f"Tedarikçi {vkn}", "is_company": True, "vat": f"TR{vkn}"} for vkn in suppliers]
    )
    env.flush_all()
    return company, suppliers


def _analyze(env):
    for table in ("account_move", "account_move_line", "account_partial_reconcile", "miy_einvoice"):
        env.cr.execute(SQL("ANALYZE %s", SQL.identifier(table)))


def run(env, size, seed):
    rng = random.Random(seed)
    company, suppliers = _setup(env, rng)
    env = env(context=dict(env.context, allowed_company_ids=[company.id], tracking_disable=True))
    company_vkn = "".join(ch for ch in company.vat if ch.isdigit())
    count = min(size, MAX_INVOICES)
    files = [(f"fatura_{i}.xml", _invoice(i, rng.choice(suppliers), company_vkn, rng)) for i in range(count)]
    Einvoice = env["miy.einvoice"]

    queries_before = env.cr.sql_log_count
    start, cpu_start = time.perf_counter(), time.process_time()
    statuses = {}
    for offset in range(0, count, 100):
        for line in Einvoice._import_files(files[offset : offset + 100]):
            statuses[line["status"]] = statuses.get(line["status"], 0) + 1
        env.flush_all()
        if offset % 500 == 0:
            # one long transaction: autovacuum never analyses its rows, as it would in production;
            # on statistics of empty tables Odoo's payment-state query ran for more than 30 minutes
            _analyze(env)
    first = time.perf_counter() - start
    first_cpu = time.process_time() - cpu_start
    queries = env.cr.sql_log_count - queries_before
    moves = env["account.move"].search_count([("company_id", "=", company.id), ("miy_ettn", "!=", False)])

    start = time.perf_counter()
    duplicates = 0
    for offset in range(0, count, 500):
        duplicates += sum(
            line["status"] == "duplicate" for line in Einvoice._import_files(files[offset : offset + 500])
        )
    second = time.perf_counter() - start

    # the same work without the draft moves (parse, de-duplicate, match, attach), other ETTNs
    others = [(f"fatura_b{i}.xml", _invoice(count + i, rng.choice(suppliers), company_vkn, rng)) for i in range(count)]
    start = time.perf_counter()
    for offset in range(0, count, 100):
        Einvoice._import_files(others[offset : offset + 100], create_moves=False)
        env.flush_all()
    without_moves = time.perf_counter() - start

    # Odoo's own path on a sample, extrapolated to the same count
    sample = files[:BASELINE_SAMPLE]
    journal = env["account.journal"].search([("type", "=", "purchase"), ("company_id", "=", company.id)], limit=1)
    attachments = env["ir.attachment"].create(
        [{"name": name, "raw": data, "mimetype": "application/xml"} for name, data in sample]
    )
    env.flush_all()
    start, cpu_start = time.perf_counter(), time.process_time()
    for attachment in attachments:
        journal._create_document_from_attachment(attachment.ids)
    env.flush_all()
    odoo_sample = time.perf_counter() - start
    odoo_cpu = time.process_time() - cpu_start
    odoo_time = odoo_sample * count / len(sample)

    rate = count / first if first else 0.0
    return {
        "name": f"{NAME}_{count}",
        "value": first,
        "unit": "s",
        "target": min(count / TARGET_PER_SECOND, odoo_time / 5),
        "baseline": odoo_time,
        "extra": (
            f"{rate:.1f} invoices/s with draft moves ({moves} draft moves, {queries} queries, statuses {statuses}; "
            f"CPU of the Odoo process {first_cpu:.1f}s = {count / first_cpu if first_cpu else 0:.1f} invoices per CPU "
            f"second), "
            f"{count / without_moves:.1f} invoices/s without moves; re-import of all {count} "
            f"({duplicates} duplicates) {second:.2f}s = {100 * second / first:.1f}% of the first import "
            f"(target < 10%); Odoo's upload path measured on the first {len(sample)} of the same files in the same "
            f"run ({len(sample) / odoo_sample:.1f} invoices/s, {len(sample) / odoo_cpu if odoo_cpu else 0:.1f} per CPU "
            f"second) and extrapolated to {count}: MİY {odoo_time / first:.1f}x faster (target >= 5x)"
        ),
    }
