from odoo import fields
from odoo.exceptions import AccessError

from .agenda_checkin_common import AgendaCheckinCommon


class TestAgendaCheckin(AgendaCheckinCommon):
    """Feature 6: the check-in rules of the desk, walk-ins, live counts, hostile callers."""

    def test_scan_marks_arrival_then_refuses_reuse(self):
        result = self.scan(self.code(self.att_ayse))
        self.assertEqual(result["status"], "ok", result["message"])
        self.assertEqual(result["attendee"]["name"], "Ayşe Checkin")
        self.assertEqual(result["attendee"]["organization"], "Nilüfer Gıda (checkin test)")
        self.assertEqual(result["attendee"]["role"], "Satın Alma Müdürü")
        self.assertTrue(self.att_ayse.miy_arrival_datetime)
        self.assertEqual(self.att_ayse.miy_checkin_user_id, self.user_desk)
        self.assertEqual(self.att_ayse.state, "accepted", "arriving answers the invitation")
        self.assertEqual(result["counts"]["arrived"], 1)
        self.assertEqual(self.event.miy_arrived_count, 1)
        # the same code again: refused, the first arrival kept
        arrival = self.att_ayse.miy_arrival_datetime
        again = self.scan(self.code(self.att_ayse))
        self.assertEqual(again["status"], "error")
        self.assertIn("already used", again["message"])
        self.assertEqual(self.att_ayse.miy_arrival_datetime, arrival)
        # the next participant right after
        self.assertEqual(self.scan(f" {self.code(self.att_mehmet)}\n")["status"], "ok")
        self.assertEqual(self.event.miy_arrived_count, 2)

    def test_refuses_other_meeting_declined_unknown(self):
        other_code = self.code(self.other_event.attendee_ids.filtered(lambda a: a.partner_id == self.ayse))
        result = self.scan(other_code)
        self.assertEqual(result["status"], "error")
        self.assertIn("another meeting", result["message"])
        self.assertIn("Başka toplantı (test)", result["message"])
        result = self.scan(self.code(self.att_declined))
        self.assertEqual(result["status"], "error")
        self.assertIn("declined", result["message"])
        for bogus in ("", "nope", "x" * 5000, None, 42, ["list"]):
            result = self.scan(bogus)
            self.assertEqual(result["status"], "error", bogus)
            self.assertIn("Unknown code", result["message"])
        self.assertFalse((self.event.attendee_ids | self.other_event.attendee_ids).filtered("miy_arrival_datetime"))
        # a meeting without gate check-in, a meeting that does not exist
        self.other_event.miy_use_checkin = False
        self.assertIn("no gate check-in", self.scan(other_code, event=self.other_event)["message"])
        for event_id in (10**9, 10**30, -1, "x", None):
            result = self.env["calendar.attendee"].with_user(self.user_desk).miy_checkin_scan(event_id, other_code)
            self.assertEqual(result["status"], "error", event_id)
        # the name of another private meeting is not revealed
        self.other_event.write({"miy_use_checkin": True, "privacy": "private"})
        result = self.scan(other_code)
        self.assertNotIn("Başka toplantı (test)", result["message"])
        self.assertIn("a private meeting", result["message"])

    def test_early_window_and_end(self):
        later = self._meeting("Öğleden sonra (test)", minutes_from_now=90)
        code = self.code(later.attendee_ids.filtered(lambda a: a.partner_id == self.mehmet))
        result = self.scan(code, event=later)
        self.assertEqual(result["status"], "error")
        self.assertIn("Too early", result["message"])
        self.assertFalse(later.attendee_ids.filtered("miy_arrival_datetime"))
        self.env["ir.config_parameter"].sudo().set_param("miy_agenda.checkin_early_minutes", "120")
        self.assertEqual(self.scan(code, event=later)["status"], "ok")
        # a meeting that has ended
        past = self._meeting("Dünkü toplantı (test)", minutes_from_now=-300, duration=60)
        code = self.code(past.attendee_ids.filtered(lambda a: a.partner_id == self.mehmet))
        result = self.scan(code, event=past)
        self.assertEqual(result["status"], "error")
        self.assertIn("has ended", result["message"])

    def test_walkin_registered_matched_or_created(self):
        Attendee = self.env["calendar.attendee"].with_user(self.user_desk)
        result = Attendee.miy_checkin_walkin(
            self.event.id,
            {
                "name": "Kemal Walkin",
                "email": "kemal.walkin@example.com",
                "organization": "Gemlik Yeni (test)",
                "function": "Mühendis",
            },
        )
        self.assertEqual(result["status"], "walkin", result["message"])
        attendee = self.event.attendee_ids.filtered(lambda a: a.partner_id.email == "kemal.walkin@example.com")
        self.assertTrue(attendee.miy_walkin)
        self.assertTrue(attendee.miy_arrival_datetime)
        self.assertEqual(attendee.partner_id.parent_id.name, "Gemlik Yeni (test)")
        self.assertTrue(attendee.partner_id.parent_id.is_company)
        self.assertEqual(attendee.partner_id.function, "Mühendis")
        self.assertIn(str(attendee.id), result["attendee"]["badge_url"])
        self.assertEqual(self.event.miy_walkin_count, 1)
        self.assertEqual(self.event.miy_invited_count, 5, "walk-ins are not counted as invited")
        # an existing contact is matched by e-mail (and their organization by name), not duplicated
        known = self.env["res.partner"].create({"name": "Hasan Known", "email": "hasan.known@example.com"})
        partners_before = self.env["res.partner"].search_count([])
        result = Attendee.miy_checkin_walkin(
            self.event.id, {"name": "Hasan K.", "email": "HASAN.KNOWN@example.com", "organization": self.org.name}
        )
        self.assertEqual(result["status"], "walkin")
        self.assertIn(known, self.event.partner_ids)
        self.assertEqual(self.env["res.partner"].search_count([]), partners_before)
        # an invited participant without their code is checked in as invited, not as a walk-in
        result = Attendee.miy_checkin_walkin(
            self.event.id, {"name": "Mehmet Checkin", "email": "mehmet.checkin@example.com"}
        )
        self.assertEqual(result["status"], "ok")
        self.assertFalse(self.att_mehmet.miy_walkin)
        self.assertTrue(self.att_mehmet.miy_arrival_datetime)

    def test_walkin_name_is_not_a_pattern(self):
        """A typed name with SQL wildcards matches no one else: a new contact is created."""
        Attendee = self.env["calendar.attendee"].with_user(self.user_desk)
        result = Attendee.miy_checkin_walkin(self.event.id, {"name": "Ay_e Checkin", "organization": "Nil%"})
        self.assertEqual(result["status"], "walkin")
        attendee = self.event.attendee_ids.filtered("miy_walkin")
        self.assertNotEqual(attendee.partner_id, self.ayse)
        self.assertEqual(attendee.partner_id.name, "Ay_e Checkin")
        self.assertNotEqual(attendee.partner_id.parent_id, self.org)

    def test_walkin_refused_when_off_or_incomplete(self):
        self.event.miy_allow_walkin = False
        Attendee = self.env["calendar.attendee"].with_user(self.user_desk)
        result = Attendee.miy_checkin_walkin(
            self.event.id, {"name": "Nobody Walkin", "organization": "Yok Firma (test)"}
        )
        self.assertEqual(result["status"], "error")
        self.assertIn("does not accept walk-ins", result["message"])
        self.assertFalse(self.env["res.partner"].search([("name", "in", ("Nobody Walkin", "Yok Firma (test)"))]))
        self.event.miy_allow_walkin = True
        for values in ({}, {"name": "  "}, {"name": "Bad Mail", "email": "not-an-email"}, "junk"):
            result = Attendee.miy_checkin_walkin(self.event.id, values)
            self.assertEqual(result["status"], "error", values)
        self.assertFalse(self.env["res.partner"].search([("name", "=", "Bad Mail")]))
        self.assertEqual(self.event.miy_walkin_count, 0)

    def test_hostile_callers(self):
        code = self.code(self.att_ayse)
        # an internal user without the front desk group (even the organiser), a portal user
        for user in (self.user_plain, self.user_miy, self.user_portal):
            Attendee = self.env["calendar.attendee"].with_user(user)
            with self.assertRaises(AccessError, msg=user.login):
                Attendee.miy_checkin_scan(self.event.id, code)
            with self.assertRaises(AccessError, msg=user.login):
                Attendee.miy_checkin_walkin(self.event.id, {"name": "Sneaky"})
            with self.assertRaises(AccessError, msg=user.login):
                self.env["calendar.event"].with_user(user).miy_checkin_desk_meetings()
        # nor can they mark an arrival or a walk-in by writing the participant
        for values in (
            {"miy_arrival_datetime": fields.Datetime.now()},
            {"miy_walkin": True},
            {"miy_checkin_user_id": self.user_plain.id},
        ):
            with self.assertRaises(AccessError):
                self.att_ayse.with_user(self.user_plain).write(values)
        self.assertFalse(self.att_ayse.miy_arrival_datetime)
        self.assertFalse(self.env["res.partner"].search([("name", "=", "Sneaky")]))

    def test_desk_meetings_and_counts(self):
        meetings = self.env["calendar.event"].with_user(self.user_desk).miy_checkin_desk_meetings()
        self.assertIn(self.event.id, [m["id"] for m in meetings])
        info = self.event.with_user(self.user_desk).miy_checkin_desk_info()
        self.assertEqual(info["counts"], {"invited": 5, "accepted": 1, "arrived": 0, "walkin": 0})
        self.scan(self.code(self.att_mehmet))
        info = self.event.with_user(self.user_desk).miy_checkin_desk_info()
        self.assertEqual(info["counts"], {"invited": 5, "accepted": 2, "arrived": 1, "walkin": 0})

    def test_scan_query_count_constant(self):
        """A scan costs the same number of queries in a meeting of 5 and of 45 participants."""
        crowd = self.env["res.partner"].create([{"name": f"Kalabalık {i}"} for i in range(40)])
        big = self._meeting("Büyük toplantı (test)")
        big.partner_ids = [(4, partner.id) for partner in crowd]
        self.scan(self.code(self.att_plain))  # warm the caches (parameters, translations)
        counts = []
        for event in (self.event, big):
            code = self.code(event.attendee_ids.filtered(lambda a: a.partner_id == self.ayse))
            self.env.invalidate_all()
            start = self.cr.sql_log_count
            self.assertEqual(self.scan(code, event=event)["status"], "ok")
            counts.append(self.cr.sql_log_count - start)
        self.assertEqual(counts[0], counts[1])
        self.assertLess(counts[0], 40)
