"""Finding a partner by a phone number typed in any format (issue: miy_contacts, scale).

Generates ``size`` partners with three numbers each, stored in mixed spellings (the first two
also in Odoo's phone/mobile fields), then looks up 150 of them typed three ways
(``+90 5xx xxx xx xx``, ``05xx xxx xx xx``, ten bare digits) with MİY's search and with
Odoo's own ``phone_mobile_search`` on the same data: how many it finds right, and the mean
time per lookup. Target: MİY finds every one and is no slower than Odoo's search.
"""

import random
import time

from . import datagen

NAME = "phone_lookup"
QUERIES_PER_FORMAT = 50
ROUNDS = 3  # each search measured three times, alternating; the best mean counts


def _typed(number, style):
    a, b, c, d = number[:3], number[3:6], number[6:8], number[8:]
    return {"intl": f"+90 {a} {b} {c} {d}", "national": f"0{a} {b} {c} {d}", "bare": number}[style]


def _populate(env, rows):
    Partner = env["res.partner"].with_context(miy_no_sync=True, tracking_disable=True, mail_create_nolog=True)
    Phone = env["miy.partner.phone"].with_context(miy_no_mirror=True)
    ids = []
    for offset in range(0, len(rows), 2000):
        chunk = rows[offset : offset + 2000]
        partners = Partner.create(
            [
                {
                    "name": row["name"],
                    "is_company": row["is_company"],
                    "phone": datagen.formatted(row["numbers"][0], row["styles"][0]),
                    "mobile": datagen.formatted(row["numbers"][1], row["styles"][1]),
                }
                for row in chunk
            ]
        )
        Phone.create(
            [
                {
                    "partner_id": partner.id,
                    "number": datagen.formatted(number, style),
                    "phone_type": "mobile" if number.startswith("5") else "office",
                    "is_primary": index == 0,
                }
                for partner, row in zip(partners, chunk, strict=True)
                for index, (number, style) in enumerate(zip(row["numbers"], row["styles"], strict=True))
            ]
        )
        env.flush_all()
        env.invalidate_all()
        ids.extend(partners.ids)
    return ids


def _measure(env, field, queries):
    Partner = env["res.partner"]
    Partner.search([(field, "=", queries[0][0])])  # warm up
    found = 0
    start = time.perf_counter()
    for typed, expected_id in queries:
        if expected_id in Partner.search([(field, "=", typed)]).ids:
            found += 1
    return found, (time.perf_counter() - start) * 1000 / len(queries)


def run(env, size, seed):
    rows = datagen.partners(seed, size)
    ids = _populate(env, rows)
    env.cr.execute("ANALYZE res_partner; ANALYZE miy_partner_phone")
    rng = random.Random(seed + 1)
    queries = []
    for style in ("intl", "national", "bare"):
        for index in rng.sample(range(len(rows)), QUERIES_PER_FORMAT):
            number = rows[index]["numbers"][rng.randrange(2)]  # phone or mobile: both searches can see it
            queries.append((_typed(number, style), ids[index]))
    has_odoo = "phone_mobile_search" in env["res.partner"]._fields
    miy_runs, odoo_runs = [], []
    for _round in range(ROUNDS):
        miy_runs.append(_measure(env, "miy_phone_search", queries))
        if has_odoo:
            odoo_runs.append(_measure(env, "phone_mobile_search", queries))
    miy_found, miy_ms = miy_runs[0][0], min(ms for _found, ms in miy_runs)
    result = {
        "name": f"{NAME}_{size}",
        "value": miy_ms,
        "unit": "ms",
        "target": None,
        "extra": f"MİY found {miy_found}/{len(queries)}",
    }
    if has_odoo:
        odoo_found, odoo_ms = odoo_runs[0][0], min(ms for _found, ms in odoo_runs)
        result.update(baseline=odoo_ms, target=odoo_ms)
        result["extra"] += f", Odoo's phone_mobile_search found {odoo_found}/{len(queries)} at {odoo_ms:.2f} ms"
    if miy_found != len(queries):
        result["target"] = 0.0  # missing a partner misses the target whatever the time
    return result
