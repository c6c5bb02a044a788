from unittest.mock import patch

from odoo.tests import tagged

from .common import EInvoiceCommon, make_invoice

GBP_RATE = (
    "<cac:PricingExchangeRate><cbc:SourceCurrencyCode>GBP</cbc:SourceCurrencyCode>"
    "<cbc:TargetCurrencyCode>TRY</cbc:TargetCurrencyCode><cbc:CalculationRate>55</cbc:CalculationRate>"
    "</cac:PricingExchangeRate>"
)


@tagged("post_install", "-at_install")
class TestForeignCurrency(EInvoiceCommon):
    """A GBP bill at the document's rate of 55 TRY, in a database with no GBP rate at all (before
    the fix it was booked 1:1: 360 GBP became 360 TRY, "linked", no warning)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.gbp = cls.env.ref("base.GBP")
        cls.env["res.currency.rate"].search([("currency_id", "=", cls.gbp.id)]).unlink()
        cls.gbp.active = False
        cls.supplier = (
            cls.env["res.partner"]
            .with_context(no_vat_validation=True)
            .create({"name": "London Supplies Ltd", "is_company": True, "vat": "7620006073"})
        )

    def _gbp(self, number="GBP2024000000001", ettn="5E1F1C2A-0000-4000-8000-0000000000B1", extra=GBP_RATE):
        return make_invoice(
            number=number, ettn=ettn, supplier="7620006073", customer="1288331521", currency="GBP", extra=extra
        )

    def _assert_booked_at_55(self, einvoice):
        move = einvoice.move_id
        self.assertEqual(move.currency_id, self.gbp)
        self.assertAlmostEqual(move.amount_total, 360.0, places=2)  # 2 lines: 300 + 20% KDV
        self.assertAlmostEqual(move.amount_total_signed, -19800.0, places=2)  # 360 x 55, in TRY
        self.assertAlmostEqual(sum(move.line_ids.mapped("debit")), 19800.0, places=2)
        self.assertAlmostEqual(move.invoice_currency_rate, 1 / 55, places=9)
        self.assertEqual(einvoice.state, "linked", einvoice.warnings)

    def test_batched_path_books_the_document_rate(self):
        (line,) = self.import_files([("gbp.xml", self._gbp())])
        einvoice = self.einvoice(line)
        self.assertEqual(line["status"], "linked", line["message"])
        self._assert_booked_at_55(einvoice)

    def test_ordinary_path_books_the_document_rate(self):
        Einvoice = type(self.env["miy.einvoice"])
        with patch.object(Einvoice, "_prepare_move_batched", lambda self, values, cache: None):
            (line,) = self.import_files([("gbp.xml", self._gbp())])
        einvoice = self.einvoice(line)
        self._assert_booked_at_55(einvoice)
        # an edited draft keeps the document's rate
        move = einvoice.move_id
        move.invoice_line_ids[0].price_unit = 150
        self.assertAlmostEqual(move.amount_total_signed, -(360.0 + 50 * 1.2) * 55, places=2)

    def test_no_rate_anywhere_is_flagged(self):
        (line,) = self.import_files([("gbp.xml", self._gbp(extra=""))])
        einvoice = self.einvoice(line)
        self.assertEqual(line["status"], "mismatch")
        self.assertEqual(einvoice.state, "amount_mismatch")
        self.assertIn("no exchange rate", einvoice.warnings)
        self.assertIn("no exchange rate", line["message"])

    def test_company_total_differs_from_document_rate_is_flagged(self):
        Einvoice = type(self.env["miy.einvoice"])
        original = Einvoice._prepare_move

        def wrong_rate(self, doc, tax_cache):
            values = original(self, doc, tax_cache)
            values["miy_currency_rate"] = 50  # a move not at the document's rate
            return values

        with patch.object(Einvoice, "_prepare_move", wrong_rate):
            (line,) = self.import_files([("gbp.xml", self._gbp())])
        einvoice = self.einvoice(line)
        self.assertEqual(einvoice.state, "amount_mismatch")
        self.assertIn("company currency", einvoice.warnings)
