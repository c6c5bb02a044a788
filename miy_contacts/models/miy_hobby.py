from odoo import fields, models


class MiyHobby(models.Model):
    """A hobby or interest a person may have (golf, fishing, chess...): personal data (KVKK)."""

    _name = "miy.hobby"
    _description = "Hobby"
    _order = "name"

    name = fields.Char(required=True, translate=True)
    color = fields.Integer()
    active = fields.Boolean(default=True)

    _sql_constraints = [
        ("name_uniq", "unique(name)", "This hobby already exists."),
    ]
