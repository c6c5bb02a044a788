"""Field survey analysis over N field survey answers (five questions each: two choices, a number,
a scale, a text; 5 × N answer lines), for 2,000 customers and dealers spread over Turkey's
provinces. Answers and lines are inserted with one parameterised statement each (set-up only).

Timed, through the ORM on the SQL view ``miy.field.survey.report`` as a MİY user: the pivot
region × question × choice (distinct surveys, average numeric answer), the same pivot filtered
by a segment (a dynamic domain: a third of the partners), and the partner card's count for a page
of 80 partners. Baseline, in the same run: Odoo's own grouping of the same answer lines
(``survey.user_input.line`` by question and choice, no region, no partner).
"""

import time

from odoo.tools import SQL

NAME = "field_survey_pivot"
TARGET_SECONDS = 3.0  # the pivot at 10,000 answers (50,000 lines)
PARTNERS = 2000


def _setup(env, size, seed):
    Survey = env["survey.survey"]
    survey = Survey.create(
        {
            "title": f"Bench field survey {seed}",
            "access_mode": "token",
            "users_login_required": True,
            "miy_field_survey": True,
        }
    )
    Question = env["survey.question"]
    q_brand = Question.create(
        {
            "survey_id": survey.id,
            "title": "Brand",
            "question_type": "simple_choice",
            "suggested_answer_ids": [(0, 0, {"value": f"Brand {i}"}) for i in range(4)],
        }
    )
    q_parts = Question.create(
        {
            "survey_id": survey.id,
            "title": "Spare parts",
            "question_type": "simple_choice",
            "suggested_answer_ids": [(0, 0, {"value": f"Source {i}"}) for i in range(4)],
        }
    )
    q_count = Question.create({"survey_id": survey.id, "title": "Count", "question_type": "numerical_box"})
    q_scale = Question.create(
        {"survey_id": survey.id, "title": "Service", "question_type": "scale", "scale_min": 1, "scale_max": 5}
    )
    q_text = Question.create({"survey_id": survey.id, "title": "Remarks", "question_type": "text_box"})
    states = env["res.country.state"].search([("country_id.code", "=", "TR")])
    partners = (
        env["res.partner"]
        .with_context(tracking_disable=True)
        .create(
            [
                {"name": f"Bench surveyed {seed} {i}", "is_company": True, "state_id": states[i % len(states)].id}
                for i in range(PARTNERS)
            ]
        )
    )
    user = env["res.users"].create(
        {
            "name": "Bench surveyor",
            "login": f"bench_field_surveyor_{seed}",
            "groups_id": [(6, 0, [env.ref("base.group_user").id, env.ref("miy_contacts.group_miy_user").id])],
        }
    )
    env.flush_all()
    env.cr.execute(
        SQL(
            "INSERT INTO survey_user_input (survey_id, state, access_token, partner_id, miy_field_partner_id, "
            "miy_field_partner_kind, miy_field_company_id, miy_field_surveyor_id, start_datetime, end_datetime, "
            "test_entry, create_uid, write_uid, create_date, write_date) "
            "SELECT %s, 'done', md5(random()::text || g), %s, (%s::int[])[1 + mod(g, %s)], "
            "CASE WHEN mod(g, 5) = 0 THEN 'dealer' ELSE 'customer' END, %s, %s, "
            "now() - mod(g, 365) * interval '1 day', now() - mod(g, 365) * interval '1 day', FALSE, %s, %s, now(), now() "
            "FROM generate_series(1, %s) g RETURNING id",
            survey.id,
            user.partner_id.id,
            partners.ids,
            len(partners),
            env.company.id,
            user.id,
            env.uid,
            env.uid,
            size,
        )
    )
    answer_ids = [row[0] for row in env.cr.fetchall()]
    brand_ids, parts_ids = q_brand.suggested_answer_ids.ids, q_parts.suggested_answer_ids.ids
    common = "create_uid, write_uid, create_date, write_date"
    for question, choices in ((q_brand, brand_ids), (q_parts, parts_ids)):
        env.cr.execute(
            SQL(
                f"INSERT INTO survey_user_input_line (user_input_id, survey_id, question_id, question_sequence, "
                f"answer_type, suggested_answer_id, skipped, {common}) "
                "SELECT a, %s, %s, %s, 'suggestion', (%s::int[])[1 + mod(a * 7, %s)], FALSE, %s, %s, now(), now() "
                "FROM unnest(%s::int[]) a",
                survey.id,
                question.id,
                question.sequence,
                choices,
                len(choices),
                env.uid,
                env.uid,
                answer_ids,
            )
        )
    env.cr.execute(
        SQL(
            f"INSERT INTO survey_user_input_line (user_input_id, survey_id, question_id, question_sequence, "
            f"answer_type, value_numerical_box, skipped, {common}) "
            "SELECT a, %s, %s, %s, 'numerical_box', mod(a, 13), FALSE, %s, %s, now(), now() FROM unnest(%s::int[]) a",
            survey.id,
            q_count.id,
            q_count.sequence,
            env.uid,
            env.uid,
            answer_ids,
        )
    )
    env.cr.execute(
        SQL(
            f"INSERT INTO survey_user_input_line (user_input_id, survey_id, question_id, question_sequence, "
            f"answer_type, value_scale, skipped, {common}) "
            "SELECT a, %s, %s, %s, 'scale', 1 + mod(a, 5), FALSE, %s, %s, now(), now() FROM unnest(%s::int[]) a",
            survey.id,
            q_scale.id,
            q_scale.sequence,
            env.uid,
            env.uid,
            answer_ids,
        )
    )
    env.cr.execute(
        SQL(
            f"INSERT INTO survey_user_input_line (user_input_id, survey_id, question_id, question_sequence, "
            f"answer_type, value_text_box, skipped, {common}) "
            "SELECT a, %s, %s, %s, 'text_box', 'Remark ' || a, FALSE, %s, %s, now(), now() FROM unnest(%s::int[]) a",
            survey.id,
            q_text.id,
            q_text.sequence,
            env.uid,
            env.uid,
            answer_ids,
        )
    )
    env.cr.execute("ANALYZE survey_user_input")
    env.cr.execute("ANALYZE survey_user_input_line")
    segment = env["miy.segment"].create(
        {"name": f"Bench third {seed}", "domain": str([("name", "=like", f"Bench surveyed {seed} %0")])}
    )
    env.invalidate_all()
    return survey, user, partners, segment


