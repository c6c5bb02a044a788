from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResPartner(models.Model):
    """Classification criteria values of a partner (feature 7)."""

    _inherit = "res.partner"

    miy_criterion_value_ids = fields.Many2many(
        "miy.criterion.value",
        "miy_criterion_value_res_partner_rel",
        "partner_id",
        "value_id",
        string="Classification",
        help="Values of the classification criteria your managers defined (sector, region, size...).",
    )

    @api.constrains("miy_criterion_value_ids", "is_company")
    def _check_miy_criterion_values(self):
        for partner in self:
            per_criterion = {}
            for value in partner.miy_criterion_value_ids:
                per_criterion.setdefault(value.criterion_id, []).append(value)
            for criterion, values in per_criterion.items():
                if not criterion.multiple and len(values) > 1:
                    raise ValidationError(
                        self.env._(
                            "%(partner)s can have only one value of %(criterion)s, not %(values)s.",
                            partner=partner.name,
                            criterion=criterion.name,
                            values=", ".join(value.complete_name for value in values),
                        )
                    )
                if criterion.applies_to == "organization" and not partner.is_company:
                    raise ValidationError(
                        self.env._(
                            "The criterion %(criterion)s is for organizations only: %(partner)s is a person.",
                            criterion=criterion.name,
                            partner=partner.name,
                        )
                    )
                if criterion.applies_to == "person" and partner.is_company:
                    raise ValidationError(
                        self.env._(
                            "The criterion %(criterion)s is for persons only: %(partner)s is an organization.",
                            criterion=criterion.name,
                            partner=partner.name,
                        )
                    )
