"""Dealer stock and days of cover over D dealers x P products with a year of monthly sell-out.

``size`` is the number of dealer/product pairs: P = min(500, size) products and D = size // P
dealers (size 100,000 = 200 dealers x 500 products). Each dealer has two stock reports (a month
ago and today) and twelve monthly sell-out reports, every one with all P products: at 100,000
pairs, 200,000 stock lines and 1,200,000 sell-out lines. Reports and lines are inserted with one
parameterised statement each (benchmark set-up only).

Timed: what the back office shows, through the ORM on the SQL view ``miy.dealer.stock.analysis``:
the pivot grouped by dealer (stock, suggestion) and the list of lines to reorder. Baseline, in the
same run: the naive ORM way (per dealer: its latest stock report, the sell-out lines of its
reports in the window, the cover computed in Python) on a sample of dealers, extrapolated.
"""

import time
from datetime import timedelta

from odoo import fields
from odoo.tools import SQL

NAME = "dealer_stock_cover"
TARGET_SECONDS = 3.0  # our target at 200 dealers x 500 products with a year of sell-out
SAMPLE_DEALERS = 5


def _setup(env, size, seed):
    products_n = max(1, min(500, size))
    dealers_n = max(1, size // products_n)
    category = env["product.category"].create({"name": "Bench dealer parts"})
    products = env["product.product"].create(
        [
            {"name": f"Bench part {i}", "default_code": f"BDS-{seed}-{i}", "categ_id": category.id, "type": "consu"}
            for i in range(products_n)
        ]
    )
    partners = (
        env["res.partner"]
        .with_context(tracking_disable=True)
        .create([{"name": f"Bench dealer {i}", "is_company": True} for i in range(dealers_n)])
    )
    dealers = (
        env["miy.dealer"]
        .with_context(tracking_disable=True)
        .create([{"partner_id": p.id, "miy_target_cover_days": 30} for p in partners])
    )
    env.flush_all()
    today = fields.Date.today()
    uid = env.uid
    product_ids = products.ids
    # stock: a month ago and today
    for days in (31, 0):
        env.cr.execute(
            SQL(
                "INSERT INTO miy_dealer_stock_report (dealer_id, company_id, date, state, source, name, "
                "create_uid, write_uid, create_date, write_date) "
                "SELECT d, %s, %s, 'submitted', 'excel', 'bench', %s, %s, now(), now() FROM unnest(%s::int[]) d "
                "RETURNING id, dealer_id",
                env.company.id,
                today - timedelta(days=days),
                uid,
                uid,
                dealers.ids,
            )
        )
        reports = env.cr.fetchall()
        env.cr.execute(
            SQL(
                "INSERT INTO miy_dealer_stock_report_line (report_id, dealer_id, company_id, date, state, "
                "product_id, categ_id, quantity, create_uid, write_uid, create_date, write_date) "
                "SELECT r.id, r.dealer_id, %s, %s, 'submitted', p, %s, mod(r.id * 7 + p * 13, 200), "
                "%s, %s, now(), now() "
                "FROM unnest(%s::int[], %s::int[]) AS r(id, dealer_id) CROSS JOIN unnest(%s::int[]) p",
                env.company.id,
                today - timedelta(days=days),
                category.id,
                uid,
                uid,
                [r[0] for r in reports],
                [r[1] for r in reports],
                product_ids,
            )
        )
    # a year of monthly sell-out
    for month in range(12):
        date_to = today - timedelta(days=30 * month)
        date_from = date_to - timedelta(days=29)
        env.cr.execute(
            SQL(
                "INSERT INTO miy_dealer_sellout_report (dealer_id, company_id, date_from, date_to, state, source, "
                "name, create_uid, write_uid, create_date, write_date) "
                "SELECT d, %s, %s, %s, 'submitted', 'excel', 'bench', %s, %s, now(), now() "
                "FROM unnest(%s::int[]) d RETURNING id, dealer_id",
                env.company.id,
                date_from,
                date_to,
                uid,
                uid,
                dealers.ids,
            )
        )
        reports = env.cr.fetchall()
        env.cr.execute(
            SQL(
                "INSERT INTO miy_dealer_sellout_report_line (report_id, dealer_id, company_id, date_from, date_to, "
                "state, product_id, categ_id, quantity, create_uid, write_uid, create_date, write_date) "
                "SELECT r.id, r.dealer_id, %s, %s, %s, 'submitted', p, %s, mod(r.id * 11 + p * 3, 90), "
                "%s, %s, now(), now() "
                "FROM unnest(%s::int[], %s::int[]) AS r(id, dealer_id) CROSS JOIN unnest(%s::int[]) p",
                env.company.id,
                date_from,
                date_to,
                category.id,
                uid,
                uid,
                [r[0] for r in reports],
                [r[1] for r in reports],
                product_ids,
            )
        )
    for table in (
        "miy_dealer_stock_report",
        "miy_dealer_stock_report_line",
        "miy_dealer_sellout_report",
        "miy_dealer_sellout_report_line",
    ):
        env.cr.execute(SQL("ANALYZE %s", SQL.identifier(table)))
    env.invalidate_all()
    return dealers, products


def _naive(env, dealers, window):
    """Per dealer through the ORM: latest stock per product, sell-out in the window, cover."""
    today = fields.Date.today()
    start = today - timedelta(days=window - 1)
    Stock, Sellout = env["miy.dealer.stock.report"], env["miy.dealer.sellout.report"]
    result = {}
    for dealer in dealers:
        stock = {}
        for report in Stock.search([("dealer_id", "=", dealer.id), ("state", "=", "submitted")], order="date, id"):
            for line in report.line_ids:
                stock[line.product_id.id] = line.quantity
        days, sold = 0, {}
        for report in Sellout.search(
            [
                ("dealer_id", "=", dealer.id),
                ("state", "=", "submitted"),
                ("date_to", ">=", start),
                ("date_from", "<=", today),
            ]
        ):
            overlap = (min(report.date_to, today) - max(report.date_from, start)).days + 1
            period = (report.date_to - report.date_from).days + 1
            days += overlap
            for line in report.line_ids:
                sold[line.product_id.id] = sold.get(line.product_id.id, 0) + line.quantity * overlap / period
        for product_id in set(stock) | set(sold):
            rate = sold.get(product_id, 0) / days if days else 0
            result[dealer.id, product_id] = (stock.get(product_id, 0), rate)
    return result


def run(env, size, seed):
    dealers, products = _setup(env, size, seed)
    Analysis = env["miy.dealer.stock.analysis"]
    domain = [("dealer_id", "in", dealers.ids)]
    env.invalidate_all()
    queries_before = env.cr.sql_log_count
    start = time.perf_counter()
    groups = Analysis.read_group(domain, ["stock_qty:sum", "suggested_qty:sum"], ["dealer_id"])
    to_reorder = Analysis.search_fetch(
        domain + [("suggested_qty", ">", 0)], ["dealer_id", "product_id", "cover_days", "suggested_qty"], limit=80
    )
    elapsed = time.perf_counter() - start
    queries = env.cr.sql_log_count - queries_before

    sample = dealers[:SAMPLE_DEALERS]
    env.invalidate_all()
    start = time.perf_counter()
    naive = _naive(env, sample, Analysis._miy_window_days())
    naive_elapsed = time.perf_counter() - start
    naive_total = naive_elapsed * len(dealers) / len(sample)

    # the view and the naive loop agree on the sample
    rows = Analysis.search_fetch(
        [("dealer_id", "in", sample.ids)], ["dealer_id", "product_id", "stock_qty", "daily_sellout"]
    )
    for row in rows:
        stock, rate = naive[row.dealer_id.id, row.product_id.id]
        if abs(stock - row.stock_qty) > 1e-6 or abs(rate - row.daily_sellout) > 1e-6:
            raise AssertionError(f"view and naive loop differ for {row.dealer_id.id}/{row.product_id.id}")
    if len(groups) != len(dealers):
        raise AssertionError(f"{len(groups)} dealer groups, expected {len(dealers)}")
    pairs = len(dealers) * len(products)
    return {
        "name": f"{NAME}_{len(dealers)}x{len(products)}",
        "value": elapsed,
        "unit": "s",
        "target": TARGET_SECONDS,
        "baseline": naive_total,
        "extra": f"{pairs} dealer/product pairs, {pairs * 2} stock and {pairs * 12} sell-out lines; pivot by dealer + "
        f"reorder list ({len(to_reorder)} shown) in {queries} queries; baseline: naive ORM loop "
        f"{naive_elapsed:.2f}s for {len(sample)} dealers, extrapolated to {len(dealers)}",
    }
