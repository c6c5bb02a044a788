# Part of MİY. See LICENSE file for full copyright and licensing details.
from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools.misc import formatLang


class MiyQuoteVersionCompare(models.TransientModel):
    _name = "miy.quote.version.compare"
    _description = "Compare Two Sent Versions of a Quote"

    order_id = fields.Many2one("sale.order", string="Quote", required=True, readonly=True)
    version_from_id = fields.Many2one(
        "miy.quote.version", string="Older Version", required=True, domain="[('order_id', '=', order_id)]"
    )
    version_to_id = fields.Many2one(
        "miy.quote.version", string="Newer Version", required=True, domain="[('order_id', '=', order_id)]"
    )
    currency_id = fields.Many2one(related="order_id.currency_id")
    amount_total_from = fields.Monetary(related="version_from_id.amount_total", string="Total Before")
    amount_total_to = fields.Monetary(related="version_to_id.amount_total", string="Total After")
    diff_html = fields.Html(string="Differences", compute="_compute_diff_html", sanitize=False)

    @api.constrains("order_id", "version_from_id", "version_to_id")
    def _check_same_order(self):
        for wizard in self:
            if (wizard.version_from_id | wizard.version_to_id).order_id != wizard.order_id:
                raise ValidationError(self.env._("Compare two versions of the same quote."))

    @api.depends("version_from_id", "version_to_id")
    def _compute_diff_html(self):
        for wizard in self:
            old, new = wizard.version_from_id, wizard.version_to_id
            if not old or not new:
                wizard.diff_html = False
                continue
            if old.revision > new.revision:
                old, new = new, old
            # QWeb escapes every value: descriptions typed by users are text, never markup
            wizard.diff_html = self.env["ir.qweb"]._render(
                "miy_quotes.miy_quote_version_diff",
                {"rows": old._miy_diff(new), "old": old, "new": new, "format_amount": self._format_amount},
            )

    def _format_amount(self, value, digits=2):
        if value is None:
            return ""
        return formatLang(self.env, value, digits=digits)
