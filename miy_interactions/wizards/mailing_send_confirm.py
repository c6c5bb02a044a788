from odoo import api, fields, models


class MiyMailingSendConfirm(models.TransientModel):
    """Send Now of a MİY mailing: says how many people will receive it before it is sent."""

    _name = "miy.mailing.send.confirm"
    _description = "Confirm Sending a Mailing"

    mailing_id = fields.Many2one("mailing.mailing", required=True, ondelete="cascade")
    recipient_count = fields.Integer(string="Recipients", compute="_compute_message")
    message = fields.Char(compute="_compute_message")

    @api.depends("mailing_id")
    def _compute_message(self):
        for wizard in self:
            mailing = wizard.mailing_id
            # the mailing's reader rights: the recipients the mailing itself resolves when it is sent
            count = len(mailing._get_remaining_recipients()) if mailing else 0
            wizard.recipient_count = count
            if mailing.mailing_type == "sms":
                wizard.message = self.env._(
                    "The SMS “%(name)s” will be sent to %(count)s people now, each with their own message.",
                    name=mailing.subject,
                    count=count,
                )
            else:
                wizard.message = self.env._(
                    "The e-mail “%(name)s” will be sent to %(count)s people now, each with their own message.",
                    name=mailing.subject,
                    count=count,
                )

    def action_send(self):
        self.ensure_one()
        return self.mailing_id.action_launch()
