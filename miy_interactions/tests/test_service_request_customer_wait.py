from datetime import datetime, timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.tests import HttpCase, new_test_user, tagged

from odoo.addons.mail.tests.common import MockEmail

from .common_service_request import MONDAY, MiyServiceRequestCommon

REPLY = """Return-Path: <{email}>
To: service@example.com
From: Sender <{email}>
Subject: Re: {subject}
Date: {date}
Message-ID: <{msg_id}@example.com>
In-Reply-To: {parent_id}
References: {parent_id}
MIME-Version: 1.0
Content-Type: text/plain; charset="utf-8"
Content-Transfer-Encoding: 8bit

{body}
"""

WAIT_ENDED = "The customer wrote while the request was waiting: back to In Progress."


def _at(day, hour, minute=0):
    """A moment of the test week: day 0 is Monday 2 March 2026 (UTC, the calendar's zone)."""
    return datetime(2026, 3, 2 + day, hour, minute)


@tagged("post_install", "-at_install")
class TestServiceRequestCustomerEndsWait(HttpCase, MiyServiceRequestCommon, MockEmail):
    """A customer's message (e-mail or portal chatter) on a request *Waiting Customer* puts it
    back *In Progress*; our own users' messages leave it waiting.

    Test Fault: resolution 16 h; calendar 08-12 and 13-17 UTC on weekdays. Opened Monday 10:00
    and waiting since Monday 13:00, a customer's message on Tuesday 13:00 books 8 paused hours
    and moves the resolution deadline from Wednesday 10:00 to Thursday 10:00.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.portal_user = new_test_user(
            cls.env,
            login="miy_wait_portal",
            groups="base.group_portal",
            name="Bekleme Portal Kişi",
            email="bekleme.portal@testgida.example",
            lang="en_US",
        )
        cls.portal_user.partner_id.parent_id = cls.org
        cls.user_miy.email = "miy.user@example.com"

    def _waiting_request(self, subject, **values):
        values.setdefault("contact_id", self.person.id)
        with freeze_time(MONDAY.replace(hour=10)), self.mock_mail_gateway():
            service_request = self._request(user=self.user_miy, subject=subject, user_id=self.user_miy.id, **values)
        with freeze_time(MONDAY.replace(hour=11)), self.mock_mail_gateway():
            service_request.with_user(self.user_miy).action_start()
        with freeze_time(_at(0, 13)), self.mock_mail_gateway():
            service_request.with_user(self.user_miy).message_post(
                body="Cihazın seri numarasını gönderir misiniz?",
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )
            service_request.with_user(self.user_miy).action_wait_customer()
        self.assertEqual(service_request.state, "waiting")
        self.assertEqual(service_request.waiting_since, _at(0, 13))
        self.assertEqual(service_request.resolution_deadline, _at(2, 10))
        return service_request

    def _email(self, service_request, msg_id, email, when=None, body="Bilgileri gönderiyorum."):
        when = when or _at(1, 13)
        raw = REPLY.format(
            email=email,
            subject=service_request.subject,
            date=when.strftime("%a, %d %b %Y %H:%M:%S +0000"),
            msg_id=msg_id,
            parent_id=service_request.message_ids[0].message_id,
            body=body,
        )
        with freeze_time(when), self.mock_mail_gateway():
            self.env["mail.thread"].sudo().message_process("miy.service.request", raw)
        message = service_request.message_ids.filtered(lambda m: m.message_id == f"<{msg_id}@example.com>")
        self.assertEqual(len(message), 1, "the e-mail lands in the request's chatter")
        return message

    def _assert_wait_ended(self, service_request):
        self.assertEqual(service_request.state, "in_progress")
        self.assertFalse(service_request.waiting_since)
        self.assertEqual(service_request.sla_paused_hours, 8.0, "Monday 13-17 and Tuesday 08-12 waited")
        self.assertEqual(service_request.resolution_deadline, _at(3, 10), "8 working hours later")
        notes = service_request.message_ids.filtered(lambda m: WAIT_ENDED in (m.body or ""))
        self.assertEqual(len(notes), 1)
        self.assertTrue(notes.subtype_id.internal, "an internal note")
        self.assertEqual(notes.author_id, self.env.ref("base.partner_root"))

    def _assert_still_waiting(self, service_request):
        self.assertEqual(service_request.state, "waiting")
        self.assertEqual(service_request.waiting_since, _at(0, 13))
        self.assertEqual(service_request.sla_paused_hours, 0.0)
        self.assertEqual(service_request.resolution_deadline, _at(2, 10))
        self.assertFalse(service_request.message_ids.filtered(lambda m: WAIT_ENDED in (m.body or "")))

    # ------------------------------------------------------------------ mail gateway
    def test_customer_email_ends_the_wait(self):
        service_request = self._waiting_request("Bekleyen e-posta talebi")
        message = self._email(service_request, "wait-mail-1", "ayse@testgida.example")
        self.assertEqual(message.author_id, self.person)
        self.assertEqual(message.message_type, "email")
        self._assert_wait_ended(service_request)

    def test_email_from_an_unknown_address_ends_the_wait(self):
        service_request = self._waiting_request("Bilinmeyen adres")
        message = self._email(service_request, "wait-mail-2", "muhasebe@baska-adres.example")
        self.assertFalse(message.author_id, "no partner has that address")
        self._assert_wait_ended(service_request)

    def test_our_users_email_leaves_it_waiting(self):
        service_request = self._waiting_request("Kendi e-postamız")
        message = self._email(service_request, "wait-mail-3", "miy.user@example.com")
        self.assertEqual(message.author_id, self.user_miy.partner_id)
        self._assert_still_waiting(service_request)

    # ------------------------------------------------------------------ portal chatter
    def test_portal_customer_message_ends_the_wait(self):
        service_request = self._waiting_request("Bekleyen portal talebi", contact_id=self.portal_user.partner_id.id)
        with freeze_time(_at(1, 13)), self.mock_mail_gateway():
            message = service_request.with_user(self.portal_user).message_post(
                body="Seri numarası: 12345", message_type="comment", subtype_xmlid="mail.mt_comment"
            )
        self.assertEqual(message.author_id, self.portal_user.partner_id)
        self._assert_wait_ended(service_request)
        # the customer still may not change the request himself
        self.assertEqual(service_request.with_user(self.portal_user).state, "in_progress")

    def test_portal_chatter_over_http_ends_the_wait(self):
        service_request = self._waiting_request("Portal sohbet", contact_id=self.portal_user.partner_id.id)
        # the wait started a week ago (not frozen: the HTTP session needs the real clock)
        week_ago = fields.Datetime.now() - timedelta(days=7)
        service_request.write({"waiting_since": week_ago})
        calendar = service_request._miy_calendar()
        self.authenticate(self.portal_user.login, self.portal_user.login)
        self.make_jsonrpc_request(
            "/mail/message/post",
            {
                "thread_model": service_request._name,
                "thread_id": service_request.id,
                "post_data": {
                    "body": "Cihazın fotoğrafı ekte.",
                    "message_type": "comment",
                    "subtype_xmlid": "mail.mt_comment",  # as the portal chatter sends it
                },
            },
        )
        message = service_request.message_ids.filtered(lambda m: "Cihazın fotoğrafı ekte." in (m.body or ""))
        self.assertEqual(message.author_id, self.portal_user.partner_id)
        self.assertEqual(service_request.state, "in_progress")
        self.assertFalse(service_request.waiting_since)
        # a whole working week of the calendar (40 h) was waited, give or take today's hours
        waited = calendar.get_work_hours_count(week_ago, fields.Datetime.now(), compute_leaves=True)
        self.assertGreaterEqual(service_request.sla_paused_hours, 32.0)
        self.assertAlmostEqual(service_request.sla_paused_hours, waited, delta=0.1)
        self.assertEqual(
            service_request.resolution_deadline,
            service_request._miy_plan(calendar, 16 + service_request.sla_paused_hours),
        )
        self.assertGreater(service_request.resolution_deadline, _at(2, 10))
        self.assertEqual(len(service_request.message_ids.filtered(lambda m: WAIT_ENDED in (m.body or ""))), 1)

    # ------------------------------------------------------------------ our own users
    def test_our_users_chatter_message_leaves_it_waiting(self):
        service_request = self._waiting_request("Kendi mesajımız")
        with freeze_time(_at(1, 13)), self.mock_mail_gateway():
            as_user = service_request.with_user(self.user_miy)
            as_user.message_post(
                body="Seri numarasını bekliyoruz.", message_type="comment", subtype_xmlid="mail.mt_comment"
            )
            as_user.message_post(body="Müşteriyi aradım.", message_type="comment", subtype_xmlid="mail.mt_note")
        self._assert_still_waiting(service_request)

    def test_customer_message_on_a_request_not_waiting_changes_nothing(self):
        with freeze_time(MONDAY.replace(hour=10)), self.mock_mail_gateway():
            service_request = self._request(user=self.user_miy, subject="Yeni talep")
            service_request.sudo().message_post(body="Talep alındı.", subtype_xmlid="mail.mt_note")
        self._email(service_request, "wait-mail-4", "ayse@testgida.example", when=_at(0, 11))
        self.assertEqual(service_request.state, "new")
        self.assertFalse(service_request.first_response_date, "the customer's e-mail is not our response")
        self.assertFalse(service_request.message_ids.filtered(lambda m: WAIT_ENDED in (m.body or "")))
