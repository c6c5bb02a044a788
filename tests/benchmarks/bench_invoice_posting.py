"""Posting and paying customer invoices with miy_quotes installed (its payment plan hooks).

miy_quotes refreshes payment plans when an invoice is posted, reset or cancelled and when a
payment is reconciled (``miy_quotes/models/plan_links.py``). Those hooks run on every invoice of
the firm, most of which belong to no payment plan: they must cost next to nothing there.

Sets up a Turkish company (chart ``tr``, not timed) and twice ``min(size // 10, 300)`` draft
customer invoices of three lines each, one in twenty for a confirmed order with a payment plan.
Timed: posting them one by one (what an accountant does) and paying each with Odoo's Register
Payment wizard (a reconciliation per invoice). Baseline, measured in the same run and database on
the other set: the same work with the payment plan hooks switched off, one invoice of each set in
turn (the tables grow during the run: a set done after the other is slower by itself). Target: at
most 10 % slower than the baseline.
"""

import time
from datetime import date

from odoo import Command
from odoo.tools import SQL

from .bench_einvoice_import import _setup

NAME = "invoice_post_and_pay"
MAX_INVOICES = 300
TARGET_OVERHEAD = 1.10


def _invoices(env, partners, product, orders, count):
    vals = []
    for n in range(count):
        vals.append(
            {
                "move_type": "out_invoice",
                "partner_id": partners[n % len(partners)].id,
                "invoice_date": date.today(),
                "invoice_line_ids": [
                    Command.create({"name": f"Hizmet {k}", "quantity": 1 + k, "price_unit": 100.0 * (n % 7 + 1)})
                    for k in range(3)
                ],
            }
        )
    moves = env["account.move"].create(vals)
    if orders:
        planned = orders._create_invoices()
        planned.invoice_date = date.today()
        moves |= planned
    env.flush_all()
    # fresh tables of one long transaction: give the planner their real sizes, as autovacuum would
    for table in ("account_move", "account_move_line", "account_partial_reconcile", "account_payment"):
        env.cr.execute(SQL("ANALYZE %s", SQL.identifier(table)))
    return moves


def _post_and_pay_one(env, move, bank):
    start = time.perf_counter()
    move.action_post()
    env["account.payment.register"].with_context(active_model="account.move", active_ids=move.ids).create(
        {"journal_id": bank.id}
    )._create_payments()
    env.flush_all()
    return time.perf_counter() - start


def _planned_orders(env, partners, count):
    if "miy.payment.plan.line" not in env or not count:
        return env["sale.order"]
    product = env["product.product"].create(
        {
            "name": "Bench Plan Makina",
            "type": "service",
            "list_price": 1000.0,
            "invoice_policy": "order",
            "taxes_id": [],
        }
    )
    orders = env["sale.order"].create(
        [
            {
                "partner_id": partners[n % len(partners)].id,
                "order_line": [Command.create({"product_id": product.id, "product_uom_qty": 1})],
                "miy_plan_line_ids": [
                    Command.create({"sequence": 1, "due_rule": "order", "percent": 40.0}),
                    Command.create({"sequence": 2, "due_rule": "invoice_days", "percent": 60.0, "days": 30}),
                ],
            }
            for n in range(count)
        ]
    )
    orders.action_confirm()
    return orders


def run(env, size, seed):
    import random

    rng = random.Random(seed)
    company, _suppliers = _setup(env, rng)
    env = env(context=dict(env.context, allowed_company_ids=[company.id], tracking_disable=True, mail_notrack=True))
    count = max(min(size // 10, MAX_INVOICES), 20)
    partners = env["res.partner"].create(
        [{"name": f"Bench Fatura Müşteri {n}", "is_company": True} for n in range(max(count // 10, 2))]
    )
    bank = env["account.journal"].search([("type", "=", "bank"), ("company_id", "=", company.id)], limit=1)
    try:
        from odoo.addons.miy_quotes.models import plan_links
    except ImportError:
        plan_links = None

    # The same work on two sets of invoices, alternating one invoice with the hooks off (baseline)
    # and one with them on: the tables grow as the run goes, so the two must take turns.
    base_moves = _invoices(env, partners, None, _planned_orders(env, partners, count // 20), count - count // 20)
    moves = _invoices(env, partners, None, _planned_orders(env, partners, count // 20), count - count // 20)
    hook_time = [0.0]
    original = plan_links._refresh_moves if plan_links else None

    def timed(env_, move_ids):
        start = time.perf_counter()
        try:
            return original(env_, move_ids)
        finally:
            hook_time[0] += time.perf_counter() - start

    baseline = elapsed = 0.0
    try:
        for base_move, move in zip(base_moves, moves, strict=True):
            if plan_links:
                plan_links._refresh_moves = lambda env_, move_ids: None
            baseline += _post_and_pay_one(env, base_move, bank)
            if plan_links:
                plan_links._refresh_moves = timed
            elapsed += _post_and_pay_one(env, move, bank)
    finally:
        if plan_links:
            plan_links._refresh_moves = original
    share = 100.0 * hook_time[0] / elapsed if elapsed else 0.0
    return {
        "name": f"{NAME}_{len(moves)}",
        "value": elapsed,
        "unit": "s",
        "target": baseline * TARGET_OVERHEAD,
        "baseline": baseline,
        "extra": f"{len(moves)} invoices posted and paid one by one, {count // 20} of them for orders with a "
        f"payment plan; the plan hooks took {hook_time[0]:.2f} s ({share:.1f} %); baseline: the same work on as "
        "many other invoices with the hooks off, one invoice of each in turn; target: at most 10 % slower",
    }
