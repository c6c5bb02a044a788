"""18.0.1.0.1: phone numbers, affiliations and relations carry their partners' company.

The new stored related columns are created and filled here with one UPDATE each, so that the
upgrade of a database with hundreds of thousands of rows does not recompute them record by
record (the ORM only recomputes a stored field whose column it creates itself). The indexes and
foreign keys are added by the ORM after this script; the record rules by the module's data.
"""

from odoo.tools import SQL, sql

# (table, new column, column of the partner whose company it carries)
COLUMNS = [
    ("miy_partner_phone", "company_id", "partner_id"),
    ("miy_affiliation", "company_id", "person_id"),
    ("miy_affiliation", "organization_company_id", "organization_id"),
    ("miy_partner_relation", "company_id", "left_partner_id"),
    ("miy_partner_relation", "right_company_id", "right_partner_id"),
]


def migrate(cr, version):
    for table, column, partner_column in COLUMNS:
        if not sql.table_exists(cr, table) or sql.column_exists(cr, table, column):
            continue
        sql.create_column(cr, table, column, "int4")
        cr.execute(
            SQL(
                "UPDATE %(table)s rec SET %(column)s = partner.company_id "
                "FROM res_partner partner WHERE partner.id = rec.%(partner_column)s "
                "AND partner.company_id IS NOT NULL",
                table=SQL.identifier(table),
                column=SQL.identifier(column),
                partner_column=SQL.identifier(partner_column),
            )
        )
