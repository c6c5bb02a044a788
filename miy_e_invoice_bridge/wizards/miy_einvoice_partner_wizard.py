from odoo import fields, models


class MiyEinvoicePartnerWizard(models.TransientModel):
    _name = "miy.einvoice.partner.wizard"
    _description = "Choose the Partner of an e-Invoice"

    einvoice_id = fields.Many2one("miy.einvoice", "e-Invoice", required=True, ondelete="cascade")
    counterparty_vkn = fields.Char(related="einvoice_id.counterparty_vkn")
    counterparty_name = fields.Char(related="einvoice_id.counterparty_name")
    partner_id = fields.Many2one("res.partner", required=True)

    def action_confirm(self):
        self.ensure_one()
        self.einvoice_id._assign_partner(self.partner_id)
        return {"type": "ir.actions.act_window_close"}
