from odoo import fields, models


class MiyEinvoicePartnerWizard(models.TransientModel):
    _name = "miy.einvoice.partner.wizard"
    _description = "Choose the Partner of an e-Invoice"

    einvoice_id = fields.Many2one("miy.einvoice", "e-Invoice", required=True, ondelete="cascade")
    counterparty_vkn = fields.Char(related="einvoice_id.counterparty_vkn")
    counterparty_name = fields.Char(related="einvoice_id.counterparty_name")
    # partners the user may read (record rules apply to the chooser), never internal users'
    # (checked again on confirm, with archived users, by miy.einvoice._check_assignable_partner)
    partner_id = fields.Many2one(
        "res.partner", required=True, domain="['|', ('user_ids', '=', False), ('user_ids.share', '=', True)]"
    )

    def action_confirm(self):
        self.ensure_one()
        self.einvoice_id._assign_partner(self.partner_id)
        return {"type": "ir.actions.act_window_close"}
