"""Creating partners through the ORM, in batches, with and without the MİY addons."""

import time

from . import datagen

NAME = "partner_create"
TARGET_SECONDS_PER_10K = 60.0
BASELINE = True  # also measured on the database without MİY


def run(env, size, seed):
    rows = datagen.partners(seed, size)
    vals_list = [
        {
            "name": row["name"],
            "is_company": row["is_company"],
            "city": row["city"],
            "phone": datagen.formatted(row["numbers"][0], row["styles"][0]),
        }
        for row in rows
    ]
    queries_before = env.cr.sql_log_count
    start = time.perf_counter()
    for offset in range(0, len(vals_list), 1000):
        env["res.partner"].create(vals_list[offset : offset + 1000])
        env.flush_all()
    elapsed = time.perf_counter() - start
    return {
        "name": f"{NAME}_{size}",
        "value": elapsed,
        "unit": "s",
        "target": TARGET_SECONDS_PER_10K * size / 10000,
        "extra": f"{env.cr.sql_log_count - queries_before} queries",
    }
