"""Finding a partner by a phone number typed in any format (issue: miy_contacts, scale).

Generates ``size`` partners with three numbers each, stored in mixed spellings (the first two
also in Odoo's phone/mobile fields), then looks up 150 of them typed three ways
(``+90 5xx xxx xx xx``, ``05xx xxx xx xx``, ten bare digits) with MİY's search and with
Odoo's own ``phone_mobile_search`` on the same data: how many it finds right, and the mean
time per lookup. Target: MİY finds every one and is no slower than Odoo's search.

A second result, ``phone_digits_<numbers>``, searches by a part of a number: 50 subscriber
numbers (the last seven digits, ``555 12 34``) and 50 area codes with the next three digits
(``0532 555``), served by the btree indexes of ``miy_partner_phone`` on the reversed and the
plain E.164 number: the mean SQL time per lookup of the search's own subquery (target 1 ms),
with main's ``LIKE '%...%'`` scan as the baseline and the time of the whole ORM search in the
notes.

The 1,000,000-number variant: ``scripts/miy bench --only phone_lookup --size 333334`` (three
numbers per partner). Above ``BULK_FROM`` partners the data is written with set-based SQL
instead of the ORM (which would take hours), and Odoo's search is measured on fewer lookups.
"""

import random
import time

from odoo.tools import SQL

from . import datagen

NAME = "phone_lookup"
QUERIES_PER_FORMAT = 50
ROUNDS = 3  # each search measured three times, alternating; the best mean counts
BULK_FROM = 50000  # partners: from this size on, the data is written with SQL
DIGIT_QUERIES = 100
DIGIT_TARGET_MS = 1.0


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


def _populate_sql(env, rows):
    """The same data as ``_populate``, written with set-based SQL: the partners copy the columns
    of one partner created by the ORM (so every required column of every installed addon is
    filled), the phone rows get their E.164 form computed here."""
    cr = env.cr
    template = env["res.partner"].with_context(miy_no_sync=True).create({"name": "bench template"})
    env.flush_all()
    cr.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = 'res_partner' "
        "AND table_schema = current_schema()"
    )
    own = ("id", "name", "complete_name", "is_company", "phone", "mobile", "commercial_partner_id")
    copied = [name for (name,) in cr.fetchall() if name not in own]
    ids = []
    for offset in range(0, len(rows), 20000):
        chunk = rows[offset : offset + 20000]
        cr.execute(SQL("SELECT nextval('res_partner_id_seq') FROM generate_series(1, %s)", len(chunk)))
        chunk_ids = [row[0] for row in cr.fetchall()]
        cr.execute(
            SQL(
                """
                INSERT INTO res_partner (id, name, complete_name, is_company, phone, mobile, commercial_partner_id, %(cols)s)
                SELECT t.id, t.name, t.name, t.is_company, t.phone, t.mobile, t.id, %(tpl_cols)s
                  FROM unnest(%(ids)s::int[], %(names)s::varchar[], %(companies)s::bool[],
                              %(phones)s::varchar[], %(mobiles)s::varchar[]) AS t(id, name, is_company, phone, mobile),
                       res_partner tpl
                 WHERE tpl.id = %(template)s
                """,
                cols=SQL(", ").join(SQL.identifier(name) for name in copied),
                tpl_cols=SQL(", ").join(SQL.identifier("tpl", name) for name in copied),
                ids=chunk_ids,
                names=[row["name"] for row in chunk],
                companies=[row["is_company"] for row in chunk],
                phones=[datagen.formatted(row["numbers"][0], row["styles"][0]) for row in chunk],
                mobiles=[datagen.formatted(row["numbers"][1], row["styles"][1]) for row in chunk],
                template=template.id,
            )
        )
        phones = [
            (partner_id, number, style, index)
            for partner_id, row in zip(chunk_ids, chunk, strict=True)
            for index, (number, style) in enumerate(zip(row["numbers"], row["styles"], strict=True))
        ]
        cr.execute(
            SQL(
                """
                INSERT INTO miy_partner_phone (partner_id, phone_type, number, number_e164, is_primary, sequence,
                                               create_uid, write_uid, create_date, write_date)
                SELECT t.partner_id, t.phone_type, t.number, t.e164, t.is_primary, 10,
                       1, 1, NOW() AT TIME ZONE 'UTC', NOW() AT TIME ZONE 'UTC'
                  FROM unnest(%(partners)s::int[], %(types)s::varchar[], %(numbers)s::varchar[],
                              %(e164)s::varchar[], %(primary)s::bool[]) AS t(partner_id, phone_type, number, e164, is_primary)
                """,
                partners=[partner_id for partner_id, _n, _s, _i in phones],
                types=["mobile" if number.startswith("5") else "office" for _p, number, _s, _i in phones],
                numbers=[datagen.formatted(number, style) for _p, number, style, _i in phones],
                e164=[f"+90{number}" for _p, number, _s, _i in phones],
                primary=[index == 0 for _p, _n, _s, index in phones],
            )
        )
        ids.extend(chunk_ids)
    return ids


