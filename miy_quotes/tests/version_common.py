# Fixtures shared by the tests of quote versions, preparation and references (no demo data).
from odoo import Command
from odoo.tests import new_test_user

from odoo.addons.miy_contacts.tests.common import MiyCommon


class QuoteCommon(MiyCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True, mail_create_nolog=True))
        sales = "base.group_user,miy_contacts.group_miy_user,sales_team.group_sale_salesman"
        cls.salesman = new_test_user(
            cls.env, login="qv_salesman", name="Can Öztürk", groups=sales, email="can@example.com"
        )
        cls.other_salesman = new_test_user(
            cls.env, login="qv_other", name="Başka Satıcı", groups=sales, email="other@example.com"
        )
        cls.sales_manager = new_test_user(
            cls.env,
            login="qv_manager",
            name="Selin Arslan",
            groups="base.group_user,miy_contacts.group_miy_manager,sales_team.group_sale_manager",
            email="selin@example.com",
        )
        cls.team = cls.env["crm.team"].create({"name": "Marmara QV", "member_ids": [Command.link(cls.salesman.id)]})
        cls.other_team = cls.env["crm.team"].create(
            {"name": "Karadeniz QV", "member_ids": [Command.link(cls.other_salesman.id)]}
        )
        cls.customer = cls.env["res.partner"].create(
            {"name": "Nilüfer Gıda A.Ş.", "is_company": True, "email": "satinalma@nilufergida.example"}
        )
        cls.person_a = cls.env["res.partner"].create({"name": "Ayşe Yılmaz", "email": "ayse@nilufergida.example"})
        cls.person_b = cls.env["res.partner"].create({"name": "Mehmet Kaya", "email": "mehmet@nilufergida.example"})
        cls.outsider = cls.env["res.partner"].create({"name": "Dış Kişi", "email": "dis@example.com"})
        cls.env["miy.affiliation"].create(
            [
                {"person_id": cls.person_a.id, "organization_id": cls.customer.id, "function": "Genel Müdür"},
                {"person_id": cls.person_b.id, "organization_id": cls.customer.id, "function": "Satınalma"},
            ]
        )
        cls.categ_machines = cls.env["product.category"].create({"name": "Tezgahlar QV"})
        cls.categ_consumables = cls.env["product.category"].create({"name": "Sarf QV"})
        cls.machine = cls.env["product.product"].create(
            {"name": "CNC İşleme Merkezi", "list_price": 100000.0, "categ_id": cls.categ_machines.id}
        )
        cls.tools = cls.env["product.product"].create(
            {"name": "Takım Seti", "list_price": 5000.0, "categ_id": cls.categ_consumables.id}
        )
        cls.coolant = cls.env["product.product"].create(
            {"name": "Soğutma Sıvısı", "list_price": 300.0, "categ_id": cls.categ_consumables.id}
        )

    @classmethod
    def make_order(cls, user=None, partner=None, lines=None):
        user = user or cls.salesman
        lines = lines or [(cls.machine, 1, 100000.0), (cls.tools, 2, 5000.0)]
        return (
            cls.env["sale.order"]
            .with_user(user)
            .create(
                {
                    "partner_id": (partner or cls.customer).id,
                    "user_id": user.id,
                    "team_id": (cls.team if user == cls.salesman else cls.other_team).id,
                    "order_line": [
                        Command.create({"product_id": product.id, "product_uom_qty": qty, "price_unit": price})
                        for product, qty, price in lines
                    ],
                }
            )
        )

    def send_by_wizard(self, order, user=None):
        """What the Send by Email button and its dialog do."""
        order = order.with_user(user or self.salesman)
        action = order.action_quotation_send()
        composer = self.env["mail.compose.message"].with_user(user or self.salesman).with_context(**action["context"])
        composer.create({}).action_send_mail()
        return order.miy_version_ids.sorted("revision")[-1:]
