from unittest.mock import patch

import requests

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import new_test_user, tagged

from odoo.addons.miy_contacts.tests.common import MiyCommon


@tagged("post_install", "-at_install")
class TestSmsProviderSecurity(MiyCommon):
    """Hostile MİY managers and a second company: the gateway secret, its address and the
    provider used for each company's SMS."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.gateway = cls.env["miy.sms.provider"].create(
            {
                "name": "Real gateway",
                "provider_type": "http",
                "gateway_url": "https://sms.gateway.example/api/send",
                "gateway_user": "firma",
                "gateway_password": "s3cret",
                "sender": "MIYFIRMA",
            }
        )
        cls.company_b = cls.env["res.company"].create({"name": "MİY SMS Şirket B"})
        cls.fake_a = cls.env["miy.sms.provider"].create({"name": "Fake A", "provider_type": "fake"})
        cls.fake_b = cls.env["miy.sms.provider"].create({"name": "Fake B", "provider_type": "fake"})
        cls.env.company.miy_sms_provider_id = cls.fake_a
        cls.company_b.miy_sms_provider_id = cls.fake_b

    def test_manager_cannot_read_the_secret_nor_move_the_gateway(self):
        gateway = self.gateway.with_user(self.user_manager)
        self.assertEqual(gateway.read(["name", "provider_type", "sender"])[0]["sender"], "MIYFIRMA")
        for field in ("gateway_password", "gateway_url", "gateway_user"):
            with self.assertRaises(AccessError, msg=field):
                gateway.read([field])
        with self.assertRaises(AccessError):
            gateway.write({"gateway_url": "https://attacker.example/collect"})
        with self.assertRaises(AccessError):
            self.env["miy.sms.provider"].with_user(self.user_manager).create(
                {
                    "name": "Mine",
                    "provider_type": "http",
                    "gateway_url": "https://attacker.example/collect",
                    "sender": "X",
                }
            )
        self.assertNotIn("gateway_password", self.env["miy.sms.provider"].with_user(self.user_manager).fields_get())
        settings = self.env["res.config.settings"].with_user(self.user_manager)
        self.assertNotIn("miy_sms_gateway_password", settings.fields_get())
        self.assertEqual(self.gateway.gateway_url, "https://sms.gateway.example/api/send")

    def test_administrator_keeps_the_secret(self):
        admin = new_test_user(
            self.env, login="miy_sms_admin", groups="base.group_system,miy_contacts.group_miy_manager"
        )
        self.assertEqual(self.gateway.with_user(admin).read(["gateway_password"])[0]["gateway_password"], "s3cret")

    def test_gateway_only_over_https(self):
        for url in ("http://sms.gateway.example/api/send", "HTTP://x.example", "ftp://x.example", "https://", "x"):
            with self.assertRaisesRegex(ValidationError, "https://", msg=url), self.env.cr.savepoint():
                self.gateway.write({"gateway_url": url})
            with self.assertRaisesRegex(ValidationError, "https://", msg=url), self.env.cr.savepoint():
                self.env["miy.sms.provider"].create(
                    {"name": "Plain", "provider_type": "http", "gateway_url": url, "sender": "X"}
                )
        self.assertEqual(self.gateway.gateway_url, "https://sms.gateway.example/api/send")

    def _sms(self, company, number):
        partner = self.env["res.partner"].create({"name": f"SMS {number}"})
        message = self.env["mail.message"].create(
            {"model": "res.partner", "res_id": partner.id, "body": "x", "record_company_id": company.id}
        )
        return (
            self.env["sms.sms"].sudo().create({"number": number, "body": f"to {number}", "mail_message_id": message.id})
        )

    def test_each_company_sms_goes_through_its_own_provider(self):
        sms_a = self._sms(self.env.company, "+905320000001")
        sms_b = self._sms(self.company_b, "+905320000002")
        # the queue runs as a user of company A (the cron user's company): B's SMS still go out
        # through B's provider
        (sms_a | sms_b).with_company(self.env.company)._send()
        self.assertEqual(self.fake_a.fake_message_ids.mapped("number"), ["+905320000001"])
        self.assertEqual(self.fake_b.fake_message_ids.mapped("number"), ["+905320000002"])

    def test_company_with_http_gateway_sends_its_own_sms_only(self):
        self.company_b.miy_sms_provider_id = self.gateway
        sms_a = self._sms(self.env.company, "+905320000003")
        sms_b = self._sms(self.company_b, "+905320000004")
        calls = []

        def fake_post(url, json=None, timeout=None):
            calls.append((url, [item["to"] for item in json["messages"]]))
            return type("Response", (), {"content": b"", "raise_for_status": lambda self: None})()

        with patch.object(requests, "post", side_effect=fake_post):
            (sms_a | sms_b)._send()
        self.assertEqual(calls, [("https://sms.gateway.example/api/send", ["+905320000004"])])
        self.assertEqual(self.fake_a.fake_message_ids.mapped("number"), ["+905320000003"])
