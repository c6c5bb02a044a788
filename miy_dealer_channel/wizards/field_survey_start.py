from odoo import api, fields, models
from odoo.exceptions import UserError

from ..models.field_survey import VISIT_MODELS


class MiyFieldSurveyStart(models.TransientModel):
    """Start a field survey at a partner: pick the survey, Odoo's survey page opens with the
    answer already linked to the partner's organization (and to the visit, when started from one)."""

    _name = "miy.field.survey.start"
    _description = "Start a Field Survey"

    partner_id = fields.Many2one("res.partner", string="Customer or Dealer", required=True, ondelete="cascade")
    partner_kind = fields.Selection(
        [("customer", "Customer"), ("dealer", "Dealer")], compute="_compute_partner_kind", string="Partner Kind"
    )
    survey_id = fields.Many2one(
        "survey.survey",
        string="Field Survey",
        required=True,
        ondelete="cascade",
        domain="[('miy_field_survey', '=', True), ('miy_field_audience', 'in', ('both', partner_kind))]",
    )
    log_visit = fields.Boolean(
        string="Log the Visit",
        help="Record this visit now (an interaction, or a note on the card or the dealer profile) and link the "
        "answer to it.",
    )
    visit_model = fields.Char(string="Visit Model", readonly=True)
    visit_id = fields.Many2oneReference(string="Visit", model_field="visit_model", readonly=True)

    @api.depends("partner_id")
    def _compute_partner_kind(self):
        for wizard in self:
            wizard.partner_kind = wizard.partner_id._miy_field_partner_kind() if wizard.partner_id else False

    @api.onchange("partner_kind")
    def _onchange_partner_kind(self):
        if self.partner_kind:
            surveys = self.env["survey.survey"].search(
                [("miy_field_survey", "=", True), ("miy_field_audience", "in", ("both", self.partner_kind))], limit=2
            )
            if len(surveys) == 1 and not self.survey_id:
                self.survey_id = surveys

    def action_start(self):
        self.ensure_one()
        visit = None
        if self.visit_model and self.visit_id:
            if self.visit_model not in VISIT_MODELS or self.visit_model not in self.env:
                raise UserError(
                    self.env._(
                        "Only a visit (an interaction, or the note of a logged visit) can be linked to a field survey."
                    )
                )
            visit = self.env[self.visit_model].browse(self.visit_id).exists()
            if not visit:
                raise UserError(self.env._("The visit of this field survey was deleted."))
        elif self.log_visit:
            # refuse before logging anything when the survey cannot be started here
            self.survey_id._miy_field_check_startable(self.partner_id)
            visit = self.partner_id._miy_field_log_visit(
                self.env._("Field survey: %(survey)s", survey=self.survey_id.title)
            )
        answer = self.survey_id._miy_field_start(self.partner_id, visit=visit)
        return answer._miy_field_start_action()
