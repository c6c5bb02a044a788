from odoo import fields, models


class MiySmsFakeMessage(models.Model):
    """An SMS the fake provider 'sent': what tests and the demo check instead of a phone."""

    _name = "miy.sms.fake.message"
    _description = "SMS Recorded by the Fake Provider"
    _order = "id desc"
    _rec_name = "number"

    provider_id = fields.Many2one("miy.sms.provider", string="Provider", required=True, ondelete="cascade", index=True)
    number = fields.Char(required=True)
    body = fields.Text()
    sms_uuid = fields.Char(string="SMS UUID", index=True)
    state = fields.Char(string="Answer")
