from odoo import models


class ResUsers(models.Model):
    _inherit = "res.users"

    def _miy_dealer(self):
        """The dealer profile of this user's organization in the current company (or an empty record).

        Runs with the caller's rights: a dealer's portal user reads only its own dealer profile
        (record rule ``miy_dealer_rule_portal``), so this never reveals another dealer.
        """
        self.ensure_one()
        if self.share and not self.has_group("miy_dealer_channel.group_miy_dealer_portal"):
            # A portal customer is no dealer's staff, even when its organization is a dealer.
            return self.env["miy.dealer"]
        return self.env["miy.dealer"].search(
            [("partner_id", "=", self.commercial_partner_id.id), ("company_id", "in", self.env.companies.ids)],
            limit=1,
        )
