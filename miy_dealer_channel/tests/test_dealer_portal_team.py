import re

from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, tagged

from .common import DealerCommon


@tagged("post_install", "-at_install")
class TestDealerPortalTeam(HttpCase, DealerCommon):
    """A dealer administrator invites colleagues; nobody invites into another dealer or grants admin."""

    def _invited(self, email):
        return self.env["res.users"].with_context(active_test=False).search([("login", "=", email)])

    def test_admin_invites_a_colleague(self):
        user = self.dealer_a.with_user(self.portal_admin_a)._miy_portal_invite("Yeni Arkadaş", "Yeni@Bayi-a.example")
        self.assertEqual(user, self._invited("yeni@bayi-a.example"))
        self.assertEqual(user.partner_id.parent_id, self.dealer_partner_a)
        self.assertTrue(user.share)
        self.assertTrue(user.has_group("miy_dealer_channel.group_miy_dealer_portal"))
        self.assertFalse(user.has_group("miy_dealer_channel.group_miy_dealer_portal_admin"))
        self.assertFalse(user.has_group("base.group_user"))
        self.assertEqual(user._miy_dealer(), self.dealer_a)
        self.assertTrue(user.partner_id.signup_type, "Odoo's signup/reset mechanism carries the invitation")
        self.assertIn(user, self.dealer_a.portal_user_ids)
        with self.assertRaisesRegex(UserError, "already has a login"):
            self.dealer_a.with_user(self.portal_admin_a)._miy_portal_invite("Again", "yeni@bayi-a.example")
        with self.assertRaisesRegex(UserError, "valid e-mail"):
            self.dealer_a.with_user(self.portal_admin_a)._miy_portal_invite("X", "not-an-email")

    def test_staff_and_other_dealers_cannot_invite(self):
        with self.assertRaises(AccessError):
            self.dealer_a.with_user(self.portal_sales_a)._miy_portal_invite("X", "x1@example.com")
        with self.assertRaises(AccessError):
            self.dealer_a.with_user(self.portal_admin_b)._miy_portal_invite("X", "x2@example.com")
        with self.assertRaises(AccessError):
            self.dealer_a.with_user(self.portal_customer)._miy_portal_invite("X", "x3@example.com")
        self.assertFalse(
            self._invited("x1@example.com") | self._invited("x2@example.com") | self._invited("x3@example.com")
        )

    def _post_team(self, login, **data):
        self.authenticate(login, login)
        page = self.url_open("/my/account")
        token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        return self.url_open("/my/dealer/team", data=dict(data, csrf_token=token))

    def test_forged_form_fields_over_http(self):
        response = self._post_team(
            self.portal_admin_a.login,
            name="Sahte Yetki",
            email="forged@example.com",
            dealer_id=self.dealer_b.id,
            parent_id=self.dealer_partner_b.id,
            groups_id=self.env.ref("miy_dealer_channel.group_miy_dealer_portal_admin").id,
            admin="1",
        )
        self.assertEqual(response.status_code, 200)
        user = self._invited("forged@example.com")
        self.assertEqual(user.partner_id.parent_id, self.dealer_partner_a)
        self.assertFalse(user.has_group("miy_dealer_channel.group_miy_dealer_portal_admin"))
        self.assertIn("Sahte Yetki", response.text)

    def test_staff_post_is_refused_over_http(self):
        page_staff = self._post_team(self.portal_sales_a.login, name="Kaçak", email="kacak@example.com")
        self.assertEqual(page_staff.status_code, 404)
        self.assertFalse(self._invited("kacak@example.com"))
        self.authenticate(self.portal_sales_a.login, self.portal_sales_a.login)
        page = self.url_open("/my/dealer/team")
        self.assertEqual(page.status_code, 200)
        self.assertIn("dealer_a_admin", page.text)
        self.assertNotIn("dealer_b_admin", page.text)
        self.assertNotIn("o_miy_dealer_invite_form", page.text)

    def test_portal_tour_invite_and_register_in_turkish(self):
        """The dealer administrator's two own flows in a real browser, in Turkish: invite a
        colleague and register a deal, each refused once with a Turkish message."""
        self.env["res.lang"]._activate_lang("tr_TR")
        self.portal_admin_a.lang = "tr_TR"
        category = self.env["product.category"].create({"name": "Presler (tur)"})
        self.dealer_a.product_category_ids = category
        self.start_tour("/my", "miy_dealer_portal_team_tour", login=self.portal_admin_a.login)
        colleague = self._invited("tur.davetli@bayi.example.com")
        self.assertEqual(len(colleague), 1, "one invitation, although the form was sent twice")
        self.assertEqual(colleague.name, "Tur Davetli Çalışan")
        self.assertEqual(colleague.partner_id.parent_id, self.dealer_partner_a)
        self.assertFalse(colleague.has_group("miy_dealer_channel.group_miy_dealer_portal_admin"))
        self.assertEqual(colleague._miy_dealer(), self.dealer_a)
        lead = self.env["crm.lead"].search([("partner_name", "=", "Tur Kayıt Tekstil Ltd. Şti.")])
        self.assertEqual(len(lead), 1, "the refused blank registration created nothing")
        self.assertEqual(lead.miy_registered_by_dealer_id, self.dealer_a)
        self.assertEqual(lead.miy_dealer_state, "pending")
        self.assertEqual(lead.expected_revenue, 180000)
        self.assertEqual(lead.contact_name, "Hasan Demir")
        self.assertEqual(lead.create_uid, self.portal_admin_a)


@tagged("post_install", "-at_install")
class TestDealerLogVisit(DealerCommon):
    def test_log_visit_writes_an_interaction_or_a_note(self):
        wizard = (
            self.env["miy.dealer.log.visit"]
            .with_user(self.user_miy)
            .create({"dealer_id": self.dealer_a.id, "channel": "visit", "subject": "Stok değerlendirmesi"})
        )
        wizard.action_log()
        if "miy.interaction" in self.env:
            interaction = self.env["miy.interaction"].search([("subject", "=", "Stok değerlendirmesi")])
            self.assertEqual(len(interaction), 1)
            self.assertEqual(interaction.channel, "visit")
            self.assertEqual(interaction.partner_ids, self.dealer_partner_a)
            self.assertEqual(interaction.create_uid, self.user_miy, "written with the user's own rights")
        else:
            self.assertTrue(self.dealer_a.message_ids.filtered(lambda m: "Stok değerlendirmesi" in (m.body or "")))

    def test_log_visit_without_interactions_goes_to_the_chatter(self):
        self.patch(type(self.env["miy.dealer"]), "_miy_interactions_installed", lambda self: False)
        self.dealer_a.with_user(self.user_miy)._miy_log_visit(
            "phone", "Telefonla sipariş görüşmesi", details="<p>İyi</p>"
        )
        message = self.dealer_a.message_ids.filtered(lambda m: "Telefonla sipariş" in (m.body or ""))
        self.assertEqual(len(message), 1)
        self.assertIn("<p>İyi</p>", message.body)
