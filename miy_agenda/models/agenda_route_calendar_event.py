from odoo import fields, models


class CalendarEvent(models.Model):
    _inherit = "calendar.event"

    miy_visit_logged = fields.Boolean(
        string="Visit Logged",
        copy=False,
        help="The field visit of this meeting was logged back (as an interaction or a note) from the day plan.",
    )
