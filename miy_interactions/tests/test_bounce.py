from odoo.tests import tagged

from .mailing_common import MiyMailingCommon

BOUNCE = """From: Mail Delivery System <MAILER-DAEMON@mx.mlg-gida.example>
To: bounce@miy-firm.example
Subject: Undelivered Mail Returned to Sender
Date: Tue, 03 Mar 2026 10:00:00 +0300
Message-ID: <bounce-{tag}@mx.mlg-gida.example>
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="BND"

--BND
Content-Type: text/plain; charset=us-ascii

The mail could not be delivered: unknown user.

--BND
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.mlg-gida.example

Final-Recipient: rfc822; {email}
Action: failed
Status: 5.1.1

--BND
Content-Type: text/rfc822-headers

Message-ID: {message_id}
From: marketing@miy-firm.example
To: {email}
Subject: Yeni katalog

--BND--
"""

REPLY = """From: {sender} <{email}>
To: {reply_to}
Subject: Re: Yeni katalog
Date: Tue, 03 Mar 2026 11:00:00 +0300
Message-ID: <reply-{tag}@mlg-gida.example>
In-Reply-To: {message_id}
References: {message_id}
MIME-Version: 1.0
Content-Type: text/plain; charset="utf-8"
Content-Transfer-Encoding: 8bit

Kataloğu aldım, fiyat listesini de gönderir misiniz?
"""


@tagged("post_install", "-at_install")
class TestBounceAndReplies(MiyMailingCommon):
    def _sent_trace(self, partner):
        mailing = self._mailing()
        with self.mock_mail_gateway():
            traces = self._send(mailing)
            self._new_mails.send()
        return traces.filtered(lambda t: t.miy_partner_id == partner)

    def test_bounce_marks_the_address_failing(self):
        trace = self._sent_trace(self.mehmet)
        self.assertEqual(trace.trace_status, "sent")
        self.assertFalse(self.mehmet.message_bounce)
        raw = BOUNCE.format(tag="1", email=self.mehmet.email, message_id=trace.message_id)
        self.env["mail.thread"].sudo().message_process(False, raw)
        self.assertEqual(self.mehmet.message_bounce, 1, "the partner card shows the failing address")
        self.assertEqual(trace.trace_status, "bounce")
        failing = (
            self.env["res.partner"].with_user(self.user_miy).search([("message_bounce", ">", 0), ("ref", "=", "MLG")])
        )
        self.assertEqual(failing, self.mehmet, "filter E-mail failing")
        arch = self.env["res.partner"].with_user(self.user_miy).get_views([(False, "form")])["views"]["form"]["arch"]
        self.assertIn('name="miy_email_failing"', arch, "the warning is on the partner form")

    def test_reply_becomes_an_interaction_under_the_mailing(self):
        trace = self._sent_trace(self.ayse)
        mail = self._new_mails.filtered(lambda m: m.mailing_trace_ids == trace)
        self.assertEqual(mail.reply_to, "crm-notes@miy-firm.example")
        # Ayşe answers from another address: the reply still reaches her card through the headers
        raw = REPLY.format(
            sender="Ayşe",
            email="ayse.kisisel@mlg.example",
            reply_to=mail.reply_to,
            tag="1",
            message_id=trace.message_id,
        )
        self.env["mail.thread"].sudo().message_process(False, raw)
        interaction = self.env["miy.interaction"].search([("miy_mailing_trace_id", "=", trace.id)])
        self.assertEqual(len(interaction), 1)
        self.assertEqual(interaction.channel, "email")
        self.assertIn("fiyat listesini", interaction.details)
        self.assertEqual(interaction.partner_ids, self.ayse)
        self.assertEqual(interaction.miy_mailing_id, trace.mass_mailing_id)
        self.assertEqual(interaction.miy_mailing_reference, trace.miy_reference)
        self.assertEqual(trace.trace_status, "reply")
        self.assertEqual(trace.miy_interaction_ids, interaction)
        self.assertIn(interaction, self.ayse.miy_interaction_ids, "listed on the recipient's card")
        self.assertIn(self.user_marketing, interaction.user_ids, "the mailing's responsible takes part")
        found = (
            self.env["miy.interaction"]
            .with_user(self.user_marketing)
            .search([("miy_mailing_reference", "=", trace.miy_reference)])
        )
        self.assertEqual(found, interaction, "the sender finds the reply by reference number")

    def test_mail_without_reference_headers_stays_a_plain_interaction(self):
        raw = REPLY.format(
            sender="Mehmet",
            email=self.mehmet.email,
            reply_to="crm-notes@miy-firm.example",
            tag="2",
            message_id="<unknown-1@elsewhere.example>",
        )
        self.env["mail.thread"].sudo().message_process(False, raw)
        interaction = self.env["miy.interaction"].search([("subject", "=", "Re: Yeni katalog")])
        self.assertEqual(len(interaction), 1)
        self.assertFalse(interaction.miy_mailing_trace_id)
        self.assertEqual(interaction.partner_ids, self.mehmet, "matched by sender address as before")
