from odoo import fields, models
from odoo.tools.sql import create_index

# the expression miy.einvoice._match_partners compares: keep both in step
VAT_DIGITS = "regexp_replace(vat, '[^0-9]', '', 'g')"
VAT_DIGITS_INDEX = "res_partner_miy_vat_digits_index"


class ResPartner(models.Model):
    _inherit = "res.partner"

    miy_einvoice_ids = fields.One2many("miy.einvoice", "partner_id", "e-Invoices")
    miy_einvoice_count = fields.Integer("e-Invoice Count", compute="_compute_miy_einvoice_count")

    def init(self):
        """An expression index on the VAT's digits (only where matching looks: active partners
        with a VAT), so matching an import's counterparties by VKN/TCKN reads the index instead
        of normalising the VAT of every partner."""
        res = super().init()
        create_index(self.env.cr, VAT_DIGITS_INDEX, self._table, [VAT_DIGITS], where="vat IS NOT NULL AND active")
        return res

    def _compute_miy_einvoice_count(self):
        if not self.env["miy.einvoice"].has_access("read"):
            # salespeople without MİY or Invoicing rights still open partner forms
            self.miy_einvoice_count = 0
            return
        counts = dict(
            self.env["miy.einvoice"]._read_group([("partner_id", "in", self.ids)], ["partner_id"], ["__count"])
        )
        for partner in self:
            partner.miy_einvoice_count = counts.get(partner, 0)

    def action_view_miy_einvoices(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("miy_e_invoice_bridge.miy_einvoice_action")
        action["domain"] = [("partner_id", "child_of", self.commercial_partner_id.id)]
        action["context"] = {"default_partner_id": self.id}
        return action
