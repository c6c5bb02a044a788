from odoo import api, models


class CrmTeam(models.Model):
    _inherit = "crm.team"

    # The managers' interaction rule reads the teams a user leads (res.users.miy_team_user_ids);
    # rule domains are cached per user, so a change of leader must refresh them.
    @api.model_create_multi
    def create(self, vals_list):
        teams = super().create(vals_list)
        if any(vals.get("user_id") for vals in vals_list):
            self._miy_refresh_team_rules()
        return teams

    def write(self, vals):
        result = super().write(vals)
        if {"user_id", "active"} & set(vals):
            self._miy_refresh_team_rules()
        return result

    def unlink(self):
        result = super().unlink()
        self._miy_refresh_team_rules()
        return result

    def _miy_refresh_team_rules(self):
        self.env["res.users"].invalidate_model(["miy_team_user_ids"])
        self.env.registry.clear_cache()
