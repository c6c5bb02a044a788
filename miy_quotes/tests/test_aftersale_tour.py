from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestAftersaleTour(HttpCase):
    def test_warranty_list_to_maintenance_quote(self):
        if not self.env["res.lang"]._lang_get("tr_TR"):
            self.skipTest("Turkish is not installed in this database")
        user = new_test_user(
            self.env,
            login="miy_aftersale_tour",
            groups="sales_team.group_sale_salesman,miy_contacts.group_miy_user",
            lang="tr_TR",
        )
        maintenance = self.env["product.product"].create({"name": "Tur Bakım Sözleşmesi", "type": "service"})
        machine = self.env["product.product"].create(
            {
                "name": "Tur Torna",
                "type": "consu",
                "is_storable": True,
                "tracking": "serial",
                "miy_warranty_months": 24,
                "miy_maintenance_product_id": maintenance.id,
            }
        )
        customer = self.env["res.partner"].create({"name": "Tur Müşteri", "is_company": True, "user_id": user.id})
        lot = self.env["stock.lot"].create({"name": "TUR-SN-1", "product_id": machine.id})
        today = fields.Date.context_today(self.env["res.partner"])
        row = self.env["miy.installed.base"].create(
            {
                "partner_id": customer.id,
                "product_id": machine.id,
                "lot_id": lot.id,
                "delivered_qty": 1,
                "delivery_date": today - relativedelta(years=2) + relativedelta(days=20),
                "user_id": user.id,
            }
        )
        self.env["miy.offer.suggestion"]._generate(row)
        self.start_tour(
            "/odoo/action-miy_quotes.miy_installed_base_action_warranty", "miy_aftersale_tour", login=user.login
        )
        suggestion = self.env["miy.offer.suggestion"].search([("partner_id", "=", customer.id)])
        self.assertEqual(suggestion.state, "quoted")
        self.assertEqual(suggestion.order_id.order_line.product_id, maintenance)
        self.assertEqual(suggestion.order_id.state, "draft")
        self.assertEqual(suggestion.order_id.partner_id, customer)
