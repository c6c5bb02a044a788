import base64

from odoo.tests import HttpCase, tagged

from .dealer_stock_common import DealerStockCommon, make_xlsx


@tagged("post_install", "-at_install")
class TestDealerStockTour(HttpCase, DealerStockCommon):
    """A dealer's staff member uploads a stock report from Excel in the portal, in Turkish."""

    def test_dealer_uploads_a_stock_report(self):
        if not self.env["res.lang"]._lang_get("tr_TR"):
            self.env["res.lang"]._activate_lang("tr_TR")
        self.env["ir.module.module"]._load_module_terms(["miy_dealer_channel"], ["tr_TR"], overwrite=True)
        user = self.portal_sales_a
        user.lang = "tr_TR"
        data = make_xlsx([("DST-BELT", 12), ("DST-FILTER", 4), ("TUR-YOK", 3)], header=("Ürün Referansı", "Miktar"))
        attachment = self.env["ir.attachment"].create(
            {"name": "stok_raporu.xlsx", "datas": base64.b64encode(data), "public": True}
        )
        before = self.StockReport.search([("dealer_id", "=", self.dealer_a.id)])
        self.start_tour(
            f"/my/dealer/stock/new?miy_tour_file={attachment.id}", "miy_dealer_stock_upload_tour", login=user.login
        )
        report = self.StockReport.search([("dealer_id", "=", self.dealer_a.id)]) - before
        self.assertEqual(len(report), 1)
        self.assertEqual(report.state, "submitted")
        self.assertEqual(report.source, "excel")
        self.assertEqual(
            sorted((line.product_id.default_code, line.quantity) for line in report.line_ids),
            [("DST-BELT", 12), ("DST-FILTER", 4)],
        )
