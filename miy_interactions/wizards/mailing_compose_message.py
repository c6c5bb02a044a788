from odoo import models


class MailComposeMessage(models.TransientModel):
    """Mass mailing composer: the messages of a MİY mailing get the recipient's salutation, the
    reference number and the optional footnote, after Odoo rendered each body."""

    _inherit = "mail.compose.message"

    def _prepare_mail_values_dynamic(self, res_ids):
        values_all = super()._prepare_mail_values_dynamic(res_ids)
        mailing = self.mass_mailing_id
        if self.composition_mode != "mass_mail" or not mailing.miy_audience or self.model != "res.partner":
            return values_all
        bodies = {res_id: values.get("body_html") or values.get("body") for res_id, values in values_all.items()}
        all_res_ids = self._evaluate_res_ids() if mailing.miy_footnote_recipients else []
        personal = mailing._miy_personalise(bodies, list(values_all), all_res_ids)
        for res_id, values in values_all.items():
            values["body"] = personal[res_id]
            if "body_html" in values:
                values["body_html"] = personal[res_id]
        return values_all
