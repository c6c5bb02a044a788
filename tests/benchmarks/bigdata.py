"""The large data set of ``scripts/miy bench --large --size N``: N partners, 3N phone numbers,
5N interactions, written once with set-based SQL, then shared by the ``run_large`` benchmarks.

What it writes (all of it deterministic: every choice is a hash of the row number and the seed):

- N partners (a third organizations), each with a Turkish name, a city, Odoo's *Phone* and
  *Mobile* and ``phone_sanitized``; the other columns are copied from an organization and a
  person created by the ORM just before (so every stored field of every installed addon holds
  what the ORM would store for a new partner: company, lang, ranks, complete name...);
- 3N ``miy.partner.phone`` rows: a primary mobile (the partner's *Mobile*), a primary office
  line (the partner's *Phone*) and a third number of either kind, each in one of seven typed
  spellings with its E.164 form; all 3N numbers are distinct;
- 5N interactions (five per partner), dated over the last three years, each with one partner and
  one of 200 users (the members of 50 sales teams, each led by a manager), read marks by the
  manager on a quarter of the last 30 days;
- three classification criteria per partner (sector subtree, region, size; a fifth get a second
  sector) for the segment benchmark.

The big tables are written without their secondary indexes (re-created afterwards from their
exact definitions) and without the foreign-key triggers (the rows are consistent by
construction), then ``VACUUM ANALYZE``. Each phase is timed. What the benchmarks need to find
the data again (first ids, users, criteria) is kept in the ``miy_bench.dataset`` system
parameter.
"""

import json
import time

from odoo import Command

from . import datagen

PARAM = "miy_bench.dataset"
INTERACTIONS_PER_PARTNER = 5
PHONES_PER_PARTNER = 3
MANAGERS = 50
MEMBERS_PER_TEAM = 4
HISTORY_MINUTES = 3 * 365 * 24 * 60
MOBILE_PREFIXES = ["530", "532", "533", "535", "541", "542", "505", "506", "552", "555"]
LANDLINE_PREFIXES = ["224", "212", "216", "262", "264", "362", "462", "452"]
CHANNELS = ["face_to_face", "phone", "email", "video", "visit", "event", "other"]
SIZES = ["Küçük", "Orta", "Büyük"]


def _functions(cr, seed):
    """Session-local SQL helpers (``pg_temp``): a 32-bit integer hash and the phone spellings.

    The subscriber part of number ``k`` is a bijection of ``k`` (so all numbers are distinct),
    reversed: its first digits, which the search by a part of a number reads, spread evenly
    (those of an affine map of ``k`` cluster).
    """
    mobile = "ARRAY[" + ", ".join(f"'{prefix}'" for prefix in MOBILE_PREFIXES) + "]"
    landline = "ARRAY[" + ", ".join(f"'{prefix}'" for prefix in LANDLINE_PREFIXES) + "]"
    cr.execute(
        f"""
        CREATE FUNCTION pg_temp.miy_mix(n bigint, k int) RETURNS bigint LANGUAGE plpgsql IMMUTABLE AS $$
        DECLARE x bigint;
        BEGIN
            x := (n * 2654435 + k * 1000003 + {int(seed) % 1000000007}) % 4294967296;
            x := ((x # (x >> 16)) * 2146121005) % 4294967296;
            x := ((x # (x >> 15)) * 1753845953) % 4294967296;
            RETURN x # (x >> 16);
        END
        $$;
        CREATE FUNCTION pg_temp.miy_national(k bigint, j int) RETURNS text LANGUAGE sql IMMUTABLE AS $$
            SELECT CASE WHEN j = 0 OR (j = 2 AND pg_temp.miy_mix(k, 6) % 10 < 6)
                        THEN ({mobile})[1 + pg_temp.miy_mix(k, 4) % 10]
                        ELSE ({landline})[1 + pg_temp.miy_mix(k, 5) % 8] END
                   || reverse(lpad(((k * 7654321 + {int(seed) % 10000000}) % 10000000)::text, 7, '0'))
        $$;
        CREATE FUNCTION pg_temp.miy_typed(num text, style bigint) RETURNS text LANGUAGE sql IMMUTABLE AS $$
            SELECT CASE style
                WHEN 0 THEN '+90' || num
                WHEN 1 THEN '+90 ' || substr(num, 1, 3) || ' ' || substr(num, 4, 3) || ' '
                            || substr(num, 7, 2) || ' ' || substr(num, 9, 2)
                WHEN 2 THEN '+90 ' || substr(num, 1, 3) || ' ' || substr(num, 4, 7)
                WHEN 3 THEN '0' || substr(num, 1, 3) || ' ' || substr(num, 4, 3) || ' '
                            || substr(num, 7, 2) || ' ' || substr(num, 9, 2)
                WHEN 4 THEN '0 (' || substr(num, 1, 3) || ') ' || substr(num, 4, 3) || '-'
                            || substr(num, 7, 2) || '-' || substr(num, 9, 2)
                WHEN 5 THEN num
                ELSE '0' || num END
        $$;
        """
    )


