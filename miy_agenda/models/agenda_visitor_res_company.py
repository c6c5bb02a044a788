from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    miy_visitor_retention_days = fields.Integer(
        string="Visitor Log Retention (days)",
        default=365,
        help="Visitors' names, phones and e-mails are anonymised this many days after the visit (KVKK); "
        "visit counts are kept. 0: never anonymise.",
    )
    miy_route_speed_kmh = fields.Float(
        string="Average Travel Speed (km/h)",
        default=40.0,
        help="Average speed used to estimate travel times between visits from their straight-line distance.",
    )
