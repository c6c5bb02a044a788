from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import DealerCommon


@tagged("post_install", "-at_install")
class TestDealerLeadPrimitives(DealerCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Lead = cls.env["crm.lead"]
        cls.lead_a = Lead.create({"name": "Lead for A (test)", "type": "lead"})
        cls.lead_b = Lead.create({"name": "Lead for B (test)", "type": "lead"})
        cls.lead_a._miy_route_to(cls.dealer_a)
        cls.lead_b._miy_route_to(cls.dealer_b)

    def test_dealer_staff_read_only_their_leads(self):
        Lead = self.env["crm.lead"].with_user(self.portal_sales_a)
        self.assertEqual(Lead.search([("id", "in", (self.lead_a | self.lead_b).ids)]), self.lead_a)
        with self.assertRaises(AccessError):
            self.lead_b.with_user(self.portal_sales_a).read(["name"])
        with self.assertRaises(AccessError):
            self.env["crm.lead"].with_user(self.portal_customer).search([])

    def test_dealer_staff_cannot_write_leads_over_rpc(self):
        with self.assertRaises(AccessError):
            self.lead_a.with_user(self.portal_admin_a).write({"expected_revenue": 1})
        with self.assertRaises(AccessError):
            self.lead_a.with_user(self.portal_admin_a).write({"miy_dealer_id": self.dealer_b.id})
        with self.assertRaises(AccessError):
            self.env["crm.lead"].with_user(self.portal_admin_a).create({"name": "Forged (test)"})

    def test_accept_own_lead(self):
        self.lead_a.with_user(self.portal_sales_a).action_miy_dealer_accept()
        self.assertEqual(self.lead_a.miy_dealer_state, "accepted")
        self.assertTrue(self.lead_a.miy_accepted_date)
        with self.assertRaisesRegex(UserError, "waiting for the dealer"):
            self.lead_a.with_user(self.portal_sales_a).action_miy_dealer_accept()

    def test_another_dealer_cannot_accept_or_decline(self):
        with self.assertRaises(AccessError):
            self.lead_a.with_user(self.portal_admin_b).action_miy_dealer_accept()
        with self.assertRaises(AccessError):
            self.lead_a.with_user(self.portal_admin_b).action_miy_dealer_decline("not ours")
        with self.assertRaises(AccessError):
            self.lead_a.with_user(self.portal_customer).action_miy_dealer_accept()
        self.assertEqual(self.lead_a.miy_dealer_state, "routed")
        self.assertEqual(self.lead_a.miy_dealer_id, self.dealer_a)

    def test_decline_needs_a_reason_and_is_kept(self):
        for reason in ("", "   ", None):
            with self.assertRaisesRegex(UserError, "reason is required"):
                self.lead_a.with_user(self.portal_sales_a).action_miy_dealer_decline(reason)
        self.assertEqual(self.lead_a.miy_dealer_state, "routed")
        self.lead_a.with_user(self.portal_sales_a).action_miy_dealer_decline("Outside our area")
        self.assertEqual(self.lead_a.miy_dealer_state, "declined")
        self.assertFalse(self.lead_a.miy_dealer_id)
        self.assertEqual(self.lead_a.miy_declined_dealer_ids, self.dealer_a)
        self.assertEqual(self.lead_a.miy_dealer_decline_ids.reason, "Outside our area")
        self.assertEqual(self.lead_a.miy_dealer_decline_ids.user_id, self.portal_sales_a)
        # Once declined, the lead is no longer the dealer's: it vanishes from its portal.
        self.assertFalse(self.env["crm.lead"].with_user(self.portal_sales_a).search([("id", "=", self.lead_a.id)]))
        # The dealer still sees its own decline, another dealer does not.
        Decline = self.env["miy.dealer.lead.decline"]
        self.assertTrue(Decline.with_user(self.portal_sales_a).search([("lead_id", "=", self.lead_a.id)]))
        self.assertFalse(Decline.with_user(self.portal_admin_b).search([("lead_id", "=", self.lead_a.id)]))