def _reserve(cr, sequence, count):
    """``count`` consecutive ids of ``sequence``: returns the first."""
    cr.execute("SELECT nextval(%s)", [sequence])
    first = cr.fetchone()[0]
    cr.execute("SELECT setval(%s, %s)", [sequence, first + count - 1])
    return first


def _secondary_indexes(cr, tables):
    """(name, definition) of the indexes of ``tables`` that back no constraint."""
    cr.execute(
        """
        SELECT i.relname, pg_get_indexdef(x.indexrelid)
          FROM pg_index x
          JOIN pg_class i ON i.oid = x.indexrelid
          JOIN pg_class t ON t.oid = x.indrelid
         WHERE t.relname = ANY(%s) AND t.relnamespace = 'public'::regnamespace
           AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)
        """,
        [list(tables)],
    )
    return cr.fetchall()


class Phases:
    def __init__(self):
        self.times = {}

    def run(self, name, func, *args):
        start = time.perf_counter()
        result = func(*args)
        self.times[name] = round(time.perf_counter() - start, 1)
        print(f"[bigdata] {name}: {self.times[name]:.1f} s", flush=True)
        return result


def _users(env):
    """50 managers leading 50 sales teams of four members each (the ORM: few rows)."""
    user_group = env.ref("base.group_user").id
    Users = env["res.users"].with_context(no_reset_password=True, tracking_disable=True)
    managers = Users.create(
        [
            {
                "name": f"Büyük Veri Yönetici {n}",
                "login": f"bigdata_manager_{n}",
                "email": f"bigdata.manager{n}@example.com",
                "groups_id": [Command.set([user_group, env.ref("miy_contacts.group_miy_manager").id])],
            }
            for n in range(MANAGERS)
        ]
    )
    members = Users.create(
        [
            {
                "name": f"Büyük Veri Temsilci {n}",
                "login": f"bigdata_member_{n}",
                "groups_id": [Command.set([user_group, env.ref("miy_contacts.group_miy_user").id])],
            }
            for n in range(MANAGERS * MEMBERS_PER_TEAM)
        ]
    )
    env["crm.team"].create(
        [
            {
                "name": f"Büyük Veri Ekip {n}",
                "user_id": manager.id,
                "member_ids": [Command.set(members[n * MEMBERS_PER_TEAM : (n + 1) * MEMBERS_PER_TEAM].ids)],
            }
            for n, manager in enumerate(managers)
        ]
    )
    return managers.ids, members.ids


def _criteria(env):
    """The criteria of the segment benchmark: sector (8 values with 3 children each), the region
    criterion of MİY Contacts, size (3 values)."""
    Criterion, Value = env["miy.criterion"], env["miy.criterion.value"]
    sector = Criterion.create({"name": "Sektör", "code": "bigdata_sector", "applies_to": "both", "multiple": True})
    tops = Value.create([{"criterion_id": sector.id, "name": name} for name in datagen.SECTORS])
    subs = Value.create(
        [{"criterion_id": sector.id, "parent_id": top.id, "name": f"{top.name} {n}"} for top in tops for n in range(3)]
    )
    size = Criterion.create({"name": "Büyüklük", "code": "bigdata_size", "applies_to": "both"})
    sizes = Value.create([{"criterion_id": size.id, "name": name} for name in SIZES])
    food = tops.filtered(lambda v: v.name == "Gıda")
    return {
        "sectors": (tops | subs).ids,
        "regions": env.ref("miy_contacts.miy_criterion_region").value_ids.ids,
        "sizes": sizes.ids,
        "food": food.ids,
        "food_tree": (food | subs.filtered(lambda v: v.parent_id == food)).ids,
        "wanted_regions": [
            env.ref("miy_contacts.miy_criterion_value_region_marmara").id,
            env.ref("miy_contacts.miy_criterion_value_region_karadeniz").id,
        ],
        "large": sizes[2].id,
    }


