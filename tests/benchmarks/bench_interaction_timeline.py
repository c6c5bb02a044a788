"""Opening a partner's interaction timeline: the first page of the interactions action.

The issue's target: a partner with 10,000 interactions opens its timeline's first page in under
200 ms with a constant query count. Two partners get ``size // 10`` and ``size`` interactions
(1,000 and 10,000 at the default size), among as many interactions of other partners; the
interactions are inserted with parameterised bulk SQL (benchmark set-up only).

Timed, as a MİY user (record rules apply), what the list of the partner's interactions loads:
``action_miy_open_interactions()`` and ``web_search_read`` of the list view's fields with limit 80
and the total count; the smart button's ``miy_interaction_count`` (the card) is timed apart. The query
counts of the two partners must be equal (constant, whatever the number of interactions).
"""

import random
import time
from datetime import datetime, timedelta

from odoo import Command
from odoo.tools import SQL

NAME = "interaction_timeline"
TARGET_SECONDS = 0.2  # the target at 10,000 interactions
CHANNELS = ["face_to_face", "phone", "email", "video", "visit", "event", "other"]
# What the list view (miy_interaction_view_list) asks for, as the web client sends it.
SPECIFICATION = {
    "date": {},
    "subject": {},
    "partner_ids": {"fields": {"display_name": {}}},
    "channel": {},
    "reason_id": {"fields": {"display_name": {}}},
    "user_ids": {"fields": {"display_name": {}}},
    "duration": {},
    "followup_date": {},
    "res_ref": {},
    "company_id": {"fields": {"display_name": {}}},
    "activity_ids": {},
    "activity_exception_decoration": {},
    "activity_exception_icon": {},
    "activity_state": {},
    "activity_summary": {},
    "activity_type_icon": {},
    "activity_type_id": {"fields": {"display_name": {}}},
}


def insert_interactions(env, rng, partner_ids, user_ids, count, start):
    """``count`` interactions of one of ``partner_ids`` and one of ``user_ids`` each, in three
    statements. Returns their ids."""
    reasons = env["miy.interaction.reason"].search([]).ids
    dates = [start - timedelta(minutes=rng.randrange(60 * 24 * 365)) for _ in range(count)]
    env.cr.execute(
        SQL(
            """
            INSERT INTO miy_interaction (subject, date, channel, reason_id, duration, company_id,
                                         followup_done, create_uid, write_uid, create_date, write_date)
            SELECT 'Bench interaction ' || n, d, c, r, 0.5, %(company)s, FALSE, %(uid)s, %(uid)s, d, d
              FROM unnest(%(n)s::int[], %(d)s::timestamp[], %(c)s::varchar[], %(r)s::int[]) AS t(n, d, c, r)
            RETURNING id
            """,
            company=env.company.id,
            uid=env.uid,
            n=list(range(count)),
            d=dates,
            c=[rng.choice(CHANNELS) for _ in range(count)],
            r=[rng.choice(reasons) for _ in range(count)],
        )
    )
    ids = [row[0] for row in env.cr.fetchall()]
    env.cr.execute(
        SQL(
            "INSERT INTO miy_interaction_partner_rel (interaction_id, partner_id)"
            " SELECT * FROM unnest(%s::int[], %s::int[])",
            ids,
            [rng.choice(partner_ids) for _ in ids],
        )
    )
    env.cr.execute(
        SQL(
            "INSERT INTO miy_interaction_user_rel (interaction_id, user_id) SELECT * FROM unnest(%s::int[], %s::int[])",
            ids,
            [rng.choice(user_ids) for _ in ids],
        )
    )
    return ids


def measure(env, user, partner):
    """(timeline seconds, timeline queries, page, smart button seconds, smart button queries, count)"""
    partner = partner.with_user(user)
    env.invalidate_all()
    queries_before = env.cr.sql_log_count
    start = time.perf_counter()
    action = partner.action_miy_open_interactions()
    Interaction = env["miy.interaction"].with_user(user).with_context(**action["context"])
    page = Interaction.with_context(bin_size=True).web_search_read(
        action["domain"], SPECIFICATION, offset=0, limit=80, order="", count_limit=10001
    )
    elapsed = time.perf_counter() - start
    queries = env.cr.sql_log_count - queries_before
    env.invalidate_all()
    queries_before = env.cr.sql_log_count
    start = time.perf_counter()
    count = partner.miy_interaction_count
    button_elapsed = time.perf_counter() - start
    return elapsed, queries, page, button_elapsed, env.cr.sql_log_count - queries_before, count


