import secrets

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError
from odoo.tools import SQL, email_normalize, escape_psql

FRONT_DESK = "miy_agenda.group_miy_agenda_front_desk"
CODE_MAX_LENGTH = 64  # a scanned or typed code longer than this is refused before any query
# written only by the front desk (through the check-in methods), read by every internal user
CHECKIN_FIELDS = ("miy_arrival_datetime", "miy_walkin", "miy_checkin_user_id")


def _new_code(_model=None):
    # 128 random bits, URL-safe (22 characters): unguessable, fits a QR code and a link
    return secrets.token_urlsafe(16)


class CalendarAttendee(models.Model):
    """Each participant gets a unique, unguessable check-in code (not Odoo's ``access_token``,
    which the RSVP links of the invitation use): it is sent only in that participant's own
    invitation (as a QR code and a link) and read only by the front desk."""

    _inherit = "calendar.attendee"

    miy_checkin_code = fields.Char(
        string="Check-in Code",
        default=_new_code,
        copy=False,
        readonly=True,
        groups=FRONT_DESK,
        help="The participant's personal code for the gate (QR code in their invitation and on their badge).",
    )
    miy_arrival_datetime = fields.Datetime(string="Arrived", readonly=True, copy=False)
    miy_walkin = fields.Boolean(
        string="Walk-in", readonly=True, copy=False, help="Registered at the gate without an invitation."
    )
    miy_checkin_user_id = fields.Many2one("res.users", string="Checked in by", readonly=True, copy=False)

    _sql_constraints = [
        ("miy_checkin_code_unique", "UNIQUE(miy_checkin_code)", "Each participant's check-in code is unique."),
    ]

    def _init_column(self, column_name):
        # a new column gets one value for all existing rows by default: each row needs its own code
        if column_name != "miy_checkin_code":
            return super()._init_column(column_name)
        self.env.cr.execute(SQL("SELECT id FROM calendar_attendee WHERE miy_checkin_code IS NULL"))
        ids = [row[0] for row in self.env.cr.fetchall()]
        for start in range(0, len(ids), 1000):
            batch = ids[start : start + 1000]
            self.env.cr.execute(
                SQL(
                    "UPDATE calendar_attendee a SET miy_checkin_code = v.code"
                    " FROM (SELECT unnest(%s::int[]) AS id, unnest(%s::varchar[]) AS code) v WHERE a.id = v.id",
                    batch,
                    [_new_code() for _id in batch],
                )
            )
        return None

    # ------------------------------------------------------------------ CRUD
    @api.model_create_multi
    def create(self, vals_list):
        if any(name in vals for vals in vals_list for name in CHECKIN_FIELDS):
            self._miy_check_front_desk()
        return super().create(vals_list)

    def write(self, vals):
        if any(name in vals for name in CHECKIN_FIELDS):
            self._miy_check_front_desk()
        return super().write(vals)

    # ------------------------------------------------------------------ rights
    @api.model
    def _miy_check_front_desk(self):
        if not self.env.su and not self.env.user.has_group(FRONT_DESK):
            raise AccessError(
                self.env._("Only the front desk checks participants in: ask a manager for the Front Desk group.")
            )

    # ------------------------------------------------------------------ check-in (front desk RPC)
    def _miy_checkin_card(self):
        """What the desk shows of a participant after a scan."""
        self.ensure_one()
        return {
            "id": self.id,
            "name": self.common_name or self.partner_id.display_name,
            "organization": self.miy_organization_id.display_name or "",
            "role": self.miy_function or "",
            "walkin": self.miy_walkin,
            "badge_url": f"/report/html/miy_agenda.agenda_checkin_badge_report/{self.id}",
        }

    @api.model
    def _miy_checkin_result(self, event, status, message, attendee=None):
        result = {"status": status, "message": message, "attendee": attendee._miy_checkin_card() if attendee else None}
        if event:
            result["counts"] = event._miy_checkin_counts()
        return result

    @api.model
    def _miy_checkin_event(self, event_id):
        Event = self.env["calendar.event"]
        try:
            event_id = int(event_id)
        except (TypeError, ValueError):
            return Event
        return Event.browse(event_id).exists() if 0 < event_id < 2**31 else Event

    @api.model
    def miy_checkin_scan(self, event_id, code):
        """Check in the participant whose code was scanned or typed at the desk of ``event_id``.

        Never raises for a refused code: the answer says why (status ``error``), so that the desk
        shows it inline and is ready for the next scan. Refused: unknown codes, codes of other
        meetings, declined invitations, codes already used, scans before the early window or
        after the meeting."""
        self._miy_check_front_desk()
        event = self._miy_checkin_event(event_id)
        if not event or not event.miy_use_checkin:
            return self._miy_checkin_result(event, "error", self.env._("This meeting has no gate check-in."))
        code = (code or "").strip() if isinstance(code, str) else ""
        attendee = self.browse()
        if code and len(code) <= CODE_MAX_LENGTH:
            attendee = self.search([("miy_checkin_code", "=", code)], limit=1)
        if not attendee:
            return self._miy_checkin_result(
                event, "error", self.env._("Unknown code: this is not an invitation of ours.")
            )
        if attendee.event_id != event:
            return self._miy_checkin_result(
                event,
                "error",
                self.env._(
                    "This invitation is for another meeting: %(meeting)s (%(date)s).",
                    meeting=event._miy_event_label(attendee.event_id),
                    date=event._miy_fmt(attendee.event_id.start),
                ),
            )
        # two desks scanning the same code at once: the second waits and then sees the arrival
        self.env.cr.execute(SQL("SELECT id FROM calendar_attendee WHERE id = %s FOR UPDATE", attendee.id))
        attendee.invalidate_recordset(["miy_arrival_datetime", "state"])
        if attendee.state == "declined":
            return self._miy_checkin_result(
                event,
                "error",
                self.env._(
                    "The invitation of %(name)s was declined (cancelled): not valid.", name=attendee.common_name
                ),
                attendee,
            )
        if attendee.miy_arrival_datetime:
            return self._miy_checkin_result(
                event,
                "error",
                self.env._(
                    "Code already used: %(name)s checked in at %(time)s.",
                    name=attendee.common_name,
                    time=event._miy_fmt(attendee.miy_arrival_datetime),
                ),
                attendee,
            )
        refusal = event._miy_checkin_window_refusal()
        if refusal:
            return self._miy_checkin_result(event, "error", refusal, attendee)
        attendee._miy_mark_arrived()
        return self._miy_checkin_result(
            event, "ok", self.env._("Welcome, %(name)s!", name=attendee.common_name), attendee
        )

    def _miy_mark_arrived(self, walkin=False):
        values = {"miy_arrival_datetime": fields.Datetime.now(), "miy_checkin_user_id": self.env.uid}
        if walkin:
            values["miy_walkin"] = True
        self.write(values)
        # arriving answers the invitation
        self.filtered(lambda a: a.state != "accepted").write({"state": "accepted"})

    @api.model
    def miy_checkin_walkin(self, event_id, values):
        """Register an uninvited walk-in at the desk: the person (and their organization) is matched
        to existing contacts by e-mail, then by name, or created; added to the meeting, flagged as
        a walk-in and checked in. Refused (nothing saved) when the meeting does not allow walk-ins."""
        self._miy_check_front_desk()
        event = self._miy_checkin_event(event_id)
        if not event or not event.miy_use_checkin:
            return self._miy_checkin_result(event, "error", self.env._("This meeting has no gate check-in."))
        if not event.miy_allow_walkin:
            return self._miy_checkin_result(
                event,
                "error",
                self.env._("This meeting does not accept walk-ins: only invited participants may enter."),
            )
        values = values if isinstance(values, dict) else {}
        name = str(values.get("name") or "").strip()[:128]
        email = email_normalize(str(values.get("email") or "")) or False
        if not name and not email:
            return self._miy_checkin_result(
                event, "error", self.env._("Type the walk-in's name (and e-mail if they have one).")
            )
        if values.get("email") and not email:
            return self._miy_checkin_result(
                event, "error", self.env._("This e-mail address is not valid: correct or clear it.")
            )
        refusal = event._miy_checkin_window_refusal()
        if refusal:
            return self._miy_checkin_result(event, "error", refusal)
        person = self._miy_walkin_partner(
            name,
            email,
            str(values.get("organization") or "").strip()[:128],
            str(values.get("phone") or "").strip()[:32],
            str(values.get("function") or "").strip()[:128],
        )
        attendee = event.attendee_ids.filtered(lambda a: a.partner_id == person)
        if attendee:
            # an invited person without their code: checked in as invited, not as a walk-in
            if attendee.miy_arrival_datetime:
                return self._miy_checkin_result(
                    event,
                    "error",
                    self.env._("%(name)s is already checked in.", name=attendee.common_name),
                    attendee,
                )
            if attendee.state == "declined":
                attendee.write({"state": "needsAction"})
            attendee._miy_mark_arrived()
            return self._miy_checkin_result(
                event, "ok", self.env._("%(name)s was invited: checked in.", name=attendee.common_name), attendee
            )
        event.with_context(no_mail_to_attendees=True).write({"partner_ids": [Command.link(person.id)]})
        attendee = event.attendee_ids.filtered(lambda a: a.partner_id == person)
        attendee._miy_mark_arrived(walkin=True)
        return self._miy_checkin_result(
            event,
            "walkin",
            self.env._("Walk-in registered: %(name)s. Print the badge.", name=attendee.common_name),
            attendee,
        )

    @api.model
    def _miy_walkin_partner(self, name, email, organization, phone, function):
        """The walk-in's contact: matched by e-mail, then by exact name, else created (with their
        organization, matched by exact name or created)."""
        Partner = self.env["res.partner"]
        person = Partner.browse()
        if email:
            person = Partner.search([("email_normalized", "=", email), ("is_company", "=", False)], limit=1)
        if not person and name:
            matches = Partner.search([("name", "=ilike", escape_psql(name)), ("is_company", "=", False)], limit=2)
            if len(matches) == 1 and (not email or not matches.email):
                person = matches
        if person:
            return person
        company = Partner.browse()
        if organization:
            company = Partner.search(
                [("name", "=ilike", escape_psql(organization)), ("is_company", "=", True)], limit=1
            )
            if not company:
                company = Partner._miy_agenda_desk_create({"name": organization, "is_company": True})
        return Partner._miy_agenda_desk_create(
            {
                "name": name or email,
                "email": email,
                "phone": phone or False,
                "function": function or False,
                "parent_id": company.id or False,
            }
        )

    # ------------------------------------------------------------------ invitation
    def _send_mail_to_attendees(self, mail_template, force_send=False):
        # every mail of Odoo's calendar to a participant of a meeting with gate check-in (invitation,
        # change, reminder) carries their pass: see calendar.event.message_notify
        return super(CalendarAttendee, self.with_context(miy_agenda_checkin_mail=True))._send_mail_to_attendees(
            mail_template, force_send=force_send
        )

    def _miy_invitation_checkin_block(self):
        """The participant's pass for their own invitation: QR code and link.

        The code is read with elevated rights for this one participant: the invitation is sent by
        the organiser (who does not read codes) only to this participant."""
        self.ensure_one()
        code = self.sudo().miy_checkin_code
        base_url = self.event_id.get_base_url()
        return self.env["ir.qweb"]._render(
            "miy_agenda.agenda_checkin_invitation_block",
            {
                "attendee": self,
                "qr_url": f"{base_url}/report/barcode/QR/{code}?width=240&height=240",
                "pass_url": f"{base_url}/miy_agenda/pass/{code}",
                "code": code,
            },
        )
