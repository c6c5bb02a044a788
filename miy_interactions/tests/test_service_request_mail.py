from odoo.tests import tagged

from .common_service_request import MiyServiceRequestCommon

INCOMING = """Return-Path: <{email}>
To: service@example.com
From: Sender <{email}>
Subject: {subject}
Date: Mon, 02 Mar 2026 09:15:00 +0300
Message-ID: <{msg_id}@example.com>
MIME-Version: 1.0
Content-Type: text/plain; charset="utf-8"
Content-Transfer-Encoding: 8bit

Merhaba, yazıcı yine kağıt sıkıştırıyor.
"""


@tagged("post_install", "-at_install")
class TestServiceRequestFromEmail(MiyServiceRequestCommon):
    def _receive(self, email, subject, msg_id):
        raw = INCOMING.format(email=email, subject=subject, msg_id=msg_id)
        self.env["mail.thread"].sudo().message_process("miy.service.request", raw)
        return self.env["miy.service.request"].search([("subject", "=", subject)])

    def test_alias_is_installed(self):
        alias = self.env.ref("miy_interactions.mail_alias_service_request")
        self.assertEqual(alias.alias_model_id.model, "miy.service.request")

    def test_mail_from_known_sender_opens_a_request(self):
        request = self._receive("Ayse@TestGida.example", "Yazıcı arızası", "sr-1")
        self.assertEqual(len(request), 1)
        self.assertEqual(request.channel, "email")
        self.assertEqual(request.contact_id, self.person)
        self.assertEqual(request.partner_id, self.org, "the customer is the sender's company")
        self.assertEqual(request.type_id, self.env.ref("miy_interactions.miy_service_request_type_information"))
        self.assertIn("kağıt sıkıştırıyor", request.description)
        self.assertTrue(request.name.startswith("SR/"))
        self.assertTrue(request.resolution_deadline)
        self.assertIn(self.person, request.message_partner_ids)

    def test_mail_from_unknown_sender_waits_without_customer(self):
        # the default type unrouted (demo data routes it to a team)
        self.env.ref("miy_interactions.miy_service_request_type_information").write(
            {"team_id": False, "user_id": False}
        )
        request = self._receive("nobody@unknown.example", "Fiyat sorusu", "sr-2")
        self.assertEqual(len(request), 1)
        self.assertFalse(request.partner_id)
        self.assertEqual(request.channel, "email")
        # any MİY user can find and take it (unrouted type, no team)
        self.assertEqual(
            self.env["miy.service.request"].with_user(self.user_miy).search([("id", "=", request.id)]), request
        )
