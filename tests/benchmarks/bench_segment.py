"""Evaluating a saved three-criteria segment (sector subtree, region, company size) over N partners.

The issue's target: under 1 s for 100,000 partners. Partners are created through the ORM in
batches; their classification rows are inserted in one parameterised statement (benchmark set-up
only). The timed part is what other addons do at send time: ``segment._get_partners()``, and the
live member count shown in the segment's form.
"""

import random
import time

from odoo.tools import SQL

from . import datagen

NAME = "segment_evaluate"
TARGET_SECONDS = 1.0  # the target at 100,000 partners
SIZES = ["Küçük", "Orta", "Büyük"]


def _criterion(env, name, code, values, multiple=False):
    criterion = env["miy.criterion"].create({"name": name, "code": code, "applies_to": "both", "multiple": multiple})
    return criterion, env["miy.criterion.value"].create([{"criterion_id": criterion.id, "name": v} for v in values])


def run(env, size, seed):
    rng = random.Random(seed)
    _sector, tops = _criterion(env, "Sektör", "bench_sector", datagen.SECTORS, multiple=True)
    subs = env["miy.criterion.value"].create(
        [
            {"criterion_id": top.criterion_id.id, "parent_id": top.id, "name": f"{top.name} {index}"}
            for top in tops
            for index in range(3)
        ]
    )
    sector_values = (tops | subs).ids
    regions = env.ref("miy_contacts.miy_criterion_region").value_ids.ids
    _size, size_values = _criterion(env, "Büyüklük", "bench_size", SIZES)
    size_values = size_values.ids

    rows = datagen.partners(seed, size)
    partner_ids = []
    Partner = env["res.partner"].with_context(tracking_disable=True, miy_no_sync=True)
    for offset in range(0, len(rows), 1000):
        batch = rows[offset : offset + 1000]
        partner_ids += Partner.create(
            [{"name": row["name"], "is_company": row["is_company"], "city": row["city"]} for row in batch]
        ).ids
        env.flush_all()
        env.invalidate_all()

    food = tops.filtered(lambda v: v.name == "Gıda")
    food_ids = set((food | subs.filtered(lambda v: v.parent_id == food)).ids)
    wanted_regions = set(env.ref("miy_contacts.miy_criterion_value_region_marmara").ids) | set(
        env.ref("miy_contacts.miy_criterion_value_region_karadeniz").ids
    )
    large = size_values[2]
    left, right, expected = [], [], 0
    for partner_id in partner_ids:
        values = {rng.choice(sector_values), rng.choice(regions), rng.choice(size_values)}
        if rng.random() < 0.2:
            values.add(rng.choice(sector_values))
        left += [partner_id] * len(values)
        right += list(values)
        expected += bool(values & food_ids) and bool(values & wanted_regions) and large in values
    env.cr.execute(
        SQL(
            "INSERT INTO miy_criterion_value_res_partner_rel (partner_id, value_id) "
            "SELECT * FROM unnest(%s::int[], %s::int[])",
            left,
            right,
        )
    )
    env.cr.execute(SQL("ANALYZE miy_criterion_value_res_partner_rel"))
    env.cr.execute(SQL("ANALYZE res_partner"))
    env.invalidate_all()

    segment = env["miy.segment"].create(
        {
            "name": "Bench: food, Marmara or Karadeniz, large",
            "domain": repr(
                [
                    ("miy_criterion_value_ids", "child_of", food.ids),
                    ("miy_criterion_value_ids", "in", sorted(wanted_regions)),
                    ("miy_criterion_value_ids", "=", large),
                ]
            ),
        }
    )
    env.flush_all()
    env.invalidate_all()

    queries_before = env.cr.sql_log_count
    start = time.perf_counter()
    members = segment._get_partners()
    elapsed = time.perf_counter() - start
    queries = env.cr.sql_log_count - queries_before
    env.invalidate_all()
    start = time.perf_counter()
    count = segment.member_count
    count_elapsed = time.perf_counter() - start
    if len(members) != expected or count != expected:
        raise AssertionError(f"segment found {len(members)} members (count {count}), expected {expected}")
    return {
        "name": f"{NAME}_{size}",
        "value": elapsed,
        "unit": "s",
        "target": TARGET_SECONDS,
        "extra": f"{expected} members of {size} partners, {queries} queries; member_count {count_elapsed:.3f}s; "
        "issue target <1 s at 100,000",
    }


def run_large(env, size, seed):
    """The same segment on the large data set of ``bigdata.py`` (``--large``): every generated
    partner has a sector, a region and a size (a fifth a second sector); the expected members are
    counted apart with plain SQL on the relation table."""
    from . import bigdata

    criteria = bigdata.manifest(env)["criteria"]
    env.cr.execute(
        SQL(
            """
            SELECT count(*) FROM res_partner p
             WHERE p.active
               AND EXISTS (SELECT 1 FROM miy_criterion_value_res_partner_rel r
                            WHERE r.partner_id = p.id AND r.value_id = ANY(%s))
               AND EXISTS (SELECT 1 FROM miy_criterion_value_res_partner_rel r
                            WHERE r.partner_id = p.id AND r.value_id = ANY(%s))
               AND EXISTS (SELECT 1 FROM miy_criterion_value_res_partner_rel r
                            WHERE r.partner_id = p.id AND r.value_id = %s)
            """,
            criteria["food_tree"],
            criteria["wanted_regions"],
            criteria["large"],
        )
    )
    expected = env.cr.fetchone()[0]
    segment = env["miy.segment"].create(
        {
            "name": "Bench: food, Marmara or Karadeniz, large",
            "domain": repr(
                [
                    ("miy_criterion_value_ids", "child_of", criteria["food"]),
                    ("miy_criterion_value_ids", "in", sorted(criteria["wanted_regions"])),
                    ("miy_criterion_value_ids", "=", criteria["large"]),
                ]
            ),
        }
    )
    env.flush_all()
    segment._get_partners()  # warm up (registry caches, not the result)
    env.invalidate_all()
    queries_before = env.cr.sql_log_count
    start = time.perf_counter()
    members = segment._get_partners()
    elapsed = time.perf_counter() - start
    queries = env.cr.sql_log_count - queries_before
    env.invalidate_all()
    count_before = env.cr.sql_log_count
    start = time.perf_counter()
    count = segment.member_count
    count_elapsed = time.perf_counter() - start
    count_queries = env.cr.sql_log_count - count_before
    if len(members) != expected or count != expected:
        raise AssertionError(f"segment found {len(members)} members (count {count}), expected {expected}")
    return {
        "name": f"{NAME}_{size}",
        "value": elapsed,
        "unit": "s",
        "target": TARGET_SECONDS,
        "queries": f"{queries}+{count_queries}",
        "extra": f"{expected} members of {size} partners, {queries} queries; member_count {count_elapsed:.3f}s, "
        f"{count_queries} queries; issue target <1 s at 100,000",
    }
