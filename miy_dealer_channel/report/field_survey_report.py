from odoo import api, fields, models, tools
from odoo.osv import expression
from odoo.tools import SQL


class MiyFieldSurveyReport(models.Model):
    """Field survey results: one row per answer line of a field survey, with the surveyed
    organization, its province and sales region, its kind (customer or dealer), who surveyed it and
    when (a SQL view over Odoo's survey tables and stored, indexed columns).

    The region is the first active sales region (by sequence) naming the partner's province, as in
    the market-share report. Segments are dynamic domains on partners (``miy.segment``): the
    *Segment* search field filters the rows of the segment's members (organizations in the segment,
    or whose contacts are); :class:`MiyFieldSurveySegmentWizard` compares several segments.
    """

    _name = "miy.field.survey.report"
    _description = "Field Survey Analysis"
    _auto = False
    _order = "date desc, user_input_id desc, question_sequence, id"
    _rec_name = "question_id"

    user_input_id = fields.Many2one("survey.user_input", string="Field Survey Answer", readonly=True)
    survey_id = fields.Many2one("survey.survey", string="Survey", readonly=True)
    question_id = fields.Many2one("survey.question", string="Question", readonly=True)
    question_sequence = fields.Integer(readonly=True, aggregator=None)
    suggested_answer_id = fields.Many2one("survey.question.answer", string="Choice", readonly=True)
    matrix_row_id = fields.Many2one("survey.question.answer", string="Matrix Row", readonly=True)
    value_number = fields.Float(
        string="Numeric Answer", readonly=True, aggregator="avg", help="Numerical and scale answers; averaged."
    )
    value_text = fields.Char(string="Text Answer", readonly=True)
    skipped = fields.Boolean(readonly=True)
    answer_score = fields.Float(string="Score", readonly=True, aggregator="avg")
    survey_count = fields.Integer(
        string="Surveys", readonly=True, help="Number of distinct field survey answers (surveyed visits)."
    )
    partner_id = fields.Many2one("res.partner", string="Customer or Dealer", readonly=True)
    partner_kind = fields.Selection([("customer", "Customer"), ("dealer", "Dealer")], readonly=True)
    state_id = fields.Many2one("res.country.state", string="Province", readonly=True)
    region_id = fields.Many2one("miy.dealer.region", string="Region", readonly=True)
    surveyor_id = fields.Many2one("res.users", string="Surveyed By", readonly=True)
    date = fields.Datetime(readonly=True, help="When the answer was completed (or started, if not completed).")
    answer_state = fields.Selection(
        [("new", "New"), ("in_progress", "In Progress"), ("done", "Completed")], string="Status", readonly=True
    )
    company_id = fields.Many2one("res.company", readonly=True)
    segment_id = fields.Many2one(
        "miy.segment",
        string="Segment",
        compute="_compute_segment_id",
        search="_search_segment_id",
        help="Rows of the partners of a segment, evaluated now.",
    )

    def _query(self):
        return SQL(
            """
            SELECT l.id, l.user_input_id, ui.survey_id, l.question_id, l.question_sequence,
                   l.suggested_answer_id, l.matrix_row_id,
                   CASE l.answer_type WHEN 'numerical_box' THEN l.value_numerical_box
                                      WHEN 'scale' THEN l.value_scale::float8 END AS value_number,
                   COALESCE(l.value_char_box, l.value_text_box, l.value_date::text,
                            to_char(l.value_datetime, 'YYYY-MM-DD HH24:MI')) AS value_text,
                   COALESCE(l.skipped, FALSE) AS skipped, l.answer_score,
                   1 AS survey_count,
                   ui.miy_field_partner_id AS partner_id, ui.miy_field_partner_kind AS partner_kind,
                   p.state_id, reg.region_id, ui.miy_field_surveyor_id AS surveyor_id,
                   COALESCE(ui.end_datetime, ui.create_date) AS date, ui.state AS answer_state,
                   ui.miy_field_company_id AS company_id
              FROM survey_user_input_line l
              JOIN survey_user_input ui ON ui.id = l.user_input_id
              JOIN res_partner p ON p.id = ui.miy_field_partner_id
         LEFT JOIN (SELECT DISTINCT ON (rel.state_id) rel.state_id, r.id AS region_id
                      FROM miy_dealer_region_state_rel rel
                      JOIN miy_dealer_region r ON r.id = rel.region_id
                     WHERE r.active
                  ORDER BY rel.state_id, r.sequence, r.name->>'en_US', r.id) reg ON reg.state_id = p.state_id
             WHERE ui.miy_field_partner_id IS NOT NULL AND NOT COALESCE(ui.test_entry, FALSE)
            """
        )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(SQL("CREATE VIEW %s AS (%s)", SQL.identifier(self._table), self._query()))

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None):
        # a SQL view: what it reads must be in the database first (e.g. a province just changed)
        self.env["survey.user_input"].flush_model()
        self.env["survey.user_input.line"].flush_model()
        self.env["res.partner"].flush_model(["state_id"])
        self.env["miy.dealer.region"].flush_model()
        return super()._search(domain, offset=offset, limit=limit, order=order)

    def _compute_segment_id(self):
        self.segment_id = False

    @api.model
    def _miy_segment_partner_domain(self, segments):
        """The rows' partners in any of ``segments``: the organization is a member, or one of its
        contacts is (segments select organizations and persons alike)."""
        domains = []
        for segment in segments:  # one domain per segment, evaluated by the database in one query
            member = segment._get_partner_domain()
            domains.append(["|", ("partner_id", "any", member), ("partner_id.child_ids", "any", member)])
        return expression.OR(domains) if domains else expression.FALSE_DOMAIN

    def _search_segment_id(self, operator, value):
        Segment = self.env["miy.segment"]
        if operator in ("=", "in") and value:
            ids = [value] if isinstance(value, int) else list(value)
            segments = Segment.search([("id", "in", ids)])  # the user's rights (personal-data segments)
        elif operator in ("ilike", "like", "=ilike") and isinstance(value, str):
            segments = Segment.search([("name", operator, value)])
        else:
            return expression.FALSE_DOMAIN if operator not in ("!=", "not in") else expression.TRUE_DOMAIN
        return self._miy_segment_partner_domain(segments)

    @api.model
    def _read_group_select(self, aggregate_spec, query):
        """*Surveys* counts distinct answers: a survey with four questions is one survey."""
        if aggregate_spec == "survey_count:sum":
            return SQL("COUNT(DISTINCT %s)", self._field_to_sql(self._table, "user_input_id", query))
        return super()._read_group_select(aggregate_spec, query)
