from odoo import models


class CrmLead(models.Model):
    _inherit = "crm.lead"

    def action_miy_log_interaction(self):
        """Open the quick-create dialog with the lead's customer and the lead prefilled."""
        self.ensure_one()
        return self.env["miy.interaction"]._miy_quick_create_action(
            partners=self.partner_id, res_ref=f"crm.lead,{self.id}", subject=self.name
        )
