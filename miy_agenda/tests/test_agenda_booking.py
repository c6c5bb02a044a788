from datetime import date

import psycopg2

from odoo.exceptions import ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import AgendaCommon


@tagged("post_install", "-at_install")
class TestAgendaBooking(AgendaCommon):
    def test_booking_follows_the_meeting(self):
        meeting = self.meeting(
            "Müşteri sunumu", self.utc(2026, 4, 7, 7), self.utc(2026, 4, 7, 8), self.room | self.van.browse()
        )
        booking = meeting.miy_booking_ids
        self.assertEqual((booking.start, booking.stop, booking.range_stop), (meeting.start, meeting.stop, meeting.stop))
        meeting.write({"start": self.utc(2026, 4, 7, 9), "stop": self.utc(2026, 4, 7, 10)})
        self.assertEqual((booking.start, booking.stop), (self.utc(2026, 4, 7, 9), self.utc(2026, 4, 7, 10)))
        meeting.write({"miy_resource_ids": [(4, self.small_room.id)]})
        self.assertEqual(meeting.miy_booking_ids.resource_id, self.room | self.small_room)
        meeting.write({"miy_resource_ids": [(3, self.room.id)]})
        self.assertEqual(meeting.miy_booking_ids.resource_id, self.small_room)
        # archiving the meeting frees the resource
        meeting.action_archive()
        self.meeting("Sonraki", self.utc(2026, 4, 7, 9), self.utc(2026, 4, 7, 10), self.small_room)

    def test_all_day_meeting_books_whole_local_days(self):
        meeting = (
            self.env["calendar.event"]
            .with_user(self.user_miy)
            .create(
                {
                    "name": "Fuar hazırlığı",
                    "allday": True,
                    "start_date": date(2026, 4, 14),
                    "stop_date": date(2026, 4, 15),
                    "miy_resource_ids": [(6, 0, self.room.ids)],
                }
            )
        )
        booking = meeting.miy_booking_ids
        # Istanbul is UTC+3: the two local days run from 13 April 21:00 to 15 April 21:00 UTC
        self.assertEqual((booking.start, booking.stop), (self.utc(2026, 4, 13, 21), self.utc(2026, 4, 15, 21)))
        # a timed meeting at 23:30 local on the 15th conflicts, one at 00:30 local on the 16th does not
        with self.assertRaises(ValidationError):
            self.meeting("Gece", self.utc(2026, 4, 15, 20, 30), self.utc(2026, 4, 15, 20, 45), self.room)
        self.meeting("Sabah", self.utc(2026, 4, 15, 21, 30), self.utc(2026, 4, 15, 22), self.room)

    def test_conflict_names_meeting_time_and_organiser_and_saves_nothing(self):
        self.meeting(
            "Yönetim toplantısı", self.utc(2026, 4, 7, 7), self.utc(2026, 4, 7, 9), self.room, self.user_manager
        )
        with self.assertRaises(ValidationError) as error:
            self.meeting(
                "Çakışan toplantı", self.utc(2026, 4, 7, 8), self.utc(2026, 4, 7, 10), self.room | self.small_room
            )
        message = str(error.exception)
        self.assertIn("Yönetim toplantısı", message)
        self.assertIn(self.user_manager.name, message)
        self.assertIn("Salon Uludağ (test)", message)
        self.assertIn("10:00", message)  # 07:00 UTC shown in the user's time zone (Istanbul)
        self.assertFalse(self.env["calendar.event"].search([("name", "=", "Çakışan toplantı")]))
        self.assertFalse(self.env["miy.agenda.booking"].search([("resource_id", "=", self.small_room.id)]))

    def test_moving_a_meeting_into_a_conflict_is_refused(self):
        self.meeting("Birinci", self.utc(2026, 4, 7, 7), self.utc(2026, 4, 7, 8), self.room)
        second = self.meeting("İkinci", self.utc(2026, 4, 7, 9), self.utc(2026, 4, 7, 10), self.room)
        with self.assertRaises(ValidationError):
            second.write({"start": self.utc(2026, 4, 7, 7, 30), "stop": self.utc(2026, 4, 7, 8, 30)})
        second.invalidate_recordset()
        self.assertEqual(second.miy_booking_ids.start, self.utc(2026, 4, 7, 9))

    def test_buffer_keeps_the_resource_free_after_a_booking(self):
        self.meeting("Bursa turu", self.utc(2026, 4, 7, 7), self.utc(2026, 4, 7, 8), self.van, self.user_driver)
        with self.assertRaises(ValidationError):
            self.meeting(
                "Hemen ardından", self.utc(2026, 4, 7, 8, 15), self.utc(2026, 4, 7, 9), self.van, self.user_driver
            )
        self.meeting(
            "Yarım saat sonra", self.utc(2026, 4, 7, 8, 30), self.utc(2026, 4, 7, 9), self.van, self.user_driver
        )

    def test_end_before_start_is_refused(self):
        with self.assertRaises(ValidationError):
            self.meeting("Ters", self.utc(2026, 4, 7, 9), self.utc(2026, 4, 7, 8), self.room)
        with self.assertRaises(ValidationError):
            self.meeting("Sıfır", self.utc(2026, 4, 7, 9), self.utc(2026, 4, 7, 9), self.room)
        self.assertFalse(self.env["miy.agenda.booking"].search([("resource_id", "=", self.room.id)]))

    def test_recurring_meeting_reports_every_conflicting_date(self):
        # Tuesdays 7, 14, 21, 28 April 2026, 10:00-11:00 Istanbul; the room is taken on the 14th and the 28th
        self.meeting("Denetim", self.utc(2026, 4, 14, 7), self.utc(2026, 4, 14, 8), self.room, self.user_manager)
        self.meeting("Eğitim", self.utc(2026, 4, 28, 6), self.utc(2026, 4, 28, 7, 30), self.room, self.user_manager)
        with self.assertRaises(ValidationError) as error:
            self.meeting(
                "Haftalık üretim toplantısı",
                self.utc(2026, 4, 7, 7),
                self.utc(2026, 4, 7, 8),
                self.room,
                recurrency=True,
                rrule_type="weekly",
                interval=1,
                count=4,
                end_type="count",
                tue=True,
            )
        message = str(error.exception)
        self.assertIn("Denetim", message)
        self.assertIn("Eğitim", message)
        self.assertIn("4/14/26", message)
        self.assertIn("4/28/26", message)
        self.assertFalse(self.env["calendar.event"].search([("name", "=", "Haftalık üretim toplantısı")]))
        # without the conflicts every occurrence books the room
        meetings = self.meeting(
            "Haftalık üretim toplantısı",
            self.utc(2026, 5, 5, 7),
            self.utc(2026, 5, 5, 8),
            self.room,
            recurrency=True,
            rrule_type="weekly",
            interval=1,
            count=4,
            end_type="count",
            tue=True,
        )
        occurrences = meetings.recurrence_id.calendar_event_ids
        self.assertEqual(len(occurrences), 4)
        self.assertEqual(len(occurrences.miy_booking_ids), 4)

    def test_database_refuses_overlapping_bookings(self):
        """The exclusion constraint is the last guard, whatever the code above does."""
        meeting = self.meeting("Bir", self.utc(2026, 4, 7, 7), self.utc(2026, 4, 7, 8), self.room)
        other = self.meeting("İki", self.utc(2026, 4, 7, 9), self.utc(2026, 4, 7, 10), self.small_room)
        Booking = self.env["miy.agenda.booking"].sudo()
        with mute_logger("odoo.sql_db"), self.assertRaises(psycopg2.errors.ExclusionViolation), self.env.cr.savepoint():
            Booking.create(
                {
                    "event_id": other.id,
                    "resource_id": self.room.id,
                    "start": self.utc(2026, 4, 7, 7, 30),
                    "stop": self.utc(2026, 4, 7, 8, 30),
                    "range_stop": self.utc(2026, 4, 7, 8, 30),
                }
            )
            Booking.flush_model()
        self.assertEqual(len(meeting.miy_booking_ids), 1)

    def test_moving_a_whole_recurrence_moves_every_booking(self):
        meeting = self.meeting(
            "Haftalık kalite toplantısı",
            self.utc(2026, 6, 2, 7),
            self.utc(2026, 6, 2, 8),
            self.room,
            recurrency=True,
            rrule_type="weekly",
            interval=1,
            count=3,
            end_type="count",
            tue=True,
        )
        other = self.meeting("Öğle toplantısı", self.utc(2026, 6, 16, 9), self.utc(2026, 6, 16, 10), self.room)
        with self.assertRaises(ValidationError) as error:
            meeting.write(
                {"start": self.utc(2026, 6, 2, 9), "stop": self.utc(2026, 6, 2, 10), "recurrence_update": "all_events"}
            )
        self.assertIn(other.name, str(error.exception))
        other.unlink()
        meeting.write(
            {"start": self.utc(2026, 6, 2, 9), "stop": self.utc(2026, 6, 2, 10), "recurrence_update": "all_events"}
        )
        bookings = self.env["miy.agenda.booking"].search([("resource_id", "=", self.room.id)], order="start")
        self.assertEqual(
            bookings.mapped("start"), [self.utc(2026, 6, 2, 9), self.utc(2026, 6, 9, 9), self.utc(2026, 6, 16, 9)]
        )
