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
    survey_id = fields.Many2one(
        "survey.survey",
        string="Field Survey",
        ondelete="cascade",
        domain="[('miy_field_survey', '=', True), ('miy_field_audience', 'in', ('both', 'dealer'))]",
        help="Run this field survey now: its page opens once the visit is logged, linked to the visit.",
    )

    def action_log(self):
        self.ensure_one()
        details = self.details if html2plaintext(self.details or "").strip() else False
        if self.survey_id:  # refuse before logging anything when the survey cannot be started
            self.survey_id._miy_field_check_startable(self.dealer_id.partner_id)
        visit = self.dealer_id._miy_log_visit(self.channel, self.subject, self.date, details)
        if self.survey_id:
            answer = self.survey_id._miy_field_start(self.dealer_id.partner_id, visit=visit)
            return answer._miy_field_start_action()
        return {"type": "ir.actions.act_window_close"}
