import io
from datetime import timedelta

import openpyxl

from odoo import fields

from .common import DealerCommon


def make_xlsx(rows, header=("Product Reference", "Quantity")):
    """An .xlsx file with a header row and the given rows."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    if header:
        sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


class DealerStockCommon(DealerCommon):
    """Two dealers (DealerCommon) and three spare parts with references of their own."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Product = cls.env["product.product"]
        cls.part_belt = Product.create({"name": "Test V-belt", "default_code": "DST-BELT", "type": "consu"})
        cls.part_filter = Product.create({"name": "Test oil filter", "default_code": "DST-FILTER", "type": "consu"})
        cls.part_nozzle = Product.create({"name": "Test nozzle", "default_code": "DST-NOZZLE", "type": "consu"})
        cls.part_not_for_sale = Product.create(
            {"name": "Test internal part", "default_code": "DST-INTERNAL", "type": "consu", "sale_ok": False}
        )
        # the analysis counts days in the database's date (UTC), as fields.Date.today()
        cls.today = fields.Date.today()
        cls.StockReport = cls.env["miy.dealer.stock.report"]
        cls.SelloutReport = cls.env["miy.dealer.sellout.report"]

    @classmethod
    def _stock_report(cls, dealer, quantities, days_ago=0, submit=True, **extra):
        report = cls.StockReport.create(
            {
                "dealer_id": dealer.id,
                "date": cls.today - timedelta(days=days_ago),
                "line_ids": [
                    fields.Command.create({"product_id": product.id, "quantity": qty}) for product, qty in quantities
                ],
                **extra,
            }
        )
        if submit:
            report.action_submit()
        return report

    @classmethod
    def _sellout_report(cls, dealer, quantities, date_from, date_to, submit=True, **extra):
        report = cls.SelloutReport.create(
            {
                "dealer_id": dealer.id,
                "date_from": date_from,
                "date_to": date_to,
                "line_ids": [
                    fields.Command.create({"product_id": product.id, "quantity": qty}) for product, qty in quantities
                ],
                **extra,
            }
        )
        if submit:
            report.action_submit()
        return report
