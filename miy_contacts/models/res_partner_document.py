from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    miy_document_ids = fields.One2many(
        "ir.attachment",
        "miy_partner_id",
        string="Documents",
        groups="miy_contacts.group_miy_user",
        help="Files attached to this partner (also those dropped on its chatter), with their document type.",
    )
