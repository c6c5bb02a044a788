from odoo.exceptions import ValidationError
from odoo.tests import TransactionCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestTurkishTexts(TransactionCase):
    """Texts written when no language is in the context (module install and demo data, crons,
    the mail gateway) are in the acting user's language, whole."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("tr_TR")
        cls.user_tr = new_test_user(cls.env, login="miy_text_tr", groups="base.group_user,base.group_partner_manager")
        cls.user_tr.lang = "tr_TR"
        cls.user_en = new_test_user(cls.env, login="miy_text_en", groups="base.group_user,base.group_partner_manager")
        cls.user_en.lang = "en_US"

    def _creation_line(self, user, context):
        Partner = self.env(user=user, context=context)["res.partner"]
        partner = Partner.create({"name": "Tur Kayıt"})
        return partner.message_ids[-1].body

    def test_creation_message_in_the_users_language(self):
        env_without_lang = {key: value for key, value in self.env.context.items() if key != "lang"}
        self.assertIn("Kontak oluşturuldu", self._creation_line(self.user_tr, env_without_lang))
        self.assertIn("Contact created", self._creation_line(self.user_en, env_without_lang))

    def test_creation_message_follows_the_context_language(self):
        self.assertIn("Contact created", self._creation_line(self.user_tr, {"lang": "en_US"}))
        self.assertIn("Kontak oluşturuldu", self._creation_line(self.user_en, {"lang": "tr_TR"}))

    def test_one_product_name_in_every_language(self):
        """The app, its group category and (miy_interactions) its settings tab are all "MİY"."""
        for lang in ("en_US", "tr_TR"):
            env = self.env(context=dict(self.env.context, lang=lang))
            with self.subTest(lang=lang):
                self.assertEqual(env.ref("miy_contacts.menu_miy_root").name, "MİY")
                self.assertEqual(env.ref("miy_contacts.module_category_miy").name, "MİY")
                self.assertTrue(env.ref("miy_contacts.module_category_miy_personal_data").name.startswith("MİY "))

    def test_segment_syntax_error_in_turkish(self):
        """Python's parser explains a syntax error in English: the user reads where it is, in Turkish."""
        manager = new_test_user(
            self.env, login="miy_text_manager", groups="base.group_user,miy_contacts.group_miy_manager", lang="tr_TR"
        )
        Segment = self.env(user=manager, context={"lang": "tr_TR"})["miy.segment"]
        with self.assertRaises(ValidationError) as caught, self.cr.savepoint():
            Segment.create({"name": "Bozuk", "domain": "[('name', '=', 'x'"})
        message = caught.exception.args[0]
        self.assertIn("sözdizimi hatası", message)
        self.assertNotIn("never closed", message)

    def test_segment_domain_error_in_turkish(self):
        """A stored condition text that cannot be read is explained on the segment in Turkish."""
        segment = self.env["miy.segment"].create({"name": "Eski", "domain": "[]"})
        self.env.cr.execute("UPDATE miy_segment SET domain = %s WHERE id = %s", ["[('name', '=', 'x'", segment.id])
        segment.invalidate_recordset()
        error = segment.with_context(lang="tr_TR").domain_error
        self.assertIn("metin okunamıyor", error)
        self.assertIn("sözdizimi hatası", error)
        self.assertNotIn("cannot be read", error)
        self.assertNotIn("never closed", error)
