from odoo.tests import tagged

from ..lib import zip_bundle
from .common import EInvoiceCommon, import_with_wizard, make_invoice


@tagged("post_install", "-at_install")
class TestTurkishTexts(EInvoiceCommon):
    """A Turkish accountant's import report is Turkish: the summary's statuses, the parties named
    in warnings, and no parser's English (lxml's, zipfile's) in the refusals."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("tr_TR")

    def _import(self, files):
        return import_with_wizard(self.env, self.accountant, self.company, files, lang="tr_TR")

    def test_import_report_in_turkish(self):
        good = make_invoice(
            number="TRK2026000000001",
            ettn="5E1F1C2A-0000-4000-8000-0000000020A1",
            supplier="5555555555",
            customer="1288331521",
        )
        wizard = self._import(
            [
                ("iyi.xml", good),
                ("kopya.xml", good),
                ("bozuk.xml", b"<Invoice><a></Invoice>"),
                ("bozuk.zip", b"PK\x03\x04.."),
            ]
        )
        summary = wizard.summary
        self.assertIn("Mükerrer: 1", summary)
        self.assertIn("Reddedildi: 2", summary)
        for english in ("Duplicate", "Rejected", "Imported", "Linked"):
            self.assertNotIn(english, summary)
        messages = {line.filename: line.message or "" for line in wizard.line_ids}
        einvoice = wizard.line_ids.filtered(lambda line: line.filename == "iyi.xml").einvoice_id
        # the supplier's VKN fails its checksum: the warning names the party in Turkish (the
        # company's own VKN, GİB's sample number, is never warned about)
        self.assertIn("tedarikçi: VKN 5555555555", einvoice.warnings)
        self.assertNotIn("1288331521", einvoice.warnings)
        self.assertNotIn("supplier:", einvoice.warnings)
        self.assertIn("satır 1", messages["bozuk.xml"])
        self.assertNotIn("Opening and ending tag mismatch", messages["bozuk.xml"])
        self.assertNotIn("zip", messages["bozuk.zip"].replace("ZIP", ""))

    def test_zip_limit_named_in_turkish(self):
        refused = zip_bundle.ZipRefused("zip_bomb", "members")
        detail = self.env["miy.einvoice"].with_context(lang="tr_TR")._error_detail(refused)
        self.assertEqual(detail, "çok fazla dosya")

    def test_silent_acceptance_note_in_the_cron_users_language(self):
        self.env.user.lang = "tr_TR"
        einvoice = self.env["miy.einvoice"].browse(
            self.import_files([("ticari.xml", make_invoice(number="TRK2026000000009"))])[0]["einvoice_id"]
        )
        einvoice.sudo().write({"gib_status": "pending", "issue_date": "2024-01-15"})
        self.env(context={})["miy.einvoice"].with_company(self.company)._cron_accept_silent_responses()
        self.assertEqual(einvoice.gib_status, "accepted")
        self.assertNotIn("No response", einvoice.gib_response_note)
