from email.message import EmailMessage

from odoo.tests import tagged

from .common import EInvoiceCommon, make_invoice, make_zip


@tagged("post_install", "-at_install")
class TestMailImport(EInvoiceCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.sender = cls.env["res.partner"].create(
            {"name": "Entegratör Gönderim", "email": "gonderim@entegrator.example"}
        )

    def _email(self, attachments, subject="Mart faturaları"):
        message = EmailMessage()
        message["From"] = "Entegratör Gönderim <gonderim@entegrator.example>"
        message["To"] = "e-fatura@miy.example"
        message["Subject"] = subject
        message["Message-Id"] = f"<{subject.encode().hex()}@entegrator.example>"
        message.set_content("Ekte faturalar.")
        for name, data, subtype in attachments:
            message.add_attachment(data, maintype="application", subtype=subtype, filename=name)
        return message.as_bytes()

    def _process(self, raw):
        thread_id = (
            self.env["mail.thread"]
            .with_company(self.company)
            .with_context(allowed_company_ids=self.company.ids)
            .message_process("miy.einvoice.mail", raw)
        )
        return self.env["miy.einvoice.mail"].browse(thread_id)

    def test_alias_points_to_the_mail_import(self):
        alias = self.env.ref("miy_e_invoice_bridge.mail_alias_miy_einvoice")
        self.assertEqual(alias.alias_model_id.model, "miy.einvoice.mail")
        self.assertEqual(alias.alias_contact, "partners")

    def test_email_attachments_imported_and_report_replied(self):
        raw = self._email(
            [
                ("fatura.xml", make_invoice(), "xml"),
                (
                    "paket.zip",
                    make_zip([("b.xml", make_invoice(number="M2", ettn="5E1F1C2A-0000-4000-8000-0000000000F2"))]),
                    "zip",
                ),
                ("bozuk.xml", b"<Invoice><cbc:ID>", "xml"),
                ("logo.png", b"\x89PNG\r\n", "png"),
            ]
        )
        record = self._process(raw)
        self.assertEqual(record.name, "Mart faturaları")
        self.assertEqual(record.company_id, self.company)
        self.assertEqual(record.file_count, 3)
        self.assertEqual(record.state, "partial")
        self.assertEqual(sorted(record.einvoice_ids.mapped("number")), ["M2", "MIY2024000000001"])
        self.assertTrue(all(record.einvoice_ids.mapped("move_id")))
        self.assertIn("bozuk.xml: Rejected - Malformed XML", record.report)
        reply = record.message_ids.filtered(lambda m: "import report" in (m.body or ""))
        self.assertEqual(len(reply), 1)
        self.assertEqual(reply.partner_ids, self.sender)
        self.assertIn("paket.zip/b.xml", reply.body)

    def test_text_xml_part_in_turkish_charset(self):
        text = make_invoice(number="ISO1", ettn="5E1F1C2A-0000-4000-8000-0000000000F3").decode()
        text = text.replace('encoding="UTF-8"', 'encoding="ISO-8859-9"')
        message = EmailMessage()
        message["From"] = "gonderim@entegrator.example"
        message["Subject"] = "ISO"
        message["Message-Id"] = "<iso-8859-9@entegrator.example>"
        message.set_content("Ekte.")
        message.add_attachment(text, subtype="xml", filename="iso.xml", charset="iso-8859-9")
        record = self._process(message.as_bytes())
        self.assertEqual(record.state, "done", record.report)
        self.assertEqual(record.einvoice_ids.counterparty_name, "Müşteri 9205121120")
        self.assertEqual(record.einvoice_ids.move_id.invoice_line_ids[:1].name, "Ürün 1")

    def test_email_without_invoice(self):
        record = self._process(self._email([], subject="Merhaba"))
        self.assertEqual((record.state, record.file_count), ("failed", 0))
        self.assertIn("No XML or ZIP attachment", record.report)
        self.assertFalse(self.env["miy.einvoice"].search([("company_id", "=", self.company.id)]))
