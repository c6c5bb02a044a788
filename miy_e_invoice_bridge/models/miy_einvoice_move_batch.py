"""Draft moves of an import built in one pass, without Odoo's per-move onchange work.

Odoo's ``account.move.create`` with only ``invoice_line_ids`` recomputes, move by move and line
by line, the accounts, the tax lines, the payable/receivable line and the balances (the
"dynamic lines" synchronisation). For an import of thousands of documents this is most of the
time. Here the same values are prepared once per batch with Odoo's own tax engine
(``account.tax._prepare_base_line_for_taxes_computation`` -> ``_add_tax_details_in_base_lines``
-> ``_round_base_lines_tax_details`` -> ``_prepare_tax_lines``, the helpers that the
synchronisation itself calls), and every move is created with all its journal items (product,
tax and payment term lines with their final balance, amount in currency and tax tags) in one
``create`` with ``skip_invoice_sync``. Editing such a draft later synchronises it as usual.

A document whose move needs what this builder does not reproduce (a payment term or fiscal
position on the partner, cash-basis taxes) goes through the ordinary ``create``.
"""

import logging

from odoo import Command, api, models
from odoo.exceptions import UserError, ValidationError

_logger = logging.getLogger(__name__)

INBOUND = {"out_invoice", "in_refund"}
OUTBOUND = {"in_invoice", "out_refund"}
REFUNDS = {"out_refund", "in_refund"}
FAST_CONTEXT = {
    "tracking_disable": True,
    "mail_create_nolog": True,
    "mail_create_nosubscribe": True,
    "mail_notrack": True,
}


class MoveBatchCache:
    """What the moves of one batch share, read once: journals, rates, partner accounts."""

    def __init__(self, env, company):
        self.env = env
        self.company = company
        self.journals = {}
        self.rates = {}
        self.partners = {}
        self.expense_accounts = {}
        self.distributions = {}

    def journal(self, move_type, currency):
        key = (move_type, currency.id)
        if key not in self.journals:
            Journal = self.env["account.journal"]
            domain = [
                *Journal._check_company_domain(self.company),
                ("type", "=", "sale" if move_type.startswith("out") else "purchase"),
            ]
            journal = Journal.browse()
            if currency != self.company.currency_id:
                journal = Journal.search(domain + [("currency_id", "=", currency.id)], limit=1)
            self.journals[key] = journal or Journal.search(domain, limit=1)
        return self.journals[key]

    def rate(self, currency, date):
        key = (currency.id, date)
        if key not in self.rates:
            company_currency = self.company.currency_id
            self.rates[key] = (
                1.0
                if currency == company_currency
                else self.env["res.currency"]._get_conversion_rate(company_currency, currency, self.company, date)
            )
        return self.rates[key]

    def partner(self, partner):
        """Commercial partner, its payable/receivable accounts, payment terms, fiscal position."""
        if partner.id not in self.partners:
            commercial = partner.commercial_partner_id.with_company(self.company)
            company_partner = self.company.partner_id.with_company(self.company)
            fiscal_position = (
                self.env["account.fiscal.position"].with_company(self.company)._get_fiscal_position(partner)
            )
            self.partners[partner.id] = {
                "commercial": commercial,
                "payable": commercial.property_account_payable_id or company_partner.property_account_payable_id,
                "receivable": commercial.property_account_receivable_id
                or company_partner.property_account_receivable_id,
                "purchase_term": commercial.property_supplier_payment_term_id,
                "sale_term": commercial.property_payment_term_id,
                "fiscal_position": fiscal_position,
                "delivery": partner.address_get(["delivery"])["delivery"],
            }
        return self.partners[partner.id]

    def line_account(self, commercial, move_type, journal):
        """The account Odoo gives a line without product: the partner's most frequent one for
        this kind of document, else the journal's default (return account for Turkish refunds)."""
        key = (commercial.id, move_type, journal.id)
        if key not in self.expense_accounts:
            account_id = self.env["account.account"]._get_most_frequent_account_for_partner(
                company_id=self.company.id, partner_id=commercial.id, move_type=move_type, journal_id=journal.id
            )
            account = self.env["account.account"].browse(account_id)
            if move_type == "out_refund" and "l10n_tr_default_sales_return_account_id" in journal._fields:
                account = journal.l10n_tr_default_sales_return_account_id or account
            self.expense_accounts[key] = account or journal.default_account_id
        return self.expense_accounts[key]

    def analytic_distribution(self, commercial, account):
        """The analytic distribution models' answer for a line without product (as Odoo asks it)."""
        key = (commercial.id, account.id)
        if key not in self.distributions:
            self.distributions[key] = (
                self.env["account.analytic.distribution.model"]._get_distribution(
                    {
                        "product_id": False,
                        "product_categ_id": False,
                        "partner_id": commercial.id,
                        "partner_category_id": commercial.category_id.ids,
                        "account_prefix": account.code,
                        "company_id": self.company.id,
                    }
                )
                or False
            )
        return self.distributions[key]


