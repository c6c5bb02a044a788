from odoo.tests import HttpCase, new_test_user, tagged

from .common import EInvoiceCommon, make_invoice

TOUR_VKN = "4812345670"
TOUR_NUMBER = "TUR2026000000901"


@tagged("post_install", "-at_install")
class TestEinvoiceTour(HttpCase, EInvoiceCommon):
    """The accountant's main flow in the browser, for an accountant without contact rights."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.tour_accountant = new_test_user(
            cls.env,
            login="miy_einv_tour_accountant",
            name="Tur Muhasebecisi",
            groups="base.group_user,account.group_account_invoice",
            company_id=cls.company.id,
            company_ids=[(6, 0, cls.company.ids)],
            lang="en_US",
        )

    def test_accountant_resolves_unknown_counterparty(self):
        self.assertFalse(self.tour_accountant.has_group("base.group_partner_manager"))
        Partner = self.env["res.partner"].with_context(active_test=False)
        self.assertFalse(Partner.search([("vat", "ilike", TOUR_VKN)]), "the tour's VKN must be unknown")
        data = make_invoice(
            number=TOUR_NUMBER,
            ettn="5E1F1C2A-0000-4000-8000-0000000009A1",
            supplier=TOUR_VKN,
            customer="1288331521",
            lines=3,
        )
        (line,) = self.import_files([(f"{TOUR_NUMBER}.xml", data)], user=self.tour_accountant)
        einvoice = self.einvoice(line)
        self.assertEqual(einvoice.state, "needs_partner")
        self.assertFalse(einvoice.move_id)

        self.start_tour("/odoo", "miy_einvoice_resolve_tour", login=self.tour_accountant.login)

        einvoice.invalidate_recordset()
        partner = Partner.search([("vat", "ilike", TOUR_VKN)])
        self.assertEqual(len(partner), 1)
        self.assertEqual(partner.vat, TOUR_VKN)
        self.assertEqual(partner.name, f"Tedarikçi {TOUR_VKN} A.Ş.")
        self.assertEqual(partner.create_uid, self.tour_accountant)
        self.assertEqual(einvoice.partner_id, partner)
        self.assertEqual(einvoice.state, "linked")
        move = einvoice.move_id
        self.assertTrue(move)
        self.assertEqual(move.move_type, "in_invoice")
        self.assertEqual(move.state, "draft")
        self.assertEqual(move.partner_id, partner)
        self.assertEqual(move.company_id, self.company)
        self.assertEqual(move.ref, TOUR_NUMBER)
        self.assertAlmostEqual(move.amount_untaxed, 600.0, places=2)
        self.assertAlmostEqual(move.amount_total, 720.0, places=2)

    def test_accountant_imports_a_file_through_the_wizard(self):
        """A real upload in the browser: the tour puts the file in the wizard's file input."""
        Einvoice = self.env["miy.einvoice"]
        self.assertFalse(Einvoice.search([("number", "=", "TUR2026000000902")]))
        self.start_tour("/odoo", "miy_einvoice_import_tour", login=self.tour_accountant.login)
        einvoice = Einvoice.search([("number", "=", "TUR2026000000902")])
        self.assertEqual(len(einvoice), 1)
        self.assertEqual(einvoice.company_id, self.company)
        self.assertEqual(einvoice.create_uid, self.tour_accountant)
        self.assertEqual(einvoice.ettn, "5E1F1C2A-0000-4000-8000-0000000009A2")
        self.assertEqual(einvoice.direction, "in")
        self.assertEqual(einvoice.counterparty_vkn, "4812345671")
        self.assertEqual(einvoice.counterparty_name, "Tur Yükleme Tedarikçisi A.Ş.")
        self.assertEqual(einvoice.state, "needs_partner")
        self.assertFalse(einvoice.partner_id)
        self.assertFalse(einvoice.move_id)
        self.assertAlmostEqual(einvoice.amount_total, 300.0, places=2)
        self.assertEqual(einvoice.xml_attachment_id.raw.count(b"TUR2026000000902"), 1)
        # the uploaded file itself was consumed by the import, not left behind
        self.assertFalse(
            self.env["ir.attachment"].search([("name", "=", "e-fatura_Şubat_TUR2026000000902.xml"), ("res_id", "=", 0)])
        )

    def test_salesperson_reads_the_customer_timeline(self):
        customer = (
            self.env["res.partner"]
            .with_context(no_vat_validation=True)
            .create({"name": "Tur Satış Müşterisi Ltd.", "is_company": True, "vat": "4812345672"})
        )
        data = make_invoice(
            number="TUR2026000000903",
            ettn="5E1F1C2A-0000-4000-8000-0000000009A3",
            supplier="1288331521",
            customer="4812345672",
            lines=2,
        )
        (line,) = self.import_files([("TUR2026000000903.xml", data)])
        einvoice = self.einvoice(line)
        self.assertEqual(einvoice.partner_id, customer)
        self.assertEqual(einvoice.state, "linked")
        self.assertEqual(einvoice.move_id.move_type, "out_invoice")
        self.assertFalse(self.salesperson.has_group("account.group_account_invoice"))
        self.salesperson.lang = "en_US"
        self.start_tour(
            "/odoo/action-miy_contacts.res_partner_action_organization",
            "miy_einvoice_salesperson_tour",
            login=self.salesperson.login,
        )
        # reading it changed nothing
        self.assertEqual(einvoice.state, "linked")
        self.assertEqual(einvoice.partner_id, customer)

    def test_accountant_chooses_an_existing_partner(self):
        existing = self.env["res.partner"].create({"name": "Tur Seçilen Tedarikçi Ltd.", "is_company": True})
        data = make_invoice(
            number="TUR2026000000904",
            ettn="5E1F1C2A-0000-4000-8000-0000000009A4",
            supplier="4812345673",
            customer="1288331521",
            lines=1,
        )
        (line,) = self.import_files([("TUR2026000000904.xml", data)], user=self.tour_accountant)
        einvoice = self.einvoice(line)
        self.assertEqual(einvoice.state, "needs_partner")
        self.start_tour(
            "/odoo/action-miy_e_invoice_bridge.miy_einvoice_action_to_resolve",
            "miy_einvoice_choose_partner_tour",
            login=self.tour_accountant.login,
        )
        einvoice.invalidate_recordset()
        self.assertEqual(einvoice.partner_id, existing)
        self.assertEqual(existing.vat, "4812345673")
        self.assertEqual(einvoice.state, "linked")
        self.assertEqual(einvoice.move_id.partner_id, existing)
        self.assertAlmostEqual(einvoice.move_id.amount_total, 120.0, places=2)
