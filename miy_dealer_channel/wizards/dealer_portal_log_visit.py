from odoo import fields, models
from odoo.tools import html2plaintext


class MiyDealerLogVisit(models.TransientModel):
    """Log a visit to a dealer or a call with it, from the dealer profile."""

    _name = "miy.dealer.log.visit"
    _description = "Log a Dealer Visit or Call"

    dealer_id = fields.Many2one("miy.dealer", required=True, ondelete="cascade")
    channel = fields.Selection([("visit", "Visit"), ("phone", "Call")], required=True, default="visit")
    subject = fields.Char(required=True)
    date = fields.Datetime(required=True, default=fields.Datetime.now)
    details = fields.Html()

    def action_log(self):
        self.ensure_one()
        details = self.details if html2plaintext(self.details or "").strip() else False
        self.dealer_id._miy_log_visit(self.channel, self.subject, self.date, details)
        return {"type": "ir.actions.act_window_close"}
