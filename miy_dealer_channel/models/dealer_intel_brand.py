from odoo import api, fields, models
from odoo.exceptions import ValidationError


class MiyDealerRegion(models.Model):
    _inherit = "miy.dealer.region"

    @api.model
    def _miy_region_by_state(self, states):
        """``{state id: region}`` for the given provinces: the first active region (by sequence) naming each."""
        regions = self.search([("state_ids", "in", states.ids)]) if states else self.browse()
        result = {}
        for region in regions:  # already in _order (sequence, name, id): the first one wins
            for state in region.state_ids & states:
                result.setdefault(state.id, region)
        return result


class MiyBrand(models.Model):
    """A brand on the market: ours, or a competitor's (a partner with the competitor role)."""

    _name = "miy.brand"
    _description = "Brand"
    _order = "is_own desc, name, id"

    name = fields.Char(required=True, index="trigram")
    active = fields.Boolean(default=True)
    is_own = fields.Boolean(string="Our Brand", default=False, help="One of our own brands; otherwise a competitor's.")
    partner_id = fields.Many2one(
        "res.partner",
        string="Competitor",
        ondelete="restrict",
        index=True,
        domain="[('is_company', '=', True), ('miy_role_ids.code', '=', 'competitor')]",
    )
    product_category_ids = fields.Many2many(
        "product.category",
        "miy_brand_product_category_rel",
        "brand_id",
        "category_id",
        string="Product Groups",
    )
    company_id = fields.Many2one("res.company", index=True, help="Leave empty to share the brand between companies.")
    note = fields.Text()

    _sql_constraints = [
        ("name_partner_uniq", "unique(name, partner_id)", "This competitor already has a brand of that name."),
    ]

    @api.constrains("is_own", "partner_id")
    def _check_owner(self):
        for brand in self:
            if brand.is_own and brand.partner_id:
                raise ValidationError(
                    self.env._(
                        "%(brand)s is one of our brands: it cannot also belong to a competitor.", brand=brand.name
                    )
                )
            if not brand.is_own and not brand.partner_id:
                raise ValidationError(
                    self.env._("Set the competitor of brand %(brand)s, or mark it as our own brand.", brand=brand.name)
                )
            if brand.partner_id and brand.partner_id.commercial_partner_id != brand.partner_id:
                raise ValidationError(
                    self.env._("A brand belongs to an organization, not to %(partner)s.", partner=brand.partner_id.name)
                )

    @api.model_create_multi
    def create(self, vals_list):
        brands = super().create(vals_list)
        brands.partner_id._miy_ensure_competitor_role()
        return brands

    def write(self, vals):
        res = super().write(vals)
        if vals.get("partner_id"):
            self.partner_id._miy_ensure_competitor_role()
        return res


class MiyBrandDistribution(models.Model):
    """A dealer or customer that carries (sells) or uses a brand: one link of a distribution chain."""

    _name = "miy.brand.distribution"
    _description = "Brand Distribution"
    _order = "brand_id, partner_id, id"
    _check_company_auto = True

    partner_id = fields.Many2one(
        "res.partner", string="Dealer or Customer", required=True, ondelete="cascade", index=True
    )
    brand_id = fields.Many2one("miy.brand", required=True, ondelete="cascade", index=True)
    competitor_id = fields.Many2one(related="brand_id.partner_id", store=True, index=True, string="Competitor")
    is_own_brand = fields.Boolean(related="brand_id.is_own", store=True, string="Our Brand")
    role = fields.Selection(
        [("carries", "Carries (sells)"), ("uses", "Uses")], required=True, default="uses", index=True
    )
    date_since = fields.Date(string="Since")
    state_id = fields.Many2one(
        "res.country.state", related="partner_id.state_id", store=True, index=True, string="Province"
    )
    region_id = fields.Many2one(
        "miy.dealer.region", compute="_compute_region_id", store=True, index=True, string="Region"
    )
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company, index=True)
    note = fields.Char()

    _sql_constraints = [
        (
            "partner_brand_role_uniq",
            "unique(partner_id, brand_id, role, company_id)",
            "This partner is already recorded with this brand in this role.",
        ),
    ]

    @api.depends("state_id")
    def _compute_region_id(self):
        by_state = self.env["miy.dealer.region"]._miy_region_by_state(self.state_id)
        for row in self:
            row.region_id = by_state.get(row.state_id.id, False)

    @api.model_create_multi
    def create(self, vals_list):
        Partner = self.env["res.partner"]
        for vals in vals_list:
            if vals.get("partner_id"):
                vals["partner_id"] = Partner.browse(vals["partner_id"]).commercial_partner_id.id
        return super().create(vals_list)
