from odoo import Command
from odoo.tests import HttpCase, tagged

from .plan_common import PlanCommon


@tagged("post_install", "-at_install")
class TestPlanTours(HttpCase, PlanCommon):
    """The payment plan in real Chromium: a salesperson's quote with a three-milestone plan, and
    a manager's decision on a late milestone."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.tour_customer = cls.env["res.partner"].create({"name": "Plan Tur Müşteri A.Ş.", "is_company": True})
        cls.env["product.product"].create(
            {
                "name": "Tur CNC",
                "type": "consu",
                "is_storable": True,
                "list_price": 10000.0,
                "invoice_policy": "delivery",
                "taxes_id": [Command.clear()],
            }
        )
        cls.env["miy.payment.plan.template"].create(
            {
                "name": "Tur Planı 30/40/30",
                "line_ids": [
                    Command.create({"sequence": 1, "due_rule": "order", "percent": 30.0, "note": "Avans"}),
                    Command.create({"sequence": 2, "due_rule": "delivery", "percent": 40.0, "note": "Teslimde"}),
                    Command.create(
                        {"sequence": 3, "due_rule": "invoice_days", "percent": 30.0, "days": 60, "note": "60 gün"}
                    ),
                ],
            }
        )
        # the screens in Turkish, as the firm's users see them
        cls.env["res.lang"]._activate_lang("tr_TR")
        (cls.salesman | cls.manager).write({"lang": "tr_TR", "tz": "Europe/Istanbul"})

    def test_quote_with_three_milestone_plan(self):
        self.start_tour(
            "/odoo/action-sale.action_quotations_with_onboarding", "miy_plan_quote_tour", login=self.salesman.login
        )
        order = self.env["sale.order"].search([("partner_id", "=", self.tour_customer.id)])
        self.assertEqual(len(order), 1)
        self.assertEqual(order.state, "sale")
        self.assertEqual(order.user_id, self.salesman)
        lines = order.miy_plan_line_ids.sorted("sequence")
        self.assertEqual(lines.mapped("percent"), [30.0, 40.0, 30.0])
        self.assertEqual(lines.mapped("due_rule"), ["order", "delivery", "invoice_days"])
        self.assertEqual(lines.mapped("expected_amount"), [3000.0, 4000.0, 3000.0])
        self.assertTrue(lines[0].due_date)
        self.assertEqual(lines[1].state, "waiting")

    def test_manager_records_decision(self):
        order = self.make_order(partner=self.tour_customer, order_date=self.datetime_days_ago(12))
        advance = order.miy_plan_line_ids.sorted("sequence")[0]
        self.assertEqual(advance.state, "overdue")
        self.start_tour(
            "/odoo/action-miy_quotes.miy_payment_plan_line_action", "miy_plan_decision_tour", login=self.manager.login
        )
        decision = advance.decision_ids
        self.assertEqual(len(decision), 1)
        self.assertEqual(decision.decision_type, "waiver")
        self.assertEqual(decision.user_id, self.manager)
        self.assertIn("Müşteri ile anlaşıldı", decision.reason)
        self.assertEqual(advance.state, "waived")
