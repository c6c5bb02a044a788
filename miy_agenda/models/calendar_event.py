from datetime import timedelta

import psycopg2

from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError
from odoo.tools.misc import format_datetime

DEFERRED = "miy_agenda_sync_deferred"


class CalendarEvent(models.Model):
    """A meeting books rooms, vehicles and equipment from its own form.

    ``miy_resource_ids`` is what the user edits; ``miy.agenda.booking`` rows (one per meeting and
    resource) are derived from it after every create/write, for all occurrences of a recurrence at
    once, checked against existing bookings and holidays before anything is written, with the
    database's exclusion constraint as the last guard against concurrent transactions.
    """

    _inherit = "calendar.event"

    miy_resource_ids = fields.Many2many(
        "miy.agenda.resource",
        "calendar_event_miy_agenda_resource_rel",
        "event_id",
        "resource_id",
        string="Rooms & Resources",
        help="Rooms, vehicles and equipment this meeting books; a resource cannot be booked twice at once.",
    )
    miy_booking_ids = fields.One2many("miy.agenda.booking", "event_id", string="Bookings")

    # Odoo's calendar creates and rewrites the occurrences of a recurrence inside create/write
    # (``_apply_recurrence``, ``_rewrite_recurrence``...). The outermost call collects, in a list held
    # by the context, every meeting created or written below it, and syncs their bookings at once
    # at the end: all occurrences are checked together and every conflicting date is reported.
    @api.model_create_multi
    def create(self, vals_list):
        touched = self.env.context.get(DEFERRED)
        if touched is not None:
            events = super().create(vals_list)
            touched.extend(events.ids)
            return events
        touched = []
        events = super(CalendarEvent, self.with_context(**{DEFERRED: touched})).create(vals_list)
        events = events.with_env(self.env)
        self.browse(set(events.ids) | set(touched))._miy_sync_bookings()
        return events

    def write(self, vals):
        touched = self.env.context.get(DEFERRED)
        if touched is not None:
            touched.extend(self.ids)
            return super().write(vals)
        # before super(): calendar's write pops the time and recurrence values out of ``vals``, and
        # writes the other occurrences through super() (not through this override)
        sync = bool(self._miy_booking_fields() & set(vals))
        touched = list(self.ids) + self.recurrence_id.calendar_event_ids.ids
        result = super(CalendarEvent, self.with_context(**{DEFERRED: touched})).write(vals)
        if sync:
            touched += self.exists().recurrence_id.calendar_event_ids.ids
            self.browse(set(touched))._miy_sync_bookings()
        return result

    def _miy_booking_fields(self):
        return {
            "miy_resource_ids",
            "start",
            "stop",
            "allday",
            "start_date",
            "stop_date",
            "active",
            "duration",
            "recurrency",
            "rrule",
            "rrule_type",
            "interval",
            "count",
            "until",
            "end_type",
            "recurrence_update",
        }

    # ------------------------------------------------------------------ bookings
    def _miy_sync_bookings(self):
        """Make the bookings of ``self`` match their resources and times, or raise and save nothing."""
        user_is_superuser = self.env.su
        # Bookings are derived rows of the meetings (their resources and times): they are read and
        # written with elevated rights, after the user's own right to book every resource added or
        # removed was checked below; the meeting itself was written with the user's rights. The
        # conflict check must see every booking of a resource, also of meetings the user cannot
        # read. ``env.user`` stays the real user (rights check, time zone, private meetings).
        events = self.exists().sudo()
        if not events:
            return
        Booking = events.env["miy.agenda.booking"].with_context(active_test=False)
        existing = {(b.event_id.id, b.resource_id.id): b for b in Booking.search([("event_id", "in", events.ids)])}
        desired = {}
        for event in events:
            for resource in event.miy_resource_ids:
                start, stop = resource._miy_event_range(event)
                if stop <= start:
                    raise ValidationError(
                        self.env._(
                            "The meeting “%(meeting)s” must end after it starts to book %(resource)s.",
                            meeting=event.name,
                            resource=resource.display_name,
                        )
                    )
                desired[(event.id, resource.id)] = {
                    "event_id": event.id,
                    "resource_id": resource.id,
                    "start": start,
                    "stop": stop,
                    "range_stop": stop + timedelta(minutes=resource.buffer_minutes or 0),
                    "allday": event.allday,
                    "active": event.active,
                }
        added = [key for key in desired if key not in existing]
        removed = [key for key in existing if key not in desired]
        changed = [
            key
            for key in desired
            if key in existing
            and any(
                existing[key][name] != value
                for name, value in desired[key].items()
                if name not in ("event_id", "resource_id")
            )
        ]
        if not user_is_superuser:
            touched = events.env["miy.agenda.resource"].browse({key[1] for key in added + removed})
            # the user must see the resource (record rules: its calendar's groups, its company)
            # and be allowed to book on its calendar
            readable = self.env["miy.agenda.resource"].browse(touched.ids)._filtered_access("read")
            refused = touched.filtered(lambda r: r.id not in readable.ids or not r.subject_id._miy_user_may_book())
            if refused:
                raise AccessError(
                    self.env._(
                        "You may not book %(resources)s: ask a manager to give you access to its calendar.",
                        resources=", ".join(refused.mapped("display_name")),
                    )
                )
        to_check = [desired[key] for key in added + changed if desired[key]["active"]]
        events._miy_check_holidays(to_check)
        events._miy_check_conflicts(desired, to_check)
        try:
            with self.env.cr.savepoint():
                if removed:
                    Booking.browse([existing[key].id for key in removed]).unlink()
                for key in changed:
                    existing[key].write(desired[key])
                if added:
                    Booking.create([desired[key] for key in added])
                Booking.flush_model()
        except psycopg2.errors.ExclusionViolation:
            raise ValidationError(
                self.env._(
                    "Another user booked one of these resources for an overlapping time a moment ago. "
                    "Nothing was saved: reload the meeting and choose another time or resource."
                )
            ) from None

    def _miy_fmt(self, value):
        return format_datetime(self.env, value, tz=self.env.user.tz or "UTC", dt_format="short")

    def _miy_event_label(self, event):
        """The conflicting meeting's name, hidden when it is private and the user is not in it."""
        if event.privacy == "private" and self.env.user.partner_id not in event.partner_ids | event.user_id.partner_id:
            return self.env._("a private meeting")
        return event.name

    def _miy_check_conflicts(self, desired, to_check):
        """Raise one message listing every conflicting date, with the conflicting meeting, its time
        and organiser: against bookings of other meetings (one indexed query) and between the
        meetings being saved (``self``, e.g. occurrences of one recurrence). Called by
        ``_miy_sync_bookings`` on elevated meetings, so that every booking is seen."""
        Resource = self.env["miy.agenda.resource"]
        lines = []
        conflicts = Resource._miy_find_conflicts(
            [(i, row["resource_id"], row["start"], row["range_stop"]) for i, row in enumerate(to_check)],
            exclude_event_ids=self.ids,
        )
        bookings = self.env["miy.agenda.booking"].browse([booking_id for _idx, booking_id in conflicts])
        for idx, booking_id in conflicts:
            row, other = to_check[idx], bookings.browse(booking_id)
            lines.append((row, other.event_id, other.start, other.stop))
        # between the meetings of this save
        by_resource = {}
        for row in desired.values():
            if row["active"]:
                by_resource.setdefault(row["resource_id"], []).append(row)
        checked = {id(row) for row in to_check}
        for rows in by_resource.values():
            rows.sort(key=lambda r: r["start"])
            latest = rows[0]  # the row that stays busy the longest so far
            for row in rows[1:]:
                if row["start"] < latest["range_stop"] and (id(row) in checked or id(latest) in checked):
                    other = self.browse(latest["event_id"])
                    lines.append((row, other, latest["start"], latest["stop"]))
                if row["range_stop"] > latest["range_stop"]:
                    latest = row
        if not lines:
            return
        Event = self.browse()
        messages = [
            self.env._(
                "%(resource)s on %(date)s: already booked by “%(meeting)s” (%(start)s – %(stop)s, organiser %(organiser)s)",
                resource=Resource.browse(row["resource_id"]).display_name,
                date=self._miy_fmt(Event.browse(row["event_id"]).start if not row["allday"] else row["start"]),
                meeting=self._miy_event_label(other),
                start=self._miy_fmt(start),
                stop=self._miy_fmt(stop),
                organiser=other.user_id.name or self.env._("nobody"),
            )
            for row, other, start, stop in sorted(lines, key=lambda line: line[0]["start"])
        ]
        raise ValidationError(
            self.env._("These bookings conflict; nothing was saved:\n%(conflicts)s", conflicts="\n".join(messages))
        )

    def _miy_check_holidays(self, to_check):
        """Resources closed on holidays refuse bookings that overlap a company holiday (called on
        elevated meetings by ``_miy_sync_bookings``)."""
        Resource = self.env["miy.agenda.resource"]
        resources = Resource.browse({row["resource_id"] for row in to_check}).filtered("closed_on_holidays")
        if not resources:
            return
        rows = [row for row in to_check if row["resource_id"] in resources.ids]
        holidays = resources._miy_holiday_intervals(min(r["start"] for r in rows), max(r["stop"] for r in rows))
        messages = []
        for row in rows:
            for h_start, h_stop, leave in holidays[row["resource_id"]]:
                if h_start < row["stop"] and row["start"] < h_stop:
                    messages.append(
                        self.env._(
                            "%(resource)s is closed on holidays: %(holiday)s (%(start)s – %(stop)s)",
                            resource=Resource.browse(row["resource_id"]).display_name,
                            holiday=leave.name,
                            start=self._miy_fmt(h_start),
                            stop=self._miy_fmt(h_stop),
                        )
                    )
        if messages:
            raise ValidationError(
                self.env._(
                    "These bookings fall on holidays; nothing was saved:\n%(holidays)s", holidays="\n".join(messages)
                )
            )
