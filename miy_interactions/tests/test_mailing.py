from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, new_test_user, tagged
from odoo.tools import mute_logger
from odoo.tools.safe_eval import safe_eval

from .mailing_common import MiyMailingCommon


@tagged("post_install", "-at_install")
class TestMailing(MiyMailingCommon):
    def test_each_recipient_gets_a_personal_message(self):
        mailing = self._mailing()
        self.assertEqual(mailing.mailing_model_id.model, "res.partner")
        self.assertEqual(mailing.reply_to, "crm-notes@miy-firm.example", "replies go to the interactions alias")
        with self.mock_mail_gateway():
            traces = self._send(mailing)
            self._new_mails.send()
        self.assertEqual(mailing.state, "done")
        self.assertEqual(traces.miy_partner_id, self.members, "one trace per member: the frozen recipient list")
        by_partner = {trace.miy_partner_id: trace for trace in traces}
        self.assertEqual(len(set(traces.mapped("miy_reference"))), 6, "a reference per recipient")

        expected = {
            self.ayse: "Sayın Ayşe Nur Hanım",
            self.mehmet: "Sayın Mehmet Bey",
            self.deniz: "Sayın Deniz Mlgtest",
            self.firm: "Sayın Yetkili",
        }
        sent = {tuple(mail["email_to"]): mail for mail in self._mails}
        self.assertEqual(len(self._mails), 4, "one e-mail per reachable recipient")
        for partner, salutation in expected.items():
            mail = next(m for to, m in sent.items() if partner.email in to[0])
            self.assertEqual(len(mail["email_to"]), 1, "no visible recipient list")
            self.assertFalse(mail.get("email_cc"))
            self.assertFalse(mail.get("email_bcc"), "no BCC blast")
            self.assertIn(salutation, mail["body"])
            self.assertIn(by_partner[partner].miy_reference, mail["body"])
            self.assertIn("Katalogumuz hazır.", mail["body"])
            self.assertEqual(by_partner[partner].trace_status, "sent")
        self.assertEqual(by_partner[self.blocked].trace_status, "cancel")
        self.assertEqual(by_partner[self.blocked].failure_type, "mail_bl", "the blacklist is respected")
        self.assertEqual(by_partner[self.no_email].trace_status, "cancel")
        self.assertEqual(by_partner[self.no_email].failure_type, "mail_email_missing")

    def test_segment_is_read_when_sending_and_traces_stay(self):
        mailing = self._mailing()
        mailing.action_launch()
        late = self.env["res.partner"].create({"name": "Geç Mlgtest", "email": "gec@mlg.example", "ref": "MLG"})
        self.mehmet.ref = False
        with self.mock_mail_gateway():
            self.env["mailing.mailing"].sudo()._process_mass_mailing_queue()
        traces = mailing.mailing_trace_ids
        self.assertIn(late, traces.miy_partner_id, "a member who joined after queueing is reached")
        self.assertNotIn(self.mehmet, traces.miy_partner_id, "a member who left before sending is not")
        # the segment changes afterwards: the traces still say exactly who received the mailing
        self.segment.domain = "[('ref', '=', 'NOBODY')]"
        self.assertEqual(mailing.mailing_trace_ids, traces)
        reference = traces.filtered(lambda t: t.miy_partner_id == late).miy_reference
        Partner = self.env["res.partner"].with_user(self.user_miy)
        self.assertEqual(Partner.search([("miy_mailing_reference", "=", reference)]), late)
        self.assertEqual(late.with_user(self.user_miy).miy_mailing_trace_count, 1)
        found = self.env["mailing.trace"].with_user(self.user_miy).search([("miy_reference", "=", reference)])
        self.assertEqual(found.mass_mailing_id, mailing)
        self.assertEqual(found.miy_partner_id, late)

    def test_footnote_lists_other_recipients_without_addresses(self):
        mailing = self._mailing(miy_footnote_recipients=True)
        with self.mock_mail_gateway():
            self._send(mailing)
        mail = self._new_mails.filtered(lambda m: m.mailing_trace_ids.miy_partner_id == self.mehmet)
        body = mail.body_html
        self.assertIn("Ayşe Nur Mlgtest (Mlg Makina A.Ş.)", body)
        self.assertIn("Deniz Mlgtest", body)
        self.assertNotIn("Also sent to: Mehmet", body)
        self.assertNotIn("Mehmet Mlgtest,", body, "the recipient is not listed in their own footnote")
        for partner in self.members - self.mehmet:
            if partner.email:
                self.assertNotIn(partner.email, body, "no addresses in the footnote")

    def test_salutation_placeholder_for_mailing_authors(self):
        """A mailing author who is not a template editor may place the salutation in the text."""
        self.assertFalse(self.user_marketing.has_group("mail.group_mail_template_editor"))
        mailing = self._mailing(miy_salutation=False, body_html="<p>Merhaba {salutation}, katalog hazır.</p>")
        with self.mock_mail_gateway():
            self._send(mailing)
        mail = self._new_mails.filtered(lambda m: m.mailing_trace_ids.miy_partner_id == self.mehmet)
        self.assertIn("Merhaba Sayın Mehmet Bey, katalog hazır.", mail.body_html)
        self.assertEqual(mail.body_html.count("Sayın Mehmet Bey"), 1, "no automatic salutation when unticked")

    def test_adhoc_domain(self):
        mailing = self._mailing(
            miy_audience="domain",
            miy_segment_id=False,
            mailing_domain="[('ref', '=', 'MLG'), ('is_company', '=', True)]",
        )
        with self.mock_mail_gateway():
            traces = self._send(mailing)
        self.assertEqual(traces.miy_partner_id, self.firm)

    def test_salutation_forms_are_configurable(self):
        self.env.company.write(
            {"miy_salutation_female": "Değerli {first_name} Hanım", "miy_salutation_company": "Sayın {name} Yetkilisi"}
        )
        salutations = (self.ayse | self.firm)._miy_salutations()
        self.assertEqual(salutations[self.ayse.id], "Değerli Ayşe Nur Hanım")
        self.assertEqual(salutations[self.firm.id], "Sayın Mlg Makina A.Ş. Yetkilisi")

    def test_settings(self):
        admin = new_test_user(
            self.env, login="miy_settings_admin", groups="base.group_system,miy_contacts.group_miy_manager"
        )
        settings = (
            self.env["res.config.settings"]
            .with_user(admin)
            .create({"miy_salutation_male": "Sayın {first_name} {last_name} Bey", "miy_sms_provider_id": False})
        )
        settings.execute()
        self.assertEqual(self.env.company.miy_salutation_male, "Sayın {first_name} {last_name} Bey")
        self.assertEqual(self.mehmet._miy_salutations()[self.mehmet.id], "Sayın Mehmet Mlgtest Bey")
        arch = self.env["res.config.settings"].with_user(admin).get_views([(False, "form")])["views"]["form"]["arch"]
        self.assertIn('name="miy_salutation_female"', arch)

    def test_salutation_does_not_expose_gender(self):
        """The salutation is written into the messages only: a user without the personal data right
        reads no salutation (it would tell the gender) and no gender."""
        ayse = self.ayse.with_user(self.user_miy)
        self.assertNotIn("miy_salutation", ayse.fields_get())
        with self.assertRaises(ValueError):
            ayse.read(["miy_salutation"])
        with self.assertRaises(AccessError):
            ayse.read(["miy_gender"])

    def test_sms_mailing_form_values(self):
        mailing = self._mailing(mailing_type="sms", body_plaintext="Merhaba")
        self.assertEqual(mailing._send_sms_get_composer_values([self.ayse.id])["number_field_name"], "mobile")