def run(env, size, seed):
    rng = random.Random(seed)
    small_size, big_size = max(size // 10, 100), size
    groups = [Command.set([env.ref("base.group_user").id, env.ref("miy_contacts.group_miy_user").id])]
    team_users = env["res.users"].create(
        [{"name": f"Bench Timeline {n}", "login": f"bench_timeline_{n}", "groups_id": groups} for n in range(3)]
    )
    env["crm.team"].create({"name": "Bench Timeline Team", "member_ids": [Command.set(team_users.ids)]})
    Partner = env["res.partner"].with_context(tracking_disable=True)
    warm, small, big = Partner.create([{"name": f"Bench Timeline {n}", "is_company": True} for n in "ABC"])
    others = Partner.create([{"name": f"Bench Timeline Other {n}"} for n in range(200)]).ids
    user_ids = team_users.ids
    now = datetime.now()
    insert_interactions(env, rng, [warm.id], user_ids, 200, now)
    insert_interactions(env, rng, [small.id], user_ids, small_size, now)
    insert_interactions(env, rng, [big.id], user_ids, big_size, now)
    insert_interactions(env, rng, others, user_ids, big_size, now)
    for table in ("miy_interaction", "miy_interaction_partner_rel", "miy_interaction_user_rel"):
        env.cr.execute(SQL("ANALYZE %s", SQL.identifier(table)))
    env.invalidate_all()
    return _measure_all(env, team_users[0], warm, small, big, small_size, big_size, f"{NAME}_{big_size}")


def run_large(env, size, seed):
    """The same on the large data set of ``bigdata.py`` (``--large``): the two partners (1,000 and
    10,000 interactions, the issue's size) among the 5 x ``size`` interactions of the generated
    partners, logged by the four members of a generated sales team."""
    from . import bigdata

    data = bigdata.manifest(env)
    rng = random.Random(seed)
    small_size, big_size = 1000, 10000
    user_ids = data["members"][:4]  # one sales team
    Partner = env["res.partner"].with_context(tracking_disable=True)
    warm, small, big = Partner.create([{"name": f"Bench Timeline {n}", "is_company": True} for n in "ABC"])
    now = datetime.now()
    insert_interactions(env, rng, [warm.id], user_ids, 200, now)
    insert_interactions(env, rng, [small.id], user_ids, small_size, now)
    insert_interactions(env, rng, [big.id], user_ids, big_size, now)
    for table in ("miy_interaction", "miy_interaction_partner_rel", "miy_interaction_user_rel"):
        env.cr.execute(SQL("ANALYZE %s", SQL.identifier(table)))
    env.invalidate_all()
    user = env["res.users"].browse(user_ids[0])
    result = _measure_all(env, user, warm, small, big, small_size, big_size, f"{NAME}_{size}")
    result["extra"] = f"{data['interactions']} interactions of {size} partners; " + result["extra"]
    return result


def _measure_all(env, user, warm, small, big, small_size, big_size, name):
    measure(env, user, warm)  # warm the registry caches (rules, views, field metadata)
    small_time, small_queries, small_page, small_button, small_button_queries, small_count = measure(env, user, small)
    rounds = [measure(env, user, big) for _round in range(3)]
    big_time = min(r[0] for r in rounds)
    big_button = min(r[3] for r in rounds)
    __, big_queries, big_page, __, big_button_queries, big_count = rounds[-1]
    if small_page["length"] != small_size or small_count != small_size or len(small_page["records"]) != 80:
        raise AssertionError(f"small partner: {small_page['length']} / {small_count}, expected {small_size}")
    if big_page["length"] != big_size or big_count != big_size or len(big_page["records"]) != 80:
        raise AssertionError(f"big partner: {big_page['length']} / {big_count}, expected {big_size}")
    dates = [record["date"] for record in big_page["records"]]
    if dates != sorted(dates, reverse=True):
        raise AssertionError("the first page is not newest first")
    if (small_queries, small_button_queries) != (big_queries, big_button_queries):
        raise AssertionError(
            f"query count grows: {small_queries}+{small_button_queries} at {small_size}, "
            f"{big_queries}+{big_button_queries} at {big_size}"
        )
    return {
        "name": name,
        "value": big_time,
        "unit": "s",
        "target": TARGET_SECONDS,
        "queries": f"{big_queries}+{big_button_queries}",
        "extra": f"action + first page (80) + count of {big_size}: {big_queries} queries (best of 3); "
        f"at {small_size}: {small_time:.3f}s, {small_queries} queries; smart button count "
        f"{big_button:.3f}s/{big_button_queries} queries at {big_size}, "
        f"{small_button:.3f}s/{small_button_queries} at {small_size}; issue target <200 ms at 10,000",
    }
