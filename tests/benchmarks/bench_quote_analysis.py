"""The win-rate pivot of miy_quotes' win/loss analysis over 10 × N quotes (100,000 at the default size).

The issue's target: under 1 s for 100,000 quotes. Quotes (``sale_order`` rows with their outcome,
salesperson, team, customer, main product category, amounts, sending and decision dates; a fifth
linked to an opportunity) are inserted with one parameterised statement generated in PostgreSQL
(benchmark set-up only).

Timed (best of three runs, for ours and the baseline alike): what the pivot of *Win/Loss Analysis* asks as a sales manager (salesperson rows ×
outcome columns, measures win rate, decided quotes and amount: the total, the rows, the
columns and the cells), then the same as a team's salesperson (record rules applied). Baseline in
the same run: the same four groupings straight on ``sale.order`` (Odoo's own table, count and
amount only: what one gets without the analysis view).
"""

from odoo import Command
from odoo.tools import SQL

from .datagen import best_of

NAME = "quote_winrate_pivot"
TARGET_SECONDS = 1.0  # the target at 100,000 quotes
RUNS = 3  # timed runs of each pivot, the best one counts (ours and the baseline alike)
USERS = 20
TEAMS = 5


def _pivot(model, measures, row, col):
    for groupby in ([], [row], [col], [row, col]):
        model.read_group([], measures, groupby, lazy=False)


def run(env, size, seed):
    count = 10 * size
    env.cr.execute(SQL("SELECT setseed(%s)", (seed % 1000) / 1000.0))
    sales = env.ref("sales_team.group_sale_salesman")
    users = env["res.users"].create(
        [
            {
                "name": f"Bench Seller {n}",
                "login": f"bench_quote_seller_{n}",
                "groups_id": [Command.set([env.ref("base.group_user").id, sales.id])],
            }
            for n in range(USERS)
        ]
    )
    manager = env["res.users"].create(
        {
            "name": "Bench Sales Manager",
            "login": "bench_quote_manager",
            "groups_id": [Command.set([env.ref("base.group_user").id, env.ref("sales_team.group_sale_manager").id])],
        }
    )
    per_team = USERS // TEAMS
    teams = env["crm.team"].create(
        [
            {"name": f"Bench Team {n}", "member_ids": [Command.set(users[n * per_team : (n + 1) * per_team].ids)]}
            for n in range(TEAMS)
        ]
    )
    partners = env["res.partner"].create(
        [{"name": f"Bench Quote Customer {n}", "is_company": True} for n in range(2000)]
    )
    categories = env["product.category"].create([{"name": f"Bench Category {n}"} for n in range(8)])
    reasons = env["crm.lost.reason"].create([{"name": f"Bench Reason {n}"} for n in range(5)])
    competitor_role = env.ref("miy_contacts.partner_role_competitor")
    competitors = env["res.partner"].create(
        [
            {"name": f"Bench Competitor {n}", "is_company": True, "miy_role_ids": [Command.link(competitor_role.id)]}
            for n in range(6)
        ]
    )
    leads = env["crm.lead"].create(
        [{"name": f"Bench Lead {n}", "type": "opportunity", "partner_id": partners[n].id} for n in range(1000)]
    )
    env.flush_all()
    user_team = [teams[n // per_team].id for n in range(USERS)]
    env.cr.execute(
        SQL(
            """
            INSERT INTO sale_order (name, company_id, partner_id, partner_invoice_id, partner_shipping_id,
                                    date_order, picking_policy, state, user_id, team_id, currency_id,
                                    currency_rate, amount_untaxed, amount_tax, amount_total, miy_outcome,
                                    miy_main_categ_id, miy_first_sent_date, miy_decision_date, miy_lost,
                                    miy_lost_reason_id, miy_lost_competitor_id, miy_lost_competitor_price,
                                    opportunity_id, create_uid, write_uid, create_date, write_date)
            SELECT 'BQ' || n, %(company)s, p, p, p, created + interval '20 days', 'direct',
                   CASE outcome WHEN 'won' THEN 'sale' WHEN 'open' THEN 'sent' ELSE 'cancel' END,
                   (%(users)s::int[])[u], (%(teams)s::int[])[u], %(currency)s, 1, amount, 0, amount, outcome,
                   (%(categs)s::int[])[1 + mod(n, 8)], created + interval '3 days',
                   CASE WHEN outcome IN ('won', 'lost') THEN created + interval '20 days' END,
                   outcome = 'lost',
                   CASE WHEN outcome = 'lost' THEN (%(reasons)s::int[])[1 + mod(n, 5)] END,
                   CASE WHEN outcome = 'lost' AND mod(n, 3) > 0 THEN (%(competitors)s::int[])[1 + mod(n, 6)] END,
                   CASE WHEN outcome = 'lost' THEN amount * 0.92 ELSE 0 END,
                   CASE WHEN mod(n, 5) = 0 THEN (%(leads)s::int[])[1 + mod(n, 1000)] END,
                   1, 1, created, created
              FROM (
                    SELECT n,
                           (%(partners)s::int[])[1 + mod(n, 2000)] AS p,
                           1 + mod(n, %(nusers)s) AS u,
                           now() - (random() * 730)::int * interval '1 day' AS created,
                           round((10000 + random() ^ 3 * 8000000)::numeric, 2) AS amount,
                           CASE WHEN random() < 0.45 THEN 'won' WHEN random() < 0.8 THEN 'lost'
                                WHEN random() < 0.6 THEN 'open' ELSE 'cancelled' END AS outcome
                      FROM generate_series(1, %(count)s) AS n
                   ) q
            """,
            company=env.company.id,
            currency=env.company.currency_id.id,
            users=users.ids,
            teams=user_team,
            nusers=USERS,
            partners=partners.ids,
            categs=categories.ids,
            reasons=reasons.ids,
            competitors=competitors.ids,
            leads=leads.ids,
            count=count,
        )
    )
    env.cr.execute(SQL("ANALYZE sale_order"))
    env.invalidate_all()
    env.registry.clear_cache()

    measures = ["win_rate:avg", "decided_count:sum", "amount:sum"]
    Analysis = env["miy.quote.analysis"].with_user(manager)
    _pivot(Analysis.search([], limit=1), measures, "user_id", "outcome")  # loads the registry's caches once
    elapsed = best_of(RUNS, lambda: _pivot(Analysis, measures, "user_id", "outcome"))
    seller = env["miy.quote.analysis"].with_user(users[0])
    seller_elapsed = best_of(RUNS, lambda: _pivot(seller, measures, "user_id", "outcome"))
    (total,) = Analysis.read_group([], ["win_rate:avg"], [], lazy=False)

    Orders = env["sale.order"].with_user(manager)
    _pivot(Orders.search([], limit=1), ["amount_untaxed:sum"], "user_id", "state")
    baseline = best_of(RUNS, lambda: _pivot(Orders, ["amount_untaxed:sum"], "user_id", "state"))
    return {
        "name": f"{NAME}_{count}",
        "value": elapsed,
        "unit": "s",
        "target": TARGET_SECONDS,
        "baseline": baseline,
        "extra": f"{total['__count']} quotes, win rate {total['win_rate']:.1f}%; as a team's salesperson "
        f"{seller_elapsed:.3f}s; baseline: the same groupings on sale.order; issue target <1 s at 100,000",
    }
