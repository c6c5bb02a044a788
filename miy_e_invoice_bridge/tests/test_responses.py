from odoo.tests import tagged

from .common import EInvoiceCommon


@tagged("post_install", "-at_install")
class TestResponses(EInvoiceCommon):
    def test_accept_by_number(self):
        (line,) = self.import_samples("TICARIFATURA_SATIS_gib-ubltr121-TicariFaturaOrnegi.xml")
        einvoice = self.einvoice(line)
        self.assertEqual(einvoice.gib_status, "pending")
        (resp,) = self.import_samples("APPRESPONSE_KABUL_gib-ubltr121-KabulUygulamaYanitiOrnegi.xml")
        self.assertEqual((resp["status"], resp["einvoice_id"]), ("response", einvoice.id))
        self.assertEqual(einvoice.gib_status, "accepted")
        self.assertEqual(einvoice.move_id.miy_gib_status, "accepted")
        self.assertEqual(einvoice.gib_response_date.isoformat(), "2009-01-06")

    def test_reject_by_number_in_same_bundle(self):
        report = self.import_samples(
            "TICARIFATURA_SATIS_gib-ubltr121-TicariFaturaOrnegi.xml",
            "APPRESPONSE_RED_gib-ubltr121-RedUygulamaYanitiOrnegi.xml",
        )
        self.assertEqual([line["status"] for line in report], ["mismatch", "response"])
        self.assertEqual(self.einvoice(report[0]).gib_status, "rejected")

    def test_accept_by_ettn(self):
        (line,) = self.import_samples("TICARIFATURA_SATIS_gib-efaturapaketi-2_TICARI_FATURA-signed.xml")
        (resp,) = self.import_samples("APPRESPONSE_KABUL_gib-efaturapaketi-2_UYGULAMA_YANITI_KABUL.xml")
        self.assertEqual(resp["einvoice_id"], line["einvoice_id"])
        self.assertEqual(self.einvoice(line).gib_status, "accepted")

    def test_response_without_invoice(self):
        (resp,) = self.import_samples("APPRESPONSE_RED_gib-ubltr121-RedUygulamaYanitiOrnegi.xml")
        self.assertEqual(resp["status"], "rejected")
        self.assertIn("GIB2009000000011", resp["message"])

    def test_silent_ticarifatura_accepted_after_8_days(self):
        (line,) = self.import_samples("TICARIFATURA_SATIS_gib-efaturapaketi-2_TICARI_FATURA-signed.xml")
        self.env["miy.einvoice"]._cron_accept_silent_responses()
        self.assertEqual(self.einvoice(line).gib_status, "accepted")
