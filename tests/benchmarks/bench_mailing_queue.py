"""Queueing a personalised MİY mailing to N recipients (issue 4: under 60 s for 10,000).

N partners (a third organizations, persons with a gender in their personal profile) in a saved
segment. The timed part is what the mass mailing cron does for a MİY mailing: read the segment
at send time, render each personal message (salutation, reference number, footnote naming
other recipients) and create the ``mail.mail`` records in batches (``mail.batch_size``) with
their ``mailing.trace``. SMTP is not part of it: the mails stay in Odoo's mail queue.
"""

import time

from odoo.tools import SQL

from . import datagen

NAME = "mailing_queue"
TARGET_SECONDS = 60.0


def run(env, size, seed):
    # Odoo's composer commits after each batch outside tests: a tag of its own keeps reruns apart
    tag = f"BENCHMLG{time.time_ns()}"
    rows = datagen.partners(seed, size)
    Partner = env["res.partner"].with_context(tracking_disable=True, miy_no_sync=True, mail_create_nolog=True)
    female = {"Ayşe", "Fatma", "Emine", "Hatice", "Zeynep", "Elif", "Meryem", "Şerife", "Sultan", "Hacer"}
    for offset in range(0, len(rows), 1000):
        batch = rows[offset : offset + 1000]
        Partner.create(
            [
                {
                    "name": row["name"],
                    "is_company": row["is_company"],
                    "city": row["city"],
                    "email": f"bench{offset + index}@mlg-bench.example",
                    "ref": tag,
                    **(
                        {}
                        if row["is_company"]
                        else {"miy_gender": "female" if row["name"].split()[0] in female else "male"}
                    ),
                }
                for index, row in enumerate(batch)
            ]
        )
        env.flush_all()
        env.invalidate_all()
    env.cr.execute(SQL("ANALYZE res_partner"))
    segment = env["miy.segment"].create({"name": "Bench mailing segment", "domain": repr([("ref", "=", tag)])})
    mailing = env["mailing.mailing"].create(
        {
            "subject": "Bench katalog",
            "mailing_type": "mail",
            "miy_audience": "segment",
            "miy_segment_id": segment.id,
            "miy_footnote_recipients": True,
            "body_html": "<p>Yeni kataloğumuz hazır; <t t-out='object.name'/> adına ayırdık.</p>",
        }
    )
    env.flush_all()
    env.invalidate_all()
    mails_before = env["mail.mail"].search_count([])
    composer = env["mail.compose.message"].with_context(miy_mailing_id=mailing.id)
    batch_size = int(env["ir.config_parameter"].sudo().get_param("mail.batch_size") or 0) or composer._batch_size

    queries_before = env.cr.sql_log_count
    start = time.perf_counter()
    mailing.action_launch()
    env["mailing.mailing"]._process_mass_mailing_queue()
    env.flush_all()
    elapsed = time.perf_counter() - start
    queries = env.cr.sql_log_count - queries_before

    mails = env["mail.mail"].search_count([("mailing_id", "=", mailing.id)])
    traces = env["mailing.trace"].search_count([("mass_mailing_id", "=", mailing.id), ("miy_reference", "!=", False)])
    outgoing = env["mail.mail"].search_count([("mailing_id", "=", mailing.id), ("state", "=", "outgoing")])
    sample = env["mail.mail"].search([("mailing_id", "=", mailing.id)], limit=1)
    if mails != size or traces != size or env["mail.mail"].search_count([]) - mails_before != size:
        raise AssertionError(f"{mails} mails and {traces} traces queued for {size} recipients")
    if "Sayın" not in sample.body_html or sample.mailing_trace_ids.miy_reference not in sample.body_html:
        raise AssertionError("the queued message is not personalised")
    return {
        "name": f"{NAME}_{size}",
        "value": elapsed,
        "unit": "s",
        "target": TARGET_SECONDS,
        "extra": f"{mails} mail.mail queued ({outgoing} outgoing) in batches of {batch_size}, {traces} traces "
        f"with reference, {queries} queries; issue target <60 s at 10,000",
    }
