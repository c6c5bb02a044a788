from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged
from odoo.tools import format_date

from .aftersale_common import MiyAftersaleCommon


@tagged("post_install", "-at_install")
class TestOfferSuggestions(MiyAftersaleCommon):
    def _suggestions(self, customer):
        return self.env["miy.offer.suggestion"].search([("partner_id", "=", customer.id)])

    def test_suggestions_from_installed_base_with_reasons(self):
        with freeze_time("2024-03-01"):
            self._deliver(self.customer, ["SN-100"])
        with freeze_time("2026-01-15"):  # the 24-month warranty ends on 2026-03-01
            self.env["miy.offer.suggestion"]._generate()
        suggestions = self._suggestions(self.customer)
        by_reason = {s.reason: s.product_id for s in suggestions}
        self.assertEqual(by_reason["optional"], self.tool_set)
        self.assertEqual(by_reason["consumable"], self.coolant)
        self.assertEqual(by_reason["warranty"], self.maintenance)
        warranty = suggestions.filtered(lambda s: s.reason == "warranty")
        self.assertIn(format_date(self.env, date(2026, 3, 1)), warranty.reason_text)
        self.assertIn("Bakım", warranty.with_context(lang="tr_TR").reason_text + warranty.product_id.name)
        self.assertEqual(suggestions.user_id, self.salesman)
        # idempotent
        with freeze_time("2026-01-15"):
            self.assertFalse(self.env["miy.offer.suggestion"]._generate())

    def test_no_maintenance_offer_while_warranty_far(self):
        self._deliver(self.customer, ["SN-101"])
        self.env["miy.offer.suggestion"]._generate()
        self.assertNotIn("warranty", self._suggestions(self.customer).mapped("reason"))

    def test_owned_optional_product_not_suggested(self):
        self._deliver(self.customer, ["SN-102"])
        self.env["miy.installed.base"].create(
            {"partner_id": self.customer.id, "product_id": self.tool_set.id, "delivery_date": "2026-01-01"}
        )
        self.env["miy.offer.suggestion"]._generate()
        self.assertNotIn("optional", self._suggestions(self.customer).mapped("reason"))

    def test_one_click_draft_quote_per_customer(self):
        self._deliver(self.customer, ["SN-103"])
        self.env["miy.offer.suggestion"]._generate()
        suggestions = self._suggestions(self.customer).with_user(self.salesman)
        action = suggestions.action_create_quotes()
        order = self.env["sale.order"].browse(action["res_id"])
        self.assertEqual(order.state, "draft")
        self.assertEqual(order.partner_id, self.customer)
        self.assertEqual(order.order_line.product_id, suggestions.product_id)
        self.assertEqual(set(suggestions.mapped("state")), {"quoted"})
        with self.assertRaises(UserError):
            suggestions.action_create_quotes()

    def test_multi_select_makes_one_quote_per_customer(self):
        self._deliver(self.customer, ["SN-104"])
        self._deliver(self.other_customer, ["SN-105"])
        self.env["miy.offer.suggestion"]._generate()
        customers = self.customer | self.other_customer
        suggestions = (
            self.env["miy.offer.suggestion"].with_user(self.sale_manager).search([("partner_id", "in", customers.ids)])
        )
        action = suggestions.action_create_quotes()
        orders = self.env["sale.order"].search(action["domain"])
        self.assertEqual(orders.partner_id, customers)
        self.assertEqual(len(orders), 2)

    def test_salesperson_sees_own_customers_suggestions_only(self):
        self._deliver(self.customer, ["SN-106"])
        self._deliver(self.other_customer, ["SN-107"])
        self.env["miy.offer.suggestion"]._generate()
        visible = self.env["miy.offer.suggestion"].with_user(self.salesman).search([])
        self.assertEqual(visible.partner_id, self.customer)
        with self.assertRaises(AccessError):
            self._suggestions(self.other_customer).with_user(self.salesman).action_create_quotes()
