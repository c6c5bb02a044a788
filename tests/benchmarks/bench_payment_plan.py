"""The payment plan deviation job (``miy.payment.plan.line._cron_check_deviations``).

The issue's target: over 10,000 confirmed orders with 50,000 plan lines, under 30 s. With
``--size N`` the benchmark builds N confirmed orders with five milestones each (on order, on
delivery, 30 days after invoice, two fixed dates) over the last 120 days, for N / 5 customers and
20 salespeople in 5 teams. Orders and plan lines are inserted with parameterised bulk SQL
(benchmark set-up only); N / 50 further orders go through the ORM (confirmed, invoiced, half of
them paid, some with an advance payment) so the job meets real invoices, reconciliations and
advances. The plan is in its daily steady state: the deviations of the previous days were
alerted by the previous runs, those that appeared since yesterday are new.

Timed: the whole job (refresh of every open plan, alerts) and the flush of what it wrote.
Baseline, measured in the same run: the same job record by record (each order's plan refreshed
on its own, each late milestone alerted with its own activity) over a sample of 200 orders whose
plans were reset to their state before the job, extrapolated to N orders.
"""

import random
import time
from datetime import date, datetime, timedelta

from odoo import Command
from odoo.tools import SQL

NAME = "payment_plan_deviation_job"
TARGET_SECONDS = 30.0  # the target at 10,000 orders and 50,000 plan lines
SAMPLE = 200


def _users(env):
    group_ids = [env.ref("base.group_user").id, env.ref("sales_team.group_sale_salesman").id]
    users = env["res.users"].create(
        [
            {"name": f"Bench Plan Sales {n}", "login": f"bench_plan_sales_{n}", "groups_id": [Command.set(group_ids)]}
            for n in range(20)
        ]
    )
    leaders = env["res.users"].create(
        [
            {
                "name": f"Bench Plan Leader {n}",
                "login": f"bench_plan_leader_{n}",
                "groups_id": [Command.set([env.ref("sales_team.group_sale_manager").id])],
            }
            for n in range(5)
        ]
    )
    teams = env["crm.team"].create(
        [
            {
                "name": f"Bench Plan Team {n}",
                "user_id": leaders[n].id,
                "member_ids": [Command.set(users[n * 4 : n * 4 + 4].ids)],
            }
            for n in range(5)
        ]
    )
    return users, teams


