from datetime import datetime, time, timedelta

import pytz

from odoo import Command, api, fields, models
from odoo.exceptions import UserError


class MiyAgendaFreeRoom(models.TransientModel):
    """“A room for 8 people with a projector on Tuesday afternoon”: proposes rooms and free slots."""

    _name = "miy.agenda.free.room"
    _description = "Find a Free Room"

    date = fields.Date(required=True, default=fields.Date.context_today)
    time_from = fields.Float(string="From", required=True, default=9.0)
    time_to = fields.Float(string="To", required=True, default=18.0)
    duration = fields.Float(required=True, default=1.0, help="Length of the meeting, in hours.")
    capacity = fields.Integer(string="People", default=1)
    equipment_ids = fields.Many2many("miy.agenda.equipment", string="Equipment Needed")
    subject_id = fields.Many2one("miy.agenda.subject", string="Calendar", default=lambda self: self._default_subject())
    line_ids = fields.One2many("miy.agenda.free.room.line", "wizard_id", string="Proposals")
    searched = fields.Boolean()

    def _default_subject(self):
        return self.env["miy.agenda.subject"].search([("kind", "=", "room")], limit=1)

    @api.constrains("time_from", "time_to", "duration")
    def _check_window(self):
        for wizard in self:
            if wizard.time_to <= wizard.time_from or not 0 <= wizard.time_from < 24 or wizard.time_to > 24:
                raise UserError(self.env._("The window must end after it starts, within the day."))
            if wizard.duration <= 0:
                raise UserError(self.env._("The meeting must last longer than zero hours."))

    def _window(self):
        tz = pytz.timezone(self.env.user.tz or "Europe/Istanbul")

        def at(hours):
            moment = tz.localize(datetime.combine(self.date, time.min) + timedelta(hours=hours))
            return moment.astimezone(pytz.utc).replace(tzinfo=None)

        return at(self.time_from), at(self.time_to)

    def action_search(self):
        self.ensure_one()
        domain = [("capacity", ">=", self.capacity or 0)]
        if self.subject_id:
            domain.append(("subject_id", "=", self.subject_id.id))
        else:
            domain.append(("kind", "=", "room"))
        rooms = self.env["miy.agenda.resource"].search(domain)
        if self.equipment_ids:
            rooms = rooms.filtered(lambda room: self.equipment_ids <= room.equipment_ids)
        start, stop = self._window()
        duration = timedelta(hours=self.duration)
        free = rooms._miy_free_slots(start, stop, duration)
        lines = [
            Command.create(
                {"resource_id": room.id, "start": slot_start, "stop": slot_start + duration, "free_until": slot_stop}
            )
            for room in rooms.sorted(lambda r: (r.capacity, r.sequence))
            for slot_start, slot_stop in free[room.id]
        ]
        self.write({"line_ids": [Command.clear(), *lines], "searched": True})
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
        }


class MiyAgendaFreeRoomLine(models.TransientModel):
    _name = "miy.agenda.free.room.line"
    _description = "Free Room Proposal"
    _order = "start, id"

    wizard_id = fields.Many2one("miy.agenda.free.room", required=True, ondelete="cascade")
    resource_id = fields.Many2one("miy.agenda.resource", string="Room", required=True)
    capacity = fields.Integer(related="resource_id.capacity")
    start = fields.Datetime(required=True)
    stop = fields.Datetime(required=True, string="End")
    free_until = fields.Datetime()

    def action_book(self):
        """Open a new meeting at this slot with the room booked."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "calendar.event",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
            "context": {
                "default_start": fields.Datetime.to_string(self.start),
                "default_stop": fields.Datetime.to_string(self.stop),
                "default_miy_resource_ids": [Command.set(self.resource_id.ids)],
            },
        }
