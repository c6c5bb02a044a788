from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import EInvoiceCommon, read_data

KABUL = "APPRESPONSE_KABUL_gib-ubltr121-KabulUygulamaYanitiOrnegi.xml"
RED = "APPRESPONSE_RED_gib-ubltr121-RedUygulamaYanitiOrnegi.xml"
INVOICE = "TICARIFATURA_SATIS_gib-ubltr121-TicariFaturaOrnegi.xml"
IMPORT_LOGGER = "odoo.addons.miy_e_invoice_bridge.models.miy_einvoice_import"


def forge(sample, sender=None, receiver=None):
    """The response sample with another sender and/or receiver VKN."""
    data = read_data(sample)
    if sender:
        data = data.replace(b'schemeID="VKN">9205121120<', f'schemeID="VKN">{sender}<'.encode(), 1)
    if receiver:
        data = data.replace(b'schemeID="VKN">1288331521<', f'schemeID="VKN">{receiver}<'.encode(), 1)
    return data


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
        # the sample's parties are both 9999999999: our company is the supplier here
        self.company.with_context(no_vat_validation=True).vat = "TR9999999999"
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


@tagged("post_install", "-at_install")
class TestResponsesHostile(EInvoiceCommon):
    """Responses from whoever can put a file in front of the importer (upload, e-mail, folder)."""

    def import_response(self, data):
        with mute_logger(IMPORT_LOGGER):
            (line,) = self.import_files([("yanit.xml", data)])
        return line

    def test_response_from_an_unrelated_sender_is_not_applied(self):
        """A third party (VKN 7620006073) rejects our invoice to BBB (9205121120): not applied."""
        (invoice,) = self.import_samples(INVOICE)
        einvoice = self.einvoice(invoice)
        line = self.import_response(forge(RED, sender="7620006073"))
        self.assertEqual(line["status"], "rejected")
        self.assertIn("not the invoice's counterparty", line["message"])
        self.assertEqual(einvoice.gib_status, "pending")
        self.assertEqual(einvoice.move_id.miy_gib_status, "pending")

    def test_response_not_addressed_to_the_company_is_not_applied(self):
        (invoice,) = self.import_samples(INVOICE)
        line = self.import_response(forge(RED, receiver="7620006073"))
        self.assertEqual(line["status"], "rejected")
        self.assertEqual(self.einvoice(invoice).gib_status, "pending")

    def incoming(self, supplier, ettn):
        """The sample invoice turned round: ``supplier`` sends it to us."""
        data = read_data(INVOICE).replace(b"1288331521", b"1111111111").replace(b"9205121120", b"1288331521")
        data = data.replace(b"1111111111", supplier.encode())
        data = data.replace(b"F47AC10B-58CC-4372-A567-0E02B2C3D479", ettn.encode())
        (line,) = self.import_files([(f"{supplier}.xml", data)])
        einvoice = self.einvoice(line)
        self.assertEqual((einvoice.direction, einvoice.counterparty_vkn), ("in", supplier))
        return einvoice

    def test_number_shared_by_two_counterparties(self):
        """Two suppliers' invoices bear the same number: a response citing the number changes
        only the invoice of its sender, and one from a third party changes nothing."""
        bbb = self.incoming("9205121120", "F47AC10B-58CC-4372-A567-0E02B2C3D001")
        other = self.incoming("7620006073", "F47AC10B-58CC-4372-A567-0E02B2C3D002")
        self.assertEqual(bbb.number, other.number)
        line = self.import_response(forge(KABUL, sender="3333333888"))
        self.assertEqual(line["status"], "rejected")
        self.assertEqual((bbb.gib_status, other.gib_status), ("pending", "pending"))
        line = self.import_response(read_data(KABUL))
        self.assertEqual((line["status"], line["einvoice_id"]), ("response", bbb.id))
        self.assertEqual((bbb.gib_status, other.gib_status), ("accepted", "pending"))
        line = self.import_response(forge(RED, sender="7620006073"))
        self.assertEqual((line["status"], line["einvoice_id"]), ("response", other.id))
        self.assertEqual((bbb.gib_status, other.gib_status), ("accepted", "rejected"))
