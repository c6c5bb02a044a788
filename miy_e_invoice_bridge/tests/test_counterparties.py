from odoo.tests import tagged

from ..lib import ubl_tr
from .common import COMPANY_VKN, EInvoiceCommon, make_invoice

SHARED_ETTN = "F47AC10B-58CC-4372-A567-0E02B2C3D479"
SHARED_NUMBER = "SRM2012000086985"


def gib_like(kind, customer=COMPANY_VKN):
    """The figures of GİB's UBL-TR 1.2.1 samples TEVKIFAT.xml and OZELMATRAH.xml (both numbered
    SRM2012000086985 under the same UUID, from two different suppliers), addressed to our company.

    TEVKIFAT: 20,000 of labour, KDV 18% = 3,600 of which 90% (3,240) withheld; the header's
    TaxTotal/TaxAmount says 360 (KDV net of withholding); payable 20,360.
    ÖZELMATRAH: 24.94 of tobacco, KDV included ("KDV Dahil"), KDV 18% on the special base 22.28
    = 4.01; TaxInclusiveAmount = PayableAmount = 24.94."""
    if kind == "TEVKIFAT":
        supplier, name = "0890890895", "Örnek İnşaat Hafriyat Nakliyat Ltd. Şti."
        taxes = (
            '<cac:TaxTotal><cbc:TaxAmount currencyID="TRY">360</cbc:TaxAmount><cac:TaxSubtotal>'
            '<cbc:TaxableAmount currencyID="TRY">20000</cbc:TaxableAmount><cbc:TaxAmount currencyID="TRY">3600'
            "</cbc:TaxAmount><cbc:Percent>18</cbc:Percent><cac:TaxCategory><cac:TaxScheme><cbc:Name>KDV</cbc:Name>"
            "<cbc:TaxTypeCode>0015</cbc:TaxTypeCode></cac:TaxScheme></cac:TaxCategory></cac:TaxSubtotal></cac:TaxTotal>"
            '<cac:WithholdingTaxTotal><cbc:TaxAmount currencyID="TRY">3240</cbc:TaxAmount><cac:TaxSubtotal>'
            '<cbc:TaxAmount currencyID="TRY">3240</cbc:TaxAmount><cbc:Percent>90</cbc:Percent><cac:TaxCategory>'
            "<cac:TaxScheme><cbc:TaxTypeCode>606</cbc:TaxTypeCode></cac:TaxScheme></cac:TaxCategory>"
            "</cac:TaxSubtotal></cac:WithholdingTaxTotal>"
        )
        totals = ("20000", "20000", "23600", "20360")
        line = ("1", "20000", "20000", "İş gücü hizmeti")
    else:
        supplier, name = "1888888888", "Tobacco Exports"
        taxes = (
            '<cac:TaxTotal><cbc:TaxAmount currencyID="TRY">4.01</cbc:TaxAmount><cac:TaxSubtotal>'
            '<cbc:TaxableAmount currencyID="TRY">22.28</cbc:TaxableAmount><cbc:TaxAmount currencyID="TRY">4.01'
            "</cbc:TaxAmount><cbc:Percent>18</cbc:Percent><cac:TaxCategory>"
            "<cbc:TaxExemptionReasonCode>806</cbc:TaxExemptionReasonCode><cac:TaxScheme><cbc:Name>KDV</cbc:Name>"
            "<cbc:TaxTypeCode>0015</cbc:TaxTypeCode></cac:TaxScheme></cac:TaxCategory></cac:TaxSubtotal></cac:TaxTotal>"
        )
        totals = ("24.94", "24.94", "24.94", "24.94")
        line = ("0.5", "24.94", "49.87", "Tekel 2000 uzun mavi kutu")
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
 xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
 xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