def _best(func, runs=3):
    best = None
    for _ in range(runs):
        start = time.perf_counter()
        func()
        elapsed = time.perf_counter() - start
        best = elapsed if best is None else min(best, elapsed)
    return best


def run(env, size, seed):
    survey, user, partners, segment = _setup(env, size, seed)
    Report = env["miy.field.survey.report"].with_user(user)
    domain = [("survey_id", "=", survey.id), ("answer_state", "=", "done")]

    def pivot(extra=()):
        Report.env.invalidate_all()
        Report._read_group(
            domain + list(extra),
            ["region_id", "question_id", "suggested_answer_id"],
            ["survey_count:sum", "value_number:avg", "__count"],
        )

    def baseline():
        env.invalidate_all()
        env["survey.user_input.line"]._read_group(
            [("survey_id", "=", survey.id)],
            ["question_id", "suggested_answer_id"],
            ["__count", "value_numerical_box:avg"],
        )

    def card():
        env.invalidate_all()
        partners[:80].with_user(user).mapped("miy_field_answer_count")

    base = _best(baseline)
    lines = size * 5
    return [
        {
            "name": NAME,
            "value": _best(pivot),
            "unit": "s",
            "target": TARGET_SECONDS,
            "baseline": base,
            "extra": f"{size} answers, {lines} lines, region x question x choice",
        },
        {
            "name": "field_survey_pivot_segment",
            "value": _best(lambda: pivot([("segment_id", "=", segment.id)])),
            "unit": "s",
            "target": TARGET_SECONDS,
            "baseline": base,
            "extra": "the same pivot filtered by a segment of 200 partners",
        },
        {
            "name": "field_survey_card_counts",
            "value": _best(card),
            "unit": "s",
            "target": 0.5,
            "extra": "count of 80 partners' field surveys",
        },
    ]
