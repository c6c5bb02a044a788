from datetime import datetime, time, timedelta

import pytz

from odoo import api, fields, models
from odoo.tools import SQL


class MiyAgendaResource(models.Model):
    """A bookable room, vehicle or item of equipment.

    It is a ``resource.resource`` of type *material* (``_inherits``): its name, company, time zone,
    working hours and its own downtime (``resource.calendar.leaves`` with this resource) are
    Odoo's, so Odoo's working-time computations and the company's holidays apply to it unchanged.
    """

    _name = "miy.agenda.resource"
    _description = "Bookable Resource"
    _inherits = {"resource.resource": "resource_id"}
    _order = "subject_id, sequence, id"

    resource_id = fields.Many2one(
        "resource.resource", required=True, ondelete="restrict", index=True, auto_join=True, string="Resource"
    )
    subject_id = fields.Many2one(
        "miy.agenda.subject", string="Calendar", required=True, index=True, ondelete="restrict"
    )
    sequence = fields.Integer(default=10)
    kind = fields.Selection(
        [("room", "Room"), ("vehicle", "Vehicle"), ("equipment", "Equipment"), ("other", "Other")],
        required=True,
        default="room",
    )
    color = fields.Integer()
    capacity = fields.Integer(help="How many people the room seats.")
    equipment_ids = fields.Many2many("miy.agenda.equipment", string="Equipment")
    license_plate = fields.Char()
    seats = fields.Integer(help="Seats of the vehicle, driver included.")
    buffer_minutes = fields.Integer(
        string="Buffer (minutes)",
        help="Time kept free after each booking (cleaning, return, travel): the next booking may start only then.",
    )
    closed_on_holidays = fields.Boolean(
        help="The resource cannot be booked during the company's holidays (official and company holidays, "
        "bridge days, half-day eves from their start)."
    )
    description = fields.Text()
    booking_ids = fields.One2many("miy.agenda.booking", "resource_id", string="Bookings")

    _sql_constraints = [
        ("buffer_positive", "CHECK (buffer_minutes IS NULL OR buffer_minutes >= 0)", "The buffer cannot be negative."),
        ("capacity_positive", "CHECK (capacity IS NULL OR capacity >= 0)", "The capacity cannot be negative."),
    ]

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            vals.setdefault("resource_type", "material")
            if not vals.get("tz"):
                company = self.env["res.company"].browse(vals.get("company_id")) or self.env.company
                vals["tz"] = company.resource_calendar_id.tz or self.env.user.tz or "Europe/Istanbul"
        return super().create(vals_list)

    def _compute_display_name(self):
        for resource in self:
            name = resource.name or ""
            if resource.kind == "vehicle" and resource.license_plate:
                name = f"{name} ({resource.license_plate})"
            resource.display_name = name

    def _miy_event_range(self, event):
        """The real UTC range ``(start, stop)`` an event occupies on this resource, naive datetimes.

        A timed event's start/stop are UTC. An all-day event stores dates dressed as datetimes
        (08:00 / 18:00, not real UTC times): it occupies whole days in the resource's time zone.
        """
        self.ensure_one()
        if event.allday:
            tz = pytz.timezone(self.tz or "UTC")
            start = tz.localize(datetime.combine(event.start_date, time.min))
            stop = tz.localize(datetime.combine(event.stop_date + timedelta(days=1), time.min))
            return start.astimezone(pytz.utc).replace(tzinfo=None), stop.astimezone(pytz.utc).replace(tzinfo=None)
        return event.start, event.stop

    def _miy_busy_intervals(self, start, stop):
        """Free/busy: ``{resource id: [(start, stop incl. buffer, booking)]}`` of the bookings of self
        overlapping ``[start, stop)`` (naive UTC), sorted, as the current user sees them."""
        bookings = self.env["miy.agenda.booking"].search(
            [("resource_id", "in", self.ids), ("start", "<", stop), ("range_stop", ">", start)], order="start"
        )
        result = {resource.id: [] for resource in self}
        for booking in bookings:
            result[booking.resource_id.id].append((booking.start, booking.range_stop, booking))
        return result

    def _miy_holiday_intervals(self, start, stop):
        """``{resource id: [(start, stop)]}``: the company holidays (global leaves) of the resources
        closed on holidays, within ``[start, stop)`` (naive UTC)."""
        closed = self.filtered("closed_on_holidays")
        result = {resource.id: [] for resource in self}
        if not closed:
            return result
        leaves = self.env["resource.calendar.leaves"].search(
            [
                ("resource_id", "=", False),
                ("time_type", "=", "leave"),
                ("date_from", "<", stop),
                ("date_to", ">", start),
                ("company_id", "in", closed.company_id.ids + [False]),
            ],
            order="date_from",
        )
        for resource in closed:
            result[resource.id] = [
                (leave.date_from, leave.date_to, leave)
                for leave in leaves
                if leave.calendar_id in (resource.calendar_id, self.env["resource.calendar"])
                and leave.company_id in (resource.company_id, self.env["res.company"])
            ]
        return result

    def _miy_free_slots(self, start, stop, duration):
        """``{resource id: [(start, stop)]}``: the free intervals of at least ``duration`` within
        ``[start, stop)`` (naive UTC); a slot leaves room for the resource's buffer."""
        busy = self._miy_busy_intervals(start, stop)
        holidays = self._miy_holiday_intervals(start, stop)
        result = {}
        for resource in self:
            buffer = timedelta(minutes=resource.buffer_minutes or 0)
            taken = sorted(
                [(b_start, b_stop) for b_start, b_stop, _booking in busy[resource.id]]
                + [(h_start, h_stop) for h_start, h_stop, _leave in holidays[resource.id]]
            )
            free, cursor = [], start
            for b_start, b_stop in taken:
                if b_start - buffer - cursor >= duration:
                    free.append((cursor, b_start - buffer))
                cursor = max(cursor, b_stop)
            if stop - cursor >= duration:
                free.append((cursor, stop))
            result[resource.id] = free
        return result

    @api.model
    def _miy_find_conflicts(self, candidates, exclude_event_ids=()):
        """Existing bookings that overlap candidate rows.

        ``candidates``: list of ``(index, resource id, start, range stop)``. Returns a list of
        ``(index, booking id)``. One query for the batch; every candidate is an index scan of the
        exclusion constraint's GiST index, whatever the number of bookings of the resource.
        """
        if not candidates:
            return []
        self.env["miy.agenda.booking"].flush_model(["resource_id", "start", "range_stop", "active", "event_id"])
        if len(candidates) == 1:  # the common case: one meeting, one resource
            [(index, resource_id, start, stop)] = candidates
            self.env.cr.execute(
                SQL(
                    """
                    SELECT b.id
                      FROM miy_agenda_booking b
                     WHERE b.active
                       AND int4range(b.resource_id, b.resource_id, '[]') = int4range(%s, %s, '[]')
                       AND tsrange(b.start, b.range_stop, '[)') && tsrange(%s, %s, '[)')
                       AND NOT (b.event_id = ANY(%s::int[]))
                     ORDER BY b.start
                    """,
                    resource_id,
                    resource_id,
                    start,
                    stop,
                    list(exclude_event_ids),
                )
            )
            return [(index, booking_id) for (booking_id,) in self.env.cr.fetchall()]
        indexes, resource_ids, starts, stops = zip(*candidates, strict=True)
        self.env.cr.execute(
            SQL(
                """
                SELECT c.idx, b.id
                  FROM unnest(%s::int[], %s::int[], %s::timestamp[], %s::timestamp[])
                       AS c(idx, resource_id, start, stop)
                  JOIN miy_agenda_booking b
                    ON b.active
                   AND int4range(b.resource_id, b.resource_id, '[]') = int4range(c.resource_id, c.resource_id, '[]')
                   AND tsrange(b.start, b.range_stop, '[)') && tsrange(c.start, c.stop, '[)')
                 WHERE NOT (b.event_id = ANY(%s::int[]))
                 ORDER BY c.idx, b.start
                """,
                list(indexes),
                list(resource_ids),
                list(starts),
                list(stops),
                list(exclude_event_ids),
            )
        )
        return self.env.cr.fetchall()

    def action_open_planning(self):
        """The resource's own planning: its bookings in a week calendar."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("miy_agenda.miy_agenda_booking_action")
        action["domain"] = [("resource_id", "=", self.id)]
        action["context"] = {"search_default_resource_id": self.id, "default_mode": "week"}
        action["name"] = self.env._("Planning of %(resource)s", resource=self.display_name)
        return action
