from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    miy_potential_count = fields.Integer(
        string="Potentials", compute="_compute_miy_intel_counts", groups="miy_contacts.group_miy_user"
    )
    miy_brand_count = fields.Integer(
        string="Brands Used", compute="_compute_miy_intel_counts", groups="miy_contacts.group_miy_user"
    )

    def _compute_miy_intel_counts(self):
        partners = self.commercial_partner_id
        potentials = dict(
            self.env["miy.product.potential"]._read_group(
                [("partner_id", "in", partners.ids)], ["partner_id"], ["__count"]
            )
        )
        brands = dict(
            self.env["miy.brand.distribution"]._read_group(
                [("partner_id", "in", partners.ids)], ["partner_id"], ["__count"]
            )
        )
        for partner in self:
            partner.miy_potential_count = potentials.get(partner.commercial_partner_id, 0)
            partner.miy_brand_count = brands.get(partner.commercial_partner_id, 0)

    def _miy_ensure_competitor_role(self):
        role = self.env.ref("miy_contacts.partner_role_competitor", raise_if_not_found=False)
        missing = self.filtered(lambda p: role and role not in p.miy_role_ids)
        if missing:
            missing.write({"miy_role_ids": [(4, role.id)]})

    def action_miy_open_potentials(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("miy_dealer_channel.miy_product_potential_action")
        action["domain"] = [("partner_id", "=", self.commercial_partner_id.id)]
        action["context"] = {"default_partner_id": self.commercial_partner_id.id}
        return action

    def action_miy_open_brands(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("miy_dealer_channel.miy_brand_distribution_action")
        action["domain"] = [("partner_id", "=", self.commercial_partner_id.id)]
        action["context"] = {"default_partner_id": self.commercial_partner_id.id}
        return action
