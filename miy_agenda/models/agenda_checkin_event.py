from datetime import datetime, time, timedelta

import pytz

from odoo import SUPERUSER_ID, api, fields, models

FRONT_DESK = "miy_agenda.group_miy_agenda_front_desk"


class CalendarEvent(models.Model):
    """Gate check-in on Odoo's meeting: participants' passes in their invitations, walk-ins and the
    live counts of the desk."""

    _inherit = "calendar.event"

    miy_use_checkin = fields.Boolean(
        string="Gate Check-in",
        help="Invitations carry each participant's personal QR code and the front desk checks them in at the gate.",
    )
    miy_allow_walkin = fields.Boolean(
        string="Walk-ins Allowed",
        help="The front desk may register uninvited visitors (walk-ins) for this meeting.",
    )
    miy_invited_count = fields.Integer(
        string="Invited", compute="_compute_miy_checkin_counts", help="Participants invited (walk-ins not counted)."
    )
    miy_arrived_count = fields.Integer(string="Arrived", compute="_compute_miy_checkin_counts")
    miy_walkin_count = fields.Integer(string="Walk-ins", compute="_compute_miy_checkin_counts")

    @api.depends("attendee_ids.state", "attendee_ids.miy_arrival_datetime", "attendee_ids.miy_walkin")
    def _compute_miy_checkin_counts(self):
        counts = self._miy_attendee_counts()
        for event in self:
            event.miy_invited_count = counts[event.id]["invited"]
            event.miy_arrived_count = counts[event.id]["arrived"]
            event.miy_walkin_count = counts[event.id]["walkin"]

    def _miy_attendee_counts(self):
        """Per meeting, in one query: invited (all participants but walk-ins), accepted, declined,
        tentative, no answer, arrived, walk-ins."""
        result = {
            event_id: dict.fromkeys(
                ("invited", "accepted", "declined", "tentative", "needsAction", "arrived", "walkin"), 0
            )
            for event_id in self._ids
        }
        ids = [event_id for event_id in self._ids if isinstance(event_id, int)]
        if not ids:
            return result
        groups = self.env["calendar.attendee"]._read_group(
            [("event_id", "in", ids)],
            ["event_id", "state", "miy_walkin", "miy_arrival_datetime:day"],
            ["__count"],
        )
        for event, state, walkin, arrived, count in groups:
            row = result[event.id]
            if walkin:
                row["walkin"] += count
            else:
                row["invited"] += count
                row[state or "needsAction"] += count
            if arrived:
                row["arrived"] += count
        return result

    def _miy_checkin_counts(self):
        self.ensure_one()
        counts = self._miy_attendee_counts()[self.id]
        return {
            "invited": counts["invited"],
            "accepted": counts["accepted"],
            "arrived": counts["arrived"],
            "walkin": counts["walkin"],
        }

    def _miy_checkin_window_refusal(self):
        """None when the desk may check participants in now, else why not: from the early window
        (setting, minutes before the start) to the end of the meeting."""
        self.ensure_one()
        now = fields.Datetime.now()
        # sudo: the early window is a system parameter, which only administrators read
        early = self.env["ir.config_parameter"].sudo().get_param("miy_agenda.checkin_early_minutes", "60")
        try:
            early = max(int(early), 0)
        except ValueError:
            early = 60
        if self.allday:  # whole days in the desk's time zone (stored start/stop are not UTC times)
            tz = pytz.timezone(self.env.user.tz or self.event_tz or "UTC")
            start = tz.localize(datetime.combine(self.start_date, time.min)).astimezone(pytz.utc).replace(tzinfo=None)
            stop = tz.localize(datetime.combine(self.stop_date + timedelta(days=1), time.min))
            stop = stop.astimezone(pytz.utc).replace(tzinfo=None)
        else:
            start, stop = self.start, self.stop
        opens = start - timedelta(minutes=early)
        if now < opens:
            return self.env._(
                "Too early: the check-in of %(meeting)s opens at %(time)s.",
                meeting=self.name,
                time=self._miy_fmt(opens),
            )
        if now > stop:
            return self.env._("The meeting %(meeting)s has ended: check-in is closed.", meeting=self.name)
        return None

    # ------------------------------------------------------------------ invitations
    def message_notify(self, **kwargs):
        """A participant's invitation (and every other mail of Odoo's calendar to them) carries
        their pass when the meeting uses the gate check-in.

        Odoo's ``calendar.attendee._send_mail_to_attendees`` notifies each participant alone; the
        pass is added to that notification only, and the notification is written as the system
        with the company as author, so that no one but its recipient (not even its sender, who may
        not read check-in codes) can read it back."""
        partner_ids = kwargs.get("partner_ids") or []
        if not (self.env.context.get("miy_agenda_checkin_mail") and len(self) == 1 and len(partner_ids) == 1):
            return super().message_notify(**kwargs)
        attendee = self.attendee_ids.filtered(lambda a: a.partner_id.id == partner_ids[0])
        if not self.miy_use_checkin or len(attendee) != 1 or attendee.state == "declined":
            return super().message_notify(**kwargs)
        kwargs["body"] = (kwargs.get("body") or "") + attendee._miy_invitation_checkin_block()
        kwargs["author_id"] = (self.user_id.company_id or self.env.company).partner_id.id
        # as the system: the message is readable by its author and its creator besides its recipient
        return super(CalendarEvent, self.with_user(SUPERUSER_ID)).message_notify(**kwargs)

    # ------------------------------------------------------------------ actions
    def action_miy_open_checkin_desk(self):
        self.ensure_one()
        return {
            "type": "ir.actions.client",
            "tag": "miy_agenda.checkin_desk",
            "name": self.env._("Check-in: %(meeting)s", meeting=self.name),
            "params": {"event_id": self.id},
        }

    def action_miy_print_badges(self):
        return self.env.ref("miy_agenda.agenda_checkin_badge_report").report_action(
            self.attendee_ids.filtered(lambda a: a.state != "declined")
        )

    def action_miy_open_attendees(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Participants"),
            "res_model": "calendar.attendee",
            "view_mode": "list",
            "views": [(self.env.ref("miy_agenda.calendar_attendee_view_list_agenda").id, "list")],
            "domain": [("event_id", "=", self.id)],
            "context": {"create": False},
        }

    @api.model
    @api.readonly  # a look-up: Odoo may serve it from the read-only replica
    def miy_checkin_desk_meetings(self):
        """The meetings with gate check-in the desk may open now: from yesterday to the next week."""
        self.env["calendar.attendee"]._miy_check_front_desk()
        now = fields.Datetime.now()
        events = self.search(
            [
                ("miy_use_checkin", "=", True),
                ("stop", ">=", now - timedelta(days=1)),
                ("start", "<=", now + timedelta(days=7)),
            ],
            order="start",
            limit=50,
        )
        return [{"id": event.id, "name": event.name, "start": self._miy_fmt(event.start)} for event in events]

    @api.readonly  # the desk polls it; reads only
    def miy_checkin_desk_info(self):
        self.ensure_one()
        self.env["calendar.attendee"]._miy_check_front_desk()
        return {
            "id": self.id,
            "name": self.name,
            "start": self._miy_fmt(self.start),
            "allow_walkin": self.miy_allow_walkin,
            "counts": self._miy_checkin_counts(),
        }
