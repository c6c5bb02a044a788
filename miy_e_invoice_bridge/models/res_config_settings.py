from odoo import api, fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    miy_einvoice_watch_folder = fields.Char(related="company_id.miy_einvoice_watch_folder", readonly=False)
    miy_einvoice_watch_settle = fields.Integer(related="company_id.miy_einvoice_watch_settle", readonly=False)
    miy_einvoice_mail_senders = fields.Text(related="company_id.miy_einvoice_mail_senders", readonly=False)
    miy_einvoice_alias_name = fields.Char(
        "e-Invoice Alias", compute="_compute_miy_einvoice_alias_name", readonly=False, store=True
    )
    miy_einvoice_alias_domain = fields.Char(related="company_id.alias_domain_name")

    @api.depends("company_id")
    def _compute_miy_einvoice_alias_name(self):
        for settings in self:
            settings.miy_einvoice_alias_name = settings.company_id.miy_einvoice_alias_id.alias_name

    def set_values(self):
        result = super().set_values()
        for settings in self:
            if settings.miy_einvoice_alias_name != settings.company_id.miy_einvoice_alias_id.alias_name:
                settings.company_id._miy_einvoice_set_alias(settings.miy_einvoice_alias_name)
        return result
