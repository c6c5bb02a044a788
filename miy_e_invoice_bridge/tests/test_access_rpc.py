from odoo.tests import HttpCase, tagged

from .common import COMPANY_VKN, EInvoiceCommon, make_invoice


@tagged("post_install", "-at_install")
class TestSalespersonOverRpc(HttpCase, EInvoiceCommon):
    """A salesperson (MİY user, no accounting right) reading e-invoices over XML-RPC: only the
    customer documents (our invoices, customers' returns) of partners they may see, never the
    bills of our suppliers; the accountant reads them all."""

    def test_salesperson_reads_customer_documents_only(self):
        supplier = (
            self.env["res.partner"]
            .with_context(no_vat_validation=True)
            .create({"name": "Tedarikçi A.Ş.", "is_company": True, "vat": "7620006073"})
        )
        self.assertTrue(supplier)
        report = self.import_files(
            [
                ("satis.xml", make_invoice()),  # our invoice to BBB
                (
                    "alis.xml",  # a supplier's bill to us
                    make_invoice(
                        number="ALIS1",
                        ettn="5E1F1C2A-0000-4000-8000-0000000001A1",
                        supplier="7620006073",
                        customer=COMPANY_VKN,
                    ),
                ),
                (
                    "iade.xml",  # BBB returns goods to us: a customer document
                    make_invoice(
                        number="IADE1",
                        ettn="5E1F1C2A-0000-4000-8000-0000000001A2",
                        supplier="9205121120",
                        customer=COMPANY_VKN,
                        invoice_type="IADE",
                    ),
                ),
            ]
        )
        sale, bill, refund = (self.einvoice(line) for line in report)
        self.assertEqual((sale.direction, bill.direction, refund.direction), ("out", "in", "in"))
        self.assertTrue(bill.partner_id)
        models = self.xmlrpc_object
        db = self.env.cr.dbname
        uid = self.xmlrpc_common.authenticate(db, self.salesperson.login, self.salesperson.login, {})
        self.assertTrue(uid)
        domain = [("company_id", "=", self.company.id)]
        found = models.execute_kw(db, uid, self.salesperson.login, "miy.einvoice", "search", [domain])
        self.assertEqual(sorted(found), sorted([sale.id, refund.id]))
        rows = models.execute_kw(
            db,
            uid,
            self.salesperson.login,
            "miy.einvoice",
            "search_read",
            [[("id", "=", bill.id)]],
            {"fields": ["number"]},
        )
        self.assertEqual(rows, [])
        with self.assertRaises(Exception) as caught:
            models.execute_kw(
                db, uid, self.salesperson.login, "miy.einvoice", "read", [[bill.id], ["counterparty_name"]]
            )
        self.assertIn("doesn't have 'read' access", str(caught.exception))
        # the supplier's e-invoice tab shows the salesperson nothing either
        count = models.execute_kw(
            db, uid, self.salesperson.login, "miy.einvoice", "search_count", [[("partner_id", "=", supplier.id)]]
        )
        self.assertEqual(count, 0)
        # the accountant reads all of the company's
        uid = self.xmlrpc_common.authenticate(db, self.accountant.login, self.accountant.login, {})
        found = models.execute_kw(db, uid, self.accountant.login, "miy.einvoice", "search", [domain])
        self.assertEqual(sorted(found), sorted([sale.id, bill.id, refund.id]))
