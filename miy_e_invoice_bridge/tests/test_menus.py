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


@tagged("post_install", "-at_install")
class TestInvoicingMenus(MiyCommon):
    """An accountant who is not a MİY user finds the e-invoices in the Invoicing app."""

    invoicing_menus = (
        "miy_e_invoice_bridge.menu_account_e_invoice",
        "miy_e_invoice_bridge.miy_einvoice_menu_account",
        "miy_e_invoice_bridge.miy_einvoice_menu_to_resolve_account",
        "miy_e_invoice_bridge.miy_einvoice_import_wizard_menu_account",
        "miy_e_invoice_bridge.miy_einvoice_mail_menu_account",
    )

    def _visible(self, user):
        return set(self.env["ir.ui.menu"].with_user(user).load_menus(debug=False))

    def test_accountant_without_crm_sees_invoicing_menus(self):
        accountant = new_test_user(
            self.env, login="miy_einv_menu_accountant", groups="base.group_user,account.group_account_invoice"
        )
        visible = self._visible(accountant)
        self.assertNotIn(self.env.ref("miy_contacts.menu_miy_root").id, visible)
        self.assertIn(self.env.ref("account.menu_finance").id, visible)
        for xmlid in self.invoicing_menus:
            self.assertIn(self.env.ref(xmlid).id, visible, f"{xmlid} must be visible")

    def test_salesperson_does_not_see_invoicing_menus(self):
        visible = self._visible(self.user_miy)
        for xmlid in self.invoicing_menus:
            self.assertNotIn(self.env.ref(xmlid).id, visible, f"{xmlid} must be hidden")
