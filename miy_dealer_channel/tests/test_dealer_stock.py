from datetime import timedelta
from unittest.mock import patch

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged

from ..models import dealer_stock
from .dealer_stock_common import DealerStockCommon, make_xlsx


@tagged("post_install", "-at_install")
class TestDealerStockHistory(DealerStockCommon):
    """Every submitted report is kept and read-only; a correction is a new report."""

    def test_submitted_reports_are_all_kept(self):
        first = self._stock_report(self.dealer_a, [(self.part_belt, 10)], days_ago=30)
        second = self._stock_report(self.dealer_a, [(self.part_belt, 4)], days_ago=0)
        reports = self.StockReport.search([("dealer_id", "=", self.dealer_a.id)])
        self.assertEqual(reports, second | first, "both reports kept, newest first")
        self.assertEqual(first.line_ids.quantity, 10)
        row = self.env["miy.dealer.stock.analysis"].search(
            [("dealer_id", "=", self.dealer_a.id), ("product_id", "=", self.part_belt.id)]
        )
        self.assertEqual(row.stock_qty, 4, "the analysis reads the latest report")
        self.assertEqual(row.stock_date, second.date)

    def test_submitted_report_is_read_only(self):
        report = self._stock_report(self.dealer_a, [(self.part_belt, 10)])
        self.assertEqual(report.state, "submitted")
        self.assertEqual(report.submitted_uid, self.env.user)
        with self.assertRaises(UserError):
            report.write({"date": self.today - timedelta(days=1)})
        with self.assertRaises(UserError):
            report.write({"dealer_id": self.dealer_b.id})
        with self.assertRaises(UserError):
            report.line_ids.write({"quantity": 99})
        with self.assertRaises(UserError):
            report.line_ids.unlink()
        with self.assertRaises(UserError):
            self.env["miy.dealer.stock.report.line"].create(
                {"report_id": report.id, "product_id": self.part_filter.id, "quantity": 1}
            )
        with self.assertRaises(UserError):
            report.unlink()
        with self.assertRaises(UserError):
            report.action_submit()
        self.assertEqual(report.line_ids.quantity, 10)
        # the chatter still works on a submitted report
        report.message_post(body="Kontrol edildi")

    def test_sellout_report_is_read_only_too(self):
        report = self._sellout_report(
            self.dealer_a, [(self.part_belt, 5)], self.today - timedelta(days=30), self.today - timedelta(days=1)
        )
        with self.assertRaises(UserError):
            report.write({"date_to": self.today})
        with self.assertRaises(UserError):
            report.line_ids.write({"quantity": 1})

    def test_correction_is_a_new_report_and_replaces_the_old_in_the_analysis(self):
        report = self._stock_report(self.dealer_a, [(self.part_belt, 10)])
        action = report.action_new_correction()
        correction = self.StockReport.browse(action["res_id"])
        self.assertEqual(correction.state, "draft")
        self.assertEqual(correction.correction_of_id, report)
        correction.line_ids.quantity = 8
        correction.action_submit()
        self.assertEqual(report.line_ids.quantity, 10, "the corrected report is untouched")
        row = self.env["miy.dealer.stock.analysis"].search(
            [("dealer_id", "=", self.dealer_a.id), ("product_id", "=", self.part_belt.id)]
        )
        self.assertEqual(row.stock_qty, 8)

    def test_draft_report_can_be_edited_and_needs_lines_to_submit(self):
        report = self._stock_report(self.dealer_a, [], submit=False)
        with self.assertRaises(UserError):
            report.action_submit()
        report.write({"line_ids": [fields.Command.create({"product_id": self.part_belt.id, "quantity": 2})]})
        report.action_submit()
        self.assertEqual(report.state, "submitted")

    def test_negative_quantity_and_bad_dates_are_refused(self):
        with self.assertRaises(ValidationError):
            self._stock_report(self.dealer_a, [(self.part_belt, -1)], submit=False)
        with self.assertRaises(ValidationError):
            self._stock_report(self.dealer_a, [(self.part_belt, 1)], days_ago=-3, submit=False)
        with self.assertRaises(ValidationError):
            self._sellout_report(self.dealer_a, [(self.part_belt, 1)], self.today, self.today - timedelta(days=3))


