"""Back-office analysis of dealer stock and sell-out (SQL views, read-only).

- ``miy.dealer.stock.analysis``: per dealer and product, the latest submitted stock, the average
  daily sell-out over the last N days (``miy_dealer_channel.sellout_window_days``, 90 by default),
  the days of cover (stock / daily sell-out) and the reorder suggestion
  (ceil((target cover days - days of cover) x daily sell-out), never below 0).
- ``miy.dealer.sellthrough.analysis``: sell-in (confirmed sale order lines to the dealer, by order
  date) against sell-out (submitted sell-out reports, by the period's end) per dealer, product and
  date, for pivot and graph views.

A report corrected by a later submitted report is left out of both.
"""

import math

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

MIY_SELLOUT_WINDOW_PARAM = "miy_dealer_channel.sellout_window_days"
MIY_SELLOUT_WINDOW_DEFAULT = 90


class MiyDealerAnalysisMixin(models.AbstractModel):
    _name = "miy.dealer.analysis.mixin"
    _description = "Dealer analysis view (shared behaviour)"

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None, **kwargs):
        # the view reads reports, lines, dealers and sale orders: pending writes go to the database
        # first (a search only flushes the fields of its own model)
        self.env.flush_all()
        return super()._search(domain, offset=offset, limit=limit, order=order, **kwargs)


