from odoo import fields, models
from odoo.exceptions import UserError


class CalendarEvent(models.Model):
    """Invitations and reminders by SMS besides Odoo's e-mails (the answers are Odoo's own
    attendee states and counts)."""

    _inherit = "calendar.event"

    miy_sms_available = fields.Boolean(string="SMS Available", compute="_compute_miy_sms_available")

    def _compute_miy_sms_available(self):
        # Odoo's ``sms`` is not a dependency of this addon: SMS are offered when it is installed
        # (miy_interactions installs it and sends them through the firm's SMS provider)
        self.miy_sms_available = "sms.sms" in self.env

    # ------------------------------------------------------------------ SMS
    def _miy_sms_body(self, kind):
        self.ensure_one()
        values = {
            "meeting": self.name,
            "date": self._miy_fmt(self.start) if not self.allday else str(self.start_date),
            "location": self.location or "",
            "organiser": self.user_id.name or "",
        }
        if kind == "reminder":
            return self.env._("Reminder: %(meeting)s on %(date)s %(location)s (%(organiser)s).", **values)
        return self.env._(
            "%(organiser)s invites you to %(meeting)s on %(date)s %(location)s. The invitation was sent by e-mail.",
            **values,
        )

    def _miy_send_sms(self, kind):
        """SMS to the participants with a phone number (all but those who declined, and not the
        sender), through Odoo's SMS (``mail.thread._message_sms``): with miy_interactions installed,
        through the company's SMS provider. Nothing personal (no check-in code) in the text: the SMS
        is logged on the meeting."""
        if "sms.sms" not in self.env:
            raise UserError(self.env._("SMS are not available: install MİY Interactions (or Odoo's SMS) to send them."))
        sent = 0
        for event in self:
            partners = event.attendee_ids.filtered(
                lambda a: a.state != "declined" and a.partner_id != self.env.user.partner_id
            ).partner_id.filtered(lambda p: p.mobile or p.phone)
            if partners:
                event._message_sms(event._miy_sms_body(kind), partner_ids=partners.ids)
                sent += len(partners)
        return sent

    def action_miy_sms_invitation(self):
        sent = self._miy_send_sms("invitation")
        return self._miy_sms_notification(sent)

    def action_miy_sms_reminder(self):
        sent = self._miy_send_sms("reminder")
        return self._miy_sms_notification(sent)

    def _miy_sms_notification(self, sent):
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success" if sent else "warning",
                "message": self.env._("%(count)s SMS sent.", count=sent)
                if sent
                else self.env._("No participant has a phone number."),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }
