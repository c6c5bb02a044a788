from odoo import api, fields, models
from odoo.exceptions import ValidationError


class MiyCriterionValue(models.Model):
    """An allowed value of a classification criterion; values nest (Gıda > Süt ürünleri)."""

    _name = "miy.criterion.value"
    _description = "Criterion Value"
    _order = "criterion_id, complete_name"
    _rec_name = "complete_name"
    _rec_names_search = ["complete_name", "criterion_id.name"]
    _parent_store = True

    criterion_id = fields.Many2one("miy.criterion", string="Criterion", required=True, ondelete="cascade", index=True)
    name = fields.Char(required=True, translate=True)
    parent_id = fields.Many2one(
        "miy.criterion.value",
        string="Parent Value",
        ondelete="cascade",
        index=True,
        domain="[('criterion_id', '=', criterion_id)]",
    )
    parent_path = fields.Char(index=True)
    child_ids = fields.One2many("miy.criterion.value", "parent_id", string="Sub-values")
    complete_name = fields.Char(compute="_compute_complete_name", recursive=True, store=True)
    criterion_code = fields.Char(related="criterion_id.code", string="Criterion Code")
    color = fields.Integer()
    active = fields.Boolean(default=True)
    partner_count = fields.Integer(string="Partners", compute="_compute_partner_count")

    _sql_constraints = [
        ("name_uniq", "unique(criterion_id, parent_id, name)", "This value already exists at this place."),
    ]

    @api.depends("name", "parent_id.complete_name")
    def _compute_complete_name(self):
        for value in self:
            if value.parent_id:
                value.complete_name = f"{value.parent_id.complete_name} / {value.name}"
            else:
                value.complete_name = value.name

    @api.depends("complete_name", "criterion_id.name")
    @api.depends_context("miy_criterion_short")
    def _compute_display_name(self):
        short = self.env.context.get("miy_criterion_short")
        for value in self:
            if short or not value.criterion_id:
                value.display_name = value.complete_name
            else:
                value.display_name = f"{value.criterion_id.name}: {value.complete_name}"

    def _compute_partner_count(self):
        groups = self.env["res.partner"]._read_group(
            [("miy_criterion_value_ids", "in", self.ids)], ["miy_criterion_value_ids"], ["__count"]
        )
        counts = {value.id: count for value, count in groups}
        for value in self:
            value.partner_count = counts.get(value.id, 0)

    @api.constrains("parent_id", "criterion_id")
    def _check_parent(self):
        if self._has_cycle():
            raise ValidationError(self.env._("A value cannot be its own parent, even indirectly."))
        for value in self:
            if value.parent_id and value.parent_id.criterion_id != value.criterion_id:
                raise ValidationError(
                    self.env._(
                        "The value %(value)s belongs to %(criterion)s: its parent %(parent)s must belong "
                        "to the same criterion.",
                        value=value.name,
                        criterion=value.criterion_id.name,
                        parent=value.parent_id.display_name,
                    )
                )