@tagged("post_install", "-at_install")
class TestDealerStockExcel(DealerStockCommon):
    """Parsing of uploads and typed rows: a per-row report, nothing written."""

    def _count(self):
        return self.StockReport.search_count([("dealer_id", "in", (self.dealer_a | self.dealer_b).ids)])

    def test_good_and_bad_rows(self):
        before = self._count()
        data = make_xlsx(
            [
                ("DST-BELT", 12),
                ("dst-filter", "3,5"),
                ("NO-SUCH-REF", 1),
                ("DST-NOZZLE", -2),
                ("DST-INTERNAL", 1),
                (None, 4),
                ("DST-NOZZLE", "many"),
                ("DST-BELT", 1),
                (None, None),
            ]
        )
        raw, error = self.StockReport._miy_read_xlsx(data, "stok.xlsx")
        self.assertFalse(error)
        good, errors = self.StockReport._miy_check_rows(self.dealer_a, raw)
        self.assertEqual(
            [(g["product_id"], g["quantity"]) for g in good], [(self.part_belt.id, 12), (self.part_filter.id, 3.5)]
        )
        self.assertEqual([e["row"] for e in errors], [4, 5, 6, 7, 8, 9])
        messages = {e["row"]: e["message"] for e in errors}
        self.assertIn("NO-SUCH-REF", messages[4])
        self.assertIn("negative", messages[5])
        self.assertIn("DST-INTERNAL", messages[6], "a product not for sale cannot be reported")
        self.assertIn("missing", messages[7])
        self.assertIn("not a number", messages[8])
        self.assertIn("row 2", messages[9], "a product twice in the same report")
        self.assertEqual(self._count(), before, "reading and checking writes nothing")

    def test_turkish_headers_and_province(self):
        data = make_xlsx(
            [("DST-BELT", 3, "Bursa"), ("DST-FILTER", 1, "34"), ("DST-NOZZLE", 1, "Atlantis")],
            header=("Ürün Referansı", "Satılan Miktar", "İl"),
        )
        raw, error = self.SelloutReport._miy_read_xlsx(data, "satis.xlsx")
        self.assertFalse(error)
        good, errors = self.SelloutReport._miy_check_rows(self.dealer_a, raw)
        self.assertEqual([g["state_id"] for g in good], [self.env.ref("base.state_tr_16").id, self.state_istanbul.id])
        self.assertEqual(len(errors), 1)
        self.assertIn("Atlantis", errors[0]["message"])

    def test_wrong_columns(self):
        raw, error = self.StockReport._miy_read_xlsx(make_xlsx([("DST-BELT", 1)], header=("Ürün", "Fiyat")), "x.xlsx")
        self.assertFalse(raw)
        self.assertIn("Product Reference", error)

    def test_wrong_file_type(self):
        for data, name in (
            (b"%PDF-1.4 fake", "stok.pdf"),
            (b"ref;qty\nDST-BELT;1\n", "stok.csv"),
            (b"PK\x03\x04 not really a zip", "stok.xlsx"),
            (make_xlsx([]), "stok.exe"),
        ):
            raw, error = self.StockReport._miy_read_xlsx(data, name)
            self.assertFalse(raw)
            self.assertIn(".xlsx", error, name)

    def test_file_over_the_limit_is_refused_before_parsing(self):
        data = b"PK" + b"\0" * dealer_stock.MIY_UPLOAD_MAX_BYTES
        with patch("openpyxl.load_workbook") as load, patch("zipfile.ZipFile") as unzip:
            raw, error = self.StockReport._miy_read_xlsx(data, "stok.xlsx")
        self.assertFalse(raw)
        self.assertIn("50 MB", error)
        load.assert_not_called()
        unzip.assert_not_called()

    def test_zip_bomb_is_refused(self):
        data = make_xlsx([("DST-BELT", 1)])
        with patch.object(dealer_stock, "MIY_UPLOAD_MAX_UNPACKED", 100):
            raw, error = self.StockReport._miy_read_xlsx(data, "stok.xlsx")
        self.assertFalse(raw)
        self.assertTrue(error)

    def test_template_round_trip(self):
        self._stock_report(self.dealer_a, [(self.part_belt, 1), (self.part_filter, 2)])
        template = self.StockReport.with_user(self.portal_sales_a)._miy_xlsx_template()
        raw, error = self.StockReport._miy_read_xlsx(template, "stock-report.xlsx")
        self.assertFalse(error)
        self.assertEqual(sorted(r["reference"] for r in raw), ["DST-BELT", "DST-FILTER"])

    def test_portal_submit_refuses_the_whole_report_on_a_bad_row(self):
        before = self._count()
        Report = self.StockReport.with_user(self.portal_sales_a)
        rows = [
            {"row": 1, "reference": "DST-BELT", "quantity": "2"},
            {"row": 2, "reference": "DST-BELT", "quantity": "-1"},
        ]
        with self.assertRaises(ValidationError):
            Report._miy_portal_submit({"date": self.today}, rows, "excel")
        self.assertEqual(self._count(), before)
        report = Report._miy_portal_submit({"date": self.today}, rows[:1], "excel")
        self.assertEqual(report.state, "submitted")
        self.assertEqual(report.source, "excel")
        self.assertEqual(report.dealer_id, self.dealer_a)
        self.assertEqual(report.sudo().submitted_uid, self.portal_sales_a)


