from contextlib import contextmanager
from datetime import date, datetime, timedelta

from odoo import Command, fields
from odoo.tests import TransactionCase, new_test_user


class PlanCommon(TransactionCase):
    """Fixtures of the payment plan tests: a sales team with its leader (a sales manager) and a
    salesperson, another team's salesperson, an accountant, a customer and two products (a
    delivered machine, billed on delivery, and a service billed on order); no taxes so the
    totals read plainly."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # The plan dates milestones in the user's time zone, the helpers below count days in UTC
        # (date.today()): the tests run in UTC so that they hold at any hour (OdooBot's Brussels
        # is already tomorrow from 23:00 UTC).
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True, mail_notrack=True, tz="UTC"))
        cls.company = cls.env.company
        cls.currency = cls.company.currency_id
        cls.manager = new_test_user(
            cls.env,
            login="qplan_manager",
            name="Selin Yönetici",
            groups="base.group_user,sales_team.group_sale_manager",
        )
        cls.salesman = new_test_user(
            cls.env, login="qplan_sales", name="Can Satış", groups="base.group_user,sales_team.group_sale_salesman"
        )
        cls.other_salesman = new_test_user(
            cls.env, login="qplan_other", name="Ece Başka", groups="base.group_user,sales_team.group_sale_salesman"
        )
        cls.accountant = new_test_user(
            cls.env,
            login="qplan_accountant",
            name="Ali Muhasebe",
            groups="base.group_user,account.group_account_invoice",
        )
        cls.plain = new_test_user(cls.env, login="qplan_plain", name="Düz Kullanıcı", groups="base.group_user")
        cls.team = cls.env["crm.team"].create(
            {"name": "Plan Marmara", "user_id": cls.manager.id, "member_ids": [Command.set(cls.salesman.ids)]}
        )
        cls.other_team = cls.env["crm.team"].create(
            {"name": "Plan Ege", "member_ids": [Command.set(cls.other_salesman.ids)]}
        )
        cls.customer = cls.env["res.partner"].create({"name": "Plan Müşteri A.Ş.", "is_company": True})
        cls.customer2 = cls.env["res.partner"].create({"name": "Plan İkinci Ltd.", "is_company": True})
        cls.machine = cls.env["product.product"].create(
            {
                "name": "Plan CNC",
                "type": "consu",
                "is_storable": True,
                "list_price": 1000.0,
                "invoice_policy": "delivery",
                "taxes_id": [Command.clear()],
            }
        )
        cls.service = cls.env["product.product"].create(
            {
                "name": "Plan Kurulum",
                "type": "service",
                "list_price": 1000.0,
                "invoice_policy": "order",
                "taxes_id": [Command.clear()],
            }
        )
        cls.bank = cls.env["account.journal"].search(
            [("type", "=", "bank"), ("company_id", "=", cls.company.id)], limit=1
        )
        cls.env["ir.config_parameter"].sudo().set_param("sale.default_deposit_product_id", False)

    # ------------------------------------------------------------------ helpers

    PLAN_30_40_30 = (
        {"due_rule": "order", "amount_type": "percent", "percent": 30.0, "note": "Avans"},
        {"due_rule": "delivery", "amount_type": "percent", "percent": 40.0, "note": "Teslimde"},
        {"due_rule": "invoice_days", "amount_type": "percent", "percent": 30.0, "days": 60, "note": "60 gün"},
    )

    def make_order(
        self,
        plan=PLAN_30_40_30,
        price=1000.0,
        product=None,
        partner=None,
        user=None,
        pricelist=None,
        confirm=True,
        order_date=None,
    ):
        user = user or self.salesman
        vals = {
            "partner_id": (partner or self.customer).id,
            "user_id": user.id,
            "team_id": (self.team if user != self.other_salesman else self.other_team).id,
            "order_line": [
                Command.create({"product_id": (product or self.machine).id, "product_uom_qty": 1, "price_unit": price})
            ],
            "miy_plan_line_ids": [Command.create(dict(line, sequence=index)) for index, line in enumerate(plan)],
        }
        if pricelist:
            vals["pricelist_id"] = pricelist.id
        order = self.env["sale.order"].create(vals)
        if confirm:
            order.action_confirm()
            if order_date:
                order.date_order = order_date
                order.action_miy_refresh_plan()
        return order

    def lines(self, order):
        return order.miy_plan_line_ids.sorted(lambda line: (line.sequence, line.id))

    def deliver(self, order, when=None):
        picking = order.picking_ids.filtered(lambda p: p.state not in ("done", "cancel"))
        for move in picking.move_ids:
            move.quantity = move.product_uom_qty
        picking.move_ids.picked = True
        picking._action_done()
        if when:
            picking.date_done = when
            order.action_miy_refresh_plan()
        return picking

    def invoice(self, order, invoice_date=None):
        invoice = order._create_invoices(final=True)
        invoice.invoice_date = invoice_date or fields.Date.today()
        invoice.action_post()
        return invoice

    def pay(self, invoices, amount, when=None, currency=None, group=True):
        wizard = (
            self.env["account.payment.register"]
            .with_context(active_model="account.move", active_ids=invoices.ids)
            .create(
                {
                    "amount": amount,
                    "payment_date": when or fields.Date.today(),
                    "journal_id": self.bank.id,
                    "group_payment": group,
                    **({"currency_id": currency.id} if currency else {}),
                }
            )
        )
        return wizard._create_payments()

    def customer_payment(self, amount, when=None, order=None, partner=None, currency=None):
        payment = self.env["account.payment"].create(
            {
                "payment_type": "inbound",
                "partner_type": "customer",
                "partner_id": (partner or self.customer).id,
                "amount": amount,
                "date": when or fields.Date.today(),
                "journal_id": self.bank.id,
                "currency_id": (currency or self.currency).id,
                "miy_sale_order_id": order.id if order else False,
            }
        )
        payment.action_post()
        return payment

    @contextmanager
    def assert_raises_message(self, exception, regex):
        """assertRaises (which rolls the failed call back to a savepoint) and its message."""
        with self.assertRaises(exception) as caught:
            yield caught
        self.assertRegex(str(caught.exception), regex)

    def figures(self, line):
        return (line.expected_amount, line.invoiced_amount, line.paid_amount, line.open_amount, line.state)

    @staticmethod
    def days_ago(days):
        return date.today() - timedelta(days=days)

    @staticmethod
    def datetime_days_ago(days):
        return datetime.now() - timedelta(days=days)
