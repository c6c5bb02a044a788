import re
from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import HttpCase, tagged

from .dealer_stock_common import DealerStockCommon, make_xlsx


@tagged("post_install", "-at_install")
class TestDealerStockAccess(DealerStockCommon):
    """Hostile callers over RPC: dealer staff read only their own dealer's reports, never write."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.report_a = cls._stock_report(cls.dealer_a, [(cls.part_filter, 5)])
        cls.report_b = cls._stock_report(cls.dealer_b, [(cls.part_belt, 7)])
        cls.sellout_b = cls._sellout_report(
            cls.dealer_b, [(cls.part_belt, 3)], cls.today - timedelta(days=10), cls.today
        )

    def test_dealer_staff_read_only_their_dealers_reports(self):
        for user in self.portal_admin_a | self.portal_sales_a:
            Report = self.StockReport.with_user(user)
            found = Report.search([("dealer_id", "in", (self.dealer_a | self.dealer_b).ids)])
            self.assertEqual(found, self.report_a)
            with self.assertRaises(AccessError):
                self.report_b.with_user(user).read(["date"])
            with self.assertRaises(AccessError):
                self.report_b.line_ids.with_user(user).read(["quantity"])
            with self.assertRaises(AccessError):
                self.sellout_b.with_user(user).read(["date_from"])
            self.assertFalse(
                self.env["miy.dealer.stock.report.line"].with_user(user).search([("report_id", "=", self.report_b.id)])
            )

    def test_rpc_create_and_write_are_refused(self):
        user = self.portal_admin_a
        for dealer in self.dealer_a | self.dealer_b:
            with self.assertRaises(AccessError):
                self.StockReport.with_user(user).create(
                    {
                        "dealer_id": dealer.id,
                        "line_ids": [fields.Command.create({"product_id": self.part_belt.id, "quantity": 1})],
                    }
                )
            with self.assertRaises(AccessError):
                self.SelloutReport.with_user(user).create(
                    {"dealer_id": dealer.id, "date_from": self.today, "date_to": self.today}
                )
        with self.assertRaises(AccessError):
            self.report_b.with_user(user).write({"note": "x"})
        with self.assertRaises(AccessError):
            self.report_a.with_user(user).write({"note": "x"})
        with self.assertRaises(AccessError):
            self.env["miy.dealer.stock.report.line"].with_user(user).create(
                {"report_id": self.report_b.id, "product_id": self.part_filter.id, "quantity": 1}
            )
        with self.assertRaises(AccessError):
            self.report_b.with_user(user).unlink()
        with self.assertRaises(AccessError):
            self.env["miy.dealer.stock.analysis"].with_user(user).search([])
        # the public buttons are no way around it either
        draft = self._stock_report(self.dealer_a, [(self.part_belt, 1)], submit=False)
        with self.assertRaises(AccessError):
            draft.with_user(user).action_submit()
        self.assertEqual(draft.state, "draft")
        with self.assertRaises(AccessError):
            self.report_a.with_user(user).action_new_correction()
        with self.assertRaises(AccessError):
            self.env["miy.dealer.stock.analysis"].with_user(user).browse(
                (self.dealer_a.id << 32) | self.part_filter.id
            ).action_create_draft_orders()

    def test_portal_submit_forces_the_users_dealer(self):
        Report = self.StockReport.with_user(self.portal_sales_a)
        rows = [{"row": 1, "reference": "DST-BELT", "quantity": "9"}]
        with self.assertRaises(AccessError):
            Report._miy_portal_submit({"date": self.today, "dealer_id": self.dealer_b.id}, rows, "portal")
        with self.assertRaises(AccessError):
            Report._miy_portal_submit({"date": self.today, "state": "draft"}, rows, "portal")
        report = Report._miy_portal_submit({"date": self.today}, rows, "portal")
        self.assertEqual(report.dealer_id, self.dealer_a)
        self.assertEqual(self.report_b.line_ids.quantity, 7)

    def test_plain_portal_customer_has_no_access(self):
        user = self.portal_customer
        with self.assertRaises(AccessError):
            self.StockReport.with_user(user).search([])
        with self.assertRaises(AccessError):
            self.StockReport.with_user(user)._miy_portal_submit(
                {"date": self.today}, [{"row": 1, "reference": "DST-BELT", "quantity": "1"}], "portal"
            )
        self.assertFalse(self.StockReport.with_user(user)._miy_xlsx_template() is None)

    def test_product_lookup_stays_in_the_dealers_catalogue(self):
        """The elevated product search finds only saleable products of the dealer's company and product
        groups, by the references typed."""
        other_company = self.env["res.company"].create({"name": "Other company (dealer stock test)"})
        foreign = self.env["product.product"].create(
            {"name": "Foreign part", "default_code": "DST-FOREIGN", "company_id": other_company.id}
        )
        archived = self.env["product.product"].create({"name": "Old part", "default_code": "DST-OLD", "active": False})
        Report = self.StockReport.with_user(self.portal_sales_a)
        found = Report._miy_find_products(self.dealer_a, ["DST-BELT", "DST-FOREIGN", "DST-OLD", "DST-INTERNAL"])
        self.assertEqual(set(found), {"DST-BELT"})
        self.assertTrue(foreign and archived)
        category = self.env["product.category"].create({"name": "Dealer stock test group"})
        self.part_filter.categ_id = category
        self.dealer_a.product_category_ids = category
        found = Report._miy_find_products(self.dealer_a, ["DST-BELT", "DST-FILTER"])
        self.assertEqual(set(found), {"DST-FILTER"}, "only the dealer's product groups")

    def test_other_companys_reports_are_hidden_from_staff(self):
        other_company = self.env["res.company"].create({"name": "Other company (dealer stock test)"})
        partner = self.env["res.partner"].create(
            {"name": "Other company dealer", "is_company": True, "company_id": other_company.id}
        )
        dealer = self.env["miy.dealer"].create({"partner_id": partner.id, "company_id": other_company.id})
        report = self._stock_report(dealer, [(self.part_belt, 3)])
        Report = self.StockReport.with_user(self.user_miy)
        self.assertFalse(Report.search([("id", "=", report.id)]))
        self.assertFalse(
            self.env["miy.dealer.stock.analysis"].with_user(self.user_miy).search([("dealer_id", "=", dealer.id)])
        )
        self.assertTrue(Report.search([("id", "=", self.report_a.id)]))

    def test_template_lists_only_own_last_report(self):
        data = self.StockReport.with_user(self.portal_admin_b)._miy_xlsx_template()
        raw, _error = self.StockReport._miy_read_xlsx(data, "t.xlsx")
        self.assertEqual([r["reference"] for r in raw], ["DST-BELT"], "B's last report only, never A's filter")
        data = self.StockReport.with_user(self.portal_sales_a)._miy_xlsx_template()
        raw, _error = self.StockReport._miy_read_xlsx(data, "t.xlsx")
        self.assertEqual([r["reference"] for r in raw], ["DST-FILTER"])


@tagged("post_install", "-at_install")
class TestDealerStockPortalHttp(HttpCase, DealerStockCommon):
    """The portal routes with hostile URLs and posts."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.report_b = cls._stock_report(cls.dealer_b, [(cls.part_belt, 7)])
        cls.report_a = cls._stock_report(cls.dealer_a, [(cls.part_filter, 5)])

    def _csrf(self):
        page = self.url_open("/my/dealer/stock/new")
        return re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)

    def test_other_dealers_report_is_not_found(self):
        self.authenticate(self.portal_sales_a.login, self.portal_sales_a.login)
        own = self.url_open(f"/my/dealer/stock/{self.report_a.id}")
        self.assertEqual(own.status_code, 200)
        self.assertIn("DST-FILTER", own.text)
        other = self.url_open(f"/my/dealer/stock/{self.report_b.id}", allow_redirects=False)
        self.assertEqual(other.status_code, 404)
        missing = self.url_open("/my/dealer/stock/999999999", allow_redirects=False)
        self.assertEqual(missing.status_code, 404)
        as_sellout = self.url_open(f"/my/dealer/sellout/{self.report_a.id}", allow_redirects=False)
        self.assertEqual(as_sellout.status_code, 404)
        listing = self.url_open("/my/dealer/stock")
        self.assertIn(self.report_a.name, listing.text)
        self.assertNotIn(self.report_b.name, listing.text)

    def test_forged_dealer_in_the_post_is_ignored(self):
        self.authenticate(self.portal_sales_a.login, self.portal_sales_a.login)
        response = self.url_open(
            "/my/dealer/stock/new",
            data={
                "csrf_token": self._csrf(),
                "dealer_id": self.dealer_b.id,
                "date": fields.Date.to_string(self.today),
                "row_count": 2,
                "reference_0": "DST-NOZZLE",
                "quantity_0": "6",
            },
        )
        self.assertEqual(response.status_code, 200)
        new = self.StockReport.search([("line_ids.product_id", "=", self.part_nozzle.id)])
        self.assertEqual(new.dealer_id, self.dealer_a)
        self.assertEqual(new.state, "submitted")
        self.assertEqual(new.source, "portal")
        self.assertFalse(
            self.StockReport.search([("dealer_id", "=", self.dealer_b.id), ("id", "!=", self.report_b.id)])
        )

    def test_upload_shows_rows_and_saves_nothing(self):
        self.authenticate(self.portal_sales_a.login, self.portal_sales_a.login)
        before = self.StockReport.search_count([("dealer_id", "=", self.dealer_a.id)])
        data = make_xlsx([("DST-BELT", 4), ("NOPE", 1), ("DST-FILTER", -3)])
        response = self.url_open(
            "/my/dealer/stock/upload",
            data={"csrf_token": self._csrf(), "date": fields.Date.to_string(self.today)},
            files={"upload": ("stok.xlsx", data, "application/octet-stream")},
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("NOPE", response.text)
        self.assertIn('value="DST-BELT"', response.text)
        self.assertNotIn('value="DST-FILTER"', response.text)
        self.assertEqual(self.StockReport.search_count([("dealer_id", "=", self.dealer_a.id)]), before)
        wrong = self.url_open(
            "/my/dealer/stock/upload",
            data={"csrf_token": self._csrf(), "date": fields.Date.to_string(self.today)},
            files={"upload": ("stok.pdf", b"%PDF-1.4", "application/pdf")},
        )
        self.assertIn("o_miy_dealer_upload_error", wrong.text)

    def test_plain_portal_customer_is_sent_home(self):
        self.authenticate(self.portal_customer.login, self.portal_customer.login)
        for url in ("/my/dealer/stock", "/my/dealer/sellout/new", "/my/dealer/stock/template.xlsx"):
            response = self.url_open(url, allow_redirects=False)
            self.assertIn(response.status_code, (302, 303), url)
        response = self.url_open(f"/my/dealer/stock/{self.report_a.id}", allow_redirects=False)
        self.assertEqual(response.status_code, 404)
        self.assertNotIn("/my/dealer/stock", self.url_open("/my").text, "no dealer card for a customer")

    def test_template_download(self):
        self.authenticate(self.portal_sales_a.login, self.portal_sales_a.login)
        home = self.url_open("/my").text
        self.assertIn('href="/my/dealer/stock"', home)
        self.assertIn('href="/my/dealer/sellout"', home)
        response = self.url_open("/my/dealer/sellout/template.xlsx")
        self.assertEqual(response.status_code, 200)
        raw, error = self.SelloutReport._miy_read_xlsx(response.content, "sellout-report.xlsx")
        self.assertFalse(error)
