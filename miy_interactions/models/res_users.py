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
