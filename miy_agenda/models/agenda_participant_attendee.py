from odoo import api, fields, models


class CalendarAttendee(models.Model):
    """A participant of a meeting shows the organization they come from and their role there."""

    _inherit = "calendar.attendee"

    miy_organization_id = fields.Many2one(
        "res.partner",
        string="Organization",
        compute="_compute_miy_affiliation",
        help="The participant's organization: their primary current affiliation (MİY Contacts), else their company.",
    )
    miy_function = fields.Char(
        string="Role",
        compute="_compute_miy_affiliation",
        help="The participant's job title in that organization.",
    )
    miy_is_internal = fields.Boolean(
        string="Internal",
        compute="_compute_miy_affiliation",
        help="The participant is one of the company's users.",
    )

    @api.depends("partner_id.parent_id", "partner_id.function", "partner_id.user_ids")
    def _compute_miy_affiliation(self):
        partners = self.partner_id
        Affiliation = self.env["miy.affiliation"]
        affiliations = {}
        if partners and Affiliation.has_access("read"):
            # one query for the whole batch: the primary affiliation first, then the newest
            for affiliation in Affiliation.search(
                [("person_id", "in", partners.ids), ("is_current", "=", True)],
                order="is_primary desc, date_start desc, id desc",
            ):
                affiliations.setdefault(affiliation.person_id.id, affiliation)
        for attendee in self:
            partner = attendee.partner_id
            affiliation = affiliations.get(partner.id)
            if affiliation:
                attendee.miy_organization_id = affiliation.organization_id
                attendee.miy_function = affiliation.function or partner.function
            else:
                attendee.miy_organization_id = partner.parent_id or (
                    partner.user_ids[:1].company_id.partner_id if partner.user_ids else False
                )
                attendee.miy_function = partner.function
            attendee.miy_is_internal = bool(partner.user_ids.filtered(lambda u: not u.share))