def _templates(env):
    """An organization and a person created by the ORM: the columns the SQL copies."""
    Partner = env["res.partner"].with_context(miy_no_sync=True, tracking_disable=True)
    company = Partner.create({"name": "Büyük Veri Şablon A.Ş.", "is_company": True})
    person = Partner.create({"name": "Büyük Veri Şablon Kişi"})
    env.flush_all()
    return company.id, person.id


def _partners(cr, size, templates):
    cr.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = 'res_partner' "
        "AND table_schema = current_schema()"
    )
    own = {
        "id",
        "name",
        "complete_name",
        "is_company",
        "city",
        "phone",
        "mobile",
        "phone_sanitized",
        "commercial_partner_id",
        "create_date",
        "write_date",
    }
    copied = [name for (name,) in cr.fetchall() if name not in own]
    first = _reserve(cr, "res_partner_id_seq", size)
    cols = ", ".join(f'"{name}"' for name in copied)
    tpl_cols = ", ".join(f'tpl."{name}"' for name in copied)
    cr.execute(
        f"""
        INSERT INTO res_partner (id, name, complete_name, is_company, city, phone, mobile, phone_sanitized,
                                 commercial_partner_id, create_date, write_date, {cols})
        SELECT p.id, p.name, p.name, p.is_company, p.city,
               pg_temp.miy_typed(pg_temp.miy_national(3 * p.n + 1, 1), pg_temp.miy_mix(3 * p.n + 1, 7) %% 7),
               pg_temp.miy_typed(pg_temp.miy_national(3 * p.n, 0), pg_temp.miy_mix(3 * p.n, 7) %% 7),
               '+90' || pg_temp.miy_national(3 * p.n, 0),
               p.id, p.stamp, p.stamp, {tpl_cols}
          FROM (SELECT n, %(first)s + n AS id, n %% 3 = 0 AS is_company,
                       CASE WHEN n %% 3 = 0
                            THEN (%(last)s::text[])[1 + pg_temp.miy_mix(n, 2) %% 20] || ' '
                                 || (%(sectors)s::text[])[1 + pg_temp.miy_mix(n, 3) %% 8] || ' '
                                 || (%(suffixes)s::text[])[1 + pg_temp.miy_mix(n, 1) %% 4] || ' ' || n
                            ELSE (%(first_names)s::text[])[1 + pg_temp.miy_mix(n, 1) %% 20] || ' '
                                 || (%(last)s::text[])[1 + pg_temp.miy_mix(n, 2) %% 20] || ' ' || n END AS name,
                       (%(cities)s::text[])[1 + pg_temp.miy_mix(n, 9) %% 8] AS city,
                       (NOW() AT TIME ZONE 'UTC') - (pg_temp.miy_mix(n, 10) %% %(minutes)s) * INTERVAL '1 minute'
                           AS stamp
                  FROM generate_series(0, %(size)s - 1) AS n) AS p
          JOIN res_partner tpl ON tpl.id = CASE WHEN p.is_company THEN %(tpl_company)s ELSE %(tpl_person)s END
        """,
        {
            "first": first,
            "size": size,
            "last": datagen.LAST_NAMES,
            "sectors": datagen.SECTORS,
            "suffixes": datagen.SUFFIXES,
            "first_names": datagen.FIRST_NAMES,
            "cities": datagen.CITIES,
            "minutes": HISTORY_MINUTES,
            "tpl_company": templates[0],
            "tpl_person": templates[1],
        },
    )
    return first


