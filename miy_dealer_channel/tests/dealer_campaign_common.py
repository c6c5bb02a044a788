from datetime import date, datetime

from odoo import Command
from odoo.tests import new_test_user

from .common import DealerCommon


class DealerCampaignCommon(DealerCommon):
    """Three targeted partners (by a segment on their reference), a campaign in March 2026 with
    its four steps, and the users of each role; no demo data."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_sales_manager = new_test_user(
            cls.env,
            login="camp_sales_manager",
            name="Satış Müdürü",
            groups="sales_team.group_sale_manager,miy_contacts.group_miy_manager",
            tz="Europe/Istanbul",
        )
        cls.user_salesman = new_test_user(
            cls.env, login="camp_salesman", name="Satış Temsilcisi", groups="sales_team.group_sale_salesman"
        )
        cls.user_step = new_test_user(
            cls.env, login="camp_step_owner", name="Kampanya Sorumlusu", groups="miy_contacts.group_miy_user"
        )
        # the test dealers come first wherever demo dealers cover the same provinces
        top_tier = cls.env["miy.dealer.tier"].create({"name": "Kampanya test kademesi", "weight": 1000})
        (cls.dealer_a | cls.dealer_b).tier_id = top_tier
        Partner = cls.env["res.partner"]
        cls.partner_a = Partner.create(
            {
                "name": "Kampanya Firma A (test)",
                "is_company": True,
                "ref": "MIY-CAMP-TEST",
                "email": "a@camp.example.com",
                "phone": "+90 224 000 00 01",
                "state_id": cls.state_istanbul.id,
                "user_id": cls.user_salesman.id,
            }
        )
        cls.partner_b = Partner.create(
            {
                "name": "Kampanya Firma B (test)",
                "is_company": True,
                "ref": "MIY-CAMP-TEST",
                "phone": "+90 362 000 00 02",
                "state_id": cls.state_samsun.id,
            }
        )
        cls.partner_c = Partner.create(
            {
                "name": "Kampanya Firma C (test)",
                "is_company": True,
                "ref": "MIY-CAMP-TEST",
                "email": "c@camp.example.com",
            }
        )
        cls.contact_a = Partner.create({"name": "Firma A çalışanı (test)", "parent_id": cls.partner_a.id})
        cls.outsider = Partner.create({"name": "Hedef dışı firma (test)", "is_company": True})
        cls.segment = cls.env["miy.segment"].create(
            {"name": "Kampanya segmenti (test)", "domain": str([("ref", "=", "MIY-CAMP-TEST")])}
        )
        cls.template = cls.env.ref("miy_dealer_channel.mail_template_campaign_partner")
        cls.campaign = cls.env["utm.campaign"].create(
            {
                "title": "Kompresör bakım kampanyası (test)",
                "user_id": cls.user_sales_manager.id,
                "miy_segment_id": cls.segment.id,
                "miy_budget": 10000.0,
                "miy_date_start": date(2026, 3, 1),
                "miy_date_end": date(2026, 3, 31),
                "miy_step_ids": [
                    Command.create(
                        {
                            "name": "Davet e-postası",
                            "step_type": "email",
                            "sequence": 1,
                            "day_offset": 0,
                            "mail_template_id": cls.template.id,
                        }
                    ),
                    Command.create(
                        {
                            "name": "Arama listesi",
                            "step_type": "call",
                            "sequence": 2,
                            "day_offset": 3,
                            "user_id": cls.user_step.id,
                        }
                    ),
                    Command.create({"name": "Bayi aksiyonu", "step_type": "dealer", "sequence": 3, "day_offset": 4}),
                    Command.create(
                        {
                            "name": "Ziyaret",
                            "step_type": "visit",
                            "sequence": 4,
                            "day_offset": 7,
                            "user_id": cls.user_step.id,
                        }
                    ),
                ],
            }
        )
        cls.step_email, cls.step_call, cls.step_dealer, cls.step_visit = cls.campaign.miy_step_ids.sorted("sequence")

    def launch(self, campaign=None, user=None):
        campaign = campaign or self.campaign
        campaign.with_user(user or self.user_sales_manager).action_miy_launch()
        return campaign

    def activities(self, model, records, activity_type=None):
        domain = [("res_model", "=", model), ("res_id", "in", records.ids)]
        if activity_type:
            domain.append(("activity_type_id", "=", activity_type.id))
        return self.env["mail.activity"].search(domain)

    @staticmethod
    def at_noon(day):
        return datetime(day.year, day.month, day.day, 12, 0)
