from odoo import api, fields, models
from odoo.tools import SQL

SHARE_FIELDS = ("market_share",)


class MiyMarketShareReport(models.Model):
    """Market share per potential line: our sales to the partner in the product group and year,
    against the partner's yearly potential (a SQL view over stored fields only).

    Our sales are the confirmed sale order lines (state ``sale``, invoiced or not) of the partner's
    organization whose product sits in the potential's product group or one of its subgroups, in the
    potential's year, in company currency. The region is the first region naming the partner's
    province; the dealer is the partner itself when it is a dealer, else the first active dealer
    serving the province. Aggregated, the share is sum(sales) ÷ sum(potential) (not an average of
    shares), and 0 where there is no potential.
    """

    _name = "miy.market.share.report"
    _description = "Market Share Analysis"
    _auto = False
    _order = "untapped_amount desc, id"
    _rec_name = "partner_id"

    partner_id = fields.Many2one("res.partner", string="Customer or Dealer", readonly=True)
    product_category_id = fields.Many2one("product.category", string="Product Group", readonly=True)
    year = fields.Integer(readonly=True, aggregator=None)
    date = fields.Date(string="Period", readonly=True, help="The first day of the potential's year.")
    brand_id = fields.Many2one("miy.brand", string="Brand Used", readonly=True)
    competitor_id = fields.Many2one("res.partner", string="Competitor", readonly=True)
    is_own_brand = fields.Boolean(string="Uses Our Brand", readonly=True)
    state_id = fields.Many2one("res.country.state", string="Province", readonly=True)
    region_id = fields.Many2one("miy.dealer.region", string="Region", readonly=True)
    dealer_id = fields.Many2one("miy.dealer", string="Dealer", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    potential_quantity = fields.Float(readonly=True)
    potential_amount = fields.Monetary(string="Potential", readonly=True)
    sales_quantity = fields.Float(string="Our Quantity", readonly=True)
    sales_amount = fields.Monetary(string="Our Sales", readonly=True)
    untapped_amount = fields.Monetary(string="Untapped Potential", readonly=True)
    market_share = fields.Float(
        string="Market Share (%)", readonly=True, aggregator="avg", help="Our sales ÷ potential, in per cent."
    )

    def _query(self):
        return SQL(
            """
            WITH sales AS (
                SELECT so.company_id, cp.commercial_partner_id AS partner_id, anc.categ_id,
                       EXTRACT(YEAR FROM so.date_order)::int AS year,
                       SUM(sol.price_subtotal / COALESCE(NULLIF(so.currency_rate, 0), 1)) AS amount,
                       SUM(sol.product_uom_qty) AS quantity
                  FROM sale_order_line sol
                  JOIN sale_order so ON so.id = sol.order_id
                  JOIN res_partner cp ON cp.id = so.partner_id
                  JOIN product_product pp ON pp.id = sol.product_id
                  JOIN product_template pt ON pt.id = pp.product_tmpl_id
                  JOIN product_category pc ON pc.id = pt.categ_id
                  CROSS JOIN LATERAL unnest(string_to_array(rtrim(pc.parent_path, '/'), '/')::int[]) AS anc(categ_id)
                 WHERE so.state = 'sale' AND sol.display_type IS NULL
                 GROUP BY 1, 2, 3, 4
            ), region_of AS (
                SELECT DISTINCT ON (rs.state_id) rs.state_id, rs.region_id
                  FROM miy_dealer_region_state_rel rs
                  JOIN miy_dealer_region r ON r.id = rs.region_id AND r.active
                 ORDER BY rs.state_id, r.sequence, r.name->>'en_US', r.id
            ), dealer_of AS (
                SELECT DISTINCT ON (d.company_id, cs.state_id) d.company_id, cs.state_id, d.id AS dealer_id
                  FROM miy_dealer_coverage_state_rel cs
                  JOIN miy_dealer d ON d.id = cs.dealer_id AND d.active
                 ORDER BY d.company_id, cs.state_id, d.id
            )
            SELECT p.id, p.partner_id, p.product_category_id, p.year, make_date(p.year, 1, 1) AS date,
                   p.brand_id, p.competitor_id, COALESCE(p.is_own_brand, FALSE) AS is_own_brand,
                   p.state_id, ro.region_id, COALESCE(own.id, dof.dealer_id) AS dealer_id,
                   p.company_id, c.currency_id,
                   COALESCE(p.quantity, 0) AS potential_quantity,
                   COALESCE(p.amount, 0) AS potential_amount,
                   COALESCE(s.quantity, 0) AS sales_quantity,
                   COALESCE(s.amount, 0) AS sales_amount,
                   GREATEST(COALESCE(p.amount, 0) - COALESCE(s.amount, 0), 0) AS untapped_amount,
                   CASE WHEN COALESCE(p.amount, 0) > 0 THEN 100.0 * COALESCE(s.amount, 0) / p.amount
                        ELSE 0 END::float8 AS market_share
              FROM miy_product_potential p
              JOIN res_company c ON c.id = p.company_id
              LEFT JOIN sales s ON s.company_id = p.company_id AND s.partner_id = p.partner_id
                               AND s.categ_id = p.product_category_id AND s.year = p.year
              LEFT JOIN region_of ro ON ro.state_id = p.state_id
              LEFT JOIN dealer_of dof ON dof.company_id = p.company_id AND dof.state_id = p.state_id
              LEFT JOIN miy_dealer own ON own.partner_id = p.partner_id AND own.company_id = p.company_id
                                      AND own.active
            """
        )

    def init(self):
        self.env.cr.execute(SQL("CREATE OR REPLACE VIEW %s AS (%s)", SQL.identifier(self._table), self._query()))

    @api.model
    def _read_group_select(self, aggregate_spec, query):
        """Aggregated market share is the ratio of the sums, not the average of the lines' shares."""
        if aggregate_spec.split(":")[0] in SHARE_FIELDS:
            sales = self._read_group_select("sales_amount:sum", query)
            potential = self._read_group_select("potential_amount:sum", query)
            return SQL("COALESCE(100.0 * %s / NULLIF(%s, 0), 0)::float8", sales, potential)
        return super()._read_group_select(aggregate_spec, query)

    def action_miy_create_opportunities(self):
        """Create an opportunity for each selected untapped potential that has no open one yet.

        Runs with the caller's rights: creating leads needs the Sales rights of the user.
        """
        Lead = self.env["crm.lead"]
        rows = self.filtered(lambda r: r.untapped_amount > 0)
        open_leads = Lead.search(
            [
                ("partner_id", "in", rows.partner_id.ids),
                ("miy_product_category_id", "in", rows.product_category_id.ids),
                ("active", "=", True),
                ("probability", "<", 100),
            ]
        )
        existing = {(lead.partner_id.id, lead.miy_product_category_id.id) for lead in open_leads}
        vals_list = []
        for row in rows.sorted("untapped_amount", reverse=True):
            key = (row.partner_id.id, row.product_category_id.id)
            if key in existing:
                continue
            existing.add(key)
            vals_list.append(
                {
                    "name": self.env._(
                        "%(group)s potential: %(partner)s",
                        group=row.product_category_id.name,
                        partner=row.partner_id.name,
                    ),
                    "type": "opportunity",
                    "partner_id": row.partner_id.id,
                    "miy_product_category_id": row.product_category_id.id,
                    "expected_revenue": row.untapped_amount,
                    "user_id": row.partner_id.user_id.id or self.env.user.id,
                    "company_id": row.company_id.id,
                    "description": self.env._(
                        "Untapped potential %(year)s: %(untapped)s of %(potential)s (brand used: %(brand)s).",
                        year=row.year,
                        untapped=f"{row.untapped_amount:,.2f}",
                        potential=f"{row.potential_amount:,.2f}",
                        brand=row.brand_id.name or "-",
                    ),
                }
            )
        leads = Lead.create(vals_list)
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Opportunities from Untapped Potential"),
            "res_model": "crm.lead",
            "view_mode": "list,form",
            "domain": [("id", "in", leads.ids)],
        }
