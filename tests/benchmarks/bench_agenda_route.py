"""Ordering a salesperson's day of 25 customer visits into a route (issue 13: under 1 s).

Set-up (not timed): 25 customers with coordinates spread over Bursa province and 25 one-hour
meetings of one salesperson on one day. Timed, in the same run:

- MİY: the field day plan's ``action_plan`` (the day's meetings read, nearest neighbour + 2-opt,
  distances and travel times, the stops written);
- baseline: the same day's visits taken in meeting-time order (the day's meetings search and the
  distances of that order, what a calendar's agenda view gives), no ordering.

The extra column compares the two routes' lengths (the point of ordering).
"""

import random
import time
from datetime import date, datetime, timedelta

NAME = "agenda_route_order"
TARGET_SECONDS = 1.0
VISITS = 25
DAY = date(2031, 3, 4)


def run(env, size, seed):
    # imported here: the runner imports this file outside Odoo's addons path
    from odoo.addons.miy_agenda.wizards.agenda_route import haversine_km

    rng = random.Random(seed)
    user = env["res.users"].create(
        {
            "name": "Bench saha",
            "login": "bench_route_user",
            "tz": "Europe/Istanbul",
            "groups_id": [(6, 0, env.ref("miy_contacts.group_miy_user").ids)],
        }
    )
    user.company_id.partner_id.write({"partner_latitude": 40.2246, "partner_longitude": 28.8887})
    partners = env["res.partner"].create(
        [
            {
                "name": f"Bench müşteri {index}",
                "is_company": True,
                "partner_latitude": 39.9 + rng.random() * 0.6,
                "partner_longitude": 28.6 + rng.random() * 1.0,
            }
            for index in range(VISITS)
        ]
    )
    start = datetime(DAY.year, DAY.month, DAY.day, 5)
    env["calendar.event"].create(
        [
            {
                "name": f"Bench ziyaret {index}",
                "start": start + timedelta(minutes=25 * index),
                "stop": start + timedelta(minutes=25 * index + 20),
                "user_id": user.id,
                "partner_ids": [(6, 0, (user.partner_id | partner).ids)],
            }
            for index, partner in enumerate(partners)
        ]
    )
    env.flush_all()
    env.invalidate_all()

    route = env["miy.agenda.route"].with_user(user).create({"user_id": user.id, "date": DAY})
    began = time.perf_counter()
    route.action_plan()
    env.flush_all()
    elapsed = time.perf_counter() - began
    if len(route.stop_ids) != VISITS:
        raise AssertionError(f"{len(route.stop_ids)} stops planned, expected {VISITS}")

    env.invalidate_all()
    baseline_route = env["miy.agenda.route"].with_user(user).create({"user_id": user.id, "date": DAY})
    began = time.perf_counter()
    visits = baseline_route._miy_day_visits()
    origin = (user.company_id.partner_id.partner_latitude, user.company_id.partner_id.partner_longitude)
    in_time_order = 0.0
    for _event, partner in visits:
        point = (partner.partner_latitude, partner.partner_longitude)
        in_time_order += haversine_km(origin, point)
        origin = point
    baseline = time.perf_counter() - began
    return {
        "name": f"{NAME}_{VISITS}",
        "value": elapsed,
        "unit": "s",
        "target": TARGET_SECONDS,
        "baseline": baseline,
        "extra": f"route {route.total_km:.0f} km vs {in_time_order:.0f} km in meeting-time order; issue target <1 s",
    }
