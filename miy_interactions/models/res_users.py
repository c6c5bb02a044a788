from odoo import api, fields, models


class ResUsers(models.Model):
    _inherit = "res.users"

    miy_followup_digest_date = fields.Date(
        string="Last Follow-up Digest",
        copy=False,
        groups="base.group_system",
        help="Day the daily follow-up e-mail was last sent to this user (keeps the cron idempotent).",
    )
    miy_unread_digest_date = fields.Date(
        string="Last Unread Digest",
        copy=False,
        groups="base.group_system",
        help="Day the daily digest of unread interactions was last sent to this manager.",
    )
    miy_team_user_ids = fields.Many2many(
        "res.users",
        string="MİY Team",
        compute="_compute_miy_team_user_ids",
        search="_search_miy_team_user_ids",
        help="The user, and the members and leaders of the sales teams the user leads or belongs to:"
        " whose interactions a MİY manager oversees.",
    )

    miy_led_team_ids = fields.One2many("crm.team", "user_id", string="Sales Teams Led")

    def _compute_miy_team_user_ids(self):
        Team = self.env["crm.team"].sudo().with_context(active_test=True)
        led = Team.search_fetch([("user_id", "in", self.ids)], ["user_id", "member_ids"])
        for user in self:
            teams = led.filtered(lambda team, user=user: team.user_id == user) | user.sudo().crm_team_ids
            user.miy_team_user_ids = user | teams.member_ids | teams.user_id

    @api.model
    def _search_miy_team_user_ids(self, operator, value):
        """``[("miy_team_user_ids", "in", users)]``: the users whose team includes one of
        ``users``, as a domain over the sales team memberships and leaders, so that PostgreSQL
        resolves it in the query that uses it (record rules: no cached list of ids to refresh
        when a team changes).

        "Being in each other's team" is symmetric (both lead or belong to one sales team), so
        these are also the members of the given users' teams: the users themselves, and the
        members and leaders of the active teams they lead or belong to (active memberships).
        """
        if operator not in ("in", "="):
            raise NotImplementedError(self.env._("Only “in” and “=” are supported on the MİY team."))
        ids = [value] if isinstance(value, int) else list(value)
        teams = ["|", ("user_id", "in", ids), ("crm_team_member_ids.user_id", "in", ids)]
        return [
            "|",
            "|",
            ("id", "in", ids),
            ("crm_team_member_ids.crm_team_id", "any", teams),
            ("miy_led_team_ids", "any", teams),
        ]
