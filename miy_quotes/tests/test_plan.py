from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged
from odoo.tools import mute_logger

from .plan_common import PlanCommon


@tagged("post_install", "-at_install")
class TestPlanValidation(PlanCommon):
    """Bad plans are refused with a clear message and nothing is saved."""

    def assert_refused(self, plan, message):
        count = self.env["sale.order"].search_count([])
        with self.assert_raises_message(ValidationError, message):
            self.make_order(plan=plan, confirm=False)
        self.env.invalidate_all()
        self.assertEqual(self.env["sale.order"].search_count([]), count, "nothing saved")

    def test_plan_must_add_up_to_100(self):
        self.assert_refused(
            ({"due_rule": "order", "percent": 30.0}, {"due_rule": "delivery", "percent": 40.0}), "100%.*70"
        )

    def test_amounts_must_add_up_to_total(self):
        self.assert_refused(
            (
                {"due_rule": "order", "amount_type": "amount", "amount": 300.0},
                {"due_rule": "delivery", "amount_type": "amount", "amount": 600.0},
            ),
            "order total",
        )

    def test_mixed_plan_adds_up(self):
        order = self.make_order(
            plan=(
                {"due_rule": "order", "amount_type": "amount", "amount": 250.0},
                {"due_rule": "delivery", "amount_type": "percent", "percent": 75.0},
            ),
            confirm=False,
        )
        self.assertEqual(self.lines(order).mapped("expected_amount"), [250.0, 750.0])

    def test_negative_amount(self):
        self.assert_refused(
            (
                {"due_rule": "order", "amount_type": "amount", "amount": -100.0},
                {"due_rule": "delivery", "amount_type": "amount", "amount": 1100.0},
            ),
            "above zero",
        )
        self.assert_refused(
            ({"due_rule": "order", "percent": -10.0}, {"due_rule": "delivery", "percent": 110.0}), "percentage"
        )

    def test_days_rule_needs_days(self):
        self.assert_refused(({"due_rule": "invoice_days", "percent": 100.0},), "number of days")

    def test_fixed_date_rule_needs_date(self):
        self.assert_refused(({"due_rule": "fixed_date", "percent": 100.0},), "needs its date")

    def test_direct_line_change_checked(self):
        """Over RPC, one line changed on its own is checked against its order too."""
        order = self.make_order(confirm=False)
        with self.assertRaises(ValidationError):
            self.lines(order)[0].with_user(self.salesman).percent = 50.0
        self.assertEqual(self.lines(order)[0].percent, 30.0)

    def test_confirmation_rechecks_amount_plan(self):
        order = self.make_order(plan=({"due_rule": "order", "amount_type": "amount", "amount": 1000.0},), confirm=False)
        order.order_line.price_unit = 1500.0
        self.assertTrue(order.miy_plan_warning)
        with self.assert_raises_message(ValidationError, "order total"):
            order.action_confirm()
        self.assertEqual(order.state, "draft")

    def test_error_in_users_language(self):
        if not self.env["res.lang"]._lang_get("tr_TR").active:
            self.skipTest("Turkish is not loaded")
        salesman = self.salesman
        salesman.lang = "tr_TR"
        with self.assert_raises_message(ValidationError, "%100"):
            self.env["sale.order"].with_user(salesman).with_context(lang="tr_TR").create(
                {
                    "partner_id": self.customer.id,
                    "order_line": [Command.create({"product_id": self.machine.id, "price_unit": 10.0})],
                    "miy_plan_line_ids": [Command.create({"due_rule": "order", "percent": 20.0})],
                }
            )

    def test_template_fills_plan(self):
        template = self.env["miy.payment.plan.template"].create(
            {
                "name": "Şablon",
                "line_ids": [
                    Command.create({"due_rule": "order", "percent": 50.0, "sequence": 1}),
                    Command.create({"due_rule": "invoice_days", "percent": 50.0, "days": 30, "sequence": 2}),
                ],
            }
        )
        form = Form(self.env["sale.order"].with_user(self.salesman))
        form.partner_id = self.customer
        with form.order_line.new() as line:
            line.product_id = self.machine
            line.price_unit = 2000.0
        form.miy_plan_template_id = template
        order = form.save()
        self.assertEqual(self.lines(order).mapped("percent"), [50.0, 50.0])
        self.assertEqual(self.lines(order).mapped("expected_amount"), [1000.0, 1000.0])
        self.assertEqual(self.lines(order)[1].days, 30)

    def test_template_must_add_up(self):
        with self.assert_raises_message(ValidationError, "100%"):
            self.env["miy.payment.plan.template"].create(
                {"name": "Eksik", "line_ids": [Command.create({"due_rule": "order", "percent": 60.0})]}
            )


