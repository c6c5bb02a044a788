from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, tagged
from odoo.tools import mute_logger

from .common import MiyCommon


@tagged("post_install", "-at_install")
class TestRoles(MiyCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Role = cls.env["miy.partner.role"]
        cls.customer = Role._get_by_code("customer")
        cls.dealer = Role._get_by_code("dealer")
        cls.official = Role._get_by_code("official")
        cls.org = cls.env["res.partner"].create({"name": "Rol Test A.Ş.", "is_company": True})
        cls.person = cls.env["res.partner"].create({"name": "Rol Kişi"})

    def test_default_roles_exist(self):
        codes = set(self.env["miy.partner.role"].search([]).mapped("code"))
        self.assertLessEqual(
            {"customer", "prospect", "supplier", "subcontractor", "bank", "group_company", "dealer", "competitor"},
            codes,
        )
        self.assertLessEqual({"official", "staff"}, codes)

    def test_many_roles_per_partner_and_search(self):
        dealers_before = self.dealer.partner_count
        self.dealer.invalidate_recordset(["partner_count"])
        org = self.org.with_user(self.user_miy)
        org.miy_role_ids = [(4, self.customer.id), (4, self.dealer.id)]
        self.assertEqual(org.miy_role_ids, self.customer | self.dealer)
        Partner = self.env["res.partner"].with_user(self.user_miy)
        self.assertIn(self.org, Partner.search([("miy_role_ids.code", "=", "dealer")]))
        self.assertNotIn(self.person, Partner.search([("miy_role_ids.code", "=", "dealer")]))
        groups = dict(Partner._read_group([("id", "in", self.org.ids)], ["miy_role_ids"], ["__count"]))
        self.assertEqual(groups.get(self.dealer), 1)
        self.assertEqual(self.dealer.partner_count, dealers_before + 1)

    def test_role_must_fit_partner_kind(self):
        with self.assertRaisesRegex(ValidationError, "organizations only"), self.cr.savepoint():
            self.person.miy_role_ids = [(4, self.dealer.id)]
        with self.assertRaisesRegex(ValidationError, "persons only"), self.cr.savepoint():
            self.org.miy_role_ids = [(4, self.official.id)]
        self.env.invalidate_all()
        self.assertFalse(self.person.miy_role_ids)

    def test_customer_role_keeps_rank_coherent(self):
        if "customer_rank" not in self.env["res.partner"]._fields:
            self.skipTest("customer_rank comes with the account module")
        self.assertEqual(self.org.customer_rank, 0)
        self.org.miy_role_ids = [(4, self.customer.id)]
        self.assertGreater(self.org.customer_rank, 0)
        # Odoo's customer filter (res_partner_search_mode) finds it
        found = self.env["res.partner"].search([("customer_rank", ">", 0), ("id", "=", self.org.id)])
        self.assertEqual(found, self.org)

    def test_role_code_unique(self):
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"), self.cr.savepoint():
            self.env["miy.partner.role"].create({"name": "Twin", "code": "customer"})

    def test_only_managers_configure_roles(self):
        with self.assertRaises(AccessError):
            self.env["miy.partner.role"].with_user(self.user_miy).create({"name": "X", "code": "x"})
        role = (
            self.env["miy.partner.role"].with_user(self.user_manager).create({"name": "Distributor", "code": "x_dist"})
        )
        self.assertEqual(role.applies_to, "both")
        with self.assertRaises(AccessError):
            self.env["miy.partner.role"].with_user(self.user_plain).search([])

    def test_roles_in_form(self):
        with Form(self.env["res.partner"].with_user(self.user_miy)) as form:
            form.name = "Formla Bayi"
            form.company_type = "company"
            form.miy_role_ids.add(self.dealer)
        self.assertEqual(form.record.miy_role_ids, self.dealer)
