from odoo import fields, models


class MiyAgendaEquipment(models.Model):
    """What a room offers (projector, screen, video conference, whiteboard...), to find a room."""

    _name = "miy.agenda.equipment"
    _description = "Room Equipment"
    _order = "name"

    name = fields.Char(required=True, translate=True)
    color = fields.Integer()

    _sql_constraints = [("name_uniq", "unique (name)", "This equipment already exists.")]
