from datetime import date, datetime

from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .common import AgendaCommon


@tagged("post_install", "-at_install")
class TestAgendaFreeRoom(AgendaCommon):
    def test_find_a_room_for_eight_with_a_projector_on_tuesday_afternoon(self):
        # Tuesday 7 April 2026: the big room is taken 14:00-15:00 Istanbul
        self.meeting("Tedarikçi", datetime(2026, 4, 7, 11), datetime(2026, 4, 7, 12), self.room, self.user_manager)
        wizard_form = Form(self.env["miy.agenda.free.room"].with_user(self.user_plain))
        wizard_form.date = date(2026, 4, 7)
        wizard_form.time_from = 13.0
        wizard_form.time_to = 18.0
        wizard_form.duration = 1.0
        wizard_form.capacity = 8
        wizard_form.equipment_ids.add(self.projector)
        wizard = wizard_form.save()
        wizard.subject_id = self.subject_rooms
        wizard.action_search()
        slots = [(line.resource_id, line.start, line.free_until) for line in wizard.line_ids]
        self.assertEqual(
            slots,
            [
                (self.room, datetime(2026, 4, 7, 10), datetime(2026, 4, 7, 11)),
                (self.room, datetime(2026, 4, 7, 12), datetime(2026, 4, 7, 15)),
            ],
        )
        # booking the proposal opens a meeting with the room
        action = wizard.line_ids[1].action_book()
        meeting = (
            self.env["calendar.event"]
            .with_user(self.user_plain)
            .with_context(**action["context"])
            .create({"name": "Satış sunumu"})
        )
        self.assertEqual(meeting.miy_booking_ids.resource_id, self.room)
        self.assertEqual(meeting.start, datetime(2026, 4, 7, 12))

    def test_free_busy_of_a_resource(self):
        meeting = self.meeting("Bir", datetime(2026, 4, 7, 7), datetime(2026, 4, 7, 8), self.van, self.user_driver)
        busy = self.van.with_user(self.user_driver)._miy_busy_intervals(datetime(2026, 4, 7), datetime(2026, 4, 8))
        self.assertEqual(
            busy[self.van.id], [(datetime(2026, 4, 7, 7), datetime(2026, 4, 7, 8, 30), meeting.miy_booking_ids)]
        )

    def test_bad_window_is_refused(self):
        Wizard = self.env["miy.agenda.free.room"].with_user(self.user_plain)
        with self.assertRaises(UserError):
            Wizard.create({"date": date(2026, 4, 7), "time_from": 15.0, "time_to": 13.0})
        with self.assertRaises(UserError):
            Wizard.create({"date": date(2026, 4, 7), "time_from": 9.0, "time_to": 13.0, "duration": 0})
