import re

import psycopg2

from odoo.exceptions import AccessError
from odoo.tools import mute_logger

from .agenda_checkin_common import AgendaCheckinCommon


class TestAgendaCheckinCodes(AgendaCheckinCommon):
    """Feature 6: unique unguessable codes, sent only in their owner's invitation, badges."""

    def test_codes_unique_and_unguessable(self):
        codes = [self.code(a) for a in self.event.attendee_ids | self.other_event.attendee_ids]
        self.assertEqual(len(codes), len(set(codes)), "every participant has their own code")
        for attendee, code in zip(self.event.attendee_ids, codes, strict=False):
            self.assertRegex(code, r"^[A-Za-z0-9_-]{22,}$", "128 random bits, URL-safe")
            self.assertNotEqual(code, attendee.access_token, "not Odoo's RSVP token")
        with mute_logger("odoo.sql_db"), self.assertRaises(psycopg2.errors.UniqueViolation), self.cr.savepoint():
            self.att_mehmet.sudo().write({"miy_checkin_code": self.code(self.att_ayse)})
            self.att_mehmet.flush_recordset()

    def test_code_hidden_from_other_participants_and_portal(self):
        # another participant (an internal user attending) neither reads nor searches the codes
        with self.assertRaises(AccessError):
            self.att_ayse.with_user(self.user_plain).read(["miy_checkin_code"])
        with self.assertRaises(AccessError):
            self.env["calendar.attendee"].with_user(self.user_plain).search(
                [("miy_checkin_code", "=", self.code(self.att_ayse))]
            )
        # the organiser (no front desk) neither
        with self.assertRaises(AccessError):
            self.att_ayse.with_user(self.user_miy).read(["miy_checkin_code"])
        # a portal user has no access to participants at all
        with self.assertRaises(AccessError):
            self.att_ayse.with_user(self.user_portal).read(["common_name"])
        # nor can anyone but the desk set a code
        with self.assertRaises(AccessError):
            self.att_ayse.with_user(self.user_miy).write({"miy_checkin_code": "chosen-by-me-123456"})
        # the front desk reads them
        self.assertTrue(self.att_ayse.with_user(self.user_desk).miy_checkin_code)

    def _invitations(self):
        Message = self.env["mail.message"].sudo()
        before = Message.search([("model", "=", "calendar.event"), ("res_id", "=", self.event.id)])
        self.event.attendee_ids.with_user(self.user_miy)._send_invitation_emails()
        messages = Message.search([("model", "=", "calendar.event"), ("res_id", "=", self.event.id)]) - before
        return {message.partner_ids: message for message in messages}

    def test_invitation_carries_own_code_only(self):
        by_partner = self._invitations()
        codes = {a.partner_id: self.code(a) for a in self.event.attendee_ids}
        for partner in (self.ayse, self.mehmet, self.user_plain.partner_id):
            body = str(by_partner[partner].body)
            self.assertIn(f"/report/barcode/QR/{codes[partner]}", body, "the QR image of their own code")
            self.assertIn(f"/miy_agenda/pass/{codes[partner]}", body, "the link to their own pass")
            others = [code for other, code in codes.items() if other != partner]
            self.assertFalse([code for code in others if code in body], "no other participant's code")
        # a declined invitation carries no pass
        if self.declined in by_partner:
            self.assertNotIn(codes[self.declined], str(by_partner[self.declined].body))
        # rendering another participant's pass gives theirs, never someone else's
        block = str(self.att_mehmet.with_user(self.user_plain)._miy_invitation_checkin_block())
        self.assertIn(codes[self.mehmet], block)
        self.assertNotIn(codes[self.ayse], block)

    def test_invitation_unreadable_by_sender_and_other_participants(self):
        by_partner = self._invitations()
        ayse_message = by_partner[self.ayse]
        code = self.code(self.att_ayse)
        for user in (self.user_miy, self.user_plain, self.user_portal):
            with self.assertRaises(AccessError, msg=user.login):
                ayse_message.with_user(user).read(["body"])
            found = self.env["mail.message"].with_user(user).search([("body", "ilike", code)])
            self.assertFalse(found, user.login)
        # the recipient (a user among the participants) reads their own
        own = by_partner[self.user_plain.partner_id].with_user(self.user_plain)
        self.assertIn(self.code(self.att_plain), str(own.body))

    def test_no_pass_without_gate_checkin(self):
        self.event.miy_use_checkin = False
        by_partner = self._invitations()
        self.assertNotIn(self.code(self.att_ayse), str(by_partner[self.ayse].body))
        self.assertNotIn("/miy_agenda/pass/", str(by_partner[self.ayse].body))

    def test_badge_per_participant_and_meeting(self):
        Report = self.env["ir.actions.report"].with_user(self.user_desk)
        html = Report._render_qweb_html("miy_agenda.agenda_checkin_badge_report", self.att_ayse.ids)[0].decode()
        self.assertIn("Ayşe Checkin", html)
        self.assertIn("Nilüfer Gıda (checkin test)", html)
        self.assertIn("Satın Alma Müdürü", html)
        self.assertIn(self.code(self.att_ayse), html)
        self.assertNotIn(self.code(self.att_mehmet), html)
        action = self.event.with_user(self.user_desk).action_miy_print_badges()
        self.assertNotIn(self.att_declined.id, action["context"]["active_ids"], "no badge for a declined invitation")
        html = Report._render_qweb_html("miy_agenda.agenda_checkin_badge_report", action["context"]["active_ids"])[0]
        html = html.decode()
        self.assertEqual(len(re.findall("o_miy_badge_name", html)), len(self.event.attendee_ids) - 1)
        # someone without the front desk group cannot print badges (they carry the codes)
        with self.assertRaises(AccessError):
            self.env["ir.actions.report"].with_user(self.user_miy)._render_qweb_html(
                "miy_agenda.agenda_checkin_badge_report", self.att_ayse.ids
            )
