from odoo.tests import tagged

from .common import EInvoiceCommon, make_invoice


@tagged("post_install", "-at_install")
class TestImportNeverCreatesTaxes(EInvoiceCommon):
    """Imported files come from outside (an e-mail, a folder): they must not add taxes to the
    chart of accounts. An unknown rate is reported, the line left without it, the document
    marked for the accountant."""

    def _taxes(self):
        return self.env["account.tax"].with_context(active_test=False).search_count([])

    def test_unknown_rate_reported_not_created(self):
        before = self._taxes()
        invoice = make_invoice(supplier="9205121120", customer="1288331521", rate=7)
        (line,) = self.import_files([("yedi.xml", invoice)])
        self.assertEqual(self._taxes(), before, "no tax created")
        einvoice = self.einvoice(line)
        self.assertEqual(line["status"], "mismatch")
        self.assertEqual(einvoice.state, "amount_mismatch")
        self.assertIn("No tax of the company matches", line["message"])
        self.assertIn("KDV 7%", einvoice.warnings)
        move = einvoice.move_id
        self.assertEqual(move.move_type, "in_invoice")
        self.assertFalse(move.invoice_line_ids.tax_ids, "left for the accountant")
        self.assertAlmostEqual(move.amount_total, 300.0)

    def test_unknown_rate_as_superuser(self):
        """The e-mail gateway imports as superuser: still no tax."""
        before = self._taxes()
        invoice = make_invoice(supplier="9205121120", customer="1288331521", rate=7)
        model = self.env["miy.einvoice"].sudo().with_company(self.company)
        (line,) = model._import_files([("yedi.xml", invoice)])
        self.assertEqual(self._taxes(), before)
        self.assertEqual(line["status"], "mismatch")

    def test_known_rate_found(self):
        before = self._taxes()
        (line,) = self.import_files([("yirmi.xml", make_invoice(supplier="9205121120", customer="1288331521"))])
        self.assertEqual(self._taxes(), before)
        self.assertEqual(line["status"], "linked")
        self.assertEqual(self.einvoice(line).move_id.invoice_line_ids.tax_ids.mapped("amount"), [20.0])

    def test_tax_totals_named_as_the_documents_kdv(self):
        """A bill with lines "KDV 20%" once showed its total as "Tax 15%: 840.00": the import had
        created a 20% tax in the default tax group of a non-Turkish chart. Taxes now come from the
        company's Turkish chart, so the total is labelled with its KDV 20% group."""
        (line,) = self.import_files([("yirmi.xml", make_invoice(supplier="9205121120", customer="1288331521"))])
        move = self.einvoice(line).move_id
        groups = [group for subtotal in move.tax_totals["subtotals"] for group in subtotal["tax_groups"]]
        self.assertEqual([group["tax_amount_currency"] for group in groups], [60.0])
        (group,) = groups
        self.assertIn("20", group["group_name"])
        self.assertNotIn("15", group["group_name"])
        self.assertEqual(move.invoice_line_ids.tax_ids.tax_group_id.name, group["group_name"])
