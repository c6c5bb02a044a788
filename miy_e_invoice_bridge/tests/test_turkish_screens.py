from odoo import Command
from odoo.tests import new_test_user, tagged

from odoo.addons.miy_contacts.tests.turkish_screens import ANY_LIST_READY, FORM_READY, LIST_READY, TurkishScreensCase

from .common import EInvoiceCommon, import_with_wizard, make_invoice

SUPPLIER_VKN = "4812345670"


@tagged("post_install", "-at_install")
class TestTurkishScreens(TurkishScreensCase, EInvoiceCommon):
    """A Turkish accountant reads no English on the e-invoice screens and the import report
    (the summary, the statuses and the warnings, e.g. a VKN checksum warning on the customer)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.accountant_tr = new_test_user(
            cls.env,
            login="miy_tr_screens_einv",
            name="Tur Muhasebeci",
            groups="base.group_user,base.group_partner_manager,account.group_account_invoice,"
            "miy_contacts.group_miy_user",
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
            lang="tr_TR",
        )
        cls.env["res.partner"].with_context(no_vat_validation=True).create(
            {"name": "Tur Tedarikçi A.Ş.", "is_company": True, "vat": f"TR{SUPPLIER_VKN}"}
        )
        good = make_invoice(
            number="TUR2026000000001",
            ettn="5E1F1C2A-0000-4000-8000-0000000010A1",
            supplier=SUPPLIER_VKN,
            customer="1288331521",
        )
        odd = make_invoice(
            number="TUR2026000000002",
            ettn="5E1F1C2A-0000-4000-8000-0000000010A2",
            supplier=SUPPLIER_VKN,
            customer="1234567890",
        )
        files = [("tur_1.xml", good), ("tur_1_kopya.xml", good), ("tur_2.xml", odd), ("bozuk.xml", b"<Invoice")]
        cls.wizard = import_with_wizard(cls.env, cls.accountant_tr, cls.company, files, lang="tr_TR")
        cls.einvoice = cls.wizard.line_ids.filtered(lambda line: line.filename == "tur_2.xml").einvoice_id

    def test_e_invoice_screens_show_no_english(self):
        self.assertEqual(len(self.wizard.line_ids), 4)
        self.assertTrue(self.einvoice.warnings)
        einvoices = "/odoo/action-miy_e_invoice_bridge.miy_einvoice_action"
        self.assert_turkish_screens(
            self.accountant_tr.login,
            [
                ("e-Faturalar", einvoices, LIST_READY),
                ("e-Fatura", f"{einvoices}/{self.einvoice.id}", FORM_READY),
                (
                    "Çözülecek e-faturalar",
                    "/odoo/action-miy_e_invoice_bridge.miy_einvoice_action_to_resolve",
                    ANY_LIST_READY,
                ),
                ("E-postayla gelenler", "/odoo/action-miy_e_invoice_bridge.miy_einvoice_mail_action", ANY_LIST_READY),
                ("Faturalar", "/odoo/action-miy_e_invoice_bridge.account_move_action_e_invoices", ANY_LIST_READY),
                (
                    "e-Fatura içe aktar",
                    "/odoo/action-miy_e_invoice_bridge.miy_einvoice_import_wizard_action",
                    ".modal .o_form_view",
                    ".modal",
                ),
                (
                    "İçe aktarma raporu",
                    f"/odoo/miy.einvoice.import.wizard/{self.wizard.id}",
                    ".o_form_view [name=line_ids] .o_data_row",
                ),
            ],
        )
