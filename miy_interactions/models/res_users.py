from odoo import fields, models


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
        help="The user, and the members and leaders of the sales teams the user leads or belongs to:"
        " whose interactions a MİY manager oversees.",
    )

    def _compute_miy_team_user_ids(self):
        Team = self.env["crm.team"].sudo().with_context(active_test=True)
        led = Team.search_fetch([("user_id", "in", self.ids)], ["user_id", "member_ids"])
        for user in self:
            teams = led.filtered(lambda team, user=user: team.user_id == user) | user.sudo().crm_team_ids
            user.miy_team_user_ids = user | teams.member_ids | teams.user_id
