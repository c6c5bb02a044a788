from odoo import fields, models


class MiyInteractionRead(models.Model):
    """A manager has read an interaction: one row per (interaction, manager)."""

    _name = "miy.interaction.read"
    _description = "Interaction Read by Manager"
    _order = "read_date desc, id desc"

    interaction_id = fields.Many2one("miy.interaction", required=True, ondelete="cascade", index=True)
    user_id = fields.Many2one("res.users", required=True, ondelete="cascade", index=True)
    read_date = fields.Datetime(required=True, default=fields.Datetime.now)

    _sql_constraints = [
        ("interaction_user_uniq", "unique(interaction_id, user_id)", "This interaction is already marked as read."),
    ]
