# Part of MİY. See LICENSE file for full copyright and licensing details.
"""Feature 7: reference customers, and the ones that fit a quote."""

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.osv import expression


class ResPartner(models.Model):
    _inherit = "res.partner"

    miy_is_reference = fields.Boolean(
        string="Reference Customer",
        tracking=True,
        copy=False,
        help="The customer agreed that we name them and that prospects may contact them.",
    )
    miy_reference_consent_date = fields.Date(string="Reference Consent Date", copy=False, tracking=True)
    miy_reference_consent_by_id = fields.Many2one(
        "res.partner",
        string="Consent Given By",
        copy=False,
        domain="[('is_company', '=', False)]",
        help="The customer's person who agreed to be a reference.",
    )
    miy_reference_contact_id = fields.Many2one(
        "res.partner",
        string="Reference Contact",
        copy=False,
        domain="[('is_company', '=', False)]",
        help="Whom a prospect may call.",
    )
    miy_reference_categ_ids = fields.Many2many(
        "product.category",
        "miy_reference_partner_categ_rel",
        "partner_id",
        "categ_id",
        string="Can Speak To (Categories)",
        copy=False,
        help="Product categories the customer can speak to (their sub-categories too).",
    )
    miy_reference_product_ids = fields.Many2many(
        "product.template",
        "miy_reference_partner_product_rel",
        "partner_id",
        "product_id",
        string="Can Speak To (Products)",
        copy=False,
    )
    miy_reference_projects = fields.Text(string="Projects", copy=False, help="Projects the customer can speak to.")

    @api.constrains("miy_is_reference", "miy_reference_consent_date", "miy_reference_consent_by_id")
    def _check_miy_reference_consent(self):
        today = fields.Date.context_today(self)
        for partner in self.filtered("miy_is_reference"):
            if not partner.miy_reference_consent_date or not partner.miy_reference_consent_by_id:
                raise ValidationError(
                    self.env._(
                        "%(partner)s can be a reference customer only with their consent: fill in the "
                        "consent date and the person who gave it.",
                        partner=partner.display_name,
                    )
                )
            if partner.miy_reference_consent_date > today:
                raise ValidationError(
                    self.env._(
                        "The consent of %(partner)s cannot be dated in the future.", partner=partner.display_name
                    )
                )


class SaleOrder(models.Model):
    _inherit = "sale.order"

    miy_reference_count = fields.Integer(string="References", compute="_compute_miy_reference_count")

    @api.depends("order_line.product_id", "partner_id")
    def _compute_miy_reference_count(self):
        for order in self:
            order.miy_reference_count = len(order._miy_suitable_references()) if order.id else 0

    def _miy_reference_domain(self):
        """Reference customers (with consent) who can speak to a product or product category of
        the quote's lines, or share a classification value (sector...) with the customer."""
        self.ensure_one()
        products = self.order_line.product_id
        customer = self.partner_id.commercial_partner_id
        matches = []
        if products.categ_id:
            matches.append([("miy_reference_categ_ids", "parent_of", products.categ_id.ids)])
        if products:
            matches.append([("miy_reference_product_ids", "in", products.product_tmpl_id.ids)])
        if customer.miy_criterion_value_ids:
            matches.append([("miy_criterion_value_ids", "in", customer.miy_criterion_value_ids.ids)])
        if not matches:
            return expression.FALSE_DOMAIN
        return expression.AND(
            [
                [("miy_is_reference", "=", True), ("id", "!=", customer.id)],
                expression.OR(matches),
            ]
        )

    def _miy_suitable_references(self):
        self.ensure_one()
        return self.env["res.partner"].search(self._miy_reference_domain())

    def action_miy_open_references(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("miy_quotes.res_partner_action_miy_references")
        action["domain"] = [("id", "in", self._miy_suitable_references().ids)]
        action["context"] = {"create": False}
        return action
