import logging

from odoo import models, tools

_logger = logging.getLogger(__name__)


class SmsSms(models.Model):
    """Odoo's outgoing SMS queue, sent through the MİY SMS provider of each SMS's company when
    one is set.

    Without a provider (or with an "Odoo IAP" one) nothing changes. With another provider, each
    batch goes through its adapter and the answers are applied like Odoo applies IAP's: each SMS
    gets its sent or error state, and its trackers update the mailing traces and notifications.
    """

    _inherit = "sms.sms"

    def _miy_company(self):
        """The company an SMS is sent for: its message's document's company (a resolved service
        request's SMS), else its mailing's responsible's company, else the current company."""
        self.ensure_one()
        company = self.mail_message_id.record_company_id
        if not company and "mailing_id" in self._fields:
            company = self.mailing_id.user_id.company_id
        return company or self.env.company

    def _send(self, unlink_failed=False, unlink_sent=True, raise_exception=False):
        """Each SMS goes out through the provider of its own company, never the provider of the
        company of whoever runs the queue: the batch is split by company."""
        for company, sms_batch in self.grouped(lambda sms: sms._miy_company()).items():
            sms_batch = sms_batch.with_company(company)
            provider = self.env["miy.sms.provider"]._miy_for_company(company)
            if provider:
                sms_batch._miy_send_through(provider, unlink_failed, unlink_sent, raise_exception)
            else:  # Odoo's own service (IAP), with the company's IAP account
                super(SmsSms, sms_batch)._send(
                    unlink_failed=unlink_failed, unlink_sent=unlink_sent, raise_exception=raise_exception
                )
        return None  # as Odoo's _send

    def _miy_send_through(self, provider, unlink_failed, unlink_sent, raise_exception):
        messages = [
            {
                "content": body,
                "numbers": [{"number": sms.number, "uuid": sms.uuid} for sms in body_sms_records],
            }
            for body, body_sms_records in self.grouped("body").items()
        ]
        try:
            results = provider._send_sms_batch(messages)
        except Exception:
            _logger.exception("SMS provider %s failed on a batch of %s SMS", provider.name, len(self))
            if raise_exception:
                raise
            results = [{"uuid": sms.uuid, "state": "server_error"} for sms in self]
        self._miy_apply_results(results, unlink_failed=unlink_failed, unlink_sent=unlink_sent)

    def _miy_apply_results(self, results, unlink_failed=False, unlink_sent=True):
        """Give each SMS of the batch its state from the provider's answer, as Odoo does for IAP."""
        _logger.info("Sent batch of %s SMS through the MİY provider", len(results))
        all_sms_sudo = (
            self.env["sms.sms"]
            .sudo()
            .search([("uuid", "in", [result["uuid"] for result in results])])
            .with_context(sms_skip_msg_notification=True)
        )
        for state, results_group in tools.groupby(results, key=lambda result: result["state"]):
            uuids = {result["uuid"] for result in results_group}
            sms_sudo = all_sms_sudo.filtered(lambda s, uuids=uuids: s.uuid in uuids)
            if success_state := self.IAP_TO_SMS_STATE_SUCCESS.get(state):
                sms_sudo.sms_tracker_id._action_update_from_sms_state(success_state)
                to_delete = {"to_delete": True} if unlink_sent else {}
                sms_sudo.write({"state": success_state, "failure_type": False, **to_delete})
            else:
                failure_type = self.IAP_TO_SMS_FAILURE_TYPE.get(state, "unknown")
                sms_sudo.sms_tracker_id._action_update_from_sms_state("error", failure_type=failure_type)
                to_delete = {"to_delete": True} if unlink_failed else {}
                sms_sudo.write({"state": "error", "failure_type": failure_type, **to_delete})
        all_sms_sudo.mail_message_id._notify_message_notification_update()
