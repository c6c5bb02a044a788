"""Opening a partner's card (form view) on the large data set (``--large`` only).

What the web client loads when a salesperson (MİY user, Sales: all documents, Invoicing) opens a
partner: ``web_read`` of every field of the form
view (smart buttons, the phone, affiliation, interaction... tabs with their first 40 rows), with the
specification built from ``get_views`` the way the client builds it. Timed for a generated person
and a generated organization (three numbers and five interactions each), best of five, cold caches
(``invalidate_all``) each time; a person with 205 interactions must cost the same queries, and so must the card at 100,000 and at 1,000,000 partners. No issue sets a target for the card: 0.5 s, the portal pages' order of magnitude.
"""

import random
import time
from datetime import datetime

from .bench_interaction_timeline import insert_interactions

NAME = "partner_card"
TARGET_SECONDS = 0.5
ROUNDS = 5


def _specification(env, user):
    """The web client's ``web_read`` specification of the partner form, as ``user`` gets it."""
    models = env["res.partner"].with_user(user).get_views([(False, "form")])["models"]

    def spec(model, names, depth):
        fields, result = env[model]._fields, {}
        for name in names:
            field = fields.get(name)
            if field is None:
                continue
            if field.type == "many2one":
                result[name] = {"fields": {"display_name": {}}}
            elif field.type in ("one2many", "many2many"):
                sub = models.get(field.comodel_name, {}).get("fields", {}) if depth == 0 else {}
                result[name] = {"fields": spec(field.comodel_name, sub, depth + 1) or {"display_name": {}}}
                if field.type == "one2many" or sub:
                    result[name]["limit"] = 40
            else:
                result[name] = {}
        return result

    return spec("res.partner", models["res.partner"]["fields"], 0)


def _open(env, user, partner_id, specification):
    env.invalidate_all()
    before = env.cr.sql_log_count
    start = time.perf_counter()
    env["res.partner"].with_user(user).with_context(bin_size=True).browse(partner_id).web_read(specification)
    return time.perf_counter() - start, env.cr.sql_log_count - before


def run_large(env, size, seed):
    from . import bigdata

    data = bigdata.manifest(env)
    # a salesperson who also invoices (Odoo's card computes sales and invoicing figures)
    groups = ["base.group_user", "miy_contacts.group_miy_user", "sales_team.group_sale_salesman_all_leads"]
    groups.append("account.group_account_invoice")
    user = (
        env["res.users"]
        .with_context(no_reset_password=True)
        .create(
            {
                "name": "Büyük Veri Kart",
                "login": "bigdata_card",
                "groups_id": [(6, 0, [env.ref(xmlid).id for xmlid in groups])],
            }
        )
    )
    specification = _specification(env, user)
    rng = random.Random(seed + 3)
    first = data["partner_first"]
    # index % 3 == 0: an organization
    organization = first + 3 * rng.randrange(size // 3)
    person = first + 3 * rng.randrange(size // 3) + 1
    _open(env, user, first + 2, specification)  # warm the registry caches
    timings = {}
    for label, partner_id in (("person", person), ("organization", organization)):
        rounds = [_open(env, user, partner_id, specification) for _round in range(ROUNDS)]
        timings[label] = (min(t for t, _q in rounds), rounds[-1][1])
    # another person with 200 more interactions: the query count must not move
    busy = person + 3
    insert_interactions(env, rng, [busy], data["members"][:4], 200, datetime.now())
    busy_queries = _open(env, user, busy, specification)[1]
    if busy_queries != timings["person"][1]:
        raise AssertionError(f"query count: {timings['person'][1]} for a person, {busy_queries} with 205 interactions")
    value = max(t for t, _q in timings.values())
    return {
        "name": f"{NAME}_{size}",
        "value": value,
        "unit": "s",
        "target": TARGET_SECONDS,
        "queries": f"{timings['person'][1]}/{timings['organization'][1]}",
        "extra": f"form of a person {timings['person'][0]:.3f}s, of an organization {timings['organization'][0]:.3f}s "
        f"({len(specification)} fields): {timings['person'][1]} / {timings['organization'][1]} queries (another person "
        f"with 205 interactions: {busy_queries}); as a salesperson, best of {ROUNDS}",
    }
