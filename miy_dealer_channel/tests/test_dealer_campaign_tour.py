from datetime import date

from odoo import Command
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tests.common import JsonRpcException

from .common import make_portal_dealer_admin


@tagged("post_install", "-at_install")
class TestDealerCampaignTour(HttpCase):
    def test_sales_manager_launches_a_campaign_in_turkish(self):
        env = self.env(context=dict(self.env.context, tracking_disable=True))
        if not env["res.lang"]._lang_get("tr_TR"):
            env["res.lang"]._activate_lang("tr_TR")
        env["ir.module.module"]._load_module_terms(["miy_dealer_channel"], ["tr_TR"], overwrite=True)
        manager = new_test_user(
            env,
            login="miy_campaign_tour_manager",
            groups="sales_team.group_sale_manager,miy_contacts.group_miy_manager",
            lang="tr_TR",
        )
        Partner = env["res.partner"]
        partners = Partner.create(
            [
                {"name": name, "is_company": True, "ref": "MIY-CAMP-TOUR", "phone": "+90 224 000 00 00"}
                for name in ("Tur Firma Bursa", "Tur Firma Samsun")
            ]
        )
        segment = env["miy.segment"].create({"name": "Tur segmenti", "domain": str([("ref", "=", "MIY-CAMP-TOUR")])})
        campaign = env["utm.campaign"].create(
            {
                "title": "Tur Kampanyası",
                "user_id": manager.id,
                "miy_segment_id": segment.id,
                "miy_budget": 5000.0,
                "miy_date_start": date(2026, 3, 1),
                "miy_date_end": date(2026, 3, 31),
                "miy_step_ids": [
                    Command.create({"name": "Arama listesi", "step_type": "call", "sequence": 1}),
                    Command.create({"name": "Ziyaret", "step_type": "visit", "sequence": 2, "day_offset": 7}),
                ],
            }
        )
        self.start_tour(
            "/odoo/action-miy_dealer_channel.utm_campaign_action_miy", "miy_dealer_campaign_tour", login=manager.login
        )
        self.assertEqual(campaign.miy_state, "running")
        self.assertEqual(campaign.miy_target_count, 2)
        step = campaign.miy_step_ids.sorted("sequence")[0]
        self.assertEqual((step.state, step.produced_count), ("done", 2))
        calls = env["mail.activity"].search(
            [
                ("res_model", "=", "res.partner"),
                ("res_id", "in", partners.ids),
                ("activity_type_id", "=", env.ref("mail.mail_activity_data_call").id),
            ]
        )
        self.assertEqual(len(calls), 2)


@tagged("post_install", "-at_install")
class TestDealerCampaignRpc(HttpCase):
    """A dealer's portal administrator logged in over HTTP: every JSON-RPC call on campaigns,
    their steps, targets and results is refused, and nothing changes."""

    def test_portal_dealer_cannot_reach_campaigns_over_json_rpc(self):
        env = self.env(context=dict(self.env.context, tracking_disable=True))
        Partner = env["res.partner"]
        _dealer, user = make_portal_dealer_admin(env, "rpc_campaign_dealer", "RPC kampanya bayisi (test)")
        person = user.partner_id
        target = Partner.create({"name": "RPC hedef (test)", "ref": "MIY-CAMP-RPC", "phone": "1"})
        segment = env["miy.segment"].create({"name": "RPC segmenti", "domain": str([("ref", "=", "MIY-CAMP-RPC")])})
        campaign = env["utm.campaign"].create(
            {
                "title": "RPC kampanyası (test)",
                "miy_segment_id": segment.id,
                "miy_budget": 100.0,
                "miy_date_start": date(2026, 3, 1),
                "miy_date_end": date(2026, 3, 31),
                "miy_step_ids": [Command.create({"name": "Arama", "step_type": "call"})],
            }
        )
        campaign.action_miy_launch()
        step = campaign.miy_step_ids
        self.authenticate("rpc_campaign_dealer", "rpc_campaign_dealer")

        def call(model, method, args):
            return self.make_jsonrpc_request(
                f"/web/dataset/call_kw/{model}/{method}",
                {"model": model, "method": method, "args": args, "kwargs": {}},
            )

        calls = [
            ("utm.campaign", "search_read", [[], ["title", "miy_budget"]]),
            ("utm.campaign", "read", [campaign.ids, ["miy_lead_count", "miy_revenue"]]),
            ("utm.campaign", "write", [campaign.ids, {"miy_budget": 1.0}]),
            ("utm.campaign", "action_miy_launch", [campaign.ids]),
            ("utm.campaign", "action_miy_open_targets", [campaign.ids]),
            ("miy.campaign.step", "search_read", [[], ["name"]]),
            ("miy.campaign.step", "action_run", [step.ids]),
            ("miy.campaign.step", "_cron_miy_run_due_steps", []),
            ("miy.campaign.target", "search_read", [[], ["partner_id"]]),
            ("miy.campaign.target", "create", [{"campaign_id": campaign.id, "partner_id": person.id}]),
            ("miy.campaign.result", "search_read", [[], ["revenue"]]),
        ]
        for model, method, args in calls:
            with self.subTest(model=model, method=method), self.assertRaises(JsonRpcException):
                call(model, method, args)
        campaign.invalidate_recordset()
        step.invalidate_recordset()
        self.assertEqual(campaign.miy_budget, 100.0)
        self.assertEqual(step.state, "planned")
        self.assertEqual(campaign.miy_target_count, 1)
        self.assertFalse(env["mail.activity"].search([("res_model", "=", "res.partner"), ("res_id", "=", target.id)]))
