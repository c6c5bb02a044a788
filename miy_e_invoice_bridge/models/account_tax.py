from odoo import fields, models


class AccountTax(models.Model):
    _inherit = "account.tax"

    miy_gib_tax_code = fields.Char(
        "GİB Tax Code", index=True, help="TaxTypeCode of UBL-TR (0015 KDV, 0071 ÖTV, ...) of taxes created by imports."
    )
