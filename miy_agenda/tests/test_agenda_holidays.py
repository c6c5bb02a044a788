from datetime import date, datetime

from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import AgendaCommon


@tagged("post_install", "-at_install")
class TestAgendaHolidays(AgendaCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # the test command's database has the demo holidays of the main company: these tests
        # compute working time before and after filling, so they start without any
        cls.env["resource.calendar.leaves"].search([("miy_holiday_key", "!=", False)]).unlink()
        # a working-time calendar of Bursa: 08-12 and 13-17 local time, Monday to Friday
        cls.calendar = cls.env["resource.calendar"].create(
            {
                "name": "Bursa 08-17 (test)",
                "tz": "Europe/Istanbul",
                "attendance_ids": [
                    Command.create(
                        {"name": f"{day} {start}", "dayofweek": str(day), "hour_from": start, "hour_to": stop}
                    )
                    for day in range(5)
                    for start, stop in ((8, 12), (13, 17))
                ],
            }
        )
        cls.company = cls.env["res.company"].create(
            {"name": "Uludağ Test A.Ş.", "resource_calendar_id": cls.calendar.id}
        )
        cls.calendar.company_id = cls.company

    def _fill(self, years):
        return self.env["resource.calendar.leaves"]._miy_fill_turkish_holidays(years, companies=self.company)

    def test_three_years_of_known_dates(self):
        expected = {
            # Ramazan Bayramı (first day), its eve, Kurban Bayramı (first day), its eve
            2025: (date(2025, 3, 30), date(2025, 3, 29), date(2025, 6, 6), date(2025, 6, 5)),
            2026: (date(2026, 3, 20), date(2026, 3, 19), date(2026, 5, 27), date(2026, 5, 26)),
            2027: (date(2027, 3, 9), date(2027, 3, 8), date(2027, 5, 16), date(2027, 5, 15)),
        }
        Leave = self.env["resource.calendar.leaves"]
        for year, (ramazan, ramazan_eve, kurban, kurban_eve) in expected.items():
            rows = {(day, kind): name for day, name, kind in Leave._miy_turkish_holidays(year)}
            self.assertIn("Ramazan", rows[(ramazan, "religious")])
            self.assertIn("Kurban", rows[(kurban, "religious")])
            self.assertIn((ramazan_eve, "half_day"), rows)
            self.assertIn((kurban_eve, "half_day"), rows)
            self.assertIn((date(year, 10, 29), "official"), rows)
            self.assertIn((date(year, 10, 28), "half_day"), rows)
            self.assertIn((date(year, 4, 23), "official"), rows)
            kurban_days = [day for (day, kind) in rows if kind == "religious" and "Kurban" in rows[(day, kind)]]
            self.assertEqual(len(kurban_days), 4, year)

    def test_fill_writes_company_wide_leaves_once(self):
        leaves = self._fill([2026])
        self.assertTrue(leaves)
        self.assertFalse(leaves.resource_id)
        self.assertFalse(leaves.calendar_id)
        self.assertEqual(leaves.company_id, self.company)
        eve = leaves.filtered(lambda leave: leave.miy_holiday_key == "TR-2026-03-19-half_day")
        # from 13:00 Istanbul (10:00 UTC) to midnight
        self.assertEqual((eve.date_from, eve.date_to), (datetime(2026, 3, 19, 10), datetime(2026, 3, 19, 21)))
        self.assertEqual(eve.miy_holiday_kind, "half_day")
        self.assertFalse(self._fill([2026]), "a second run adds nothing")
        self.env["resource.calendar.leaves"]._cron_fill_turkish_holidays()

    def test_working_time_skips_the_bayram(self):
        # Thursday 19 March 2026 08:00 Istanbul; 8 working hours later
        start = datetime(2026, 3, 19, 5)
        self.assertEqual(
            self.calendar.plan_hours(8, start, compute_leaves=True), datetime(2026, 3, 19, 14)
        )  # 17:00 local
        self._fill([2026])
        # Thursday 08-12 (4 h), the eve from 13:00, Friday 20 March the bayram, the weekend: Monday 12:00 local
        self.assertEqual(self.calendar.plan_hours(8, start, compute_leaves=True), datetime(2026, 3, 23, 9))
        self.assertEqual(self.calendar.plan_days(2, start, compute_leaves=True).date(), date(2026, 3, 23))

    def test_sla_deadline_of_a_service_request_moves_over_the_bayram(self):
        if "miy.service.request" not in self.env:
            self.skipTest("miy_interactions is not installed")
        request_type = self.env["miy.service.request.type"].create({"name": "Arıza (test)", "first_response_hours": 8})
        partner = self.env["res.partner"].create({"name": "Nilüfer Gıda (test)", "is_company": True})
        company = self.env.company
        company.resource_calendar_id = self.calendar.copy({"company_id": company.id})
        Request = self.env["miy.service.request"]
        values = {
            "subject": "Pres durdu",
            "partner_id": partner.id,
            "type_id": request_type.id,
            "request_date": datetime(2026, 3, 19, 5),
        }
        before = Request.create({**values, "name": "SR-AGENDA-1"})
        self.assertEqual(before.first_response_deadline, datetime(2026, 3, 19, 14))
        self.env["resource.calendar.leaves"]._miy_fill_turkish_holidays([2026], companies=company)
        after = Request.create({**values, "name": "SR-AGENDA-2"})
        self.assertEqual(after.first_response_deadline, datetime(2026, 3, 23, 9))

    def test_resource_closed_on_holidays_refuses_bookings(self):
        self._fill([2026])
        self.env.user.company_ids |= self.company
        room = self.env["miy.agenda.resource"].create(
            {
                "name": "Fabrika salonu (test)",
                "subject_id": self.subject_rooms.id,
                "closed_on_holidays": True,
                "company_id": self.company.id,
                "calendar_id": self.calendar.id,
                "tz": "Europe/Istanbul",
            }
        )
        Event = self.env["calendar.event"].with_company(self.company)
        with self.assertRaises(ValidationError) as error:
            Event.create(
                {
                    "name": "Bayramda",
                    "start": datetime(2026, 3, 20, 7),
                    "stop": datetime(2026, 3, 20, 8),
                    "miy_resource_ids": [Command.set(room.ids)],
                }
            )
        self.assertIn("Ramazan", str(error.exception))
        # the eve: the morning is open, the afternoon is closed
        Event.create(
            {
                "name": "Arife sabahı",
                "start": datetime(2026, 3, 19, 6),
                "stop": datetime(2026, 3, 19, 8),
                "miy_resource_ids": [Command.set(room.ids)],
            }
        )
        with self.assertRaises(ValidationError):
            Event.create(
                {
                    "name": "Arife öğleden sonra",
                    "start": datetime(2026, 3, 19, 11),
                    "stop": datetime(2026, 3, 19, 12),
                    "miy_resource_ids": [Command.set(room.ids)],
                }
            )
        self.assertFalse(self.env["calendar.event"].search([("name", "in", ("Bayramda", "Arife öğleden sonra"))]))
        # a room that stays open is booked on the bayram
        self.meeting("Nöbet", datetime(2026, 3, 20, 7), datetime(2026, 3, 20, 8), self.room)
