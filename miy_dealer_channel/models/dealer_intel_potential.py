from odoo import api, fields, models
from odoo.exceptions import ValidationError


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
        return super().create(vals_list)

    def write(self, vals):
        if vals.get("partner_id"):
            vals = dict(vals, partner_id=self.env["res.partner"].browse(vals["partner_id"]).commercial_partner_id.id)
        return super().write(vals)
