from odoo import api, fields, models
from odoo.exceptions import ValidationError


class MiyPartnerEducation(models.Model):
    """A school a person attended: personal data (KVKK)."""

    _name = "miy.partner.education"
    _inherit = ["miy.person.data.mixin"]
    _description = "School Attended"
    _order = "graduation_year desc nulls first, id desc"

    school = fields.Char(required=True)
    department = fields.Char(help="Faculty, department or programme.")
    graduation_year = fields.Integer()
    note = fields.Char()

    @api.constrains("graduation_year")
    def _check_graduation_year(self):
        last_year = fields.Date.context_today(self).year + 10
        for education in self:
            year = education.graduation_year
            if year and not 1900 <= year <= last_year:
                raise ValidationError(
                    self.env._(
                        "The graduation year %(year)s of %(school)s is not plausible: use a year between 1900 and "
                        "%(last)s.",
                        year=year,
                        school=education.school,
                        last=last_year,
                    )
                )
