# Part of MİY. See LICENSE file for full copyright and licensing details.
"""New proposals from the installed base (issue 11, feature 6)."""

from datetime import timedelta

from odoo import Command, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_date

WARRANTY_HORIZON_DAYS = 90


class MiyOfferSuggestion(models.Model):
    """A product to offer a customer, with the reason: made from the installed base and the
    product relations (optional products, consumables, maintenance contract when the warranty
    runs out). One row per customer, product and reason while it is open."""

    _name = "miy.offer.suggestion"
    _description = "Offer Suggestion"
    _order = "partner_id, reason, id"
    _check_company_auto = True

    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, index=True, ondelete="cascade", check_company=True
    )
    product_id = fields.Many2one("product.product", string="Product", required=True, ondelete="cascade")
    reason = fields.Selection(
        [
            ("optional", "Optional Product"),
            ("accessory", "Accessory"),
            ("consumable", "Consumable"),
            ("warranty", "Warranty Expiry"),
        ],
        required=True,
    )
    reason_text = fields.Char(string="Why", compute="_compute_reason_text", help="In the reader's language.")
    installed_base_id = fields.Many2one("miy.installed.base", string="Owned Product", ondelete="cascade")
    user_id = fields.Many2one("res.users", string="Salesperson", index=True)
    company_id = fields.Many2one("res.company", required=True, index=True, default=lambda self: self.env.company)
    state = fields.Selection(
        [("new", "To Offer"), ("quoted", "Quoted"), ("dismissed", "Dismissed")],
        default="new",
        required=True,
        index=True,
    )
    order_id = fields.Many2one("sale.order", string="Quote", readonly=True, ondelete="set null")

    _sql_constraints = [
        (
            "suggestion_uniq",
            "unique(partner_id, product_id, reason, installed_base_id)",
            "This product is already suggested to this customer for this reason.",
        ),
    ]

    # ------------------------------------------------------------------ computes
    @api.depends("reason", "installed_base_id.warranty_end")
    @api.depends_context("lang")
    def _compute_reason_text(self):
        for suggestion in self:
            owned = suggestion.installed_base_id
            product = owned.product_id.display_name or ""
            if suggestion.reason == "optional":
                suggestion.reason_text = self.env._("Goes with %(product)s", product=product)
            elif suggestion.reason == "accessory":
                suggestion.reason_text = self.env._("Accessory of %(product)s", product=product)
            elif suggestion.reason == "consumable":
                suggestion.reason_text = self.env._("Used by %(product)s", product=product)
            elif suggestion.reason == "warranty" and owned.warranty_end:
                suggestion.reason_text = self.env._(
                    "Warranty of %(product)s ends on %(date)s",
                    product=owned.name,
                    date=format_date(self.env, owned.warranty_end),
                )
            else:
                suggestion.reason_text = False

    # ------------------------------------------------------------------ business methods
    @api.model
    def _generate(self, installed=None):
        """Add the missing suggestions for the installed base rows ``installed`` (default: all
        active rows). Idempotent: existing suggestions (open, quoted or dismissed) stay as they are.

        :return: the suggestions created
        """
        Installed = self.env["miy.installed.base"]
        installed = installed if installed is not None else Installed.search([])
        today = fields.Date.context_today(self)
        horizon = today + timedelta(days=WARRANTY_HORIZON_DAYS)
        owned = {}
        for row in installed:
            owned.setdefault(row.partner_id, set()).add(row.product_id.id)
        candidates = []
        for row in installed:
            template = row.product_tmpl_id
            base = {
                "partner_id": row.partner_id.id,
                "installed_base_id": row.id,
                "user_id": row.user_id.id or row.partner_id.user_id.id,
                "company_id": row.company_id.id,
            }
            for product in template.optional_product_ids.product_variant_ids:
                if product.id not in owned[row.partner_id] and product.sale_ok:
                    candidates.append(
                        dict(
                            base,
                            product_id=product.id,
                            reason="optional",
                        )
                    )
            # accessories are website_sale's (not a dependency): used when it is installed
            accessories = template["accessory_product_ids"] if "accessory_product_ids" in template._fields else []
            for product in accessories:
                if product.id not in owned[row.partner_id] and product.sale_ok:
                    candidates.append(dict(base, product_id=product.id, reason="accessory"))
            for product in template.miy_consumable_product_ids:
                if product.sale_ok:
                    candidates.append(
                        dict(
                            base,
                            product_id=product.id,
                            reason="consumable",
                        )
                    )
            maintenance = template.miy_maintenance_product_id
            if maintenance and row.warranty_end and today <= row.warranty_end <= horizon:
                candidates.append(
                    dict(
                        base,
                        product_id=maintenance.id,
                        reason="warranty",
                    )
                )
        if not candidates:
            return self.browse()
        existing = {
            (s.partner_id.id, s.product_id.id, s.reason, s.installed_base_id.id)
            for s in self.search([("installed_base_id", "in", installed.ids)])
        }
        new_vals = []
        for vals in candidates:
            key = (vals["partner_id"], vals["product_id"], vals["reason"], vals["installed_base_id"])
            if key not in existing:
                existing.add(key)
                new_vals.append(vals)
        return self.create(new_vals)

    @api.model
    def _cron_generate(self):
        self._generate()

    @api.model
    def action_refresh(self):
        self._generate(self.env["miy.installed.base"].search([]))
        return {"type": "ir.actions.client", "tag": "soft_reload"}

    def action_dismiss(self):
        self.filtered(lambda s: s.state == "new").write({"state": "dismissed"})

    def action_create_quotes(self):
        """One draft quote per customer (and company) with the selected open suggestions."""
        open_suggestions = self.filtered(lambda s: s.state == "new")
        if not open_suggestions:
            raise UserError(self.env._("Select suggestions still to offer: these are already quoted or dismissed."))
        groups = {}
        for suggestion in open_suggestions:
            groups.setdefault((suggestion.partner_id, suggestion.company_id), self.browse())
            groups[(suggestion.partner_id, suggestion.company_id)] |= suggestion
        orders = self.env["sale.order"]
        for (partner, company), suggestions in groups.items():
            products = suggestions.product_id
            order = (
                self.env["sale.order"]
                .with_company(company)
                .create(
                    {
                        "partner_id": partner.id,
                        "company_id": company.id,
                        "user_id": (suggestions.user_id[:1] or self.env.user).id,
                        "origin": self.env._("After-sale proposals"),
                        "order_line": [Command.create({"product_id": product.id}) for product in products],
                    }
                )
            )
            suggestions.write({"state": "quoted", "order_id": order.id})
            orders |= order
        action = {"type": "ir.actions.act_window", "res_model": "sale.order", "name": self.env._("Proposals")}
        if len(orders) == 1:
            action.update(view_mode="form", res_id=orders.id)
        else:
            action.update(view_mode="list,form", domain=[("id", "in", orders.ids)])
        return action
