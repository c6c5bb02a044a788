# Part of MİY. See LICENSE file for full copyright and licensing details.
from odoo import fields, models, tools
from odoo.tools import SQL

# Value bands of a quote, in company currency (untaxed).
VALUE_BANDS = [
    ("under_100k", "Under 100,000"),
    ("100k_1m", "100,000 to 1,000,000"),
    ("1m_5m", "1,000,000 to 5,000,000"),
    ("over_5m", "Over 5,000,000"),
]


class MiyQuoteAnalysis(models.Model):
    """One row per quote, for win/loss pivots and graphs (a SQL view over stored fields only).

    ``win_rate`` is 100 for a won quote, 0 for a lost one and empty otherwise: its average over
    any group is the group's win rate among decided quotes.
    """

    _name = "miy.quote.analysis"
    _description = "Quote Win/Loss Analysis"
    _auto = False
    _rec_name = "order_id"
    _order = "date desc"

    order_id = fields.Many2one("sale.order", string="Quote", readonly=True)
    date = fields.Datetime(string="Quote Date", readonly=True)
    first_sent_date = fields.Datetime(string="First Sent", readonly=True)
    decision_date = fields.Datetime(string="Decided On", readonly=True)
    request_date = fields.Datetime(string="Requested On", readonly=True, help="Creation of the opportunity.")
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    user_id = fields.Many2one("res.users", string="Salesperson", readonly=True)
    team_id = fields.Many2one("crm.team", string="Sales Team", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    opportunity_id = fields.Many2one("crm.lead", string="Opportunity", readonly=True)
    categ_id = fields.Many2one("product.category", string="Product Category", readonly=True)
    outcome = fields.Selection(
        [("open", "Open"), ("won", "Won"), ("lost", "Lost"), ("cancelled", "Cancelled")], readonly=True
    )
    value_band = fields.Selection(VALUE_BANDS, readonly=True)
    lost_reason_id = fields.Many2one("crm.lost.reason", string="Lost Reason", readonly=True)
    competitor_id = fields.Many2one("res.partner", string="Won By Competitor", readonly=True)
    amount = fields.Monetary(string="Untaxed Amount", readonly=True, aggregator="sum")
    competitor_price = fields.Monetary(string="Competitor's Price", readonly=True, aggregator="sum")
    win_rate = fields.Float(string="Win Rate (%)", readonly=True, aggregator="avg")
    won_count = fields.Integer(string="Won", readonly=True, aggregator="sum")
    lost_count = fields.Integer(string="Lost", readonly=True, aggregator="sum")
    decided_count = fields.Integer(string="Decided", readonly=True, aggregator="sum")
    days_to_first_sent = fields.Float(
        string="Days to First Sent",
        readonly=True,
        aggregator="avg",
        help="From the request (opportunity created) to the first sent version.",
    )
    days_to_decision = fields.Float(
        string="Days to Decision", readonly=True, aggregator="avg", help="From the first sent version to won or lost."
    )

    def _query(self):
        return SQL(
            """
            SELECT so.id AS id,
                   so.id AS order_id,
                   so.create_date AS date,
                   so.miy_first_sent_date AS first_sent_date,
                   so.miy_decision_date AS decision_date,
                   lead.create_date AS request_date,
                   COALESCE(partner.commercial_partner_id, so.partner_id) AS partner_id,
                   so.user_id AS user_id,
                   so.team_id AS team_id,
                   so.company_id AS company_id,
                   company.currency_id AS currency_id,
                   so.opportunity_id AS opportunity_id,
                   so.miy_main_categ_id AS categ_id,
                   so.miy_outcome AS outcome,
                   CASE
                       WHEN so.amount_untaxed::float8 / COALESCE(NULLIF(so.currency_rate, 0), 1)::float8 < 100000 THEN 'under_100k'
                       WHEN so.amount_untaxed::float8 / COALESCE(NULLIF(so.currency_rate, 0), 1)::float8 < 1000000 THEN '100k_1m'
                       WHEN so.amount_untaxed::float8 / COALESCE(NULLIF(so.currency_rate, 0), 1)::float8 < 5000000 THEN '1m_5m'
                       ELSE 'over_5m'
                   END AS value_band,
                   so.miy_lost_reason_id AS lost_reason_id,
                   so.miy_lost_competitor_id AS competitor_id,
                   so.amount_untaxed::float8 / COALESCE(NULLIF(so.currency_rate, 0), 1)::float8 AS amount,
                   COALESCE(so.miy_lost_competitor_price, 0)::float8 / COALESCE(NULLIF(so.currency_rate, 0), 1)::float8
                       AS competitor_price,
                   CASE so.miy_outcome WHEN 'won' THEN 100.0::float8 WHEN 'lost' THEN 0.0::float8 END AS win_rate,
                   (so.miy_outcome = 'won')::int AS won_count,
                   (so.miy_outcome = 'lost')::int AS lost_count,
                   (so.miy_outcome IN ('won', 'lost'))::int AS decided_count,
                   date_part('epoch', so.miy_first_sent_date - lead.create_date) / 86400.0 AS days_to_first_sent,
                   date_part('epoch', so.miy_decision_date - so.miy_first_sent_date) / 86400.0 AS days_to_decision
              FROM sale_order so
              LEFT JOIN res_company company ON company.id = so.company_id
              LEFT JOIN res_partner partner ON partner.id = so.partner_id
              LEFT JOIN crm_lead lead ON lead.id = so.opportunity_id
            """
        )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(SQL("CREATE OR REPLACE VIEW %s AS (%s)", SQL.identifier(self._table), self._query()))
