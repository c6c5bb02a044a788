import re

from odoo.tests import HttpCase, new_test_user, tagged

from odoo.addons.mail.tests.common import MockEmail


@tagged("post_install", "-at_install")
class TestServiceRequestAcknowledgement(HttpCase, MockEmail):
    """A portal customer who opens a request sees its reference and the target response time at
    once, and gets an acknowledgement e-mail in her language (she used to get nothing)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("tr_TR")
        cls.customer = cls.env["res.partner"].create(
            {"name": "Tur Onay Müşteri A.Ş.", "is_company": True, "email": "info@onay.example"}
        )
        cls.portal_user = new_test_user(
            cls.env, login="miy_portal_ack", groups="base.group_portal", name="Zeynep Onay", lang="tr_TR"
        )
        cls.portal_user.partner_id.write(
            {"parent_id": cls.customer.id, "email": "zeynep@onay.example", "tz": "Europe/Istanbul"}
        )
        cls.request_type = cls.env["miy.service.request.type"].create(
            {"name": "Tur Onay Arıza", "first_response_hours": 4, "resolution_hours": 16}
        )

    def _submit(self, subject):
        self.authenticate(self.portal_user.login, self.portal_user.login)
        form = self.url_open("/my/service-requests/new")
        token = re.search(r'name="csrf_token" value="([^"]+)"', form.text).group(1)
        return self.url_open(
            "/my/service-requests/new",
            data={
                "subject": subject,
                "type_id": str(self.request_type.id),
                "description": "Pres titriyor.",
                "csrf_token": token,
            },
        )

    def test_confirmation_page_and_email_in_the_customers_language(self):
        with self.mock_mail_gateway():
            page = self._submit("Pres titriyor")
            mails = self._new_mails.filtered(lambda m: self.portal_user.partner_id in m.recipient_ids)
        service_request = self.env["miy.service.request"].search([("subject", "=", "Pres titriyor")])
        self.assertEqual(len(service_request), 1)
        self.assertTrue(service_request.first_response_deadline)
        self.assertIn("submitted=1", page.url)
        self.assertIn("o_miy_service_request_received", page.text)
        self.assertIn(service_request.name, page.text)
        self.assertIn("o_miy_service_request_target", page.text)
        # the acknowledgement e-mail: to the customer's person, in Turkish, with reference and target
        message = service_request.message_ids.filtered(lambda m: service_request.name in (m.subject or ""))
        self.assertEqual(len(message), 1, "one acknowledgement")
        self.assertIn(self.portal_user.partner_id, message.partner_ids)
        self.assertEqual(message.author_id, service_request.company_id.partner_id, "sent by the company")
        self.assertIn("talebinizi aldık", message.subject)
        self.assertIn("4", message.body)
        self.assertIn("çalışma saati", message.body)
        self.assertEqual(len(mails), 1, "one acknowledgement e-mail to her")
        self.assertIn("talebinizi aldık", mails.subject)
        self.assertIn("çalışma saati", mails.body_html)
        self.assertFalse(service_request.first_response_date, "an acknowledgement is not the first response")

    def test_no_confirmation_without_submission(self):
        self._submit("İkinci talep")
        service_request = self.env["miy.service.request"].search([("subject", "=", "İkinci talep")])
        page = self.url_open(service_request.access_url)
        self.assertNotIn("o_miy_service_request_received", page.text)
        self.assertIn("o_miy_service_request_name", page.text)
        # another portal customer forging ?submitted=1 on this request sees nothing of it
        intruder = new_test_user(self.env, login="miy_portal_ack_intruder", groups="base.group_portal")
        self.authenticate(intruder.login, intruder.login)
        page = self.url_open(f"{service_request.access_url}?submitted=1")
        self.assertNotIn(service_request.name, page.text)
