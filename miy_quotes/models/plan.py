# Part of MİY. See LICENSE file for full copyright and licensing details.
"""Payment plans: reusable templates (this file), the quote's plan lines and their dated
expectations (plan_line.py), the decisions on deviations (plan_decision.py) and the links to
orders, invoices, payments and deliveries (plan_links.py)."""

from odoo import api, fields, models
from odoo.exceptions import ValidationError

DUE_RULES = [
    ("order", "On order / advance"),
    ("delivery", "On delivery"),
    ("invoice_days", "Days after invoice"),
    ("fixed_date", "On a fixed date"),
]
AMOUNT_TYPES = [("percent", "Percentage"), ("amount", "Fixed amount")]


class MiyPaymentPlanTemplate(models.Model):
    _name = "miy.payment.plan.template"
    _description = "Payment Plan Template"
    _order = "sequence, name, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", index=True)
    line_ids = fields.One2many("miy.payment.plan.template.line", "template_id", string="Milestones", copy=True)
    note = fields.Text()

    @api.constrains("line_ids")
    def _check_total(self):
        lines = self.env["miy.payment.plan.template.line"]
        for template in self:
            lines._miy_check_values(template.line_ids)
            percents = template.line_ids.filtered(lambda line: line.amount_type == "percent")
            if percents and len(percents) == len(template.line_ids):
                total = sum(percents.mapped("percent"))
                if abs(total - 100.0) > 0.001:
                    raise self._miy_total_error(total)

    def _miy_total_error(self, total):
        return ValidationError(
            self.env._(
                "The milestones of a payment plan must add up to 100%%: they add up to %(total)s%%.",
                total=round(total, 2),
            )
        )

    def _miy_plan_line_values(self):
        """The values of the quote's plan lines made from this template."""
        self.ensure_one()
        return [
            {
                "sequence": line.sequence,
                "due_rule": line.due_rule,
                "amount_type": line.amount_type,
                "percent": line.percent,
                "amount": line.amount,
                "days": line.days,
                "fixed_date": line.fixed_date,
                "note": line.note,
            }
            for line in self.line_ids
        ]


class MiyPaymentPlanTemplateLine(models.Model):
    _name = "miy.payment.plan.template.line"
    _description = "Payment Plan Template Milestone"
    _order = "template_id, sequence, id"

    template_id = fields.Many2one("miy.payment.plan.template", required=True, ondelete="cascade", index=True)
    sequence = fields.Integer(default=10)
    due_rule = fields.Selection(DUE_RULES, required=True, default="order")
    amount_type = fields.Selection(AMOUNT_TYPES, required=True, default="percent")
    percent = fields.Float(digits=(5, 2))
    amount = fields.Float(digits="Product Price")
    days = fields.Integer(help="For a 'days after invoice' milestone: how many days after the invoice date.")
    fixed_date = fields.Date()
    note = fields.Char(translate=True)

    @api.constrains("due_rule", "amount_type", "percent", "amount", "days", "fixed_date")
    def _check_rule(self):
        self._miy_check_values(self)

    @api.model
    def _miy_check_values(self, lines):
        """Shared by template lines and quote plan lines: the checks of one milestone."""
        for line in lines:
            if line.amount_type == "percent" and not 0.0 < line.percent <= 100.0:
                raise ValidationError(
                    self.env._(
                        "A milestone's percentage must be above 0 and at most 100 (got %(value)s).", value=line.percent
                    )
                )
            if line.amount_type == "amount" and line.amount <= 0.0:
                raise ValidationError(
                    self.env._("A milestone's amount must be above zero (got %(value)s).", value=line.amount)
                )
            if line.due_rule == "invoice_days" and line.days <= 0:
                raise ValidationError(
                    self.env._(
                        "A 'days after invoice' milestone needs a number of days above zero (got %(value)s).",
                        value=line.days,
                    )
                )
            if line.due_rule == "fixed_date" and not line.fixed_date:
                raise ValidationError(self.env._("A 'fixed date' milestone needs its date."))
