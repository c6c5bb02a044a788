from odoo import fields, models


class CrmLeadRejectRegistration(models.TransientModel):
    """Asks the reason when a deal registered by a dealer is rejected."""

    _name = "miy.dealer.registration.reject"
    _description = "Reject a Registered Deal"

    lead_ids = fields.Many2many("crm.lead", string="Deals")
    reason = fields.Text(required=True)

    def action_reject(self):
        self.ensure_one()
        self.lead_ids.action_miy_reject_registration(self.reason)
        return {"type": "ir.actions.act_window_close"}
