from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, new_test_user, tagged

from .common import EInvoiceCommon, make_invoice


@tagged("post_install", "-at_install")
class TestPartnerRights(EInvoiceCommon):
    """An accountant without the contact-creation right (no base.group_partner_manager) can still
    resolve an unknown counterparty: the partner is made from the signed document's fields only."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.limited = new_test_user(
            cls.env,
            login="miy_einv_limited_accountant",
            name="Kısıtlı Muhasebeci",
            groups="base.group_user,account.group_account_invoice",
            company_id=cls.company.id,
            company_ids=[(6, 0, cls.company.ids)],
        )

    def _unknown(self, vkn="5555555555", number="K1", ettn="5E1F1C2A-0000-4000-8000-0000000000D1"):
        data = make_invoice(number=number, ettn=ettn, supplier=vkn, customer="1288331521")
        (line,) = self.import_files([(f"{number}.xml", data)], user=self.limited)
        einvoice = self.einvoice(line).with_user(self.limited)
        self.assertEqual(einvoice.state, "needs_partner")
        return einvoice

    def test_premise_no_partner_rights(self):
        self.assertFalse(self.limited.has_group("base.group_partner_manager"))
        with self.assertRaises(AccessError):
            self.env["res.partner"].with_user(self.limited).create({"name": "Yasak"})

    def test_limited_accountant_creates_counterparty_from_document(self):
        einvoice = self._unknown()
        einvoice.action_create_partner()
        partner = einvoice.partner_id
        self.assertEqual(partner.name, "Tedarikçi 5555555555 A.Ş.")
        self.assertEqual(partner.vat, "5555555555")
        self.assertEqual((partner.city, partner.zip, partner.street2), ("Bursa", "16000", "Osmangazi"))
        self.assertEqual(partner.create_uid, self.limited)
        self.assertIn("K1", partner.message_ids[:1].body)
        self.assertEqual(einvoice.state, "linked")
        self.assertEqual(einvoice.move_id.partner_id, partner)
        self.assertAlmostEqual(einvoice.move_id.amount_total, 360.0, places=2)
        # the superuser creation did not widen the accountant's rights on contacts
        with self.assertRaises(AccessError):
            partner.with_user(self.limited).write({"name": "Başka ad"})

    def test_existing_partner_with_same_vkn_is_linked_not_duplicated(self):
        einvoice = self._unknown(vkn="5555555556")
        created_meanwhile = (
            self.env["res.partner"]
            .with_context(no_vat_validation=True)
            .create({"name": "Başkası ekledi", "is_company": True, "vat": "TR5555555556"})
        )
        einvoice.action_create_partner()
        self.assertEqual(einvoice.partner_id, created_meanwhile)
        self.assertEqual(self.env["res.partner"].search_count([("vat", "ilike", "5555555556")]), 1)

    def test_limited_accountant_chooses_partner_without_vkn(self):
        existing = self.env["res.partner"].create({"name": "VKN'siz Tedarikçi", "is_company": True})
        einvoice = self._unknown(vkn="5555555557")
        wizard = Form(
            self.env["miy.einvoice.partner.wizard"]
            .with_user(self.limited)
            .with_context(default_einvoice_id=einvoice.id)
        )
        wizard.partner_id = existing
        wizard.save().action_confirm()
        self.assertEqual(einvoice.partner_id, existing)
        self.assertEqual(existing.vat, "5555555557")
        self.assertEqual(einvoice.state, "linked")

    def test_salesperson_cannot_create_counterparty(self):
        einvoice = self._unknown(vkn="5555555558")
        with self.assertRaises(AccessError):
            einvoice.with_user(self.salesperson).action_create_partner()
        self.assertFalse(einvoice.partner_id)


@tagged("post_install", "-at_install")
class TestForgedCounterparty(EInvoiceCommon):
    """A billing user without contact rights must not create or re-label partners with
    superuser rights from values they type (issue 9, item 11)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.limited = new_test_user(
            cls.env,
            login="miy_einv_billing_forger",
            name="Fatura Kullanıcısı",
            groups="base.group_user,account.group_account_invoice",
            company_id=cls.company.id,
            company_ids=[(6, 0, cls.company.ids)],
        )
        cls.other_company = cls.env["res.company"].create({"name": "Başka Şirket A.Ş."})
        cls.employee = new_test_user(
            cls.env,
            login="miy_einv_employee",
            name="Çalışan Kişi",
            groups="base.group_user",
            company_id=cls.company.id,
            company_ids=[(6, 0, cls.company.ids)],
        )

    def _unknown(self, vkn="5555555561", number="F1", ettn="5E1F1C2A-0000-4000-8000-0000000000F1"):
        data = make_invoice(number=number, ettn=ettn, supplier=vkn, customer="1288331521")
        (line,) = self.import_files([(f"{number}.xml", data)], user=self.limited)
        return self.einvoice(line).with_user(self.limited)

    def test_counterparty_fields_are_not_writable(self):
        einvoice = self._unknown()
        for values in (
            {"counterparty_name": "Sahte Ortak"},
            {"counterparty_vkn": "1111111111"},
            {"counterparty_email": "kotu@example.com"},
            {"amount_total": 1.0},
            {"xml_attachment_id": False},
        ):
            with self.subTest(values=values), self.assertRaises(AccessError):
                einvoice.write(values)
        self.assertEqual(einvoice.counterparty_vkn, "5555555561")

    def test_no_einvoice_created_outside_the_importer(self):
        with self.assertRaises(AccessError):
            self.env["miy.einvoice"].with_user(self.limited).with_company(self.company).create(
                {
                    "number": "SAHTE1",
                    "ettn": "SAHTE",
                    "profile": "TEMELFATURA",
                    "invoice_type": "SATIS",
                    "direction": "in",
                    "currency_id": self.company.currency_id.id,
                    "counterparty_name": "Sahte Ortak",
                    "counterparty_vkn": "1111111111",
                    "company_id": self.company.id,
                }
            )

    def test_create_partner_reads_the_stored_file(self):
        """Even when the stored fields were changed (here in SQL, as a pre-fix record could have
        been), the partner is made from the imported XML file."""
        einvoice = self._unknown(vkn="5555555562")
        self.env.cr.execute(
            "UPDATE miy_einvoice SET counterparty_name = 'Sahte Ortak', counterparty_vkn = '1111111111',"
            " counterparty_email = 'kotu@example.com' WHERE id = %s",
            [einvoice.id],
        )
        einvoice.invalidate_recordset()
        einvoice.action_create_partner()
        partner = einvoice.partner_id
        self.assertEqual(partner.name, "Tedarikçi 5555555562 A.Ş.")
        self.assertEqual(partner.vat, "5555555562")
        self.assertFalse(partner.email)
        self.assertFalse(self.env["res.partner"].search([("name", "=", "Sahte Ortak")]))

    def _choose(self, einvoice, partner):
        wizard = (
            self.env["miy.einvoice.partner.wizard"]
            .with_user(self.limited)
            .create({"einvoice_id": einvoice.id, "partner_id": partner.id})
        )
        return wizard.action_confirm()

    def test_chooser_refuses_internal_users_partner(self):
        einvoice = self._unknown(vkn="5555555563")
        with self.assertRaises(UserError):
            self._choose(einvoice, self.employee.partner_id)
        self.assertFalse(self.employee.partner_id.vat)
        with self.assertRaises(UserError):
            self._choose(einvoice, self.company.partner_id)
        self.assertFalse(einvoice.partner_id)

    def test_chooser_refuses_partner_the_user_cannot_see(self):
        hidden = (
            self.env["res.partner"]
            .with_context(no_vat_validation=True)
            .create({"name": "Başka Şirketin Tedarikçisi", "is_company": True, "company_id": self.other_company.id})
        )
        einvoice = self._unknown(vkn="5555555564")
        with self.assertRaises(AccessError):
            self._choose(einvoice, hidden)
        self.assertFalse(hidden.vat)

    def test_chooser_never_overwrites_a_vat(self):
        other = (
            self.env["res.partner"]
            .with_context(no_vat_validation=True)
            .create({"name": "VKN'li Tedarikçi", "is_company": True, "vat": "TR9999999999"})
        )
        einvoice = self._unknown(vkn="5555555565")
        with self.assertRaises(UserError):
            self._choose(einvoice, other)
        self.assertEqual(other.vat, "TR9999999999")
        self.assertFalse(einvoice.partner_id)
