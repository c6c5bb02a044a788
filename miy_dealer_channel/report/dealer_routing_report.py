from odoo import fields, models, tools
from odoo.tools import SQL


class MiyDealerRoutingReport(models.Model):
    """What came of the leads routed to dealers, per dealer and province.

    One row per lead and dealer it went to: the current dealer of a lead (waiting, accepted, won,
    lost), and one row per decline or time-out of an earlier dealer.
    """

    _name = "miy.dealer.routing.report"
    _description = "Dealer Routing Analysis"
    _auto = False
    _order = "date desc, id desc"
    _rec_name = "lead_id"

    date = fields.Datetime(string="Routed On", readonly=True)
    dealer_id = fields.Many2one("miy.dealer", string="Dealer", readonly=True)
    tier_id = fields.Many2one("miy.dealer.tier", string="Tier", readonly=True)
    account_manager_id = fields.Many2one("res.users", string="Account Manager", readonly=True)
    lead_id = fields.Many2one("crm.lead", string="Lead", readonly=True)
    state_id = fields.Many2one("res.country.state", string="Province", readonly=True)
    product_category_id = fields.Many2one("product.category", string="Product Group", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    routed_count = fields.Integer(string="Routed", readonly=True, aggregator="sum")
    accepted_count = fields.Integer(string="Accepted", readonly=True, aggregator="sum")
    declined_count = fields.Integer(string="Declined", readonly=True, aggregator="sum")
    timed_out_count = fields.Integer(string="Timed Out", readonly=True, aggregator="sum")
    won_count = fields.Integer(string="Won", readonly=True, aggregator="sum")
    lost_count = fields.Integer(string="Lost", readonly=True, aggregator="sum")
    acceptance_hours = fields.Float(
        string="Acceptance Time (Hours)", readonly=True, aggregator="avg", help="From routing to acceptance."
    )
    response_hours = fields.Float(
        string="Response Time (Hours)",
        readonly=True,
        aggregator="avg",
        help="From routing to the dealer's answer (accepted or declined); time-outs do not count.",
    )
    revenue = fields.Monetary(
        string="Won Revenue", readonly=True, aggregator="sum", help="Expected revenue of the won leads."
    )
    order_amount = fields.Monetary(
        string="Ordered",
        readonly=True,
        aggregator="sum",
        help="Untaxed amount, in the company's currency, of the confirmed sale orders of the leads "
        "(counted for the dealer the lead is with).",
    )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """
            CREATE OR REPLACE VIEW %(table)s AS (
                SELECT row_number() OVER (ORDER BY src.date, src.lead_id, src.dealer_id) AS id, src.*
                FROM (
                    SELECT l.miy_routed_date AS date,
                           l.miy_dealer_id AS dealer_id,
                           d.tier_id AS tier_id,
                           d.user_id AS account_manager_id,
                           l.id AS lead_id,
                           l.state_id AS state_id,
                           l.miy_product_category_id AS product_category_id,
                           d.company_id AS company_id,
                           c.currency_id AS currency_id,
                           1 AS routed_count,
                           CASE WHEN l.miy_accepted_date IS NOT NULL THEN 1 ELSE 0 END AS accepted_count,
                           0 AS declined_count,
                           0 AS timed_out_count,
                           CASE WHEN l.active AND s.is_won THEN 1 ELSE 0 END AS won_count,
                           CASE WHEN NOT l.active AND COALESCE(l.probability, 0) = 0 THEN 1 ELSE 0 END
                               AS lost_count,
                           EXTRACT(EPOCH FROM (l.miy_accepted_date - l.miy_routed_date)) / 3600.0
                               AS acceptance_hours,
                           EXTRACT(EPOCH FROM (l.miy_accepted_date - l.miy_routed_date)) / 3600.0
                               AS response_hours,
                           CASE WHEN l.active AND s.is_won THEN COALESCE(l.expected_revenue, 0) ELSE 0 END
                               AS revenue,
                           COALESCE((
                               SELECT SUM(so.amount_untaxed / COALESCE(NULLIF(so.currency_rate, 0), 1))
                                 FROM sale_order so
                                WHERE so.opportunity_id = l.id AND so.state = 'sale'
                           ), 0) AS order_amount
                      FROM crm_lead l
                      JOIN miy_dealer d ON d.id = l.miy_dealer_id
                      JOIN res_company c ON c.id = d.company_id
                 LEFT JOIN crm_stage s ON s.id = l.stage_id
                     WHERE l.miy_dealer_state IN ('routed', 'accepted')
                 UNION ALL
                    SELECT x.routed_date AS date,
                           x.dealer_id AS dealer_id,
                           d.tier_id AS tier_id,
                           d.user_id AS account_manager_id,
                           l.id AS lead_id,
                           l.state_id AS state_id,
                           l.miy_product_category_id AS product_category_id,
                           d.company_id AS company_id,
                           c.currency_id AS currency_id,
                           1 AS routed_count,
                           0 AS accepted_count,
                           CASE WHEN x.timed_out THEN 0 ELSE 1 END AS declined_count,
                           CASE WHEN x.timed_out THEN 1 ELSE 0 END AS timed_out_count,
                           0 AS won_count,
                           0 AS lost_count,
                           NULL::numeric AS acceptance_hours,
                           CASE WHEN x.timed_out THEN NULL
                                ELSE EXTRACT(EPOCH FROM (x.create_date - x.routed_date)) / 3600.0 END
                               AS response_hours,
                           0 AS revenue,
                           0 AS order_amount
                      FROM miy_dealer_lead_decline x
                      JOIN crm_lead l ON l.id = x.lead_id
                      JOIN miy_dealer d ON d.id = x.dealer_id
                      JOIN res_company c ON c.id = d.company_id
                ) src
            )
            """,
                table=SQL.identifier(self._table),
            )
        )
