"""18.0.1.3.0: the salutation is no longer a field of the partner (it revealed the gender).

Mailings and mail templates that placed it with ``object.miy_salutation`` (QWeb
``<t t-out="object.miy_salutation"/>`` or inline ``{{ object.miy_salutation }}``) now write the
placeholder ``{salutation}``, which the MİY mailing replaces with each recipient's salutation
when it is sent. Texts are rewritten in place, in every language of translated columns.
"""

import json
import logging
import re

from odoo.tools import SQL

_logger = logging.getLogger(__name__)

PLACEHOLDER = "{salutation}"
PATTERNS = [
    re.compile(r"""<t\s+t-(?:out|esc)\s*=\s*["']\s*object\.miy_salutation\s*["']\s*(?:/>|>\s*</t>)"""),
    re.compile(r"""\{\{\s*object\.miy_salutation\s*\}\}"""),
]
COLUMNS = {
    "mailing_mailing": ("body_arch", "body_html", "body_plaintext", "subject"),
    "mail_template": ("body_html", "subject"),
}


def rewrite(text):
    for pattern in PATTERNS:
        text = pattern.sub(PLACEHOLDER, text)
    return text


def migrate(cr, version):
    if not version:
        return
    count = 0
    for table, columns in COLUMNS.items():
        for column in columns:
            cr.execute(
                SQL(
                    "SELECT data_type FROM information_schema.columns WHERE table_name = %s AND column_name = %s",
                    table,
                    column,
                )
            )
            row = cr.fetchone()
            if not row:
                continue
            cr.execute(
                SQL(
                    "SELECT id, %s FROM %s WHERE %s::text LIKE %s",
                    SQL.identifier(column),
                    SQL.identifier(table),
                    SQL.identifier(column),
                    "%miy_salutation%",
                )
            )
            for record_id, value in cr.fetchall():
                if isinstance(value, dict):  # translated column (jsonb): every language
                    new_value = {lang: rewrite(text) if isinstance(text, str) else text for lang, text in value.items()}
                    changed = new_value != value
                    new_value = json.dumps(new_value)
                else:
                    new_value = rewrite(value)
                    changed = new_value != value
                if changed:
                    cr.execute(
                        SQL(
                            "UPDATE %s SET %s = %s WHERE id = %s",
                            SQL.identifier(table),
                            SQL.identifier(column),
                            new_value,
                            record_id,
                        )
                    )
                    count += 1
    _logger.info("miy_interactions 18.0.1.3.0: %s texts now place the salutation with {salutation}", count)