<cbc:UBLVersionID>2.1</cbc:UBLVersionID><cbc:CustomizationID>TR1.2</cbc:CustomizationID>
<cbc:ProfileID>TICARIFATURA</cbc:ProfileID><cbc:ID>{SHARED_NUMBER}</cbc:ID><cbc:UUID>{SHARED_ETTN}</cbc:UUID>
<cbc:IssueDate>2012-08-04</cbc:IssueDate><cbc:InvoiceTypeCode>{kind}</cbc:InvoiceTypeCode>
<cbc:DocumentCurrencyCode>TRY</cbc:DocumentCurrencyCode>
<cac:AccountingSupplierParty><cac:Party><cac:PartyIdentification><cbc:ID schemeID="VKN">{supplier}</cbc:ID>
</cac:PartyIdentification><cac:PartyName><cbc:Name>{name}</cbc:Name></cac:PartyName></cac:Party>
</cac:AccountingSupplierParty>
<cac:AccountingCustomerParty><cac:Party><cac:PartyIdentification><cbc:ID schemeID="VKN">{customer}</cbc:ID>
</cac:PartyIdentification><cac:PartyName><cbc:Name>Müşteri</cbc:Name></cac:PartyName></cac:Party>
</cac:AccountingCustomerParty>
{taxes}
<cac:LegalMonetaryTotal><cbc:LineExtensionAmount currencyID="TRY">{totals[0]}</cbc:LineExtensionAmount>
<cbc:TaxExclusiveAmount currencyID="TRY">{totals[1]}</cbc:TaxExclusiveAmount>
<cbc:TaxInclusiveAmount currencyID="TRY">{totals[2]}</cbc:TaxInclusiveAmount>
<cbc:PayableAmount currencyID="TRY">{totals[3]}</cbc:PayableAmount></cac:LegalMonetaryTotal>
<cac:InvoiceLine><cbc:ID>1</cbc:ID><cbc:InvoicedQuantity>{line[0]}</cbc:InvoicedQuantity>
<cbc:LineExtensionAmount currencyID="TRY">{line[1]}</cbc:LineExtensionAmount>
<cac:Item><cbc:Name>{line[3]}</cbc:Name></cac:Item>
<cac:Price><cbc:PriceAmount currencyID="TRY">{line[2]}</cbc:PriceAmount></cac:Price></cac:InvoiceLine>
</Invoice>""".encode()


@tagged("post_install", "-at_install")
class TestCounterparties(EInvoiceCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"].with_context(no_vat_validation=True)
        cls.builder = Partner.create({"name": "Örnek İnşaat", "is_company": True, "vat": "0890890895"})
        cls.tobacco = Partner.create({"name": "Tobacco Exports", "is_company": True, "vat": "1888888888"})
        # the 9/10 withholding of labour services (code 606) on 18% KDV, as the accountant sets it up
        # (an import never creates taxes)
        cls.env["account.tax"].create(
            {
                "name": "KDV tevkifatı 9/10 (606)",
                "company_id": cls.company.id,
                "type_tax_use": "purchase",
                "amount_type": "percent",
                "amount": -16.2,
                "sequence": 20,
                "miy_gib_tax_code": "W606",
            }
        )

    def test_two_senders_share_ettn_and_number(self):
        """GİB's TEVKIFAT and ÖZELMATRAH samples in one import: the first keeps its own supplier and
        bill; the second (same ETTN, another sender) is a conflict, not "already imported"."""
        report = self.import_files([("TEVKIFAT.xml", gib_like("TEVKIFAT")), ("OZELMATRAH.xml", gib_like("OZELMATRAH"))])
        first, second = report
        einvoice = self.einvoice(first)
        self.assertEqual(einvoice.sender_vkn, "0890890895")
        self.assertEqual(einvoice.counterparty_vkn, "0890890895")
        self.assertEqual(einvoice.partner_id, self.builder)
        self.assertEqual(einvoice.move_id.partner_id, self.builder)
        self.assertAlmostEqual(einvoice.move_id.amount_total, 20360.0, places=2)
        self.assertEqual(second["status"], "rejected")
        self.assertIn("ETTN conflict", second["message"])
        self.assertNotIn("Already imported", second["message"])
        # the same file again is still a plain duplicate
        (again,) = self.import_files([("TEVKIFAT-2.xml", gib_like("TEVKIFAT"))])
        self.assertEqual((again["status"], again["einvoice_id"]), ("duplicate", einvoice.id))

    def test_our_export_is_not_turned_into_a_bill(self):
        ours = make_invoice(number="EXP1", ettn="5E1F1C2A-0000-4000-8000-0000000000E1")  # we sell to BBB
        theirs = make_invoice(
            number="EXP1", ettn="5E1F1C2A-0000-4000-8000-0000000000E1", supplier="0890890895", customer=COMPANY_VKN
        )
        first, second = self.import_files([("ours.xml", ours), ("theirs.xml", theirs)])
        einvoice = self.einvoice(first)
        self.assertEqual((einvoice.direction, einvoice.partner_id), ("out", self.customer_bbb))
        self.assertEqual(einvoice.move_id.move_type, "out_invoice")
        self.assertEqual(second["status"], "rejected")

    def test_withholding_amounts_add_up(self):
        """TEVKIFAT: KDV 3,600 and withholding 3,240 stored apart (not the header's 360 as taxes),
        20,000 + 3,600 = 23,600 - 3,240 = 20,360, and nothing is flagged."""
        (line,) = self.import_files([("TEVKIFAT.xml", gib_like("TEVKIFAT"))])
        einvoice = self.einvoice(line)
        self.assertEqual(line["status"], "linked", line["message"])
        self.assertAlmostEqual(einvoice.amount_untaxed, 20000.0, places=2)
        self.assertAlmostEqual(einvoice.amount_kdv, 3600.0, places=2)
        self.assertAlmostEqual(einvoice.amount_tax, 3600.0, places=2)
        self.assertAlmostEqual(einvoice.amount_tax_inclusive, 23600.0, places=2)
        self.assertAlmostEqual(einvoice.amount_withholding, 3240.0, places=2)
        self.assertAlmostEqual(einvoice.amount_total, 20360.0, places=2)
        self.assertAlmostEqual(
            einvoice.amount_untaxed + einvoice.amount_tax - einvoice.amount_withholding, einvoice.amount_total, places=2
        )
        self.assertAlmostEqual(einvoice.move_id.amount_total, 20360.0, places=2)

    def test_special_base_kdv(self):
        """ÖZELMATRAH: KDV 18% on the special base 22.28 (= 4.01), included in the 24.94 payable;
        the draft bill charges 4.01 of KDV and totals 24.94 (before: KDV on 24.94, total 29.43)."""
        (doc,) = ubl_tr.parse_document(gib_like("OZELMATRAH"))
        self.assertTrue(doc.totals_consistent, doc.mismatches)
        (line,) = self.import_files([("OZELMATRAH.xml", gib_like("OZELMATRAH"))])
        einvoice = self.einvoice(line)
        move = einvoice.move_id
        self.assertEqual(move.partner_id, self.tobacco)
        self.assertAlmostEqual(move.amount_tax, 4.01, places=2)
        self.assertAlmostEqual(move.amount_total, 24.94, places=2)
        tax_line = move.line_ids.filtered("tax_line_id")
        self.assertAlmostEqual(abs(tax_line.tax_base_amount), 22.28, places=2)
        self.assertEqual(tax_line.tax_line_id.amount, 18)
        self.assertEqual(line["status"], "linked", line["message"])
        self.assertEqual(einvoice.state, "linked")
