from odoo import api, models


class CrmTeamMember(models.Model):
    _inherit = "crm.team.member"

    # res.users.miy_team_user_ids is computed from the memberships without dependencies: a
    # change of membership drops its values from this transaction's cache. The record rules
    # need nothing: their domains read the memberships in each query (no registry cache to
    # clear on any worker).
    @api.model_create_multi
    def create(self, vals_list):
        members = super().create(vals_list)
        self.env["res.users"].invalidate_model(["miy_team_user_ids"])
        return members

    def write(self, vals):
        result = super().write(vals)
        if {"user_id", "crm_team_id", "active"} & set(vals):
            self.env["res.users"].invalidate_model(["miy_team_user_ids"])
        return result

    def unlink(self):
        result = super().unlink()
        self.env["res.users"].invalidate_model(["miy_team_user_ids"])
        return result