class MiyEinvoice(models.Model):
    _inherit = "miy.einvoice"

    @api.model
    def _move_batch_cache(self, company=None):
        return MoveBatchCache(self.env, company or self.env.company)

    def _prepare_move_batched(self, values, cache):
        """Complete the values of ``_prepare_move`` with every journal item, or return None when
        the move must go through Odoo's ordinary creation."""
        self.ensure_one()
        move_type = values["move_type"]
        partner = self.partner_id
        info = cache.partner(partner)
        term = info["sale_term"] if move_type.startswith("out") else info["purchase_term"]
        if info["fiscal_position"] or (term and not self.due_date) or not self.issue_date:
            return None
        Tax = self.env["account.tax"]
        company = cache.company
        currency = self.currency_id
        journal = cache.journal(move_type, currency)
        commercial = info["commercial"]
        account = cache.line_account(commercial, move_type, journal)
        term_account = info["receivable"] if move_type.startswith("out") else info["payable"]
        if not journal or not account or not term_account:
            return None  # Odoo's ordinary creation says what is missing
        distribution = cache.analytic_distribution(commercial, account)
        sign = 1 if move_type in OUTBOUND else -1
        # the document's rate when it gives one (see _prepare_move), else Odoo's rate of the day
        if values.get("miy_currency_rate"):
            rate = 1 / values["miy_currency_rate"]
        else:
            rate = cache.rate(currency, self.issue_date)
        base_lines = []
        for command in values["invoice_line_ids"]:
            line = command[2]
            taxes = Tax.browse(line["tax_ids"][0][2])
            if any(tax.tax_exigibility == "on_payment" or tax.amount_type == "group" for tax in taxes):
                return None
            base_lines.append(
                Tax._prepare_base_line_for_taxes_computation(
                    None,
                    tax_ids=taxes,
                    price_unit=line["price_unit"],
                    quantity=line["quantity"],
                    discount=line["discount"],
                    currency_id=currency,
                    rate=rate,
                    sign=sign,
                    is_refund=move_type in REFUNDS,
                    tax_tag_invert=move_type in INBOUND,
                    partner_id=commercial,
                    account_id=account,
                    analytic_distribution=distribution or None,
                    special_mode=False,
                    line_values=line,
                )
            )
        Tax._add_tax_details_in_base_lines(base_lines, company)
        Tax._round_base_lines_tax_details(base_lines, company)
        Tax._add_accounting_data_in_base_lines_tax_details(base_lines, company, include_caba_tags=False)
        results = Tax._prepare_tax_lines(base_lines, company)
        # journal, company, debit/credit and tax_line_id/tax_group_id are always recomputed by
        # create (readonly precomputed fields): not given
        common = {"partner_id": commercial.id, "currency_id": currency.id, "product_uom_id": False}
        line_ids = []
        for base_line, amounts in results["base_lines_to_update"]:
            line_ids.append(
                {
                    **base_line["line_values"],
                    **common,
                    **amounts,
                    "display_type": "product",
                    "sequence": 100,
                    "account_id": account.id,
                    "analytic_distribution": distribution,
                }
            )
        for tax_values in results["tax_lines_to_add"]:
            line_ids.append(
                {
                    **common,
                    **tax_values,
                    "display_type": "tax",
                    "sequence": 10000,
                    "quantity": 0.0,
                    "price_unit": 0.0,
                }
            )
        balance = sum(line["balance"] for line in line_ids)
        amount_currency = sum(line["amount_currency"] for line in line_ids)
        due_date = self.due_date or self.issue_date
        line_ids.append(
            {
                **common,
                "display_type": "payment_term",
                "sequence": 12000,
                "name": values["payment_reference"] or "",
                "account_id": term_account.id,
                "balance": company.currency_id.round(-balance),
                "amount_currency": currency.round(-amount_currency),
                "date_maturity": due_date,
                "quantity": 0.0,
                "price_unit": 0.0,
                "tax_ids": [Command.set([])],
            }
        )
        result = {key: value for key, value in values.items() if key != "invoice_line_ids"}
        result.update(
            {
                "journal_id": journal.id,
                "invoice_payment_term_id": False,  # the document's due date (see _prepare_move)
                "invoice_date_due": due_date,
                "fiscal_position_id": False,
                "delivery_date": False,
                "partner_shipping_id": info["delivery"] if move_type.startswith("out") else False,
                "line_ids": [Command.create(line) for line in line_ids],
            }
        )
        return result

    @api.model
    def _create_moves(self, to_create, tax_cache):
        """Create the draft moves of [(record, document)]: {record id: move}. All batched moves in
        one ``create``; the others, and all of them when the batch fails, one by one through
        Odoo's ordinary creation (a failing one gets a warning and no move)."""
        Move = self.env["account.move"].with_context(**FAST_CONTEXT)
        created = {}
        if not to_create:
            return created
        batched, ordinary = [], []
        cache = self._move_batch_cache(to_create[0][0].company_id)
        try:
            with self.env.cr.savepoint():
                for record, doc in to_create:
                    values = record._prepare_move(doc, tax_cache)
                    fast = record._prepare_move_batched(values, cache)
                    if fast is None:
                        ordinary.append((record, doc))
                    else:
                        batched.append((record, fast))
                if batched:
                    moves = Move.with_context(skip_invoice_sync=True, skip_invoice_line_sync=True).create(
                        [values for _record, values in batched]
                    )
                    created = {record.id: move for (record, _values), move in zip(batched, moves, strict=True)}
        except (UserError, ValueError, LookupError) as exc:
            _logger.info("e-invoice moves: batch redone through the ordinary creation: %s", exc)
            tax_cache.clear()  # taxes created in the rolled-back savepoint are gone
            created, ordinary = {}, list(to_create)
        if ordinary and len(ordinary) > 1:
            try:
                with self.env.cr.savepoint():
                    values = [record._prepare_move(doc, tax_cache) for record, doc in ordinary]
                    moves = Move.create(values)
                    created.update({record.id: move for (record, _doc), move in zip(ordinary, moves, strict=True)})
                    ordinary = []
            except (UserError, ValidationError):
                tax_cache.clear()
        for record, doc in ordinary:
            try:
                with self.env.cr.savepoint():
                    created[record.id] = Move.create(record._prepare_move(doc, tax_cache))
            except (UserError, ValidationError) as exc:
                tax_cache.clear()
                record.warnings = "\n".join(
                    filter(None, [record.warnings, record._warning_message("move_failed", str(exc)[:200])])
                )
        return created
