from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    miy_agenda_checkin_early_minutes = fields.Integer(
        string="Early Check-in Window (minutes)",
        config_parameter="miy_agenda.checkin_early_minutes",
        default=60,
        help="How long before a meeting starts the front desk may check its participants in.",
    )
