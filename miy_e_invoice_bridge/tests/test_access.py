from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import EInvoiceCommon, make_invoice


@tagged("post_install", "-at_install")
class TestAccess(EInvoiceCommon):
    def test_only_accountants_import(self):
        with self.assertRaises(UserError):
            self.import_files([("a.xml", make_invoice())], user=self.salesperson)
        with self.assertRaises(AccessError):
            self.env["miy.einvoice.import.wizard"].with_user(self.salesperson).create({})
        self.assertFalse(self.env["miy.einvoice"].search([("company_id", "=", self.company.id)]))

    def test_salesperson_reads_partner_einvoices_only(self):
        report = self.import_files(
            [
                ("known.xml", make_invoice()),
                (
                    "unknown.xml",
                    make_invoice(
                        number="U1",
                        ettn="5E1F1C2A-0000-4000-8000-000000000777",
                        supplier="4444444444",
                        customer="1288331521",
                    ),
                ),
            ]
        )
        known, unknown = (self.einvoice(line) for line in report)
        self.assertEqual(unknown.state, "needs_partner")
        Einvoice = self.env["miy.einvoice"].with_user(self.salesperson)
        self.assertEqual(Einvoice.search([("company_id", "=", self.company.id)]), known)
        known.with_user(self.salesperson).read(["number", "amount_total", "gib_status"])
        with self.assertRaises(AccessError):
            unknown.with_user(self.salesperson).read(["number"])
        with self.assertRaises(AccessError):
            known.with_user(self.salesperson).write({"gib_status": "accepted"})
        with self.assertRaises(AccessError):
            Einvoice.create(
                {
                    "number": "X",
                    "ettn": "X",
                    "profile": "TEMELFATURA",
                    "invoice_type": "SATIS",
                    "direction": "in",
                    "currency_id": self.company.currency_id.id,
                }
            )

    def test_plain_user_refused(self):
        self.import_files([("known.xml", make_invoice())])
        with self.assertRaises(AccessError):
            self.env["miy.einvoice"].with_user(self.user_plain).search([])
        with self.assertRaises(AccessError):
            self.env["miy.einvoice"].with_user(self.salesperson).with_company(self.company).browse(
                self.env["miy.einvoice"].search([]).ids
            ).write({"state": "linked"})
