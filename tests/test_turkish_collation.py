"""The databases the commands create sort names in Turkish alphabetical order.

`scripts/miy` creates every database from a template whose default collation is ICU's Turkish
one; Odoo's own default (collation "C") sorts byte by byte, so "İnegöl Mobilya" came after
"Wood Corner" and "Çelik" after "Zeytin". This reads names back from the test database through
Odoo's own ordering (``ORDER BY name``) as a salesperson's list would.
"""

import os

import psycopg2
import pytest

TURKISH_ORDER = [
    "Cam Sanayi",
    "Çelik Döküm",
    "Gül Tekstil",
    "Güneş Enerji",
    "Ğ Harfi Ltd.",
    "Hasan Usta",
    "Ilgaz Orman",
    "ılık Su A.Ş.",
    "iğne Atölyesi",
    "İnegöl Mobilya",
    "Oda Mobilya",
    "Ömür Plastik",
    "Su Arıtma",
    "Şahin Metal",
    "Uzun Lojistik",
    "Ürün Ambalaj",
    "Wood Corner",
    "Zeytin Gıda",
]


@pytest.mark.skipif(not os.environ.get("MIY_TEST_DB"), reason="run by `scripts/miy test` (needs MIY_TEST_DB)")
def test_names_sort_in_turkish_alphabetical_order():
    with psycopg2.connect(dbname=os.environ["MIY_TEST_DB"]) as conn, conn.cursor() as cr:
        cr.execute("CREATE TEMP TABLE miy_sort_check (name varchar)")
        cr.executemany("INSERT INTO miy_sort_check VALUES (%s)", [(n,) for n in reversed(TURKISH_ORDER)])
        # the same column type and default collation as res_partner.name
        cr.execute("SELECT name FROM miy_sort_check ORDER BY name")
        by_database = [row[0] for row in cr.fetchall()]
        cr.execute(
            "SELECT collation_name IS NULL FROM information_schema.columns "
            "WHERE table_name = 'res_partner' AND column_name = 'name'"
        )
        assert cr.fetchone()[0], "res_partner.name has its own collation: this check would not speak for it"
        conn.rollback()
    assert by_database == TURKISH_ORDER
