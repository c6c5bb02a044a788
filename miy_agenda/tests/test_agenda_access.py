from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import AgendaCommon


@tagged("post_install", "-at_install")
class TestAgendaAccess(AgendaCommon):
    """Who sees which calendar's resources and bookings, and who may book them."""

    def test_subject_groups_hide_resources_and_bookings(self):
        trip = self.meeting(
            "Bayi ziyareti", self.utc(2026, 4, 7, 7), self.utc(2026, 4, 7, 15), self.van, self.user_driver
        )
        self.assertEqual(trip.miy_booking_ids.resource_id, self.van)
        # a user outside the vehicle pool's groups sees neither the vehicle nor its bookings
        for user in (self.user_plain, self.user_miy):
            Booking = self.env["miy.agenda.booking"].with_user(user)
            self.assertFalse(Booking.search([("resource_id", "=", self.van.id)]))
            self.assertFalse(self.env["miy.agenda.resource"].with_user(user).search([("id", "=", self.van.id)]))
            self.assertNotIn(self.subject_vehicles, self.env["miy.agenda.subject"].with_user(user).search([]))
            with self.assertRaises(AccessError):
                Booking.browse(trip.miy_booking_ids.id).read(["start"])
        # the driver and a manager see them
        for user in (self.user_driver, self.user_manager):
            self.assertEqual(
                self.env["miy.agenda.booking"].with_user(user).search([("resource_id", "=", self.van.id)]),
                trip.miy_booking_ids,
            )

    def test_lowest_privilege_user_books_a_shared_room(self):
        meeting = self.meeting(
            "Haftalık satış", self.utc(2026, 4, 7, 7), self.utc(2026, 4, 7, 8), self.room, self.user_plain
        )
        self.assertEqual(meeting.miy_booking_ids.resource_id, self.room)
        self.assertEqual(
            self.env["miy.agenda.booking"].with_user(self.user_plain).search([("event_id", "=", meeting.id)]),
            meeting.miy_booking_ids,
        )

    def test_user_outside_book_groups_cannot_book(self):
        # invisible subject: refused
        with self.assertRaises(AccessError):
            self.meeting("Gizli yolculuk", self.utc(2026, 4, 8, 7), self.utc(2026, 4, 8, 8), self.van, self.user_miy)
        # visible but bookable by managers only: refused, nothing saved
        with self.assertRaises(AccessError):
            self.meeting("Yönetim", self.utc(2026, 4, 8, 7), self.utc(2026, 4, 8, 8), self.board_room, self.user_miy)
        self.assertFalse(self.env["calendar.event"].search([("name", "in", ("Gizli yolculuk", "Yönetim"))]))
        self.assertFalse(
            self.env["miy.agenda.booking"].search([("resource_id", "in", (self.van | self.board_room).ids)])
        )
        # adding it to an existing meeting is refused as well
        meeting = self.meeting("Satış", self.utc(2026, 4, 8, 9), self.utc(2026, 4, 8, 10), self.room, self.user_miy)
        with self.assertRaises(AccessError):
            meeting.with_user(self.user_miy).write({"miy_resource_ids": [(4, self.board_room.id)]})
        self.assertEqual(meeting.miy_booking_ids.resource_id, self.room)
        # the manager may
        self.meeting(
            "Yönetim kurulu", self.utc(2026, 4, 8, 7), self.utc(2026, 4, 8, 8), self.board_room, self.user_manager
        )

    def test_users_never_write_bookings_directly(self):
        meeting = self.meeting("Satış", self.utc(2026, 4, 9, 9), self.utc(2026, 4, 9, 10), self.room, self.user_miy)
        Booking = self.env["miy.agenda.booking"].with_user(self.user_miy)
        with self.assertRaises(AccessError):
            Booking.create(
                {
                    "event_id": meeting.id,
                    "resource_id": self.small_room.id,
                    "start": meeting.start,
                    "stop": meeting.stop,
                    "range_stop": meeting.stop,
                }
            )
        with self.assertRaises(AccessError):
            meeting.miy_booking_ids.with_user(self.user_miy).write({"stop": self.utc(2026, 4, 9, 12)})
        with self.assertRaises(AccessError):
            meeting.miy_booking_ids.with_user(self.user_manager).unlink()

    def test_only_managers_configure_resources_and_holidays(self):
        with self.assertRaises(AccessError):
            self.env["miy.agenda.resource"].with_user(self.user_miy).create(
                {"name": "Yeni oda", "subject_id": self.subject_rooms.id}
            )
        room = (
            self.env["miy.agenda.resource"]
            .with_user(self.user_manager)
            .create({"name": "Yeni oda", "subject_id": self.subject_rooms.id, "capacity": 6})
        )
        self.assertEqual(room.resource_type, "material")
        Leave = self.env["resource.calendar.leaves"]
        values = {
            "name": "Köprü günü",
            "date_from": self.utc(2026, 10, 30, 5),
            "date_to": self.utc(2026, 10, 30, 21),
            "miy_holiday_kind": "bridge",
            "resource_id": False,
            "calendar_id": False,
        }
        with self.assertRaises(AccessError):
            Leave.with_user(self.user_miy).create(values)
        bridge = Leave.with_user(self.user_manager).create(values)
        self.assertEqual(bridge.company_id, self.env.company)
        # but a manager does not edit other global leaves (e.g. HR's public holidays)
        other = Leave.create({**values, "name": "HR", "miy_holiday_kind": False})
        with self.assertRaises(AccessError):
            other.with_user(self.user_manager).write({"name": "changed"})

    def test_portal_user_and_other_company_see_nothing(self):
        self.meeting("Satış", self.utc(2026, 4, 10, 9), self.utc(2026, 4, 10, 10), self.room, self.user_miy)
        portal = new_test_user(self.env, login="agenda_portal", groups="base.group_portal")
        for model in ("miy.agenda.booking", "miy.agenda.resource", "miy.agenda.subject"):
            with self.assertRaises(AccessError):
                self.env[model].with_user(portal).search([])
        other_company = self.env["res.company"].create({"name": "Başka Firma A.Ş."})
        outsider = new_test_user(
            self.env,
            login="agenda_other_company",
            groups="base.group_user,miy_contacts.group_miy_manager",
            company_id=other_company.id,
            company_ids=[(6, 0, other_company.ids)],
        )
        self.assertFalse(
            self.env["miy.agenda.booking"].with_user(outsider).search([("resource_id", "=", self.room.id)])
        )
        self.assertFalse(self.env["miy.agenda.resource"].with_user(outsider).search([("id", "=", self.room.id)]))
        with self.assertRaises(AccessError):
            self.env["calendar.event"].with_user(outsider).create(
                {
                    "name": "Yabancı",
                    "start": self.utc(2026, 4, 11, 9),
                    "stop": self.utc(2026, 4, 11, 10),
                    "miy_resource_ids": [(6, 0, self.room.ids)],
                }
            )
