from odoo import api, fields, models
from odoo.exceptions import ValidationError


class MiyDealerRegion(models.Model):
    """A sales region: a named set of provinces (Turkey's seven geographical regions ship as data)."""

    _name = "miy.dealer.region"
    _description = "Sales Region"
    _order = "sequence, name, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    state_ids = fields.Many2many(
        "res.country.state",
        "miy_dealer_region_state_rel",
        "region_id",
        "state_id",
        string="Provinces",
    )


class MiyDealerTier(models.Model):
    """A dealer tier (e.g. Gold / Silver / Bronze); its weight favours a tier when leads are shared."""

    _name = "miy.dealer.tier"
    _description = "Dealer Tier"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    weight = fields.Integer(
        default=1,
        help="Relative share of leads a dealer of this tier receives when leads are shared by weight.",
    )

    _sql_constraints = [("weight_positive", "CHECK(weight > 0)", "A tier's weight must be positive.")]


class MiyDealer(models.Model):
    """The dealer profile of a partner with the dealer role.

    Everything a dealer's portal users may see hangs off this record: record rules of the portal
    groups compare the dealer's partner with the user's commercial partner (``res.users._miy_dealer``).
    """

    _name = "miy.dealer"
    _description = "Dealer"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "name, id"
    _check_company_auto = True

    partner_id = fields.Many2one(
        "res.partner",
        string="Dealer",
        required=True,
        ondelete="restrict",
        index=True,
        tracking=True,
        domain="[('is_company', '=', True)]",
        check_company=True,
    )
    name = fields.Char(related="partner_id.name", store=True, index="trigram")
    active = fields.Boolean(default=True, tracking=True)
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company, index=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    tier_id = fields.Many2one("miy.dealer.tier", string="Tier", tracking=True, index=True)
    user_id = fields.Many2one(
        "res.users",
        string="Account Manager",
        default=lambda self: self.env.user,
        tracking=True,
        index=True,
        domain="[('share', '=', False)]",
    )
    region_ids = fields.Many2many(
        "miy.dealer.region", "miy_dealer_region_rel", "dealer_id", "region_id", string="Regions"
    )
    state_ids = fields.Many2many(
        "res.country.state",
        "miy_dealer_state_rel",
        "dealer_id",
        "state_id",
        string="Provinces",
        help="Provinces served in addition to the regions.",
    )
    coverage_state_ids = fields.Many2many(
        "res.country.state",
        "miy_dealer_coverage_state_rel",
        "dealer_id",
        "state_id",
        string="Provinces Served",
        compute="_compute_coverage_state_ids",
        store=True,
        help="The provinces of the regions and the provinces named one by one.",
    )
    product_category_ids = fields.Many2many(
        "product.category",
        "miy_dealer_product_category_rel",
        "dealer_id",
        "category_id",
        string="Product Groups",
        help="Product groups the dealer carries.",
    )
    contract_start = fields.Date(tracking=True)
    contract_end = fields.Date(tracking=True)
    target_ids = fields.One2many("miy.dealer.target", "dealer_id", string="Targets")
    portal_user_ids = fields.Many2many(
        "res.users", string="Portal Users", compute="_compute_portal_user_ids", compute_sudo=False
    )
    portal_user_count = fields.Integer(compute="_compute_portal_user_ids")
    note = fields.Html()

    _sql_constraints = [
        ("partner_company_uniq", "unique(partner_id, company_id)", "This partner already has a dealer profile."),
    ]

    @api.depends("region_ids.state_ids", "state_ids")
    def _compute_coverage_state_ids(self):
        for dealer in self:
            dealer.coverage_state_ids = dealer.region_ids.state_ids | dealer.state_ids

    @api.depends("partner_id")
    def _compute_portal_user_ids(self):
        users = self.env["res.users"].search(
            [("share", "=", True), ("partner_id.commercial_partner_id", "in", self.partner_id.ids)]
        )
        for dealer in self:
            dealer.portal_user_ids = users.filtered(lambda u, p=dealer.partner_id: u.commercial_partner_id == p)
            dealer.portal_user_count = len(dealer.portal_user_ids)

    @api.constrains("contract_start", "contract_end")
    def _check_contract_dates(self):
        for dealer in self:
            if dealer.contract_start and dealer.contract_end and dealer.contract_end < dealer.contract_start:
                raise ValidationError(
                    self.env._("The contract of %(dealer)s cannot end before it starts.", dealer=dealer.name)
                )

    @api.constrains("partner_id")
    def _check_partner_is_organization(self):
        for dealer in self:
            if not dealer.partner_id.is_company or dealer.partner_id.parent_id:
                raise ValidationError(
                    self.env._(
                        "A dealer profile belongs to an organization: %(partner)s is a person.",
                        partner=dealer.partner_id.display_name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        dealers = super().create(vals_list)
        dealers._miy_ensure_dealer_role()
        return dealers

    def write(self, vals):
        res = super().write(vals)
        if "partner_id" in vals:
            self._miy_ensure_dealer_role()
        return res

    def _miy_ensure_dealer_role(self):
        role = self.env.ref("miy_contacts.partner_role_dealer", raise_if_not_found=False)
        if role:
            missing = self.partner_id.filtered(lambda p: role not in p.miy_role_ids)
            if missing:
                missing.write({"miy_role_ids": [(4, role.id)]})

    def action_open_portal_users(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Portal Users"),
            "res_model": "res.users",
            "view_mode": "list,form",
            "domain": [("id", "in", self.portal_user_ids.ids)],
            "context": {"active_test": False},
        }


class MiyDealerTarget(models.Model):
    """A sales target of a dealer for a period, optionally for one product group."""

    _name = "miy.dealer.target"
    _description = "Dealer Target"
    _order = "date_from desc, id"

    dealer_id = fields.Many2one("miy.dealer", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="dealer_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="dealer_id.currency_id")
    date_from = fields.Date(string="From", required=True)
    date_to = fields.Date(string="To", required=True)
    product_category_id = fields.Many2one("product.category", string="Product Group")
    amount = fields.Monetary(string="Target Amount", currency_field="currency_id")

    @api.constrains("date_from", "date_to")
    def _check_dates(self):
        for target in self:
            if target.date_to < target.date_from:
                raise ValidationError(self.env._("A target period cannot end before it starts."))

    _sql_constraints = [("amount_positive", "CHECK(amount >= 0)", "A target amount cannot be negative.")]
