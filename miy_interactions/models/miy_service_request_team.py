from odoo import fields, models


class CrmTeam(models.Model):
    _inherit = "crm.team"

    miy_resource_calendar_id = fields.Many2one(
        "resource.calendar",
        string="Service Working Hours",
        help="Working hours (and public holidays) that time the service requests of this team; "
        "when empty, the company's working hours.",
    )
