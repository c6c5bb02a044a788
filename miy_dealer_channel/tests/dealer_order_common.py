import io

from odoo import Command

from .common import DealerCommon


class DealerOrderCommon(DealerCommon):
    """Dealer A (Gold pricelist, -15 %) and dealer B (Silver, -10 %), a small catalogue of spare
    parts and tools with stock in the company's warehouse; no demo data."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.dealer_a.company_id
        cls.company.write(
            {"miy_dealer_hide_qty": False, "miy_dealer_limited_qty": 10, "miy_dealer_confirm_orders": False}
        )
        Category = cls.env["product.category"]
        cls.categ_parts = Category.create({"name": "Spare parts (test)"})
        cls.categ_tools = Category.create({"name": "Tools (test)"})
        Product = cls.env["product.product"]

        def product(code, name, price, categ, **vals):
            return Product.create(
                {
                    "name": name,
                    "default_code": code,
                    "list_price": price,
                    "standard_price": price / 2,
                    "categ_id": categ.id,
                    "type": "consu",
                    "is_storable": True,
                    **vals,
                }
            )

        cls.p_bearing = product("T-BRG-1", "Rulman (test)", 100.0, cls.categ_parts, barcode="8690000990011")
        cls.p_filter = product("T-FLT-1", "Filtre (test)", 50.0, cls.categ_parts, miy_min_order_qty=10)
        cls.p_tool = product("T-TOOL-1", "Takım (test)", 200.0, cls.categ_tools)
        cls.p_old = product("T-OLD-1", "Eski parça (test)", 10.0, cls.categ_parts)
        cls.p_old.product_tmpl_id.active = False
        cls.p_internal = product("T-INT-1", "İç kullanım (test)", 10.0, cls.categ_parts, sale_ok=False)
        cls.p_service = Product.create(
            {"name": "Montaj (test)", "default_code": "T-SRV-1", "type": "service", "list_price": 500.0}
        )
        cls.other_company = cls.env["res.company"].create({"name": "Other company (test)"})
        cls.p_other_company = Product.create(
            {"name": "Başka şirket (test)", "default_code": "T-OTH-1", "company_id": cls.other_company.id}
        )
        Pricelist = cls.env["product.pricelist"]
        cls.pricelist_gold = Pricelist.create(
            {
                "name": "Gold (test)",
                "currency_id": cls.company.currency_id.id,
                "item_ids": [
                    Command.create({"compute_price": "percentage", "percent_price": 15, "applied_on": "3_global"})
                ],
            }
        )
        cls.pricelist_silver = Pricelist.create(
            {
                "name": "Silver (test)",
                "currency_id": cls.company.currency_id.id,
                "item_ids": [
                    Command.create({"compute_price": "percentage", "percent_price": 10, "applied_on": "3_global"})
                ],
            }
        )
        cls.dealer_partner_a.with_company(cls.company).property_product_pricelist = cls.pricelist_gold
        cls.dealer_partner_b.with_company(cls.company).property_product_pricelist = cls.pricelist_silver
        cls.warehouse = cls.env["stock.warehouse"].search([("company_id", "=", cls.company.id)], limit=1)
        Quant = cls.env["stock.quant"]
        Quant._update_available_quantity(cls.p_bearing, cls.warehouse.lot_stock_id, 50)
        Quant._update_available_quantity(cls.p_filter, cls.warehouse.lot_stock_id, 3)

    @classmethod
    def _xlsx(cls, rows):
        import openpyxl

        workbook = openpyxl.Workbook()
        for row in rows:
            workbook.active.append(row)
        buffer = io.BytesIO()
        workbook.save(buffer)
        return buffer.getvalue()
