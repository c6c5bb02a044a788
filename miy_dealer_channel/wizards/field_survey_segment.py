from odoo import Command, api, fields, models
from odoo.exceptions import UserError


class MiyFieldSurveySegmentWizard(models.TransientModel):
    """Compare field survey results across segments.

    Segment membership is a dynamic domain evaluated now, and a partner may belong to several
    segments: the figures cannot be a column of the SQL view. The wizard reads the analysis once per
    segment (one grouped query each, whatever the number of answers) and shows the figures side by
    side in a pivot."""

    _name = "miy.field.survey.segment.wizard"
    _description = "Field Survey Results by Segment"

    survey_id = fields.Many2one(
        "survey.survey", string="Field Survey", domain="[('miy_field_survey', '=', True)]", ondelete="cascade"
    )
    segment_ids = fields.Many2many("miy.segment", string="Segments", required=True)
    date_from = fields.Date(string="From")
    date_to = fields.Date(string="To")
    completed_only = fields.Boolean(string="Completed Only", default=True)
    line_ids = fields.One2many("miy.field.survey.segment.line", "wizard_id", string="Results")

    @api.model
    def _miy_base_domain(self, survey=None, date_from=None, date_to=None, completed_only=True):
        domain = [("skipped", "=", False)]
        if survey:
            domain.append(("survey_id", "=", survey.id))
        if date_from:
            domain.append(("date", ">=", date_from))
        if date_to:
            domain.append(("date", "<", fields.Date.add(date_to, days=1)))
        if completed_only:
            domain.append(("answer_state", "=", "done"))
        return domain

    def _miy_compute_lines(self):
        self.ensure_one()
        if not self.segment_ids:
            raise UserError(self.env._("Choose at least one segment to compare."))
        Report = self.env["miy.field.survey.report"]
        base = self._miy_base_domain(self.survey_id, self.date_from, self.date_to, self.completed_only)
        commands = [Command.clear()]
        for segment in self.segment_ids:
            domain = base + Report._miy_segment_partner_domain(segment)
            rows = Report._read_group(
                domain,
                ["survey_id", "question_id", "suggested_answer_id"],
                ["__count", "survey_count:sum", "value_number:avg", "partner_id:count_distinct"],
            )
            for survey, question, choice, count, surveys, average, partners in rows:
                commands.append(
                    Command.create(
                        {
                            "segment_id": segment.id,
                            "survey_id": survey.id,
                            "question_id": question.id,
                            "suggested_answer_id": choice.id,
                            "answer_count": count,
                            "survey_count": surveys,
                            "partner_count": partners,
                            "value_number": average or 0.0,
                        }
                    )
                )
        self.line_ids = commands

    def action_compare(self):
        self.ensure_one()
        self._miy_compute_lines()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "miy_dealer_channel.miy_field_survey_segment_line_action"
        )
        action["domain"] = [("wizard_id", "=", self.id)]
        return action


class MiyFieldSurveySegmentLine(models.TransientModel):
    """One figure of the segment comparison: a segment, a question and a choice (or none)."""

    _name = "miy.field.survey.segment.line"
    _description = "Field Survey Result of a Segment"
    _order = "segment_id, question_id, suggested_answer_id, id"

    wizard_id = fields.Many2one("miy.field.survey.segment.wizard", required=True, ondelete="cascade", index=True)
    segment_id = fields.Many2one("miy.segment", string="Segment", readonly=True, ondelete="cascade")
    survey_id = fields.Many2one("survey.survey", string="Survey", readonly=True, ondelete="cascade")
    question_id = fields.Many2one("survey.question", string="Question", readonly=True, ondelete="cascade")
    suggested_answer_id = fields.Many2one("survey.question.answer", string="Choice", readonly=True, ondelete="cascade")
    answer_count = fields.Integer(string="Answers", readonly=True)
    survey_count = fields.Integer(string="Surveys", readonly=True)
    partner_count = fields.Integer(string="Partners", readonly=True, aggregator="max")
    value_number = fields.Float(string="Numeric Answer (avg)", readonly=True, aggregator="avg")
