from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestContactsTour(HttpCase):
    def test_create_organization_person_affiliations_phones_and_find_by_phone(self):
        user = new_test_user(
            self.env, login="miy_tour_user", groups="base.group_user,miy_contacts.group_miy_user", lang="en_US"
        )
        Partner = self.env["res.partner"]
        org_b = Partner.create({"name": "Tur Org B", "is_company": True})
        Partner.create({"name": "Tur Başka", "mobile": "0532 999 88 77"})
        self.start_tour("/odoo", "miy_contacts_tour", login=user.login)
        person = Partner.search([("name", "=", "Tur Kişi")])
        self.assertEqual(len(person), 1)
        org_a = Partner.search([("name", "=", "Tur Org A"), ("is_company", "=", True)])
        self.assertEqual(person.miy_affiliation_ids.organization_id, org_a | org_b)
        self.assertEqual(person.parent_id, org_a)
        self.assertEqual(person.function, "Genel Müdür")
        self.assertEqual(sorted(person.miy_phone_ids.mapped("number_e164")), ["+902244445566", "+905321112233"])
