from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tests.common import JsonRpcException

from .common import make_portal_dealer_admin


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


@tagged("post_install", "-at_install")
class TestDealerRoutingRpc(HttpCase):
    """A dealer's portal user logged in over HTTP: the routing wizard, the rules and the analysis
    refuse every JSON-RPC call, and the lead keeps its dealer."""

    def test_portal_dealer_cannot_route_over_json_rpc(self):
        env = self.env(context=dict(self.env.context, tracking_disable=True))
        Partner = env["res.partner"]
        other_partner = Partner.create({"name": "RPC other dealer (test)", "is_company": True})
        dealer, _user = make_portal_dealer_admin(env, "rpc_dealer_admin", "RPC dealer (test)")
        other = env["miy.dealer"].create({"partner_id": other_partner.id})
        lead = env["crm.lead"].create({"name": "RPC lead (test)", "type": "lead"})
        lead._miy_route_to(dealer)
        rule = env["miy.dealer.routing.rule"].create({"name": "RPC rule (test)", "active": False})
        self.authenticate("rpc_dealer_admin", "rpc_dealer_admin")

        def call(model, method, args, kwargs=None):
            return self.make_jsonrpc_request(
                f"/web/dataset/call_kw/{model}/{method}",
                {"model": model, "method": method, "args": args, "kwargs": kwargs or {}},
            )

        calls = [
            (
                "miy.dealer.route.wizard",
                "create",
                [{"lead_ids": [[6, 0, lead.ids]], "mode": "dealer", "dealer_id": other.id}],
            ),
            ("miy.dealer.routing.rule", "search_read", [[]]),
            ("miy.dealer.routing.rule", "write", [rule.ids, {"active": True}]),
            ("miy.dealer.routing.rule", "create", [{"name": "Forged (test)"}]),
            ("miy.dealer.routing.report", "search_read", [[]]),
            ("crm.lead", "write", [lead.ids, {"miy_dealer_id": other.id}]),
            ("crm.lead", "_miy_route_by_rules", [lead.ids]),
            ("crm.lead", "_cron_miy_reroute_overdue", [[]]),
        ]
        for model, method, args in calls:
            with self.subTest(model=model, method=method), self.assertRaises(JsonRpcException):
                call(model, method, args)
        lead.invalidate_recordset()
        self.assertEqual(lead.miy_dealer_id, dealer)
        self.assertFalse(rule.active)
