from odoo import api, fields, models


class MiyDocumentType(models.Model):
    _name = "miy.document.type"
    _inherit = ["miy.personal.type.mixin"]
    _description = "Document Type"
    _order = "sequence, name, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    is_personal = fields.Boolean(
        string="Personal Data",
        help="Documents of this type (ID copies, diplomas...) are personal data under KVKK: only the "
        "'MİY: Personal data' group sees them, and only that group changes this flag.",
    )
    description = fields.Text(translate=True)
    document_count = fields.Integer(compute="_compute_document_count", string="Documents")

    _sql_constraints = [("name_uniq", "unique(name)", "A document type with this name already exists.")]

    @api.depends_context("uid")
    def _compute_document_count(self):
        counts = dict(
            self.env["ir.attachment"]._read_group(
                [("miy_document_type_id", "in", self.ids)], ["miy_document_type_id"], ["__count"]
            )
        )
        for doc_type in self:
            doc_type.document_count = counts.get(doc_type, 0)
