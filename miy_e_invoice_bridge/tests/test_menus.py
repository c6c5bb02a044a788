from odoo.tests import new_test_user, tagged

from odoo.addons.miy_contacts.tests.common import MiyCommon, MiyMenuTests


# Menus are checked once every module is loaded: at install time, menus of modules
# not yet loaded point to models the registry does not know yet.
@tagged("post_install", "-at_install")
class TestMenus(MiyMenuTests, MiyCommon):
    menu_xmlids = (
        "miy_e_invoice_bridge.menu_miy_e_invoice",
        "miy_e_invoice_bridge.miy_einvoice_menu",
        "miy_e_invoice_bridge.miy_einvoice_menu_to_resolve",
        "miy_e_invoice_bridge.miy_einvoice_import_wizard_menu",
        "miy_e_invoice_bridge.account_move_menu_e_invoices",
        "miy_e_invoice_bridge.miy_einvoice_mail_menu",
    )
    action_xmlids = (
        "miy_e_invoice_bridge.account_move_action_e_invoices",
        "miy_e_invoice_bridge.miy_einvoice_action",
        "miy_e_invoice_bridge.miy_einvoice_action_to_resolve",
        "miy_e_invoice_bridge.miy_einvoice_mail_action",
    )

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # miy_e_invoice_bridge's screens show account records: its user also holds that app's group.
        cls.menu_user = new_test_user(
            cls.env,
            login="miy_e_invoice_bridge_user",
            groups="miy_contacts.group_miy_user,account.group_account_invoice",
        )
