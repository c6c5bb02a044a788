from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    miy_service_reopen_days = fields.Integer(related="company_id.miy_service_reopen_days", readonly=False)
