"""The nightly customer value of miy_quotes over 10 × N customers and 100 × N invoice lines
(100,000 customers and 1,000,000 invoice lines at the default size).

The issue's targets: under 120 s, and at least 10× faster than a naive per-partner ORM loop over
the same data. Customers, invoices (one in twenty a refund) and their product lines (four per
invoice, products with and without a cost) are generated inside PostgreSQL with a seeded
``random()`` (benchmark set-up only); a tenth of the customers also get orders and open quotes.

Timed: ``miy.customer.value._miy_recompute`` (all figures, yearly revenue, ranks, tiers, the
partners' tiers and the sales performance per quarter and team). Baseline in the same run: the
naive loop (for each customer: search its invoice lines and orders through the ORM and add them
up in Python), measured on a sample of ``SAMPLE`` customers and extrapolated to all of them.
"""

import time
from datetime import date

from dateutil.relativedelta import relativedelta

from odoo.tools import SQL

NAME = "customer_value"
TARGET_SECONDS = 120.0  # the target at 100,000 customers and 1,000,000 invoice lines
SAMPLE = 300


def _setup(env, size, seed):
    customers, lines = 10 * size, 100 * size
    company = env.company
    journal = env["account.journal"].search([("type", "=", "sale"), ("company_id", "=", company.id)], limit=1)
    if not journal:
        env["account.chart.template"].try_loading("generic_coa", company, install_demo=False)
        journal = env["account.journal"].search([("type", "=", "sale"), ("company_id", "=", company.id)], limit=1)
    income = journal.default_account_id
    env.cr.execute(SQL("SELECT setseed(%s)", (seed % 1000) / 1000.0))
    teams = env["crm.team"].create([{"name": f"Bench Value Team {n}"} for n in range(5)])
    products = env["product.product"].create(
        [
            {"name": f"Bench Value Product {n}", "list_price": 100.0 + n, "standard_price": 60.0 + n if n % 2 else 0.0}
            for n in range(40)
        ]
    )
    env.flush_all()
    env.cr.execute(
        SQL(
            """
            INSERT INTO res_partner (name, complete_name, is_company, active, autopost_bills, type,
                                     create_uid, write_uid, create_date, write_date)
            SELECT 'Bench Value Customer ' || n, 'Bench Value Customer ' || n, TRUE, TRUE, 'ask', 'contact',
                   1, 1, now(), now()
              FROM generate_series(1, %(customers)s) AS n
            RETURNING id
            """,
            customers=customers,
        )
    )
    partner_ids = [row[0] for row in env.cr.fetchall()]
    env.cr.execute(SQL("UPDATE res_partner SET commercial_partner_id = id WHERE id = ANY(%s)", partner_ids))
    moves = lines // 4
    env.cr.execute(
        SQL(
            """
            INSERT INTO account_move (name, journal_id, company_id, currency_id, state, move_type, auto_post,
                                      date, invoice_date, partner_id, commercial_partner_id, team_id,
                                      create_uid, write_uid, create_date, write_date)
            SELECT 'BVAL/' || n, %(journal)s, %(company)s, %(currency)s, 'posted',
                   CASE WHEN mod(n, 20) = 0 THEN 'out_refund' ELSE 'out_invoice' END, 'no', d, d, p, p,
                   (%(teams)s::int[])[1 + mod(p, 5)], 1, 1, now(), now()
              FROM (
                    SELECT n, (%(partners)s::int[])[1 + floor(random() ^ 2 * %(customers)s)::int] AS p,
                           current_date - (random() * 1095)::int AS d
                      FROM generate_series(1, %(moves)s) AS n
                   ) m
            """,
            journal=journal.id,
            company=company.id,
            currency=company.currency_id.id,
            teams=teams.ids,
            partners=partner_ids,
            customers=customers,
            moves=moves,
        )
    )
    env.cr.execute(
        SQL(
            """
            INSERT INTO account_move_line (move_id, journal_id, company_id, currency_id, company_currency_id,
                                           display_type, account_id, partner_id, date, parent_state, product_id,
                                           quantity, price_unit, balance, amount_currency, debit, credit,
                                           create_uid, write_uid, create_date, write_date)
            SELECT m.id, m.journal_id, m.company_id, m.currency_id, m.currency_id, 'product', %(income)s,
                   m.partner_id, m.date, 'posted', prod, qty, price,
                   sign * qty * price, sign * qty * price,
                   CASE WHEN sign > 0 THEN qty * price ELSE 0 END, CASE WHEN sign < 0 THEN qty * price ELSE 0 END,
                   1, 1, now(), now()
              FROM (
                    SELECT m.*, (%(products)s::int[])[1 + floor(random() * 40)::int] AS prod,
                           1 + floor(random() * 5) AS qty, round((50 + random() * 950)::numeric, 2) AS price,
                           CASE WHEN m.move_type = 'out_refund' THEN 1 ELSE -1 END AS sign
                      FROM account_move m CROSS JOIN generate_series(1, 4) AS k
                     WHERE starts_with(m.name, 'BVAL/')
                   ) m
            """,
            income=income.id,
            products=products.ids,
        )
    )
    # orders and open quotes for a tenth of the customers
    env.cr.execute(
        SQL(
            """
            INSERT INTO sale_order (name, company_id, partner_id, partner_invoice_id, partner_shipping_id,
                                    date_order, picking_policy, state, currency_id, currency_rate, amount_untaxed,
                                    amount_tax, amount_total, team_id, create_uid, write_uid, create_date, write_date)
            SELECT 'BVSO' || n, %(company)s, p, p, p, now(), 'direct', CASE WHEN mod(n, 3) = 0 THEN 'sent' ELSE 'sale' END,
                   %(currency)s, 1, a, 0, a, (%(teams)s::int[])[1 + mod(p, 5)], 1, 1, now(), now()
              FROM (SELECT n, (%(partners)s::int[])[1 + mod(n * 7, %(customers)s)] AS p,
                           round((1000 + random() * 50000)::numeric, 2) AS a
                      FROM generate_series(1, %(orders)s) AS n) o
            """,
            company=company.id,
            currency=company.currency_id.id,
            teams=teams.ids,
            partners=partner_ids,
            customers=customers,
            orders=customers // 10,
        )
    )
    for table in ("res_partner", "account_move", "account_move_line", "sale_order"):
        env.cr.execute(SQL("ANALYZE %s", SQL.identifier(table)))
    env.invalidate_all()
    env.registry.clear_cache()
    return company, partner_ids, customers, lines


