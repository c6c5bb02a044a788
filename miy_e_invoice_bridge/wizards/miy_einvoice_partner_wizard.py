from odoo import api, fields, models

from ..lib import ubl_tr


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
    partner_vat = fields.Char("Partner's VKN/TCKN", compute="_compute_vat_check")
    vat_check = fields.Selection(
        [("match", "Same VKN/TCKN"), ("mismatch", "Another VKN/TCKN"), ("missing", "No VKN/TCKN")],
        "VKN/TCKN Check",
        compute="_compute_vat_check",
    )

    @api.depends("partner_id", "counterparty_vkn")
    def _compute_vat_check(self):
        """Shown before the user confirms: a partner bearing another tax number is refused on
        confirm (miy.einvoice._check_assignable_partner), one without gets the document's."""
        for wizard in self:
            vat = wizard.partner_id.commercial_partner_id.vat
            wizard.partner_vat = vat or False
            if not wizard.partner_id or not wizard.counterparty_vkn:
                wizard.vat_check = False
            elif not vat:
                wizard.vat_check = "missing"
            else:
                variants = wizard.einvoice_id._vkn_variants(wizard.counterparty_vkn)
                wizard.vat_check = "match" if ubl_tr.normalize_id(vat) in variants else "mismatch"

    def action_confirm(self):
        self.ensure_one()
        self.einvoice_id._assign_partner(self.partner_id)
        return {"type": "ir.actions.act_window_close"}
