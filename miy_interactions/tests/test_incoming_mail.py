from odoo import Command
from odoo.tests import new_test_user, tagged

from .common import MiyInteractionCommon

INCOMING = """Return-Path: <{email}>
To: crm-notes@example.com
From: {sender} <{email}>
Subject: {subject}
Date: Mon, 02 Mar 2026 09:15:00 +0300
Message-ID: <{msg_id}@example.com>
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="BOUNDARY"

--BOUNDARY
Content-Type: text/plain; charset="utf-8"
Content-Transfer-Encoding: 8bit

Merhaba, 3 numaralı makinede yine titreşim var.
--BOUNDARY
Content-Type: text/plain; name="olcum.txt"
Content-Disposition: attachment; filename="olcum.txt"

vibration 12 mm/s
--BOUNDARY--
"""


@tagged("post_install", "-at_install")
class TestIncomingMail(MiyInteractionCommon):
    def _receive(self, email, subject, msg_id):
        raw = INCOMING.format(email=email, sender="Sender", subject=subject, msg_id=msg_id)
        self.env["mail.thread"].sudo().message_process("miy.interaction", raw)
        return self.env["miy.interaction"].search([("subject", "=", subject)])

    def test_incoming_mail_matched_by_sender(self):
        salesperson = new_test_user(
            self.env, login="miy_sales", groups="base.group_user,miy_contacts.group_miy_user", email="s@example.com"
        )
        self.person.write({"email": "Ayse.Test@Example.com", "user_id": salesperson.id})
        interaction = self._receive("ayse.test@example.com", "Titreşim yine başladı", "match-1")
        self.assertEqual(len(interaction), 1)
        self.assertEqual(interaction.channel, "email")
        self.assertEqual(interaction.partner_ids, self.person)
        self.assertEqual(interaction.user_ids, salesperson)
        self.assertIn("titreşim", interaction.details)
        self.assertEqual(interaction.attachment_ids.mapped("name"), ["olcum.txt"])
        self.assertIn(salesperson.partner_id, interaction.message_partner_ids, "the salesperson is alerted")
        self.assertIn(interaction, interaction.with_user(salesperson).search([("id", "=", interaction.id)]))

    def test_unmatched_mail_waits_in_the_queue(self):
        interaction = self._receive("nobody@unknown.example", "Fiyat listesi", "nomatch-1")
        self.assertEqual(len(interaction), 1)
        self.assertFalse(interaction.partner_ids)
        queue = self.env["miy.interaction"].search(
            [("channel", "=", "email"), ("partner_ids", "=", False), ("id", "=", interaction.id)]
        )
        self.assertEqual(queue, interaction)
        # any MİY user may pick it up from the queue and take it
        mine = interaction.with_user(self.user_miy)
        self.assertEqual(mine.search([("id", "=", interaction.id)]), interaction)
        mine.write({"partner_ids": [Command.set(self.other_person.ids)], "user_ids": [Command.set(self.user_miy.ids)]})
        self.assertEqual(interaction.partner_ids, self.other_person)
        self.assertFalse(
            interaction.with_user(self.user_other_team).search([("id", "=", interaction.id)]),
            "once assigned, it follows the usual team visibility",
        )
