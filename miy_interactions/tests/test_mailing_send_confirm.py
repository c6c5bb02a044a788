from odoo.tests import Form, tagged
from odoo.tools.safe_eval import safe_eval

from .mailing_common import MiyMailingCommon


@tagged("post_install", "-at_install")
class TestMailingRecipientsAndConfirmation(MiyMailingCommon):
    """ "Recipients" used to stay 0 until the mailing was saved, and Send Now did not say how many
    people would receive it."""

    def _form(self):
        action = self.env["ir.actions.actions"]._for_xml_id("miy_interactions.mailing_mailing_action_miy")
        context = safe_eval(action["context"]) if isinstance(action["context"], str) else action["context"]
        Mailing = self.env["mailing.mailing"].with_user(self.user_marketing).with_context(**context)
        return Form(Mailing, view="miy_interactions.mailing_mailing_view_form_miy")

    def test_recipients_counted_live_before_saving(self):
        form = self._form()
        form.subject = "Canlı sayım"
        form.miy_segment_id = self.segment
        self.assertEqual(form.miy_recipient_count, 6, "counted before the mailing is saved")
        form.miy_audience = "domain"
        form.mailing_domain = "[('ref', '=', 'MLG'), ('is_company', '=', False)]"
        self.assertEqual(form.miy_recipient_count, 5, "recounted as the audience changes")
        form.body_html = "<p>Merhaba</p>"
        mailing = form.save()
        self.assertEqual(mailing.miy_recipient_count, 5)

    def test_send_confirmation_says_how_many_people(self):
        mailing = self._mailing()
        action = mailing.with_user(self.user_marketing).action_miy_confirm_send()
        wizard = self.env[action["res_model"]].with_user(self.user_marketing).browse(action["res_id"])
        expected = len(mailing._get_remaining_recipients())
        self.assertEqual(wizard.recipient_count, expected)
        self.assertIn(str(expected), wizard.message)
        self.assertEqual(mailing.state, "draft", "nothing is sent before the confirmation")
        wizard.action_send()
        self.assertNotEqual(mailing.state, "draft")

    def test_send_now_no_longer_sends_without_confirmation(self):
        arch = self.env["mailing.mailing"].get_view(
            self.env.ref("miy_interactions.mailing_mailing_view_form_miy").id, "form"
        )["arch"]
        self.assertIn('name="action_miy_confirm_send"', arch)
        self.assertNotIn('name="action_launch"', arch)

    def test_empty_audience_is_refused_before_the_confirmation(self):
        empty = self.env["miy.segment"].create({"name": "Boş segment", "domain": "[('ref', '=', 'YOK-BOYLE')]"})
        mailing = self._mailing(miy_segment_id=empty.id)
        with self.assertRaises(Exception):  # noqa: B017 (UserError: nothing to send)
            mailing.with_user(self.user_marketing).action_miy_confirm_send()


@tagged("post_install", "-at_install")
class TestMailingReplyTo(MiyMailingCommon):
    """New mailings are sent by their author with the interactions alias as Reply-To, so that
    replies come back as interactions (the demo's went out from OdooBot, replies to OdooBot)."""

    def test_new_mailing_author_and_reply_to(self):
        mailing = self._mailing()
        self.assertEqual(mailing.user_id, self.user_marketing)
        self.assertIn("marketing@miy-firm.example", mailing.email_from)
        self.assertEqual(mailing.reply_to, "crm-notes@miy-firm.example")

    def test_alias_without_domain_is_not_a_reply_to(self):
        # an interactions alias without a domain (made at installation before the firm had one)
        # must not hide the one that works
        self.env["mail.alias"].create(
            {"alias_name": "crm-nodomain", "alias_model_id": self.env["ir.model"]._get_id("miy.interaction")}
        ).alias_domain_id = False
        self.assertEqual(self.env["mailing.mailing"]._miy_reply_alias(), "crm-notes@miy-firm.example")

    def test_installation_creates_the_interactions_alias(self):
        Alias = self.env["mail.alias"]
        Alias.search([("alias_model_id.model", "=", "miy.interaction")]).unlink()
        self.assertFalse(self.env["mailing.mailing"]._miy_reply_alias())
        self.env["mailing.mailing"]._miy_ensure_interaction_alias()
        alias = Alias.search([("alias_model_id.model", "=", "miy.interaction")])
        self.assertEqual(len(alias), 1)
        self.assertEqual(alias.alias_domain_id, self.alias_domain, "in the company's alias domain")
        self.assertEqual(self._mailing().reply_to, "crm-notes@miy-firm.example")
        # idempotent; a firm that sets up its alias domain later gets it on the alias
        alias.alias_domain_id = False
        self.env["mailing.mailing"]._miy_ensure_interaction_alias()
        self.assertEqual(Alias.search([("alias_model_id.model", "=", "miy.interaction")]), alias)
        self.assertEqual(alias.alias_domain_id, self.alias_domain)
