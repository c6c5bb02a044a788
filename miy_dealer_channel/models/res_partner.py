from odoo import api, fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    miy_dealer_ids = fields.One2many("miy.dealer", "partner_id", string="Dealer Profiles")
    # the roles are MİY users' data: so is this flag (an accountant opening a partner never reads it)
    miy_is_dealer = fields.Boolean(
        string="Is a Dealer", compute="_compute_miy_is_dealer", groups="miy_contacts.group_miy_user"
    )

    @api.depends("miy_role_ids.code")
    def _compute_miy_is_dealer(self):
        for partner in self:
            partner.miy_is_dealer = "dealer" in partner.miy_role_ids.mapped("code")

    def action_miy_open_dealer(self):
        """Open the dealer profile of this organization, or a new one for it."""
        self.ensure_one()
        partner = self.commercial_partner_id
        dealer = partner.miy_dealer_ids.filtered(lambda d: d.company_id == self.env.company)[:1]
        action = {
            "type": "ir.actions.act_window",
            "name": self.env._("Dealer Profile"),
            "res_model": "miy.dealer",
            "view_mode": "form",
        }
        if dealer:
            action["res_id"] = dealer.id
        else:
            action["context"] = {"default_partner_id": partner.id}
        return action