@tagged("post_install", "-at_install")
class TestPlanTracking(PlanCommon):
    """The plan becomes dated expectations and follows invoices and payments."""

    def test_confirmation_dates(self):
        order = self.make_order(order_date=self.datetime_days_ago(5))
        advance, delivery, later = self.lines(order)
        self.assertEqual(advance.due_date, self.days_ago(5))
        self.assertEqual(advance.state, "overdue")
        self.assertEqual(advance.days_late, 5)
        self.assertFalse(delivery.due_date)
        self.assertEqual(delivery.state, "waiting")
        self.assertEqual(later.state, "waiting")
        self.deliver(order, when=self.datetime_days_ago(2))
        self.assertEqual(delivery.due_date, self.days_ago(2))
        self.assertEqual(delivery.state, "overdue")
        self.invoice(order, invoice_date=self.days_ago(1))
        self.assertEqual(later.due_date, self.days_ago(1) + timedelta(days=60))
        self.assertEqual(later.state, "planned")
        self.assertEqual(self.lines(order).mapped("invoiced_amount"), [300.0, 400.0, 300.0])

    def test_partial_payments(self):
        order = self.make_order(order_date=self.datetime_days_ago(10))
        self.deliver(order, when=self.datetime_days_ago(3))
        invoice = self.invoice(order, invoice_date=self.days_ago(3))
        self.pay(invoice, 200.0, when=self.days_ago(8))
        advance, delivery, later = self.lines(order)
        self.assertEqual(self.figures(advance), (300.0, 300.0, 200.0, 100.0, "short"))
        self.assertEqual(advance.days_late, 10)
        self.pay(invoice, 500.0, when=self.days_ago(1))
        self.assertEqual(self.figures(advance), (300.0, 300.0, 300.0, 0.0, "paid"))
        self.assertEqual(advance.paid_date, self.days_ago(1))
        self.assertEqual(advance.days_late, 9)
        self.assertEqual(self.figures(delivery), (400.0, 400.0, 400.0, 0.0, "paid"))
        self.assertEqual(delivery.days_late, 2)
        self.assertEqual(self.figures(later), (300.0, 300.0, 0.0, 300.0, "planned"))
        self.assertEqual(order.miy_plan_open_amount, 300.0)

    def test_refund(self):
        order = self.make_order(order_date=self.datetime_days_ago(1))
        self.deliver(order)
        invoice = self.invoice(order)
        refund = invoice._reverse_moves()
        refund.write({"invoice_line_ids": [Command.update(refund.invoice_line_ids[0].id, {"price_unit": 100.0})]})
        refund.action_post()
        self.pay(invoice, 900.0)
        advance, delivery, later = self.lines(order)
        # the credit note lowers the last milestone; the money received covers the rest
        self.assertEqual(later.credited_amount, 100.0)
        self.assertEqual(self.figures(advance)[2:], (300.0, 0.0, "paid"))
        self.assertEqual(self.figures(delivery)[2:], (400.0, 0.0, "paid"))
        self.assertEqual(self.figures(later)[2:], (200.0, 0.0, "paid"))
        # money paid back on the credit note is no payment any more
        order2 = self.make_order()
        self.deliver(order2)
        invoice2 = self.invoice(order2)
        self.pay(invoice2, 1000.0)
        self.assertEqual(self.lines(order2).mapped("state"), ["paid"] * 3)
        refund2 = invoice2._reverse_moves()
        refund2.action_post()
        self.env["account.payment.register"].with_context(active_model="account.move", active_ids=refund2.ids).create(
            {"journal_id": self.bank.id}
        )._create_payments()
        self.assertEqual(self.lines(order2).mapped("credited_amount"), [300.0, 400.0, 300.0])
        self.assertEqual(self.lines(order2).mapped("paid_amount"), [0.0, 0.0, 0.0])
        self.assertEqual(self.lines(order2).mapped("state"), ["paid"] * 3)

    def test_multi_currency(self):
        foreign = self.env.ref("base.EUR") if self.currency != self.env.ref("base.EUR") else self.env.ref("base.USD")
        foreign.active = True
        self.env["res.currency.rate"].search([("currency_id", "=", foreign.id)]).unlink()
        self.env["res.currency.rate"].create(
            [
                {"currency_id": foreign.id, "name": self.days_ago(30), "rate": 2.0, "company_id": self.company.id},
                {"currency_id": foreign.id, "name": self.days_ago(5), "rate": 4.0, "company_id": self.company.id},
            ]
        )
        pricelist = self.env["product.pricelist"].create({"name": "Döviz", "currency_id": foreign.id})
        order = self.make_order(
            plan=({"due_rule": "order", "percent": 50.0}, {"due_rule": "delivery", "percent": 50.0}),
            price=1000.0,
            pricelist=pricelist,
            confirm=False,
        )
        order.date_order = self.datetime_days_ago(10)
        order.action_confirm()
        order.date_order = self.datetime_days_ago(10)
        self.assertEqual(order.currency_id, foreign)
        first, second = self.lines(order)
        self.assertEqual(first.expected_amount, 500.0)
        self.assertAlmostEqual(first.expected_amount_company, 500.0 / order.currency_rate, places=2)
        self.deliver(order)
        invoice = self.invoice(order, invoice_date=self.days_ago(10))
        self.assertEqual(invoice.currency_id, foreign)
        # 600 EUR paid 10 days ago at rate 2 (300 in company currency)
        self.pay(invoice, 600.0, when=self.days_ago(10), currency=foreign)
        first.invalidate_recordset()
        self.assertEqual(self.figures(first)[2:], (500.0, 0.0, "paid"))
        self.assertAlmostEqual(first.paid_amount_company, 250.0, places=2)
        self.assertEqual(second.paid_amount, 100.0)
        self.assertAlmostEqual(second.paid_amount_company, 50.0, places=2)
        # what is open in order currency, converted at today's rate (4)
        self.assertEqual(second.open_amount, 400.0)
        self.assertAlmostEqual(second.open_amount_company, 100.0, places=2)

    def test_advance_before_invoice(self):
        """A customer payment registered as the order's advance counts before any invoice, and
        is not counted twice once reconciled with the invoice."""
        order = self.make_order(order_date=self.datetime_days_ago(3))
        payment = self.customer_payment(300.0, when=self.days_ago(2), order=order)
        advance, delivery, later = self.lines(order)
        self.assertEqual(self.figures(advance), (300.0, 0.0, 300.0, 0.0, "paid"))
        self.assertEqual(advance.paid_date, self.days_ago(2))
        self.assertEqual(delivery.paid_amount, 0.0)
        self.deliver(order)
        invoice = self.invoice(order)
        receivable = payment.move_id.line_ids.filtered(lambda line: line.account_id.account_type == "asset_receivable")
        (invoice.line_ids.filtered(lambda line: line.display_type == "payment_term") | receivable).reconcile()
        self.assertEqual(invoice.amount_residual, 700.0)
        self.assertEqual(self.lines(order).mapped("paid_amount"), [300.0, 0.0, 0.0])
        self.assertEqual(advance.paid_date, self.days_ago(2))
        self.assertEqual(self.lines(order).mapped("invoiced_amount"), [300.0, 400.0, 300.0])

    def test_advance_currency_mismatch(self):
        order = self.make_order()
        foreign = self.env.ref("base.EUR") if self.currency != self.env.ref("base.EUR") else self.env.ref("base.USD")
        foreign.active = True
        with self.assert_raises_message(ValidationError, "currency"):
            self.customer_payment(100.0, order=order, currency=foreign)
        with self.assert_raises_message(ValidationError, "customer"):
            self.customer_payment(100.0, order=order, partner=self.customer2)

    def test_one_payment_several_orders(self):
        first = self.make_order(plan=({"due_rule": "order", "percent": 100.0},), price=1000.0)
        second = self.make_order(plan=({"due_rule": "order", "percent": 100.0},), price=500.0)
        self.deliver(first)
        self.deliver(second)
        invoices = self.invoice(first) | self.invoice(second)
        payments = self.pay(invoices, 1500.0, group=True)
        self.assertEqual(len(payments), 1)
        self.assertEqual(self.figures(first.miy_plan_line_ids)[2:], (1000.0, 0.0, "paid"))
        self.assertEqual(self.figures(second.miy_plan_line_ids)[2:], (500.0, 0.0, "paid"))

    def test_invoice_from_line(self):
        """One click: a down payment for the advance (nothing delivered yet), then the regular
        invoice once delivered, through Odoo's wizard (the down payment deducted)."""
        order = self.make_order()
        advance, delivery, later = self.lines(order)
        advance.with_user(self.salesman).action_create_invoice()
        down = advance.invoice_id
        self.assertTrue(down)
        self.assertEqual(down.amount_total, 300.0)
        self.assertTrue(down.invoice_line_ids.sale_line_ids.is_downpayment)
        with self.assertRaises(UserError):
            advance.action_create_invoice()
        down.action_post()
        self.assertEqual(advance.invoiced_amount, 300.0)
        self.deliver(order)
        delivery.with_user(self.salesman).action_create_invoice()
        final = delivery.invoice_id
        self.assertEqual(final.amount_total, 700.0)
        final.invoice_date = self.days_ago(0)
        final.action_post()
        self.assertEqual(self.lines(order).mapped("invoiced_amount"), [300.0, 400.0, 300.0])
        # the 60-day milestone counts from the regular invoice, not the down payment
        self.assertEqual(later.due_date, self.days_ago(0) + timedelta(days=60))

    def test_invoice_from_line_needs_confirmed_order(self):
        order = self.make_order(confirm=False)
        with self.assertRaises(UserError):
            self.lines(order)[0].action_create_invoice()

    def test_partner_discipline(self):
        on_time = self.make_order(
            plan=({"due_rule": "order", "percent": 100.0},), order_date=self.datetime_days_ago(20)
        )
        self.deliver(on_time)
        self.pay(self.invoice(on_time, invoice_date=self.days_ago(20)), 1000.0, when=self.days_ago(20))
        late = self.make_order(plan=({"due_rule": "order", "percent": 100.0},), order_date=self.datetime_days_ago(10))
        self.deliver(late)
        self.invoice(late, invoice_date=self.days_ago(10))
        self.customer.invalidate_recordset()
        self.assertEqual(self.customer.miy_pay_milestone_count, 2)
        self.assertEqual(self.customer.miy_pay_on_time_rate, 50.0)
        self.assertEqual(self.customer.miy_pay_avg_days_late, 5.0)
        self.assertEqual(self.customer.miy_pay_overdue_amount, 1000.0)


