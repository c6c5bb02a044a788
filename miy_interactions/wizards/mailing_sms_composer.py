from odoo import models


class SmsComposer(models.TransientModel):
    """SMS composer of a MİY SMS mailing: the salutation, the reference number and the optional
    footnote around each rendered text; SMS go to mobile numbers only, and a recipient without a
    usable mobile number gets a failed trace (never a silent skip)."""

    _inherit = "sms.composer"

    def _prepare_recipient_values(self, records):
        if self.mailing_id.miy_audience and records._name == "res.partner":
            return records._sms_get_recipients_info(force_field="mobile", partner_fallback=False)
        return super()._prepare_recipient_values(records)

    def _prepare_body_values(self, records):
        bodies = super()._prepare_body_values(records)
        mailing = self.mailing_id
        if self.composition_mode != "mass" or not mailing.miy_audience or records._name != "res.partner":
            return bodies
        # the SMS composer handles all the recipients at once
        return mailing._miy_personalise(bodies, records.ids, records.ids, html=False)

    def _prepare_mass_sms_trace_values(self, record, sms_values):
        trace_values = super()._prepare_mass_sms_trace_values(record, sms_values)
        if (
            self.mailing_id.miy_audience
            and trace_values.get("trace_status") == "cancel"
            and trace_values.get("failure_type") in ("sms_number_missing", "sms_number_format")
        ):
            trace_values["trace_status"] = "error"  # no usable mobile number: a failure to act on
        return trace_values