@tagged("post_install", "-at_install")
class TestDealerStockCover(DealerStockCommon):
    """Days of cover and reorder suggestion arithmetic."""

    def _row(self, dealer, product):
        return self.env["miy.dealer.stock.analysis"].search(
            [("dealer_id", "=", dealer.id), ("product_id", "=", product.id)]
        )

    def test_cover_and_suggestion(self):
        self.dealer_a.miy_target_cover_days = 30
        self._stock_report(self.dealer_a, [(self.part_belt, 30), (self.part_filter, 100)])
        # 60 sold in the last 30 days -> 2 a day
        self._sellout_report(self.dealer_a, [(self.part_belt, 60)], self.today - timedelta(days=29), self.today)
        row = self._row(self.dealer_a, self.part_belt)
        self.assertAlmostEqual(row.daily_sellout, 2.0)
        self.assertAlmostEqual(row.cover_days, 15.0)
        self.assertEqual(row.suggested_qty, 30, "(30 - 15) days x 2 a day")
        filter_row = self._row(self.dealer_a, self.part_filter)
        self.assertEqual(filter_row.daily_sellout, 0)
        self.assertFalse(filter_row.cover_days, "nothing sold: no cover figure")
        self.assertEqual(filter_row.suggested_qty, 0)
        self.assertEqual(row.suggested_qty, self.env["miy.dealer.stock.analysis"]._miy_suggestion(30, 2.0, 30))

    def test_partial_periods_are_prorated_and_corrected_reports_ignored(self):
        self.dealer_a.miy_target_cover_days = 30
        self._stock_report(self.dealer_a, [(self.part_belt, 30)])
        # 60 days, half of them inside the 90-day window: 30 days and 30 sold count
        self._sellout_report(
            self.dealer_a,
            [(self.part_belt, 60)],
            self.today - timedelta(days=119),
            self.today - timedelta(days=60),
        )
        recent = self._sellout_report(
            self.dealer_a, [(self.part_belt, 600)], self.today - timedelta(days=29), self.today
        )
        # the 600 was a typo: corrected to 60
        action = recent.action_new_correction()
        correction = self.SelloutReport.browse(action["res_id"])
        correction.line_ids.quantity = 60
        correction.action_submit()
        row = self._row(self.dealer_a, self.part_belt)
        # (30 + 60) sold over (30 + 30) days = 1.5 a day; 30 / 1.5 = 20 days; (30 - 20) x 1.5 = 15
        self.assertAlmostEqual(row.daily_sellout, 1.5)
        self.assertAlmostEqual(row.cover_days, 20.0)
        self.assertEqual(row.suggested_qty, 15)

    def test_window_setting_read_by_staff_without_settings_rights(self):
        """The sell-out window is a system parameter; staff read the analysis (and so the window)
        without any right on parameters."""
        self.dealer_a.miy_target_cover_days = 30
        self._stock_report(self.dealer_a, [(self.part_belt, 30)])
        self._sellout_report(
            self.dealer_a, [(self.part_belt, 60)], self.today - timedelta(days=119), self.today - timedelta(days=60)
        )
        self._sellout_report(self.dealer_a, [(self.part_belt, 60)], self.today - timedelta(days=29), self.today)
        self.env["ir.config_parameter"].set_param("miy_dealer_channel.sellout_window_days", "30")
        Analysis = self.env["miy.dealer.stock.analysis"].with_user(self.user_miy)
        with self.assertRaises(AccessError):
            self.env["ir.config_parameter"].with_user(self.user_miy).get_param("miy_dealer_channel.sellout_window_days")
        row = Analysis.search([("dealer_id", "=", self.dealer_a.id), ("product_id", "=", self.part_belt.id)])
        self.assertAlmostEqual(row.daily_sellout, 2.0, msg="30-day window: only the last report counts")
        self.env["ir.config_parameter"].set_param("miy_dealer_channel.sellout_window_days", "not a number")
        Analysis.invalidate_model()
        row = Analysis.search([("dealer_id", "=", self.dealer_a.id), ("product_id", "=", self.part_belt.id)])
        self.assertAlmostEqual(row.daily_sellout, 1.5, msg="a broken setting falls back to 90 days")

    def test_sold_but_not_in_stock_and_rounding_up(self):
        self.dealer_b.miy_target_cover_days = 10
        self._sellout_report(self.dealer_b, [(self.part_nozzle, 7)], self.today - timedelta(days=29), self.today)
        row = self._row(self.dealer_b, self.part_nozzle)
        self.assertEqual(row.stock_qty, 0)
        self.assertEqual(row.cover_days, 0)
        self.assertEqual(row.suggested_qty, 3, "10 days x 7/30 = 2.33, rounded up")
        self.assertEqual(self.env["miy.dealer.stock.analysis"]._miy_suggestion(0, 7 / 30, 10), 3)

    def test_sellin_vs_sellout(self):
        order = self.env["sale.order"].create(
            {
                "partner_id": self.dealer_partner_a.id,
                "order_line": [fields.Command.create({"product_id": self.part_belt.id, "product_uom_qty": 40})],
            }
        )
        draft = order.copy()
        order.action_confirm()
        self._sellout_report(self.dealer_a, [(self.part_belt, 25)], self.today - timedelta(days=29), self.today)
        rows = self.env["miy.dealer.sellthrough.analysis"].search(
            [("dealer_id", "=", self.dealer_a.id), ("product_id", "=", self.part_belt.id)]
        )
        self.assertEqual(sum(rows.mapped("sell_in_qty")), 40, "only confirmed orders count")
        self.assertEqual(sum(rows.mapped("sell_out_qty")), 25)
        self.assertEqual(sum(rows.mapped("net_qty")), 15)
        self.assertEqual(draft.state, "draft")


