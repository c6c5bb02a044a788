import io
from unittest.mock import patch

from odoo import http
from odoo.exceptions import UserError
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from .dealer_order_common import DealerOrderCommon


@tagged("post_install", "-at_install")
class TestDealerOrderPortal(DealerOrderCommon, HttpCase):
    """The dealer order pages as a browser sees them, and a hostile caller's attempts."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        dealer_a = cls.dealer_a.sudo()._miy_order_sudo()
        cls.order_a = dealer_a._miy_create_dealer_order(
            dealer_a._miy_parse_order_text("T-BRG-1 4"), cls.portal_admin_a.partner_id
        )

    def _post(self, url, data, files=None):
        data = dict(data, csrf_token=http.Request.csrf_token(self))
        return self.url_open(url, data=data, files=files)

    def test_order_page_shows_own_prices_only(self):
        self.authenticate(self.portal_sales_a.login, self.portal_sales_a.login)
        response = self.url_open("/my/dealer/order?search=T-BRG")
        self.assertEqual(response.status_code, 200)
        self.assertIn("Gold (test)", response.text)
        self.assertIn("85.00", response.text)
        self.assertNotIn("Silver (test)", response.text)
        self.assertNotIn("90.00", response.text)
        self.assertNotIn("50.00", response.text.split("o_miy_dealer_catalog")[1])  # no cost (100 / 2)
        # a plain portal customer has no dealer order page
        self.authenticate(self.portal_customer.login, self.portal_customer.login)
        self.assertEqual(self.url_open("/my/dealer/order").status_code, 404)
        self.assertEqual(self.url_open("/my/dealer/order/template.xlsx").status_code, 404)
        self.assertEqual(
            self._post("/my/dealer/order/check", {"lines": "T-BRG-1 1", "action": "confirm"}).status_code, 404
        )

    def test_dealer_staff_follow_orders_in_odoos_portal(self):
        self.authenticate(self.portal_sales_a.login, self.portal_sales_a.login)
        self.assertIn(self.order_a.name, self.url_open("/my/quotes").text)
        self.assertEqual(self.url_open(f"/my/orders/{self.order_a.id}").status_code, 200)
        self.assertIn(self.order_a.name, self.url_open(f"/my/orders/{self.order_a.id}").text)
        # once the firm confirms and invoices it, the order and its invoice show in Odoo's pages
        self.order_a.action_confirm()
        invoice = self.order_a._create_invoices()
        invoice.action_post()
        self.assertIn(self.order_a.name, self.url_open("/my/orders").text)
        self.assertIn(invoice.name, self.url_open("/my/invoices").text)
        self.assertEqual(self.url_open(f"/my/invoices/{invoice.id}").status_code, 200)
        self.authenticate(self.portal_admin_b.login, self.portal_admin_b.login)
        self.assertNotIn(self.order_a.name, self.url_open("/my/orders").text)
        self.assertNotIn(invoice.name, self.url_open("/my/invoices").text)
        self.assertNotIn(invoice.name, self.url_open(f"/my/invoices/{invoice.id}").text)

    def test_another_dealers_order_is_out_of_reach(self):
        self.authenticate(self.portal_admin_b.login, self.portal_admin_b.login)
        response = self.url_open(f"/my/orders/{self.order_a.id}")
        self.assertNotIn(self.order_a.name, response.text)
        self.assertNotIn(f"/my/orders/{self.order_a.id}", response.url)
        self.assertNotIn(self.order_a.name, self.url_open("/my/quotes").text)
        self.assertEqual(self.url_open(f"/my/dealer/order?reorder={self.order_a.id}").status_code, 404)
        self.assertEqual(self.url_open("/my/dealer/order?reorder=abc").status_code, 404)
        # the own dealer's staff reorder it
        self.authenticate(self.portal_sales_a.login, self.portal_sales_a.login)
        response = self.url_open(f"/my/dealer/order?reorder={self.order_a.id}")
        self.assertEqual(response.status_code, 200)
        self.assertIn("o_miy_dealer_order_line", response.text)
        self.assertIn(self.order_a.name, response.text)

    def test_forged_price_and_product_in_the_post(self):
        self.authenticate(self.portal_sales_a.login, self.portal_sales_a.login)
        SaleOrder = self.env["sale.order"]
        before = SaleOrder.search([("partner_id", "=", self.dealer_partner_a.id)])
        response = self._post(
            "/my/dealer/order/check",
            {
                "action": "confirm",
                "line_product_id": str(self.p_bearing.id),
                "line_qty": "2",
                "price_unit": "0.01",
                "partner_id": str(self.dealer_partner_b.id),
                "pricelist_id": "1",
            },
        )
        self.assertEqual(response.status_code, 200)
        order = SaleOrder.search([("partner_id", "=", self.dealer_partner_a.id)]) - before
        self.assertEqual(len(order), 1)
        self.assertEqual(order.order_line.price_unit * (1 - order.order_line.discount / 100), 85.0)
        self.assertEqual(order.pricelist_id, self.pricelist_gold)
        self.assertEqual(order.miy_dealer_contact_id, self.portal_sales_a.partner_id)
        # a product outside the catalogue is refused, nothing created
        response = self._post(
            "/my/dealer/order/check",
            {"action": "confirm", "line_product_id": str(self.p_internal.id), "line_qty": "1"},
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("o_miy_dealer_order_line_error", response.text)
        self.assertFalse(SaleOrder.search([("partner_id", "=", self.dealer_partner_a.id)]) - before - order)

    def test_a_refused_confirmation_leaves_no_order(self):
        self.company.miy_dealer_confirm_orders = True
        self.authenticate(self.portal_sales_a.login, self.portal_sales_a.login)
        SaleOrder = self.env["sale.order"]
        before = SaleOrder.search_count([("partner_id", "=", self.dealer_partner_a.id)])

        refusal = "Stock rules missing (test)"

        def refuse(orders):
            raise UserError(refusal)

        with patch.object(type(SaleOrder), "action_confirm", refuse), mute_logger("odoo.http"):
            response = self._post("/my/dealer/order/check", {"action": "confirm", "lines": "T-BRG-1 2"})
        self.assertEqual(response.status_code, 200)
        self.assertIn("Stock rules missing (test)", response.text)
        self.assertEqual(SaleOrder.search_count([("partner_id", "=", self.dealer_partner_a.id)]), before)

    def test_excel_upload_creates_nothing_before_confirmation(self):
        self.authenticate(self.portal_sales_a.login, self.portal_sales_a.login)
        SaleOrder = self.env["sale.order"]
        before = SaleOrder.search_count([("partner_id", "=", self.dealer_partner_a.id)])
        template = self.url_open("/my/dealer/order/template.xlsx")
        self.assertEqual(template.status_code, 200)
        self.assertTrue(template.content.startswith(b"PK"))
        data = self._xlsx([["Reference", "Quantity"], ["T-BRG-1", 2], ["NOPE-404", 1], ["T-BRG-1", -1]])
        response = self._post("/my/dealer/order/upload", {}, files={"order_file": ("order.xlsx", io.BytesIO(data))})
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.text.count("o_miy_dealer_order_line_error"), 2)
        self.assertIn("NOPE-404", response.text)
        response = self._post(
            "/my/dealer/order/upload", {}, files={"order_file": ("order.csv", io.BytesIO(b"T-BRG-1;1"))}
        )
        self.assertIn("o_miy_dealer_order_error", response.text)
        big = io.BytesIO(b"PK\x03\x04" + b"\0" * (11 * 1024 * 1024))
        response = self._post("/my/dealer/order/upload", {}, files={"order_file": ("big.xlsx", big)})
        self.assertIn("too large", response.text)
        self.assertEqual(SaleOrder.search_count([("partner_id", "=", self.dealer_partner_a.id)]), before)

    def test_quick_order_tour_in_turkish(self):
        self.env["res.lang"]._activate_lang("tr_TR")
        modules = ["portal", "sale", "miy_dealer_channel"]
        self.env["ir.module.module"]._load_module_terms(modules, ["tr_TR"], overwrite=True)
        self.portal_sales_a.lang = "tr_TR"
        before = self.env["sale.order"].search([("partner_id", "=", self.dealer_partner_a.id)])
        self.start_tour("/my", "miy_dealer_order_tour", login=self.portal_sales_a.login)
        order = self.env["sale.order"].search([("partner_id", "=", self.dealer_partner_a.id)]) - before
        self.assertEqual(len(order), 1)
        self.assertEqual(order.order_line.product_id, self.p_bearing)
        self.assertEqual(order.order_line.product_uom_qty, 4)
        self.assertAlmostEqual(order.amount_untaxed, 340.0)