def _digit_queries(rng, numbers_of, count):
    """``count`` parts of numbers: (typed, partner id); ``numbers_of`` is a list of (partner id,
    its 10-digit numbers)."""
    queries = []
    for position, (partner_id, numbers) in enumerate(rng.sample(numbers_of, count)):
        number = numbers[rng.randrange(len(numbers))]
        typed = f"{number[3:6]} {number[6:8]} {number[8:]}" if position % 2 else f"0{number[:3]} {number[3:6]}"
        queries.append((typed, partner_id))
    return queries


def _measure_digits(env, rows, ids, seed, numbers):
    """Search by a part of a number: SQL time of the search's subquery, main's scan as the
    baseline, and the time of the ORM search users get."""
    rng = random.Random(seed + 2)
    queries = _digit_queries(rng, [(ids[index], row["numbers"]) for index, row in enumerate(rows)], DIGIT_QUERIES)
    return _measure_digit_queries(env, queries, numbers)


def _measure_digit_queries(env, queries, numbers):
    Partner = env["res.partner"]
    cr = env.cr

    def sql_lookups(subset, main=False):
        start = time.perf_counter()
        found = 0
        for typed, expected_id in subset:
            if main:  # main's query: LIKE '%digits%', which no index serves
                digits = "".join(ch for ch in typed if ch.isdigit()).lstrip("0")
                cr.execute("SELECT partner_id FROM miy_partner_phone WHERE number_e164 LIKE %s", [f"%{digits}%"])
            else:
                ((_f, _o, subquery),) = Partner._search_miy_phone_search("ilike", typed)
                cr.execute(SQL("SELECT * FROM %s AS found", subquery))
            found += expected_id in {row[0] for row in cr.fetchall()}
        return found, (time.perf_counter() - start) * 1000 / len(subset)

    sql_lookups(queries[:5])  # warm up
    runs = [sql_lookups(queries) for _round in range(ROUNDS)]
    found, sql_ms = runs[0][0], min(ms for _found, ms in runs)
    start = time.perf_counter()
    orm_found = sum(
        expected_id in Partner.search([("miy_phone_search", "ilike", typed)]).ids for typed, expected_id in queries
    )
    orm_ms = (time.perf_counter() - start) * 1000 / len(queries)
    subset = queries[: 10 if numbers > 100000 else len(queries)]
    _found, scan_ms = sql_lookups(subset, main=True)
    ok = found == orm_found == len(queries)
    env.invalidate_all()
    before = env.cr.sql_log_count
    Partner.search([("miy_phone_search", "ilike", queries[0][0])])
    return {
        "name": f"phone_digits_{numbers}",
        "value": sql_ms,
        "unit": "ms",
        "target": DIGIT_TARGET_MS if ok else 0.0,
        "baseline": scan_ms,
        "queries": env.cr.sql_log_count - before,
        "extra": (
            f"{numbers} numbers, a part of a number (7 last / 6 first digits): found {found}/{len(queries)} by SQL, "
            f"{orm_found} by the ORM search ({orm_ms:.2f} ms per search); main's LIKE '%...%' scan {scan_ms:.2f} ms"
        ),
    }


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
    ids = _populate_sql(env, rows) if size >= BULK_FROM else _populate(env, rows)
    env.cr.execute("ANALYZE res_partner; ANALYZE miy_partner_phone")
    rng = random.Random(seed + 1)
    queries = []
    for style in ("intl", "national", "bare"):
        for index in rng.sample(range(len(rows)), QUERIES_PER_FORMAT):
            number = rows[index]["numbers"][rng.randrange(2)]  # phone or mobile: both searches can see it
            queries.append((_typed(number, style), ids[index]))
    has_odoo = "phone_mobile_search" in env["res.partner"]._fields
    odoo_queries = queries if size < BULK_FROM else queries[::10]  # Odoo's search scans every partner
    miy_runs, odoo_runs = [], []
    for _round in range(ROUNDS):
        miy_runs.append(_measure(env, "miy_phone_search", queries))
        if has_odoo and (size < BULK_FROM or not odoo_runs):
            odoo_runs.append(_measure(env, "phone_mobile_search", odoo_queries))
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
        result["extra"] += f", Odoo's phone_mobile_search found {odoo_found}/{len(odoo_queries)} at {odoo_ms:.2f} ms"
    if miy_found != len(queries):
        result["target"] = 0.0  # missing a partner misses the target whatever the time
    return [result, _measure_digits(env, rows, ids, seed, len(rows) * 3)]


