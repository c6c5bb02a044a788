from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    miy_service_reopen_days = fields.Integer(
        string="Reopen Requests within (days)",
        default=7,
        help="A customer's e-mail on a service request resolved at most this many days ago reopens it; "
        "a later one opens a new request referring to it. 0: never reopen.",
    )

    @api.constrains("miy_service_reopen_days")
    def _check_miy_service_reopen_days(self):
        for company in self:
            if company.miy_service_reopen_days < 0:
                raise ValidationError(
                    self.env._(
                        "The reopening period of service requests cannot be negative: enter 0 to never reopen "
                        "or a number of days."
                    )
                )
