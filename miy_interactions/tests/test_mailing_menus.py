from odoo.tests import new_test_user, tagged

from odoo.addons.miy_contacts.tests.common import MiyCommon, MiyMenuTests


@tagged("post_install", "-at_install")
class TestMailingMenus(MiyMenuTests, MiyCommon):
    menu_xmlids = (
        "miy_interactions.mailing_mailing_menu_miy",
        "miy_interactions.mailing_trace_menu_miy",
    )
    action_xmlids = (
        "miy_interactions.mailing_mailing_action_miy",
        "miy_interactions.mailing_trace_action_miy",
    )

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.menu_user = new_test_user(
            cls.env,
            login="miy_marketing_menu",
            groups="base.group_user,miy_contacts.group_miy_user,mass_mailing.group_mass_mailing_user",
        )

    def test_mailings_menu_needs_email_marketing_right(self):
        visible = self._visible_menu_ids(self.user_miy)
        self.assertNotIn(self.env.ref("miy_interactions.mailing_mailing_menu_miy").id, visible)
        self.assertIn(self.env.ref("miy_interactions.mailing_trace_menu_miy").id, visible)


@tagged("post_install", "-at_install")
class TestSmsProviderMenus(MiyMenuTests, MiyCommon):
    menu_xmlids = ("miy_interactions.miy_sms_provider_menu",)
    action_xmlids = ("miy_interactions.miy_sms_provider_action",)

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.menu_user = cls.user_manager

    def test_sms_provider_menu_hidden_from_users(self):
        visible = self._visible_menu_ids(self.user_miy)
        self.assertNotIn(self.env.ref("miy_interactions.miy_sms_provider_menu").id, visible)