def run_large(env, size, seed):
    """The same lookups on the large data set of ``bigdata.py`` (``--large``): 150 partners of the
    ``size`` generated ones, by their mobile or their office number (Odoo's *Mobile* and *Phone*),
    typed three ways; Odoo's search on a tenth of them (both best of three). Plus the parts of
    numbers."""
    from . import bigdata

    data = bigdata.manifest(env)
    rng = random.Random(seed + 1)
    sample = [data["partner_first"] + index for index in rng.sample(range(size), QUERIES_PER_FORMAT * 3)]
    env.cr.execute(
        "SELECT partner_id, array_agg(substr(number_e164, 4) ORDER BY id) FROM miy_partner_phone "
        "WHERE partner_id = ANY(%s) GROUP BY partner_id",
        [sample],
    )
    numbers_of = dict(env.cr.fetchall())
    queries = []
    for position, partner_id in enumerate(sample):
        style = ("intl", "national", "bare")[position // QUERIES_PER_FORMAT]
        queries.append((_typed(numbers_of[partner_id][rng.randrange(2)], style), partner_id))
    odoo_queries = queries[::10]
    miy_runs, odoo_runs = [], []
    for _round in range(ROUNDS):  # alternating, the best mean of each counts
        miy_runs.append(_measure(env, "miy_phone_search", queries))
        odoo_runs.append(_measure(env, "phone_mobile_search", odoo_queries))
    env.invalidate_all()
    before = env.cr.sql_log_count
    env["res.partner"].search([("miy_phone_search", "=", queries[1][0])])
    miy_queries = env.cr.sql_log_count - before
    odoo_found, odoo_ms = odoo_runs[0][0], min(ms for _found, ms in odoo_runs)
    miy_found, miy_ms = miy_runs[0][0], min(ms for _found, ms in miy_runs)
    result = {
        "name": f"{NAME}_{size}",
        "value": miy_ms,
        "unit": "ms",
        "target": odoo_ms if miy_found == len(queries) else 0.0,
        "baseline": odoo_ms,
        "queries": miy_queries,
        "extra": f"{size} partners, {size * 3} numbers: MİY found {miy_found}/{len(queries)}, {miy_queries} "
        f"queries per lookup; Odoo's phone_mobile_search found {odoo_found}/{len(odoo_queries)} at {odoo_ms:.2f} ms",
    }
    digit_rng = random.Random(seed + 2)
    digit_sample = [data["partner_first"] + index for index in digit_rng.sample(range(size), DIGIT_QUERIES)]
    env.cr.execute(
        "SELECT partner_id, array_agg(substr(number_e164, 4) ORDER BY id) FROM miy_partner_phone "
        "WHERE partner_id = ANY(%s) GROUP BY partner_id",
        [digit_sample],
    )
    digit_numbers = sorted(env.cr.fetchall())
    digits = _measure_digit_queries(env, _digit_queries(digit_rng, digit_numbers, DIGIT_QUERIES), size * 3)
    return [result, digits]
