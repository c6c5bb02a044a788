from odoo import models

# MİY mailings create their mails in batches of this size (``miy_interactions.mailing_batch_size``),
# unless Odoo's ``mail.batch_size`` is set: per-batch work (queries, commit) dominates at 50.
MIY_MAILING_BATCH_SIZE = 500


class MailComposeMessage(models.TransientModel):
    """Mass mailing composer: the messages of a MİY mailing get the recipient's salutation, the
    reference number and the optional footnote, after Odoo rendered each body."""

    _inherit = "mail.compose.message"

    @property
    def _batch_size(self):
        if self.env.context.get("miy_mailing_id"):
            value = self.env["ir.config_parameter"].sudo().get_param("miy_interactions.mailing_batch_size")
            return int(value or 0) or MIY_MAILING_BATCH_SIZE
        return super()._batch_size

    def _prepare_mail_values_dynamic(self, res_ids):
        values_all = super()._prepare_mail_values_dynamic(res_ids)
        mailing = self.mass_mailing_id
        if self.composition_mode != "mass_mail" or not mailing.miy_audience or self.model != "res.partner":
            return values_all
        bodies = {res_id: values.get("body_html") or values.get("body") for res_id, values in values_all.items()}
        all_res_ids = self._evaluate_res_ids() if mailing.miy_footnote_recipients else []
        personal = mailing._miy_personalise(bodies, list(values_all), all_res_ids)
        # The e-mail is sent from body_html. The message's own copy (body) is only kept when the
        # mailing keeps archives; otherwise it is deleted once sent, so it is not rendered and
        # sanitised a second time per recipient (a third of the queueing time at 10,000).
        keep_body = mailing.keep_archives
        for res_id, values in values_all.items():
            values["body"] = personal[res_id] if keep_body else ""
            if "body_html" in values:
                values["body_html"] = personal[res_id]
        return values_all
