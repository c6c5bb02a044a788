# Part of MİY. See LICENSE file for full copyright and licensing details.
"""The payment plan's links to Odoo's documents: the quote carries the plan; confirming it,
posting or cancelling its invoices, reconciling payments, posting an advance and finishing a
delivery refresh its dated expectations. The customer card's payment discipline and the
company's alert thresholds live here too."""

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL, format_amount


def _orders_of_moves(env, move_ids):
    """The orders with a payment plan that these journal entries invoice or pay in advance."""
    move_ids = sorted({move_id for move_id in move_ids if move_id})
    if not move_ids:
        return []
    # Flush only what the query reads: a flush of everything here would force Odoo's pending
    # computations (amounts, payment states...) in the middle of every posting and reconciliation.
    env["miy.payment.plan.line"].flush_model(["order_id"])
    env["account.payment"].flush_model(["move_id", "miy_sale_order_id"])
    env["account.move.line"].flush_model(["move_id"])
    env["sale.order.line"].flush_model(["order_id", "invoice_lines"])
    env.cr.execute(
        SQL(
            """SELECT DISTINCT sol.order_id
                 FROM sale_order_line_invoice_rel rel
                 JOIN sale_order_line sol ON sol.id = rel.order_line_id
                 JOIN account_move_line aml ON aml.id = rel.invoice_line_id
                WHERE aml.move_id = ANY(%s)
                  AND EXISTS (SELECT 1 FROM miy_payment_plan_line pl WHERE pl.order_id = sol.order_id)
               UNION
               SELECT p.miy_sale_order_id FROM account_payment p
                WHERE p.move_id = ANY(%s) AND p.miy_sale_order_id IS NOT NULL""",
            move_ids,
            move_ids,
        )
    )
    return [row[0] for row in env.cr.fetchall()]


def _refresh_moves(env, move_ids):
    order_ids = _orders_of_moves(env, move_ids)
    if order_ids:
        env["miy.payment.plan.line"]._miy_refresh_orders(order_ids)


class SaleOrder(models.Model):
    _inherit = "sale.order"

    miy_plan_template_id = fields.Many2one(
        "miy.payment.plan.template",
        string="Payment Plan Template",
        copy=False,
        help="Fills the payment plan with the template's milestones.",
    )
    miy_plan_line_ids = fields.One2many("miy.payment.plan.line", "order_id", string="Payment Plan", copy=True)
    miy_plan_warning = fields.Char(compute="_compute_miy_plan_summary", string="Payment Plan Warning")
    miy_plan_paid_amount = fields.Monetary(compute="_compute_miy_plan_summary", string="Plan Paid")
    miy_plan_open_amount = fields.Monetary(compute="_compute_miy_plan_summary", string="Plan Open")
    miy_plan_late_amount = fields.Monetary(compute="_compute_miy_plan_summary", string="Plan Overdue")

    @api.depends(
        "amount_total",
        "miy_plan_line_ids.amount_type",
        "miy_plan_line_ids.percent",
        "miy_plan_line_ids.amount",
        "miy_plan_line_ids.paid_amount",
        "miy_plan_line_ids.open_amount",
        "miy_plan_line_ids.state",
    )
    def _compute_miy_plan_summary(self):
        for order in self:
            lines = order.miy_plan_line_ids
            order.miy_plan_warning = order._miy_plan_total_problem() if lines else False
            order.miy_plan_paid_amount = sum(lines.mapped("paid_amount"))
            order.miy_plan_open_amount = sum(lines.mapped("open_amount"))
            order.miy_plan_late_amount = sum(
                lines.filtered(lambda line: line.state in ("short", "overdue")).mapped("open_amount")
            )

    @api.onchange("miy_plan_template_id")
    def _onchange_miy_plan_template_id(self):
        if self.miy_plan_template_id:
            self.miy_plan_line_ids = [fields.Command.clear()] + [
                fields.Command.create(values) for values in self.miy_plan_template_id._miy_plan_line_values()
            ]

    @api.constrains("miy_plan_line_ids")
    def _check_miy_plan_total(self):
        self._miy_check_plan_total()

    @api.model_create_multi
    def create(self, vals_list):
        orders = super(SaleOrder, self.with_context(miy_plan_from_order=True)).create(vals_list)
        return orders.with_env(self.env)

    def write(self, vals):
        if "miy_plan_line_ids" in vals:
            return super(SaleOrder, self.with_context(miy_plan_from_order=True)).write(vals)
        return super().write(vals)

    def _miy_refresh_if_planned(self):
        """Refresh the plans of these orders, if they have one. Called from deliveries, payments
        and invoices whose users may have no access to plans: the lookup is a plain query."""
        if not self.ids:
            return
        self.env["miy.payment.plan.line"].flush_model(["order_id"])
        self.env.cr.execute(
            SQL("SELECT DISTINCT order_id FROM miy_payment_plan_line WHERE order_id = ANY(%s)", self.ids)
        )
        order_ids = [row[0] for row in self.env.cr.fetchall()]
        if order_ids:
            self.env["miy.payment.plan.line"]._miy_refresh_orders(order_ids)

    def _miy_plan_total_problem(self):
        """Why the plan does not add up (a translated sentence), or False."""
        self.ensure_one()
        lines = self.miy_plan_line_ids
        if not lines:
            return False
        currency = self.currency_id
        if all(line.amount_type == "percent" for line in lines):
            total = sum(lines.mapped("percent"))
            if abs(total - 100.0) > 0.001:
                return self.env._(
                    "The payment plan must add up to 100%%: it adds up to %(total)s%%.", total=round(total, 2)
                )
            return False
        planned = sum(
            currency.round(self.amount_total * line.percent / 100.0) if line.amount_type == "percent" else line.amount
            for line in lines
        )
        if abs(planned - self.amount_total) > max(currency.rounding, 0.01) * len(lines):
            total = format_amount(self.env, self.amount_total, currency)
            planned = format_amount(self.env, planned, currency)
            return self.env._(
                "The payment plan must add up to the order total %(total)s: it adds up to %(planned)s.",
                total=total,
                planned=planned,
            )
        return False

    def _miy_check_plan_total(self):
        for order in self:
            problem = order._miy_plan_total_problem()
            if problem:
                raise ValidationError(problem)

    def action_confirm(self):
        self._miy_check_plan_total()
        res = super().action_confirm()
        self._miy_refresh_if_planned()
        return res

    def _action_cancel(self):
        res = super()._action_cancel()
        self._miy_refresh_if_planned()
        return res

    def action_draft(self):
        res = super().action_draft()
        self._miy_refresh_if_planned()
        return res

    def action_miy_refresh_plan(self):
        self._miy_refresh_if_planned()
        return True


