from datetime import date, timedelta

from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .version_common import QuoteCommon


@tagged("post_install", "-at_install")
class TestReferenceCustomers(QuoteCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        criterion = cls.env["miy.criterion"].create({"name": "Sektör QV", "code": "sector_qv"})
        cls.food, cls.textile = cls.env["miy.criterion.value"].create(
            [{"name": "Gıda", "criterion_id": criterion.id}, {"name": "Tekstil", "criterion_id": criterion.id}]
        )
        cls.customer.miy_criterion_value_ids = cls.food
        cls.cnc_sub = cls.env["product.category"].create({"name": "CNC", "parent_id": cls.categ_machines.id})
        cls.machine.categ_id = cls.cnc_sub

        def reference(name, **vals):
            org = cls.env["res.partner"].create({"name": name, "is_company": True})
            person = cls.env["res.partner"].create({"name": f"{name} Yetkili"})
            cls.env["miy.affiliation"].create({"person_id": person.id, "organization_id": org.id})
            org.write(
                dict(
                    {
                        "miy_is_reference": True,
                        "miy_reference_consent_date": date.today(),
                        "miy_reference_consent_by_id": person.id,
                        "miy_reference_contact_id": person.id,
                    },
                    **vals,
                )
            )
            return org

        cls.by_category = reference("Gemlik Tekstil", miy_reference_categ_ids=[(6, 0, cls.categ_machines.ids)])
        cls.by_sector = reference("Ordu Fındık", miy_criterion_value_ids=[(6, 0, cls.food.ids)])
        cls.by_product = reference("İnegöl Mobilya", miy_reference_product_ids=[(6, 0, cls.tools.product_tmpl_id.ids)])
        cls.unrelated = reference("Osmangazi Döküm", miy_criterion_value_ids=[(6, 0, cls.textile.ids)])
        cls.not_reference = cls.env["res.partner"].create(
            {"name": "Rastgele", "is_company": True, "miy_criterion_value_ids": [(6, 0, cls.food.ids)]}
        )

    def test_consent_required(self):
        org = self.env["res.partner"].create({"name": "Onaysız", "is_company": True})
        with self.assertRaises(ValidationError), self.env.cr.savepoint():
            org.miy_is_reference = True
        with self.assertRaises(ValidationError), self.env.cr.savepoint():
            org.write(
                {
                    "miy_is_reference": True,
                    "miy_reference_consent_date": date.today() + timedelta(days=3),
                    "miy_reference_consent_by_id": self.person_a.id,
                }
            )

    def test_suitable_references_for_a_quote(self):
        order = self.make_order(lines=[(self.machine, 1, 1000.0)])
        order = order.with_user(self.salesman)
        found = order._miy_suitable_references()
        self.assertEqual(found, self.by_category | self.by_sector)
        self.assertEqual(order.miy_reference_count, 2)
        action = order.action_miy_open_references()
        self.assertEqual(self.env["res.partner"].search(action["domain"]), found)
        # a line of a product a reference can speak to adds that reference
        order2 = self.make_order(lines=[(self.tools, 1, 10.0)]).with_user(self.salesman)
        self.assertIn(self.by_product, order2._miy_suitable_references())
        self.assertNotIn(self.unrelated, order2._miy_suitable_references())
        self.assertNotIn(self.not_reference, order2._miy_suitable_references())
