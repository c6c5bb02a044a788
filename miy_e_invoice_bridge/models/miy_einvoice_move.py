from decimal import Decimal

from odoo import Command, api, models
from odoo.tools import float_compare, float_round

from ..lib import ubl_tr
from .miy_einvoice import REFUND_TYPES


class MiyEinvoice(models.Model):
    _inherit = "miy.einvoice"

    def _get_move_type(self):
        """IADE issued to us = our customer returns goods (credit note of a customer invoice);
        IADE issued by us = we return goods to a vendor (refund of a vendor bill)."""
        self.ensure_one()
        refund = self.invoice_type in REFUND_TYPES
        if self.direction == "in":
            return "out_refund" if refund else "in_invoice"
        return "in_refund" if refund else "out_invoice"

    @api.model
    def _match_moves(self, invoices, counterparts, partners):
        """Existing moves for an import: by ETTN, else by commercial partner + number (2 queries)."""
        pairs = []
        for (_name, _data, doc), (_direction, party) in zip(invoices, counterparts, strict=True):
            partner = partners.get(party.vkn)
            if partner:
                pairs.append((partner.id, doc.number))
        return self._find_moves({doc.ettn for _name, _data, doc in invoices}, pairs)

    @api.model
    def _find_moves(self, ettns, pairs):
        Move = self.env["account.move"]
        company = self.env.company
        result = {"ettn": {}, "number": {}}
        if ettns:
            for move in Move.search_fetch(
                [("miy_ettn", "in", list(ettns)), ("company_id", "=", company.id)], ["miy_ettn"]
            ):
                result["ettn"].setdefault(move.miy_ettn, move)
        if pairs:
            numbers = list({number for _partner, number in pairs})
            partner_ids = list({partner for partner, _number in pairs})
            moves = Move.search_fetch(
                [
                    ("company_id", "=", company.id),
                    ("move_type", "in", ("out_invoice", "out_refund", "in_invoice", "in_refund")),
                    ("state", "!=", "cancel"),
                    ("commercial_partner_id", "in", partner_ids),
                    "|",
                    ("ref", "in", numbers),
                    ("name", "in", numbers),
                ],
                ["ref", "name", "commercial_partner_id", "miy_ettn"],
            )
            for move in moves:
                for number in {move.ref, move.name} & set(numbers):
                    result["number"].setdefault((move.commercial_partner_id.id, number), move)
        return result

    def _link_moves(self, documents=None, moves=None):
        """Link each document with a partner to an existing move, or create a draft move (the
        drafts of a batch in one ``create``; redone one by one when the batch fails)."""
        documents = documents or {}
        todo = self.filtered(lambda r: r.partner_id and not r.move_id)
        if moves is None:
            moves = self._find_moves(
                set(todo.mapped("ettn")), [(r.partner_id.commercial_partner_id.id, r.number) for r in todo]
            )
        tax_cache = {}
        linked, to_create = [], []
        for record in todo:
            doc = documents.get(record.id) or record._read_document()
            move = moves["ettn"].get(record.ettn) or moves["number"].get(
                (record.partner_id.commercial_partner_id.id, record.number)
            )
            if move and move.miy_ettn and move.miy_ettn != record.ettn:
                move = None  # same number, another document: not this one
            if move:
                match = "ettn" if move.miy_ettn == record.ettn else "number"
                move.write(record._move_edi_values())
                linked.append((record, doc, move, match))
            else:
                to_create.append((record, doc))
        created = self._create_moves(to_create, tax_cache)
        linked += [(record, doc, created[record.id], "created") for record, doc in to_create if record.id in created]
        attachments = []
        for record, doc, move, match in linked:
            warnings = []
            if match == "created":
                if record.due_date and move.invoice_date_due != record.due_date:
                    move.invoice_date_due = record.due_date
                if missing_taxes := tax_cache.get(("missing", record.id)):
                    warnings.append(record._warning_message("unknown_tax", ", ".join(missing_taxes)))
                if float_compare(move.amount_total, record.amount_total, precision_digits=2):
                    detail = self.env._(
                        "%(expected)s expected, %(found)s found", expected=record.amount_total, found=move.amount_total
                    )
                    warnings.append(record._warning_message("move_total", detail))
                warnings += record._currency_warnings(doc, move)
                if record.xml_attachment_id:
                    attachments.append(
                        {
                            "name": record.xml_attachment_id.name,
                            "raw": record.xml_attachment_id.raw,
                            "mimetype": "application/xml",
                            "res_model": "account.move",
                            "res_id": move.id,
                        }
                    )
            record.write(
                {
                    "move_id": move.id,
                    "move_match": match,
                    "state": "amount_mismatch" if doc.mismatches or warnings else "linked",
                    "warnings": "\n".join(filter(None, [record.warnings, *warnings])) or False,
                }
            )
        if attachments:
            self.env["ir.attachment"].create(attachments)

    def _currency_warnings(self, doc, move):
        """Warnings of a move in a foreign currency: no rate in the document (and none in Odoo),
        or a company-currency total that is not the document's total at the document's rate."""
        self.ensure_one()
        company_currency = self.company_id.currency_id
        if self.currency_id == company_currency:
            return []
        if not doc.currency_rate:
            has_rate = self.env["res.currency.rate"].search_count(
                [
                    ("currency_id", "=", self.currency_id.id),
                    ("name", "<=", move.invoice_date or move.date),
                    ("company_id", "in", [self.company_id.root_id.id, False]),
                ],
                limit=1,
            )
            return [self._warning_message("no_rate" if has_rate else "no_odoo_rate")]
        expected = company_currency.round(float(doc.payable_amount * doc.currency_rate))
        found = abs(move.amount_total_signed)
        tolerance = company_currency.rounding * max(len(move.line_ids), 1)
        if abs(expected - found) > tolerance:
            detail = self.env._("%(expected)s expected, %(found)s found", expected=expected, found=found)
            return [self._warning_message("company_total", detail)]
        return []

    def _move_edi_values(self):
        return {
            "miy_ettn": self.ettn,
            "miy_profile": self.profile,
            "miy_invoice_type": self.invoice_type,
            "miy_gib_status": self.gib_status,
        }

    def _prepare_move(self, doc, tax_cache):
        self.ensure_one()
        move_type = self._get_move_type()
        tax_use = "sale" if move_type.startswith("out") else "purchase"
        lines = []
        single = len(doc.lines) == 1
        for line in doc.lines:
            taxes = line.taxes or [t for t in doc.taxes if single or t.per_unit is None]
            withholdings = line.withholdings or (doc.withholdings if single else [])
            tax_ids = self._line_taxes(line, taxes, withholdings, tax_use, tax_cache)
            special = self._special_base(doc, line, taxes)
            if special:
                lines += self._special_base_lines(doc, line, special, tax_ids)
                continue
            lines.append(Command.create({**self._line_amounts(line), "tax_ids": [Command.set(tax_ids)]}))
        values = {
            "move_type": move_type,
            "partner_id": self.partner_id.id,
            "invoice_date": self.issue_date,
            "date": self.issue_date,
            "ref": self.number,
            "payment_reference": self.number,
            "currency_id": self.currency_id.id,
            "company_id": self.company_id.id,
            "invoice_line_ids": lines,
            **self._move_edi_values(),
        }
        if self.currency_id != self.company_id.currency_id and doc.currency_rate:
            # the document's PricingExchangeRate (TRY per unit) wins over Odoo's rate of the day
            # (account.move._compute_invoice_currency_rate), also when the draft is edited
            values["miy_currency_rate"] = float(doc.currency_rate)
        partner = self.partner_id.commercial_partner_id.with_company(self.company_id)
        term = partner.property_payment_term_id if tax_use == "sale" else partner.property_supplier_payment_term_id
        if self.due_date:
            # the document's due date wins over a payment term of the partner
            values["invoice_date_due"] = self.due_date
            values["invoice_payment_term_id"] = False
        elif not term:
            # without PaymentTerms/PaymentMeans nor a payment term of the partner, a document is
            # due on its issue date (Odoo would take today's date)
            values["invoice_date_due"] = self.issue_date
        return values

    def _special_base(self, doc, line, taxes):
        """(special base, KDV) of an ÖZELMATRAH line whose KDV is computed on a base other than
        the line amount (KDV art. 23: TaxableAmount of the KDV subtotal), else None."""
        if doc.invoice_type != "OZELMATRAH":
            return None
        kdv = [tax for tax in taxes if (tax.code or ubl_tr.KDV) == ubl_tr.KDV and tax.percent]
        if len(kdv) != 1 or kdv[0].taxable is None or kdv[0].per_unit is not None:
            return None
        if abs(kdv[0].taxable - line.line_extension) < Decimal("0.005"):
            return None
        return kdv[0].taxable, kdv[0].amount

    def _special_base_lines(self, doc, line, special, tax_ids):
        """An ÖZELMATRAH line as two journal lines: the special base with the KDV (so the KDV and
        its base are what the document says) and the rest of the line amount without tax (less
        the KDV when the document states it as included)."""
        base, kdv = special
        name = line.name or "/"
        rest = line.line_extension - base - (kdv if doc.kdv_included else Decimal(0))
        result = [
            Command.create(
                {
                    "name": self.env._("%(name)s (special base)", name=name),
                    "quantity": 1.0,
                    "price_unit": float(base),
                    "discount": 0.0,
                    "tax_ids": [Command.set(tax_ids)],
                }
            )
        ]
        if rest:
            result.append(
                Command.create(
                    {
                        "name": self.env._("%(name)s (beyond the special base)", name=name),
                        "quantity": 1.0,
                        "price_unit": float(rest),
                        "discount": 0.0,
                        "tax_ids": [Command.set([])],
                    }
                )
            )
        return result

    def _line_amounts(self, line):
        """Quantity, unit price and discount reproducing the line's LineExtensionAmount; when the
        unit price has more decimals than Odoo keeps, the line is booked as 1 x its amount and the
        quantity and unit price go into the label."""
        digits = self.env["decimal.precision"].precision_get("Product Price")
        quantity = line.quantity or Decimal(1)
        name = line.name or "/"
        gross = line.price * quantity
        discount = Decimal(0)
        if line.allowance and gross and not line.charge:
            discount = line.allowance / gross * 100
        price = Decimal(str(float_round(float(line.price), precision_digits=digits)))
        total = (price * quantity * (1 - discount / 100)).quantize(Decimal("0.01"))
        if total == line.line_extension.quantize(Decimal("0.01")):
            return {"name": name, "quantity": float(quantity), "price_unit": float(price), "discount": float(discount)}
        price = (line.line_extension / quantity).quantize(Decimal(1).scaleb(-digits))
        if (price * quantity).quantize(Decimal("0.01")) == line.line_extension.quantize(Decimal("0.01")):
            return {"name": name, "quantity": float(quantity), "price_unit": float(price), "discount": 0.0}
        label = f"{name} ({quantity.normalize()} {line.unit_code} x {line.price.normalize()})"
        return {"name": label, "quantity": 1.0, "price_unit": float(line.line_extension), "discount": 0.0}

    def _line_taxes(self, line, taxes, withholdings, tax_use, cache):
        ids = []
        kdv_rate = None
        for tax in taxes:
            code = tax.code or ubl_tr.KDV
            if tax.per_unit is not None and code != ubl_tr.KDV:
                quantity = line.quantity or Decimal(1)
                booked_one = self._line_amounts(line)["quantity"] == 1.0 and quantity != 1
                amount = tax.amount if booked_one else tax.per_unit
                ids.append(self._find_or_create_tax(tax_use, code, tax.name, "fixed", amount, cache).id)
                continue
            percent = tax.percent
            if percent is None:
                if tax.taxable:
                    percent = (tax.amount / tax.taxable * 100).quantize(Decimal("0.01"))
                elif not tax.amount:
                    percent = Decimal(0)
                else:
                    continue
            if code == ubl_tr.KDV:
                kdv_rate = percent
            ids.append(self._find_or_create_tax(tax_use, code, tax.name, "percent", percent, cache).id)
        for withholding in withholdings:
            if withholding.percent is None or kdv_rate is None:
                continue
            rate = -(kdv_rate * withholding.percent / 100)
            name = self.env._("Withholding %(ratio)s%% of KDV %(rate)s%%", ratio=withholding.percent, rate=kdv_rate)
            ids.append(
                self._find_or_create_tax(tax_use, "W" + (withholding.code or ""), name, "percent", rate, cache).id
            )
        return [tax_id for tax_id in ids if tax_id]  # a tax the company lacks is left off the line

    def _find_or_create_tax(self, tax_use, code, name, amount_type, amount, cache):
        """The company's tax of this type, kind and rate (archived ones too: historic KDV rates
        such as 18% and 8% serve imports without being proposed), or an empty recordset.

        Taxes are never created from an imported file (whoever sends a file would otherwise add
        active taxes to the chart): when none fits, the line is left without it, and the rate is
        remembered under ``("missing", record id)`` in ``cache`` for the document's warnings (the
        document is marked for the accountant, who sets the tax on the draft)."""
        key = (self.company_id.id, tax_use, code, amount_type, amount)
        if key not in cache:
            is_kdv = code == ubl_tr.KDV
            domain = [
                ("company_id", "=", self.company_id.id),
                ("type_tax_use", "=", tax_use),
                ("amount_type", "=", amount_type),
                ("amount", "=", float(amount)),
                ("price_include", "=", False),
                ("include_base_amount", "=", not is_kdv and not code.startswith("W")),
                ("miy_gib_tax_code", "in", [code, False]),
            ]
            Tax = self.env["account.tax"].with_context(active_test=False)
            cache[key] = Tax.search(domain, order="active desc, miy_gib_tax_code, sequence, id", limit=1)
        tax = cache[key]
        if not tax:
            rate = format(amount, "g")
            if code == ubl_tr.KDV:
                label = self.env._("KDV %(rate)s%%", rate=rate)
            elif code.startswith("W"):
                label = name
            elif amount_type == "fixed":
                label = "%s (%s) %s/unit" % (name or code, code, rate)  # noqa: UP031
            else:
                label = "%s (%s) %%%s" % (name or code, code, rate)  # noqa: UP031
            cache.setdefault(("missing", self.id), {})[label] = True
        return tax
