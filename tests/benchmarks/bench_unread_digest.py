"""The managers' daily digest of unread interactions (cron ``_cron_send_unread_digest``).

The issue's target: over 200,000 interactions and 50 managers, under 10 s. With ``--size N`` the
benchmark builds ``20 * N`` interactions (200,000 at the default size 10,000) over the last 60
days, logged by the 200 members of 50 sales teams each led by one manager; a quarter of the
recent ones are already read by their manager. Interactions, their links and read marks are
inserted with parameterised bulk SQL (benchmark set-up only).

Timed: the cron, then the flush of what it wrote. It must queue exactly one e-mail per manager.
"""

import random
import time
from datetime import datetime, timedelta

from odoo import Command
from odoo.tools import SQL

from .bench_interaction_timeline import CHANNELS

NAME = "unread_digest"
TARGET_SECONDS = 10.0  # the target at 200,000 interactions and 50 managers
MANAGERS = 50
MEMBERS_PER_TEAM = 4


def run(env, size, seed):
    rng = random.Random(seed)
    count = 20 * size
    user_group = env.ref("base.group_user").id
    managers = env["res.users"].create(
        [
            {
                "name": f"Bench Manager {n}",
                "login": f"bench_digest_manager_{n}",
                "email": f"bench.manager{n}@example.com",
                "groups_id": [Command.set([user_group, env.ref("miy_contacts.group_miy_manager").id])],
            }
            for n in range(MANAGERS)
        ]
    )
    members = env["res.users"].create(
        [
            {
                "name": f"Bench Member {n}",
                "login": f"bench_digest_member_{n}",
                "groups_id": [Command.set([user_group, env.ref("miy_contacts.group_miy_user").id])],
            }
            for n in range(MANAGERS * MEMBERS_PER_TEAM)
        ]
    )
    env["crm.team"].create(
        [
            {
                "name": f"Bench Team {n}",
                "user_id": manager.id,
                "member_ids": [
                    Command.set(members[n * MEMBERS_PER_TEAM : (n + 1) * MEMBERS_PER_TEAM].ids),
                ],
            }
            for n, manager in enumerate(managers)
        ]
    )
    partners = env["res.partner"].create([{"name": f"Bench Digest Customer {n}"} for n in range(500)]).ids
    member_team = {member.id: n // MEMBERS_PER_TEAM for n, member in enumerate(members)}
    now = datetime.now()
    rows = [
        (now - timedelta(minutes=rng.randrange(60 * 24 * 60)), rng.choice(members.ids), rng.choice(partners))
        for _ in range(count)
    ]
    env.cr.execute(
        SQL(
            """
            INSERT INTO miy_interaction (subject, date, channel, duration, company_id, followup_done,
                                         create_uid, write_uid, create_date, write_date)
            SELECT 'Bench digest ' || n, d, c, 0.25, %(company)s, FALSE, u, u, d, d
              FROM unnest(%(n)s::int[], %(d)s::timestamp[], %(c)s::varchar[], %(u)s::int[]) AS t(n, d, c, u)
            RETURNING id
            """,
            company=env.company.id,
            n=list(range(count)),
            d=[row[0] for row in rows],
            c=[rng.choice(CHANNELS) for _ in rows],
            u=[row[1] for row in rows],
        )
    )
    ids = [row[0] for row in env.cr.fetchall()]
    for table, column, values in (
        ("miy_interaction_user_rel", "user_id", [row[1] for row in rows]),
        ("miy_interaction_partner_rel", "partner_id", [row[2] for row in rows]),
    ):
        env.cr.execute(
            SQL(
                "INSERT INTO %s (interaction_id, %s) SELECT * FROM unnest(%s::int[], %s::int[])",
                SQL.identifier(table),
                SQL.identifier(column),
                ids,
                values,
            )
        )
    recent = now - timedelta(days=30)
    read = [
        (iid, managers[member_team[row[1]]].id)
        for iid, row in zip(ids, rows, strict=False)
        if row[0] > recent and rng.random() < 0.25
    ]
    env.cr.execute(
        SQL(
            "INSERT INTO miy_interaction_read (interaction_id, user_id, read_date, create_uid, write_uid,"
            " create_date, write_date) SELECT i, u, now(), 1, 1, now(), now() FROM unnest(%s::int[], %s::int[]) AS t(i, u)",
            [r[0] for r in read],
            [r[1] for r in read],
        )
    )
    for table in ("miy_interaction", "miy_interaction_partner_rel", "miy_interaction_user_rel", "miy_interaction_read"):
        env.cr.execute(SQL("ANALYZE %s", SQL.identifier(table)))
    env.flush_all()
    env.invalidate_all()
    env.registry.clear_cache()

    m = _measure(env, managers)
    return {
        "name": f"{NAME}_{count}",
        "value": m["elapsed"],
        "unit": "s",
        "target": TARGET_SECONDS,
        "extra": f"{MANAGERS} managers, {count} interactions ({len(read)} read marks), {m['mails']} e-mails, "
        f"{m['queries']} queries; a manager's unread list (80 of {m['length']}) {m['list_elapsed']:.3f}s; "
        "issue target <10 s at 200,000 and 50 managers",
    }


def run_large(env, size, seed):
    """The same cron on the large data set of ``bigdata.py`` (``--large``): 50 managers, 200
    members, 5 x ``size`` interactions over three years (those of the last 30 days are the digest's),
    a quarter of the last 30 days read by the manager."""
    from . import bigdata

    data = bigdata.manifest(env)
    managers = env["res.users"].browse(data["managers"])
    env.registry.clear_cache()
    m = _measure(env, managers)
    return {
        "name": f"{NAME}_{size}",
        "value": m["elapsed"],
        "unit": "s",
        "target": TARGET_SECONDS,
        "queries": m["queries"],
        "extra": f"{MANAGERS} managers, {data['interactions']} interactions ({data['read_marks']} read marks), "
        f"{m['mails']} e-mails, {m['queries']} queries; a manager's unread list (80 of {m['length']}) "
        f"{m['list_elapsed']:.3f}s, {m['list_queries']} queries; issue target <10 s at 200,000 and 50 managers",
    }


def _measure(env, managers):
    """Run the digest job once, check that every manager got one e-mail, then time what a
    manager's *Unread Interactions* menu loads (not part of the target)."""
    env.cr.execute(SQL("SELECT COALESCE(MAX(id), 0) FROM mail_mail"))
    last_mail = env.cr.fetchone()[0]
    queries_before = env.cr.sql_log_count
    start = time.perf_counter()
    env["miy.interaction"]._cron_send_unread_digest()
    env.flush_all()
    elapsed = time.perf_counter() - start
    queries = env.cr.sql_log_count - queries_before
    mails = env["mail.mail"].sudo().search([("id", ">", last_mail)])
    to_managers = mails.filtered(lambda mail: mail.recipient_ids & managers.partner_id)
    if len(to_managers) != MANAGERS or len(to_managers.recipient_ids & managers.partner_id) != MANAGERS:
        raise AssertionError(f"{len(to_managers)} digest e-mails for {MANAGERS} managers")
    env.invalidate_all()
    list_before = env.cr.sql_log_count
    list_start = time.perf_counter()
    page = (
        env["miy.interaction"]
        .with_user(managers[0])
        .web_search_read(
            [("miy_is_my_team", "=", True), ("is_read_by_me", "=", False)],
            {"date": {}, "subject": {}, "user_ids": {"fields": {"display_name": {}}}},
            limit=80,
            count_limit=10001,
        )
    )
    return {
        "elapsed": elapsed,
        "queries": queries,
        "mails": len(to_managers),
        "length": page["length"],
        "list_elapsed": time.perf_counter() - list_start,
        "list_queries": env.cr.sql_log_count - list_before,
    }
