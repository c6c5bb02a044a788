"""The daily birthday job of miy_quotes over N persons with a birthday.

Persons (with explicit KVKK consent and an e-mail) work for 50 organizations of a saved segment;
their birthdays are spread over the year. Timed: who has a birthday today
(``_birthday_person_ids``: one SQL query returning ids, no birthday read into Python) against the
baseline measured in the same run, a naive ORM loop that reads every birthday and compares
day and month in Python; then the whole job of one day (coupons, greeting log, queued e-mails).
"""

import random
import time
from datetime import date, timedelta

from odoo import Command

NAME = "birthday_greetings"
TARGET_SECONDS = 10.0  # the whole day's job at 100,000 persons (about 275 greetings)


def run(env, size, seed):
    rng = random.Random(seed)
    Partner = env["res.partner"].with_context(tracking_disable=True, miy_no_sync=True)
    organizations = Partner.create([{"name": f"Bench Firma {i}", "is_company": True} for i in range(50)])
    today = date(2026, 3, 14)
    start_day = date(1960, 1, 1)
    for offset in range(0, size, 1000):
        Partner.create(
            [
                {
                    "name": f"Bench Kişi {offset + i}",
                    "parent_id": rng.choice(organizations).id,
                    "email": f"kisi{offset + i}@bench.example",
                    "miy_birthdate": start_day + timedelta(days=rng.randrange(0, 16000)),
                    "miy_kvkk_legal_basis": "consent",
                    "miy_kvkk_consent_date": date(2020, 1, 1),
                }
                for i in range(min(1000, size - offset))
            ]
        )
        env.flush_all()
        env.invalidate_all()
    program = env["loyalty.program"].create(
        {
            "name": "Bench Doğum Günü",
            "program_type": "coupons",
            "trigger": "with_code",
            "reward_ids": [Command.create({"reward_type": "discount", "discount": 10, "required_points": 1})],
        }
    )
    segment = env["miy.segment"].create({"name": "Bench", "domain": repr([("id", "in", organizations.ids)])})
    company = env.company
    company.write(
        {"miy_birthday_active": True, "miy_birthday_segment_id": segment.id, "miy_birthday_program_id": program.id}
    )
    env.flush_all()
    env.invalidate_all()
    Greeting = env["miy.birthday.greeting"]

    started = time.perf_counter()
    person_ids = Greeting._birthday_person_ids(today, company)
    elapsed = time.perf_counter() - started

    env.invalidate_all()
    started = time.perf_counter()
    naive = [
        p.id
        for p in Partner.search([("miy_birthdate", "!=", False), ("is_company", "=", False)])
        if (p.miy_birthdate.month, p.miy_birthdate.day) == (today.month, today.day)
        and p.miy_kvkk_legal_basis == "consent"
    ]
    baseline = time.perf_counter() - started
    if sorted(naive) != sorted(person_ids):
        raise AssertionError(f"SQL found {len(person_ids)} persons, the ORM loop {len(naive)}")

    env.invalidate_all()
    queries_before = env.cr.sql_log_count
    started = time.perf_counter()
    sent = Greeting._send_greetings(company, today)
    job = time.perf_counter() - started
    queries = env.cr.sql_log_count - queries_before
    if sent != len(person_ids):
        raise AssertionError(f"{sent} greetings sent for {len(person_ids)} birthdays")
    return [
        {
            "name": f"{NAME}_select_{size}",
            "value": elapsed,
            "unit": "s",
            "target": 1.0,
            "baseline": baseline,
            "extra": f"{len(person_ids)} birthdays among {size} persons; baseline: ORM loop reading every birthday",
        },
        {
            "name": f"{NAME}_job_{size}",
            "value": job,
            "unit": "s",
            "target": TARGET_SECONDS,
            "extra": f"{sent} greetings (coupon, log, queued e-mail), {queries} queries",
        },
    ]
