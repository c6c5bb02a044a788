from odoo import api, fields, models
from odoo.exceptions import ValidationError


class MiyServiceRequestType(models.Model):
    """What a customer asks for (fault, installation, information...), its SLA targets and routing."""

    _name = "miy.service.request.type"
    _description = "Service Request Type"
    _order = "sequence, name, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    description = fields.Text(translate=True)
    first_response_hours = fields.Float(
        string="First Response Target (h)",
        help="Working hours within which we answer the customer for the first time; 0 means no target.",
    )
    resolution_hours = fields.Float(
        string="Resolution Target (h)",
        help="Working hours within which the request is resolved; 0 means no target.",
    )
    team_id = fields.Many2one(
        "crm.team", string="Sales Team", help="New requests of this type go to this team.", index=True
    )
    user_id = fields.Many2one(
        "res.users",
        string="Assigned To",
        domain=[("share", "=", False)],
        help="New requests of this type are assigned to this user.",
        index=True,
    )

    _sql_constraints = [
        ("name_uniq", "unique(name)", "A service request type with this name already exists."),
    ]

    @api.constrains("first_response_hours", "resolution_hours")
    def _check_targets(self):
        for request_type in self:
            if request_type.first_response_hours < 0 or request_type.resolution_hours < 0:
                raise ValidationError(
                    self.env._(
                        "The targets of the request type “%(name)s” cannot be negative: enter 0 for no target "
                        "or a number of working hours.",
                        name=request_type.name,
                    )
                )
            if (
                request_type.first_response_hours
                and request_type.resolution_hours
                and request_type.resolution_hours < request_type.first_response_hours
            ):
                raise ValidationError(
                    self.env._(
                        "The resolution target of “%(name)s” (%(resolution)s h) is shorter than its first "
                        "response target (%(response)s h).",
                        name=request_type.name,
                        resolution=request_type.resolution_hours,
                        response=request_type.first_response_hours,
                    )
                )
