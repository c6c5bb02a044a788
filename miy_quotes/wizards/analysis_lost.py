# Part of MİY. See LICENSE file for full copyright and licensing details.
from odoo import api, fields, models
from odoo.exceptions import UserError


class MiyQuoteLost(models.TransientModel):
    _name = "miy.quote.lost"
    _description = "Mark Quotes as Lost"

    order_ids = fields.Many2many(
        "sale.order", string="Quotes", required=True, default=lambda self: self._default_order_ids()
    )
    lost_reason_id = fields.Many2one("crm.lost.reason", string="Lost Reason", required=True)
    competitor_id = fields.Many2one(
        "res.partner",
        string="Won By Competitor",
        domain="[('miy_role_ids.code', '=', 'competitor')]",
        help="The competitor the customer chose (partners with the Competitor role).",
    )
    competitor_price = fields.Monetary(string="Competitor's Price", help="Their price, when known.")
    currency_id = fields.Many2one("res.currency", compute="_compute_currency_id")
    note = fields.Text()

    def _default_order_ids(self):
        # from the quotes list (several selected quotes): the action passes them as active_ids
        if self.env.context.get("active_model") == "sale.order":
            return self.env["sale.order"].browse(self.env.context.get("active_ids") or [])
        return self.env["sale.order"]

    @api.depends("order_ids")
    def _compute_currency_id(self):
        for wizard in self:
            wizard.currency_id = wizard.order_ids[:1].currency_id or self.env.company.currency_id

    def action_apply(self):
        self.ensure_one()
        if not self.lost_reason_id:
            raise UserError(self.env._("Choose a lost reason: a quote cannot be lost without one."))
        if self.competitor_price < 0:
            raise UserError(self.env._("The competitor's price cannot be negative."))
        self.order_ids._miy_mark_lost(
            self.lost_reason_id, competitor=self.competitor_id, competitor_price=self.competitor_price, note=self.note
        )
        return {"type": "ir.actions.act_window_close"}
