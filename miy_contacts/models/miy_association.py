from odoo import fields, models


class MiyAssociation(models.Model):
    """An association, chamber or club (dernek, oda, kulüp) persons belong to: personal data (KVKK)."""

    _name = "miy.association"
    _description = "Association or Club"
    _order = "name"

    name = fields.Char(required=True)
    association_type = fields.Selection(
        [
            ("association", "Association"),
            ("chamber", "Chamber / Professional Body"),
            ("club", "Club"),
            ("alumni", "Alumni Association"),
            ("other", "Other"),
        ],
        string="Type",
        default="association",
    )
    color = fields.Integer()
    active = fields.Boolean(default=True)

    _sql_constraints = [
        ("name_uniq", "unique(name)", "This association already exists."),
    ]
