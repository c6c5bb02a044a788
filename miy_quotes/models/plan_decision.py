# Part of MİY. See LICENSE file for full copyright and licensing details.
from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

DECISION_TYPES = [
    ("new_date", "New date"),
    ("waiver", "Waiver"),
    ("escalation", "Escalation"),
]


class MiyPaymentPlanDecision(models.Model):
    """A manager's decision on a payment plan deviation. Kept as history: nobody edits or deletes
    one after it is recorded (no write/unlink access, and the methods refuse too)."""

    _name = "miy.payment.plan.decision"
    _description = "Payment Plan Decision"
    _order = "id desc"
    _check_company_auto = True

    line_id = fields.Many2one(
        "miy.payment.plan.line", required=True, ondelete="cascade", index=True, string="Milestone"
    )
    order_id = fields.Many2one(related="line_id.order_id", store=True, index=True)
    company_id = fields.Many2one(related="line_id.company_id", store=True, index=True)
    partner_id = fields.Many2one(related="line_id.partner_id", string="Customer")
    decision_type = fields.Selection(DECISION_TYPES, required=True, default="new_date", string="Decision")
    new_date = fields.Date()
    reason = fields.Text(required=True)
    user_id = fields.Many2one(
        "res.users", required=True, readonly=True, default=lambda self: self.env.user, string="Decided By"
    )
    previous_due_date = fields.Date(readonly=True)
    open_amount = fields.Monetary(readonly=True, currency_field="currency_id", string="Open When Decided")
    currency_id = fields.Many2one(related="line_id.currency_id")

    @api.constrains("reason", "decision_type", "new_date")
    def _check_decision(self):
        for decision in self:
            if not (decision.reason or "").strip():
                raise ValidationError(self.env._("A decision needs its reason."))
            if decision.decision_type == "new_date" and not decision.new_date:
                raise ValidationError(self.env._("A new-date decision needs the new date."))
            if decision.line_id.order_state != "sale":
                raise ValidationError(self.env._("Decisions are recorded on the payment plan of a confirmed order."))

    @api.model_create_multi
    def create(self, vals_list):
        Line = self.env["miy.payment.plan.line"]
        for vals in vals_list:
            if not (self.env.su and vals.get("user_id")):
                vals["user_id"] = self.env.user.id  # who decided is never chosen by the caller
            line = Line.browse(vals.get("line_id"))
            vals["previous_due_date"] = line.due_date
            vals["open_amount"] = line.open_amount
        decisions = super().create(vals_list)
        Line._miy_refresh_orders(decisions.line_id.order_id.ids)
        decisions._miy_after_decision()
        return decisions

    def write(self, vals):
        if self:
            raise UserError(self.env._("A recorded decision cannot be changed: record a new one instead."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(self.env._("A recorded decision stays in the payment plan's history."))

    def _miy_after_decision(self):
        """Post the decision on the order's chatter; an escalation gives the sales team's leader
        (or, failing that, the salesperson) an activity."""
        types = dict(self._fields["decision_type"]._description_selection(self.env))
        activity_type = self.env.ref("miy_quotes.mail_activity_type_plan_deviation")
        for decision in self:
            order = decision.order_id
            label = types[decision.decision_type]
            if decision.decision_type == "new_date":
                label = self.env._("%(decision)s: %(date)s", decision=label, date=decision.new_date)
            body = self.env._(
                "Payment plan decision on %(milestone)s: %(decision)s. Reason: %(reason)s",
                milestone=decision.line_id.display_name,
                decision=label,
                reason=decision.reason,
            )
            order.message_post(body=body, subtype_xmlid="mail.mt_note")
            if decision.decision_type == "escalation":
                user = order.team_id.user_id or order.user_id
                if user:
                    order.activity_schedule(
                        activity_type_id=activity_type.id,
                        user_id=user.id,
                        summary=self.env._(
                            "Escalated payment deviation: %(milestone)s", milestone=decision.line_id.display_name
                        ),
                        note=decision.reason,
                    )
