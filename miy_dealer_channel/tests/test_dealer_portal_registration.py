import re

from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, tagged

from .common import DealerCommon


@tagged("post_install", "-at_install")
class TestDealerPortalRegistration(HttpCase, DealerCommon):
    """A dealer registers its own deal; the account manager approves or rejects it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.salesman = cls.env["res.users"].browse(cls.user_miy.id)
        cls.salesman.groups_id = [(4, cls.env.ref("sales_team.group_sale_salesman").id)]
        cls.category = cls.env["product.category"].create({"name": "Presler (test)"})
        cls.other_category = cls.env["product.category"].create({"name": "Torna (test)"})
        cls.dealer_a.product_category_ids = cls.category

    def _register(self, user=None, **values):
        data = {
            "customer": "Kayıt Müşteri A.Ş.",
            "contact": "Ali Veli",
            "state_id": self.state_istanbul.id,
            "product_category_id": self.category.id,
            "expected_revenue": "250000",
            "note": "Fuarda tanıştık",
        }
        data.update(values)
        return self.env["crm.lead"].with_user(user or self.portal_sales_a)._miy_dealer_register_deal(data)

    def test_register_and_approve(self):
        lead = self._register()
        self.assertEqual(lead.miy_registered_by_dealer_id, self.dealer_a)
        self.assertEqual(lead.miy_dealer_state, "pending")
        self.assertFalse(lead.miy_dealer_id)
        self.assertEqual(lead.partner_name, "Kayıt Müşteri A.Ş.")
        self.assertEqual(lead.state_id, self.state_istanbul)
        self.assertEqual(lead.miy_product_category_id, self.category)
        self.assertEqual(lead.expected_revenue, 250000)
        self.assertEqual(lead.create_uid, self.portal_sales_a)
        activity = lead.activity_ids.filtered(lambda a: a.user_id == self.user_miy)
        self.assertEqual(len(activity), 1, "the dealer's account manager gets an activity")
        # the registering dealer reads it while pending; another dealer does not
        Lead = self.env["crm.lead"]
        self.assertEqual(Lead.with_user(self.portal_admin_a).search([("id", "=", lead.id)]), lead)
        self.assertFalse(Lead.with_user(self.portal_admin_b).search([("id", "=", lead.id)]))
        # a dealer cannot approve its own registration
        with self.assertRaises(AccessError):
            lead.with_user(self.portal_admin_a).action_miy_approve_registration()
        lead.with_user(self.salesman).action_miy_approve_registration()
        self.assertEqual(lead.miy_dealer_id, self.dealer_a)
        self.assertEqual(lead.miy_dealer_state, "accepted")
        self.assertTrue(lead.miy_accepted_date)
        self.assertFalse(activity.exists(), "the approval closes the account manager's activity")
        with self.assertRaises(UserError):
            lead.with_user(self.salesman).action_miy_approve_registration()

    def test_reject_needs_a_reason(self):
        lead = self._register()
        wizard = self.env["miy.dealer.registration.reject"].with_user(self.salesman)
        with self.assertRaisesRegex(UserError, "reason is required"):
            lead.with_user(self.salesman).action_miy_reject_registration("  ")
        self.assertEqual(lead.miy_dealer_state, "pending")
        wizard.create({"lead_ids": [(6, 0, lead.ids)], "reason": "Zaten müşterimiz"}).action_reject()
        self.assertFalse(lead.miy_dealer_state)
        self.assertFalse(lead.miy_dealer_id)
        self.assertIn(self.portal_sales_a.partner_id, lead.message_ids.partner_ids, "the registrant is told")
        self.assertFalse(
            self.env["crm.lead"].with_user(self.portal_sales_a).search([("id", "=", lead.id)]),
            "a rejected registration leaves the dealer's portal",
        )

    def test_bad_input_and_strangers(self):
        with self.assertRaisesRegex(UserError, "customer's name"):
            self._register(customer="  ")
        with self.assertRaisesRegex(UserError, "product groups your firm carries"):
            self._register(product_category_id=self.other_category.id)
        for revenue in ("abc", "-1"):
            with self.assertRaises(UserError):
                self._register(expected_revenue=revenue)
        with self.assertRaises(AccessError):
            self._register(user=self.portal_customer)
        self.assertFalse(self.env["crm.lead"].search([("partner_name", "=", "Kayıt Müşteri A.Ş.")]))

    def test_portal_form_ignores_forged_fields(self):
        self.env["res.lang"]._activate_lang("en_US")  # a demo database may have Turkish only
        self.portal_sales_a.lang = "en_US"
        self.authenticate(self.portal_sales_a.login, self.portal_sales_a.login)
        form = self.url_open("/my/dealer/deals/new")
        self.assertEqual(form.status_code, 200)
        token = re.search(r'name="csrf_token" value="([^"]+)"', form.text).group(1)
        response = self.url_open(
            "/my/dealer/deals/new",
            data={
                "csrf_token": token,
                "customer": "Sahte Alanlı Müşteri",
                "contact": "Ayşe",
                "expected_revenue": "1000",
                "miy_registered_by_dealer_id": self.dealer_b.id,
                "miy_dealer_id": self.dealer_b.id,
                "miy_dealer_state": "accepted",
                "user_id": self.env.ref("base.user_admin").id,
                "probability": "100",
            },
        )
        self.assertEqual(response.status_code, 200)
        lead = self.env["crm.lead"].search([("partner_name", "=", "Sahte Alanlı Müşteri")])
        self.assertEqual(len(lead), 1)
        self.assertEqual(lead.miy_registered_by_dealer_id, self.dealer_a)
        self.assertFalse(lead.miy_dealer_id)
        self.assertEqual(lead.miy_dealer_state, "pending")
        self.assertEqual(lead.user_id, self.user_miy)
        # an empty customer is refused with a message, nothing created
        response = self.url_open("/my/dealer/deals/new", data={"csrf_token": token, "customer": " ", "contact": "x"})
        self.assertEqual(response.status_code, 400)
        self.assertIn("Enter the customer", response.text)
