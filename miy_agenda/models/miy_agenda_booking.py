from odoo import fields, models


class MiyAgendaBooking(models.Model):
    """One resource booked by one meeting (``calendar.event``), maintained from the meeting.

    ``start``/``stop`` are real UTC times (an all-day meeting is normalised to whole days in the
    resource's time zone) and ``range_stop`` adds the resource's buffer. PostgreSQL refuses two
    overlapping active bookings of one resource (exclusion constraint below), so two concurrent
    transactions can never both book it; ``calendar.event`` checks first to give a clear message.
    Users read bookings (record rules by calendar subject) but never write them directly.
    """

    _name = "miy.agenda.booking"
    _description = "Resource Booking"
    _order = "start desc, id desc"
    _rec_name = "name"

    event_id = fields.Many2one("calendar.event", string="Meeting", required=True, index=True, ondelete="cascade")
    resource_id = fields.Many2one("miy.agenda.resource", required=True, index=True, ondelete="restrict")
    subject_id = fields.Many2one(
        "miy.agenda.subject", related="resource_id.subject_id", store=True, index=True, string="Calendar"
    )
    company_id = fields.Many2one(related="resource_id.company_id", store=True, index=True)
    name = fields.Char(related="event_id.name", string="Meeting Subject")
    user_id = fields.Many2one(related="event_id.user_id", string="Organizer")
    start = fields.Datetime(required=True)
    stop = fields.Datetime(required=True, string="End")
    range_stop = fields.Datetime(
        required=True, string="Free From", help="End of the booking plus the resource's buffer."
    )
    allday = fields.Boolean(string="All Day")
    active = fields.Boolean(default=True)
    color = fields.Integer(related="resource_id.color")
    kind = fields.Selection(related="resource_id.kind")

    _sql_constraints = [
        ("stop_after_start", "CHECK (stop > start AND range_stop >= stop)", "A booking must end after it starts."),
        (
            "no_overlap",
            """EXCLUDE USING GIST (
                tsrange(start, range_stop, '[)') WITH &&,
                int4range(resource_id, resource_id, '[]') WITH =
            ) WHERE (active)""",
            "This resource is already booked at that time.",
        ),
    ]

    def action_open_event(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "calendar.event",
            "res_id": self.event_id.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }
