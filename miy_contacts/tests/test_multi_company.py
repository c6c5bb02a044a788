from odoo.exceptions import AccessError, ValidationError
from odoo.tests import new_test_user, tagged

from .common import MiyCommon


@tagged("post_install", "-at_install")
class TestMultiCompany(MiyCommon):
    """A user of company A only, working against partners of company B: phones, affiliations and
    relations follow the partners' company rule, and nothing is written back to B's partners."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_a = cls.env.company
        cls.company_b = cls.env["res.company"].create({"name": "MİY Şirket B"})
        cls.user_a = new_test_user(
            cls.env,
            login="miy_user_company_a",
            name="User of Company A",
            groups="base.group_user,miy_contacts.group_miy_user",
            company_id=cls.company_a.id,
            company_ids=[cls.company_a.id],
        )
        Partner = cls.env["res.partner"]
        cls.shared_org = Partner.create({"name": "Ortak Firma A.Ş.", "is_company": True})
        cls.org_a = Partner.create({"name": "A Firması", "is_company": True, "company_id": cls.company_a.id})
        cls.org_b = Partner.create({"name": "B Firması", "is_company": True, "company_id": cls.company_b.id})
        cls.person_b = Partner.create(
            {
                "name": "Gizli Kişi",
                "email": "gizli@b.example.com",
                "phone": "0224 555 12 34",
                "company_id": cls.company_b.id,
            }
        )
        cls.phone_b = cls.person_b.miy_phone_ids
        cls.affiliation_b = cls.env["miy.affiliation"].create(
            {"person_id": cls.person_b.id, "organization_id": cls.shared_org.id, "function": "Müdür"}
        )
        cls.relation_b = cls.env["miy.partner.relation"].create(
            {
                "left_partner_id": cls.shared_org.id,
                "type_id": cls.env.ref("miy_contacts.relation_type_distributor").id,
                "right_partner_id": cls.org_b.id,
            }
        )

    def test_company_is_carried_and_indexed(self):
        self.assertEqual(self.phone_b.company_id, self.company_b)
        self.assertEqual(self.affiliation_b.company_id, self.company_b)
        self.assertFalse(self.affiliation_b.organization_company_id)
        self.assertEqual(self.relation_b.right_company_id, self.company_b)
        for model, fname in (
            ("miy.partner.phone", "company_id"),
            ("miy.affiliation", "company_id"),
            ("miy.affiliation", "organization_company_id"),
            ("miy.partner.relation", "company_id"),
            ("miy.partner.relation", "right_company_id"),
        ):
            self.assertTrue(self.env[model]._fields[fname].index, f"{model}.{fname} must be indexed")
        self.person_b.company_id = self.company_a
        self.assertEqual(self.phone_b.company_id, self.company_a, "follows the partner's company")

    def test_phones_of_another_company_are_hidden(self):
        Phone = self.env["miy.partner.phone"].with_user(self.user_a)
        self.assertFalse(Phone.search([("partner_id", "=", self.person_b.id)]))
        with self.assertRaises(AccessError):
            self.phone_b.with_user(self.user_a).read(["number"])

    def test_phone_row_cannot_rewrite_another_companys_partner(self):
        with self.assertRaises(AccessError):
            self.phone_b.with_user(self.user_a).write({"number": "0532 000 00 01"})
        with self.assertRaises(AccessError):
            self.env["miy.partner.phone"].with_user(self.user_a).create(
                {"partner_id": self.person_b.id, "number": "0532 000 00 02", "is_primary": True}
            )
        with self.assertRaises(AccessError):
            self.phone_b.with_user(self.user_a).unlink()
        self.assertEqual(self.person_b.phone, "0224 555 12 34")
        self.assertEqual(self.person_b.miy_phone_ids, self.phone_b)

    def test_phone_row_needs_the_right_to_change_the_partner(self):
        """Another employee's partner: readable, but only its user or an administrator changes it."""
        colleague = new_test_user(self.env, login="miy_colleague", name="Colleague", groups="base.group_user")
        with self.assertRaises(AccessError):
            self.env["miy.partner.phone"].with_user(self.user_a).create(
                {"partner_id": colleague.partner_id.id, "number": "0532 000 00 03"}
            )
        self.assertFalse(colleague.partner_id.mobile)

    def test_affiliation_of_another_companys_person_is_hidden(self):
        Affiliation = self.env["miy.affiliation"].with_user(self.user_a)
        self.assertFalse(Affiliation.search([("organization_id", "=", self.shared_org.id)]))
        with self.assertRaises(AccessError):
            self.affiliation_b.with_user(self.user_a).read(["person_email"])
        members = self.shared_org.with_user(self.user_a).miy_member_ids
        self.assertFalse(members, "the shared organization's people tab hides company B's person")

    def test_affiliation_cannot_rewrite_another_companys_person(self):
        with self.assertRaises(AccessError):
            self.env["miy.affiliation"].with_user(self.user_a).create(
                {"person_id": self.person_b.id, "organization_id": self.org_a.id, "is_primary": True}
            )
        with self.assertRaises(AccessError):
            self.affiliation_b.with_user(self.user_a).write({"function": "Casus", "is_primary": True})
        self.assertFalse(self.person_b.parent_id)
        self.assertFalse(self.person_b.function)

    def test_affiliation_contact_fields_read_with_the_users_rights(self):
        """The affiliation is readable but its person is not (a record rule of another addon hides
        them): the person's e-mail and phones are not shown through the affiliation."""
        person = self.env["res.partner"].create(
            {"name": "Kuralla Gizli", "email": "kural@a.example.com", "phone": "0224 555 44 33"}
        )
        affiliation = self.env["miy.affiliation"].create({"person_id": person.id, "organization_id": self.org_a.id})
        self.assertEqual(affiliation.with_user(self.user_a).person_email, "kural@a.example.com")
        restricted = self.env["res.groups"].create({"name": "Restricted", "users": [(4, self.user_a.id)]})
        self.env["ir.rule"].create(
            {
                "name": "hide one person",
                "model_id": self.env["ir.model"]._get_id("res.partner"),
                "domain_force": f"[('id', '!=', {person.id})]",
                "groups": [(4, restricted.id)],
            }
        )
        self.env.invalidate_all()
        row = affiliation.with_user(self.user_a)
        self.assertEqual(row.organization_id, self.org_a, "the affiliation itself stays readable")
        self.assertFalse(row.person_email)
        self.assertFalse(row.person_phone)

    def test_primary_conflict_with_a_hidden_affiliation_names_nothing(self):
        """The person's primary affiliation is with company B's organization (hidden from user A):
        the check still holds, and its message does not name that organization."""
        person = self.env["res.partner"].create({"name": "İki Şirketli"})
        self.env["miy.affiliation"].create(
            {"person_id": person.id, "organization_id": self.org_b.id, "is_primary": True}
        )
        with self.assertRaises(ValidationError) as caught:
            self.env["miy.affiliation"].with_user(self.user_a).create(
                {"person_id": person.id, "organization_id": self.org_a.id, "is_primary": True}
            )
        self.assertNotIn("B Firması", str(caught.exception))

    def test_relations_of_another_company_are_hidden(self):
        Relation = self.env["miy.partner.relation"].with_user(self.user_a)
        self.assertFalse(Relation.search([("left_partner_id", "=", self.shared_org.id)]))
        with self.assertRaises(AccessError):
            self.relation_b.with_user(self.user_a).read(["display_name"])
        rows = (
            self.env["miy.partner.relation.all"]
            .with_user(self.user_a)
            .search([("this_partner_id", "=", self.shared_org.id)])
        )
        self.assertFalse(rows, "the shared organization's relations tab hides company B's partner")
        self.assertEqual(self.shared_org.with_user(self.user_a).miy_relation_count, 0)

    def test_relation_with_another_companys_partner_is_refused_without_naming_it(self):
        with self.assertRaises(AccessError) as caught:
            self.env["miy.partner.relation"].with_user(self.user_a).create(
                {
                    "left_partner_id": self.person_b.id,  # a person in an organization-only type
                    "type_id": self.env.ref("miy_contacts.relation_type_group_company").id,
                    "right_partner_id": self.org_a.id,
                }
            )
        self.assertNotIn("Gizli Kişi", str(caught.exception))
