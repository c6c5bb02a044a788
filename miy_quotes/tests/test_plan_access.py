from odoo.exceptions import AccessError
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger

from .plan_common import PlanCommon


@tagged("post_install", "-at_install")
class TestPlanAccess(PlanCommon):
    """Salespeople see their own and their team's plans; accountants and managers see all;
    nobody else sees any."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.team_colleague = new_test_user(
            cls.env,
            login="qplan_colleague",
            name="Deniz Takım",
            groups="base.group_user,sales_team.group_sale_salesman",
        )
        cls.team.member_ids |= cls.team_colleague
        cls.order = cls.make_order(cls, order_date=None)
        cls.other_order = cls.make_order(cls, user=cls.other_salesman)

    def visible(self, user):
        return (
            self.env["miy.payment.plan.line"]
            .with_user(user)
            .search([("order_id", "in", (self.order | self.other_order).ids)])
        )

    def test_salesperson_sees_own_and_team(self):
        self.assertEqual(self.visible(self.salesman).order_id, self.order)
        self.assertEqual(self.visible(self.team_colleague).order_id, self.order, "a team member sees the team's plans")
        self.assertEqual(self.visible(self.manager).order_id, self.order | self.other_order)
        self.assertEqual(self.visible(self.accountant).order_id, self.order | self.other_order)

    @mute_logger("odoo.addons.base.models.ir_rule", "odoo.models")
    def test_other_team_salesperson_refused(self):
        self.assertEqual(self.visible(self.other_salesman).order_id, self.other_order)
        line = self.order.miy_plan_line_ids[0]
        with self.assertRaises(AccessError):
            line.with_user(self.other_salesman).read(["paid_amount"])
        with self.assertRaises(AccessError):
            line.with_user(self.other_salesman).write({"note": "başkası"})
        self.assertNotEqual(line.note, "başkası")
        self.order.date_order = self.datetime_days_ago(5)
        self.order.action_miy_refresh_plan()
        decision = (
            self.env["miy.payment.plan.decision"]
            .with_user(self.manager)
            .create({"line_id": line.id, "decision_type": "escalation", "reason": "Gizli not"})
        )
        Decision = self.env["miy.payment.plan.decision"]
        self.assertFalse(Decision.with_user(self.other_salesman).search([("id", "=", decision.id)]))
        self.assertEqual(Decision.with_user(self.salesman).search([("id", "=", decision.id)]), decision)
        with self.assertRaises(AccessError):
            decision.with_user(self.other_salesman).read(["reason"])

    @mute_logger("odoo.addons.base.models.ir_model", "odoo.models")
    def test_lowest_privilege_user_refused(self):
        for model in ("miy.payment.plan.line", "miy.payment.plan.decision", "miy.payment.plan.template"):
            with self.assertRaises(AccessError):
                self.env[model].with_user(self.plain).search([], limit=1)

    @mute_logger("odoo.addons.base.models.ir_model", "odoo.models")
    def test_accountant_reads_but_cannot_decide_or_delete(self):
        line = self.other_order.miy_plan_line_ids[0].with_user(self.accountant)
        self.assertEqual(line.expected_amount, 300.0)
        with self.assertRaises(AccessError):
            line.unlink()

    @mute_logger("odoo.addons.base.models.ir_model", "odoo.models")
    def test_salesperson_cannot_edit_templates(self):
        with self.assertRaises(AccessError):
            self.env["miy.payment.plan.template"].with_user(self.salesman).create({"name": "Benim"})


@tagged("post_install", "-at_install")
class TestPlanPortalRpc(HttpCase, PlanCommon):
    """A portal customer over XML-RPC gets nothing of the plans, not even their own order's."""

    def test_portal_user_refused_over_rpc(self):
        portal = new_test_user(self.env, login="qplan_portal", name="Portal Müşteri", groups="base.group_portal")
        portal.partner_id.parent_id = self.customer
        order = self.make_order()
        line = order.miy_plan_line_ids[0]
        db = self.env.cr.dbname
        uid = self.xmlrpc_common.authenticate(db, portal.login, portal.login, {})
        self.assertTrue(uid)
        models = self.xmlrpc_object
        for model, method, args in (
            ("miy.payment.plan.line", "search_read", [[]]),
            ("miy.payment.plan.line", "read", [[line.id], ["paid_amount"]]),
            ("miy.payment.plan.line", "write", [[line.id], {"percent": 100}]),
            ("miy.payment.plan.decision", "create", [{"line_id": line.id, "decision_type": "waiver", "reason": "x"}]),
            ("miy.payment.plan.line", "action_create_invoice", [[line.id]]),
        ):
            with self.subTest(method=method), mute_logger("odoo.http", "odoo.addons.base.models.ir_model"):
                with self.assertRaises(Exception) as caught:
                    models.execute_kw(db, uid, portal.login, model, method, args)
                self.assertIn("not allowed to", str(caught.exception))
        self.assertEqual(line.percent, 30.0)
        self.assertFalse(line.decision_ids)
        self.assertFalse(line.invoice_id)
