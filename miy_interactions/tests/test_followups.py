from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import Form, tagged

from odoo.addons.mail.tests.common import MockEmail

from .common import MiyInteractionCommon


@tagged("post_install", "-at_install")
class TestFollowups(MiyInteractionCommon, MockEmail):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.followup_type = cls.env.ref("miy_interactions.mail_activity_type_followup")
        for user in (cls.user_miy, cls.user_colleague, cls.user_other_team):
            user.email = f"{user.login}@example.com"

    def _followups(self, interaction):
        return interaction.activity_ids.filtered(lambda a: a.activity_type_id == self.followup_type)

    @freeze_time("2026-03-02 09:00:00")
    def test_one_activity_per_responsible_user(self):
        interaction = self._log(
            user=self.user_miy,
            followup_date=date(2026, 3, 5),
            followup_user_ids=[Command.set([self.user_miy.id, self.user_colleague.id])],
        )
        activities = self._followups(interaction)
        self.assertEqual(activities.user_id, self.user_miy | self.user_colleague)
        self.assertEqual(set(activities.mapped("date_deadline")), {date(2026, 3, 5)})
        self.assertEqual(len(activities), 2)

    @freeze_time("2026-03-02 09:00:00")
    def test_responsible_defaults_to_our_people(self):
        interaction = self._log(user=self.user_miy, followup_date=date(2026, 3, 2))
        self.assertEqual(self._followups(interaction).user_id, self.user_miy)

    @freeze_time("2026-03-02 09:00:00")
    def test_no_followup_date_no_activity(self):
        interaction = self._log(user=self.user_miy)
        self.assertFalse(interaction.activity_ids)

    @freeze_time("2026-03-02 09:00:00")
    def test_activities_follow_date_and_user_changes(self):
        interaction = self._log(
            user=self.user_miy,
            followup_date=date(2026, 3, 5),
            followup_user_ids=[Command.set([self.user_miy.id, self.user_colleague.id])],
        )
        kept = self._followups(interaction).filtered(lambda a: a.user_id == self.user_miy)
        interaction.write({"followup_date": date(2026, 3, 9)})
        self.assertEqual(set(self._followups(interaction).mapped("date_deadline")), {date(2026, 3, 9)})
        self.assertIn(kept, self._followups(interaction), "an existing activity is moved, not replaced")
        interaction.write({"followup_user_ids": [Command.set([self.user_colleague.id])]})
        self.assertEqual(self._followups(interaction).user_id, self.user_colleague)
        self.assertEqual(len(self._followups(interaction)), 1)
        interaction.write({"followup_date": False})
        self.assertFalse(self._followups(interaction))

    @freeze_time("2026-03-02 09:00:00")
    def test_followup_date_in_the_past_is_refused(self):
        count = self.env["mail.activity"].search_count([])
        with self.assertRaises(ValidationError):
            self._log(user=self.user_miy, followup_date=date(2026, 3, 1))
        interaction = self._log(user=self.user_miy, followup_date=date(2026, 3, 4))
        with self.assertRaises(ValidationError):
            interaction.write({"followup_date": date(2026, 2, 1)})
        self.assertEqual(interaction.followup_date, date(2026, 3, 4))
        self.assertEqual(self.env["mail.activity"].search_count([]), count + 1)

    @freeze_time("2026-03-02 09:00:00")
    def test_quick_create_with_followup(self):
        Interaction = self.env["miy.interaction"].with_user(self.user_miy)
        form = Form(
            Interaction.with_context(default_partner_ids=[self.person.id]),
            view="miy_interactions.miy_interaction_view_form_quick",
        )
        form.subject = "Offer sent"
        form.followup_date = date(2026, 3, 6)
        form.followup_user_ids.add(self.user_colleague)
        interaction = form.save()
        self.assertEqual(self._followups(interaction).user_id, self.user_colleague)

    @freeze_time("2026-03-02 09:00:00")
    def test_done_log_next(self):
        interaction = self._log(
            user=self.user_miy,
            followup_date=date(2026, 3, 2),
            reason_id=self.reason_visit.id,
            partner_ids=[Command.set([self.person.id, self.org.id])],
        )
        action = interaction.with_user(self.user_miy).action_followup_done_log_next()
        self.assertFalse(self._followups(interaction), "the follow-up activity is done")
        self.assertTrue(interaction.followup_done)
        self.assertIn("Follow-up done", interaction.message_ids[0].body)
        form = Form(
            self.env["miy.interaction"].with_user(self.user_miy).with_context(**action["context"]),
            view="miy_interactions.miy_interaction_view_form_quick",
        )
        self.assertEqual(form.partner_ids[:], self.person | self.org)
        self.assertEqual(form.reason_id, self.reason_visit)
        following = form.save()
        self.assertEqual(following.subject, "Follow-up: Price request")
        # a later change of users does not resurrect the done follow-up
        interaction.write({"user_ids": [Command.link(self.user_colleague.id)]})
        self.assertFalse(self._followups(interaction))

    def test_digest_one_mail_per_user_with_followups_due_today(self):
        with freeze_time("2026-03-02 09:00:00"):
            self._log(user=self.user_miy, subject="Call Ayşe Hanım", followup_date=date(2026, 3, 4))
            self._log(user=self.user_miy, subject="Send the catalogue", followup_date=date(2026, 3, 4))
            self._log(user=self.user_miy, subject="Not yet", followup_date=date(2026, 3, 10))
            self._log(user=self.user_colleague, subject="Colleague later", followup_date=date(2026, 3, 5))
        with freeze_time("2026-03-04 06:00:00"):
            with self.mock_mail_gateway():
                self.env["miy.interaction"]._cron_send_followup_digest()
            self.assertEqual(len(self._new_mails), 1, "one mail, for the only user with something due")
            mail = self._new_mails
            self.assertEqual(mail.recipient_ids, self.user_miy.partner_id)
            self.assertIn("Call Ayşe Hanım", mail.body_html)
            self.assertIn("Send the catalogue", mail.body_html)
            self.assertNotIn("Not yet", mail.body_html)
            # idempotent: a second run the same day sends nothing
            with self.mock_mail_gateway():
                self.env["miy.interaction"]._cron_send_followup_digest()
            self.assertFalse(self._new_mails)
        with freeze_time("2026-03-05 06:00:00"):
            with self.mock_mail_gateway():
                self.env["miy.interaction"]._cron_send_followup_digest()
            self.assertEqual(self._new_mails.recipient_ids, self.user_colleague.partner_id)
            self.assertIn("Colleague later", self._new_mails.body_html)

    def test_digest_cron_is_scheduled(self):
        cron = self.env.ref("miy_interactions.ir_cron_followup_digest")
        self.assertTrue(cron.active)
        self.assertEqual(cron.code.strip(), "model._cron_send_followup_digest()")
