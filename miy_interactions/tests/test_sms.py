from unittest.mock import patch

import requests

from odoo.exceptions import ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from odoo.addons.sms.tools.sms_api import SmsApi

from .mailing_common import MiyMailingCommon


class FakeResponse:
    def __init__(self, payload, status=200):
        self.payload = payload
        self.status_code = status
        self.content = b"{}"

    def raise_for_status(self):
        if self.status_code >= 400:
            raise requests.HTTPError(f"{self.status_code}")

    def json(self):
        return self.payload


@tagged("post_install", "-at_install")
class TestSms(MiyMailingCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.fake = cls.env["miy.sms.provider"].create(
            {"name": "Test fake", "provider_type": "fake", "fake_fail_numbers": "+905334445566"}
        )
        cls.env.company.miy_sms_provider_id = cls.fake

    def _sms_mailing(self, **values):
        vals = {"mailing_type": "sms", "body_plaintext": "Fuar davetiyeniz hazır.", "body_html": False}
        vals.update(values)
        return self._mailing(**vals)

    def _send_sms(self, mailing):
        traces = self._send(mailing)
        self.env["sms.sms"].sudo()._process_queue()
        return traces

    def test_sms_through_fake_provider(self):
        mailing = self._sms_mailing()
        traces = self._send_sms(mailing)
        by_partner = {trace.miy_partner_id: trace for trace in traces}
        self.assertEqual(traces.miy_partner_id, self.members, "one trace per member, reachable or not")
        self.assertEqual(set(traces.mapped("trace_type")), {"sms"})

        recorded = self.fake.fake_message_ids
        self.assertEqual(len(recorded), 2, "Ayşe and Mehmet have a mobile number")
        ayse_sms = recorded.filtered(lambda m: m.number == "+905321112233")
        self.assertTrue(ayse_sms.body.startswith("Sayın Ayşe Nur Hanım,"))
        self.assertIn("Fuar davetiyeniz hazır.", ayse_sms.body)
        self.assertIn(by_partner[self.ayse].miy_reference, ayse_sms.body)
        self.assertEqual(by_partner[self.ayse].trace_status, "pending", "sent through the provider")

        # the provider refused Mehmet's number: a failure on his trace
        self.assertEqual(by_partner[self.mehmet].trace_status, "error")
        self.assertEqual(by_partner[self.mehmet].failure_type, "sms_number_format")
        # no mobile number (a landline is not used for SMS), no number at all: failures, never skipped
        for partner in (self.deniz, self.firm, self.no_email):
            self.assertEqual(by_partner[partner].trace_status, "error", partner.name)
            self.assertEqual(by_partner[partner].failure_type, "sms_number_missing", partner.name)
        self.assertNotIn("+902241112233", recorded.mapped("number"))

    def test_phone_blacklist_is_respected(self):
        self.env["phone.blacklist"].sudo().add("+905321112233")
        traces = self._send_sms(self._sms_mailing())
        trace = traces.filtered(lambda t: t.miy_partner_id == self.ayse)
        self.assertEqual(trace.trace_status, "cancel")
        self.assertEqual(trace.failure_type, "sms_blacklist")
        self.assertNotIn("+905321112233", self.fake.fake_message_ids.mapped("number"))

    def test_http_gateway(self):
        gateway = self.env["miy.sms.provider"].create(
            {
                "name": "Test gateway",
                "provider_type": "http",
                "gateway_url": "https://sms.gateway.example/api/send",
                "gateway_user": "firma",
                "gateway_password": "secret",
                "sender": "MIYFIRMA",
            }
        )
        self.env.company.miy_sms_provider_id = gateway
        calls = []

        def fake_post(url, json=None, timeout=None):
            calls.append((url, json, timeout))
            return FakeResponse(
                {
                    "results": [
                        {"id": item["id"], "status": "ok" if item["to"].startswith("+90532") else "invalid_number"}
                        for item in json["messages"]
                    ]
                }
            )

        with patch.object(requests, "post", side_effect=fake_post):
            traces = self._send_sms(self._sms_mailing())
        self.assertEqual(len(calls), 1, "one call per batch")
        url, payload, timeout = calls[0]
        self.assertEqual(url, "https://sms.gateway.example/api/send")
        self.assertEqual(payload["sender"], "MIYFIRMA")
        self.assertEqual(payload["username"], "firma")
        self.assertTrue(timeout)
        self.assertEqual(len(payload["messages"]), 2)
        by_partner = {trace.miy_partner_id: trace for trace in traces}
        self.assertEqual(by_partner[self.ayse].trace_status, "pending")
        self.assertEqual(by_partner[self.mehmet].failure_type, "sms_number_format")

    @mute_logger("odoo.addons.miy_interactions.models.miy_sms_provider")
    def test_http_gateway_down_leaves_sms_in_error(self):
        gateway = self.env["miy.sms.provider"].create(
            {"name": "Down", "provider_type": "http", "gateway_url": "https://down.example/send", "sender": "MIYFIRMA"}
        )
        self.env.company.miy_sms_provider_id = gateway
        with patch.object(requests, "post", side_effect=requests.ConnectionError("down")) as post:
            traces = self._send_sms(self._sms_mailing())
        self.assertEqual(post.call_count, 1, "the gateway was tried")
        trace = traces.filtered(lambda t: t.miy_partner_id == self.ayse)
        self.assertEqual(trace.trace_status, "error")
        self.assertEqual(trace.failure_type, "sms_server")
        sms = self.env["sms.sms"].sudo().search([("number", "=", "+905321112233")])
        self.assertEqual(sms.state, "error", "kept for a retry")

    def test_without_provider_odoo_iap_is_used(self):
        self.env.company.miy_sms_provider_id = False
        with patch.object(
            SmsApi,
            "_send_sms_batch",
            autospec=True,
            side_effect=lambda api, messages, delivery_reports_url=False: [
                {"uuid": number["uuid"], "state": "success"} for message in messages for number in message["numbers"]
            ],
        ) as iap:
            traces = self._send_sms(self._sms_mailing())
        self.assertEqual(iap.call_count, 1)
        self.assertFalse(self.fake.fake_message_ids)
        self.assertEqual(traces.filtered(lambda t: t.miy_partner_id == self.ayse).trace_status, "pending")

    def test_gateway_needs_address_and_sender(self):
        with self.assertRaisesRegex(ValidationError, "gateway address"):
            self.env["miy.sms.provider"].create({"name": "Bad", "provider_type": "http", "sender": "X"})
