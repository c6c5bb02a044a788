from odoo.tests import new_test_user, tagged

from odoo.addons.miy_contacts.tests.common import MiyCommon, MiyMenuTests


# Menus are checked once every module is loaded: at install time, menus of modules
# not yet loaded point to models the registry does not know yet.
@tagged("post_install", "-at_install")
class TestMenus(MiyMenuTests, MiyCommon):
    menu_xmlids = (
        "miy_dealer_channel.menu_miy_dealer_channel",
        "miy_dealer_channel.menu_miy_dealer_dealers",
        "miy_dealer_channel.crm_lead_menu_routed",
    )
    action_xmlids = ("miy_dealer_channel.crm_lead_action_routed", "miy_dealer_channel.miy_dealer_action")

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # miy_dealer_channel's screens show sales_team records: its user also holds that app's group.
        cls.menu_user = new_test_user(
            cls.env,
            login="miy_dealer_channel_user",
            groups="miy_contacts.group_miy_user,sales_team.group_sale_salesman",
        )
