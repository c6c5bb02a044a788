from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestQuoteVersionTour(HttpCase):
    """Real Chromium: a Turkish salesperson creates a quote with the customer's people, sends it
    twice with a price change in between and sees the changed price in the comparison."""

    def test_version_tour(self):
        self.env.ref("base.lang_tr").active = True
        user = new_test_user(
            self.env,
            login="qv_tour",
            name="Tur Satıcı",
            groups="base.group_user,miy_contacts.group_miy_user,sales_team.group_sale_salesman",
            email="tur@example.com",
            lang="tr_TR",
        )
        customer = self.env["res.partner"].create(
            {"name": "Tur Nilüfer Gıda", "is_company": True, "email": "tur@nilufer.example"}
        )
        person = self.env["res.partner"].create({"name": "Tur Ayşe Yılmaz", "email": "ayse@nilufer.example"})
        self.env["miy.affiliation"].create({"person_id": person.id, "organization_id": customer.id})
        product = self.env["product.product"].create(
            {"name": "Tur CNC İşleme Merkezi", "list_price": 100000.0, "sale_ok": True}
        )
        self.start_tour("/odoo", "miy_quotes_version_tour", login=user.login, timeout=180)
        order = self.env["sale.order"].search([("partner_id", "=", customer.id)])
        self.assertEqual(order.miy_version_count, 2)
        self.assertEqual(order.miy_primary_contact_id, person)
        first, second = order.miy_version_ids.sorted("revision")
        self.assertEqual(first.line_ids.filtered(lambda line: line.product_id == product).price_unit, 100000.0)
        self.assertEqual(second.line_ids.filtered(lambda line: line.product_id == product).price_unit, 95000.0)