@tagged("post_install", "-at_install")
class TestDealerStockReorder(DealerStockCommon):
    """The reorder suggestion becomes one draft quotation per dealer."""

    def test_draft_orders_one_per_dealer(self):
        salesman = new_test_user(
            self.env,
            login="dealer_stock_salesman",
            groups="miy_contacts.group_miy_user,sales_team.group_sale_salesman_all_leads",
        )
        for dealer in self.dealer_a | self.dealer_b:
            dealer.miy_target_cover_days = 30
            self._stock_report(dealer, [(self.part_belt, 30), (self.part_filter, 500)])
            self._sellout_report(
                dealer, [(self.part_belt, 60), (self.part_filter, 30)], self.today - timedelta(days=29), self.today
            )
        rows = (
            self.env["miy.dealer.stock.analysis"]
            .with_user(salesman)
            .search([("dealer_id", "in", (self.dealer_a | self.dealer_b).ids)])
        )
        self.assertEqual(len(rows), 4)
        action = rows.action_create_draft_orders()
        orders = self.env["sale.order"].search(action["domain"])
        self.assertEqual(len(orders), 2)
        self.assertEqual(orders.partner_id, self.dealer_partner_a | self.dealer_partner_b)
        # the dealer's orders, as those it places in the portal (Dealer Orders menu and filter)
        self.assertEqual(orders.miy_dealer_id, self.dealer_a | self.dealer_b)
        for order in orders:
            self.assertEqual(order.state, "draft")
            self.assertEqual(order.order_line.product_id, self.part_belt, "no line where nothing is to reorder")
            self.assertEqual(order.order_line.product_uom_qty, 30)
        with self.assertRaises(UserError):
            rows.filtered(lambda r: r.product_id == self.part_filter).action_create_draft_orders()
