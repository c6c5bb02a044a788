from odoo.exceptions import ValidationError
from odoo.tests import Form, tagged
from odoo.tools import mute_logger

from .common_service_request import MiyServiceRequestCommon


@tagged("post_install", "-at_install")
class TestServiceRequestContact(MiyServiceRequestCommon):
    """The contact of a request is one of the customer's own people: a competitor company and an
    internal user used to be accepted (in the form and over RPC)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.competitor = Partner.create({"name": "Rakip Makine A.Ş.", "is_company": True})
        cls.competitor_person = Partner.create({"name": "Rakip Kişi", "parent_id": cls.competitor.id})
        # a person affiliated with the customer without being its contact (parent elsewhere)
        cls.consultant = Partner.create({"name": "Danışman Veli"})
        cls.env["miy.affiliation"].create(
            {"person_id": cls.consultant.id, "organization_id": cls.org.id, "function": "Danışman"}
        )
        cls.former = Partner.create({"name": "Eski Çalışan"})
        cls.env["miy.affiliation"].create(
            {
                "person_id": cls.former.id,
                "organization_id": cls.org.id,
                "date_start": "2015-01-01",
                "date_end": "2020-01-01",
            }
        )
        cls.lone_person = Partner.create({"name": "Bireysel Müşteri"})

    def test_customers_people_are_accepted(self):
        for contact in (self.person, self.consultant, self.org):
            with self.subTest(contact=contact.name):
                request = self._request(user=self.user_miy, contact_id=contact.id)
                self.assertEqual(request.contact_id, contact)
        request = self._request(user=self.user_miy, partner_id=self.lone_person.id, contact_id=self.lone_person.id)
        self.assertEqual(request.contact_id, self.lone_person, "a person who is the customer is its own contact")

    @mute_logger("odoo.models")
    def test_others_are_refused_over_rpc(self):
        strangers = {
            "a competitor company": self.competitor,
            "a competitor's person": self.competitor_person,
            "an internal user": self.user_colleague.partner_id,
            "a former employee of the customer": self.former,
            "an unrelated person": self.other_person,
        }
        for label, stranger in strangers.items():
            with self.subTest(label), self.assertRaises(ValidationError):
                self._request(user=self.user_miy, contact_id=stranger.id)
        request = self._request(user=self.user_miy)
        for label, stranger in strangers.items():
            with self.subTest(label), self.assertRaises(ValidationError):
                request.with_user(self.user_miy).write({"contact_id": stranger.id})
        with self.assertRaises(ValidationError):
            # changing the customer while keeping the old customer's person
            request.with_user(self.user_miy).write({"partner_id": self.competitor.id})
        self.assertEqual(request.contact_id, self.person)

    def test_form_offers_only_the_customers_people(self):
        with Form(self.env["miy.service.request"].with_user(self.user_miy)) as form:
            form.subject = "Titreşim"
            form.type_id = self.type_fault
            form.partner_id = self.org
            allowed = form.allowed_contact_ids
            self.assertIn(self.person, allowed)
            self.assertIn(self.consultant, allowed)
            self.assertNotIn(self.competitor, allowed)
            self.assertNotIn(self.user_colleague.partner_id, allowed)
            self.assertNotIn(self.former, allowed)
            form.contact_id = self.person
            form.partner_id = self.competitor
            self.assertEqual(form.contact_id, self.competitor, "another customer's person is not kept")
        arch = self.env["miy.service.request"].get_view(view_type="form")["arch"]
        self.assertIn("('id', 'in', allowed_contact_ids)", arch)
