import logging
from urllib.parse import urlsplit

import requests

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

_logger = logging.getLogger(__name__)

GATEWAY_TIMEOUT = 15  # seconds, per batch
# Where the SMS and the credentials go: read and set by Settings administrators only.
GATEWAY_FIELDS = ("gateway_url", "gateway_user", "gateway_password")


class MiySmsProvider(models.Model):
    """Where the SMS of Odoo's ``sms.sms`` queue go out: a small adapter per provider type.

    * ``iap``: Odoo's own SMS service, unchanged behaviour;
    * ``http``: a generic Turkish HTTP gateway (JSON over HTTPS, user/password or API key,
      approved sender header / originator);
    * ``fake``: records what would be sent (tests and demo), never leaves the database.

    Each adapter answers ``_send_sms_batch(messages)`` in the vocabulary of Odoo's IAP API
    (``success``, ``wrong_number_format``, ``server_error``...), so Odoo's own state handling
    gives every ``sms.sms`` its sent or error state and updates the mailing traces.
    """

    _name = "miy.sms.provider"
    _description = "SMS Provider"
    _inherit = ["mail.thread"]
    _order = "sequence, id"

    name = fields.Char(required=True, tracking=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    provider_type = fields.Selection(
        [("iap", "Odoo IAP"), ("http", "Turkish HTTP Gateway"), ("fake", "Fake (tests and demo)")],
        string="Type",
        required=True,
        default="iap",
        tracking=True,
    )
    # Where the SMS and the credentials go: Settings administrators only. A MİY manager chooses
    # a company's provider but can neither read the secret nor send it to another host.
    gateway_url = fields.Char(string="Gateway URL", tracking=True, groups="base.group_system")
    gateway_user = fields.Char(string="User", tracking=True, groups="base.group_system")
    gateway_password = fields.Char(string="Password / API Key", groups="base.group_system")
    sender = fields.Char(
        string="Sender Header", tracking=True, help="Approved sender name (originator, başlık) shown on the phones."
    )
    fake_fail_numbers = fields.Text(
        string="Numbers That Fail",
        help="Fake provider only: numbers (one per line) it answers with a wrong number error.",
    )
    fake_message_ids = fields.One2many("miy.sms.fake.message", "provider_id", string="Recorded SMS")
    fake_message_count = fields.Integer(string="Recorded SMS Count", compute="_compute_fake_message_count")

    # ------------------------------------------------------------------ computes
    def _compute_fake_message_count(self):
        counts = dict(
            self.env["miy.sms.fake.message"]._read_group(
                [("provider_id", "in", self.ids)], ["provider_id"], ["__count"]
            )
        )
        for provider in self:
            provider.fake_message_count = counts.get(provider, 0)

    # ------------------------------------------------------------------ constraints
    @api.constrains("provider_type", "gateway_url", "sender")
    def _check_gateway(self):
        for provider in self.filtered(lambda p: p.provider_type == "http"):
            url = urlsplit((provider.gateway_url or "").strip())
            if url.scheme != "https" or not url.hostname:
                raise ValidationError(
                    self.env._(
                        "The SMS provider %(name)s needs the gateway address, starting with https:// "
                        "(the password and the messages never travel unencrypted).",
                        name=provider.name,
                    )
                )
            if not provider.sender:
                raise ValidationError(
                    self.env._("The SMS provider %(name)s needs its approved sender header.", name=provider.name)
                )

    # ------------------------------------------------------------------ CRUD
    @api.model_create_multi
    def create(self, vals_list):
        # Odoo checks field groups on read and write, not on create: a manager must not create a
        # gateway of their own either (it would receive the SMS and their numbers)
        if not self.env.su and not self.env.user.has_group("base.group_system"):
            restricted = [name for name in GATEWAY_FIELDS if any(vals.get(name) for vals in vals_list)]
            if restricted:
                raise AccessError(
                    self.env._(
                        "Only Settings administrators set where SMS go (%(fields)s): ask one to add the gateway.",
                        fields=", ".join(self._fields[name]._description_string(self.env) for name in restricted),
                    )
                )
        return super().create(vals_list)

    # ------------------------------------------------------------------ actions
    def action_open_fake_messages(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("miy_interactions.miy_sms_fake_message_action")
        action["domain"] = [("provider_id", "=", self.id)]
        return action

    # ------------------------------------------------------------------ sending
    @api.model
    def _miy_for_company(self, company):
        """The active provider other than Odoo IAP that ``company`` sends its SMS through, or None
        (Odoo's own service)."""
        # sudo: the SMS queue runs as any user; the provider is only read to send through it
        provider = company.sudo().miy_sms_provider_id
        return provider if provider and provider.active and provider.provider_type != "iap" else None

    def _send_sms_batch(self, messages):
        """Send one batch; ``messages`` as Odoo's SmsApi: [{content, numbers: [{number, uuid}]}].

        :return list: [{uuid, state}] with IAP states (success, wrong_number_format, server_error...)
        """
        self.ensure_one()
        if self.provider_type == "fake":
            return self._send_sms_batch_fake(messages)
        if self.provider_type == "http":
            return self._send_sms_batch_http(messages)
        raise UserError(self.env._("Odoo IAP messages are sent by Odoo itself."))

    def _send_sms_batch_fake(self, messages):
        failing = {line.strip() for line in (self.fake_fail_numbers or "").splitlines() if line.strip()}
        results, records = [], []
        for message in messages:
            for number in message["numbers"]:
                state = "wrong_number_format" if number["number"] in failing else "success"
                results.append({"uuid": number["uuid"], "state": state})
                records.append(
                    {
                        "provider_id": self.id,
                        "number": number["number"],
                        "body": message["content"],
                        "sms_uuid": number["uuid"],
                        "state": state,
                    }
                )
        self.env["miy.sms.fake.message"].sudo().create(records)
        return results

    def _send_sms_batch_http(self, messages):
        """POST the batch as JSON; the gateway answers {"results": [{"id": uuid, "status": "ok"|error}]}
        or just HTTP 2xx for all. Any transport error marks the whole batch as a server error, so the
        SMS stay in error for a retry instead of being lost."""
        sudo_self = self.sudo()
        payload = {
            "username": sudo_self.gateway_user or "",
            "password": sudo_self.gateway_password or "",
            "sender": sudo_self.sender or "",
            "messages": [
                {"id": number["uuid"], "to": number["number"], "text": message["content"]}
                for message in messages
                for number in message["numbers"]
            ],
        }
        uuids = [item["id"] for item in payload["messages"]]
        try:
            response = requests.post(sudo_self.gateway_url, json=payload, timeout=GATEWAY_TIMEOUT)
            response.raise_for_status()
            answer = response.json() if response.content else {}
        except (requests.RequestException, ValueError) as error:
            _logger.warning("SMS gateway %s failed for %s SMS: %s", self.name, len(uuids), error)
            return [{"uuid": uuid, "state": "server_error"} for uuid in uuids]
        statuses = {
            item.get("id"): item.get("status")
            for item in (answer.get("results") or [] if isinstance(answer, dict) else [])
            if isinstance(item, dict)
        }
        state_map = {"ok": "success", "success": "success", "invalid_number": "wrong_number_format"}
        return [{"uuid": uuid, "state": state_map.get(statuses.get(uuid, "ok"), "server_error")} for uuid in uuids]
