from odoo import api, fields, models

from .miy_einvoice import GIB_STATUSES, INVOICE_TYPES, PROFILES


class AccountMove(models.Model):
    _inherit = "account.move"

    miy_ettn = fields.Char("ETTN", index=True, copy=False, help="UUID of the Turkish e-invoice (cbc:UUID).")
    miy_profile = fields.Selection(PROFILES, "e-Invoice Profile", index=True, copy=False)
    miy_invoice_type = fields.Selection(INVOICE_TYPES, "e-Invoice Type", index=True, copy=False)
    miy_gib_status = fields.Selection(GIB_STATUSES, "GİB Status", index=True, copy=False)
    miy_currency_rate = fields.Float(
        "e-Invoice Exchange Rate",
        digits=(16, 6),
        copy=False,
        help="PricingExchangeRate/CalculationRate of the Turkish e-invoice (company currency per unit of the "
        "invoice's currency): the invoice is booked at this rate, not at Odoo's rate of the day.",
    )

    @api.depends("miy_currency_rate")
    def _compute_invoice_currency_rate(self):
        res = super()._compute_invoice_currency_rate()
        for move in self:
            if move.miy_currency_rate > 0 and move.currency_id != move.company_currency_id:
                move.invoice_currency_rate = 1 / move.miy_currency_rate
        return res
