from odoo import fields, models

from .miy_einvoice import GIB_STATUSES, INVOICE_TYPES, PROFILES


class AccountMove(models.Model):
    _inherit = "account.move"

    miy_ettn = fields.Char("ETTN", index=True, copy=False, help="UUID of the Turkish e-invoice (cbc:UUID).")
    miy_profile = fields.Selection(PROFILES, "e-Invoice Profile", index=True, copy=False)
    miy_invoice_type = fields.Selection(INVOICE_TYPES, "e-Invoice Type", index=True, copy=False)
    miy_gib_status = fields.Selection(GIB_STATUSES, "GİB Status", index=True, copy=False)
