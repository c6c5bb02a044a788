from email.message import EmailMessage
from unittest.mock import patch

from odoo.exceptions import ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import EInvoiceCommon, make_invoice, make_zip, read_data

MAIL_LOGGERS = ("odoo.addons.miy_e_invoice_bridge.models.miy_einvoice_mail", "odoo.addons.mail.models.mail_thread")


class MailCase(EInvoiceCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.sender = cls.env["res.partner"].create(
            {"name": "Entegratör Gönderim", "email": "gonderim@entegrator.example"}
        )
        AliasDomain = cls.env["mail.alias.domain"]
        if not AliasDomain.search_count([]):
            # the first alias domain goes to every company and alias (the main company's e-fatura)
            AliasDomain.create({"name": "miy-ana.example"})
        cls.company.alias_domain_id = AliasDomain.create({"name": "miy-makina.example"})
        cls.company._miy_einvoice_set_alias("e-fatura")
        cls.company.miy_einvoice_mail_senders = "gonderim@entegrator.example"
        # a real customer whose address is known (any known partner could send on main)
        cls.customer_bbb.email = "muhasebe@bbb.example"

    def _email(self, attachments, subject="Mart faturaları", sender=None, to="e-fatura@miy-makina.example"):
        message = EmailMessage()
        message["From"] = sender or "Entegratör Gönderim <gonderim@entegrator.example>"
        message["To"] = to
        message["Subject"] = subject
        message["Message-Id"] = f"<{subject.encode().hex()}.{to.encode().hex()}@entegrator.example>"
        message.set_content("Ekte faturalar.")
        for name, data, subtype in attachments:
            message.add_attachment(data, maintype="application", subtype=subtype, filename=name)
        return message.as_bytes()

    def _process(self, raw, model=None):
        """The mail gateway (superuser, main company) routes the e-mail by its alias."""
        thread_id = self.env["mail.thread"].message_process(model, raw)
        return self.env["miy.einvoice.mail"].browse(thread_id)

    def _einvoices(self, company=None):
        return self.env["miy.einvoice"].search([("company_id", "=", (company or self.company).id)])

    def _reply(self, record):
        """The message sent to the sender (not the internal note of the accountants)."""
        return record.message_ids.filtered(lambda m: m.partner_ids == self.sender)


@tagged("post_install", "-at_install")
class TestMailImport(MailCase):
    def test_alias_points_to_the_mail_import(self):
        alias = self.env.ref("miy_e_invoice_bridge.mail_alias_miy_einvoice")
        self.assertEqual(alias.alias_model_id.model, "miy.einvoice.mail")
        self.assertEqual(alias.alias_contact, "partners")
        main = self.env.ref("base.main_company")
        self.assertEqual(main.miy_einvoice_alias_id, alias)
        self.assertEqual(alias.alias_defaults, repr({"company_id": main.id}))
        own = self.company.miy_einvoice_alias_id
        self.assertEqual((own.alias_name, own.alias_defaults), ("e-fatura", repr({"company_id": self.company.id})))

    def test_alias_and_senders_in_settings(self):
        other = self.env["res.company"].create({"name": "MİY Ayar A.Ş."})
        other.alias_domain_id = self.env["mail.alias.domain"].create({"name": "miy-ayar.example"})
        settings = (
            self.env["res.config.settings"]
            .with_company(other)
            .create({"miy_einvoice_alias_name": "faturalar", "miy_einvoice_mail_senders": "entegrator.example"})
        )
        settings.execute()
        alias = other.miy_einvoice_alias_id
        self.assertEqual(alias.alias_full_name, "faturalar@miy-ayar.example")
        self.assertEqual(alias.alias_defaults, repr({"company_id": other.id}))
        self.assertEqual(other.miy_einvoice_mail_senders, "entegrator.example")
        self.assertEqual(
            self.env["res.config.settings"].with_company(other).create({}).miy_einvoice_alias_name, "faturalar"
        )
        with self.assertRaises(ValidationError):
            other.miy_einvoice_mail_senders = "entegrator.example, bu bir adres değil"

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
        note = record.message_ids.filtered(lambda m: "import report" in (m.body or ""))
        self.assertEqual(len(note), 1)
        self.assertTrue(note.subtype_id.internal, "the full report is for the accountants")
        self.assertIn("paket.zip/b.xml", note.body)
        reply = self._reply(record)
        self.assertEqual(len(reply), 1)
        self.assertIn("3 XML or ZIP file(s)", reply.body)
        self.assertIn("2 document(s)", reply.body)
        self.assertIn("bozuk.xml: Malformed XML", reply.body)

    def test_text_xml_part_in_turkish_charset(self):
        text = make_invoice(number="ISO1", ettn="5E1F1C2A-0000-4000-8000-0000000000F3").decode()
        text = text.replace('encoding="UTF-8"', 'encoding="ISO-8859-9"')
        message = EmailMessage()
        message["From"] = "gonderim@entegrator.example"
        message["To"] = "e-fatura@miy-makina.example"
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
        self.assertFalse(self._einvoices())


@tagged("post_install", "-at_install")
class TestMailImportHostile(MailCase):
    """Forged e-mails: the From header is whatever the sender writes."""

    def _process_refused(self, raw):
        """Process an e-mail that must be refused: returns the addresses bounced to."""
        MailThread = type(self.env["mail.thread"])
        with (
            patch.object(MailThread, "_routing_create_bounce_email", autospec=True) as bounce,
            self.assertLogs("odoo.addons.miy_e_invoice_bridge.models.miy_einvoice_mail", "WARNING") as logs,
            mute_logger("odoo.addons.mail.models.mail_thread"),
        ):
            self._process(raw)
        self.assertIn("not an allowed sender", "\n".join(logs.output))
        return [call.args[1] for call in bounce.call_args_list]

    def test_known_partner_not_allowed(self):
        """A known partner (or anyone forging its address) is not the integrator: refused and
        bounced, nothing imported, no tax created."""
        taxes = self.env["account.tax"].with_context(active_test=False).search_count([])
        raw = self._email([("fatura.xml", make_invoice(rate=7), "xml")], sender="BBB <muhasebe@bbb.example>")
        bounced = self._process_refused(raw)
        self.assertFalse(self.env["miy.einvoice.mail"].search([("email_from", "ilike", "bbb.example")]))
        self.assertFalse(self._einvoices())
        self.assertEqual(self.env["account.tax"].with_context(active_test=False).search_count([]), taxes)
        self.assertEqual(bounced, ['"BBB" <muhasebe@bbb.example>'])

    def test_no_allowed_sender_refuses_everything(self):
        self.company.miy_einvoice_mail_senders = False
        bounced = self._process_refused(self._email([("fatura.xml", make_invoice(), "xml")]))
        self.assertFalse(self.env["miy.einvoice.mail"].search([("company_id", "=", self.company.id)]))
        self.assertFalse(self._einvoices())
        self.assertEqual(len(bounced), 1)
        self.assertIn("gonderim@entegrator.example", bounced[0])

    def test_allowed_domain(self):
        self.company.miy_einvoice_mail_senders = "entegrator.example"
        self.env["res.partner"].create({"name": "Başka Gönderici", "email": "baska@entegrator.example"})
        self.env["res.partner"].create({"name": "Sahte", "email": "x@entegrator.example.kotu.example"})
        record = self._process(self._email([("fatura.xml", make_invoice(), "xml")], sender="baska@entegrator.example"))
        self.assertEqual(record.state, "done")
        raw = self._email(
            [("b.xml", make_invoice(number="K2", ettn="5E1F1C2A-0000-4000-8000-0000000000A8"), "xml")],
            subject="Sahte",
            sender="x@entegrator.example.kotu.example",
        )
        self.assertTrue(self._process_refused(raw))
        self.assertEqual(self._einvoices().mapped("number"), ["MIY2024000000001"])

    def test_alias_imports_into_its_own_company(self):
        """Each company's alias imports into that company, whoever processes the e-mail."""
        other = (
            self.env["res.company"]
            .with_context(no_vat_validation=True)
            .create({"name": "MİY Döküm A.Ş.", "vat": "TR9205121120", "country_id": self.env.ref("base.tr").id})
        )
        self.env["account.chart.template"].try_loading("tr", company=other, install_demo=False)
        other.alias_domain_id = self.env["mail.alias.domain"].create({"name": "miy-dokum.example"})
        other._miy_einvoice_set_alias("e-fatura")
        other.miy_einvoice_mail_senders = "entegrator.example"
        invoice = make_invoice(number="DKM1", ettn="5E1F1C2A-0000-4000-8000-0000000000A7")
        record = self._process(self._email([("d.xml", invoice, "xml")], to="e-fatura@miy-dokum.example"))
        self.assertEqual(record.company_id, other)
        self.assertEqual(record.einvoice_ids.company_id, other)
        self.assertEqual(record.einvoice_ids.direction, "in", "read with the VKN of the alias's company")
        self.assertFalse(self._einvoices())

    def test_without_alias_nothing_is_imported(self):
        """An e-mail reaching the model without a company's alias (an incoming mail server set to
        create these records) is kept, refused, and imports nothing."""
        raw = self._email([("fatura.xml", make_invoice(), "xml")], to="baska@miy-makina.example")
        with mute_logger(*MAIL_LOGGERS):
            record = self._process(raw, model="miy.einvoice.mail")
        self.assertEqual(record.state, "refused")
        self.assertFalse(record.einvoice_ids)
        self.assertFalse(self.env["miy.einvoice"].search([]).filtered(lambda r: r.number == "MIY2024000000001"))

    def test_reply_tells_nothing_about_other_documents(self):
        """The reply does not confirm which numbers exist: no duplicates, no responses applied, no
        numbers; the accountants' note has the full report."""
        (line,) = self.import_samples("TICARIFATURA_SATIS_gib-ubltr121-TicariFaturaOrnegi.xml")
        raw = self._email(
            [
                ("kopya.xml", read_data("TICARIFATURA_SATIS_gib-ubltr121-TicariFaturaOrnegi.xml"), "xml"),
                ("kabul.xml", read_data("APPRESPONSE_KABUL_gib-ubltr121-KabulUygulamaYanitiOrnegi.xml"), "xml"),
                ("bilinmeyen.xml", read_data("APPRESPONSE_KABUL_gib-efaturapaketi-2_UYGULAMA_YANITI_KABUL.xml"), "xml"),
            ]
        )
        record = self._process(raw)
        reply = self._reply(record)
        self.assertEqual(len(reply), 1)
        for leak in ("GIB2009000000011", "2D07CAB5", "Already imported", "Duplicate", "KABUL", "not imported"):
            self.assertNotIn(leak, reply.body)
        self.assertIn("3 XML or ZIP file(s)", reply.body)
        self.assertIn("Already imported as GIB2009000000011", record.report)
        self.assertEqual(self.einvoice(line).gib_status, "accepted")


@tagged("post_install", "-at_install")
class TestMailImportLanguage(MailCase):
    def test_report_in_the_gateway_users_language(self):
        """The gateway gives no language: the report is in its user's language, whole."""
        self.env["res.lang"]._activate_lang("tr_TR")
        self.env.user.lang = "tr_TR"
        raw = self._email([("bozuk.xml", b"<Invoice><a></Invoice>", "xml")], subject="Bozuk fatura")
        with mute_logger(*MAIL_LOGGERS):
            record = self._process(raw)
        self.assertIn("bozuk.xml: Reddedildi - Bozuk XML", record.report)
        self.assertNotIn("Rejected", record.report)