@tagged("post_install", "-at_install")
class TestPlanDeviations(PlanCommon):
    """The daily job: one activity per deviation for the salesperson, the manager above the
    company's thresholds; managers' decisions kept as history."""

    def activities(self, order, user):
        activity_type = self.env.ref("miy_quotes.mail_activity_type_plan_deviation")
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "sale.order"),
                ("res_id", "=", order.id),
                ("user_id", "=", user.id),
                ("activity_type_id", "=", activity_type.id),
            ]
        )

    def test_cron_alerts_once(self):
        self.company.miy_plan_alert_amount = 250.0
        self.company.miy_plan_alert_days = 0
        order = self.make_order(order_date=self.datetime_days_ago(4))
        small = self.make_order(
            plan=({"due_rule": "order", "percent": 10.0}, {"due_rule": "delivery", "percent": 90.0}),
            order_date=self.datetime_days_ago(4),
        )
        Line = self.env["miy.payment.plan.line"]
        Line._cron_check_deviations()
        self.assertEqual(len(self.activities(order, self.salesman)), 1)
        self.assertEqual(len(self.activities(small, self.salesman)), 1)
        self.assertEqual(len(self.activities(order, self.manager)), 1, "300 open is above the 250 threshold")
        self.assertFalse(self.activities(small, self.manager), "100 open is below the threshold")
        Line._cron_check_deviations()
        self.assertEqual(len(self.activities(order, self.salesman)), 1, "no duplicate on a second run")
        self.assertEqual(len(self.activities(order, self.manager)), 1)
        # paid: the alert resets; late again later: a new alert
        self.deliver(order)
        invoice = self.invoice(order)
        self.pay(invoice, 300.0)
        self.assertFalse(self.lines(order)[0].alert_date)

    def test_cron_days_threshold(self):
        self.company.miy_plan_alert_amount = 0.0
        self.company.miy_plan_alert_days = 30
        recent = self.make_order(order_date=self.datetime_days_ago(5))
        old = self.make_order(order_date=self.datetime_days_ago(45))
        self.env["miy.payment.plan.line"]._cron_check_deviations()
        self.assertFalse(self.activities(recent, self.manager))
        self.assertTrue(self.activities(old, self.manager))

    def test_cron_query_count_does_not_grow(self):
        """The job is batched: as many queries for 8 late orders as for 2."""
        Line = self.env["miy.payment.plan.line"]
        self.make_order(order_date=self.datetime_days_ago(4))
        self.make_order(order_date=self.datetime_days_ago(4))
        self.env.flush_all()
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        Line._cron_check_deviations()
        small = self.env.cr.sql_log_count - before
        for _index in range(8):
            self.make_order(order_date=self.datetime_days_ago(4))
        self.env.flush_all()
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        Line._cron_check_deviations()
        large = self.env.cr.sql_log_count - before
        # activity creation subscribes the salesperson per model: a few queries, never one per order
        self.assertLessEqual(large, small + 5, f"{small} queries for 2 orders, {large} for 10")
        with self.assertQueryCount(__system__=12):
            Line._cron_check_deviations()  # nothing changed: refresh queries only

    def test_manager_records_new_date(self):
        order = self.make_order(order_date=self.datetime_days_ago(10))
        advance = self.lines(order)[0]
        self.assertEqual(advance.state, "overdue")
        new_date = fields.Date.today() + timedelta(days=7)
        decision = (
            self.env["miy.payment.plan.decision"]
            .with_user(self.manager)
            .create(
                {
                    "line_id": advance.id,
                    "decision_type": "new_date",
                    "new_date": new_date,
                    "reason": "Müşteri rica etti",
                }
            )
        )
        self.assertEqual(decision.user_id, self.manager)
        self.assertEqual(decision.previous_due_date, self.days_ago(10))
        self.assertEqual(advance.due_date, new_date)
        self.assertEqual(advance.state, "planned")
        self.assertIn("Müşteri rica etti", order.message_ids[0].body)
        with self.assertRaises(UserError):
            decision.with_user(self.manager).write({"reason": "değişti"})
        with self.assertRaises(UserError):
            decision.with_user(self.manager).unlink()
        self.assertEqual(decision.reason, "Müşteri rica etti")

    def test_waiver_and_escalation(self):
        order = self.make_order(order_date=self.datetime_days_ago(10))
        advance = self.lines(order)[0]
        Decision = self.env["miy.payment.plan.decision"].with_user(self.manager)
        Decision.create({"line_id": advance.id, "decision_type": "escalation", "reason": "Hukuka"})
        self.assertEqual(advance.state, "overdue")
        self.assertTrue(self.activities(order, self.manager))
        Decision.create({"line_id": advance.id, "decision_type": "waiver", "reason": "Hediye"})
        self.assertEqual(advance.state, "waived")
        self.assertEqual(len(advance.decision_ids), 2)

    def test_decision_needs_reason(self):
        order = self.make_order(order_date=self.datetime_days_ago(10))
        advance = self.lines(order)[0]
        Decision = self.env["miy.payment.plan.decision"].with_user(self.manager)
        with self.assert_raises_message(ValidationError, "reason"):
            Decision.create({"line_id": advance.id, "decision_type": "waiver", "reason": "   "})
        with self.assert_raises_message(ValidationError, "new date"):
            Decision.create({"line_id": advance.id, "decision_type": "new_date", "reason": "x"})
        self.assertFalse(advance.decision_ids)

    @mute_logger("odoo.addons.base.models.ir_rule", "odoo.models")
    def test_salesperson_cannot_decide(self):
        order = self.make_order(order_date=self.datetime_days_ago(10))
        advance = self.lines(order)[0]
        with self.assertRaises(AccessError):
            self.env["miy.payment.plan.decision"].with_user(self.salesman).create(
                {"line_id": advance.id, "decision_type": "waiver", "reason": "kendim"}
            )
        with self.assertRaises(AccessError):
            self.env["miy.payment.plan.decision"].with_user(self.accountant).create(
                {"line_id": advance.id, "decision_type": "waiver", "reason": "kendim"}
            )
        self.assertFalse(advance.decision_ids)
        self.assertEqual(advance.state, "overdue")
