from datetime import date, timedelta

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import DealerCommon


class DealerPortalLeadCommon(DealerCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Lead = cls.env["crm.lead"]
        cls.lead_a = Lead.create({"name": "Portal lead A (test)", "type": "opportunity", "partner_name": "Müşteri A"})
        cls.lead_a2 = Lead.create({"name": "Portal lead A2 (test)", "type": "opportunity"})
        cls.lead_b = Lead.create({"name": "Portal lead B (test)", "type": "opportunity"})
        (cls.lead_a | cls.lead_a2)._miy_route_to(cls.dealer_a)
        cls.lead_b._miy_route_to(cls.dealer_b)
        cls.stage_new, cls.stage_qualified = cls.env["crm.stage"].create(
            [{"name": "Dealer new (test)", "sequence": 1}, {"name": "Dealer qualified (test)", "sequence": 2}]
        )
        cls.stage_other_team = cls.env["crm.stage"].create(
            {"name": "Other team's stage (test)", "team_id": cls.env["crm.team"].create({"name": "Other (test)"}).id}
        )
        cls.todo = cls.env.ref("mail.mail_activity_data_todo")


@tagged("post_install", "-at_install")
class TestDealerPortalLeadActions(DealerPortalLeadCommon):
    """What a dealer's staff do with an accepted lead, through the checked methods of crm.lead."""

    def _accepted(self, lead, user=None):
        lead.with_user(user or self.portal_sales_a).action_miy_dealer_accept()
        return lead.with_user(user or self.portal_sales_a)

    def test_work_needs_an_accepted_lead(self):
        lead = self.lead_a.with_user(self.portal_sales_a)
        with self.assertRaisesRegex(UserError, "Accept the lead"):
            lead.action_miy_dealer_set_stage(self.stage_qualified.id)
        with self.assertRaisesRegex(UserError, "Accept the lead"):
            lead.action_miy_dealer_mark_won(1000)

    def test_update_stage(self):
        lead = self._accepted(self.lead_a)
        lead.action_miy_dealer_set_stage(self.stage_qualified.id)
        self.assertEqual(self.lead_a.stage_id, self.stage_qualified)
        won_stage = self.env["crm.stage"].search([("is_won", "=", True)], limit=1)
        for stage_id in (self.stage_other_team.id, won_stage.id, 0):
            with self.assertRaisesRegex(UserError, "Choose one of the stages"):
                lead.action_miy_dealer_set_stage(stage_id)
        self.assertEqual(self.lead_a.stage_id, self.stage_qualified)

    def test_note_and_activities(self):
        lead = self._accepted(self.lead_a)
        with self.assertRaisesRegex(UserError, "empty"):
            lead.action_miy_dealer_log_note("   ")
        lead.action_miy_dealer_log_note("<b>Müşteri</b> aradı")
        message = self.lead_a.message_ids.filtered(lambda m: "aradı" in (m.body or ""))
        self.assertEqual(message.author_id, self.portal_sales_a.partner_id)
        self.assertNotIn("<b>", message.body, "the dealer's text is escaped, not taken as HTML")
        self.lead_a.message_post(
            body="Firm's internal remark (test)", message_type="comment", subtype_xmlid="mail.mt_note"
        )
        notes = lead._miy_dealer_portal_notes()
        self.assertEqual([n["author"] for n in notes], [self.portal_sales_a.partner_id.name])
        with self.assertRaises(AccessError):
            self.lead_a.with_user(self.portal_admin_b)._miy_dealer_portal_notes()
        deadline = date.today() + timedelta(days=3)
        lead.action_miy_dealer_schedule_activity(self.todo.id, "Teklif ver", str(deadline))
        activity = self.lead_a.activity_ids.filtered(lambda a: a.summary == "Teklif ver")
        self.assertEqual(activity.user_id, self.portal_sales_a)
        self.assertEqual(activity.date_deadline, deadline)
        with self.assertRaisesRegex(UserError, "due date"):
            lead.action_miy_dealer_schedule_activity(self.todo.id, "x", "not-a-date")
        forbidden_type = self.env["mail.activity.type"].create({"name": "Secret type (test)"})
        with self.assertRaisesRegex(UserError, "kind of activity"):
            lead.action_miy_dealer_schedule_activity(forbidden_type.id, "x", str(deadline))
        # the firm's own activity on the lead is not the dealer's to complete
        firm_activity = self.lead_a.activity_schedule("mail.mail_activity_data_todo", user_id=self.user_miy.id)
        with self.assertRaises(AccessError):
            lead.action_miy_dealer_done_activity(firm_activity.id)
        self.assertTrue(firm_activity.exists())
        lead.action_miy_dealer_done_activity(activity.id, "Teklif gönderildi")
        self.assertFalse(activity.exists())
        self.assertTrue(firm_activity.exists())

    def test_won_with_amount(self):
        lead = self._accepted(self.lead_a)
        for amount in ("abc", "-5", 0):
            with self.assertRaises(UserError):
                lead.action_miy_dealer_mark_won(amount)
        self.assertFalse(self.lead_a.stage_id.is_won)
        lead.action_miy_dealer_mark_won("125000,50")
        self.assertTrue(self.lead_a.stage_id.is_won)
        self.assertEqual(self.lead_a.expected_revenue, 125000.50)
        self.assertEqual(self.lead_a.probability, 100)
        with self.assertRaisesRegex(UserError, "closed"):
            lead.action_miy_dealer_mark_lost("too late")

    def test_lost_with_reason(self):
        lead = self._accepted(self.lead_a)
        with self.assertRaisesRegex(UserError, "reason is required"):
            lead.action_miy_dealer_mark_lost("  ")
        self.assertTrue(self.lead_a.active)
        reason = self.env["crm.lost.reason"].create({"name": "Price (test)"})
        lead.action_miy_dealer_mark_lost("Rakip daha ucuz", reason.id)
        self.assertFalse(self.lead_a.active)
        self.assertEqual(self.lead_a.lost_reason_id, reason)
        self.assertTrue(self.lead_a.message_ids.filtered(lambda m: "Rakip daha ucuz" in (m.body or "")))
        # the dealer still reads its lost lead
        lost = self.env["crm.lead"].with_user(self.portal_sales_a).with_context(active_test=False)
        self.assertEqual(lost.search([("id", "=", self.lead_a.id)]), self.lead_a)

    def test_other_dealer_and_portal_customer_are_refused(self):
        self._accepted(self.lead_a)
        for user in (self.portal_admin_b, self.portal_customer):
            lead = self.lead_a.with_user(user)
            calls = [
                lambda lead=lead: lead.action_miy_dealer_set_stage(self.stage_qualified.id),
                lambda lead=lead: lead.action_miy_dealer_log_note("hi"),
                lambda lead=lead: lead.action_miy_dealer_schedule_activity(self.todo.id, "x", str(date.today())),
                lambda lead=lead: lead.action_miy_dealer_mark_won(10),
                lambda lead=lead: lead.action_miy_dealer_mark_lost("x"),
                lambda lead=lead: lead.action_miy_dealer_decline("x"),
            ]
            for call in calls:
                with self.assertRaises(AccessError):
                    call()
        self.assertEqual(self.lead_a.miy_dealer_state, "accepted")
        self.assertTrue(self.lead_a.active)
        self.assertFalse(self.lead_a.stage_id.is_won)
        self.assertFalse(self.lead_a.message_ids.filtered(lambda m: m.body and "hi" == m.body.striptags()))

    def test_decline_without_reason_changes_nothing(self):
        with self.assertRaisesRegex(UserError, "reason is required"):
            self.lead_a.with_user(self.portal_sales_a).action_miy_dealer_decline("")
        self.assertEqual(self.lead_a.miy_dealer_state, "routed")
        self.assertFalse(self.lead_a.miy_dealer_decline_ids)
