"""The results of segment campaigns: one row per lead or sale order of a targeted partner.

A lead counts for a campaign when it carries the campaign (its UTM campaign) or when a targeted
partner's organization created it in the campaign's window; quotations and orders count when a
targeted partner's organization has them dated in the window. The same documents dated in the
previous period of the same length are the comparison ("previous"). Days are the campaign
responsible's days (time zone), amounts are untaxed, in the company's currency.
"""

from odoo import fields, models
from odoo.tools import SQL


class MiyCampaignResult(models.Model):
    _name = "miy.campaign.result"
    _description = "Campaign Results"
    _auto = False
    _order = "date desc, id desc"
    _rec_name = "campaign_id"
    _depends = {
        "utm.campaign": ["company_id", "user_id", "miy_state", "miy_date_start", "miy_date_end"],
        "miy.campaign.target": ["campaign_id", "commercial_partner_id"],
        "crm.lead": ["partner_id", "user_id", "campaign_id", "company_id", "create_date"],
        "sale.order": ["partner_id", "user_id", "company_id", "state", "date_order", "amount_untaxed", "currency_rate"],
        "res.partner": ["commercial_partner_id", "tz"],
    }

    campaign_id = fields.Many2one("utm.campaign", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    user_id = fields.Many2one("res.users", string="Salesperson", readonly=True)
    lead_id = fields.Many2one("crm.lead", string="Lead", readonly=True)
    order_id = fields.Many2one("sale.order", string="Sales Order", readonly=True)
    date = fields.Date(readonly=True)
    period = fields.Selection([("current", "Campaign Period"), ("previous", "Previous Period")], readonly=True)
    lead_count = fields.Integer(string="Leads", readonly=True, aggregator="sum")
    quote_count = fields.Integer(string="Quotations", readonly=True, aggregator="sum")
    order_count = fields.Integer(string="Orders", readonly=True, aggregator="sum")
    revenue = fields.Monetary(currency_field="currency_id", readonly=True, aggregator="sum")

    def _miy_windows_sql(self):
        return SQL(
            """
            SELECT c.id AS campaign_id, c.company_id, rc.currency_id,
                   c.miy_date_start AS ds, c.miy_date_end AS de,
                   c.miy_date_start - (c.miy_date_end - c.miy_date_start + 1) AS ps,
                   COALESCE(NULLIF(up.tz, ''), 'UTC') AS tz
              FROM utm_campaign c
              JOIN res_company rc ON rc.id = c.company_id
              LEFT JOIN res_users u ON u.id = c.user_id
              LEFT JOIN res_partner up ON up.id = u.partner_id
             WHERE c.miy_state IN ('running', 'done')
               AND c.miy_date_start IS NOT NULL AND c.miy_date_end IS NOT NULL
            """
        )

    @property
    def _table_query(self):
        windows = self._miy_windows_sql()
        return SQL(
            """
            SELECT (w.campaign_id::bigint << 32) + l.id * 2 AS id,
                   w.campaign_id, w.company_id, w.currency_id,
                   l.partner_id, l.user_id, l.id AS lead_id, NULL::integer AS order_id,
                   d.day AS date,
                   CASE WHEN l.campaign_id = w.campaign_id OR d.day >= w.ds THEN 'current' ELSE 'previous' END AS period,
                   1 AS lead_count, 0 AS quote_count, 0 AS order_count, 0.0 AS revenue
              FROM (
                    SELECT t.campaign_id, l.id AS lead_id
                      FROM miy_campaign_target t
                      JOIN res_partner p ON p.commercial_partner_id = t.commercial_partner_id
                      JOIN crm_lead l ON l.partner_id = p.id
                    UNION
                    SELECT l.campaign_id, l.id FROM crm_lead l WHERE l.campaign_id IS NOT NULL
                   ) s
              JOIN (%(windows)s) w ON w.campaign_id = s.campaign_id
              JOIN crm_lead l ON l.id = s.lead_id
              CROSS JOIN LATERAL (
                    SELECT ((l.create_date AT TIME ZONE 'UTC') AT TIME ZONE w.tz)::date AS day
                   ) d
             WHERE (l.company_id IS NULL OR l.company_id = w.company_id)
               AND (l.campaign_id = w.campaign_id OR d.day BETWEEN w.ps AND w.de)
            UNION ALL
            SELECT (w.campaign_id::bigint << 32) + so.id * 2 + 1 AS id,
                   w.campaign_id, w.company_id, w.currency_id,
                   so.partner_id, so.user_id, NULL::integer AS lead_id, so.id AS order_id,
                   d.day AS date,
                   CASE WHEN d.day >= w.ds THEN 'current' ELSE 'previous' END AS period,
                   0 AS lead_count,
                   CASE WHEN so.state IN ('draft', 'sent') THEN 1 ELSE 0 END AS quote_count,
                   CASE WHEN so.state = 'sale' THEN 1 ELSE 0 END AS order_count,
                   CASE WHEN so.state = 'sale'
                        THEN so.amount_untaxed / COALESCE(NULLIF(so.currency_rate, 0), 1.0)
                        ELSE 0.0 END AS revenue
              FROM (SELECT DISTINCT campaign_id, commercial_partner_id FROM miy_campaign_target) t
              JOIN (%(windows)s) w ON w.campaign_id = t.campaign_id
              JOIN res_partner p ON p.commercial_partner_id = t.commercial_partner_id
              JOIN sale_order so ON so.partner_id = p.id
              CROSS JOIN LATERAL (
                    SELECT ((so.date_order AT TIME ZONE 'UTC') AT TIME ZONE w.tz)::date AS day
                   ) d
             WHERE so.company_id = w.company_id
               AND so.state IN ('draft', 'sent', 'sale')
               AND d.day BETWEEN w.ps AND w.de
            """,
            windows=windows,
        )