class MiyDealerStockAnalysis(models.Model):
    _name = "miy.dealer.stock.analysis"
    _inherit = ["miy.dealer.analysis.mixin"]
    _description = "Dealer Stock and Days of Cover"
    _auto = False
    _order = "dealer_id, product_id"
    _rec_name = "product_id"

    dealer_id = fields.Many2one("miy.dealer", string="Dealer", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    user_id = fields.Many2one("res.users", string="Account Manager", readonly=True)
    tier_id = fields.Many2one("miy.dealer.tier", string="Tier", readonly=True)
    product_id = fields.Many2one("product.product", string="Product", readonly=True)
    categ_id = fields.Many2one("product.category", string="Product Category", readonly=True)
    stock_qty = fields.Float(string="Stock", readonly=True, aggregator="sum")
    stock_date = fields.Date(string="Stock Date", readonly=True, aggregator="max")
    sold_qty = fields.Float(string="Sold in Window", readonly=True, aggregator="sum")
    daily_sellout = fields.Float(string="Daily Sell-out", readonly=True, digits=(16, 3), aggregator="sum")
    cover_days = fields.Float(
        string="Days of Cover", readonly=True, digits=(16, 1), aggregator="avg", help="Empty when nothing was sold."
    )
    target_cover_days = fields.Integer(string="Target Cover", readonly=True, aggregator="max")
    suggested_qty = fields.Float(string="Suggested Reorder", readonly=True, aggregator="sum")

    @property
    def _table_query(self):
        return self._miy_query()

    @api.model
    def _miy_window_days(self):
        value = self.env["ir.config_parameter"].sudo().get_param(MIY_SELLOUT_WINDOW_PARAM)
        if not value:
            return MIY_SELLOUT_WINDOW_DEFAULT
        try:
            return max(1, int(value))
        except (TypeError, ValueError):
            return MIY_SELLOUT_WINDOW_DEFAULT

    @api.model
    def _miy_query(self):
        window = self._miy_window_days()
        return SQL(
            """
            WITH latest_stock AS (
                SELECT DISTINCT ON (l.dealer_id, l.product_id)
                       l.dealer_id, l.product_id, l.quantity, l.date
                  FROM miy_dealer_stock_report_line l
                 WHERE l.state = 'submitted'
                   AND NOT EXISTS (SELECT 1 FROM miy_dealer_stock_report c
                                    WHERE c.correction_of_id = l.report_id AND c.state = 'submitted')
              ORDER BY l.dealer_id, l.product_id, l.date DESC, l.report_id DESC
            ),
            sellout_reports AS (
                SELECT r.id, r.dealer_id,
                       (LEAST(r.date_to, CURRENT_DATE) - GREATEST(r.date_from, CURRENT_DATE - %(window)s + 1) + 1)
                           AS overlap_days,
                       (r.date_to - r.date_from + 1) AS period_days
                  FROM miy_dealer_sellout_report r
                 WHERE r.state = 'submitted'
                   AND r.date_to >= CURRENT_DATE - %(window)s + 1
                   AND r.date_from <= CURRENT_DATE
                   AND NOT EXISTS (SELECT 1 FROM miy_dealer_sellout_report c
                                    WHERE c.correction_of_id = r.id AND c.state = 'submitted')
            ),
            dealer_days AS (
                SELECT dealer_id, SUM(overlap_days) AS days FROM sellout_reports GROUP BY dealer_id
            ),
            sold AS (
                SELECT sr.dealer_id, l.product_id,
                       SUM(l.quantity * sr.overlap_days / sr.period_days) AS quantity
                  FROM sellout_reports sr
                  JOIN miy_dealer_sellout_report_line l ON l.report_id = sr.id
              GROUP BY sr.dealer_id, l.product_id
            ),
            joined AS (
                SELECT COALESCE(s.dealer_id, o.dealer_id) AS dealer_id,
                       COALESCE(s.product_id, o.product_id) AS product_id,
                       COALESCE(s.quantity, 0) AS stock_qty,
                       s.date AS stock_date,
                       COALESCE(o.quantity, 0) AS sold_qty,
                       COALESCE(o.quantity, 0) / NULLIF(dd.days, 0) AS rate
                  FROM latest_stock s
             FULL JOIN sold o ON o.dealer_id = s.dealer_id AND o.product_id = s.product_id
             LEFT JOIN dealer_days dd ON dd.dealer_id = COALESCE(s.dealer_id, o.dealer_id)
            )
            SELECT (j.dealer_id::bigint << 32) | j.product_id AS id,
                   j.dealer_id, d.company_id, d.user_id, d.tier_id,
                   j.product_id, t.categ_id,
                   j.stock_qty, j.stock_date, j.sold_qty,
                   COALESCE(j.rate, 0) AS daily_sellout,
                   CASE WHEN j.rate > 0 THEN j.stock_qty / j.rate END AS cover_days,
                   d.miy_target_cover_days AS target_cover_days,
                   GREATEST(0, CEIL(ROUND((COALESCE(d.miy_target_cover_days, 0) * COALESCE(j.rate, 0)
                                           - j.stock_qty)::numeric, 6))) AS suggested_qty
              FROM joined j
              JOIN miy_dealer d ON d.id = j.dealer_id
              JOIN product_product p ON p.id = j.product_id
              JOIN product_template t ON t.id = p.product_tmpl_id
            """,
            window=window,
        )

    @api.model
    def _miy_suggestion(self, stock, daily_sellout, target_days):
        """The reorder suggestion the view computes, in Python: (target - cover) x daily sell-out,
        rounded up, never below 0."""
        if daily_sellout <= 0:
            return 0
        cover = stock / daily_sellout
        return max(0, math.ceil(round((target_days - cover) * daily_sellout, 6)))

    def action_create_draft_orders(self):
        """One draft quotation per dealer with the suggested quantities of the selected rows."""
        rows = self.filtered(lambda r: r.suggested_qty > 0)
        if not rows:
            raise UserError(self.env._("None of the selected lines has a reorder suggestion."))
        orders = self.env["sale.order"]
        for dealer in rows.dealer_id:
            dealer_rows = rows.filtered(lambda r, d=dealer: r.dealer_id == d)
            orders |= self.env["sale.order"].create(
                {
                    "partner_id": dealer.partner_id.id,
                    "miy_dealer_id": dealer.id,
                    "company_id": dealer.company_id.id,
                    "user_id": dealer.user_id.id or self.env.uid,
                    "origin": self.env._("Dealer reorder suggestion"),
                    "order_line": [
                        fields.Command.create({"product_id": row.product_id.id, "product_uom_qty": row.suggested_qty})
                        for row in dealer_rows
                    ],
                }
            )
        for order in orders:
            order.message_post(body=self.env._("Created from the dealer stock and days-of-cover analysis."))
        action = self.env["ir.actions.act_window"]._for_xml_id("sale.action_quotations_with_onboarding")
        action.update({"domain": [("id", "in", orders.ids)], "context": {}})
        if len(orders) == 1:
            action.update({"views": [(False, "form")], "res_id": orders.id, "view_mode": "form"})
        return action


class MiyDealerSellthroughAnalysis(models.Model):
    _name = "miy.dealer.sellthrough.analysis"
    _inherit = ["miy.dealer.analysis.mixin"]
    _description = "Dealer Sell-in and Sell-out"
    _auto = False
    _order = "date desc"
    _rec_name = "product_id"

    date = fields.Date(readonly=True)
    dealer_id = fields.Many2one("miy.dealer", string="Dealer", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    user_id = fields.Many2one("res.users", string="Account Manager", readonly=True)
    product_id = fields.Many2one("product.product", string="Product", readonly=True)
    categ_id = fields.Many2one("product.category", string="Product Category", readonly=True)
    state_id = fields.Many2one("res.country.state", string="End Customer Province", readonly=True)
    sell_in_qty = fields.Float(string="Sell-in", readonly=True, aggregator="sum")
    sell_out_qty = fields.Float(string="Sell-out", readonly=True, aggregator="sum")
    net_qty = fields.Float(string="Sell-in - Sell-out", readonly=True, aggregator="sum")

    @property
    def _table_query(self):
        return SQL(
            """
            SELECT sol.id * 2 AS id, so.date_order::date AS date, d.id AS dealer_id, d.company_id,
                   d.user_id, sol.product_id, t.categ_id, NULL::integer AS state_id,
                   sol.product_uom_qty / line_uom.factor * product_uom.factor AS sell_in_qty,
                   0.0 AS sell_out_qty,
                   sol.product_uom_qty / line_uom.factor * product_uom.factor AS net_qty
              FROM sale_order_line sol
              JOIN sale_order so ON so.id = sol.order_id
              JOIN res_partner cp ON cp.id = so.partner_id
              JOIN miy_dealer d ON d.partner_id = cp.commercial_partner_id AND d.company_id = so.company_id
              JOIN product_product p ON p.id = sol.product_id
              JOIN product_template t ON t.id = p.product_tmpl_id
              JOIN uom_uom line_uom ON line_uom.id = sol.product_uom
              JOIN uom_uom product_uom ON product_uom.id = t.uom_id
             WHERE so.state = 'sale' AND sol.display_type IS NULL
            UNION ALL
            SELECT l.id * 2 + 1, r.date_to, r.dealer_id, d.company_id, d.user_id, l.product_id, t.categ_id,
                   l.state_id, 0.0, l.quantity, -l.quantity
              FROM miy_dealer_sellout_report_line l
              JOIN miy_dealer_sellout_report r ON r.id = l.report_id
              JOIN miy_dealer d ON d.id = r.dealer_id
              JOIN product_product p ON p.id = l.product_id
              JOIN product_template t ON t.id = p.product_tmpl_id
             WHERE r.state = 'submitted'
               AND NOT EXISTS (SELECT 1 FROM miy_dealer_sellout_report c
                                WHERE c.correction_of_id = r.id AND c.state = 'submitted')
            """
        )
