"""e-Invoices by e-mail: each company may have its own e-invoice alias (Invoicing settings; the
``e-fatura`` alias of the main company is created at install). An e-mail to it creates one
``miy.einvoice.mail`` in that company and imports its XML/ZIP attachments like the upload wizard,
into that company whatever user processes the mail.

The ``From`` of an e-mail is easily forged, so the alias is closed by default: only the addresses
or domains listed in the company's *Allowed e-invoice senders* (its integrator) get through;
everything else is refused and bounced, and logged. The full report stays on the record, for the
accountants; the sender gets a reply that tells only what it sent and how much of it could be
read, never whether a document is known (no numbers, duplicates or responses applied)."""

import logging
import re

from markupsafe import Markup, escape

from odoo import api, fields, models

from odoo.addons.mail.tools.alias_error import AliasError

_logger = logging.getLogger(__name__)

_XML_ENCODING = re.compile(r"""^(\s*<\?xml[^>]*?encoding\s*=\s*)["'][^"']*["']""")

MAIL_STATES = [
    ("done", "Imported"),
    ("partial", "Partly imported"),
    ("failed", "Nothing imported"),
    ("refused", "Refused"),
]


class MiyEinvoiceMail(models.Model):
    _name = "miy.einvoice.mail"
    _description = "e-Invoices Received by E-mail"
    _inherit = ["mail.thread"]
    _order = "id desc"

    name = fields.Char("Subject", required=True, default="/")
    email_from = fields.Char("From")
    company_id = fields.Many2one("res.company", required=True, index=True, default=lambda self: self.env.company)
    state = fields.Selection(MAIL_STATES, default="failed", required=True, index=True)
    report = fields.Text()
    file_count = fields.Integer("Files")
    einvoice_ids = fields.Many2many("miy.einvoice", string="e-Invoices")

    # ------------------------------------------------------------ mail gateway

    def _alias_get_error(self, message, message_dict, alias):
        """Refuse (and bounce) what does not come from an allowed sender of the alias's company."""
        error = super()._alias_get_error(message, message_dict, alias)
        if error:
            return error
        company = self._alias_company(alias)
        if not company:
            return AliasError(
                "config_miy_einvoice_company",
                self.env._("this e-invoice alias belongs to no company (set it in the Invoicing settings)"),
                is_config_error=True,
            )
        if not company._miy_einvoice_sender_allowed(message_dict.get("email_from")):
            _logger.warning(
                "e-invoice alias %s of %s: e-mail from %s refused (not an allowed sender; see Invoicing settings, "
                "Allowed e-invoice senders)",
                alias.display_name,
                company.name,
                message_dict.get("email_from"),
            )
            return AliasError(
                "error_miy_einvoice_sender",
                self.env._("only the e-invoice senders set by %(company)s may write to it", company=company.name),
            )
        return False

    @api.model
    def _alias_company(self, alias):
        # sudo: the mail gateway's user need not belong to the company; one company is read, by
        # the alias it owns, to decide where the e-mail goes
        return self.env["res.company"].sudo().search([("miy_einvoice_alias_id", "=", alias.id)], limit=1)

    @api.model
    def message_new(self, msg_dict, custom_values=None):
        # the mail gateway gives no language: the report is written in the processing user's
        model = self._miy_in_user_lang()
        if model is not self:
            return model.message_new(msg_dict, custom_values=custom_values)
        values = {
            "name": msg_dict.get("subject") or "/",
            "email_from": msg_dict.get("email_from"),
            **(custom_values or {}),
        }
        # the company comes from the alias (its defaults), never from the processing user; the
        # sender is checked again here, for e-mails that reach the model without the alias (an
        # incoming mail server set to create these records directly)
        company = self.env["res.company"].browse(values.get("company_id")).exists()
        if company and company.miy_einvoice_alias_id and company._miy_einvoice_sender_allowed(values["email_from"]):
            refusal = False
        elif company and company.miy_einvoice_alias_id:
            refusal = self.env._("Refused: %(email)s is not an allowed e-invoice sender.", email=values["email_from"])
        else:
            values["company_id"] = self.env.company.id
            refusal = self.env._("Refused: not received through a company's e-invoice alias.")
        record = super().message_new(msg_dict, custom_values=values)
        if refusal:
            _logger.warning("e-invoice e-mail %s from %s: %s", record.id, values["email_from"], refusal)
            record.write({"state": "refused", "report": refusal})
            return record
        record._import_attachments(msg_dict.get("attachments") or [], msg_dict.get("author_id"))
        return record

    # ------------------------------------------------------------ import

    def _import_attachments(self, attachments, author_id=None):
        """Import the XML and ZIP attachments of the e-mail into the record's company; keep the
        full report for the accountants and reply what may be told to the sender."""
        self.ensure_one()
        files = []
        for attachment in attachments:
            name, content = attachment[0], attachment[1]
            if isinstance(content, str):
                # text/xml parts come decoded by the mail gateway: back to bytes in UTF-8, and
                # the XML declaration told so (else an ISO-8859-9 declaration garbles Turkish)
                data = _XML_ENCODING.sub(r'\1"UTF-8"', content, count=1).encode()
            else:
                data = content
            if name.lower().endswith((".xml", ".zip")):
                files.append((name, data))
        Einvoice = self.env["miy.einvoice"].sudo().with_company(self.company_id)
        report = Einvoice._import_files(files) if files else []
        statuses = {line["status"] for line in report}
        if not report or statuses == {"rejected"}:
            state = "failed"
        elif "rejected" in statuses:
            state = "partial"
        else:
            state = "done"
        lines = [
            self.env._(
                "%(file)s: %(status)s - %(message)s",
                file=line["filename"],
                status=self._status_label(line["status"]),
                message=line["message"],
            )
            if line["message"]
            else self.env._("%(file)s: %(status)s", file=line["filename"], status=self._status_label(line["status"]))
            for line in report
        ] or [self.env._("No XML or ZIP attachment found.")]
        self.write(
            {
                "state": state,
                "report": "\n".join(lines),
                "file_count": len(files),
                "einvoice_ids": [(6, 0, [line["einvoice_id"] for line in report if line["einvoice_id"]])],
            }
        )
        # the full report: an internal note, for the accountants only
        self.message_post(
            body=Markup("<p>%s</p><ul>%s</ul>")
            % (
                self.env._("e-Invoice import report:"),
                Markup("").join(Markup("<li>%s</li>") % escape(line) for line in lines),
            ),
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )
        if author_id:
            self.message_post(
                body=self._sender_reply(files, report),
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
                partner_ids=[author_id],
            )

    def _sender_reply(self, files, report):
        """What the sender is told: the files it sent, how many documents were read from them, and
        the files that could not be read with why (decided on their content alone). Nothing that
        depends on the documents already in the database."""
        unreadable = [line for line in report if line.get("unreadable")]
        read = len([line for line in report if not line.get("unreadable")])
        parts = [
            Markup("<p>%s</p>")
            % self.env._(
                "We received your e-mail with %(count)s XML or ZIP file(s). %(read)s document(s) were read and "
                "passed to our accounting team.",
                count=len(files),
                read=read,
            )
        ]
        if not files:
            parts = [Markup("<p>%s</p>") % self.env._("No XML or ZIP attachment found.")]
        if unreadable:
            parts.append(Markup("<p>%s</p>") % self.env._("These files could not be read:"))
            parts.append(
                Markup("<ul>%s</ul>")
                % Markup("").join(
                    Markup("<li>%s: %s</li>") % (line["filename"], line["message"]) for line in unreadable
                )
            )
        return Markup("").join(parts)

    def _status_label(self, status):
        labels = dict(self.env["miy.einvoice.import.wizard.line"]._fields["status"]._description_selection(self.env))
        return labels.get(status, status)

    def action_open_einvoices(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("miy_e_invoice_bridge.miy_einvoice_action")
        action["domain"] = [("id", "in", self.einvoice_ids.ids)]
        return action
