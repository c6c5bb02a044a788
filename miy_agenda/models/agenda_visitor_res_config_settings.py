from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    miy_visitor_retention_days = fields.Integer(related="company_id.miy_visitor_retention_days", readonly=False)
    miy_route_speed_kmh = fields.Float(related="company_id.miy_route_speed_kmh", readonly=False)
