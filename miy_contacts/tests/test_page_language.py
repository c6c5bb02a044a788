from odoo.tests import HttpCase, new_test_user, tagged

# The browser upper-cases "kişi" as "KİŞİ" only when the page says it is Turkish; in any other
# language it gives "KIŞI" (another word). Chromium's innerText follows CSS text-transform.
UPPERCASE_CHECK = """
    const span = document.createElement('span');
    span.style.textTransform = 'uppercase';
    span.textContent = 'kişi diller';
    document.body.appendChild(span);
    const shown = span.innerText;
    if (shown === 'KİŞİ DİLLER') {
        console.log('test successful');
    } else {
        console.error('uppercase of "kişi diller" shown as ' + shown + ' (html lang=' + document.documentElement.lang + ')');
    }
"""


@tagged("post_install", "-at_install")
class TestPageLanguage(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("tr_TR")
        cls.user_tr = new_test_user(
            cls.env, login="miy_lang_tr", groups="base.group_user,miy_contacts.group_miy_user", lang="tr_TR"
        )
        cls.user_en = new_test_user(
            cls.env, login="miy_lang_en", groups="base.group_user,miy_contacts.group_miy_user", lang="en_US"
        )

    def test_web_client_declares_the_users_language(self):
        self.authenticate(self.user_tr.login, self.user_tr.login)
        page = self.url_open("/odoo").text
        self.assertIn('<html lang="tr-TR"', page)
        self.authenticate(self.user_en.login, self.user_en.login)
        page = self.url_open("/odoo").text
        self.assertIn('<html lang="en-US"', page)

    def test_turkish_uppercase_keeps_the_dotted_capital_i(self):
        self.browser_js("/odoo", UPPERCASE_CHECK, ready="odoo.isReady", login=self.user_tr.login)
