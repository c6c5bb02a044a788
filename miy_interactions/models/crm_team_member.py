from odoo import api, models


class CrmTeamMember(models.Model):
    _inherit = "crm.team.member"

    # The interaction record rules read the user's sales teams; rule domains are cached per
    # user, so a change of team membership must refresh them.
    @api.model_create_multi
    def create(self, vals_list):
        members = super().create(vals_list)
        self.env["res.users"].invalidate_model(["miy_team_user_ids"])
        self.env.registry.clear_cache()
        return members

    def write(self, vals):
        result = super().write(vals)
        if {"user_id", "crm_team_id", "active"} & set(vals):
            self.env["res.users"].invalidate_model(["miy_team_user_ids"])
            self.env.registry.clear_cache()
        return result

    def unlink(self):
        result = super().unlink()
        self.env["res.users"].invalidate_model(["miy_team_user_ids"])
        self.env.registry.clear_cache()
        return result
