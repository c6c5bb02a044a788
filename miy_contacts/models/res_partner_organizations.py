from odoo import api, fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    miy_organization_ids = fields.Many2many(
        "res.partner",
        string="Works For",
        compute="_compute_miy_organization_ids",
        groups="miy_contacts.group_miy_user",
        help="The organizations this person works for now (current affiliations).",
    )

    @api.depends(
        "miy_affiliation_ids.organization_id",
        "miy_affiliation_ids.is_primary",
        "miy_affiliation_ids.date_start",
        "miy_affiliation_ids.date_end",
    )
    @api.depends_context("uid")
    def _compute_miy_organization_ids(self):
        # read with the user's rights: an affiliation the user may not see names no organization
        current = self.env["miy.affiliation"].search(
            [("person_id", "in", self.filtered("id").ids), *self.env["miy.affiliation"]._current_domain()],
            order="is_primary desc, id",
        )
        by_person = {}
        for affiliation in current:
            by_person.setdefault(affiliation.person_id.id, []).append(affiliation.organization_id.id)
        for partner in self:
            partner.miy_organization_ids = [(6, 0, by_person.get(partner.id, []))]
