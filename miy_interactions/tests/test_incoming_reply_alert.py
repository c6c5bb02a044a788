from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from odoo.addons.mail.tests.common import MockEmail

from .common import MiyInteractionCommon
from .test_incoming_mail import INCOMING

REPLY = """Return-Path: <{email}>
To: crm-notes@example.com
From: Sender <{email}>
Subject: Re: {subject}
Date: Tue, 03 Mar 2026 10:00:00 +0300
Message-ID: <{msg_id}@example.com>
In-Reply-To: <{parent_id}@example.com>
References: <{parent_id}@example.com>
MIME-Version: 1.0
Content-Type: text/plain; charset="utf-8"
Content-Transfer-Encoding: 8bit

Bir sorum daha var.
"""


@tagged("post_install", "-at_install")
class TestIncomingReplyAlert(MiyInteractionCommon, MockEmail):
    """A customer's reply to an existing interaction alerts its owners like a new incoming
    e-mail: one open *Read Incoming E-mail* to-do per owner."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        groups = "base.group_user,miy_contacts.group_miy_user"
        cls.sales_person = new_test_user(cls.env, login="miy_reply_a", email="ra@example.com", groups=groups)
        cls.person.write({"email": "ayse.reply@example.com", "user_id": cls.sales_person.id})
        cls.incoming_type = cls.env.ref("miy_interactions.mail_activity_type_incoming")

    def _process(self, raw):
        with self.mock_mail_gateway():
            self.env["mail.thread"].sudo().message_process("miy.interaction", raw)

    def _receive(self, subject, msg_id):
        self._process(INCOMING.format(email="ayse.reply@example.com", sender="Ayşe", subject=subject, msg_id=msg_id))
        return self.env["miy.interaction"].search([("subject", "=", subject)])

    def _reply(self, subject, parent_id, msg_id, email="ayse.reply@example.com"):
        self._process(REPLY.format(email=email, subject=subject, parent_id=parent_id, msg_id=msg_id))

    def _alerts(self, interaction):
        return interaction.activity_ids.filtered(lambda a: a.activity_type_id == self.incoming_type)

    def test_reply_alerts_the_owner_again_once_read(self):
        interaction = self._receive("Teklif sorusu", "reply-1")
        self.assertEqual(self._alerts(interaction).user_id, self.sales_person)
        self._reply("Teklif sorusu", "reply-1", "reply-1-a")
        self.assertEqual(self.env["miy.interaction"].search_count([("subject", "ilike", "Teklif sorusu")]), 1)
        self.assertTrue(interaction.message_ids.filtered(lambda m: m.message_id == "<reply-1-a@example.com>"))
        self.assertEqual(len(self._alerts(interaction)), 1, "still unread: one to-do, not two")
        interaction.with_user(self.sales_person).action_miy_incoming_read()
        self.assertFalse(self._alerts(interaction))
        self.assertFalse(interaction.with_user(self.sales_person).miy_incoming_to_read)
        self._reply("Teklif sorusu", "reply-1", "reply-1-b")
        alert = self._alerts(interaction)
        self.assertEqual(alert.user_id, self.sales_person, "read before: the reply alerts again")
        as_owner = self.env["miy.interaction"].with_user(self.sales_person)
        self.assertEqual(as_owner.search([("miy_incoming_to_read", "=", True)]), interaction)
        with self.assertRaises(AccessError):
            interaction.with_user(self.user_other_team).read(["subject"])

    def test_reply_to_a_logged_interaction_alerts_the_contacts_salesperson(self):
        interaction = self._log(user=self.user_miy, subject="Telefonla fiyat", channel="phone")
        sent = interaction.message_post(
            body="Fiyat listesi ektedir.", message_type="comment", subtype_xmlid="mail.mt_comment"
        )
        self.assertFalse(self._alerts(interaction))
        raw = REPLY.format(
            email="ayse.reply@example.com", subject="Telefonla fiyat", parent_id="x", msg_id="reply-2-a"
        ).replace("<x@example.com>", sent.message_id)
        self._process(raw)
        self.assertEqual(self._alerts(interaction).user_id, self.sales_person)

    def test_reply_without_salesperson_alerts_our_people(self):
        self.person.user_id = False
        interaction = self._log(user=self.user_miy, subject="Ziyaret sonrası", channel="visit")
        sent = interaction.message_post(body="Teşekkürler.", message_type="comment", subtype_xmlid="mail.mt_comment")
        raw = REPLY.format(
            email="ayse.reply@example.com", subject="Ziyaret sonrası", parent_id="x", msg_id="reply-3-a"
        ).replace("<x@example.com>", sent.message_id)
        self._process(raw)
        self.assertEqual(self._alerts(interaction).user_id, self.user_miy, "our person who took part")

    def test_reply_from_our_own_user_alerts_nobody(self):
        interaction = self._receive("İç cevap", "reply-4")
        interaction.with_user(self.sales_person).action_miy_incoming_read()
        self._reply("İç cevap", "reply-4", "reply-4-a", email="ra@example.com")
        self.assertFalse(self._alerts(interaction))
