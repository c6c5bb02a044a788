"""Checking a new booking against a resource with N existing bookings (issue 13: 20,000 under 20 ms,
at least 10x faster than Odoo's way of finding overlapping events by search).

Set-up (not timed): one room, N one-hour meetings two hours apart, each booking the room and having
the room's partner as attendee; events, attendee links and bookings are inserted with parameterised
SQL (benchmark set-up only). Timed, in the same run, averaged over repeated checks of slots spread
over the whole period:

- MİY: ``miy.agenda.resource._miy_find_conflicts`` (one query on the exclusion constraint's GiST
  index), what every meeting save runs before writing its bookings;
- baseline: Odoo's way, a ``calendar.event`` search for events of the room's partner overlapping the
  slot (``start < stop and stop > start``, as calendar's own systray/busy domains do).
"""

import random
import time
from datetime import datetime, timedelta

from odoo.tools import SQL

NAME = "agenda_booking_check"
TARGET_SECONDS = 0.020
CHECKS = 200
ORIGIN = datetime(2026, 1, 5, 6)


def run(env, size, seed):
    rng = random.Random(seed)
    subject = env["miy.agenda.subject"].create({"name": "Bench rooms"})
    room = env["miy.agenda.resource"].create({"name": "Bench room", "subject_id": subject.id, "capacity": 12})
    partner = env["res.partner"].create({"name": "Bench room (attendee)"})
    env.flush_all()
    env.cr.execute(
        SQL(
            """
            WITH events AS (
                INSERT INTO calendar_event (name, start, stop, allday, active, user_id, show_as, privacy,
                                            create_uid, write_uid, create_date, write_date)
                SELECT 'Bench ' || n, %(origin)s + n * interval '2 hours', %(origin)s + n * interval '2 hours' + interval '1 hour',
                       false, true, %(uid)s, 'busy', 'public', %(uid)s, %(uid)s, now(), now()
                  FROM generate_series(0, %(size)s - 1) AS n
             RETURNING id, start, stop
            ), attendees AS (
                INSERT INTO calendar_event_res_partner_rel (calendar_event_id, res_partner_id)
                SELECT id, %(partner)s FROM events
            ), links AS (
                INSERT INTO calendar_event_miy_agenda_resource_rel (event_id, resource_id)
                SELECT id, %(room)s FROM events
            )
            INSERT INTO miy_agenda_booking (event_id, resource_id, subject_id, company_id, start, stop, range_stop,
                                            allday, active, create_uid, write_uid, create_date, write_date)
            SELECT id, %(room)s, %(subject)s, %(company)s, start, stop, stop, false, true, %(uid)s, %(uid)s, now(), now()
              FROM events
            """,
            origin=ORIGIN,
            size=size,
            uid=env.uid,
            partner=partner.id,
            room=room.id,
            subject=subject.id,
            company=room.company_id.id,
        )
    )
    for table in ("calendar_event", "calendar_event_res_partner_rel", "miy_agenda_booking"):
        env.cr.execute(SQL("ANALYZE %s", SQL.identifier(table)))
    env.invalidate_all()

    # half of the checked slots conflict (they start 30 min into a meeting), half fall in a gap
    slots = []
    for _index in range(CHECKS):
        n = rng.randrange(size)
        start = ORIGIN + timedelta(hours=2 * n) + timedelta(minutes=rng.choice((30, 75)))
        slots.append((start, start + timedelta(minutes=30)))
    Resource = env["miy.agenda.resource"]
    Event = env["calendar.event"]

    def miy_check(start, stop):
        return bool(Resource._miy_find_conflicts([(0, room.id, start, stop)]))

    def odoo_search(start, stop):
        return bool(
            Event.search([("partner_ids", "in", partner.id), ("start", "<", stop), ("stop", ">", start)], limit=1)
        )

    timings = {}
    answers = {}
    for name, check in (("miy", miy_check), ("odoo", odoo_search)):
        check(*slots[0])  # warm-up
        begin = time.perf_counter()
        answers[name] = [check(start, stop) for start, stop in slots]
        timings[name] = (time.perf_counter() - begin) / len(slots)
    if answers["miy"] != answers["odoo"]:
        raise AssertionError("the two checks disagree")
    conflicts = sum(answers["miy"])
    return {
        "name": f"{NAME}_{size}",
        "value": timings["miy"],
        "unit": "s",
        "target": min(TARGET_SECONDS, timings["odoo"] / 10),
        "baseline": timings["odoo"],
        "extra": f"mean of {len(slots)} checks ({conflicts} conflicting) against {size} bookings of one room; "
        f"baseline: calendar.event search by attendee and overlap; target <20 ms and >=10x faster",
    }
