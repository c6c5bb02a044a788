"""Demo data: real UBL-TR files under demo/einvoices/ run through the importer (not records
written by hand), so the demo shows draft moves, attachments and the per-file report as an
accountant gets them."""

import datetime
import logging
import os
import re

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools.misc import file_open, file_path

_logger = logging.getLogger(__name__)

DEMO_FOLDER = "miy_e_invoice_bridge/demo/einvoices"
DEMO_COMPANY_VKN = "1290456786"
# counterparties an accountant links to the demo partners of miy_contacts (they have no VKN yet)
DEMO_PARTNERS = {
    "6310045872": "miy_contacts.res_partner_nilufer_gida_demo",
    "3880112456": "miy_contacts.res_partner_gemlik_tekstil_demo",
    "4780556128": "miy_contacts.res_partner_inegol_mobilya_demo",
    "6440378210": "miy_contacts.res_partner_osmangazi_dokum_demo",
}
_DATE = re.compile(rb"@@DATE_(-?\d+)@@")


class MiyEinvoice(models.Model):
    _inherit = "miy.einvoice"

    @api.model
    def _demo_import(self):
        admin = self.env.ref("base.user_admin")
        company = admin.company_id
        if not company.vat:
            company.with_context(no_vat_validation=True).vat = f"TR{DEMO_COMPANY_VKN}"
        company_vkn = re.sub(r"\D", "", company.vat).encode()
        today = fields.Date.context_today(self)
        files = []
        folder = file_path(DEMO_FOLDER)
        for name in sorted(os.listdir(folder)):
            with file_open(f"{DEMO_FOLDER}/{name}", "rb") as handle:
                data = handle.read()
            data = data.replace(b"@@COMPANY_VKN@@", company_vkn).replace(b"@@COMPANY_NAME@@", company.name.encode())
            data = _DATE.sub(lambda m: (today + datetime.timedelta(days=int(m.group(1)))).isoformat().encode(), data)
            files.append((name, data))
        journals = self.env["account.journal"].search_count(
            [("company_id", "=", company.id), ("type", "in", ("sale", "purchase"))]
        )
        model = self.with_user(admin).with_company(company)
        try:
            report = model._import_files(files, create_moves=bool(journals))
        except UserError as exc:
            _logger.warning("MİY e-invoice demo files not imported: %s", exc)
            return
        for line in report:
            einvoice = model.browse(line["einvoice_id"])
            xmlid = DEMO_PARTNERS.get(einvoice.counterparty_vkn)
            if einvoice and xmlid and einvoice.state == "needs_partner":
                einvoice._assign_partner(self.env.ref(xmlid))
        accepted = model.search([("number", "=", "MYM2026000000101"), ("company_id", "=", company.id)])
        accepted.write({"gib_status": "accepted", "gib_response_date": today, "gib_response_note": "KABUL"})
        accepted.move_id.write({"miy_gib_status": "accepted"})