def _orm_orders(env, rng, partners, product, users, teams, count):
    """Confirmed, invoiced orders through the ORM; half of them paid, a few advances."""
    orders = env["sale.order"].create(
        [
            {
                "partner_id": rng.choice(partners).id,
                "user_id": users[n % 20].id,
                "team_id": teams[(n % 20) // 4].id,
                "order_line": [Command.create({"product_id": product.id, "product_uom_qty": 1, "price_unit": 1000.0})],
                "miy_plan_line_ids": [
                    Command.create({"sequence": 1, "due_rule": "order", "percent": 30.0}),
                    Command.create({"sequence": 2, "due_rule": "delivery", "percent": 40.0}),
                    Command.create({"sequence": 3, "due_rule": "invoice_days", "percent": 30.0, "days": 30}),
                ],
            }
            for n in range(count)
        ]
    )
    orders.action_confirm()
    for order in orders:
        order.date_order = datetime.now() - timedelta(days=rng.randint(1, 120))
    invoiced = orders[: count * 3 // 4]
    invoices = invoiced._create_invoices()
    for invoice in invoices:
        invoice.invoice_date = date.today() - timedelta(days=rng.randint(0, 60))
    invoices.action_post()
    bank = env["account.journal"].search([("type", "=", "bank"), ("company_id", "=", env.company.id)], limit=1)
    paid = invoices[: len(invoices) * 2 // 3]
    env["account.payment.register"].with_context(active_model="account.move", active_ids=paid.ids).create(
        {"journal_id": bank.id, "group_payment": False}
    )._create_payments()
    advances = orders[count * 3 // 4 :]
    payments = env["account.payment"].create(
        [
            {
                "payment_type": "inbound",
                "partner_type": "customer",
                "partner_id": order.partner_id.id,
                "amount": 300.0,
                "journal_id": bank.id,
                "miy_sale_order_id": order.id,
            }
            for order in advances
        ]
    )
    payments.action_post()
    return orders


def run(env, size, seed):
    rng = random.Random(seed)
    env = env(context=dict(env.context, tracking_disable=True, mail_notrack=True))
    company = env.company
    users, teams = _users(env)
    Partner = env["res.partner"].with_context(miy_no_sync=True)
    partners = Partner.browse()
    for offset in range(0, max(size // 5, 10), 1000):
        partners |= Partner.create(
            [
                {"name": f"Bench Plan Müşteri {n}", "is_company": True}
                for n in range(offset, min(offset + 1000, max(size // 5, 10)))
            ]
        )
    product = env["product.product"].create(
        {
            "name": "Bench Plan Hizmet",
            "type": "service",
            "list_price": 1000.0,
            "invoice_policy": "order",
            "taxes_id": [],
        }
    )
    orm_count = max(size // 50, 8)
    _orm_orders(env, rng, partners, product, users, teams, orm_count)
    env.flush_all()

    # the rest in bulk SQL: N confirmed orders, 5 milestones each
    today = date.today()
    yesterday = today - timedelta(days=1)
    rows = []
    for n in range(size):
        partner = rng.choice(partners)
        user_index = rng.randrange(20)
        order_day = today - timedelta(days=rng.randint(0, 120))
        rows.append((f"BENCH/{n:06d}", partner.id, users[user_index].id, teams[user_index // 4].id, order_day, 10000.0))
    names, partner_ids, user_ids, team_ids, days, totals = map(list, zip(*rows, strict=True))
    env.cr.execute(
        SQL(
            """INSERT INTO sale_order (name, partner_id, partner_invoice_id, partner_shipping_id, user_id, team_id,
                                       date_order, amount_total, amount_untaxed, state, company_id, currency_id,
                                       picking_policy, currency_rate, create_date, write_date, create_uid, write_uid)
               SELECT n, p, p, p, u, t, d, a, a, 'sale', %s, %s, 'direct', 1.0, now(), now(), 1, 1
                 FROM unnest(%s::varchar[], %s::int[], %s::int[], %s::int[], %s::timestamp[], %s::numeric[])
                   AS x(n, p, u, t, d, a)
            RETURNING id, partner_id, user_id, team_id, date_order""",
            company.id,
            company.currency_id.id,
            names,
            partner_ids,
            user_ids,
            team_ids,
            days,
            totals,
        )
    )
    orders = env.cr.fetchall()
    commercial = {partner.id: partner.commercial_partner_id.id for partner in partners}
    keys = ("order", "seq", "rule", "pct", "days", "fixed", "amount", "partner", "commercial", "user", "team", "alert")
    columns = {key: [] for key in keys}
    for order_id, partner_id, user_id, team_id, order_date in orders:
        order_day = order_date.date()
        fixed_1 = order_day + timedelta(days=rng.randint(10, 90))
        fixed_2 = order_day + timedelta(days=rng.randint(60, 180))
        for seq, rule, days_after, fixed in (
            (1, "order", 0, None),
            (2, "delivery", 0, None),
            (3, "invoice_days", 30, None),
            (4, "fixed_date", 0, fixed_1),
            (5, "fixed_date", 0, fixed_2),
        ):
            due = order_day if rule == "order" else fixed
            columns["order"].append(order_id)
            columns["seq"].append(seq)
            columns["rule"].append(rule)
            columns["pct"].append(20.0)
            columns["days"].append(days_after)
            columns["fixed"].append(fixed)
            columns["amount"].append(2000.0)
            columns["partner"].append(partner_id)
            columns["commercial"].append(commercial[partner_id])
            columns["user"].append(user_id)
            columns["team"].append(team_id)
            # deviations that appeared before yesterday were alerted by the previous runs
            columns["alert"].append(yesterday if due and due < yesterday else None)
    env.cr.execute(
        SQL(
            """INSERT INTO miy_payment_plan_line (order_id, sequence, due_rule, amount_type, percent, days, fixed_date,
                                                  expected_amount, expected_amount_company, partner_id,
                                                  commercial_partner_id, user_id, team_id, company_id, currency_id,
                                                  order_state, state, alert_date, manager_alert_date,
                                                  create_date, write_date, create_uid, write_uid)
               SELECT o, s, r, 'percent', pc, dy, f, a, a, p, c, u, t, %s, %s, 'sale', 'planned', al, al,
                      now(), now(), 1, 1
                 FROM unnest(%s::int[], %s::int[], %s::varchar[], %s::numeric[], %s::int[], %s::date[],
                             %s::numeric[], %s::int[], %s::int[], %s::int[], %s::int[], %s::date[])
                   AS x(o, s, r, pc, dy, f, a, p, c, u, t, al)""",
            company.id,
            company.currency_id.id,
            *(columns[key] for key in keys),
        )
    )
    env.cr.execute(SQL("ANALYZE sale_order"))
    env.cr.execute(SQL("ANALYZE miy_payment_plan_line"))
    env.invalidate_all()
    Line = env["miy.payment.plan.line"]
    line_count = Line.search_count([("order_state", "=", "sale")])
    company.miy_plan_alert_amount = 1500.0
    company.miy_plan_alert_days = 30
    activities_before = env["mail.activity"].search_count([])
    env.flush_all()

    queries_before = env.cr.sql_log_count
    start = time.perf_counter()
    Line._cron_check_deviations()
    env.flush_all()
    elapsed = time.perf_counter() - start
    queries = env.cr.sql_log_count - queries_before
    new_activities = env["mail.activity"].search_count([]) - activities_before
    late = Line.search_count([("state", "in", ("overdue", "short"))])
    if not late or not new_activities:
        raise AssertionError(f"the job found {late} late lines and gave {new_activities} activities")
    # a second run alerts nobody twice
    Line._cron_check_deviations()
    if env["mail.activity"].search_count([]) - activities_before != new_activities:
        raise AssertionError("the second run duplicated activities")

    # baseline: a naive per-record ORM loop over a sample of orders, extrapolated
    sample = env["sale.order"].browse([row[0] for row in rng.sample(orders, min(SAMPLE, len(orders)))])
    env.cr.execute(
        SQL(
            "UPDATE miy_payment_plan_line SET due_date = NULL, state = 'planned', days_late = 0, "
            "alert_date = CASE WHEN alert_date < %s THEN alert_date END, "
            "manager_alert_date = CASE WHEN manager_alert_date < %s THEN manager_alert_date END "
            "WHERE order_id = ANY(%s)",
            today,
            today,
            sample.ids,
        )
    )
    env.invalidate_all()
    start = time.perf_counter()
    _naive_job(env, sample)
    env.flush_all()
    naive = (time.perf_counter() - start) * size / len(sample)
    return {
        "name": f"{NAME}_{size}",
        "value": elapsed,
        "unit": "s",
        "target": TARGET_SECONDS,
        "baseline": naive,
        "extra": f"{size + orm_count} orders, {line_count} plan lines, {late} late, {new_activities} new activities, "
        f"{queries} queries; baseline: the job order by order over {len(sample)} orders, extrapolated; "
        "issue target <30 s at 10,000 orders / 50,000 lines",
    }


def _naive_job(env, orders):
    """The same job record by record: each order's plan refreshed on its own (its own queries
    and its own write), each newly late milestone alerted with its own activity."""
    Line = env["miy.payment.plan.line"]
    today = date.today()
    for order in orders:
        Line._miy_refresh_orders(order.ids)
        for line in order.miy_plan_line_ids:
            if line.state in ("short", "overdue") and not line.alert_date:
                order.activity_schedule(
                    "miy_quotes.mail_activity_type_plan_deviation", user_id=line.user_id.id, summary="late"
                )
                line.alert_date = today
