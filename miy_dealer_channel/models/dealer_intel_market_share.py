from odoo import api, fields, models, tools
from odoo.tools import SQL

SHARE_FIELDS = ("market_share",)


class MiyMarketShareReport(models.Model):
    """Market share per potential line: our sales to the partner in the product group and year,
    against the partner's yearly potential (a SQL view over stored fields only).

    Our sales (see ``dealer_intel_potential.SALES_QUERY``) are the confirmed sale order lines (state ``sale``, invoiced or not) of the partner's
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
    currency_id = fields.Many2one(related="company_id.currency_id")
    potential_quantity = fields.Float(readonly=True)
    potential_amount = fields.Monetary(string="Potential", readonly=True)
    sales_quantity = fields.Float(string="Our Quantity", readonly=True)
    sales_amount = fields.Monetary(string="Our Sales", readonly=True)
    untapped_amount = fields.Monetary(string="Untapped Potential", readonly=True)
    market_share = fields.Float(
        string="Market Share (%)", readonly=True, aggregator="avg", help="Our sales ÷ potential, in per cent."
    )

    def _query(self):
        # Stored, indexed columns of miy_product_potential only (its figures are kept by
        # miy.product.potential._miy_refresh_market_share): no join, so the pivot scales.
        return SQL(
            """
            SELECT p.id, p.partner_id, p.product_category_id, p.year, make_date(p.year, 1, 1) AS date,
                   p.brand_id, p.competitor_id, COALESCE(p.is_own_brand, FALSE) AS is_own_brand,
                   p.state_id, p.region_id, p.dealer_id, p.company_id,
                   COALESCE(p.quantity, 0) AS potential_quantity,
                   COALESCE(p.amount, 0) AS potential_amount,
                   COALESCE(p.sales_quantity, 0) AS sales_quantity,
                   COALESCE(p.sales_amount, 0) AS sales_amount,
                   COALESCE(p.untapped_amount, 0) AS untapped_amount,
                   CASE WHEN COALESCE(p.amount, 0) > 0 THEN 100.0 * COALESCE(p.sales_amount, 0) / p.amount
                        ELSE 0 END::float8 AS market_share
              FROM miy_product_potential p
            """
        )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(SQL("CREATE VIEW %s AS (%s)", SQL.identifier(self._table), self._query()))

    @api.model
    def _read_group(self, domain, groupby=(), aggregates=(), having=(), offset=0, limit=None, order=None):
        """Group on the raw ids, then sort the (few) groups in Python.

        By default a grouping on a many2one is ordered by the comodel's order, which makes
        PostgreSQL join the comodel and group by its name for every one of a million lines; the
        groups come out the same, sorted here afterwards.
        """
        if offset or limit or having or not groupby or (order and order != ",".join(groupby)):
            return super()._read_group(domain, groupby, aggregates, having, offset, limit, order)
        rows = super()._read_group(domain, groupby, aggregates, having, order=None)
        ranks = []
        for index, spec in enumerate(groupby):
            field = self._fields.get(spec.split(":")[0])
            if field and field.type == "many2one":
                records = self.env[field.comodel_name].browse({row[index].id for row in rows} - {False})
                ranks.append({rec.id: rank for rank, rec in enumerate(records.sorted())})
            else:
                ranks.append(None)

        def key(row):
            parts = []
            for index, rank in enumerate(ranks):
                value = row[index]
                if rank is not None:
                    parts.append((not value, rank.get(value.id, 0)))
                else:
                    parts.append((value is None or value is False, value if value not in (None, False) else 0))
            return parts

        return sorted(rows, key=key)

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
            group, partner, brand = row.product_category_id.name, row.partner_id.name, row.brand_id.name or "-"
            untapped, potential = f"{row.untapped_amount:,.2f}", f"{row.potential_amount:,.2f}"
            vals_list.append(
                {
                    "name": self.env._("%(group)s potential: %(partner)s", group=group, partner=partner),
                    "type": "opportunity",
                    "partner_id": row.partner_id.id,
                    "miy_product_category_id": row.product_category_id.id,
                    "expected_revenue": row.untapped_amount,
                    "user_id": row.partner_id.user_id.id or self.env.user.id,
                    "company_id": row.company_id.id,
                    "description": self.env._(
                        "Untapped potential %(year)s: %(untapped)s of %(potential)s (brand used: %(brand)s).",
                        year=row.year,
                        untapped=untapped,
                        potential=potential,
                        brand=brand,
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
