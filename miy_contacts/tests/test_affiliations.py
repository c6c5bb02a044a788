from datetime import date, timedelta

from odoo import fields
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, tagged

from .common import MiyCommon


@tagged("post_install", "-at_install")
class TestAffiliations(MiyCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.acme = Partner.create({"name": "Acme Gıda A.Ş.", "is_company": True})
        cls.beta = Partner.create({"name": "Beta Tekstil A.Ş.", "is_company": True})
        cls.person = Partner.create({"name": "Ayşe Test"})
        cls.Affiliation = cls.env["miy.affiliation"]

    def test_person_in_many_organizations_each_with_title(self):
        Affiliation = self.Affiliation.with_user(self.user_miy)
        first = Affiliation.create(
            {
                "person_id": self.person.id,
                "organization_id": self.acme.id,
                "function": "Genel Müdür",
                "is_primary": True,
            }
        )
        second = Affiliation.create(
            {"person_id": self.person.id, "organization_id": self.beta.id, "function": "Danışman"}
        )
        self.assertEqual(self.person.miy_affiliation_ids, first | second)
        self.assertEqual(self.acme.miy_member_ids, first)
        self.assertEqual(self.beta.miy_member_ids.function, "Danışman")
        self.assertEqual(self.acme.miy_member_count, 1)
        # the primary affiliation is mirrored to Odoo's company and job position
        self.assertEqual(self.person.parent_id, self.acme)
        self.assertEqual(self.person.function, "Genel Müdür")

    def test_switching_primary_moves_parent(self):
        first = self.Affiliation.create(
            {"person_id": self.person.id, "organization_id": self.acme.id, "is_primary": True}
        )
        second = self.Affiliation.create(
            {"person_id": self.person.id, "organization_id": self.beta.id, "function": "CFO"}
        )
        first.is_primary = False
        second.is_primary = True
        self.assertEqual(self.person.parent_id, self.beta)
        self.assertEqual(self.person.function, "CFO")

    def test_ending_a_job_keeps_history_and_clears_company(self):
        affiliation = self.Affiliation.create(
            {"person_id": self.person.id, "organization_id": self.acme.id, "is_primary": True, "function": "Müdür"}
        )
        self.assertEqual(self.person.parent_id, self.acme)
        affiliation.date_end = date.today() - timedelta(days=1)
        self.assertFalse(affiliation.is_current)
        self.assertFalse(self.person.parent_id)
        self.assertIn(affiliation, self.person.miy_affiliation_ids)
        self.assertIn(affiliation, self.Affiliation.search([("is_current", "=", False)]))
        self.assertNotIn(affiliation, self.Affiliation.search([("is_current", "=", True)]))

    def test_action_end(self):
        affiliation = self.Affiliation.create({"person_id": self.person.id, "organization_id": self.acme.id})
        affiliation.action_end()
        # today where the user is (between 21:00 and 24:00 UTC, Istanbul is already tomorrow)
        self.assertEqual(affiliation.date_end, fields.Date.context_today(affiliation))

    def test_parent_set_in_odoo_creates_affiliation(self):
        person = self.env["res.partner"].create({"name": "Core Kişi", "parent_id": self.acme.id, "function": "Satış"})
        self.assertEqual(len(person.miy_affiliation_ids), 1)
        self.assertTrue(person.miy_affiliation_ids.is_primary)
        self.assertEqual(person.miy_affiliation_ids.function, "Satış")
        person.parent_id = self.beta
        current = person.miy_affiliation_ids.filtered("is_primary")
        self.assertEqual(current.organization_id, self.beta)
        self.assertEqual(len(person.miy_affiliation_ids), 2, "the former company stays as history")
        person.function = "Bölge Müdürü"
        self.assertEqual(current.function, "Bölge Müdürü")
        person.parent_id = False
        self.assertFalse(person.miy_affiliation_ids.filtered("is_primary"))
        self.assertFalse(person.parent_id)

    def test_addresses_are_not_people(self):
        address = self.env["res.partner"].create({"name": "Depo", "type": "delivery", "parent_id": self.acme.id})
        self.assertFalse(address.miy_affiliation_ids)

    def test_bad_input(self):
        cases = [
            ({"person_id": self.acme.id, "organization_id": self.beta.id, "function": "X"}, "only a person"),
            ({"person_id": self.person.id, "organization_id": self.person.id}, "itself"),
            (
                {
                    "person_id": self.person.id,
                    "organization_id": self.acme.id,
                    "date_start": "2024-05-01",
                    "date_end": "2024-01-01",
                },
                "ends before it starts",
            ),
        ]
        for vals, message in cases:
            with self.subTest(message=message), self.assertRaisesRegex(ValidationError, message), self.cr.savepoint():
                self.Affiliation.create(vals)
        self.assertFalse(self.Affiliation.search([("person_id", "in", (self.person | self.acme).ids)]))

    def test_a_person_cannot_be_the_organization(self):
        with self.assertRaisesRegex(ValidationError, "is a person"):
            self.Affiliation.create(
                {"person_id": self.person.id, "organization_id": self.env["res.partner"].create({"name": "Other"}).id}
            )

    def test_overlapping_primary_affiliations_refused(self):
        self.Affiliation.create(
            {
                "person_id": self.person.id,
                "organization_id": self.acme.id,
                "is_primary": True,
                "date_start": "2020-01-01",
            }
        )
        with self.assertRaisesRegex(ValidationError, "already has a primary affiliation"):
            self.Affiliation.create(
                {
                    "person_id": self.person.id,
                    "organization_id": self.beta.id,
                    "is_primary": True,
                    "date_start": "2023-01-01",
                }
            )
        # a primary affiliation that ended before the other started is history, not an overlap
        self.Affiliation.create(
            {
                "person_id": self.person.id,
                "organization_id": self.beta.id,
                "is_primary": True,
                "date_start": "2010-01-01",
                "date_end": "2019-12-31",
            }
        )
        self.assertEqual(self.person.parent_id, self.acme)

    def test_edit_from_both_forms(self):
        with Form(self.person.with_user(self.user_miy)) as form, form.miy_affiliation_ids.new() as line:
            line.organization_id = self.acme
            line.function = "Satın Alma Müdürü"
            line.is_primary = True
        self.assertEqual(self.person.parent_id, self.acme)
        with Form(self.beta.with_user(self.user_miy)) as form, form.miy_member_ids.new() as line:
            line.person_id = self.person
            line.function = "Danışman"
        self.assertEqual(self.beta.miy_member_ids.person_id, self.person)
        self.assertEqual(self.person.parent_id, self.acme, "a non-primary link does not move the company")

    def test_access(self):
        with self.assertRaises(AccessError):
            self.Affiliation.with_user(self.user_plain).search([])
        with self.assertRaises(AccessError):
            self.Affiliation.with_user(self.user_plain).create(
                {"person_id": self.person.id, "organization_id": self.acme.id}
            )

    def test_plain_user_still_edits_partners(self):
        """Odoo users without MİY rights keep editing contacts: the sync runs as bookkeeping."""
        salesman = self.env["res.users"].create(
            {
                "name": "Satıcı",
                "login": "miy_salesman_plain",
                "groups_id": [
                    (
                        6,
                        0,
                        [
                            self.env.ref("sales_team.group_sale_salesman").id,
                            self.env.ref("base.group_partner_manager").id,
                        ],
                    )
                ],
            }
        )
        person = (
            self.env["res.partner"]
            .with_user(salesman)
            .create({"name": "Yeni Kişi", "parent_id": self.acme.id, "phone": "0532 555 12 12"})
        )
        person.write({"parent_id": self.beta.id, "mobile": "0533 555 12 13"})
        self.assertEqual(person.sudo().miy_affiliation_ids.filtered("is_primary").organization_id, self.beta)
        self.assertEqual(len(person.sudo().miy_phone_ids), 2)

    def test_opening_a_person_costs_the_same_with_50_affiliations(self):
        orgs = self.env["res.partner"].create([{"name": f"Org {i}", "is_company": True} for i in range(50)])
        one = self.env["res.partner"].create({"name": "Bir Bağlantı"})
        many = self.env["res.partner"].create({"name": "Elli Bağlantı"})
        self.Affiliation.create({"person_id": one.id, "organization_id": orgs[0].id, "is_primary": True})
        self.Affiliation.create(
            [{"person_id": many.id, "organization_id": org.id, "function": f"Görev {i}"} for i, org in enumerate(orgs)]
        )
        spec = {
            "display_name": {},
            "miy_affiliation_ids": {
                "fields": {
                    "organization_id": {"fields": {"display_name": {}}},
                    "function": {},
                    "department": {},
                    "role_ids": {"fields": {"display_name": {}, "color": {}}},
                    "organization_phone": {},
                    "date_start": {},
                    "date_end": {},
                    "is_primary": {},
                    "is_current": {},
                }
            },
            "miy_phone_ids": {"fields": {"phone_type": {}, "number": {}, "number_display": {}, "is_primary": {}}},
        }

        def count_queries(partner):
            self.env.invalidate_all()
            before = self.cr.sql_log_count
            partner.with_user(self.user_miy).web_read(spec)
            return self.cr.sql_log_count - before

        count_queries(one)  # warm the registry caches (field selections, access rules)
        queries = count_queries(one)
        self.assertEqual(count_queries(many), queries)
        self.env.invalidate_all()
        with self.assertQueryCount(queries):
            many.with_user(self.user_miy).web_read(spec)
