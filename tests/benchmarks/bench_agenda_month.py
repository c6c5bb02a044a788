"""The month view of the shared calendars (issue 13: 30 resources with 5,000 events under 1 s
server time).

Set-up (not timed): 30 resources in three calendars (rooms, vehicles, equipment) and ``min(size,
5000)`` meetings spread over one month, each booking one resource; events, attendee links and
bookings are inserted with parameterised SQL (benchmark set-up only). Timed, as a MİY user (record
rules apply), what the month view asks the server for: the bookings of the month with the fields
the calendar shows (``search_read`` over the month's range), and the side panel's filter values
(the calendars and resources of those bookings, with their names and colours).

Baseline, in the same run on the same meetings: Odoo's own calendar month view (``calendar.event``
``search_read`` of the month with the fields of calendar's own view).
"""

import time
from datetime import datetime

from odoo.tools import SQL

NAME = "agenda_month_view"
TARGET_SECONDS = 1.0
MAX_EVENTS = 5000
RESOURCES = 30
MONTH_START = datetime(2026, 3, 1)
MONTH_STOP = datetime(2026, 4, 1)
REPEAT = 5


def _setup(env, count):
    subjects = env["miy.agenda.subject"].create(
        [
            {"name": "Bench rooms", "kind": "room"},
            {"name": "Bench vehicles", "kind": "vehicle"},
            {"name": "Bench equipment", "kind": "equipment"},
        ]
    )
    resources = env["miy.agenda.resource"].create(
        [
            {"name": f"Bench resource {n}", "subject_id": subjects[n % 3].id, "capacity": 8, "color": n % 12}
            for n in range(RESOURCES)
        ]
    )
    env.flush_all()
    # resource n % 30 gets its meetings every four hours: no overlap (the exclusion constraint holds)
    env.cr.execute(
        SQL(
            """
            WITH events AS (
                INSERT INTO calendar_event (name, start, stop, allday, active, user_id, show_as, privacy,
                                            create_uid, write_uid, create_date, write_date)
                SELECT 'Bench ' || n,
                       %(origin)s + (n / %(nres)s) * interval '4 hours' + mod(n, %(nres)s) * interval '2 minutes',
                       %(origin)s + (n / %(nres)s) * interval '4 hours' + mod(n, %(nres)s) * interval '2 minutes'
                           + interval '1 hour',
                       false, true, %(uid)s, 'busy', 'public', %(uid)s, %(uid)s, now(), now()
                  FROM generate_series(0, %(count)s - 1) AS n
             RETURNING id, name, start, stop
            ), numbered AS (
                SELECT id, start, stop, substring(name from 7)::int AS n FROM events
            ), attendees AS (
                INSERT INTO calendar_event_res_partner_rel (calendar_event_id, res_partner_id)
                SELECT id, %(partner)s FROM numbered
            ), links AS (
                INSERT INTO calendar_event_miy_agenda_resource_rel (event_id, resource_id)
                SELECT numbered.id, (%(resources)s::int[])[1 + mod(numbered.n, %(nres)s)] FROM numbered
            )
            INSERT INTO miy_agenda_booking (event_id, resource_id, subject_id, company_id, start, stop, range_stop,
                                            allday, active, create_uid, write_uid, create_date, write_date)
            SELECT numbered.id, r.id, r.subject_id, rr.company_id, numbered.start, numbered.stop, numbered.stop,
                   false, true, %(uid)s, %(uid)s, now(), now()
              FROM numbered
              JOIN miy_agenda_resource r ON r.id = (%(resources)s::int[])[1 + mod(numbered.n, %(nres)s)]
              JOIN resource_resource rr ON rr.id = r.resource_id
            """,
            origin=MONTH_START,
            count=count,
            uid=env.uid,
            partner=env.user.partner_id.id,
            resources=resources.ids,
            nres=len(resources),
        )
    )
    for table in ("calendar_event", "calendar_event_res_partner_rel", "miy_agenda_booking"):
        env.cr.execute(SQL("ANALYZE %s", SQL.identifier(table)))
    env.invalidate_all()
    return resources


def run(env, size, seed):
    count = min(size, MAX_EVENTS)
    resources = _setup(env, count)
    user = env["res.users"].create(
        {
            "name": "Bench agenda user",
            "login": "bench_agenda_month",
            "groups_id": [(6, 0, [env.ref("base.group_user").id, env.ref("miy_contacts.group_miy_user").id])],
            "tz": "Europe/Istanbul",
        }
    )
    month = [("start", "<", MONTH_STOP), ("stop", ">=", MONTH_START)]

    def miy_month():
        Booking = env["miy.agenda.booking"].with_user(user)
        records = Booking.search_read(
            month + [("resource_id", "in", resources.ids)],
            ["name", "start", "stop", "allday", "user_id", "subject_id", "resource_id", "color"],
        )
        # the side panel: the calendars and resources shown, with names and colours
        env["miy.agenda.resource"].with_user(user).browse({r["resource_id"][0] for r in records}).read(
            ["display_name", "color", "subject_id"]
        )
        env.invalidate_all()
        return len(records)

    def odoo_month():
        Event = env["calendar.event"].with_user(user)
        records = Event.search_read(
            month,
            ["name", "start", "stop", "allday", "user_id", "partner_ids", "show_as", "privacy", "display_name"],
        )
        env.invalidate_all()
        return len(records)

    timings, counts = {}, {}
    for name, fetch in (("miy", miy_month), ("odoo", odoo_month)):
        fetch()  # warm-up
        begin = time.perf_counter()
        for _round in range(REPEAT):
            counts[name] = fetch()
        timings[name] = (time.perf_counter() - begin) / REPEAT
    if counts["miy"] < count:
        raise AssertionError(f"the month view shows {counts['miy']} of {count} bookings")
    return {
        "name": f"{NAME}_{count}",
        "value": timings["miy"],
        "unit": "s",
        "target": TARGET_SECONDS,
        "baseline": timings["odoo"],
        "extra": f"{counts['miy']} bookings of {len(resources)} resources in one month, as a MİY user, mean of "
        f"{REPEAT}; baseline: Odoo's calendar month view of the same {counts['odoo']} meetings; target <1 s",
    }