@tagged("post_install", "-at_install")
class TestMailingBadInput(MiyMailingCommon):
    def test_empty_segment(self):
        self.segment.domain = "[('ref', '=', 'NOBODY')]"
        mailing = self._mailing()
        with self.mock_mail_gateway(), self.assertRaisesRegex(UserError, "no members"):
            mailing.action_launch()
        self.assertEqual(mailing.state, "draft")
        self.assertFalse(mailing.mailing_trace_ids)
        self.assertFalse(self._new_mails)

    @mute_logger("odoo.addons.miy_contacts.models.miy_segment")
    def test_segment_whose_domain_no_longer_works(self):
        mailing = self._mailing()
        # a field of the stored conditions was removed or renamed since the segment was saved
        self.env.cr.execute(
            "UPDATE miy_segment SET domain = %s WHERE id = %s", ["[('x_removed_field', '=', 1)]", self.segment.id]
        )
        self.segment.invalidate_recordset()
        with self.mock_mail_gateway(), self.assertRaisesRegex(UserError, "no longer work"):
            mailing.action_launch()
        self.assertEqual(mailing.state, "draft")
        self.assertEqual(mailing.total, 0)
        self.assertFalse(mailing.mailing_trace_ids)
        self.assertFalse(self._new_mails)

    @mute_logger("odoo.addons.miy_contacts.models.miy_segment")
    def test_segment_broken_after_queueing_goes_back_to_draft(self):
        mailing = self._mailing()
        mailing.action_launch()
        self.env.cr.execute(
            "UPDATE miy_segment SET domain = %s WHERE id = %s", ["[('x_removed_field', '=', 1)]", self.segment.id]
        )
        self.segment.invalidate_recordset()
        other = self.env["mailing.mailing"].create(
            {
                "subject": "Odoo mailing",
                "mailing_model_id": self.env["ir.model"]._get_id("res.partner"),
                "mailing_domain": repr([("id", "=", self.mehmet.id)]),
                "body_html": "<p>x</p>",
            }
        )
        other.action_launch()
        with self.mock_mail_gateway():
            self.env["mailing.mailing"].sudo()._process_mass_mailing_queue()
        self.assertEqual(mailing.state, "draft")
        self.assertFalse(mailing.mailing_trace_ids, "nothing half-sent")
        self.assertIn("no longer work", mailing.message_ids[0].body)
        self.assertEqual(other.state, "done", "other mailings are not held up")

    def test_invalid_adhoc_domain(self):
        mailing = self._mailing(miy_audience="domain", miy_segment_id=False, mailing_domain="[('ref', '=',")
        with self.assertRaisesRegex(UserError, "no longer works"):
            mailing.action_launch()
        mailing.mailing_domain = "[('x_no_such_field', '=', 1)]"
        with self.assertRaisesRegex(UserError, "no longer works"):
            mailing.action_launch()
        self.assertEqual(mailing.state, "draft")

    def test_segment_required(self):
        with self.assertRaisesRegex(UserError, "Choose the segment"):
            self._mailing(miy_segment_id=False)


