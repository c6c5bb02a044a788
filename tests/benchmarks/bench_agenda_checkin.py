"""A check-in scan at the gate (issue 13: under 100 ms with a constant query count).

Set-up (not timed): N participants spread over N/100 meetings with gate check-in happening now,
inserted with parameterised SQL (benchmark set-up only), each with its own check-in code; a
front-desk user. Timed, in the same run, averaged over repeated scans of codes spread over all
meetings:

- MİY: ``calendar.attendee.miy_checkin_scan`` as the front-desk user: finds the participant by
  code (unique index), checks meeting, answer, reuse and time window, marks the arrival and
  returns the desk's counts;
- baseline: Odoo's way of finding a participant by token, a ``calendar.attendee`` search on
  ``access_token`` (what the RSVP links of the invitation do), nothing written.

The query count of every scan is recorded: it must not vary (reported in ``extra``).
"""

import random
import secrets
import time
from datetime import datetime, timedelta

from odoo.tools import SQL

NAME = "agenda_checkin_scan"
TARGET_SECONDS = 0.100
SCANS = 200
PER_MEETING = 100


def run(env, size, seed):
    rng = random.Random(seed)
    meetings = max(size // PER_MEETING, 1)
    desk = env["res.users"].create(
        {
            "name": "Bench desk",
            "login": f"bench_desk_{seed}",
            "groups_id": [(6, 0, env.ref("miy_agenda.group_miy_agenda_front_desk").ids)],
        }
    )
    partners = env["res.partner"].create([{"name": f"Bench guest {i}"} for i in range(PER_MEETING)])
    env.flush_all()
    start = datetime.now().replace(microsecond=0) + timedelta(minutes=10)
    env.cr.execute(
        SQL(
            """
            INSERT INTO calendar_event (name, start, stop, allday, active, user_id, show_as, privacy, miy_use_checkin,
                                        create_uid, write_uid, create_date, write_date)
            SELECT 'Bench ' || n, %(start)s, %(start)s + interval '2 hours', false, true, %(uid)s, 'busy', 'public', true,
                   %(uid)s, %(uid)s, now(), now()
              FROM generate_series(1, %(meetings)s) AS n
            RETURNING id
            """,
            start=start,
            meetings=meetings,
            uid=env.uid,
        )
    )
    event_ids = [row[0] for row in env.cr.fetchall()]
    rows = [(event_id, partner_id) for event_id in event_ids for partner_id in partners.ids]
    codes = [secrets.token_urlsafe(16) for _row in rows]
    tokens = [secrets.token_hex(16) for _row in rows]
    env.cr.execute(
        SQL(
            """
            INSERT INTO calendar_attendee (event_id, partner_id, state, common_name, access_token, miy_checkin_code,
                                           create_uid, write_uid, create_date, write_date)
            SELECT e, p, 'accepted', 'Bench guest', t, c, %(uid)s, %(uid)s, now(), now()
              FROM unnest(%(events)s::int[], %(partners)s::int[], %(tokens)s::varchar[], %(codes)s::varchar[])
                   AS v(e, p, t, c)
            """,
            events=[row[0] for row in rows],
            partners=[row[1] for row in rows],
            tokens=tokens,
            codes=codes,
            uid=env.uid,
        )
    )
    env.cr.execute(SQL("ANALYZE calendar_attendee"))
    env.invalidate_all()
    event_of = dict(zip(codes, (row[0] for row in rows), strict=True))
    picks = rng.sample(range(len(rows)), min(SCANS, len(rows)))

    Attendee = env["calendar.attendee"].with_user(desk)
    queries = []

    def miy_scan(index):
        code = codes[index]
        before = env.cr.sql_log_count
        result = Attendee.miy_checkin_scan(event_of[code], code)
        queries.append(env.cr.sql_log_count - before)
        if result["status"] != "ok":
            raise AssertionError(result["message"])
        env.invalidate_all()  # each scan is a new request: nothing cached from the previous one

    def odoo_search(index):
        env["calendar.attendee"].with_user(desk).search([("access_token", "=", tokens[index])], limit=1).state  # noqa: B018
        env.invalidate_all()

    # warm-up (not measured): one scan, one search, on codes not in the sample
    spare = next(i for i in range(len(rows)) if i not in set(picks))
    miy_scan(spare)
    odoo_search(spare)
    queries.clear()
    timings = {}
    for name, fn in (("miy", miy_scan), ("odoo", odoo_search)):
        begin = time.perf_counter()
        for index in picks:
            fn(index)
        timings[name] = (time.perf_counter() - begin) / len(picks)
    if len(set(queries)) != 1:
        raise AssertionError(f"the query count of a scan varies: {sorted(set(queries))}")
    return {
        "name": f"{NAME}_{size}",
        "value": timings["miy"],
        "unit": "s",
        "target": TARGET_SECONDS,
        "baseline": timings["odoo"],
        "extra": f"mean of {len(picks)} scans among {len(rows)} participants of {meetings} meetings, "
        f"{queries[0]} queries each (constant); baseline: attendee search by Odoo's access_token; target <100 ms",
    }
