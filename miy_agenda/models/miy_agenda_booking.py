from odoo import api, fields, models


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
    # The meeting's title as Odoo's calendar shows it to the reader: a private meeting's title stays
    # with its organiser and attendees (calendar.event hides it from the others), so it is read as
    # the current user, never stored and never searchable by others.
    name = fields.Char(string="Meeting Subject", compute="_compute_name", search="_search_name", compute_sudo=False)
    # the organiser is public on a private meeting too (calendar.event's public fields)
    user_id = fields.Many2one(related="event_id.user_id", string="Organizer", store=True)
    start = fields.Datetime(required=True)
    stop = fields.Datetime(required=True, string="End")
    range_stop = fields.Datetime(
        required=True, string="Free From", help="End of the booking plus the resource's buffer."
    )
    allday = fields.Boolean(string="All Day")
    active = fields.Boolean(default=True)
    color = fields.Integer(related="resource_id.color", store=True)
    kind = fields.Selection(related="resource_id.kind", store=True)

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

    @api.depends("event_id.name")
    @api.depends_context("uid")
    def _compute_name(self):
        # calendar.event's own rule (_check_private_event_conditions), applied in one pass: the
        # titles are read once, and hidden where Odoo's calendar would show "Busy" to this user
        events = self.event_id.sudo()
        private = events.filtered(
            lambda event: event.privacy == "private"
            or (not event.privacy and event.user_id.calendar_default_privacy == "private")
        )
        hidden = private.with_env(self.env).filtered(lambda event: event._check_private_event_conditions())
        busy = self.env._("Busy")
        for booking in self:
            booking.name = busy if booking.event_id in hidden else booking.event_id.sudo().name

    def _search_name(self, operator, value):
        events = self.env["calendar.event"].search([("name", operator, value)])
        visible = events.filtered(lambda event: not event._check_private_event_conditions())
        return [("event_id", "in", visible.ids)]

    def action_open_event(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "calendar.event",
            "res_id": self.event_id.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }
