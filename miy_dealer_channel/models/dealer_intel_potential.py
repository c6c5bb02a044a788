from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError
from odoo.tools import SQL

# Our sales per organization, product group (every ancestor of the product's category) and year, in
# company currency: the confirmed sale order lines (state "sale", invoiced or not).
SALES_QUERY = """
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
     WHERE so.state = 'sale' AND sol.display_type IS NULL AND %(sales_filter)s
     GROUP BY 1, 2, 3, 4
"""


class MiyProductPotential(models.Model):
    """The yearly potential of a customer or dealer in a product group, and the brand it uses now."""

    _name = "miy.product.potential"
    _description = "Product Group Potential"
    _order = "year desc, amount desc, id"
    _check_company_auto = True

    partner_id = fields.Many2one(
        "res.partner",
        string="Customer or Dealer",
        required=True,
        ondelete="cascade",
        index=True,
        domain="[('is_company', '=', True)]",
    )
    product_category_id = fields.Many2one(
        "product.category", string="Product Group", required=True, ondelete="restrict", index=True
    )
    year = fields.Integer(required=True, default=lambda self: fields.Date.context_today(self).year, index=True)
    brand_id = fields.Many2one("miy.brand", string="Brand Used", ondelete="restrict", index=True)
    is_own_brand = fields.Boolean(related="brand_id.is_own", store=True, string="Uses Our Brand")
    competitor_id = fields.Many2one(related="brand_id.partner_id", store=True, string="Competitor")
    quantity = fields.Float(string="Yearly Quantity", digits="Product Unit of Measure")
    amount = fields.Monetary(string="Yearly Amount", currency_field="currency_id")
    state_id = fields.Many2one(
        "res.country.state", related="partner_id.state_id", store=True, index=True, string="Province"
    )
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company, index=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    note = fields.Char()
    # Figures of the market-share report, kept by _miy_refresh_market_share (SQL) so that the report
    # groups stored, indexed columns only: refreshed when a potential is saved, when an order of the
    # partner is confirmed or cancelled, every hour (cron) and on demand.
    region_id = fields.Many2one("miy.dealer.region", string="Region", readonly=True, index=True)
    dealer_id = fields.Many2one("miy.dealer", string="Dealer", readonly=True, index=True)
    sales_quantity = fields.Float(string="Our Quantity", readonly=True, digits="Product Unit of Measure")
    sales_amount = fields.Monetary(string="Our Sales", readonly=True, currency_field="currency_id")
    untapped_amount = fields.Monetary(
        string="Untapped Potential", readonly=True, currency_field="currency_id", index=True
    )

    _sql_constraints = [
        (
            "partner_category_year_uniq",
            "unique(partner_id, product_category_id, year, company_id)",
            "This partner already has a potential for this product group and year.",
        ),
        ("quantity_positive", "CHECK(quantity >= 0)", "A potential quantity cannot be negative."),
        ("amount_positive", "CHECK(amount >= 0)", "A potential amount cannot be negative."),
    ]

    @api.depends("partner_id", "product_category_id", "year")
    def _compute_display_name(self):
        for potential in self:
            potential.display_name = (
                f"{potential.partner_id.name or ''} / {potential.product_category_id.name or ''} {potential.year or ''}"
            )

    @api.constrains("year")
    def _check_year(self):
        for potential in self:
            if not 1990 <= potential.year <= 2200:
                raise ValidationError(self.env._("%(year)s is not a plausible year.", year=potential.year))

    @api.model_create_multi
    def create(self, vals_list):
        Partner = self.env["res.partner"]
        for vals in vals_list:
            if vals.get("partner_id"):
                # Sales are counted per organization: a potential belongs to the commercial partner.
                vals["partner_id"] = Partner.browse(vals["partner_id"]).commercial_partner_id.id
        potentials = super().create(vals_list)
        potentials._miy_refresh_market_share()
        return potentials

    def write(self, vals):
        if vals.get("partner_id"):
            vals = dict(vals, partner_id=self.env["res.partner"].browse(vals["partner_id"]).commercial_partner_id.id)
        res = super().write(vals)
        if {"partner_id", "product_category_id", "year", "amount", "company_id"} & set(vals):
            self._miy_refresh_market_share()
        return res

    @api.model
    def _miy_refresh_market_share(self, partners=None):
        """Recompute the stored figures of these potentials (or of the partners' ones, or of all).

        One UPDATE computed in PostgreSQL; only rows whose figures changed are written. The region
        is the first active region (by sequence) naming the partner's province; the dealer is the
        partner itself when it is a dealer, else the first active dealer serving the province.
        """
        self.env.flush_all()
        if self:
            scope = SQL("p.id = ANY(%s)", self.ids)
            sales_scope = SQL("cp.commercial_partner_id = ANY(%s)", self.partner_id.ids)
        elif partners is not None:
            ids = partners.commercial_partner_id.ids
            scope = SQL("p.partner_id = ANY(%s)", ids)
            sales_scope = SQL("cp.commercial_partner_id = ANY(%s)", ids)
        else:
            scope = sales_scope = SQL("TRUE")
        self.env.cr.execute(
            SQL(
                """
                WITH sales AS (%(sales)s),
                region_of AS (
                    SELECT DISTINCT ON (rs.state_id) rs.state_id, rs.region_id
                      FROM miy_dealer_region_state_rel rs
                      JOIN miy_dealer_region r ON r.id = rs.region_id AND r.active
                     ORDER BY rs.state_id, r.sequence, r.id
                ), dealer_of AS (
                    SELECT DISTINCT ON (d.company_id, cs.state_id) d.company_id, cs.state_id, d.id AS dealer_id
                      FROM miy_dealer_coverage_state_rel cs
                      JOIN miy_dealer d ON d.id = cs.dealer_id AND d.active
                     ORDER BY d.company_id, cs.state_id, d.id
                ), figures AS (
                    SELECT p.id, ro.region_id, COALESCE(own.id, dof.dealer_id) AS dealer_id,
                           COALESCE(s.quantity, 0) AS sales_quantity, COALESCE(s.amount, 0) AS sales_amount,
                           GREATEST(COALESCE(p.amount, 0) - COALESCE(s.amount, 0), 0) AS untapped_amount
                      FROM miy_product_potential p
                      LEFT JOIN sales s ON s.company_id = p.company_id AND s.partner_id = p.partner_id
                                       AND s.categ_id = p.product_category_id AND s.year = p.year
                      LEFT JOIN region_of ro ON ro.state_id = p.state_id
                      LEFT JOIN dealer_of dof ON dof.company_id = p.company_id AND dof.state_id = p.state_id
                      LEFT JOIN miy_dealer own ON own.partner_id = p.partner_id AND own.company_id = p.company_id
                                              AND own.active
                     WHERE %(scope)s
                )
                UPDATE miy_product_potential p
                   SET region_id = f.region_id, dealer_id = f.dealer_id, sales_quantity = f.sales_quantity,
                       sales_amount = f.sales_amount, untapped_amount = f.untapped_amount
                  FROM figures f
                 WHERE p.id = f.id
                   AND (p.region_id, p.dealer_id, p.sales_quantity, p.sales_amount, p.untapped_amount)
                       IS DISTINCT FROM (f.region_id, f.dealer_id, f.sales_quantity, f.sales_amount, f.untapped_amount)
                """,
                sales=SQL(SALES_QUERY, sales_filter=sales_scope),
                scope=scope,
            )
        )
        self.invalidate_model(["region_id", "dealer_id", "sales_quantity", "sales_amount", "untapped_amount"])
        self.env["miy.market.share.report"].invalidate_model()
        return True

    @api.model
    def _cron_miy_refresh_market_share(self):
        self._miy_refresh_market_share()

    @api.model
    def action_miy_refresh_market_share(self):
        """Button of the market-share report: recompute every potential's figures now."""
        if not self.env.user.has_group("miy_contacts.group_miy_user"):
            raise AccessError(self.env._("Only MİY users may refresh the market-share figures."))
        self._miy_refresh_market_share()
        return {"type": "ir.actions.client", "tag": "soft_reload"}


class SaleOrder(models.Model):
    _inherit = "sale.order"

    def write(self, vals):
        res = super().write(vals)
        if "state" in vals or ("date_order" in vals and any(o.state == "sale" for o in self)):
            # our sales changed: keep the market share of these customers current
            self.env["miy.product.potential"]._miy_refresh_market_share(partners=self.partner_id)
        return res
