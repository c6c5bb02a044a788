from lxml import etree

from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .common import EInvoiceCommon, make_invoice


@tagged("post_install", "-at_install")
class TestPartnerChoice(EInvoiceCommon):
    """The partner of a document whose counterparty is unknown: chosen or created."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("tr_TR")
        Partner = cls.env["res.partner"].with_context(no_vat_validation=True)
        cls.other_vat = Partner.create({"name": "Başka Vergi No A.Ş.", "is_company": True, "vat": "6666666666"})
        cls.no_vat = Partner.create({"name": "Vergi Nosuz Ltd.", "is_company": True})

    def _unknown(self, supplier="3333333888", customer="1288331521"):
        (line,) = self.import_files([("a.xml", make_invoice(supplier=supplier, customer=customer))])
        return self.einvoice(line)

    def _wizard(self, einvoice, partner):
        action = einvoice.with_user(self.accountant).action_choose_partner()
        wizard = Form(self.env[action["res_model"]].with_user(self.accountant).with_context(**action["context"]))
        wizard.partner_id = partner
        return wizard

    def test_other_tax_number_warned_before_confirm(self):
        einvoice = self._unknown()
        wizard = self._wizard(einvoice, self.other_vat)
        self.assertEqual(wizard.vat_check, "mismatch")
        self.assertEqual(wizard.partner_vat, "6666666666")
        record = wizard.save()
        with self.assertRaises(UserError):
            record.action_confirm()
        self.assertFalse(einvoice.partner_id)
        self.assertEqual(self.other_vat.vat, "6666666666")

    def test_partner_without_tax_number_gets_the_documents(self):
        einvoice = self._unknown()
        wizard = self._wizard(einvoice, self.no_vat)
        self.assertEqual(wizard.vat_check, "missing")
        wizard.save().action_confirm()
        self.assertEqual(einvoice.partner_id, self.no_vat)
        self.assertEqual(self.no_vat.vat, "3333333888")

    def test_same_tax_number_variants_match(self):
        einvoice = self._unknown(supplier="333063526")  # 9 digits: stored with its leading zero
        partner = (
            self.env["res.partner"]
            .with_context(no_vat_validation=True)
            .create({"name": "Emek", "is_company": True, "vat": "0333063526"})
        )
        self.assertEqual(self._wizard(einvoice, partner).vat_check, "match")

    def test_created_supplier_has_role_and_turkish(self):
        einvoice = self._unknown()
        einvoice.with_user(self.accountant).action_create_partner()
        partner = einvoice.partner_id
        self.assertEqual(partner.miy_role_ids, self.env.ref("miy_contacts.partner_role_supplier"))
        self.assertEqual(partner.lang, "tr_TR")

    def test_created_customer_has_customer_role(self):
        einvoice = self._unknown(supplier="1288331521", customer="3333333888")
        self.assertEqual(einvoice.direction, "out")
        einvoice.with_user(self.accountant).action_create_partner()
        self.assertEqual(einvoice.partner_id.miy_role_ids, self.env.ref("miy_contacts.partner_role_customer"))
        self.assertEqual(einvoice.partner_id.lang, "tr_TR")


@tagged("post_install", "-at_install")
class TestInvoiceList(EInvoiceCommon):
    def test_invoices_and_bills_list_shows_the_partner(self):
        action = self.env.ref("miy_e_invoice_bridge.account_move_action_e_invoices")
        list_view = action.view_ids.filtered(lambda v: v.view_mode == "list").view_id
        self.assertEqual(list_view.inherit_id, self.env.ref("account.view_invoice_tree"))
        # no default_move_type in the action's context: Odoo's own partner and date columns hide
        self.assertNotIn("default_move_type", action.context or "")
        arch = etree.fromstring(
            self.env["account.move"].with_user(self.accountant).get_view(list_view.id, "list")["arch"]
        )
        for name in ("partner_id", "invoice_date", "move_type"):
            (column,) = arch.xpath(f"//field[@name='{name}' and not(@column_invisible)]")
            self.assertFalse(column.get("invisible"))
        self.assertEqual(action.search_view_id, self.env.ref("account.view_account_invoice_filter"))
