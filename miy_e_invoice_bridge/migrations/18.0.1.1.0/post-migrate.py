"""18.0.1.1.0: KDV and tax-inclusive amount stored apart (withholding invoices stored the net of
the header as their taxes), salespeople's record rule restricted to customer documents.

e-Invoice e-mail aliases belong to a company: the ``e-fatura`` alias of earlier versions goes to
the main company. Its allowed senders start empty (every e-mail refused until they are set)."""

import base64
import logging

from odoo import SUPERUSER_ID, api
from odoo.tools import SQL

from odoo.addons.miy_e_invoice_bridge.lib import ubl_tr

_logger = logging.getLogger(__name__)

RULE_DOMAIN = (
    '[("customer_document", "=", True), ("partner_id", "!=", False), '
    '("partner_id.company_id", "in", company_ids + [False])]'
)


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    env["res.company"]._miy_einvoice_link_default_alias()
    rule = env.ref("miy_e_invoice_bridge.miy_einvoice_rule_miy_user", raise_if_not_found=False)
    if rule:
        rule.domain_force = RULE_DOMAIN
    einvoices = env["miy.einvoice"].with_context(active_test=False).search([])
    for offset in range(0, len(einvoices), 500):
        for record in einvoices[offset : offset + 500]:
            try:
                data = base64.b64decode(record.xml_attachment_id.datas or b"")
                doc = next(
                    (d for d in ubl_tr.parse_document(data) if isinstance(d, ubl_tr.Invoice) and d.ettn == record.ettn),
                    None,
                )
            except (ubl_tr.UblTrError, ValueError):
                doc = None
            if doc is None:
                _logger.info("e-invoice %s: XML unreadable, amounts left as they were", record.number)
                continue
            # written in SQL: these fields are locked against users' writes
            cr.execute(
                SQL(
                    "UPDATE miy_einvoice SET amount_tax = %s, amount_kdv = %s, amount_tax_inclusive = %s WHERE id = %s",
                    float(doc.tax_amount),
                    float(doc.kdv_amount),
                    float(doc.tax_inclusive_amount),
                    record.id,
                )
            )
        env.invalidate_all()
