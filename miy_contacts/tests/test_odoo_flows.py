from odoo.tests import TransactionCase, tagged, users
from odoo.tools import mute_logger

from odoo.addons.crm.tests.common import TestLeadConvertMassCommon


@tagged("post_install", "-at_install")
class TestLifecycleKeepsCrmBehaviour(TestLeadConvertMassCommon):
    """The lifecycle bookkeeping of ``crm.lead.write`` must not change what crm itself does.

    Reading ``probability`` around the write ran crm's pending probability computation in the
    middle of a merge: the head lead's manual probability of 0 became 50 (crm's own
    ``test_lead_merge_probability_manual_empty`` failed with MİY installed)."""

    @users("user_sales_manager")
    @mute_logger("odoo.models.unlink")
    def test_merge_keeps_a_manual_probability_of_zero(self):
        self.lead_1.write({"type": "opportunity", "probability": 0})
        leads = self.env["crm.lead"].browse((self.lead_1 + self.lead_w_partner + self.lead_w_partner_company).ids)
        action = (
            self.env["crm.merge.opportunity"]
            .with_context(active_model="crm.lead", active_ids=leads.ids, active_id=False)
            .create({"team_id": False, "user_id": False})
            .action_merge()
        )
        merged = self.env["crm.lead"].browse(action["res_id"])
        self.assertEqual(merged, self.lead_1)
        self.assertEqual(merged.probability, 0, "the manual probability is kept, as without MİY")
        self.assertFalse(merged.is_automated_probability)
        events = self.env["miy.lifecycle.event"].sudo().search([("lead_id", "=", merged.id)])
        self.assertNotIn("won", events.mapped("event"))

    def test_won_by_manual_probability_outside_a_won_stage(self):
        """The lifecycle still reads a manual 100 % as won, and leaving it as reopened."""
        lead = self.lead_1
        lead.write({"type": "opportunity", "probability": 100})
        lead.write({"stage_id": self.stage_team1_2.id})
        lead.write({"probability": 40})
        events = self.env["miy.lifecycle.event"].sudo().search([("lead_id", "=", lead.id)], order="id")
        self.assertEqual(events.mapped("event")[-2:], ["won", "reopened"])


@tagged("post_install", "-at_install")
class TestPhonesKeepOdooFlows(TransactionCase):
    """Odoo lets a partner (or its company, whose address its contacts share) move to another
    country whatever its phone numbers look like; mail's own test set-up does exactly that (the
    main company moves to Belgium). A national number keeps the meaning it had when typed."""

    def test_moving_a_contact_to_another_country_keeps_its_numbers(self):
        us = self.env.ref("base.us")
        company = self.env["res.partner"].create({"name": "Houston Pumps", "is_company": True, "country_id": us.id})
        person = self.env["res.partner"].create(
            {"name": "Chester Reed", "parent_id": company.id, "phone": "(979)-904-8902"}
        )
        self.assertEqual(person.miy_phone_ids.number_e164, "+19799048902")
        company.write({"country_id": self.env.ref("base.be").id})
        self.env.flush_all()
        self.assertEqual(person.country_id, self.env.ref("base.be"), "the contact follows its company")
        self.assertEqual(person.miy_phone_ids.number_e164, "+19799048902", "the number still is the one typed")
        self.assertEqual(person.phone, "(979)-904-8902")
