import re
from datetime import datetime, timedelta

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestServiceRequestPortal(HttpCase):
    """Portal customers see and open their own service requests, never another customer's."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.customer = Partner.create({"name": "Tur Portal Müşteri A.Ş.", "is_company": True})
        cls.other_customer = Partner.create({"name": "Tur Başka Firma Ltd.", "is_company": True})
        cls.portal_user = new_test_user(
            cls.env, login="miy_portal_customer", groups="base.group_portal", name="Tur Portal Kişi", lang="en_US"
        )
        cls.portal_user.partner_id.parent_id = cls.customer
        cls.other_portal_user = new_test_user(cls.env, login="miy_portal_other", groups="base.group_portal")
        cls.other_portal_user.partner_id.parent_id = cls.other_customer
        cls.request_type = cls.env["miy.service.request.type"].create(
            {"name": "Tur Arıza", "first_response_hours": 4, "resolution_hours": 16}
        )
        cls.other_request = cls.env["miy.service.request"].create(
            {"subject": "Başka firmanın talebi", "partner_id": cls.other_customer.id, "type_id": cls.request_type.id}
        )
        cls.own_request = cls.env["miy.service.request"].create(
            {
                "subject": "Kendi talebimiz",
                "partner_id": cls.customer.id,
                "contact_id": cls.portal_user.partner_id.id,
                "type_id": cls.request_type.id,
            }
        )

    def test_portal_tour_creates_a_request(self):
        self.start_tour("/my", "miy_service_request_portal_tour", login=self.portal_user.login)
        request = self.env["miy.service.request"].search([("subject", "=", "Tur: yazıcı çalışmıyor")])
        self.assertEqual(len(request), 1)
        self.assertEqual(request.channel, "portal")
        self.assertEqual(request.partner_id, self.customer)
        self.assertEqual(request.contact_id, self.portal_user.partner_id)
        self.assertEqual(request.type_id, self.request_type)
        self.assertIn("Kağıt sıkışıyor", request.description)
        self.assertIn(self.portal_user.partner_id, request.message_partner_ids, "the customer follows it")
        self.assertTrue(request.first_response_deadline)

    def test_other_customers_request_is_refused_over_http(self):
        self.authenticate(self.portal_user.login, self.portal_user.login)
        own = self.url_open(f"/my/service-requests/{self.own_request.id}")
        self.assertEqual(own.status_code, 200)
        self.assertIn("Kendi talebimiz", own.text)
        other = self.url_open(f"/my/service-requests/{self.other_request.id}", allow_redirects=False)
        self.assertIn(other.status_code, (303, 302, 403))
        if other.status_code != 403:
            self.assertTrue(other.headers["Location"].endswith("/my"), other.headers["Location"])
        listing = self.url_open("/my/service-requests")
        self.assertIn("Kendi talebimiz", listing.text)
        self.assertNotIn("Başka firmanın talebi", listing.text)
        home = self.url_open("/my/home")
        self.assertIn("/my/service-requests", home.text)

    def test_orm_refuses_other_customers_request(self):
        Request = self.env["miy.service.request"].with_user(self.portal_user)
        self.assertEqual(Request.search([]), self.own_request)
        self.assertEqual(self.own_request.with_user(self.portal_user).subject, "Kendi talebimiz")
        with self.assertRaises(AccessError):
            self.other_request.with_user(self.portal_user).read(["subject"])
        with self.assertRaises(AccessError):
            self.own_request.with_user(self.portal_user).write({"subject": "Changed"})
        with self.assertRaises(AccessError), self.env.cr.savepoint():
            Request.create(
                {"subject": "Impostor", "partner_id": self.other_customer.id, "type_id": self.request_type.id}
            )
        # portal users create through the portal form only (it controls the values), never over
        # the ORM, not even for their own company (issue 9: this test asserted the opposite)
        with self.assertRaises(AccessError), self.env.cr.savepoint():
            Request.create({"subject": "Own via ORM", "partner_id": self.customer.id, "type_id": self.request_type.id})
        self.assertFalse(self.env["miy.service.request"].search([("subject", "=", "Own via ORM")]))

    def test_portal_customer_writes_in_the_chatter_of_own_request_only(self):
        self.own_request.message_subscribe(partner_ids=self.portal_user.partner_id.ids)
        message = self.own_request.with_user(self.portal_user).message_post(
            body="Ne zaman gelirsiniz?", message_type="comment", subtype_xmlid="mail.mt_comment"
        )
        self.assertEqual(message.author_id, self.portal_user.partner_id)
        self.assertFalse(self.own_request.first_response_date, "the customer's message is not our response")
        with self.assertRaises(AccessError):
            self.other_request.with_user(self.portal_user).message_post(
                body="Merhaba", message_type="comment", subtype_xmlid="mail.mt_comment"
            )

    def test_portal_form_rejects_empty_subject(self):
        self.authenticate(self.portal_user.login, self.portal_user.login)
        before = self.env["miy.service.request"].search_count([])
        form = self.url_open("/my/service-requests/new")
        token = re.search(r'name="csrf_token" value="([^"]+)"', form.text).group(1)
        page = self.url_open(
            "/my/service-requests/new",
            data={"subject": "  ", "type_id": str(self.request_type.id), "csrf_token": token},
        )
        self.assertEqual(page.status_code, 200)
        self.assertIn("Please say in a few words what you need.", page.text)
        self.assertEqual(self.env["miy.service.request"].search_count([]), before)

    def _csrf_token(self):
        form = self.url_open("/my/service-requests/new")
        return re.search(r'name="csrf_token" value="([^"]+)"', form.text).group(1)

    def test_hostile_portal_user_cannot_create_or_write_over_rpc(self):
        """What a portal user would send over JSON-RPC: another company's contact (who would then
        follow the request and receive our e-mail and SMS), a request date 30 days ago (escalated
        at once), our internal interaction notes. Every create and write is refused."""
        other_contact = self.env["res.partner"].create({"name": "Başka Kişi", "parent_id": self.other_customer.id})
        note = self.env["miy.interaction"].create(
            {"subject": "Internal note", "partner_ids": [Command.set(self.customer.ids)]}
        )
        Request = self.env["miy.service.request"].with_user(self.portal_user)
        forged = {
            "subject": "Forged",
            "partner_id": self.customer.id,
            "contact_id": other_contact.id,
            "type_id": self.request_type.id,
            "request_date": datetime.now() - timedelta(days=30),
            "interaction_ids": [Command.set(note.ids)],
        }
        for values in (forged, {"subject": "Plain", "type_id": self.request_type.id}):
            with self.assertRaises(AccessError), self.env.cr.savepoint():
                Request.create(values)
        with self.assertRaises(AccessError), self.env.cr.savepoint():
            self.own_request.with_user(self.portal_user).write({"contact_id": other_contact.id})
        with self.assertRaises(AccessError), self.env.cr.savepoint():
            self.own_request.with_user(self.portal_user).write({"interaction_ids": [Command.link(note.id)]})
        with self.assertRaises(AccessError), self.env.cr.savepoint():
            Request.message_new({"subject": "Through the gateway hook", "email_from": "x@example.com"})
        self.assertFalse(self.env["miy.service.request"].search([("subject", "in", ["Forged", "Plain"])]))
        self.assertNotIn(other_contact, self.own_request.message_partner_ids)

    def test_portal_form_ignores_forged_fields(self):
        """The form's POST with extra fields: another company's customer and contact, a request
        date 30 days ago, interaction notes, a team and assignee. Only subject, type and
        description are taken; the customer is the user's company, the contact the user."""
        other_contact = self.env["res.partner"].create({"name": "Başka Kişi 2", "parent_id": self.other_customer.id})
        note = self.env["miy.interaction"].create(
            {"subject": "Internal", "partner_ids": [Command.set(self.customer.ids)]}
        )
        self.authenticate(self.portal_user.login, self.portal_user.login)
        page = self.url_open(
            "/my/service-requests/new",
            data={
                "subject": "Forged portal request",
                "type_id": str(self.request_type.id),
                "description": "Yazıcı",
                "partner_id": str(self.other_customer.id),
                "contact_id": str(other_contact.id),
                "request_date": "2020-01-01 00:00:00",
                "interaction_ids": str(note.id),
                "user_id": str(self.env.ref("base.user_admin").id),
                "channel": "form",
                "csrf_token": self._csrf_token(),
            },
        )
        self.assertEqual(page.status_code, 200)
        created = self.env["miy.service.request"].search([("subject", "=", "Forged portal request")])
        self.assertEqual(len(created), 1)
        self.assertEqual(created.partner_id, self.customer)
        self.assertEqual(created.contact_id, self.portal_user.partner_id)
        self.assertEqual(created.channel, "portal")
        self.assertFalse(created.interaction_ids)
        self.assertGreater(created.request_date, datetime.now() - timedelta(hours=1), "no backdated SLA start")
        self.assertFalse(created.first_response_escalated)
        self.assertNotIn(other_contact, created.message_partner_ids, "another company's contact gets nothing")
        self.assertEqual(created.create_uid, self.portal_user)
