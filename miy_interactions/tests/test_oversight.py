from datetime import datetime

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from odoo.addons.mail.tests.common import MockEmail

from .common import MiyInteractionCommon


@tagged("post_install", "-at_install")
class TestManagerOversight(MiyInteractionCommon, MockEmail):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_manager.email = "manager@example.com"
        cls.team_bursa.user_id = cls.user_manager  # the manager leads the Bursa team

    def test_mark_as_read_per_manager(self):
        other_manager = new_test_user(
            self.env, login="miy_manager_2", groups="base.group_user,miy_contacts.group_miy_manager"
        )
        self.team_bursa.member_ids = [Command.link(other_manager.id)]  # oversees Bursa as a member
        a = self._log(user=self.user_miy)
        b = self._log(user=self.user_colleague)
        Interaction = self.env["miy.interaction"].with_user(self.user_manager)
        domain = [("is_read_by_me", "=", False), ("id", "in", (a | b).ids)]
        self.assertEqual(Interaction.search(domain), a | b)
        a.with_user(self.user_manager).action_mark_read()
        a.with_user(self.user_manager).action_mark_read()  # twice: no duplicate, no error
        self.assertEqual(Interaction.search(domain), b)
        self.assertEqual(Interaction.search([("is_read_by_me", "=", True), ("id", "in", (a | b).ids)]), a)
        self.assertTrue(a.with_user(self.user_manager).is_read_by_me)
        self.assertFalse(a.with_user(other_manager).is_read_by_me, "read state is per manager")
        self.assertEqual(self.env["miy.interaction"].with_user(other_manager).search(domain), a | b)
        self.assertEqual(len(a.read_ids), 1)

    def test_users_cannot_mark_as_read(self):
        a = self._log(user=self.user_miy)
        with self.assertRaises(AccessError):
            a.with_user(self.user_miy).action_mark_read()

    def test_manager_comment_notifies_our_people(self):
        interaction = self._log(user=self.user_miy, user_ids=[Command.set([self.user_miy.id, self.user_colleague.id])])
        self.assertIn(self.user_colleague.partner_id, interaction.message_partner_ids)
        message = interaction.with_user(self.user_manager).message_post(
            body="Please call them again before Friday.", message_type="comment", subtype_xmlid="mail.mt_comment"
        )
        notified = message.sudo().notification_ids.res_partner_id
        self.assertIn(self.user_miy.partner_id, notified)
        self.assertIn(self.user_colleague.partner_id, notified)

    def test_unread_digest_one_mail_per_manager_with_team_unread(self):
        with freeze_time("2026-03-02 09:00:00"):
            unread = self._log(user=self.user_miy, subject="Unread visit report")
            read = self._log(user=self.user_colleague, subject="Already read call")
            self._log(user=self.user_other_team, subject="Other team call")
            self._log(user=self.user_miy, subject="Old news", date=datetime(2025, 1, 1, 9, 0))
            read.with_user(self.user_manager).action_mark_read()
        with freeze_time("2026-03-03 05:30:00"):
            with self.mock_mail_gateway():
                self.env["miy.interaction"]._cron_send_unread_digest()
            mails = self._new_mails.filtered(lambda m: self.user_manager.partner_id in m.recipient_ids)
            self.assertEqual(len(mails), 1)
            users = self.user_miy | self.user_colleague | self.user_other_team
            self.assertFalse(self._new_mails.recipient_ids & users.partner_id, "only managers get the digest")
            self.assertIn(unread.subject, mails.body_html)
            for subject in ("Already read call", "Other team call", "Old news"):
                self.assertNotIn(subject, mails.body_html)
            with self.mock_mail_gateway():
                self.env["miy.interaction"]._cron_send_unread_digest()
            self.assertFalse(self._new_mails, "idempotent: once a day")
        with freeze_time("2026-03-04 05:30:00"):
            unread.with_user(self.user_manager).action_mark_read()
            with self.mock_mail_gateway():
                self.env["miy.interaction"]._cron_send_unread_digest()
            self.assertFalse(
                self._new_mails.filtered(lambda m: self.user_manager.partner_id in m.recipient_ids),
                "nothing unread, no mail",
            )


@tagged("post_install", "-at_install")
class TestShareInteraction(MiyInteractionCommon, MockEmail):
    def test_share_by_email_is_sent_and_logged(self):
        self.user_other_team.email = "other@example.com"
        interaction = self._log(user=self.user_miy, subject="Big order coming", details="<p>300 units in May</p>")
        Share = self.env["miy.interaction.share"].with_user(self.user_miy)
        wizard = Share.create(
            {
                "interaction_id": interaction.id,
                "user_ids": [Command.set([self.user_other_team.id])],
                "note": "Production should plan for it.",
            }
        )
        self.user_other_team.notification_type = "email"
        with self.mock_mail_gateway():
            wizard.action_share()
        message = interaction.message_ids[0]
        self.assertIn("Production should plan for it.", message.body)
        self.assertIn("300 units in May", message.body)
        self.assertIn("shared this interaction with MİY Other Team", message.body)
        self.assertEqual(message.partner_ids, self.user_other_team.partner_id)
        mail = self._new_mails.filtered(lambda m: self.user_other_team.partner_id in m.recipient_ids)
        self.assertEqual(len(mail), 1)
        self.assertNotIn(self.user_colleague.partner_id, self._new_mails.recipient_ids)

    def test_share_needs_a_colleague(self):
        interaction = self._log(user=self.user_miy)
        wizard = self.env["miy.interaction.share"].with_user(self.user_miy).create({"interaction_id": interaction.id})
        with self.assertRaises(UserError):
            wizard.action_share()
        self.assertFalse(interaction.message_ids.filtered(lambda m: "shared this interaction" in (m.body or "")))
