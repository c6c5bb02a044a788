"""e-Invoices by e-mail: a mail alias (``e-fatura@<your domain>``, see data/) creates one
``miy.einvoice.mail`` per incoming e-mail, imports its XML/ZIP attachments like the upload
wizard, keeps the per-file report on the record and replies it to the sender."""

import re

from markupsafe import Markup, escape

from odoo import api, fields, models

_XML_ENCODING = re.compile(r"""^(\s*<\?xml[^>]*?encoding\s*=\s*)["'][^"']*["']""")

MAIL_STATES = [("done", "Imported"), ("partial", "Partly imported"), ("failed", "Nothing imported")]


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

    @api.model
    def message_new(self, msg_dict, custom_values=None):
        values = {
            "name": msg_dict.get("subject") or "/",
            "email_from": msg_dict.get("email_from"),
            **(custom_values or {}),
        }
        record = super().message_new(msg_dict, custom_values=values)
        record._import_attachments(msg_dict.get("attachments") or [], msg_dict.get("author_id"))
        return record

    def _import_attachments(self, attachments, author_id=None):
        """Import the XML and ZIP attachments of the e-mail; post the report and reply it."""
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
            f"{line['filename']}: {self._status_label(line['status'])}"
            + (f" - {line['message']}" if line["message"] else "")
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
        body = Markup("<p>%s</p><ul>%s</ul>") % (
            self.env._("e-Invoice import report:"),
            Markup("").join(Markup("<li>%s</li>") % escape(line) for line in lines),
        )
        self.message_post(
            body=body,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            partner_ids=[author_id] if author_id else [],
        )

    def _status_label(self, status):
        labels = dict(self.env["miy.einvoice.import.wizard.line"]._fields["status"]._description_selection(self.env))
        return labels.get(status, status)

    def action_open_einvoices(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("miy_e_invoice_bridge.miy_einvoice_action")
        action["domain"] = [("id", "in", self.einvoice_ids.ids)]
        return action
