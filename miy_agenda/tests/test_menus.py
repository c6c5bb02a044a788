from odoo.tests import tagged

from odoo.addons.miy_contacts.tests.common import MiyCommon, MiyMenuTests


# Menus are checked once every module is loaded: at install time, menus of modules
# not yet loaded point to models the registry does not know yet.
@tagged("post_install", "-at_install")
class TestMenus(MiyMenuTests, MiyCommon):
    menu_xmlids = ("miy_agenda.menu_miy_agenda", "miy_agenda.calendar_event_menu_agenda")
    action_xmlids = ("miy_agenda.calendar_event_action_agenda",)
