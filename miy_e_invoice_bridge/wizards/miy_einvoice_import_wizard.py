import base64

from odoo import Command, fields, models
from odoo.exceptions import UserError

REPORT_STATUSES = [
    ("imported", "Imported"),
    ("linked", "Linked"),
    ("warning", "Imported with warnings"),
    ("needs_partner", "Needs partner"),
    ("mismatch", "Amount mismatch"),
    ("duplicate", "Duplicate"),
    ("response", "Response applied"),
    ("rejected", "Rejected"),
]


class MiyEinvoiceImportWizard(models.TransientModel):
    _name = "miy.einvoice.import.wizard"
    _description = "Import e-Invoices"

    attachment_ids = fields.Many2many("ir.attachment", string="Files", help="UBL-TR XML files or ZIP bundles.")
    create_moves = fields.Boolean("Create draft invoices and bills", default=True)
    state = fields.Selection([("draft", "Draft"), ("done", "Done")], default="draft")
    line_ids = fields.One2many("miy.einvoice.import.wizard.line", "wizard_id", "Report")
    summary = fields.Char(readonly=True)

    def action_import(self):
        self.ensure_one()
        if not self.attachment_ids:
            raise UserError(self.env._("Add at least one XML or ZIP file."))
        files = [(att.name, base64.b64decode(att.datas or b"")) for att in self.attachment_ids]
        report = self.env["miy.einvoice"]._import_files(files, create_moves=self.create_moves)
        counts = {}
        for line in report:
            counts[line["status"]] = counts.get(line["status"], 0) + 1
        # the statuses as the user reads them in the report's lines (translated selection labels)
        labels = dict(self.line_ids._fields["status"]._description_selection(self.env))
        summary = ", ".join(
            self.env._("%(status)s: %(count)s", status=labels[status], count=count) for status, count in counts.items()
        )
        self.attachment_ids.unlink()
        self.write(
            {
                "state": "done",
                "summary": summary,
                "line_ids": [
                    Command.create(
                        {
                            "filename": line["filename"],
                            "status": line["status"],
                            "message": line["message"],
                            "einvoice_id": line["einvoice_id"],
                        }
                    )
                    for line in report
                ],
            }
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
            "name": self.env._("Import report"),
        }

    def action_open_einvoices(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("miy_e_invoice_bridge.miy_einvoice_action")
        action["domain"] = [("id", "in", self.line_ids.einvoice_id.ids)]
        return action


class MiyEinvoiceImportWizardLine(models.TransientModel):
    _name = "miy.einvoice.import.wizard.line"
    _description = "e-Invoice Import Report Line"
    _order = "id"

    wizard_id = fields.Many2one("miy.einvoice.import.wizard", required=True, ondelete="cascade")
    filename = fields.Char("File", required=True)
    status = fields.Selection(REPORT_STATUSES, required=True)
    message = fields.Text()
    einvoice_id = fields.Many2one("miy.einvoice", "e-Invoice")