class AccountMove(models.Model):
    _inherit = "account.move"

    def _post(self, soft=True):
        posted = super()._post(soft=soft)
        _refresh_moves(self.env, posted.ids)
        return posted

    def button_draft(self):
        res = super().button_draft()
        _refresh_moves(self.env, self.ids)
        return res

    def button_cancel(self):
        res = super().button_cancel()
        _refresh_moves(self.env, self.ids)
        return res


class AccountPartialReconcile(models.Model):
    _inherit = "account.partial.reconcile"

    @api.model_create_multi
    def create(self, vals_list):
        partials = super().create(vals_list)
        _refresh_moves(self.env, (partials.debit_move_id.move_id | partials.credit_move_id.move_id).ids)
        return partials

    def unlink(self):
        move_ids = (self.debit_move_id.move_id | self.credit_move_id.move_id).ids
        res = super().unlink()
        _refresh_moves(self.env, move_ids)
        return res


class AccountPayment(models.Model):
    _inherit = "account.payment"

    miy_sale_order_id = fields.Many2one(
        "sale.order",
        string="Advance for Order",
        index="btree_not_null",
        copy=False,
        check_company=True,
        domain="[('state', '=', 'sale'), ('partner_id.commercial_partner_id', '=', commercial_partner_id)]",
        help="A customer payment received before the order is invoiced: it counts against the order's "
        "payment plan until it is reconciled with an invoice.",
    )
    commercial_partner_id = fields.Many2one(related="partner_id.commercial_partner_id", string="Customer Company")

    @api.constrains("miy_sale_order_id", "currency_id", "partner_id", "payment_type")
    def _check_miy_sale_order(self):
        for payment in self.filtered("miy_sale_order_id"):
            order = payment.miy_sale_order_id
            if payment.payment_type != "inbound" or payment.partner_type != "customer":
                raise ValidationError(self.env._("Only a payment received from a customer can be an order's advance."))
            if payment.currency_id != order.currency_id:
                raise ValidationError(
                    self.env._(
                        "The advance is in %(payment)s but the order %(order)s is in %(currency)s: "
                        "register the advance in the order's currency.",
                        payment=payment.currency_id.name,
                        order=order.name,
                        currency=order.currency_id.name,
                    )
                )
            if payment.partner_id.commercial_partner_id != order.partner_id.commercial_partner_id:
                raise ValidationError(
                    self.env._("The advance's customer must be the order's customer (%(order)s).", order=order.name)
                )

    def action_post(self):
        res = super().action_post()
        self._miy_refresh_advances()
        return res

    def action_draft(self):
        res = super().action_draft()
        self._miy_refresh_advances()
        return res

    def action_cancel(self):
        res = super().action_cancel()
        self._miy_refresh_advances()
        return res

    def write(self, vals):
        before = self.miy_sale_order_id if "miy_sale_order_id" in vals else self.env["sale.order"]
        res = super().write(vals)
        if "miy_sale_order_id" in vals:
            (before | self.miy_sale_order_id)._miy_refresh_if_planned()
        return res

    def _miy_refresh_advances(self):
        self.miy_sale_order_id._miy_refresh_if_planned()