def _phones(cr, size, first_partner):
    cr.execute(
        """
        INSERT INTO miy_partner_phone (partner_id, company_id, phone_type, number, number_e164, is_primary, sequence,
                                       create_uid, write_uid, create_date, write_date)
        SELECT p.id, p.company_id,
               CASE WHEN left(t.num, 1) = '5' THEN 'mobile' ELSE 'office' END,
               pg_temp.miy_typed(t.num, pg_temp.miy_mix(t.k, 7) %% 7), '+90' || t.num, t.j < 2, 10,
               1, 1, p.create_date, p.create_date
          FROM (SELECT k, (k %% 3)::int AS j, k / 3 AS n, pg_temp.miy_national(k, (k %% 3)::int) AS num
                  FROM generate_series(0, 3 * %(size)s - 1) AS k) AS t
          JOIN res_partner p ON p.id = %(first)s + t.n
        """,
        {"size": size, "first": first_partner},
    )


def _interactions(env, size, first_partner, members):
    cr = env.cr
    count = INTERACTIONS_PER_PARTNER * size
    first = _reserve(cr, "miy_interaction_id_seq", count)
    reasons = env["miy.interaction.reason"].search([]).ids or [None]
    params = {
        "first": first,
        "count": count,
        "size": size,
        "partner": first_partner,
        "members": members,
        "nmembers": len(members),
        "reasons": reasons,
        "nreasons": len(reasons),
        "channels": CHANNELS,
        "company": env.company.id,
        "minutes": HISTORY_MINUTES,
    }
    cr.execute(
        """
        INSERT INTO miy_interaction (id, subject, date, channel, reason_id, duration, company_id, followup_done,
                                     create_uid, write_uid, create_date, write_date)
        SELECT %(first)s + m, 'Görüşme ' || m, d, (%(channels)s::varchar[])[1 + pg_temp.miy_mix(m, 11) %% 7],
               (%(reasons)s::int[])[1 + pg_temp.miy_mix(m, 12) %% %(nreasons)s], 0.5, %(company)s, FALSE, u, u, d, d
          FROM (SELECT m, (%(members)s::int[])[1 + pg_temp.miy_mix(m, 13) %% %(nmembers)s] AS u,
                       date_trunc('second', (NOW() AT TIME ZONE 'UTC')
                                            - (pg_temp.miy_mix(m, 14) %% %(minutes)s) * INTERVAL '1 minute') AS d
                  FROM generate_series(0, %(count)s - 1) AS m) AS t
        """,
        params,
    )
    cr.execute(
        """
        INSERT INTO miy_interaction_partner_rel (interaction_id, partner_id)
        SELECT %(first)s + m, %(partner)s + m %% %(size)s FROM generate_series(0, %(count)s - 1) AS m
        """,
        params,
    )
    cr.execute(
        """
        INSERT INTO miy_interaction_user_rel (interaction_id, user_id)
        SELECT %(first)s + m, (%(members)s::int[])[1 + pg_temp.miy_mix(m, 13) %% %(nmembers)s]
          FROM generate_series(0, %(count)s - 1) AS m
        """,
        params,
    )
    return first, count


def _read_marks(cr, first_interaction, count, managers, members):
    """A quarter of the last 30 days' interactions read by the manager of their member."""
    cr.execute(
        """
        INSERT INTO miy_interaction_read (interaction_id, user_id, read_date, create_uid, write_uid,
                                          create_date, write_date)
        SELECT i.id, (%(managers)s::int[])[1 + (pg_temp.miy_mix(i.id - %(first)s, 13) %% %(nmembers)s) / %(team)s],
               i.date, 1, 1, i.date, i.date
          FROM miy_interaction i
         WHERE i.id BETWEEN %(first)s AND %(first)s + %(count)s - 1
           AND i.date >= (NOW() AT TIME ZONE 'UTC') - INTERVAL '30 days'
           AND pg_temp.miy_mix(i.id - %(first)s, 15) %% 4 = 0
        """,
        {
            "managers": managers,
            "first": first_interaction,
            "count": count,
            "nmembers": len(members),
            "team": MEMBERS_PER_TEAM,
        },
    )
    return cr.rowcount


