from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestDealerRoutingTour(HttpCase):
    def test_salesperson_routes_leads_in_turkish(self):
        env = self.env(context=dict(self.env.context, tracking_disable=True))
        env.ref("base.lang_tr").active = True
        user = new_test_user(
            env,
            login="miy_route_tour_user",
            groups="sales_team.group_sale_salesman,miy_contacts.group_miy_user",
            lang="tr_TR",
        )
        env["miy.dealer.routing.rule"].search([]).write({"active": False})
        istanbul, samsun = env.ref("base.state_tr_34"), env.ref("base.state_tr_55")
        machines = env["product.category"].create({"name": "Tur Makineler"})
        Partner = env["res.partner"]
        Dealer = env["miy.dealer"]
        dealer_istanbul = Dealer.create(
            {
                "partner_id": Partner.create({"name": "Tur Bayi İstanbul", "is_company": True}).id,
                "state_ids": [(6, 0, istanbul.ids)],
                "product_category_ids": [(6, 0, machines.ids)],
            }
        )
        dealer_samsun = Dealer.create(
            {
                "partner_id": Partner.create({"name": "Tur Bayi Samsun", "is_company": True}).id,
                "state_ids": [(6, 0, samsun.ids)],
                "product_category_ids": [(6, 0, machines.ids)],
            }
        )
        env["miy.dealer.routing.rule"].create({"name": "Tur kuralı", "state_ids": [(6, 0, istanbul.ids)]})
        Lead = env["crm.lead"]
        leads = Lead.create(
            [
                {
                    "name": name,
                    "type": "lead",
                    "user_id": user.id,
                    "state_id": istanbul.id,
                    "miy_product_category_id": machines.id,
                }
                for name in ("Tur Gemlik hattı", "Tur İnegöl atölye", "Tur Nilüfer fabrika")
            ]
        )
        self.start_tour(
            "/odoo/action-miy_dealer_channel.crm_lead_action_routed", "miy_dealer_routing_tour", login=user.login
        )
        self.assertEqual(leads[:2].miy_dealer_id, dealer_samsun)
        self.assertEqual(leads[2].miy_dealer_id, dealer_istanbul)
        self.assertEqual(set(leads.mapped("miy_dealer_state")), {"routed"})
