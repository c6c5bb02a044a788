from odoo.tests import Form, tagged
from odoo.tools import SQL

from .common import EInvoiceCommon, make_invoice


@tagged("post_install", "-at_install")
class TestPartnerMatching(EInvoiceCommon):
    def test_match_normalised_vat_one_query(self):
        Partner = self.env["res.partner"].with_context(no_vat_validation=True)
        emek = Partner.create({"name": "Emek Petrol", "is_company": True, "vat": "333063526"})  # zero lost
        contact = Partner.create({"name": "Ayşe", "parent_id": emek.id})
        self.assertTrue(contact)
        data = [
            (
                f"{i}.xml",
                make_invoice(
                    number=f"SRM20240000000{i:02d}",
                    ettn=f"5E1F1C2A-0000-4000-8000-0000000000{i:02d}",
                    supplier=vkn,
                    customer="1288331521",
                ),
            )
            for i, vkn in enumerate(["9205121120", "0333063526", "9205121120"], start=1)
        ]
        model = self.env["miy.einvoice"].with_user(self.accountant).with_company(self.company)
        model._match_partners(["9205121120"])  # warm the user's caches (access rules)
        self.env.flush_all()
        self.env.invalidate_all()
        with self.assertQueryCount(1):  # one query for the whole import
            matched = model._match_partners(["9205121120", "0333063526", "4444444444"])
        self.assertEqual(matched, {"9205121120": self.customer_bbb, "0333063526": emek})
        report = self.import_files(data)
        self.assertEqual(
            [self.einvoice(line).partner_id for line in report], [self.customer_bbb, emek, self.customer_bbb]
        )

    def test_unknown_counterparty_create_partner(self):
        (line,) = self.import_files([("a.xml", make_invoice(supplier="4444444444", customer="1288331521"))])
        einvoice = self.einvoice(line)
        self.assertEqual((line["status"], einvoice.state), ("needs_partner", "needs_partner"))
        self.assertFalse(einvoice.move_id)
        einvoice.with_user(self.accountant).action_create_partner()
        partner = einvoice.partner_id
        self.assertEqual(partner.name, "Tedarikçi 4444444444 A.Ş.")
        self.assertEqual(partner.vat, "4444444444")
        self.assertEqual(partner.city, "Bursa")
        self.assertIn("Osmangazi", partner.comment)
        self.assertEqual(einvoice.state, "linked")
        self.assertEqual(einvoice.move_id.partner_id, partner)
        # remembered: the next document of this sender finds the partner by itself
        (line,) = self.import_files(
            [
                (
                    "b.xml",
                    make_invoice(
                        number="X2",
                        ettn="5E1F1C2A-0000-4000-8000-000000000099",
                        supplier="4444444444",
                        customer="1288331521",
                    ),
                )
            ]
        )
        self.assertEqual(self.einvoice(line).partner_id, partner)

    def test_choose_partner_links_waiting_documents(self):
        report = self.import_files(
            [
                (
                    f"{i}.xml",
                    make_invoice(
                        number=f"N{i}",
                        ettn=f"5E1F1C2A-0000-4000-8000-0000000001{i:02d}",
                        supplier="5555555555",
                        customer="1288331521",
                    ),
                )
                for i in range(2)
            ]
        )
        first, second = (self.einvoice(line) for line in report)
        chosen = self.env["res.partner"].create({"name": "Osmangazi Döküm Ltd. Şti.", "is_company": True})
        action = first.with_user(self.accountant).action_choose_partner()
        wizard_form = Form(self.env[action["res_model"]].with_user(self.accountant).with_context(**action["context"]))
        wizard_form.partner_id = chosen
        wizard_form.save().action_confirm()
        self.assertEqual(chosen.vat, "5555555555")
        self.assertEqual((first | second).partner_id, chosen)
        self.assertEqual(set((first | second).mapped("state")), {"linked"})

    def test_partner_timeline(self):
        (line,) = self.import_files([("a.xml", make_invoice())])
        self.customer_bbb.invalidate_recordset()
        self.assertEqual(self.customer_bbb.miy_einvoice_count, 1)
        action = self.customer_bbb.with_user(self.salesperson).action_view_miy_einvoices()
        einvoices = self.env["miy.einvoice"].with_user(self.salesperson).search(action["domain"])
        self.assertEqual(einvoices.ids, [line["einvoice_id"]])
        self.assertEqual(einvoices.payment_state, "not_paid")
        self.assertEqual(einvoices.direction, "out")
        # the partner form with its e-invoice tab opens for the salesperson, and the accountant
        for user in (self.salesperson, self.accountant):
            arch = self.env["res.partner"].with_user(user).get_views([(False, "form")])["views"]["form"]["arch"]
            self.assertIn("miy_einvoice_ids", arch)
            self.customer_bbb.with_user(user).read(["miy_einvoice_ids", "miy_einvoice_count"])
        arch = self.env["res.partner"].with_user(self.user_plain).get_views([(False, "form")])["views"]["form"]["arch"]
        self.assertNotIn("miy_einvoice_ids", arch)


@tagged("post_install", "-at_install")
class TestVknIndex(EInvoiceCommon):
    def test_match_by_vkn_uses_the_expression_index(self):
        """Matching reads the expression index on the VAT's digits instead of normalising the VAT
        of every partner (issue 9, item 16)."""
        self.env.cr.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'res_partner_miy_vat_digits_index'")
        (definition,) = self.env.cr.fetchone()
        self.assertIn("regexp_replace", definition)
        self.env.flush_all()
        self.env.cr.execute("SET LOCAL enable_seqscan = off")  # a test database is too small to need it
        query = self.env["miy.einvoice"].with_company(self.company)._match_partners_query(["9205121120"])
        self.env.cr.execute(SQL("EXPLAIN %s", query))
        plan = "\n".join(row[0] for row in self.env.cr.fetchall())
        self.assertIn("res_partner_miy_vat_digits_index", plan)
        self.env.cr.execute("SET LOCAL enable_seqscan = on")
