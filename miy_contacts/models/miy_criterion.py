from odoo import api, fields, models


class MiyCriterion(models.Model):
    """A classification criterion managers define beyond tags: sector, region, company size...

    Its allowed values (``miy.criterion.value``) may form a hierarchy (sector > sub-sector).
    """

    _name = "miy.criterion"
    _description = "Classification Criterion"
    _inherit = ["mail.thread"]
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True, tracking=True)
    code = fields.Char(required=True, tracking=True, help="Stable technical code, for imports and other addons.")
    sequence = fields.Integer(default=10)
    applies_to = fields.Selection(
        [("organization", "Organizations"), ("person", "Persons"), ("both", "Organizations and persons")],
        required=True,
        default="organization",
        tracking=True,
    )
    multiple = fields.Boolean(
        string="Multiple Values",
        tracking=True,
        help="A partner may carry several values of this criterion (e.g. several sectors); " "otherwise at most one.",
    )
    description = fields.Text(translate=True)
    value_ids = fields.One2many("miy.criterion.value", "criterion_id", string="Values")
    value_count = fields.Integer(string="Values Count", compute="_compute_value_count")
    active = fields.Boolean(default=True)

    _sql_constraints = [
        ("code_uniq", "unique(code)", "Another criterion already has this code."),
    ]

    @api.depends("value_ids")
    def _compute_value_count(self):
        groups = self.env["miy.criterion.value"]._read_group(
            [("criterion_id", "in", self.ids)], ["criterion_id"], ["__count"]
        )
        counts = {criterion.id: count for criterion, count in groups}
        for criterion in self:
            criterion.value_count = counts.get(criterion.id, 0)

    @api.constrains("multiple", "applies_to")
    def _check_partners_still_fit(self):
        """Making a criterion single-valued, or narrowing it to one kind, must fit the partners."""
        partners = (
            self.env["res.partner"]
            .sudo()
            .with_context(active_test=False)
            .search([("miy_criterion_value_ids.criterion_id", "in", self.ids)])
        )
        partners._check_miy_criterion_values()

    def action_open_partners(self):
        self.ensure_one()
        return self.env["res.partner"]._miy_partners_action(
            self.name,
            [("miy_criterion_value_ids.criterion_id", "=", self.id)],
            {"group_by": "miy_criterion_value_ids"},
        )
