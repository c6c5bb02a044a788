from odoo.tests import tagged

from odoo.addons.miy_contacts.tests.common import MiyCommon, MiyMenuTests


# Menus are checked once every module is loaded: at install time, menus of modules
# not yet loaded point to models the registry does not know yet.
@tagged("post_install", "-at_install")
class TestMenus(MiyMenuTests, MiyCommon):
    menu_xmlids = (
        "miy_agenda.menu_miy_agenda",
        "miy_agenda.calendar_event_menu_agenda",
        "miy_agenda.miy_agenda_booking_menu",
        "miy_agenda.miy_agenda_free_room_menu",
        "miy_agenda.resource_calendar_leaves_menu_holidays",
    )
    action_xmlids = (
        "miy_agenda.calendar_event_action_agenda",
        "miy_agenda.miy_agenda_booking_action",
        "miy_agenda.resource_calendar_leaves_action_holidays",
        "miy_agenda.miy_agenda_resource_action",
    )

    def test_settings_menus_for_managers_only(self):
        config = self.env.ref("miy_agenda.menu_miy_agenda_config")
        self.assertIn(config.id, self._visible_menu_ids(self.user_manager))
        self.assertNotIn(config.id, self._visible_menu_ids(self.user_miy))
