"""Routing N new leads (10,000 at the default size) to dealers by miy_dealer_channel's routing rules.

The issue's target: under 30 s for 10,000 leads. Set-up: 40 dealers over the Marmara and Karadeniz
provinces (tiers of weight 3/2/1, a capacity on some, product groups with sub-groups), three rules
(Marmara weighted, Karadeniz round robin with an 8 working-hour deadline, a catch-all), and N leads
spread over the provinces and product groups, created through the ORM (set-up only).

Timed: ``leads._miy_route_by_rules()`` (reads of the rules, dealers, their open loads and the leads,
the choice of a dealer per lead, the working-hour deadline, the writes and the flush). Baseline in
the same run, on the same leads: the plain ORM write of a dealer on them, grouped by dealer as the
routing does (what assigning the dealers costs without choosing them).
"""

import random
import time

from odoo import Command

NAME = "dealer_routing"
TARGET_SECONDS = 30.0  # the target at 10,000 leads
DEALERS = 40
CAPACITY = 400


def run(env, size, seed):
    rng = random.Random(seed)
    env = env(context=dict(env.context, tracking_disable=True, mail_create_nolog=True, miy_no_dealer_routing=True))
    marmara = env.ref("miy_dealer_channel.region_marmara", raise_if_not_found=False)
    karadeniz = env.ref("miy_dealer_channel.region_karadeniz", raise_if_not_found=False)
    states = env["res.country.state"].search([("country_id.code", "=", "TR")], order="id")
    marmara_states = marmara.state_ids if marmara else states[:10]
    karadeniz_states = karadeniz.state_ids if karadeniz else states[10:25]
    all_states = (marmara_states | karadeniz_states).ids

    Category = env["product.category"]
    tops = Category.create([{"name": f"Bench group {n}"} for n in range(4)])
    subs = Category.create([{"name": f"Bench sub {n}", "parent_id": top.id} for top in tops for n in range(3)])
    tiers = env["miy.dealer.tier"].create([{"name": f"Bench tier {w}", "weight": w} for w in (3, 2, 1)])
    partners = env["res.partner"].create([{"name": f"Bench dealer {n}", "is_company": True} for n in range(DEALERS)])
    dealers = env["miy.dealer"].create(
        [
            {
                "partner_id": partner.id,
                "tier_id": tiers[n % 3].id,
                "state_ids": [Command.set(rng.sample(all_states, 6))],
                "product_category_ids": [Command.set(rng.sample(tops.ids, 2))],
                "lead_capacity": CAPACITY if n % 4 == 0 else 0,
            }
            for n, partner in enumerate(partners)
        ]
    )
    Rule = env["miy.dealer.routing.rule"]
    Rule.search([]).write({"active": False})
    Rule.create(
        [
            {
                "name": "Bench Marmara",
                "sequence": 1,
                "state_ids": [Command.set(marmara_states.ids)],
                "method": "weighted",
                "accept_hours": 0,
            },
            {
                "name": "Bench Karadeniz",
                "sequence": 2,
                "state_ids": [Command.set(karadeniz_states.ids)],
                "method": "round_robin",
                "accept_hours": 8,
            },
            {"name": "Bench anywhere", "sequence": 3, "accept_hours": 4},
        ]
    )
    categories = (tops | subs).ids
    Lead = env["crm.lead"]
    lead_ids = []
    for offset in range(0, size, 1000):
        lead_ids += Lead.create(
            [
                {
                    "name": f"Bench lead {n}",
                    "type": "lead",
                    "user_id": False,
                    "state_id": rng.choice(all_states),
                    "miy_product_category_id": rng.choice(categories),
                }
                for n in range(offset, min(size, offset + 1000))
            ]
        ).ids
        env.flush_all()
        env.invalidate_all()
    leads = Lead.browse(lead_ids)

    # Baseline: write a dealer on the same leads, one write per dealer.
    env.invalidate_all()
    start = time.perf_counter()
    for index, dealer in enumerate(dealers):
        Lead.browse(lead_ids[index::DEALERS]).write({"miy_dealer_id": dealer.id, "miy_dealer_state": "routed"})
    env.flush_all()
    baseline = time.perf_counter() - start
    leads.write({"miy_dealer_id": False, "miy_dealer_state": False})
    env.flush_all()
    env.invalidate_all()

    queries_before = env.cr.sql_log_count
    start = time.perf_counter()
    left = leads._miy_route_by_rules()
    env.flush_all()
    elapsed = time.perf_counter() - start
    queries = env.cr.sql_log_count - queries_before
    routed = size - len(left)
    if routed < size // 2:
        raise AssertionError(f"only {routed} of {size} leads routed")
    return {
        "name": f"{NAME}_{size}",
        "value": elapsed,
        "unit": "s",
        "target": TARGET_SECONDS,
        "baseline": baseline,
        "extra": f"{routed} of {size} leads routed to {DEALERS} dealers, {queries} queries; "
        "baseline: plain write of the dealer on the same leads; issue target <30 s at 10,000",
    }
