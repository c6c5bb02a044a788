import re

from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestPortalLanguage(HttpCase):
    """A Turkish customer who logs in to the portal sees it in Turkish, even when her browser first
    showed the login page in another language (the portal used to keep that page's language)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("tr_TR")
        customer = cls.env["res.partner"].create({"name": "Portal Dil Müşterisi A.Ş.", "is_company": True})
        cls.portal_user = new_test_user(cls.env, login="miy_portal_tr", groups="base.group_portal", lang="tr_TR")
        cls.portal_user.partner_id.parent_id = customer

    def _login(self, login, redirect="/my"):
        self.url_open("/web/session/logout")
        page = self.url_open(f"/web/login?redirect={redirect}", headers={"Accept-Language": "en-US,en;q=0.9"})
        token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        return self.url_open(
            "/web/login",
            data={"login": login, "password": login, "csrf_token": token, "redirect": redirect},
            headers={"Accept-Language": "en-US,en;q=0.9"},
        )

    def test_portal_opens_in_the_users_language(self):
        response = self._login(self.portal_user.login)
        self.assertTrue(response.url.endswith("/my"), response.url)
        self.assertIn('<html lang="tr-TR"', response.text)
        # a later visit keeps the user's language
        page = self.url_open("/my/account", headers={"Accept-Language": "en-US,en;q=0.9"})
        self.assertIn('<html lang="tr-TR"', page.text)

    def test_changed_language_wins_at_next_login(self):
        self.portal_user.lang = "en_US"
        response = self._login(self.portal_user.login)
        self.assertIn('<html lang="en-US"', response.text)
