from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    miy_einvoice_watch_folder = fields.Char(related="company_id.miy_einvoice_watch_folder", readonly=False)
