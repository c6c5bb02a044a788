from odoo import api, fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    miy_service_request_count = fields.Integer(
        string="Service Requests",
        compute="_compute_miy_service_request_count",
        groups="miy_contacts.group_miy_user",
        help="Service requests of this organization (of all its people), or asked by this person.",
    )

    def _miy_service_request_domain(self):
        self.ensure_one()
        if self.is_company:
            return [("commercial_partner_id", "=", self.id)]
        return ["|", ("contact_id", "=", self.id), ("partner_id", "=", self.id)]

    @api.depends_context("uid")
    def _compute_miy_service_request_count(self):
        # the user's own rights: a request the user may not read is not counted
        Request = self.env["miy.service.request"]
        companies = self.filtered("is_company")
        by_company = dict(
            Request._read_group(
                [("commercial_partner_id", "in", companies.ids)], ["commercial_partner_id"], ["__count"]
            )
        )
        # a person's requests: those they asked (contact) or that name them as the customer, each once
        persons = self - companies
        by_person = dict.fromkeys(persons, 0)
        for customer, contact, count in Request._read_group(
            ["|", ("contact_id", "in", persons.ids), ("partner_id", "in", persons.ids)],
            ["partner_id", "contact_id"],
            ["__count"],
        ):
            for person in {customer, contact} & by_person.keys():
                by_person[person] += count
        for partner in self:
            partner.miy_service_request_count = (by_company if partner.is_company else by_person).get(partner, 0)

    def action_miy_open_service_requests(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("miy_interactions.miy_service_request_action")
        action["domain"] = self._miy_service_request_domain()
        action["context"] = {
            "default_partner_id": self.commercial_partner_id.id,
            "default_contact_id": False if self.is_company else self.id,
        }
        return action
