from odoo import fields, models, tools
from odoo.tools import SQL

from .miy_relation_type import CONTACT_TYPES


class MiyRelationTypeSelection(models.Model):
    """Each relation type once per direction, labelled as seen from "this" partner.

    A read-only SQL view: ``id = type * 2`` for the left-to-right reading (``name``) and
    ``type * 2 + 1`` for the right-to-left reading (``name_inverse``); symmetric types have
    only the first row.
    """

    _name = "miy.relation.type.selection"
    _description = "Relation Type (one direction)"
    _auto = False
    _order = "sequence, name, id"
    _depends = {
        "miy.relation.type": [
            "name",
            "name_inverse",
            "contact_type_left",
            "contact_type_right",
            "is_symmetric",
            "is_personal",
            "active",
            "sequence",
        ]
    }

    name = fields.Char(translate=True, readonly=True)
    type_id = fields.Many2one("miy.relation.type", string="Relation Type", readonly=True)
    is_inverse = fields.Boolean(string="Inverse", readonly=True)
    contact_type_this = fields.Selection(CONTACT_TYPES, string="This Partner Type", readonly=True)
    contact_type_other = fields.Selection(CONTACT_TYPES, string="Other Partner Type", readonly=True)
    is_personal = fields.Boolean(string="Personal Data", readonly=True)
    active = fields.Boolean(readonly=True)
    sequence = fields.Integer(readonly=True)

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """
                CREATE OR REPLACE VIEW %(table)s AS (
                    SELECT t.id * 2 AS id, t.id AS type_id, FALSE AS is_inverse, t.name AS name,
                           t.contact_type_left AS contact_type_this, t.contact_type_right AS contact_type_other,
                           COALESCE(t.is_personal, FALSE) AS is_personal, t.active, t.sequence
                      FROM miy_relation_type t
                    UNION ALL
                    SELECT t.id * 2 + 1, t.id, TRUE, COALESCE(t.name_inverse, t.name),
                           t.contact_type_right, t.contact_type_left,
                           COALESCE(t.is_personal, FALSE), t.active, t.sequence
                      FROM miy_relation_type t
                     WHERE NOT COALESCE(t.is_symmetric, FALSE)
                )
                """,
                table=SQL.identifier(self._table),
            )
        )