@tagged("post_install", "-at_install")
class TestMailingAccess(MiyMailingCommon):
    def test_miy_user_reads_the_log_but_does_not_send(self):
        mailing = self._mailing()
        with self.mock_mail_gateway():
            self._send(mailing)
        with self.assertRaises(AccessError):
            self._mailing(user=self.user_miy)
        with self.assertRaises(AccessError):
            mailing.with_user(self.user_miy).write({"subject": "changed"})
        ayse = self.ayse.with_user(self.user_miy)
        self.assertEqual(ayse.miy_mailing_trace_count, 1)
        self.assertEqual(ayse.miy_mailing_trace_ids.mass_mailing_id.subject, "Yeni katalog")
        action = ayse.action_miy_open_mailing_traces()
        self.assertEqual(
            self.env["mailing.trace"].with_user(self.user_miy).search(action["domain"]).miy_partner_id, self.ayse
        )

    def test_plain_user_sees_no_mailing_log(self):
        with self.assertRaises(AccessError):
            self.env["mailing.trace"].with_user(self.user_plain).search([], limit=1)
        with self.assertRaises(AccessError):
            self.env["res.partner"].with_user(self.user_plain).search(
                [("miy_mailing_reference", "=", "M00001-0000001")]
            )

    def test_sms_providers_are_for_managers(self):
        with self.assertRaises(AccessError):
            self.env["miy.sms.provider"].with_user(self.user_miy).search([], limit=1)
        provider = (
            self.env["miy.sms.provider"].with_user(self.user_manager).create({"name": "Fake", "provider_type": "fake"})
        )
        self.assertEqual(provider.provider_type, "fake")

    def test_marketing_user_sends(self):
        mailing = self._mailing(user=self.user_marketing)
        mailing.with_user(self.user_marketing).write({"miy_footnote_recipients": True})
        with self.mock_mail_gateway():
            mailing.with_user(self.user_marketing).action_launch()
        self.assertEqual(mailing.state, "in_queue")


@tagged("post_install", "-at_install")
class TestMailingForm(MiyMailingCommon):
    def test_create_from_the_form(self):
        action = self.env["ir.actions.actions"]._for_xml_id("miy_interactions.mailing_mailing_action_miy")
        context = safe_eval(action["context"]) if isinstance(action["context"], str) else action["context"]
        Mailing = self.env["mailing.mailing"].with_user(self.user_marketing).with_context(**context)
        with Form(Mailing, view="miy_interactions.mailing_mailing_view_form_miy") as form:
            form.subject = "Form mailing"
            form.miy_segment_id = self.segment
            form.body_html = "<p>Merhaba</p>"
        mailing = form.record
        self.assertEqual(mailing.total, 6, "recipients now, read from the segment")
        self.assertEqual(mailing.mailing_model_id.model, "res.partner")
        self.assertEqual(mailing.miy_audience, "segment")
        self.assertEqual(mailing.reply_to, "crm-notes@miy-firm.example")
        with self.mock_mail_gateway():
            traces = self._send(mailing)
        self.assertEqual(traces.miy_partner_id, self.members)
