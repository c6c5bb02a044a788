from odoo import fields, models


class MiyInteractionReason(models.Model):
    """Why we talked to the customer: a list managers configure (sales visit, complaint...)."""

    _name = "miy.interaction.reason"
    _description = "Interaction Reason"
    _order = "sequence, name, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    description = fields.Text(translate=True)

    _sql_constraints = [
        ("name_uniq", "unique(name)", "An interaction reason with this name already exists."),
    ]
