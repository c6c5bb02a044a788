from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

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
    issue_date = fields.Date(index=True)
    due_date = fields.Date()
    company_id = fields.Many2one("res.company", required=True, index=True, default=lambda self: self.env.company)
    currency_id = fields.Many2one("res.currency", required=True)
    currency_rate = fields.Float(digits=(16, 6), help="PricingExchangeRate/CalculationRate of the document.")
    amount_untaxed = fields.Monetary("Untaxed Amount", aggregator="sum")
    amount_tax = fields.Monetary("Taxes", aggregator="sum")
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
        """Create the counterparty from the document (name, VKN/TCKN, tax office, address).

        An accountant needs no contact-creation right for this: the partner is created as
        superuser, but only from the counterparty fields of the signed document (nothing the user
        types), only by Invoicing users, and only when no partner bears the VKN/TCKN yet (else
        that partner is linked). The accountant still cannot edit partners afterwards."""
        self.ensure_one()
        if not self.env.user.has_group("account.group_account_invoice"):
            raise AccessError(self.env._("Only accounting users can create partners from e-invoices."))
        if self.partner_id:
            raise UserError(self.env._("This e-invoice already has a partner."))
        if not self.counterparty_name:
            raise UserError(self.env._("The document gives no name for the counterparty."))
        existing = self._match_partners([self.counterparty_vkn]) if self.counterparty_vkn else {}
        partner = existing.get(self.counterparty_vkn)
        if not partner:
            partner = self._create_counterparty()
        self._assign_partner(partner)
        return {"type": "ir.actions.act_window", "res_model": "res.partner", "res_id": partner.id, "view_mode": "form"}

    def _create_counterparty(self):
        self.ensure_one()
        country = self.env.ref("base.tr")
        if self.counterparty_country and self.counterparty_country.strip().lower() not in (
            "türkiye",
            "turkiye",
            "turkey",
        ):
            country = self.env["res.country"].search([("name", "=ilike", self.counterparty_country.strip())], limit=1)
        Partner = self.env["res.partner"]
        if not Partner.has_access("create"):
            Partner = Partner.sudo()  # limited to the document's counterparty fields below
        partner = Partner.with_context(no_vat_validation=True).create(
            {
                "name": self.counterparty_name,
                "is_company": self.counterparty_scheme != "TCKN",
                "vat": self.counterparty_vkn or False,
                "street": self.counterparty_street or False,
                "city": self.counterparty_city or False,
                "street2": self.counterparty_state or False,
                "zip": self.counterparty_zip or False,
                "country_id": country.id or False,
                "email": self.counterparty_email or False,
                "comment": self.counterparty_tax_office
                and self.env._("Tax office: %(office)s", office=self.counterparty_tax_office),
                "company_id": False,
            }
        )
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

    def _assign_partner(self, partner):
        """Link the partner and remember it: the VKN/TCKN is stored on the partner, and every
        other document waiting for the same counterparty is linked too."""
        self.ensure_one()
        if self.counterparty_vkn and not partner.vat:
            # filling an empty VKN/TCKN with the one of the signed document: allowed to every
            # accountant, even without the right to edit contacts
            partner.sudo().with_context(no_vat_validation=True).vat = self.counterparty_vkn
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
