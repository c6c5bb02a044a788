from odoo import api, models


class CrmTeam(models.Model):
    _inherit = "crm.team"

    # res.users.miy_team_user_ids (a manager's team) is computed from the teams a user leads,
    # without dependencies: a change of leader drops its values from this transaction's cache.
    # The record rules need nothing: their domains read the teams in each query (no registry
    # cache to clear).
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
