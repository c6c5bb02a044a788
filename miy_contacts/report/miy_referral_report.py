from odoo import fields, models, tools
from odoo.tools import SQL


class MiyReferralReport(models.Model):
    """Which customers brought which customers, and what they are worth.

    One row per referrer, referred commercial entity (a person referred together with the firm
    they work for counts once) and company, with the won opportunities of that entity and its
    contacts in that company. Amounts are never added across companies: each row's revenue is in
    its company's currency (``currency_id``), the pivot groups by company first, and a record rule
    shows each user the rows of their companies.
    """

    _name = "miy.referral.report"
    _description = "Referral Analysis"
    _auto = False
    _order = "won_revenue desc, id"
    _rec_name = "partner_id"

    referrer_id = fields.Many2one("res.partner", string="Referrer", readonly=True)
    referrer_commercial_id = fields.Many2one("res.partner", string="Referrer's Company", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Referred Customer", readonly=True)
    date = fields.Date(string="Referral Date", readonly=True)
    customer_since = fields.Date(readonly=True)
    company_id = fields.Many2one(
        "res.company",
        readonly=True,
        help="The company of the won opportunities (the referred customer's company while none is won).",
    )
    currency_id = fields.Many2one("res.currency", string="Currency", readonly=True)
    won_count = fields.Integer(string="Won Opportunities", readonly=True, aggregator="sum")
    won_revenue = fields.Monetary(string="Won Revenue", readonly=True, aggregator="sum", currency_field="currency_id")
    referral_count = fields.Integer(string="Referred Customers", readonly=True, aggregator="sum")

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """
                CREATE OR REPLACE VIEW %(table)s AS (
                    WITH referral AS (
                        SELECT referred.miy_referred_by_id AS referrer_id,
                               referred.commercial_partner_id AS partner_id,
                               MIN(referred.create_date)::date AS date
                          FROM res_partner referred
                         WHERE referred.miy_referred_by_id IS NOT NULL
                      GROUP BY referred.miy_referred_by_id, referred.commercial_partner_id
                    ), won AS (
                        SELECT customer.commercial_partner_id AS partner_id,
                               lead.company_id,
                               COUNT(lead.id) AS won_count,
                               SUM(COALESCE(lead.expected_revenue, 0)) AS won_revenue
                          FROM crm_lead lead
                          JOIN res_partner customer ON customer.id = lead.partner_id
                     LEFT JOIN crm_stage stage ON stage.id = lead.stage_id
                         WHERE lead.active AND (COALESCE(stage.is_won, FALSE) OR lead.probability >= 100)
                           AND customer.commercial_partner_id IN (SELECT partner_id FROM referral)
                      GROUP BY customer.commercial_partner_id, lead.company_id
                    )
                    SELECT ROW_NUMBER() OVER (
                               ORDER BY referral.referrer_id, referral.partner_id, won.company_id
                           ) AS id,
                           referral.referrer_id,
                           referrer.commercial_partner_id AS referrer_commercial_id,
                           referral.partner_id,
                           referral.date,
                           customer.miy_customer_since AS customer_since,
                           company.id AS company_id,
                           company.currency_id,
                           COALESCE(won.won_count, 0) AS won_count,
                           COALESCE(won.won_revenue, 0) AS won_revenue,
                           1 AS referral_count
                      FROM referral
                      JOIN res_partner referrer ON referrer.id = referral.referrer_id
                      JOIN res_partner customer ON customer.id = referral.partner_id
                 LEFT JOIN won ON won.partner_id = referral.partner_id
                 LEFT JOIN res_company company ON company.id = COALESCE(won.company_id, customer.company_id)
                )
                """,
                table=SQL.identifier(self._table),
            )
        )
