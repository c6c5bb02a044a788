from odoo.tests import tagged

from odoo.addons.mail.tests.common import MockEmail
from odoo.addons.sms.tests.common import SMSCase

from .common_service_request import MiyServiceRequestCommon


@tagged("post_install", "-at_install")
class TestServiceRequestResolvedNotice(MiyServiceRequestCommon, SMSCase, MockEmail):
    """The customer is told by e-mail and SMS when the request is resolved."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Odoo's own SMS path (IAP, mocked below), whatever provider demo data configured
        cls.env.company.miy_sms_provider_id = False

    def test_customer_gets_email_and_sms_on_resolution(self):
        request = self._request(user=self.user_miy)
        request.with_user(self.user_miy).action_start()
        with self.mock_mail_gateway(), self.mockSMSGateway():
            request.with_user(self.user_miy).action_resolve()
            mails = self._new_mails.filtered(lambda m: self.person in m.recipient_ids)
        self.assertEqual(len(mails), 1, "one resolution e-mail to the contact")
        self.assertIn(request.name, mails.subject)
        self.assertIn("is resolved", mails.body_html)
        sms = self._new_sms.filtered(lambda s: s.partner_id == self.person)
        self.assertEqual(len(sms), 1, "one resolution SMS to the contact")
        self.assertIn(request.name, sms.body)
        self.assertEqual(sms.number, "+905321112233")
        self.assertSMSIapSent(["+905321112233"], content=request.name)
        self.assertIn(self.person, request.message_ids.filtered(lambda m: m.message_type == "sms").partner_ids)

    def test_no_mobile_logs_a_note_instead_of_failing(self):
        self.person.mobile = False
        request = self._request(user=self.user_miy)
        with self.mock_mail_gateway(), self.mockSMSGateway():
            request.with_user(self.user_miy).action_resolve()
        self.assertEqual(request.state, "resolved")
        self.assertFalse(self._new_sms, "no SMS without a mobile number")
        self.assertTrue(request.message_ids.filtered(lambda m: "has no mobile number" in (m.body or "")))
        self.assertTrue(self._new_mails.filtered(lambda m: self.person in m.recipient_ids), "the e-mail still goes")

    def test_no_email_and_no_mobile(self):
        self.person.write({"mobile": False, "email": False})
        request = self._request(user=self.user_miy)
        with self.mock_mail_gateway(), self.mockSMSGateway():
            request.with_user(self.user_miy).action_resolve()
        bodies = " ".join(request.message_ids.mapped("body"))
        self.assertIn("has no e-mail address", bodies)
        self.assertIn("has no mobile number", bodies)
        self.assertFalse(self._new_sms)

    def test_resolving_twice_tells_once(self):
        request = self._request(user=self.user_miy)
        with self.mock_mail_gateway(), self.mockSMSGateway():
            request.with_user(self.user_miy).action_resolve()
            request.with_user(self.user_miy).write({"state": "resolved"})
        self.assertEqual(len(self._new_sms), 1)
