from odoo.exceptions import AccessError
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
