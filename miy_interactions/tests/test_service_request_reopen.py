from datetime import datetime, timedelta

from freezegun import freeze_time

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from odoo.addons.mail.tests.common import MockEmail

from .common_service_request import MiyServiceRequestCommon
from .test_service_request_mail import INCOMING

REPLY = """Return-Path: <{email}>
To: service@example.com
From: Sender <{email}>
Subject: Re: {subject}
Date: {date}
Message-ID: <{msg_id}@example.com>
In-Reply-To: <{parent_id}@example.com>
References: <{parent_id}@example.com>
MIME-Version: 1.0
Content-Type: text/plain; charset="utf-8"
Content-Transfer-Encoding: 8bit

{body}
"""

# the request arrives Monday 2 March 2026 09:15 (+03:00) and is resolved at noon
RESOLVED_AT = datetime(2026, 3, 2, 12, 0)


@tagged("post_install", "-at_install")
class TestServiceRequestReopen(MiyServiceRequestCommon, MockEmail):
    """A customer's e-mail on a resolved request reopens it within the reopening period (7 days
    by default); a later one opens a new request referring to it; cancelled ones stay closed."""

    def _resolved_request(self, subject, msg_id, state="resolved"):
        with freeze_time(datetime(2026, 3, 2, 9, 0)):
            self.env["mail.thread"].sudo().message_process(
                "miy.service.request", INCOMING.format(email="ayse@testgida.example", subject=subject, msg_id=msg_id)
            )
        service_request = self.env["miy.service.request"].search([("subject", "=", subject)])
        self.assertEqual(len(service_request), 1)
        service_request.write({"team_id": self.team_bursa.id, "user_id": self.user_miy.id})
        with freeze_time(RESOLVED_AT), self.mock_mail_gateway():
            if state == "resolved":
                service_request.with_user(self.user_miy).action_resolve()
            else:
                service_request.with_user(self.user_miy).action_cancel()
        self.assertEqual(service_request.state, state)
        return service_request

    def _reply(self, when, parent_id, subject, msg_id, email="ayse@testgida.example", body="Sorun yine başladı."):
        raw = REPLY.format(
            email=email,
            subject=subject,
            date=when.strftime("%a, %d %b %Y %H:%M:%S +0000"),
            msg_id=msg_id,
            parent_id=parent_id,
            body=body,
        )
        with freeze_time(when), self.mock_mail_gateway():
            self.env["mail.thread"].sudo().message_process("miy.service.request", raw)

    def _reopen_todos(self, service_request):
        return service_request.activity_ids.filtered(
            lambda a: a.activity_type_id == self.env.ref("mail.mail_activity_data_todo")
        )

    def test_reply_within_the_period_reopens(self):
        service_request = self._resolved_request("Yazıcı yine arızalı", "reopen-1")
        self.assertTrue(service_request.resolution_date)
        self._reply(RESOLVED_AT + timedelta(days=6, hours=23), "reopen-1", "Yazıcı yine arızalı", "reopen-1-re")
        self.assertEqual(service_request.state, "in_progress")
        self.assertFalse(service_request.resolution_date, "the resolution is cleared")
        self.assertFalse(service_request.resolution_hours)
        reply = service_request.message_ids.filtered(lambda m: m.message_id == "<reopen-1-re@example.com>")
        self.assertIn("Sorun yine başladı.", reply.body, "the customer's e-mail is in the chatter")
        todo = self._reopen_todos(service_request)
        self.assertEqual(todo.user_id, self.user_miy, "the assignee has a to-do")
        self.assertIn(service_request.name, todo.summary)
        # the assignee, a plain MİY user, finds it among their to-dos and can open the request
        as_assignee = service_request.with_user(self.user_miy)
        self.assertEqual(as_assignee.state, "in_progress")
        self.assertEqual(as_assignee.activity_ids.with_user(self.user_miy).user_id, self.user_miy)
        with self.assertRaises(AccessError):
            service_request.with_user(self.user_other_team).read(["state"])
        self.assertFalse(
            self.env["miy.service.request"].search([("previous_request_id", "=", service_request.id)]),
            "no new request",
        )

    def test_late_reply_opens_a_new_request(self):
        service_request = self._resolved_request("Kalibrasyon sorusu", "late-1")
        self._reply(RESOLVED_AT + timedelta(days=7, hours=1), "late-1", "Kalibrasyon sorusu", "late-1-re")
        self.assertEqual(service_request.state, "resolved", "too late: the old request stays resolved")
        self.assertFalse(self._reopen_todos(service_request))
        follow_up = self.env["miy.service.request"].search([("previous_request_id", "=", service_request.id)])
        self.assertEqual(len(follow_up), 1)
        self.assertEqual(follow_up.subject, "Re: Kalibrasyon sorusu")
        self.assertEqual(follow_up.state, "new")
        self.assertEqual(follow_up.channel, "email")
        self.assertEqual(follow_up.contact_id, self.person)
        self.assertEqual(follow_up.partner_id, self.org)
        self.assertEqual(follow_up.type_id, service_request.type_id)
        self.assertIn("Sorun yine başladı.", follow_up.description)
        self.assertTrue(
            follow_up.message_ids.filtered(lambda m: m.message_id == "<late-1-re@example.com>"),
            "the customer's e-mail lands on the new request",
        )
        self.assertFalse(service_request.message_ids.filtered(lambda m: m.message_id == "<late-1-re@example.com>"))
        self.assertIn(follow_up.name, service_request.message_ids[0].body, "the old request points to the new one")
        # the assignee of the old request (a plain MİY user of the team) sees the link
        self.assertEqual(follow_up.with_user(self.user_miy).previous_request_id, service_request)

    def test_configurable_period(self):
        self.env.company.miy_service_reopen_days = 2
        service_request = self._resolved_request("Kısa süre", "period-1")
        self._reply(RESOLVED_AT + timedelta(days=3), "period-1", "Kısa süre", "period-1-re")
        self.assertEqual(service_request.state, "resolved")
        self.assertTrue(self.env["miy.service.request"].search([("previous_request_id", "=", service_request.id)]))
        self.env.company.miy_service_reopen_days = 0
        never = self._resolved_request("Hiç açma", "period-2")
        self._reply(RESOLVED_AT + timedelta(minutes=5), "period-2", "Hiç açma", "period-2-re")
        self.assertEqual(never.state, "resolved", "0 days: never reopened")
        with self.assertRaises(ValidationError):
            self.env.company.miy_service_reopen_days = -1
        settings = self.env["res.config.settings"].create({"miy_service_reopen_days": 10})
        settings.execute()
        self.assertEqual(self.env.company.miy_service_reopen_days, 10)
        with self.assertRaises(AccessError):
            self.env["res.config.settings"].with_user(self.user_manager).create({"miy_service_reopen_days": 3})

    def test_cancelled_request_is_not_reopened(self):
        service_request = self._resolved_request("İptal edildi", "cancel-1", state="cancelled")
        self._reply(RESOLVED_AT + timedelta(days=1), "cancel-1", "İptal edildi", "cancel-1-re")
        self.assertEqual(service_request.state, "cancelled")
        self.assertFalse(self._reopen_todos(service_request))
        self.assertFalse(self.env["miy.service.request"].search([("previous_request_id", "=", service_request.id)]))
        self.assertTrue(service_request.message_ids.filtered(lambda m: m.message_id == "<cancel-1-re@example.com>"))

    def test_reply_from_our_own_user_does_not_reopen(self):
        self.user_miy.email = "miy.user@example.com"
        service_request = self._resolved_request("Kendi cevabımız", "own-1")
        self._reply(
            RESOLVED_AT + timedelta(days=1), "own-1", "Kendi cevabımız", "own-1-re", email="miy.user@example.com"
        )
        self.assertEqual(service_request.state, "resolved")
        self.assertFalse(self._reopen_todos(service_request))

    def test_gateway_notes_in_the_gateway_users_language(self):
        """The mail gateway runs without a language in its context: the note a late reply leaves on
        the old request and the reopening to-do are written in the gateway user's language (they
        used to be English on a Turkish firm's requests)."""
        self.env["res.lang"]._activate_lang("tr_TR")
        self.env.user.lang = "tr_TR"
        self.env = self.env(context={key: value for key, value in self.env.context.items() if key != "lang"})
        late = self._resolved_request("Geç yanıt", "lang-1")
        self._reply(RESOLVED_AT + timedelta(days=8), "lang-1", "Geç yanıt", "lang-1-re")
        note = late.message_ids[0].body
        self.assertNotIn("wrote again", note)
        self.assertIn(self.env["miy.service.request"].search([("previous_request_id", "=", late.id)]).name, note)
        reopened = self._resolved_request("Yeniden açılan", "lang-2")
        self._reply(RESOLVED_AT + timedelta(days=1), "lang-2", "Yeniden açılan", "lang-2-re")
        self.assertEqual(reopened.state, "in_progress")
        self.assertNotIn("Customer replied", self._reopen_todos(reopened).summary)
        self.assertNotIn("Reopened:", reopened.message_ids.mapped("body")[0] or "")
