from odoo import api, fields, models
from odoo.exceptions import UserError

from ..models.miy_partner_phone import normalize_number


class MiyCallerLookup(models.TransientModel):
    """ "Who is calling?": type the number on the phone's screen, see who it is."""

    _name = "miy.caller.lookup"
    _description = "Who Is Calling?"

    number = fields.Char(required=True, help="Any usual spelling: 0532 123 45 67, +90 532 1234567, 5321234567...")
    number_e164 = fields.Char(string="Normalized Number", compute="_compute_result")
    partner_ids = fields.Many2many("res.partner", string="Matching Partners", compute="_compute_result")
    organization_ids = fields.Many2many(
        "res.partner",
        string="Their Organizations",
        compute="_compute_result",
        help="The organizations the matching persons currently work for.",
    )

    @api.depends("number")
    def _compute_result(self):
        Partner = self.env["res.partner"]
        for lookup in self:
            e164 = normalize_number(lookup.number) if lookup.number else None
            partners = Partner._miy_find_by_phone(lookup.number) if e164 else Partner
            lookup.number_e164 = e164 or False
            lookup.partner_ids = partners
            current = partners.miy_affiliation_ids.filtered("is_current")
            lookup.organization_ids = current.organization_id | partners.filtered("is_company").parent_id

    def action_open_partners(self):
        self.ensure_one()
        if not self.number_e164:
            raise UserError(self.env._("%(number)s is not a valid phone number.", number=self.number))
        if not self.partner_ids:
            raise UserError(self.env._("Nobody has the number %(number)s.", number=self.number))
        partners = self.partner_ids | self.organization_ids
        action = {
            "type": "ir.actions.act_window",
            "name": self.env._("Calling: %(number)s", number=self.number),
            "res_model": "res.partner",
            "domain": [("id", "in", partners.ids)],
        }
        if len(self.partner_ids) == 1:
            action.update(view_mode="form", res_id=self.partner_ids.id)
        else:
            action.update(view_mode="list,kanban,form")
        return action
