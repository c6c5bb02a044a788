import re

from odoo.tests import HttpCase, tagged

from .test_dealer_portal_leads import DealerPortalLeadCommon


@tagged("post_install", "-at_install")
class TestDealerPortalHttp(HttpCase, DealerPortalLeadCommon):
    """The dealer's portal pages over HTTP: what each kind of user gets when typing URLs."""

    def _csrf(self, url):
        page = self.url_open(url)
        return re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)

    def test_list_shows_only_own_leads(self):
        self.authenticate(self.portal_sales_a.login, self.portal_sales_a.login)
        page = self.url_open("/my/dealer/leads")
        self.assertEqual(page.status_code, 200)
        self.assertIn("Portal lead A (test)", page.text)
        self.assertIn("Portal lead A2 (test)", page.text)
        self.assertNotIn("Portal lead B (test)", page.text)
        for query in ("?filterby=routed&sortby=name", "?filterby=all&sortby=revenue", "?filterby=nonsense&sortby=x"):
            page = self.url_open(f"/my/dealer/leads{query}")
            self.assertEqual(page.status_code, 200, query)
            self.assertNotIn("Portal lead B (test)", page.text)
        home = self.url_open("/my/home")
        self.assertIn("/my/dealer/leads", home.text)

    def test_other_dealers_lead_by_url_is_not_found(self):
        self.authenticate(self.portal_admin_b.login, self.portal_admin_b.login)
        self.assertEqual(self.url_open(f"/my/dealer/leads/{self.lead_a.id}").status_code, 404)
        token = self._csrf(f"/my/dealer/leads/{self.lead_b.id}")
        for action in ("accept", "decline", "note", "won"):
            response = self.url_open(
                f"/my/dealer/leads/{self.lead_a.id}/{action}",
                data={"csrf_token": token, "reason": "x", "body": "x", "amount": "5"},
            )
            self.assertEqual(response.status_code, 404, action)
        self.assertEqual(self.lead_a.miy_dealer_state, "routed")
        self.assertEqual(self.lead_a.miy_dealer_id, self.dealer_a)
        self.assertEqual(self.url_open("/my/dealer/leads/999999999").status_code, 404)

    def test_plain_portal_customer_gets_nothing(self):
        self.authenticate(self.portal_customer.login, self.portal_customer.login)
        for url in (
            "/my/dealer/leads",
            f"/my/dealer/leads/{self.lead_a.id}",
            "/my/dealer/deals/new",
            "/my/dealer/team",
        ):
            self.assertEqual(self.url_open(url).status_code, 404, url)
        home = self.url_open("/my/home")
        self.assertNotIn("/my/dealer/leads", home.text)

    def test_accept_then_decline_without_reason_over_http(self):
        self.env["res.lang"]._activate_lang("en_US")  # a demo database may have Turkish only
        self.portal_sales_a.lang = "en_US"
        self.authenticate(self.portal_sales_a.login, self.portal_sales_a.login)
        token = self._csrf(f"/my/dealer/leads/{self.lead_a.id}")
        response = self.url_open(f"/my/dealer/leads/{self.lead_a.id}/accept", data={"csrf_token": token})
        self.assertEqual(response.status_code, 200)
        self.assertEqual(self.lead_a.miy_dealer_state, "accepted")
        response = self.url_open(
            f"/my/dealer/leads/{self.lead_a2.id}/decline", data={"csrf_token": token, "reason": " "}
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("the reason is required", response.text)
        self.assertEqual(self.lead_a2.miy_dealer_state, "routed")
        self.assertFalse(self.lead_a2.miy_dealer_decline_ids)

    def test_decline_without_reason_in_turkish(self):
        self.env["res.lang"]._activate_lang("tr_TR")
        self.portal_sales_a.lang = "tr_TR"
        self.authenticate(self.portal_sales_a.login, self.portal_sales_a.login)
        token = self._csrf(f"/my/dealer/leads/{self.lead_a2.id}")
        response = self.url_open(
            f"/my/dealer/leads/{self.lead_a2.id}/decline", data={"csrf_token": token, "reason": ""}
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("gerekçe", response.text.lower())
        self.assertEqual(self.lead_a2.miy_dealer_state, "routed")

    def test_forged_post_fields_are_ignored(self):
        """Extra fields in the form posts (another dealer, a state, revenue) change nothing."""
        self.authenticate(self.portal_sales_a.login, self.portal_sales_a.login)
        token = self._csrf(f"/my/dealer/leads/{self.lead_a.id}")
        self.url_open(
            f"/my/dealer/leads/{self.lead_a.id}/accept",
            data={"csrf_token": token, "miy_dealer_id": self.dealer_b.id, "miy_dealer_state": "declined"},
        )
        self.url_open(
            f"/my/dealer/leads/{self.lead_a.id}/note",
            data={
                "csrf_token": token,
                "body": "Bayi notu (test)",
                "expected_revenue": "99",
                "user_id": "1",
                "lead_id": self.lead_b.id,
            },
        )
        self.assertEqual(self.lead_a.miy_dealer_id, self.dealer_a)
        self.assertEqual(self.lead_a.miy_dealer_state, "accepted")
        self.assertEqual(self.lead_a.expected_revenue, 0)
        self.assertIn("Bayi notu (test)", self.url_open(f"/my/dealer/leads/{self.lead_a.id}").text)
        self.assertFalse(self.lead_b.message_ids.filtered(lambda m: m.author_id == self.portal_sales_a.partner_id))
        # an unknown action is not a method call
        response = self.url_open(f"/my/dealer/leads/{self.lead_a.id}/unlink", data={"csrf_token": token})
        self.assertEqual(response.status_code, 404)
        self.assertTrue(self.lead_a.exists())

    def test_portal_tour_accept_and_decline_in_turkish(self):
        self.env["res.lang"]._activate_lang("tr_TR")
        self.portal_sales_a.lang = "tr_TR"
        self.lead_a.name = "Tur: kabul edilecek fırsat"
        self.lead_a2.name = "Tur: reddedilecek fırsat"
        self.lead_a.miy_routed_date = "2026-01-02 10:00:00"
        self.lead_a2.miy_routed_date = "2026-01-01 10:00:00"
        self.start_tour("/my", "miy_dealer_portal_leads_tour", login=self.portal_sales_a.login)
        self.assertEqual(self.lead_a.miy_dealer_state, "accepted")
        self.assertEqual(self.lead_a2.miy_dealer_state, "declined")
        self.assertEqual(self.lead_a2.miy_dealer_decline_ids.reason, "Bölgemiz dışında")
