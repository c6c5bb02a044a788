from odoo.exceptions import AccessError, ValidationError
from odoo.tests import new_test_user, tagged

from .common import MiyCommon, MiyMenuTests


@tagged("post_install", "-at_install")
class TestReferrals(MiyCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_sales = new_test_user(
            cls.env,
            login="miy_sales_ref",
            name="Satış Temsilcisi",
            groups="base.group_user,sales_team.group_sale_salesman,miy_contacts.group_miy_user",
        )
        Partner = cls.env["res.partner"]
        cls.nilufer = Partner.create({"name": "Nilüfer Gıda San. A.Ş.", "is_company": True})
        cls.ayse = Partner.create({"name": "Ayşe Yılmaz", "parent_id": cls.nilufer.id, "function": "Genel Müdür"})
        cls.won_stage = cls.env["crm.stage"].create({"name": "Kazanıldı", "is_won": True, "sequence": 90})
        cls.open_stage = cls.env["crm.stage"].create({"name": "Yeni", "sequence": 1})

    def _convert(self, lead):
        wizard = (
            self.env["crm.lead2opportunity.partner"]
            .with_user(self.user_sales)
            .with_context(active_model="crm.lead", active_id=lead.id, active_ids=lead.ids)
            .create({"name": "convert", "action": "create"})
        )
        wizard.action_apply()
        return lead.partner_id

    def test_referral_carried_from_lead_to_created_partner(self):
        lead = (
            self.env["crm.lead"]
            .with_user(self.user_sales)
            .create(
                {
                    "name": "Fındık kırma hattı",
                    "type": "lead",
                    "partner_name": "Ordu Fındık İşleme A.Ş.",
                    "contact_name": "Hasan Çelik",
                    "email_from": "hasan@ordufindik.example.com",
                    "miy_referred_by_id": self.ayse.id,
                }
            )
        )
        hasan = self._convert(lead)
        self.assertEqual(hasan.name, "Hasan Çelik")
        self.assertEqual(hasan.miy_referred_by_id, self.ayse, "the person created from the lead keeps the referral")
        self.assertEqual(hasan.parent_id.miy_referred_by_id, self.ayse, "so does the organization created with it")
        self.assertEqual(self.ayse.miy_referral_count, 2)
        self.assertEqual(self.ayse.miy_referral_ids, hasan | hasan.parent_id)
        action = self.ayse.with_user(self.user_miy).action_miy_view_referrals()
        self.assertEqual(self.env["res.partner"].search(action["domain"]), hasan | hasan.parent_id)

    def test_lead_without_referral_creates_partner_without_referral(self):
        lead = (
            self.env["crm.lead"]
            .with_user(self.user_sales)
            .create({"name": "Soğuk arama", "type": "lead", "contact_name": "Kemal Öz"})
        )
        partner = self._convert(lead)
        self.assertFalse(partner.miy_referred_by_id)
        self.assertEqual(self.ayse.miy_referral_count, 0)

    def test_partner_cannot_refer_itself(self):
        with self.assertRaises(ValidationError):
            self.ayse.miy_referred_by_id = self.ayse
        self.assertFalse(self.ayse.miy_referred_by_id)

    def test_referral_report_counts_won_revenue_once_per_customer(self):
        Partner = self.env["res.partner"]
        ordu = Partner.create(
            {"name": "Ordu Fındık İşleme A.Ş.", "is_company": True, "miy_referred_by_id": self.ayse.id}
        )
        hasan = Partner.create({"name": "Hasan Çelik", "parent_id": ordu.id, "miy_referred_by_id": self.ayse.id})
        other = Partner.create({"name": "Karadeniz Çay A.Ş.", "is_company": True, "miy_referred_by_id": self.ayse.id})
        Lead = self.env["crm.lead"].with_user(self.user_sales)
        won_1 = Lead.create({"name": "Hat 1", "type": "opportunity", "partner_id": hasan.id, "expected_revenue": 1000})
        won_2 = Lead.create({"name": "Hat 2", "type": "opportunity", "partner_id": ordu.id, "expected_revenue": 500})
        lost = Lead.create({"name": "Fırın", "type": "opportunity", "partner_id": ordu.id, "expected_revenue": 9000})
        Lead.create({"name": "Açık", "type": "opportunity", "partner_id": ordu.id, "expected_revenue": 7000})
        (won_1 | won_2).action_set_won()
        lost.action_set_lost()
        self.env.flush_all()

        rows = self.env["miy.referral.report"].with_user(self.user_miy).search([("referrer_id", "=", self.ayse.id)])
        self.assertEqual(len(rows), 2, "Hasan and his firm make one referred customer, plus Karadeniz Çay")
        ordu_row = rows.filtered(lambda row: row.partner_id == ordu)
        self.assertEqual(ordu_row.won_count, 2)
        self.assertEqual(ordu_row.won_revenue, 1500)
        self.assertEqual(ordu_row.referrer_commercial_id, self.nilufer)
        self.assertEqual(ordu_row.customer_since, ordu.miy_customer_since)
        self.assertTrue(ordu_row.customer_since)
        other_row = rows.filtered(lambda row: row.partner_id == other)
        self.assertEqual((other_row.won_count, other_row.won_revenue), (0, 0))
        # the pivot: per referrer
        groups = (
            self.env["miy.referral.report"]
            .with_user(self.user_miy)
            ._read_group(
                [("referrer_id", "=", self.ayse.id)], ["referrer_id"], ["won_revenue:sum", "referral_count:sum"]
            )
        )
        self.assertEqual(groups, [(self.ayse, 1500, 2)])

    def test_referral_report_keeps_companies_and_currencies_apart(self):
        """Won revenue of two companies (TRY and EUR) is never added together, and a user of one
        company sees only that company's rows."""
        company_a = self.env.company
        company_b = self.env["res.company"].create(
            {"name": "MİY Europe GmbH", "currency_id": self.env.ref("base.EUR").id}
        )
        user_a = new_test_user(
            self.env,
            login="miy_ref_company_a",
            groups="base.group_user,miy_contacts.group_miy_user",
            company_id=company_a.id,
            company_ids=[company_a.id],
        )
        customer = self.env["res.partner"].create(
            {"name": "İki Şirketin Müşterisi A.Ş.", "is_company": True, "miy_referred_by_id": self.ayse.id}
        )
        leads = self.env["crm.lead"].create(
            [
                {
                    "name": "TRY satış",
                    "type": "opportunity",
                    "partner_id": customer.id,
                    "expected_revenue": 1000,
                    "company_id": company_a.id,
                },
                {
                    "name": "EUR satış",
                    "type": "opportunity",
                    "partner_id": customer.id,
                    "expected_revenue": 500,
                    "company_id": company_b.id,
                },
            ]
        )
        leads.action_set_won()
        self.env.flush_all()
        Report = self.env["miy.referral.report"]
        rows = Report.search([("partner_id", "=", customer.id)])
        self.assertEqual(
            sorted((row.company_id, row.currency_id, row.won_revenue) for row in rows),
            sorted([(company_a, company_a.currency_id, 1000), (company_b, self.env.ref("base.EUR"), 500)]),
        )
        groups = Report._read_group(
            [("partner_id", "=", customer.id)], ["company_id", "currency_id"], ["won_revenue:sum"]
        )
        self.assertEqual(len(groups), 2, "one sum per company and currency")
        seen_by_a = Report.with_user(user_a).search([("partner_id", "=", customer.id)])
        self.assertEqual(seen_by_a.company_id, company_a)
        self.assertEqual(
            Report.with_user(user_a)._read_group([("partner_id", "=", customer.id)], [], ["won_revenue:sum"]),
            [(1000,)],
        )

    def test_referral_report_access(self):
        self.env["miy.referral.report"].with_user(self.user_miy).search([])
        with self.assertRaises(AccessError):
            self.env["miy.referral.report"].with_user(self.user_plain).search([])


@tagged("post_install", "-at_install")
class TestReferralMenus(MiyMenuTests, MiyCommon):
    menu_xmlids = (
        "miy_contacts.miy_referral_menu",
        "miy_contacts.miy_referral_report_menu",
        "miy_contacts.miy_lifecycle_event_menu",
        "miy_contacts.miy_partner_import_wizard_menu",
    )
    action_xmlids = ("miy_contacts.miy_referral_report_action", "miy_contacts.miy_lifecycle_event_action")

    def test_lifecycle_analysis_for_managers_only(self):
        analysis = self.env.ref("miy_contacts.miy_lifecycle_event_menu_analysis").id
        self.assertIn(analysis, self._visible_menu_ids(self.user_manager))
        self.assertNotIn(analysis, self._visible_menu_ids(self.user_miy))
        self.assert_actions_open(self.user_manager)

    def test_partner_form_hides_lifecycle_without_miy_group(self):
        plain = self.env["res.partner"].with_user(self.user_plain).get_views([(False, "form")])
        self.assertNotIn("miy_lifecycle_history_ids", plain["views"]["form"]["arch"])
        miy = self.env["res.partner"].with_user(self.user_miy).get_views([(False, "form")])
        self.assertIn("miy_lifecycle_history_ids", miy["views"]["form"]["arch"])
        self.assertIn("action_miy_view_referrals", miy["views"]["form"]["arch"])
