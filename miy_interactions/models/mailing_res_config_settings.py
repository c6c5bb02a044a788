from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    miy_salutation_female = fields.Char(related="company_id.miy_salutation_female", readonly=False)
    miy_salutation_male = fields.Char(related="company_id.miy_salutation_male", readonly=False)
    miy_salutation_unknown = fields.Char(related="company_id.miy_salutation_unknown", readonly=False)
    miy_salutation_company = fields.Char(related="company_id.miy_salutation_company", readonly=False)
    miy_sms_provider_id = fields.Many2one(related="company_id.miy_sms_provider_id", readonly=False)
    miy_sms_provider_type = fields.Selection(related="company_id.miy_sms_provider_id.provider_type")
    miy_sms_gateway_url = fields.Char(
        related="company_id.miy_sms_provider_id.gateway_url", readonly=False, groups="base.group_system"
    )
    miy_sms_gateway_user = fields.Char(
        related="company_id.miy_sms_provider_id.gateway_user", readonly=False, groups="base.group_system"
    )
    miy_sms_gateway_password = fields.Char(
        related="company_id.miy_sms_provider_id.gateway_password", readonly=False, groups="base.group_system"
    )
    miy_sms_sender = fields.Char(related="company_id.miy_sms_provider_id.sender", readonly=False)
