from odoo import api, fields, models


class MiyPartnerRole(models.Model):
    _name = "miy.partner.role"
    _description = "Partner Role"
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(
        required=True,
        help="Technical code the MİY addons rely on (customer, dealer, competitor...). Keep it stable.",
    )
    applies_to = fields.Selection(
        [("organization", "Organizations"), ("person", "Persons"), ("both", "Organizations and persons")],
        required=True,
        default="both",
    )
    description = fields.Text(translate=True)
    color = fields.Integer()
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    partner_count = fields.Integer(string="Partners", compute="_compute_partner_count")

    _sql_constraints = [
        ("code_uniq", "unique(code)", "Another role already has this code."),
    ]

    def _compute_partner_count(self):
        groups = self.env["res.partner"]._read_group(
            [("miy_role_ids", "in", self.ids)], groupby=["miy_role_ids"], aggregates=["__count"]
        )
        counts = {role.id: count for role, count in groups}
        for role in self:
            role.partner_count = counts.get(role.id, 0)

    @api.model
    def _get_by_code(self, code):
        """The role with this code (archived ones included), or an empty recordset."""
        return self.with_context(active_test=False).search([("code", "=", code)], limit=1)

    def action_open_partners(self):
        self.ensure_one()
        return self.env["res.partner"]._miy_partners_action(self.name, [("miy_role_ids", "in", self.ids)])