class StockPicking(models.Model):
    _inherit = "stock.picking"

    def _action_done(self):
        res = super()._action_done()
        self.sale_id._miy_refresh_if_planned()
        return res


class ResCompany(models.Model):
    _inherit = "res.company"

    miy_plan_alert_amount = fields.Monetary(
        currency_field="currency_id",
        string="Manager Alert Above Amount",
        help="A late payment plan milestone with at least this open amount (company currency) alerts the "
        "sales team's leader. Zero: no amount threshold.",
    )
    miy_plan_alert_days = fields.Integer(
        string="Manager Alert After Days",
        default=30,
        help="A payment plan milestone late by at least this many days alerts the sales team's leader. "
        "Zero: no delay threshold.",
    )

    @api.constrains("miy_plan_alert_amount", "miy_plan_alert_days")
    def _check_miy_plan_alert(self):
        for company in self:
            if company.miy_plan_alert_amount < 0 or company.miy_plan_alert_days < 0:
                raise ValidationError(self.env._("The payment plan alert thresholds cannot be negative."))


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    miy_plan_alert_amount = fields.Monetary(
        related="company_id.miy_plan_alert_amount", readonly=False, currency_field="currency_id"
    )
    miy_plan_alert_days = fields.Integer(related="company_id.miy_plan_alert_days", readonly=False)


class ResPartner(models.Model):
    _inherit = "res.partner"

    miy_pay_on_time_rate = fields.Float(
        string="Paid On Time (%)",
        readonly=True,
        digits=(5, 1),
        help="Share of the due payment plan milestones of this customer's confirmed orders paid by their due " "date.",
    )
    miy_pay_avg_days_late = fields.Float(
        string="Average Days Late",
        readonly=True,
        digits=(6, 1),
        help="Average delay of the due payment plan milestones (zero when on time).",
    )
    miy_pay_overdue_amount = fields.Float(
        string="Open Overdue Amount",
        readonly=True,
        digits="Account",
        help="Open amount of the late payment plan milestones, in the company's currency.",
    )
    miy_pay_milestone_count = fields.Integer(string="Due Milestones", readonly=True)

    @api.model
    def _miy_update_payment_discipline(self, partner_ids):
        """One statement: the payment discipline of these customer companies from their plans'
        due milestones: paid ones (on time when paid by their due date) and late ones; waived and
        not yet due ones are left out."""
        partner_ids = sorted(pid for pid in partner_ids if pid)
        if not partner_ids:
            return
        self.env.cr.execute(
            SQL(
                """
                WITH stats AS (
                    SELECT p.id AS partner_id,
                           count(l.id) AS due_count,
                           count(l.id) FILTER (WHERE l.state = 'paid' AND l.days_late = 0) AS on_time,
                           COALESCE(avg(l.days_late), 0) AS avg_late,
                           COALESCE(sum(l.open_amount_company) FILTER (WHERE l.state IN ('short', 'overdue')), 0)
                               AS overdue
                      FROM res_partner p
                 LEFT JOIN miy_payment_plan_line l
                        ON l.commercial_partner_id = p.id AND l.order_state = 'sale'
                       AND l.state IN ('paid', 'short', 'overdue')
                     WHERE p.id = ANY(%s)
                  GROUP BY p.id
                )
                UPDATE res_partner p
                   SET miy_pay_milestone_count = s.due_count,
                       miy_pay_on_time_rate = CASE WHEN s.due_count > 0
                                                   THEN round(100.0 * s.on_time / s.due_count, 1) ELSE 0 END,
                       miy_pay_avg_days_late = round(s.avg_late, 1),
                       miy_pay_overdue_amount = s.overdue
                  FROM stats s
                 WHERE p.id = s.partner_id
                   AND (p.miy_pay_milestone_count IS DISTINCT FROM s.due_count
                        OR p.miy_pay_avg_days_late IS DISTINCT FROM round(s.avg_late, 1)
                        OR p.miy_pay_overdue_amount IS DISTINCT FROM s.overdue
                        OR p.miy_pay_on_time_rate IS DISTINCT FROM CASE WHEN s.due_count > 0
                               THEN round(100.0 * s.on_time / s.due_count, 1) ELSE 0 END)
                """,
                partner_ids,
            )
        )
        self.invalidate_model(
            ["miy_pay_on_time_rate", "miy_pay_avg_days_late", "miy_pay_overdue_amount", "miy_pay_milestone_count"]
        )
