from datetime import timedelta

from odoo import http
from odoo.tests import HttpCase, tagged

from odoo.addons.miy_contacts.tests.readonly_routes import (
    READ_ONLY,
    READ_ONLY_PAGE,
    READ_WRITE,
    ReadonlyRoutesMixin,
    record_cursors,
)

from .dealer_intel_common import DealerIntelCommon
from .dealer_order_common import DealerOrderCommon
from .dealer_stock_common import DealerStockCommon, make_xlsx
from .test_dealer_portal_leads import DealerPortalLeadCommon

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@tagged("post_install", "-at_install")
class TestReadonlyRoutes(
    DealerPortalLeadCommon, DealerIntelCommon, DealerOrderCommon, DealerStockCommon, ReadonlyRoutesMixin, HttpCase
):
    """The dealer portal's pages read from the replica; every action, submission and order writes
    on the primary. Odoo's test mode gives read-only routes a read-only transaction, as a replica."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.stock_report = cls._stock_report(cls.dealer_a, [(cls.part_belt, 7)])
        cls.sellout_report = cls._sellout_report(
            cls.dealer_a, [(cls.part_filter, 3)], cls.today.replace(day=1), cls.today
        )
        dealer_a = cls.dealer_a.sudo()._miy_order_sudo()
        cls.order_a = dealer_a._miy_create_dealer_order(
            dealer_a._miy_parse_order_text("T-BRG-1 4"), cls.portal_admin_a.partner_id
        )

    def _post(self, url, data, files=None):
        return self.open_read_write(url, dict(data, csrf_token=http.Request.csrf_token(self)), files=files)

    def test_route_modes(self):
        kind = "/my/dealer/<any(stock,sellout):kind>"
        self.assert_route_modes(
            "miy_dealer_channel",
            {
                "/my/dealer/team": READ_ONLY_PAGE,  # the administrator's invitation (POST) writes
                kind: READ_ONLY_PAGE,
                f"{kind}/page/<int:page>": READ_ONLY_PAGE,
                f"{kind}/<int:report_id>": READ_ONLY_PAGE,
                f"{kind}/new": READ_ONLY_PAGE,  # the POST submits the report
                # reads the file only, but Odoo's retry on the primary would not rewind an upload
                f"{kind}/upload": READ_WRITE,
                f"{kind}/template.xlsx": READ_ONLY,
                "/my/dealer/leads": READ_ONLY_PAGE,
                "/my/dealer/leads/page/<int:page>": READ_ONLY_PAGE,
                "/my/dealer/leads/<int:lead_id>": READ_ONLY_PAGE,
                "/my/dealer/leads/<int:lead_id>/<string:action>": READ_WRITE,
                "/my/dealer/deals/new": READ_ONLY_PAGE,  # the POST registers the deal
                "/my/dealer/intel": READ_ONLY_PAGE,
                "/my/dealer/intel/page/<int:page>": READ_ONLY_PAGE,
                # writes the evidence files' download tokens on the first view (generate_access_token)
                "/my/dealer/intel/<int:report_id>": READ_WRITE,
                "/my/dealer/intel/new": READ_ONLY_PAGE,  # the POST files the report
                "/my/dealer/order": READ_ONLY_PAGE,
                "/my/dealer/order/page/<int:page>": READ_ONLY_PAGE,
                "/my/dealer/order/check": READ_WRITE,  # action=confirm places the order
                "/my/dealer/order/upload": READ_WRITE,  # an upload (see above)
                "/my/dealer/order/template.xlsx": READ_ONLY,
            },
        )

    def test_pages_work_on_a_read_only_cursor(self):
        self.authenticate(self.portal_admin_a.login, self.portal_admin_a.login)
        self.open_read_only("/my/dealer/leads", "Portal lead A (test)")
        self.open_read_only("/my/dealer/leads/page/1?filterby=all&sortby=name", "Portal lead A2 (test)")
        self.open_read_only(f"/my/dealer/leads/{self.lead_a.id}", "Portal lead A (test)")
        self.open_read_only("/my/dealer/deals/new", 'name="customer"')
        self.open_read_only("/my/dealer/team", self.portal_sales_a.name)
        for kind, report in (("stock", self.stock_report), ("sellout", self.sellout_report)):
            self.open_read_only(f"/my/dealer/{kind}", report.name)
            self.open_read_only(f"/my/dealer/{kind}/page/1", report.name)
            self.open_read_only(f"/my/dealer/{kind}/{report.id}", report.name, report.line_ids.product_id.name)
            self.open_read_only(f"/my/dealer/{kind}/new", 'name="csrf_token"')
            template = self.open_read_only(f"/my/dealer/{kind}/template.xlsx")
            self.assertEqual(template.headers["Content-Type"], XLSX)
        intel = self._portal_report(self.portal_sales_a, name="Fuarda görülen kampanya (test)")
        self.open_read_only("/my/dealer/intel", "Fuarda görülen kampanya (test)")
        self.open_read_only("/my/dealer/intel/page/1", "Fuarda görülen kampanya (test)")
        # the report's page stays on the primary: it writes the files' download tokens
        page = self.open_read_write(f"/my/dealer/intel/{intel.id}")
        self.assertIn("Fuarda görülen kampanya (test)", page.text)
        self.assertTrue(intel.sudo().attachment_ids.access_token)
        self.open_read_only("/my/dealer/intel/new", 'name="kind"')
        page = self.open_read_only("/my/dealer/order", "Rulman (test)", self.order_a.name)
        # the recent order's link needs no access token (writing one would leave the replica)
        self.assertIn(f'href="/my/orders/{self.order_a.id}"', page.text)
        self.assertIn(self.order_a.name, self.url_open(f"/my/orders/{self.order_a.id}").text)
        self.open_read_only("/my/dealer/order/page/1?search=T-BRG", "Rulman (test)")
        # "order again": the lines of a past order, checked against today's catalogue
        self.open_read_only(f"/my/dealer/order?reorder={self.order_a.id}", "Rulman (test)")
        template = self.open_read_only("/my/dealer/order/template.xlsx")
        self.assertEqual(template.headers["Content-Type"], XLSX)
        counters = ["miy_dealer_lead_count", "miy_field_report_count", "miy_dealer_stock_count"]
        with record_cursors() as runs:
            values = self.make_jsonrpc_request("/my/counters", {"counters": counters})
        self.assertEqual(runs, [("/my/counters", True)])
        self.assertEqual(values["miy_dealer_lead_count"], 2)
        self.assertEqual(values["miy_dealer_stock_count"], 1)

    def test_read_only_pages_still_refuse_other_dealers(self):
        """The replica answers with the same rights: another dealer's records stay out of reach."""
        self.authenticate(self.portal_admin_b.login, self.portal_admin_b.login)
        self.open_read_only(f"/my/dealer/leads/{self.lead_a.id}", status=404)
        self.open_read_only(f"/my/dealer/stock/{self.stock_report.id}", status=404)
        self.open_read_only(f"/my/dealer/order?reorder={self.order_a.id}", status=404)
        page = self.open_read_only("/my/dealer/leads", "Portal lead B (test)")
        self.assertNotIn("Portal lead A (test)", page.text)
        self.authenticate(self.portal_customer.login, self.portal_customer.login)
        self.open_read_only("/my/dealer/leads", status=404)
        self.open_read_only("/my/dealer/order", status=404)

    def test_actions_write_on_the_primary(self):
        """Accepting a lead, registering a deal, submitting a report, checking and placing an
        order run on the primary, never on the replica, and so do the pages shown right after."""
        self.authenticate(self.portal_sales_a.login, self.portal_sales_a.login)
        response = self._post(f"/my/dealer/leads/{self.lead_a.id}/accept", {})
        self.assertEqual(response.status_code, 303)
        self.assertEqual(self.lead_a.miy_dealer_state, "accepted")
        # the page after the action reads the primary: the replica may be a moment behind
        self.assertEqual(self.open_read_write(f"/my/dealer/leads/{self.lead_a.id}?message=accept").status_code, 200)

        response = self._post("/my/dealer/deals/new", {"customer": "Replika Tekstil (test)", "phone": "+905321112233"})
        self.assertEqual(response.status_code, 303, response.text[:500])
        deal = self.env["crm.lead"].search([("partner_name", "=", "Replika Tekstil (test)")])
        self.assertEqual(len(deal), 1)

        reports = self.StockReport.search_count([("dealer_id", "=", self.dealer_a.id)])
        response = self._post(
            "/my/dealer/stock/new",
            {
                "date": (self.today - timedelta(days=2)).isoformat(),
                "row_count": "1",
                "reference_0": "DST-NOZZLE",
                "quantity_0": "2",
            },
        )
        self.assertEqual(response.status_code, 303, response.text[:500])
        self.assertEqual(self.StockReport.search_count([("dealer_id", "=", self.dealer_a.id)]), reports + 1)
        response = self._post(
            "/my/dealer/stock/upload", {}, files={"upload": ("stock.xlsx", make_xlsx([("DST-BELT", 4)]), XLSX)}
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("DST-BELT", response.text)

        orders = self.env["sale.order"].search_count([("partner_id", "child_of", self.dealer_partner_a.id)])
        response = self._post("/my/dealer/order/check", {"lines": "T-BRG-1 2", "action": "check"})
        self.assertEqual(response.status_code, 200)
        response = self._post("/my/dealer/order/check", {"lines": "T-BRG-1 2", "action": "confirm"})
        self.assertEqual(response.status_code, 303)
        self.assertEqual(
            self.env["sale.order"].search_count([("partner_id", "child_of", self.dealer_partner_a.id)]), orders + 1
        )
