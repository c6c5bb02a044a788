from odoo import api, fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    miy_visit_count = fields.Integer(string="Visits", compute="_compute_miy_visit_count")

    @api.depends_context("uid")
    def _compute_miy_visit_count(self):
        # the user's own rights: a host counts only the visits they hosted, the front desk all
        Visitor = self.env["miy.agenda.visitor"]
        if not Visitor.has_access("read"):
            self.miy_visit_count = 0
            return
        groups = Visitor._read_group(
            ["|", ("partner_id", "in", self.ids), ("organization_id", "in", self.ids)],
            ["partner_id", "organization_id"],
            ["__count"],
        )
        counts = dict.fromkeys(self.ids, 0)
        for person, organization, count in groups:
            for partner in {person.id, organization.id}:
                if partner in counts:
                    counts[partner] += count
        for partner in self:
            partner.miy_visit_count = counts.get(partner.id, 0)

    def action_miy_open_visits(self):
        self.ensure_one()
        action = self.env["ir.actions.actions"]._for_xml_id("miy_agenda.miy_agenda_visitor_action_log")
        action["domain"] = ["|", ("partner_id", "=", self.id), ("organization_id", "=", self.id)]
        action["context"] = {"default_partner_id": self.id}
        return action

    @api.model
    def _miy_agenda_desk_create(self, values):
        """A contact created at the front desk (a visitor, a walk-in at the gate): the desk registers
        people without the right to create or edit contacts, so the contact is created with elevated
        rights, from these fixed fields only, shared between companies as Odoo's contacts are."""
        allowed = ("name", "email", "phone", "function", "is_company", "parent_id")
        safe = {key: values[key] for key in allowed if key in values}
        safe["company_id"] = False
        return self.sudo().create(safe).sudo(False)
