from odoo.tests import tagged

from .common import EInvoiceCommon, import_with_wizard, make_invoice


@tagged("post_install", "-at_install")
class TestReportStatus(EInvoiceCommon):
    """The import report is green only for a document with nothing left to check."""

    def _statuses(self, *files):
        report = self.import_files(list(files))
        return [(line["status"], self.einvoice(line).state, line["message"]) for line in report]

    def test_clean_document_is_green(self):
        ours_to_bbb = make_invoice(supplier="1288331521", customer="9205121120")
        self.assertEqual(self._statuses(("a.xml", ours_to_bbb)), [("linked", "linked", "")])

    def test_amount_mismatch_without_partner_is_not_imported(self):
        """Lines of 360.00 but a payable amount of 370.00 from an unknown supplier: the report says
        "mismatch" (it used to say "imported", in green, because the partner was missing)."""
        data = make_invoice(supplier="4444444444", customer="1288331521").replace(
            b'<cbc:PayableAmount currencyID="TRY">360.00', b'<cbc:PayableAmount currencyID="TRY">370.00'
        )
        (line,) = self.import_files([("fark.xml", data)])
        self.assertEqual(line["status"], "mismatch")
        self.assertIn("370", line["message"])
        einvoice = self.einvoice(line)
        self.assertEqual(einvoice.state, "needs_partner")
        # once the partner is created the document keeps its mismatch
        einvoice.with_user(self.accountant).action_create_partner()
        self.assertEqual(einvoice.state, "amount_mismatch")

    def test_unknown_partner_is_its_own_status(self):
        data = make_invoice(supplier="4444444444", customer="1288331521")
        self.assertEqual(self._statuses(("yeni.xml", data)), [("needs_partner", "needs_partner", "")])

    def test_warning_is_not_green(self):
        """A bill addressed to another company's VKN: imported and linked, with a warning."""
        data = make_invoice(supplier="9205121120", customer="5555555555")
        (line,) = self.import_files([("baska.xml", data)])
        self.assertEqual(line["status"], "warning")
        self.assertTrue(line["message"])

    def test_wizard_colours_follow_the_status(self):
        unknown = make_invoice(supplier="4444444444", customer="1288331521")
        wizard = import_with_wizard(self.env, self.accountant, self.company, [("b.xml", unknown)])
        self.assertEqual(wizard.line_ids.mapped("status"), ["needs_partner"])
        arch = self.env.ref("miy_e_invoice_bridge.miy_einvoice_import_wizard_view_form").arch
        orange = arch.split("decoration-warning=")[1].split("decoration-success")[0]
        green = arch.split("decoration-success=")[1].split(">")[0]
        for status in ("needs_partner", "warning", "mismatch"):
            self.assertIn(f"'{status}'", orange)
            self.assertNotIn(f"'{status}'", green)
