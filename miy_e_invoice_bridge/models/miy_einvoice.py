from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError

from ..lib import ubl_tr

PROFILES = [
    ("TEMELFATURA", "TEMELFATURA"),
    ("TICARIFATURA", "TICARIFATURA"),
    ("EARSIVFATURA", "EARSIVFATURA"),
    ("IHRACAT", "IHRACAT"),
    ("YOLCUBERABERFATURA", "YOLCUBERABERFATURA"),
    ("KAMU", "KAMU"),
    ("HKS", "HKS"),
    ("ENERJI", "ENERJI"),
    ("ILAC_TIBBICIHAZ", "ILAC_TIBBICIHAZ"),
    ("YATIRIMTESVIK", "YATIRIMTESVIK"),
    ("IDIS", "IDIS"),
    ("OZELFATURA", "OZELFATURA"),
]
INVOICE_TYPES = [
    ("SATIS", "SATIS"),
    ("IADE", "IADE"),
    ("TEVKIFAT", "TEVKIFAT"),
    ("TEVKIFATIADE", "TEVKIFATIADE"),
    ("ISTISNA", "ISTISNA"),
    ("OZELMATRAH", "OZELMATRAH"),
    ("IHRACKAYITLI", "IHRACKAYITLI"),
    ("SGK", "SGK"),
    ("KOMISYONCU", "KOMISYONCU"),
    ("HKSSATIS", "HKSSATIS"),
    ("HKSKOMISYONCU", "HKSKOMISYONCU"),
    ("KONAKLAMAVERGISI", "KONAKLAMAVERGISI"),
    ("TEKNOLOJIDESTEK", "TEKNOLOJIDESTEK"),
    ("YTBSATIS", "YTBSATIS"),
    ("YTBIADE", "YTBIADE"),
    ("YTBISTISNA", "YTBISTISNA"),
    ("YTBTEVKIFAT", "YTBTEVKIFAT"),
    ("YTBTEVKIFATIADE", "YTBTEVKIFATIADE"),
    ("SARJ", "SARJ"),
    ("SARJANLIK", "SARJANLIK"),
]
REFUND_TYPES = {"IADE", "TEVKIFATIADE", "YTBIADE", "YTBTEVKIFATIADE"}
# read from the imported file: only the importer (and superuser code) writes them; users never
# change them afterwards ("Create Partner" and the partner matching rely on them)
DOCUMENT_FIELDS = {
    "number",
    "ettn",
    "customization",
    "profile",
    "invoice_type",
    "direction",
    "issue_date",
    "due_date",
    "company_id",
    "currency_id",
    "currency_rate",
    "amount_untaxed",
    "amount_tax",
    "amount_kdv",
    "amount_tax_inclusive",
    "amount_withholding",
    "amount_total",
    "line_count",
    "sender_vkn",
    "receiver_vkn",
    "counterparty_vkn",
    "counterparty_scheme",
    "counterparty_name",
    "counterparty_tax_office",
    "counterparty_street",
    "counterparty_city",
    "counterparty_state",
    "counterparty_zip",
    "counterparty_country",
    "counterparty_email",
    "billing_reference",
    "xml_attachment_id",
    "display_attachment_id",
}
# Capability of the importer: a Python object, so no RPC context (JSON) can carry it. Only the
# importer's own ``create`` and ``write`` of the document fields run with it.
_IMPORTER = object()

GIB_STATUSES = [
    ("none", "No response expected"),
    ("pending", "Waiting for response"),
    ("accepted", "Accepted"),
    ("rejected", "Rejected"),
    ("returned", "Returned"),
]


