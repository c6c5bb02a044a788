from ast import literal_eval

from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged
from odoo.tools import mute_logger

from ..models.dealer_order import ORDER_XLSX_MAX_BYTES
from .dealer_order_common import DealerOrderCommon


@tagged("post_install", "-at_install")
class TestDealerOrder(DealerOrderCommon):
    """Quick order: parsing, validation, prices of the dealer's pricelist, availability, the
    sale.order it becomes, reorder, Excel upload, and who may do what."""

    def _dealer(self, user, dealer=None):
        return (dealer or self.dealer_a).with_user(user)._miy_order_sudo()

    # ---------------------------------------------------------------- parsing
    def test_parse_quick_order_text(self):
        lines = self.env["miy.dealer"]._miy_parse_order_text(
            "T-BRG-1 4\n\n  T-FLT-1;12,5 \n8690000990011\tx\nT-SRV-1\nT-TOOL-1 -2"
        )
        self.assertEqual(
            [(line["row"], line["ref"], line["qty"]) for line in lines],
            [
                (1, "T-BRG-1", 4.0),
                (3, "T-FLT-1", 12.5),
                (4, "8690000990011", None),
                (5, "T-SRV-1", 1.0),
                (6, "T-TOOL-1", -2.0),
            ],
        )

    # ---------------------------------------------------------------- pricing
    def test_prices_come_from_each_dealers_pricelist(self):
        dealer_a = self._dealer(self.portal_sales_a)
        dealer_b = self._dealer(self.portal_admin_b, self.dealer_b)
        products = self.p_bearing | self.p_tool
        self.assertEqual(dealer_a._miy_order_prices(products), {self.p_bearing.id: 85.0, self.p_tool.id: 170.0})
        self.assertEqual(dealer_b._miy_order_prices(products), {self.p_bearing.id: 90.0, self.p_tool.id: 180.0})
        check = dealer_a._miy_check_order_lines(
            [{"row": 1, "ref": "T-BRG-1", "qty": 4.0}, {"row": 2, "ref": "8690000990011", "qty": 1.0}]
        )
        self.assertFalse(check["errors"])
        self.assertEqual([line["price_unit"] for line in check["lines"]], [85.0, 85.0])
        self.assertEqual(check["amount"], 425.0)

    def test_quantity_breaks_of_the_pricelist(self):
        self.env["product.pricelist.item"].create(
            {
                "pricelist_id": self.pricelist_gold.id,
                "applied_on": "0_product_variant",
                "product_id": self.p_bearing.id,
                "min_quantity": 10,
                "compute_price": "percentage",
                "percent_price": 20,
            }
        )
        dealer = self._dealer(self.portal_sales_a)
        check = dealer._miy_check_order_lines(
            dealer._miy_parse_order_text("T-BRG-1 4\nT-BRG-1 9\nT-BRG-1 10\nT-BRG-1 25")
        )
        self.assertEqual([line["price_unit"] for line in check["lines"]], [85.0, 85.0, 80.0, 80.0])
        order = dealer._miy_create_dealer_order(
            dealer._miy_parse_order_text("T-BRG-1 12"), self.portal_sales_a.partner_id
        )
        self.assertAlmostEqual(order.amount_untaxed, 12 * 80.0)

    def test_a_dealer_cannot_use_another_dealers_profile(self):
        with self.assertRaises(AccessError):
            self.dealer_a.with_user(self.portal_admin_b)._miy_order_sudo()
        self.assertFalse(self.portal_customer._miy_dealer())
        self.assertEqual(self.portal_sales_a._miy_dealer(), self.dealer_a)

    # ---------------------------------------------------------------- availability
    def test_availability_bands_and_hidden_quantities(self):
        dealer = self._dealer(self.portal_sales_a)
        products = self.p_bearing | self.p_filter | self.p_tool | self.p_service
        availability = dealer._miy_order_availability(products)
        self.assertEqual(availability[self.p_bearing.id], {"qty": 50.0, "band": "in_stock"})
        self.assertEqual(availability[self.p_filter.id], {"qty": 3.0, "band": "limited"})
        self.assertEqual(availability[self.p_tool.id], {"qty": 0.0, "band": "on_order"})
        self.assertEqual(availability[self.p_service.id]["band"], "in_stock")
        self.company.miy_dealer_hide_qty = True
        availability = dealer._miy_order_availability(products)
        self.assertEqual(availability[self.p_bearing.id], {"qty": None, "band": "in_stock"})
        self.assertEqual(availability[self.p_filter.id], {"qty": None, "band": "limited"})
        self.assertEqual(availability[self.p_tool.id], {"qty": None, "band": "on_order"})

    # ---------------------------------------------------------------- validation
    def test_each_bad_line_is_reported(self):
        self.dealer_a.product_category_ids = self.categ_parts
        dealer = self._dealer(self.portal_sales_a)
        text = "\n".join(
            [
                "T-BRG-1 2",  # good
                "NOPE-404 1",  # unknown
                "T-BRG-1 0",  # zero
                "T-BRG-1 -3",  # negative
                "T-OLD-1 1",  # archived
                "T-INT-1 1",  # not sellable
                "T-FLT-1 5",  # below the minimum of 10
                "T-TOOL-1 1",  # outside the dealer's product groups
                "T-OTH-1 1",  # another company's product
                "T-BRG-1 abc",  # no number
                "T-FLT-1 10",  # good: the minimum
            ]
        )
        check = dealer._miy_check_order_lines(dealer._miy_parse_order_text(text))
        errors = {e["row"]: e["error"] for e in check["errors"]}
        self.assertEqual(sorted(errors), [2, 3, 4, 5, 6, 7, 8, 9, 10])
        self.assertIn("Unknown product reference NOPE-404", errors[2])
        self.assertIn("more than zero", errors[3])
        self.assertIn("more than zero", errors[4])
        self.assertIn("archived", errors[5])
        self.assertIn("not for sale", errors[6])
        self.assertIn("at least 10 Units", errors[7])
        self.assertIn("product groups", errors[8])
        self.assertIn("Unknown product reference T-OTH-1", errors[9])
        self.assertIn("not a quantity", errors[10])
        good = [line for line in check["lines"] if not line["error"]]
        self.assertEqual([line["product"] for line in good], [self.p_bearing, self.p_filter])
        self.assertEqual(check["amount"], 2 * 85.0 + 10 * 42.5)

    def test_forged_product_ids_are_checked_against_the_catalogue(self):
        dealer = self._dealer(self.portal_sales_a)
        check = dealer._miy_check_order_lines(
            [
                {"row": 1, "product_id": self.p_internal.id, "qty": 1.0},
                {"row": 2, "product_id": self.p_other_company.id, "qty": 1.0},
                {"row": 3, "product_id": 987654321, "qty": 1.0},
                {"row": 4, "product_id": self.p_bearing.id, "qty": 1.0, "price_unit": 0.01},
            ]
        )
        self.assertEqual([e["row"] for e in check["errors"]], [1, 2, 3])
        self.assertEqual(check["lines"][3]["price_unit"], 85.0)

    # ---------------------------------------------------------------- batching
    def _queries(self, fn):
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        fn()
        return self.env.cr.sql_log_count - before

    def test_check_and_page_queries_do_not_grow_with_lines(self):
        """The hot paths batch: 4 or 40 lines (or catalogue rows) cost the same number of queries."""
        Product = self.env["product.product"]
        extra = Product.create(
            [
                {
                    "name": f"Bench part {n}",
                    "default_code": f"T-BN-{n:03d}",
                    "categ_id": self.categ_parts.id,
                    "type": "consu",
                    "is_storable": True,
                    "list_price": 10 + n,
                }
                for n in range(40)
            ]
        )
        for product in extra[::2]:
            self.env["stock.quant"]._update_available_quantity(product, self.warehouse.lot_stock_id, 5)
        dealer = self._dealer(self.portal_sales_a)
        few = dealer._miy_parse_order_text("\n".join(f"{p.default_code} 2" for p in extra[:4]))
        many = dealer._miy_parse_order_text("\n".join(f"{p.default_code} 2" for p in extra))
        dealer._miy_check_order_lines(few)  # warm the registry caches
        # headroom of 2: a prefetch batch may split differently, but nothing runs per line
        few_queries = self._queries(lambda: dealer._miy_check_order_lines(few))
        self.assertLessEqual(self._queries(lambda: dealer._miy_check_order_lines(many)), few_queries + 2)

        def page(limit):
            products, _total = dealer._miy_order_search_products("T-BN", limit=limit)
            dealer._miy_order_prices(products)
            dealer._miy_order_availability(products)

        page(4)
        few_queries = self._queries(lambda: page(4))
        self.assertLessEqual(self._queries(lambda: page(40)), few_queries + 2)

    # ---------------------------------------------------------------- the order
    def test_confirmed_lines_become_the_dealers_quotation(self):
        dealer = self._dealer(self.portal_sales_a)
        lines = dealer._miy_parse_order_text("T-BRG-1 4\nT-FLT-1 10")
        order = dealer._miy_create_dealer_order(lines, self.portal_sales_a.partner_id, client_ref="PO-77")
        self.assertEqual(order.partner_id, self.dealer_partner_a)
        self.assertEqual(order.miy_dealer_id, self.dealer_a)
        self.assertEqual(order.miy_dealer_contact_id, self.portal_sales_a.partner_id)
        self.assertEqual(order.pricelist_id, self.pricelist_gold)
        self.assertEqual(order.state, "sent")
        self.assertEqual(order.client_order_ref, "PO-77")
        self.assertEqual(order.user_id, self.dealer_a.user_id)
        self.assertAlmostEqual(order.amount_untaxed, 4 * 85.0 + 10 * 42.5)
        # the dealer's staff see it (Odoo's portal rule, through the commercial partner), the other dealer not
        SaleOrder = self.env["sale.order"]
        self.assertEqual(SaleOrder.with_user(self.portal_admin_a).search([("id", "=", order.id)]), order)
        self.assertEqual(SaleOrder.with_user(self.portal_sales_a).search([("id", "=", order.id)]), order)
        self.assertFalse(SaleOrder.with_user(self.portal_admin_b).search([("id", "=", order.id)]))
        self.assertFalse(SaleOrder.with_user(self.portal_customer).search([("id", "=", order.id)]))
        with self.assertRaises(AccessError):
            order.with_user(self.portal_admin_b).read(["name"])

    def test_confirmation_setting_confirms_the_order(self):
        self.company.miy_dealer_confirm_orders = True
        dealer = self._dealer(self.portal_sales_a)
        order = dealer._miy_create_dealer_order(
            dealer._miy_parse_order_text("T-BRG-1 2"), self.portal_sales_a.partner_id
        )
        self.assertEqual(order.state, "sale")

    def test_bad_lines_create_nothing(self):
        dealer = self._dealer(self.portal_sales_a)
        SaleOrder = self.env["sale.order"]
        before = SaleOrder.search_count([("partner_id", "=", self.dealer_partner_a.id)])
        for text in ("T-BRG-1 2\nT-OLD-1 1", "T-FLT-1 3", "", "T-BRG-1 -1"):
            with self.assertRaises(UserError):
                dealer._miy_create_dealer_order(dealer._miy_parse_order_text(text), self.portal_sales_a.partner_id)
        # ordering for another dealer's staff is refused too
        with self.assertRaises(UserError):
            dealer._miy_create_dealer_order(dealer._miy_parse_order_text("T-BRG-1 2"), self.portal_admin_b.partner_id)
        self.assertEqual(SaleOrder.search_count([("partner_id", "=", self.dealer_partner_a.id)]), before)

    def test_portal_users_cannot_create_orders_over_rpc(self):
        vals = {
            "partner_id": self.dealer_partner_a.id,
            "order_line": [(0, 0, {"product_id": self.p_bearing.id, "product_uom_qty": 1, "price_unit": 0.01})],
        }
        for user in (self.portal_admin_a, self.portal_sales_a, self.portal_customer):
            with self.assertRaises(AccessError):
                self.env["sale.order"].with_user(user).create(vals)
        with self.assertRaises(AccessError):
            self.env["product.product"].with_user(self.portal_sales_a).search([("id", "=", self.p_bearing.id)]).read(
                ["standard_price"]
            )

    # ---------------------------------------------------------------- reorder
    def test_reorder_copies_the_lines_of_an_own_order(self):
        dealer = self._dealer(self.portal_sales_a)
        order = dealer._miy_create_dealer_order(
            dealer._miy_parse_order_text("T-BRG-1 4\nT-FLT-1 12"), self.portal_sales_a.partner_id
        )
        lines = dealer._miy_reorder_lines(order)
        self.assertEqual(
            [(line["product_id"], line["qty"]) for line in lines], [(self.p_bearing.id, 4.0), (self.p_filter.id, 12.0)]
        )
        check = dealer._miy_check_order_lines(lines)
        self.assertFalse(check["errors"])
        dealer_b = self._dealer(self.portal_admin_b, self.dealer_b)
        with self.assertRaises(UserError):
            dealer_b._miy_reorder_lines(order)

    # ---------------------------------------------------------------- Excel
    def test_excel_upload_reports_each_bad_row(self):
        dealer = self._dealer(self.portal_sales_a)
        data = self._xlsx(
            [
                ["Referans", "Miktar", "Not"],
                ["T-BRG-1", 3, "iyi"],
                ["NOPE-404", 1, None],
                ["T-BRG-1", -2, None],
                [None, None, None],
                [8690000990011, "2", None],
                ["T-FLT-1", "beş", None],
            ]
        )
        lines = dealer._miy_parse_order_xlsx(data, "siparis.xlsx")
        self.assertEqual([line["row"] for line in lines], [2, 3, 4, 6, 7])
        check = dealer._miy_check_order_lines(lines)
        self.assertEqual([e["row"] for e in check["errors"]], [3, 4, 7])
        good = [line for line in check["lines"] if not line["error"]]
        self.assertEqual(
            [(line["product"], line["qty"]) for line in good], [(self.p_bearing, 3.0), (self.p_bearing, 2.0)]
        )

    def test_excel_upload_refuses_bad_files(self):
        Dealer = self.env["miy.dealer"]
        with self.assertRaisesRegex(UserError, "first row"):
            Dealer._miy_parse_order_xlsx(self._xlsx([["Product", "Amount"], ["T-BRG-1", 1]]), "order.xlsx")
        with self.assertRaisesRegex(UserError, "Excel"):
            Dealer._miy_parse_order_xlsx(b"Reference;Quantity\nT-BRG-1;1\n", "order.csv")
        with self.assertRaisesRegex(UserError, "Excel"):
            Dealer._miy_parse_order_xlsx(b"Reference;Quantity\nT-BRG-1;1\n", "order.xlsx")
        with self.assertRaisesRegex(UserError, "cannot be read"):
            Dealer._miy_parse_order_xlsx(b"PK\x03\x04" + b"\0" * 100, "order.xlsx")
        with self.assertRaisesRegex(UserError, "too large"):
            Dealer._miy_parse_order_xlsx(b"PK\x03\x04" + b"\0" * ORDER_XLSX_MAX_BYTES, "order.xlsx")

    def test_excel_template_reads_back(self):
        Dealer = self.env["miy.dealer"]
        template = Dealer._miy_order_xlsx_template()
        self.assertEqual(Dealer._miy_parse_order_xlsx(template, "template.xlsx"), [])
        self.env["res.lang"]._activate_lang("tr_TR")
        self.env["ir.module.module"]._load_module_terms(["miy_dealer_channel"], ["tr_TR"], overwrite=True)
        tr = Dealer.with_context(lang="tr_TR")
        self.assertEqual(tr.env._("Quantity"), "Miktar")
        self.assertEqual(tr._miy_parse_order_xlsx(tr._miy_order_xlsx_template(), "şablon.xlsx"), [])

    # ---------------------------------------------------------------- back office
    def test_back_office_views_and_settings(self):
        arch = self.env["res.config.settings"].get_views([(False, "form")])["views"]["form"]["arch"]
        for field in ("miy_dealer_hide_qty", "miy_dealer_limited_qty", "miy_dealer_confirm_orders"):
            self.assertIn(f'name="{field}"', arch)
        arch = self.env["product.template"].get_views([(False, "form")])["views"]["form"]["arch"]
        self.assertIn('name="miy_min_order_qty"', arch)
        settings = self.env["res.config.settings"].create(
            {"miy_dealer_hide_qty": True, "miy_dealer_confirm_orders": True}
        )
        settings.execute()
        self.assertTrue(self.env.company.miy_dealer_hide_qty)
        self.assertTrue(self.env.company.miy_dealer_confirm_orders)
        salesman = self.env["res.users"].create(
            {
                "name": "Dealer orders salesman (test)",
                "login": "dealer_orders_salesman",
                "groups_id": [(6, 0, [self.env.ref("sales_team.group_sale_salesman_all_leads").id])],
            }
        )
        dealer = self._dealer(self.portal_sales_a)
        order = dealer._miy_create_dealer_order(
            dealer._miy_parse_order_text("T-BRG-1 1"), self.portal_sales_a.partner_id
        )
        action = (
            self.env["ir.actions.actions"]
            .with_user(salesman)
            ._for_xml_id("miy_dealer_channel.sale_order_action_dealer_order")
        )
        self.assertIn(order, self.env["sale.order"].with_user(salesman).search(literal_eval(action["domain"])))
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"), self.env.cr.savepoint():
            self.p_filter.product_tmpl_id.miy_min_order_qty = -1
            self.env.flush_all()
