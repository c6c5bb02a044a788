from odoo import api, fields, models
from odoo.exceptions import AccessError
from odoo.tools import SQL, sql


class IrAttachment(models.Model):
    _inherit = "ir.attachment"

    # trigram index: the Documents search looks names up with ilike
    name = fields.Char(index="trigram")
    miy_document_type_id = fields.Many2one(
        "miy.document.type", string="Type of Document", index="btree_not_null", ondelete="restrict"
    )
    miy_partner_id = fields.Many2one(
        "res.partner",
        string="Partner",
        compute="_compute_miy_partner_id",
        inverse="_inverse_miy_partner_id",
        store=True,
        index="btree_not_null",
        ondelete="set null",
        help="The organization or person this document is attached to.",
    )
    miy_is_personal = fields.Boolean(related="miy_document_type_id.is_personal", store=True, string="Personal Document")

    def _auto_init(self):
        # Create the new columns ourselves so that installing on a database with millions of
        # attachments fills them with one UPDATE instead of recomputing every attachment.
        cr = self.env.cr
        new_partner_column = not sql.column_exists(cr, self._table, "miy_partner_id")
        if new_partner_column:
            sql.create_column(cr, self._table, "miy_partner_id", "int4")
        new_personal_column = not sql.column_exists(cr, self._table, "miy_is_personal")
        if new_personal_column:
            sql.create_column(cr, self._table, "miy_is_personal", "bool")
        res = super()._auto_init()
        if new_partner_column:
            cr.execute(
                SQL(
                    """
                    UPDATE ir_attachment a SET miy_partner_id = a.res_id
                      FROM res_partner p
                     WHERE a.res_model = 'res.partner' AND a.res_field IS NULL AND p.id = a.res_id
                    """
                )
            )
        if new_personal_column and sql.table_exists(cr, "miy_document_type"):
            cr.execute(
                SQL(
                    """
                    UPDATE ir_attachment a SET miy_is_personal = t.is_personal
                      FROM miy_document_type t
                     WHERE t.id = a.miy_document_type_id
                    """
                )
            )
        return res

    @api.depends("res_model", "res_id", "res_field")
    def _compute_miy_partner_id(self):
        for attachment in self:
            if attachment.res_model == "res.partner" and attachment.res_id and not attachment.res_field:
                attachment.miy_partner_id = attachment.res_id
            else:
                attachment.miy_partner_id = False

    def _inverse_miy_partner_id(self):
        for attachment in self.filtered("miy_partner_id"):
            if attachment.res_model != "res.partner" or attachment.res_id != attachment.miy_partner_id.id:
                attachment.write({"res_model": "res.partner", "res_id": attachment.miy_partner_id.id})

    @api.model
    def _miy_check_personal_type(self, vals_list):
        """Only the personal data group files a document under a personal type (ID copy...)."""
        type_ids = {vals["miy_document_type_id"] for vals in vals_list if vals.get("miy_document_type_id")}
        if not type_ids or self.env.su or self.env.user.has_group("miy_contacts.group_miy_personal_data"):
            return
        personal = self.env["miy.document.type"].sudo().browse(type_ids).filtered("is_personal")
        if personal:
            raise AccessError(
                self.env._(
                    "Only the 'Personal data' group may file documents as %(types)s (personal data, KVKK).",
                    types=", ".join(personal.mapped("name")),
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        self._miy_check_personal_type(vals_list)
        for vals in vals_list:
            if vals.get("miy_partner_id") and not vals.get("res_model"):
                vals.update(res_model="res.partner", res_id=vals["miy_partner_id"])
        return super().create(vals_list)

    def write(self, vals):
        self._miy_check_personal_type([vals])
        return super().write(vals)