class MiyEinvoice(models.Model):
    _name = "miy.einvoice"
    _description = "Turkish e-Invoice"
    _inherit = ["mail.thread"]
    _order = "issue_date desc, id desc"
    _rec_name = "number"
    _check_company_auto = True

    number = fields.Char(required=True, index=True, tracking=True)
    ettn = fields.Char("ETTN", required=True, index=True, copy=False, help="UUID of the UBL-TR document (cbc:UUID).")
    customization = fields.Char("UBL-TR version")
    profile = fields.Selection(PROFILES, required=True, index=True)
    invoice_type = fields.Selection(INVOICE_TYPES, required=True, index=True)
    direction = fields.Selection([("in", "Incoming"), ("out", "Outgoing")], required=True, index=True)
    customer_document = fields.Boolean(
        compute="_compute_customer_document",
        store=True,
        index=True,
        help="A document of the sales side: our invoice to a customer, or a customer's return (IADE) to us.",
    )
    issue_date = fields.Date(index=True)
    due_date = fields.Date()
    company_id = fields.Many2one("res.company", required=True, index=True, default=lambda self: self.env.company)
    currency_id = fields.Many2one("res.currency", required=True)
    currency_rate = fields.Float(digits=(16, 6), help="PricingExchangeRate/CalculationRate of the document.")
    amount_untaxed = fields.Monetary("Untaxed Amount", aggregator="sum")
    amount_tax = fields.Monetary("Taxes", aggregator="sum", help="Every tax of the document (KDV, ÖTV...).")
    amount_kdv = fields.Monetary("KDV", aggregator="sum", help="The KDV (VAT, tax code 0015) of the document.")
    amount_tax_inclusive = fields.Monetary(
        "Tax-inclusive Amount", aggregator="sum", help="TaxInclusiveAmount: before the withholding is deducted."
    )
    amount_withholding = fields.Monetary("Withholding (tevkifat)", aggregator="sum")
    amount_total = fields.Monetary("Payable Amount", aggregator="sum")
    line_count = fields.Integer("Lines")
    sender_vkn = fields.Char("Sender VKN/TCKN", index=True)
    receiver_vkn = fields.Char("Receiver VKN/TCKN", index=True)
    counterparty_vkn = fields.Char("Counterparty VKN/TCKN", index=True)
    counterparty_scheme = fields.Selection([("VKN", "VKN"), ("TCKN", "TCKN")], "Identification Type")
    counterparty_name = fields.Char()
    counterparty_tax_office = fields.Char("Tax Office")
    counterparty_street = fields.Char()
    counterparty_city = fields.Char()
    counterparty_state = fields.Char("Counterparty District")
    counterparty_zip = fields.Char()
    counterparty_country = fields.Char()
    counterparty_email = fields.Char()
    partner_id = fields.Many2one("res.partner", index=True, tracking=True)
    move_id = fields.Many2one("account.move", "Journal Entry", index=True, copy=False, tracking=True)
    move_match = fields.Selection(
        [("ettn", "Matched by ETTN"), ("number", "Matched by number"), ("created", "Created from the e-invoice")],
        "Link",
    )
    payment_state = fields.Selection(related="move_id.payment_state", string="Payment Status")
    billing_reference = fields.Char("Referenced Invoice", help="BillingReference of a return (IADE).")
    gib_status = fields.Selection(GIB_STATUSES, "GİB Status", default="none", index=True, tracking=True)
    gib_response_date = fields.Date("Response Date")
    gib_response_note = fields.Char("Response")
    state = fields.Selection(
        [
            ("needs_partner", "Needs partner"),
            ("imported", "Imported"),
            ("linked", "Linked"),
            ("amount_mismatch", "Amount mismatch"),
        ],
        required=True,
        default="imported",
        index=True,
        tracking=True,
    )
    warnings = fields.Text()
    has_warnings = fields.Boolean(compute="_compute_has_warnings")
    xml_attachment_id = fields.Many2one("ir.attachment", "XML File", copy=False)
    display_attachment_id = fields.Many2one("ir.attachment", "Display Document", copy=False)
    days_overdue = fields.Integer(compute="_compute_days_overdue")

    _sql_constraints = [
        ("ettn_company_uniq", "unique(company_id, ettn)", "An e-invoice with this ETTN is already imported."),
    ]

    @api.depends("direction", "invoice_type")
    def _compute_customer_document(self):
        for record in self:
            refund = record.invoice_type in REFUND_TYPES
            record.customer_document = (record.direction == "out") != refund if record.direction else False

    @api.depends("warnings")
    def _compute_has_warnings(self):
        for record in self:
            record.has_warnings = bool(record.warnings)

    @api.depends("due_date", "payment_state")
    def _compute_days_overdue(self):
        today = fields.Date.context_today(self)
        for record in self:
            unpaid = record.payment_state not in ("paid", "in_payment", "reversed")
            if record.due_date and unpaid and record.due_date < today:
                record.days_overdue = (today - record.due_date).days
            else:
                record.days_overdue = 0

    @api.depends("number", "counterparty_name")
    def _compute_display_name(self):
        for record in self:
            record.display_name = (
                f"{record.number} - {record.counterparty_name}" if record.counterparty_name else record.number
            )

    @api.model
    def _as_importer(self):
        return self.with_context(miy_einvoice_importer=_IMPORTER)

    def _is_importer(self):
        return self.env.su or self.env.context.get("miy_einvoice_importer") is _IMPORTER

    @api.model_create_multi
    def create(self, vals_list):
        if not self._is_importer():
            raise AccessError(self.env._("e-Invoices are created only by importing their UBL-TR file."))
        return super().create(vals_list)

    def write(self, vals):
        locked = DOCUMENT_FIELDS.intersection(vals)
        if locked and not self._is_importer():
            raise AccessError(
                self.env._(
                    "These fields are read from the e-invoice file and cannot be changed: %(fields)s",
                    fields=", ".join(sorted(self._fields[name]._description_string(self.env) for name in locked)),
                )
            )
        return super().write(vals)

    def action_open_move(self):
        self.ensure_one()
        if not self.move_id:
            raise UserError(self.env._("This e-invoice has no journal entry yet."))
        return {
            "type": "ir.actions.act_window",
            "res_model": "account.move",
            "res_id": self.move_id.id,
            "view_mode": "form",
        }

    def action_create_partner(self):
        """Create the counterparty from the stored document (name, VKN/TCKN, tax office, address).

        An accountant needs no contact-creation right for this: the partner is created as
        superuser, but only from the counterparty of the imported UBL-TR file itself (parsed
        again from the e-invoice's XML attachment: nothing the user types or edits), only by
        Invoicing users, and only when no partner bears the VKN/TCKN yet (else that partner is
        linked). The accountant still cannot edit partners afterwards."""
        self.ensure_one()
        if not self.env.user.has_group("account.group_account_invoice"):
            raise AccessError(self.env._("Only accounting users can create partners from e-invoices."))
        if self.partner_id:
            raise UserError(self.env._("This e-invoice already has a partner."))
        party = self._stored_counterparty()
        if not party.name:
            raise UserError(self.env._("The document gives no name for the counterparty."))
        existing = self._match_partners([party.vkn]) if party.vkn else {}
        partner = existing.get(party.vkn)
        if not partner:
            partner = self._create_counterparty(party)
        self._assign_partner(partner, vkn=party.vkn)
        return {"type": "ir.actions.act_window", "res_model": "res.partner", "res_id": partner.id, "view_mode": "form"}

    def _stored_counterparty(self):
        """The counterparty (``ubl_tr.Party``) of the XML file imported for this e-invoice."""
        self.ensure_one()
        attachment = self.xml_attachment_id
        if not attachment or (attachment.res_model, attachment.res_id) != (self._name, self.id):
            raise UserError(self.env._("The XML file of %(number)s is missing.", number=self.number))
        try:
            doc = self._read_document()
        except ubl_tr.UblTrError as exc:
            raise UserError(
                self.env._("The XML file of %(number)s cannot be read: %(error)s", number=self.number, error=exc)
            ) from None
        company_vkns = self._vkn_variants(ubl_tr.normalize_id(self.company_id.vat))
        outgoing = bool(doc.supplier.vkn) and doc.supplier.vkn in company_vkns
        return doc.customer_party if outgoing else doc.supplier

    def _create_counterparty(self, party):
        self.ensure_one()
        country = self.env.ref("base.tr")
        if party.country and party.country.strip().lower() not in ("türkiye", "turkiye", "turkey"):
            country = self.env["res.country"].search([("name", "=ilike", party.country.strip())], limit=1)
        values = {
            "name": party.name,
            "is_company": party.scheme != "TCKN",
            "vat": party.vkn or False,
            "street": party.street or False,
            "city": party.city or False,
            "street2": party.state or False,
            "zip": party.zip or False,
            "country_id": country.id or False,
            "email": party.email or False,
            "comment": party.tax_office and self.env._("Tax office: %(office)s", office=party.tax_office),
            "company_id": False,
            "lang": self._counterparty_lang(country),
        }

        Partner = self.env["res.partner"]
        if not Partner.has_access("create"):
            Partner = Partner.sudo()  # values computed above from the stored XML file only
        partner = Partner.with_context(no_vat_validation=True).create(values)
        role = self.env.ref(
            "miy_contacts.partner_role_supplier" if self.direction == "in" else "miy_contacts.partner_role_customer"
        )
        # the role follows from the stored document's direction (who invoiced whom), not from
        # anything the user typed; an accountant who is not a CRM user cannot read the roles
        partner.sudo().miy_role_ids = [Command.link(role.id)]
        partner.message_post(
            body=self.env._(
                "Created by %(user)s from the e-invoice %(number)s (ETTN %(ettn)s).",
                user=self.env.user.name,
                number=self.number,
                ettn=self.ettn,
            ),
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )
        return partner.sudo(False)

    def _counterparty_lang(self, country):
        """Turkish for a Turkish counterparty when the database has it, else the language of our
        company's own partner (a foreign counterparty is written to as we write by default)."""
        installed = dict(self.env["res.lang"].get_installed())
        if country == self.env.ref("base.tr") and "tr_TR" in installed:
            return "tr_TR"
        lang = self.company_id.partner_id.lang
        return lang if lang in installed else False

    def action_choose_partner(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Choose the partner"),
            "res_model": "miy.einvoice.partner.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_einvoice_id": self.id},
        }

    def _check_assignable_partner(self, partner, vkn):
        """The partner a user links to a document: one they may read, never the partner of an
        internal user or of a company of this database, and never one bearing another VKN/TCKN."""
        partner.check_access("read")
        partner.commercial_partner_id.check_access("read")
        ids = (partner | partner.commercial_partner_id).ids
        # read-only counts over every company: the guard must also see users and companies the
        # accountant cannot read; nothing is read back but the counts
        Users = self.env["res.users"].sudo().with_context(active_test=False)
        internal = Users.search_count([("partner_id", "in", ids), ("share", "=", False)], limit=1)
        company = self.env["res.company"].sudo().search_count([("partner_id", "in", ids)], limit=1)
        if internal or company:
            raise UserError(
                self.env._("%(partner)s is one of our users or companies, not a counterparty.", partner=partner.name)
            )
        vat = ubl_tr.normalize_id(partner.commercial_partner_id.vat)
        if vkn and vat and vat not in self._vkn_variants(vkn):
            raise UserError(
                self.env._(
                    "%(partner)s has the VKN/TCKN %(vat)s, the document %(vkn)s.",
                    partner=partner.name,
                    vat=partner.commercial_partner_id.vat,
                    vkn=vkn,
                )
            )

    def _assign_partner(self, partner, vkn=None):
        """Link the partner and remember it: the VKN/TCKN (``vkn``, read from the stored file, or
        the document's) is stored on the partner when it has none, and every other document
        waiting for the same counterparty is linked too."""
        self.ensure_one()
        vkn = vkn or self.counterparty_vkn
        self._check_assignable_partner(partner, vkn)
        commercial = partner.commercial_partner_id
        if vkn and not commercial.vat:
            # filling an EMPTY VKN/TCKN of a partner the user may read (checked above, never an
            # internal user's) with the stored document's one: allowed to every accountant, even
            # without the right to edit contacts; an existing VKN/TCKN is never overwritten
            if not commercial.has_access("write"):
                commercial = commercial.sudo()
            commercial.with_context(no_vat_validation=True).vat = vkn
        waiting = self.search(
            [
                ("state", "=", "needs_partner"),
                ("company_id", "=", self.company_id.id),
                ("counterparty_vkn", "=", self.counterparty_vkn),
                ("counterparty_vkn", "!=", False),
            ]
        )
        documents = self | waiting
        documents.write({"partner_id": partner.id, "state": "imported"})
        documents._link_moves()

    def action_link_move(self):
        self._link_moves()