def _classification(cr, size, first_partner, criteria):
    cr.execute(
        """
        INSERT INTO miy_criterion_value_res_partner_rel (partner_id, value_id)
        SELECT %(first)s + n, v
          FROM (SELECT n, 1 + pg_temp.miy_mix(n, 20) %% %(nsectors)s AS sector,
                       1 + pg_temp.miy_mix(n, 24) %% %(nsectors)s AS second
                  FROM generate_series(0, %(size)s - 1) AS n) AS p,
               LATERAL (VALUES ((%(sectors)s::int[])[sector]),
                               ((%(regions)s::int[])[1 + pg_temp.miy_mix(n, 21) %% %(nregions)s]),
                               ((%(sizes)s::int[])[1 + pg_temp.miy_mix(n, 22) %% 3]),
                               (CASE WHEN pg_temp.miy_mix(n, 23) %% 5 = 0 AND second <> sector
                                     THEN (%(sectors)s::int[])[second] END)) AS x(v)
         WHERE v IS NOT NULL
        """,
        {
            "first": first_partner,
            "size": size,
            "sectors": criteria["sectors"],
            "nsectors": len(criteria["sectors"]),
            "regions": criteria["regions"],
            "nregions": len(criteria["regions"]),
            "sizes": criteria["sizes"],
        },
    )
    return cr.rowcount


BIG_TABLES = [
    "res_partner",
    "miy_partner_phone",
    "miy_interaction",
    "miy_interaction_partner_rel",
    "miy_interaction_user_rel",
    "miy_interaction_read",
    "miy_criterion_value_res_partner_rel",
]


def generate(env, size, seed):
    """Write the data set into the database of ``env`` and commit. Returns the manifest."""
    cr = env.cr
    phases = Phases()
    managers, members = phases.run("users and sales teams (ORM)", _users, env)
    criteria = phases.run("criteria (ORM)", _criteria, env)
    templates = phases.run("partner templates (ORM)", _templates, env)
    _functions(cr, seed)
    cr.commit()
    indexes = _secondary_indexes(cr, BIG_TABLES)
    for name, _definition in indexes:
        cr.execute(f'DROP INDEX "{name}"')
    cr.execute("SET session_replication_role = replica")  # no foreign-key triggers: consistent by construction
    first_partner = phases.run(f"{size} partners", _partners, cr, size, templates)
    phases.run(f"{PHONES_PER_PARTNER * size} phone numbers", _phones, cr, size, first_partner)
    first_interaction, count = phases.run(
        f"{INTERACTIONS_PER_PARTNER * size} interactions (+ partner and user links)",
        _interactions,
        env,
        size,
        first_partner,
        members,
    )
    read_marks = phases.run("read marks", _read_marks, cr, first_interaction, count, managers, members)
    classified = phases.run("classification", _classification, cr, size, first_partner, criteria)
    cr.execute("SET session_replication_role = DEFAULT")

    def rebuild():
        for _name, definition in indexes:
            cr.execute(definition)

    phases.run(f"{len(indexes)} secondary indexes", rebuild)
    manifest = {
        "size": size,
        "seed": seed,
        "partner_first": first_partner,
        "interaction_first": first_interaction,
        "interactions": count,
        "read_marks": read_marks,
        "classification_rows": classified,
        "managers": managers,
        "members": members,
        "criteria": criteria,
    }
    env["ir.config_parameter"].set_param(PARAM, json.dumps(manifest))
    cr.commit()

    def vacuum():
        cr._cnx.autocommit = True
        try:
            for table in BIG_TABLES:
                cr.execute(f'VACUUM ANALYZE "{table}"')
        finally:
            cr._cnx.autocommit = False

    phases.run("VACUUM ANALYZE", vacuum)
    manifest["phases"] = phases.times
    manifest["total"] = round(sum(phases.times.values()), 1)
    env["ir.config_parameter"].set_param(PARAM, json.dumps(manifest))
    cr.commit()
    return manifest


def manifest(env):
    """The manifest of the data set in this database (or None)."""
    value = env["ir.config_parameter"].sudo().get_param(PARAM)
    return json.loads(value) if value else None
