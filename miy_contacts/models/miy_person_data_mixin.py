from odoo import api, fields, models

from .res_partner_profile import check_persons_only


class MiyPersonDataMixin(models.AbstractModel):
    """A line of a person's personal profile (school, language, measurement): personal data
    (KVKK), attached to a person, never to an organization."""

    _name = "miy.person.data.mixin"
    _description = "Personal Profile Line"

    partner_id = fields.Many2one(
        "res.partner",
        string="Person",
        required=True,
        ondelete="cascade",
        index=True,
        domain=[("is_company", "=", False)],
    )

    @api.constrains("partner_id")
    def _check_partner_id(self):
        check_persons_only(self.env, self.partner_id)
