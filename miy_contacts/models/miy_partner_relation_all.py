from odoo import api, fields, models, tools
from odoo.exceptions import ValidationError
from odoo.tools import SQL

RELATION_FIELDS = ("date_start", "date_end", "note", "active")


class MiyPartnerRelationAll(models.Model):
    """Every relation twice, once as seen from each partner (a SQL view over miy.partner.relation).

    ``id = relation * 2`` reads the relation from its left partner, ``relation * 2 + 1`` from its
    right partner. The partner form lists the rows whose ``this_partner_id`` is the partner and edits
    them: create, write and unlink are redirected to ``miy.partner.relation``, whose access rights,
    record rules and constraints apply.
    """

    _name = "miy.partner.relation.all"
    _description = "Partner Relation (both sides)"
    _auto = False
    _order = "this_partner_id, type_selection_id, other_partner_id, id"
    _depends = {
        "miy.partner.relation": [
            "left_partner_id",
            "right_partner_id",
            "type_id",
            "date_start",
            "date_end",
            "note",
            "active",
            "is_personal",
            "company_id",
            "right_company_id",
        ],
        "miy.relation.type": ["is_symmetric"],
    }

    relation_id = fields.Many2one("miy.partner.relation", string="Underlying Relation", readonly=True)
    this_partner_id = fields.Many2one("res.partner", string="Partner", required=True)
    type_selection_id = fields.Many2one("miy.relation.type.selection", string="Relation", required=True)
    type_id = fields.Many2one("miy.relation.type", string="Relation Type", readonly=True)
    is_inverse = fields.Boolean(string="Inverse", readonly=True)
    other_partner_id = fields.Many2one("res.partner", string="Related Partner", required=True)
    contact_type_other = fields.Selection(related="type_selection_id.contact_type_other")
    date_start = fields.Date(string="Start Date")
    date_end = fields.Date(string="End Date")
    note = fields.Text()
    active = fields.Boolean(default=True)
    is_personal = fields.Boolean(string="Personal Data", readonly=True)
    company_id = fields.Many2one("res.company", string="Partner's Company", readonly=True)
    other_company_id = fields.Many2one("res.company", string="Related Partner's Company", readonly=True)
    is_current = fields.Boolean(string="Current", compute="_compute_is_current", search="_search_is_current")

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """
                CREATE OR REPLACE VIEW %(table)s AS (
                    SELECT r.id * 2 AS id, r.id AS relation_id, r.type_id, FALSE AS is_inverse,
                           r.type_id * 2 AS type_selection_id,
                           r.left_partner_id AS this_partner_id, r.right_partner_id AS other_partner_id,
                           r.date_start, r.date_end, r.note, r.active, COALESCE(r.is_personal, FALSE) AS is_personal,
                           r.company_id, r.right_company_id AS other_company_id
                      FROM miy_partner_relation r
                    UNION ALL
                    SELECT r.id * 2 + 1, r.id, r.type_id, TRUE,
                           r.type_id * 2 + CASE WHEN t.is_symmetric THEN 0 ELSE 1 END,
                           r.right_partner_id, r.left_partner_id,
                           r.date_start, r.date_end, r.note, r.active, COALESCE(r.is_personal, FALSE),
                           r.right_company_id, r.company_id
                      FROM miy_partner_relation r
                      JOIN miy_relation_type t ON t.id = r.type_id
                )
                """,
                table=SQL.identifier(self._table),
            )
        )

    @api.depends("active", "date_start", "date_end")
    @api.depends_context("date")
    def _compute_is_current(self):
        today = fields.Date.context_today(self)
        for row in self:
            row.is_current = (
                row.active
                and (not row.date_start or row.date_start <= today)
                and (not row.date_end or row.date_end >= today)
            )

    def _search_is_current(self, operator, value):
        return self.env["miy.partner.relation"]._search_is_current(operator, value)

    @api.model
    def _relation_vals(self, vals, this_partner_id=None, other_partner_id=None, selection=None):
        """Translate the values of a row (seen from one side) into miy.partner.relation values."""
        result = {key: vals[key] for key in RELATION_FIELDS if key in vals}
        this_id = vals.get("this_partner_id", this_partner_id)
        other_id = vals.get("other_partner_id", other_partner_id)
        if "type_selection_id" in vals:
            selection = self.env["miy.relation.type.selection"].browse(vals["type_selection_id"])
        if {"this_partner_id", "other_partner_id", "type_selection_id"} & set(vals):
            if not (this_id and other_id and selection):
                raise ValidationError(self.env._("A relation needs a relation type and a related partner."))
            left, right = (other_id, this_id) if selection.is_inverse else (this_id, other_id)
            result.update(left_partner_id=left, right_partner_id=right, type_id=selection.type_id.id)
        return result

    def _invalidate_relation_caches(self):
        self.env.flush_all()
        self.env["miy.partner.relation.all"].invalidate_model()
        self.env["res.partner"].invalidate_model(["miy_relation_all_ids"])

    @api.model_create_multi
    def create(self, vals_list):  # pylint: disable=method-required-super
        # a SQL view has no row to insert: the relation is created instead
        relation_vals = [self._relation_vals(vals) for vals in vals_list]
        for vals in relation_vals:
            if "left_partner_id" not in vals:
                raise ValidationError(self.env._("A relation needs a relation type and a related partner."))
        relations = self.env["miy.partner.relation"].create(relation_vals)
        selections = self.env["miy.relation.type.selection"].browse([vals["type_selection_id"] for vals in vals_list])
        ids = [
            relation.id * 2 + (1 if sel.is_inverse else 0) for relation, sel in zip(relations, selections, strict=False)
        ]
        self._invalidate_relation_caches()
        return self.browse(ids)

    def write(self, vals):  # pylint: disable=method-required-super
        for row in self:
            relation_vals = self._relation_vals(
                vals,
                this_partner_id=row.this_partner_id.id,
                other_partner_id=row.other_partner_id.id,
                selection=row.type_selection_id,
            )
            row.relation_id.write(relation_vals)
        self._invalidate_relation_caches()
        return True

    def unlink(self):  # pylint: disable=method-required-super
        self.relation_id.unlink()
        self._invalidate_relation_caches()
        return True
