from odoo.tests import tagged

from odoo.addons.miy_contacts.tests.common import MiyCommon, MiyMenuTests


# Menus are checked once every module is loaded: at install time, menus of modules
# not yet loaded point to models the registry does not know yet.
@tagged("post_install", "-at_install")
class TestMenus(MiyMenuTests, MiyCommon):
    menu_xmlids = (
        "miy_interactions.menu_miy_interactions",
        "miy_interactions.miy_interaction_menu",
        "miy_interactions.mail_activity_menu_my_followups",
        "miy_interactions.miy_interaction_menu_analysis",
        "miy_interactions.miy_interaction_menu_unmatched",
    )
    action_xmlids = (
        "miy_interactions.mail_activity_action_my_followups",
        "miy_interactions.miy_interaction_action",
        "miy_interactions.miy_interaction_action_analysis",
        "miy_interactions.miy_interaction_action_unmatched",
    )


@tagged("post_install", "-at_install")
class TestManagerMenus(MiyMenuTests, MiyCommon):
    menu_xmlids = (
        "miy_interactions.miy_interaction_menu_unread",
        "miy_interactions.miy_interaction_reason_menu",
    )
    action_xmlids = (
        "miy_interactions.miy_interaction_action_unread",
        "miy_interactions.miy_interaction_reason_action",
    )

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.menu_user = cls.user_manager

    def test_manager_menus_hidden_from_users(self):
        visible = self._visible_menu_ids(self.user_miy)
        for xmlid in self.menu_xmlids:
            self.assertNotIn(self.env.ref(xmlid).id, visible, f"{xmlid} is for managers")
