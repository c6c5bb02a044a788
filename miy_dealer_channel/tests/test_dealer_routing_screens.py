from odoo.tests import new_test_user, tagged

from odoo.addons.miy_contacts.tests.turkish_screens import (
    ANY_LIST_READY,
    DIALOG_READY,
    FORM_READY,
    KANBAN_READY,
    LIST_READY,
    TurkishScreensCase,
)


@tagged("post_install", "-at_install")
class TestDealerRoutingTurkishScreens(TurkishScreensCase):
    """A Turkish sales manager reads no English on the lead routing screens: the rules, the
    routing wizard, the kanban by dealer status, the lead's Dealer tab and the analysis."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager_tr = new_test_user(
            cls.env,
            login="miy_tr_screens_routing",
            name="Tur Satış Müdürü",
            groups="sales_team.group_sale_manager,miy_contacts.group_miy_manager",
            lang="tr_TR",
        )
        istanbul = cls.env.ref("base.state_tr_34")
        machines = cls.env["product.category"].create({"name": "Tur Tezgâhlar"})
        Partner = cls.env["res.partner"]
        cls.dealer_one = cls.env["miy.dealer"].create(
            {
                "partner_id": Partner.create({"name": "Tur Bayi Bir", "is_company": True}).id,
                "state_ids": [(6, 0, istanbul.ids)],
                "product_category_ids": [(6, 0, machines.ids)],
                "user_id": cls.manager_tr.id,
            }
        )
        cls.dealer_two = cls.env["miy.dealer"].create(
            {
                "partner_id": Partner.create({"name": "Tur Bayi İki", "is_company": True}).id,
                "state_ids": [(6, 0, istanbul.ids)],
                "product_category_ids": [(6, 0, machines.ids)],
                "user_id": cls.manager_tr.id,
            }
        )
        cls.rule = cls.env["miy.dealer.routing.rule"].create(
            {
                "name": "Tur İstanbul kuralı",
                "state_ids": [(6, 0, istanbul.ids)],
                "product_category_ids": [(6, 0, machines.ids)],
                "accept_hours": 0,
            }
        )
        cls.leads = cls.env["crm.lead"].create(
            [
                {
                    "name": f"Tur aday {n}",
                    "type": "lead",
                    "user_id": cls.manager_tr.id,
                    "state_id": istanbul.id,
                    "miy_product_category_id": machines.id,
                    "expected_revenue": 1000,
                }
                for n in range(3)
            ]
        )
        cls.leads[0]._miy_route_to(cls.dealer_one)
        cls.leads[1]._miy_route_to(cls.dealer_one)
        cls.leads[1].action_miy_dealer_accept()
        cls.leads[2]._miy_route_to(cls.dealer_one)
        cls.leads[2].action_miy_dealer_decline("Tur: kapasitemiz dolu")

    def test_routing_screens_show_no_english(self):
        rules = "/odoo/action-miy_dealer_channel.miy_dealer_routing_rule_action"
        self.assert_turkish_screens(
            self.manager_tr.login,
            [
                ("Yönlendirme kuralları", rules, LIST_READY),
                ("Yönlendirme kuralı", f"{rules}/{self.rule.id}", FORM_READY),
                (
                    "Bayi durumuna göre adaylar",
                    "/odoo/action-miy_dealer_channel.crm_lead_action_dealer_status",
                    KANBAN_READY,
                ),
                (
                    "Adayın Bayi sekmesi",
                    f"/odoo/action-miy_dealer_channel.crm_lead_action_routed/{self.leads[2].id}",
                    FORM_READY,
                    ".o_notebook",
                    ".o_notebook a.nav-link[name=miy_dealer]",
                ),
                (
                    "Bayiye yönlendir",
                    "/odoo/action-miy_dealer_channel.miy_dealer_route_wizard_action",
                    DIALOG_READY,
                    ".modal",
                ),
                (
                    "Aday yönlendirme analizi",
                    "/odoo/action-miy_dealer_channel.miy_dealer_routing_report_action",
                    ".o_pivot_view .o_pivot",
                ),
                (
                    "Aday yönlendirme listesi",
                    "/odoo/action-miy_dealer_channel.miy_dealer_routing_report_action?view_type=list",
                    ANY_LIST_READY,
                ),
            ],
        )
