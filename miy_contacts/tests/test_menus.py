from odoo.tests import tagged

from .common import MiyCommon, MiyMenuTests


# Menus are checked once every module is loaded: at install time, menus of modules
# not yet loaded point to models the registry does not know yet.
@tagged("post_install", "-at_install")
class TestMenus(MiyMenuTests, MiyCommon):
    menu_xmlids = (
        "miy_contacts.menu_miy_contacts",
        "miy_contacts.res_partner_menu_organization",
        "miy_contacts.res_partner_menu_person",
    )
    action_xmlids = ("miy_contacts.res_partner_action_organization", "miy_contacts.res_partner_action_person")