def _naive(env, company, partner_ids, today):
    """What a per-partner ORM loop computes for one customer at a time (the baseline)."""
    AML, Orders = env["account.move.line"], env["sale.order"]
    start_12m, start_24m = today - relativedelta(years=1), today - relativedelta(years=2)
    results = {}
    for partner_id in partner_ids:
        lines = AML.search(
            [
                ("partner_id", "=", partner_id),
                ("company_id", "=", company.id),
                ("parent_state", "=", "posted"),
                ("display_type", "=", "product"),
                ("move_id.move_type", "in", ("out_invoice", "out_refund")),
            ]
        )
        by_year, revenue_12m, revenue_prev, cost_12m = {}, 0.0, 0.0, 0.0
        for line in lines:
            by_year[line.date.year] = by_year.get(line.date.year, 0.0) - line.balance
            if start_12m < line.date <= today:
                revenue_12m -= line.balance
                if line.product_id.standard_price:
                    cost_12m += line.product_id.standard_price * line.quantity
            elif start_24m < line.date <= start_12m:
                revenue_prev -= line.balance
        orders = Orders.search([("partner_id", "child_of", partner_id), ("state", "in", ("draft", "sent", "sale"))])
        confirmed = orders.filtered(lambda order: order.state == "sale")
        results[partner_id] = (
            by_year,
            revenue_12m,
            revenue_prev,
            cost_12m,
            len(confirmed),
            sum(confirmed.mapped("amount_untaxed")),
            sum((orders - confirmed).mapped("amount_untaxed")),
        )
    return results


def run(env, size, seed):
    company, partner_ids, customers, lines = _setup(env, size, seed)
    Value = env["miy.customer.value"]
    today = date.today()
    queries_before = env.cr.sql_log_count
    start = time.perf_counter()
    Value._miy_recompute(company, today=today)
    elapsed = time.perf_counter() - start
    queries = env.cr.sql_log_count - queries_before
    rows = Value.search_count([("company_id", "=", company.id)])
    if rows < customers * 0.5:
        raise AssertionError(f"{rows} customer value rows for {customers} customers")

    sample = partner_ids[:: max(1, len(partner_ids) // SAMPLE)][:SAMPLE]
    env.invalidate_all()
    start = time.perf_counter()
    naive = _naive(env, company, sample, today)
    naive_elapsed = time.perf_counter() - start
    naive_total = naive_elapsed / len(sample) * customers
    # both compute the same figures
    check = Value.search([("partner_id", "in", sample[:20])])
    for row in check:
        expected = naive[row.partner_id.id][1]
        if abs(row.revenue_12m - expected) > 0.01:
            raise AssertionError(f"revenue of {row.partner_id.id}: {row.revenue_12m} != naive {expected}")

    # the customer card of a list page of 80 customers (not part of the target)
    env.invalidate_all()
    card_start = time.perf_counter()
    env["res.partner"].browse(partner_ids[:80]).mapped("miy_value_revenue_12m")
    card_elapsed = time.perf_counter() - card_start
    speedup = naive_total / elapsed if elapsed else float("inf")
    return [
        {
            "name": f"{NAME}_{customers}_{lines}",
            "value": elapsed,
            "unit": "s",
            "target": TARGET_SECONDS,
            "baseline": naive_total,
            "extra": f"{rows} value rows, {queries} queries; baseline: naive ORM loop {naive_elapsed:.2f}s for "
            f"{len(sample)} customers, extrapolated to {customers}; card of 80 customers {card_elapsed:.3f}s; "
            "issue target <120 s at 100,000 / 1,000,000",
        },
        {
            "name": f"{NAME}_vs_naive_{customers}",
            "value": elapsed / naive_total if naive_total else 0.0,
            "unit": "x",
            "target": 0.1,
            "extra": f"{speedup:.1f}x faster than the naive loop (extrapolated); issue target at least 10x",
        },
    ]
