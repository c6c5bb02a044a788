import base64
import logging
import re

import psycopg2
from psycopg2 import errors as pg_errors

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL

from ..lib import ubl_tr, zip_bundle
from .miy_einvoice import INVOICE_TYPES, PROFILES

_logger = logging.getLogger(__name__)

RESPONSE_STATUS = {"KABUL": "accepted", "RED": "rejected", "IADE": "returned"}
ETTN_CONSTRAINT = "miy_einvoice_ettn_company_uniq"


def _ettn_taken(error):
    """The unique (company, ETTN) index refused the document: committed meanwhile by another
    transaction (two imports of the same file at once), which this one's snapshot cannot see."""
    diag = getattr(error, "diag", None)
    return isinstance(error, pg_errors.UniqueViolation) and diag and diag.constraint_name == ETTN_CONSTRAINT


class MiyEinvoice(models.Model):
    _inherit = "miy.einvoice"

    # ------------------------------------------------------------ messages

    def _error_message(self, code, detail=""):
        messages = {
            "malformed": self.env._("Malformed XML"),
            "forbidden": self.env._("Refused: the XML declares a DOCTYPE or entities (XXE / entity expansion)"),
            "too_large": self.env._("File too large"),
            "not_ubl_tr": self.env._("Not a UBL-TR invoice or application response"),
            "missing_ettn": self.env._("Missing ETTN (cbc:UUID) or referenced document"),
            "unsupported": self.env._("Unsupported profile, invoice type or document"),
            "unsafe_path": self.env._("ZIP refused: a member path leaves the archive (path traversal)"),
            "zip_bomb": self.env._("ZIP refused: too large once uncompressed (ZIP bomb)"),
            "bad_zip": self.env._("ZIP refused: damaged archive"),
            "zip_depth": self.env._("ZIP refused: archives nested too deeply"),
            "not_xml": self.env._("Not an XML file"),
            "no_reference": self.env._("The referenced invoice is not imported"),
            "response_parties": self.env._(
                "Response not applied: its sender is not the invoice's counterparty, or it is not addressed to "
                "your company"
            ),
            "bad_number": self.env._("Not a valid number (use digits and a decimal point)"),
            "bad_date": self.env._("Not a valid date (YYYY-MM-DD)"),
            "ettn_conflict": self.env._("ETTN conflict: this ETTN is already used by another sender's document"),
            "error": self.env._("Could not be imported"),
        }
        message = messages.get(code, code)
        return self.env._("%(message)s: %(detail)s", message=message, detail=detail) if detail else message

    def _error_detail(self, exc):
        """What a user is told of a refused file beyond its message: where a malformed document
        breaks, the limit a ZIP passed, or the data named (an element, a number, a file). The
        parsers' own English texts (lxml's, zipfile's) stay in the log."""
        if exc.code == "malformed":
            position = getattr(exc, "position", None)
            if position:
                return self.env._("line %(line)s, column %(column)s", line=position[0], column=position[1])
            return ""
        if exc.code == "bad_zip":
            return ""
        known = {
            "total size": self.env._("total size"),
            "compression ratio": self.env._("compression ratio"),
            "members": self.env._("too many files"),
            "empty document": "",
            "empty envelope": "",
        }
        detail = exc.detail or ""
        if detail in known:
            return known[detail]
        return detail[:200]

    def _party_role_label(self, role):
        return {
            "supplier": self.env._("supplier"),
            "customer": self.env._("customer"),
            "buyer": self.env._("buyer"),
            "sender": self.env._("sender"),
            "receiver": self.env._("receiver"),
        }.get(role, role)

    def _warning_message(self, code, detail=""):
        messages = {
            "checksum": self.env._("VKN/TCKN checksum fails (kept as is)"),
            "vkn_leading_zero": self.env._("9-digit VKN: leading zero restored"),
            "embedded_stripped": self.env._("Embedded document over the size limit removed"),
            "bad_attachment": self.env._("Embedded document is not valid base64"),
            "trl_as_try": self.env._("Legacy currency TRL on a document dated after 2005: read as TRY"),
            "trl_converted": self.env._("Legacy currency TRL converted to TRY (divided by 1,000,000)"),
            "company_not_party": self.env._(
                "Your company's VKN is neither the supplier nor the customer: read as incoming"
            ),
            "lines": self.env._("The lines do not add up to the document's line total"),
            "tax_exclusive": self.env._("The tax-exclusive amount does not match lines, allowances and charges"),
            "tax_inclusive": self.env._("The tax-inclusive amount is not the tax-exclusive amount plus the taxes"),
            "payable": self.env._("The payable amount does not match the totals and taxes"),
            "tax_total": self.env._("The tax total does not match its subtotals"),
            "no_rate": self.env._("The document gives no exchange rate: booked at Odoo's rate of the day, check it"),
            "no_odoo_rate": self.env._(
                "The document gives no exchange rate and Odoo has none for this currency: booked 1:1, correct it"
            ),
            "company_total": self.env._(
                "The total in company currency differs from the document's total at the document's rate"
            ),
            "move_total": self.env._("The journal entry total differs from the payable amount"),
            "move_failed": self.env._("The journal entry could not be created"),
            "unknown_tax": self.env._("No tax of the company matches, left off the line (set it on the draft)"),
        }
        message = messages.get(code, code)
        if isinstance(detail, tuple):  # a party's warning: (role, text)
            role, text = detail
            detail = self.env._("%(role)s: %(detail)s", role=self._party_role_label(role), detail=text)
        return self.env._("%(message)s: %(detail)s", message=message, detail=detail) if detail else message

    # ------------------------------------------------------------ import

    @api.model
    def _import_files(self, files, create_moves=True):
        """Import [(file name, bytes)]: XML files or ZIP bundles. Returns one dict per file or
        document: {"filename", "status", "message", "einvoice_id"} where status is imported,
        linked, warning, needs_partner, duplicate, mismatch, response or rejected (see
        ``_report_status``). A bad file never blocks the others."""
        if not self.env.su and not self.env.user.has_group("account.group_account_invoice"):
            raise UserError(self.env._("Only accounting users can import e-invoices."))
        report = []
        parsed = []
        order = {}
        for name, data in files:
            order.setdefault(name, len(order))
            if zip_bundle.is_zip(data):
                # members are parsed as they are decompressed; a refusal (even late) refuses the
                # whole archive: what was taken from it is dropped
                archive_parsed, archive_report = [], []
                try:
                    for member, member_data in zip_bundle.iter_nested(data):
                        order.setdefault(f"{name}/{member}", order[name])
                        self._parse_one(f"{name}/{member}", member_data, archive_parsed, archive_report)
                except zip_bundle.ZipRefused as exc:
                    report.append(
                        self._report_line(name, "rejected", self._error_message(exc.code, self._error_detail(exc)))
                    )
                    continue
                parsed += archive_parsed
                report += archive_report
            else:
                self._parse_one(name, data, parsed, report)
        for line in report:
            # refused on its content alone, before anything was looked up in the database: the only
            # lines that may be told to whoever sent the file (see miy.einvoice.mail)
            line["unreadable"] = True
        invoices = [item for item in parsed if isinstance(item[2], ubl_tr.Invoice)]
        responses = [item for item in parsed if isinstance(item[2], ubl_tr.Response)]
        report += self._import_invoices(invoices, create_moves=create_moves)
        report += self._import_responses(responses)
        # the report follows the order of the files (stable: an envelope's documents stay in order)
        return sorted(report, key=lambda line: order.get(line["filename"], len(order)))

    @api.model
    def _report_line(self, filename, status, message="", einvoice=None):
        return {"filename": filename, "status": status, "message": message, "einvoice_id": einvoice and einvoice.id}

    @api.model
    def _parse_one(self, name, data, parsed, report):
        if not name.lower().endswith(".xml") and not data.lstrip()[:1] == b"<":
            report.append(self._report_line(name, "rejected", self._error_message("not_xml")))
            return
        try:
            documents = ubl_tr.parse_document(data)
        except ubl_tr.UblTrError as exc:
            report.append(self._report_line(name, "rejected", self._error_message(exc.code, self._error_detail(exc))))
            return
        except Exception as exc:  # plain-Python parsing, no database state: one file's report line
            _logger.warning("e-invoice %s: unexpected parse error", name, exc_info=True)
            report.append(self._report_line(name, "rejected", self._error_message("error", str(exc)[:200])))
            return
        for document in documents:
            parsed.append((name, data, document))

    @api.model
    def _import_invoices(self, invoices, create_moves=True):
        report = []
        if not invoices:
            return report
        company = self.env.company
        company_vkns = self._vkn_variants(ubl_tr.normalize_id(company.vat))
        ettns = list({doc.ettn for _name, _data, doc in invoices})
        numbers = list({doc.number for _name, _data, doc in invoices})
        existing = self.search_fetch(
            [("company_id", "=", company.id), "|", ("ettn", "in", ettns), ("number", "in", numbers)],
            ["ettn", "number", "sender_vkn"],
        )
        # ETTN -> (e-invoice or key of a document of this import, its sender VKN)
        by_ettn = {record.ettn: (record, record.sender_vkn) for record in existing}
        by_sender = {(record.sender_vkn, record.number): record for record in existing}
        # one (direction, counterparty) per document, in the order of ``invoices``: GİB's own
        # samples share ETTN and number between different senders
        counterparts = []
        for _name, _data, doc in invoices:
            direction = "out" if doc.supplier.vkn and doc.supplier.vkn in company_vkns else "in"
            party = doc.customer_party if direction == "out" else doc.supplier
            counterparts.append((direction, party))
        partners = self._match_partners([party.vkn for _direction, party in counterparts if party.vkn])
        moves = self._match_moves(invoices, counterparts, partners) if create_moves else {}
        profiles = dict(PROFILES)
        types = dict(INVOICE_TYPES)
        lines = []  # [report line, item or None], in file order
        items = []
        for index, (name, data, doc) in enumerate(invoices):
            key = ("doc", doc.ettn)
            same_ettn, ettn_sender = by_ettn.get(doc.ettn, (None, None))
            if same_ettn is not None and (ettn_sender or "") != (doc.supplier.vkn or ""):
                # another sender's document under this ETTN: not a copy of it, never "already imported"
                lines.append([self._report_line(name, "rejected"), ("conflict", same_ettn)])
                continue
            duplicate = same_ettn or by_sender.get((doc.supplier.vkn, doc.number))
            if duplicate:
                lines.append([self._report_line(name, "duplicate"), duplicate])
                continue
            if doc.profile not in profiles or doc.invoice_type not in types:
                detail = f"{doc.profile}/{doc.invoice_type}"
                lines.append([self._report_line(name, "rejected", self._error_message("unsupported", detail)), None])
                continue
            direction, party = counterparts[index]
            if direction == "in" and not (doc.customer_party.vkn and doc.customer_party.vkn in company_vkns):
                doc.warnings.append(("company_not_party", ""))
            item = {"name": name, "data": data, "doc": doc, "direction": direction, "party": party, "key": key}
            item["partner"] = partners.get(party.vkn)
            by_ettn[doc.ettn] = (key, doc.supplier.vkn)
            by_sender[doc.supplier.vkn, doc.number] = key
            items.append(item)
            lines.append([self._report_line(name, "imported"), item])
        created = self._create_in_batches(items, moves if create_moves else None)
        for line, target in lines:
            if isinstance(target, dict):
                if target.get("taken"):
                    line.update(
                        status="duplicate",
                        message=self.env._("Already imported, by another import running at the same time"),
                    )
                    continue
                if target.get("error"):
                    line.update(status="rejected", message=self._error_message("error", target["error"]))
                    continue
                record = target["record"]
                status = self._report_status(record, target["doc"])
                line.update(status=status, message=record.warnings or "", einvoice_id=record.id)
                continue
            if isinstance(target, tuple) and target[0] == "conflict":
                first = target[1]
                first = created.get(first, self.browse()) if isinstance(first, tuple) else first
                line["einvoice_id"] = first.id or False
                detail = self.env._(
                    "%(number)s of %(sender)s", number=first.number or "?", sender=first.sender_vkn or "?"
                )
                line["message"] = self._error_message("ettn_conflict", detail)
                continue
            if isinstance(target, tuple):  # duplicate of a document of this import
                target = created.get(target, self.browse())
            if line["status"] == "duplicate":
                line["einvoice_id"] = target.id or False
                line["message"] = self.env._("Already imported as %(number)s", number=target.number or "?")
        report += [line for line, _target in lines]
        return report

    @api.model
    def _report_status(self, record, doc):
        """The report line of an imported document: green (imported, linked) only when nothing is
        left to check; an amount that does not add up is "mismatch" even while the counterparty is
        still unknown, a missing counterparty is "needs_partner", a warning to act on "warning"."""
        if record.state == "amount_mismatch" or doc.mismatches:
            return "mismatch"
        if record.state == "needs_partner":
            return "needs_partner"
        # a failing checksum or a restored leading zero is noted, the document still reads fine
        if any(code not in ("checksum", "vkn_leading_zero") for code, _detail in doc.warnings):
            return "warning"
        return "linked" if record.state == "linked" else "imported"

    @api.model
    def _create_in_batches(self, items, moves, size=50):
        """Create the e-invoices (and their moves) by batches in a savepoint each; a batch that
        fails is redone document by document so that only the bad document is rejected."""
        created = {}
        for offset in range(0, len(items), size):
            batch = items[offset : offset + size]
            try:
                with self.env.cr.savepoint():
                    self._create_items(batch, moves)
            except Exception as exc:  # rolled back to the savepoint, redone one by one
                if isinstance(exc, psycopg2.OperationalError):
                    raise  # serialisation failures and lock timeouts: the whole transaction is retried
                _logger.info("e-invoice batch redone one by one: %s", exc)
                for item in batch:
                    item.pop("record", None)
                    try:
                        with self.env.cr.savepoint():
                            self._create_items([item], moves)
                    except Exception as error:  # this document's report line
                        if isinstance(error, psycopg2.OperationalError):
                            raise
                        if _ettn_taken(error):
                            # another import (another worker, the watched folder, an e-mail)
                            # committed this ETTN after this transaction began: already imported
                            item.pop("record", None)
                            item["taken"] = True
                            continue
                        level = logging.INFO if isinstance(error, UserError | ValidationError) else logging.WARNING
                        _logger.log(level, "e-invoice %s not imported: %s", item["name"], error)
                        item.pop("record", None)
                        item["error"] = str(error)[:200]
            for item in batch:
                if item.get("record"):
                    created[item["key"]] = item["record"]
        return created

    @api.model
    def _create_items(self, items, moves):
        records = self._create_from_documents(items)
        if moves is not None:
            with_partner = records.filtered("partner_id")
            with_partner._link_moves({item["record"].id: item["doc"] for item in items}, moves)

    @api.model
    def _vkn_variants(self, vkn):
        """A VKN as stored by users: with or without the leading zero of 9-digit numbers."""
        if not vkn:
            return set()
        variants = {vkn}
        if len(vkn) == 9:
            variants.add("0" + vkn)
        if len(vkn) == 10 and vkn.startswith("0"):
            variants.add(vkn[1:])
        return variants

    @api.model
    def _match_partners(self, vkns):
        """{VKN/TCKN: commercial partner} for the whole import in one query; res.partner.vat
        compared digits only (so 'TR1234567890', '1234567890' and '123 456 7890' match)."""
        variants = {}
        for vkn in set(vkns):
            for variant in self._vkn_variants(vkn):
                variants[variant] = vkn
        if not variants:
            return {}
        rows = self.env.execute_query(self._match_partners_query(list(variants)))
        result = {}
        for digits, partner_id in rows:
            result.setdefault(variants[digits], partner_id)
        return {vkn: self.env["res.partner"].browse(pid) for vkn, pid in result.items()}

    @api.model
    def _match_partners_query(self, variants):
        """The matching query: its VAT expression is the one of the partner index
        ``res_partner_miy_vat_digits_index`` (res_partner_einvoice.py), so it reads the index."""
        return SQL(
            """SELECT regexp_replace(vat, '[^0-9]', '', 'g'), COALESCE(commercial_partner_id, id) FROM res_partner
                WHERE vat IS NOT NULL AND active
                  AND (company_id IS NULL OR company_id = %s)
                  AND regexp_replace(vat, '[^0-9]', '', 'g') = ANY(%s)
             ORDER BY parent_id IS NOT NULL, is_company IS NOT TRUE, id""",
            self.env.company.id,
            variants,
        )

    @api.model
    def _prepare_values(self, item):
        doc, party, partner = item["doc"], item["party"], item["partner"]
        # a failing checksum of our own company's VKN says nothing about this document
        ours = self._vkn_variants(ubl_tr.normalize_id(self.env.company.vat))
        warnings = [
            self._warning_message(code, detail)
            for code, detail in doc.warnings
            # a party warning's detail starts with the party's role: supplier, customer or buyer
            if not (code == "checksum" and getattr(doc, detail[0]).vkn in ours)
        ]
        warnings += [
            self._warning_message(code, self.env._("%(expected)s expected, %(found)s found", expected=exp, found=found))
            for code, exp, found in doc.mismatches
        ]
        # only TICARIFATURA is answered (KABUL/RED) through GİB; the others need no response
        gib_status = "pending" if doc.profile == "TICARIFATURA" else "none"
        return {
            "number": doc.number,
            "ettn": doc.ettn,
            "customization": doc.customization,
            "profile": doc.profile,
            "invoice_type": doc.invoice_type,
            "direction": item["direction"],
            "issue_date": doc.issue_date,
            "due_date": doc.due_date,
            "currency_id": self._currency(doc.currency).id,
            "currency_rate": float(doc.currency_rate or 0),
            "amount_untaxed": float(doc.tax_exclusive_amount),
            "amount_tax": float(doc.tax_amount),
            "amount_kdv": float(doc.kdv_amount),
            "amount_tax_inclusive": float(doc.tax_inclusive_amount),
            "amount_withholding": float(doc.withholding_amount),
            "amount_total": float(doc.payable_amount),
            "line_count": len(doc.lines),
            "sender_vkn": doc.supplier.vkn,
            "receiver_vkn": doc.customer.vkn,
            "counterparty_vkn": party.vkn,
            "counterparty_scheme": party.scheme or False,
            "counterparty_name": party.name,
            "counterparty_tax_office": party.tax_office,
            "counterparty_street": party.street,
            "counterparty_city": party.city,
            "counterparty_state": party.state,
            "counterparty_zip": party.zip,
            "counterparty_country": party.country,
            "counterparty_email": party.email,
            "partner_id": partner.id if partner else False,
            "billing_reference": doc.billing_reference,
            "gib_status": gib_status,
            "state": ("amount_mismatch" if doc.mismatches else "imported") if partner else "needs_partner",
            "warnings": "\n".join(warnings) or False,
        }

    @api.model
    def _currency(self, code):
        currency = self.env["res.currency"].with_context(active_test=False).search([("name", "=", code)], limit=1)
        if not currency:
            raise UserError(self.env._("Unknown currency %(code)s", code=code))
        if not currency.active:
            currency.sudo().active = True
        return currency

    @api.model
    def _create_from_documents(self, items):
        """Create the e-invoices of ``items`` with their XML and display document attachments."""
        model = self._as_importer().with_context(mail_create_nolog=True, tracking_disable=True)
        records = model.create([self._prepare_values(item) for item in items])
        attachment_values = []
        for item, record in zip(items, records, strict=True):
            item["record"] = record
            doc = item["doc"]
            file_name = re.split(r"[\\/]", item["name"])[-1]
            attachment_values.append(
                {
                    "name": file_name if file_name.lower().endswith(".xml") else f"{doc.number}.xml",
                    "raw": item["data"],
                    "mimetype": "application/xml",
                    "res_model": self._name,
                    "res_id": record.id,
                }
            )
            if doc.attachments:
                display = doc.attachments[0]
                attachment_values.append(
                    {
                        "name": display.filename or f"{doc.number}.xslt",
                        "raw": display.data,
                        "mimetype": display.mimetype or "application/octet-stream",
                        "res_model": self._name,
                        "res_id": record.id,
                    }
                )
        attachments = self.env["ir.attachment"].create(attachment_values)
        by_record = {}
        for attachment in attachments:
            by_record.setdefault(attachment.res_id, []).append(attachment.id)
        for record in records:
            ids = by_record.get(record.id, [])
            record.write(
                {
                    "xml_attachment_id": ids[0] if ids else False,
                    "display_attachment_id": ids[1] if len(ids) > 1 else False,
                }
            )
        records = records.with_env(self.env)  # the importer's capability stays here
        for item, record in zip(items, records, strict=True):
            item["record"] = record
        return records

    # ------------------------------------------------------------ responses

    @api.model
    def _import_responses(self, responses):
        """Apply KABUL / RED / IADE responses to the e-invoices they answer. A response is applied
        only when it comes from the invoice's counterparty (its sender VKN/TCKN is the invoice's
        counterparty) and is addressed to the company (its receiver VKN/TCKN is the company's):
        whoever can put a file in front of the importer (an e-mail, an upload, the watched folder)
        cannot change the status of another party's invoice."""
        report = []
        if not responses:
            return report
        company = self.env.company
        company_vkns = self._vkn_variants(ubl_tr.normalize_id(company.vat))
        references = list({resp.reference for _name, _data, resp in responses})
        targets = self.search_fetch(
            [("company_id", "=", company.id), "|", ("ettn", "in", references), ("number", "in", references)],
            ["ettn", "number", "sender_vkn", "receiver_vkn", "counterparty_vkn", "move_id"],
        )
        by_ettn = {record.ettn: record for record in targets}
        by_number = {}
        for record in targets:
            by_number.setdefault(record.number, self.browse())
            by_number[record.number] |= record
        for name, _data, resp in responses:
            sender_vkns = self._vkn_variants(resp.sender.vkn)
            if resp.reference_is_ettn:
                target = by_ettn.get(resp.reference, self.browse())
            else:
                # numbers are unique per sender only: the invoice of the responder
                target = by_number.get(resp.reference, self.browse())
                target = target.filtered(lambda r, v=sender_vkns: r.counterparty_vkn in v) or target[:1]
            if not target:
                report.append(self._report_line(name, "rejected", self._error_message("no_reference", resp.reference)))
                continue
            if not (
                sender_vkns
                and target.counterparty_vkn in sender_vkns
                and company_vkns
                and resp.receiver.vkn in company_vkns
            ):
                _logger.warning(
                    "e-invoice response %s refused: sender %s, receiver %s, invoice %s of counterparty %s",
                    name,
                    resp.sender.vkn,
                    resp.receiver.vkn,
                    target.id,
                    target.counterparty_vkn,
                )
                report.append(self._report_line(name, "rejected", self._error_message("response_parties")))
                continue
            status = RESPONSE_STATUS[resp.response_code]
            target.write(
                {
                    "gib_status": status,
                    "gib_response_date": resp.issue_date,
                    "gib_response_note": resp.description or resp.response_code,
                }
            )
            target.move_id.write({"miy_gib_status": status})
            message = self.env._("%(code)s for %(number)s", code=resp.response_code, number=target.number)
            report.append(self._report_line(name, "response", message, target))
        return report

    @api.model
    def _cron_accept_silent_responses(self):
        """TICARIFATURA without an application response after 8 days counts as accepted (the
        note in the cron user's language: a cron's context gives none)."""
        model = self._miy_in_user_lang()
        if model is not self:
            return model._cron_accept_silent_responses()
        limit = fields.Date.subtract(fields.Date.context_today(self), days=8)
        silent = self.search(
            [("profile", "=", "TICARIFATURA"), ("gib_status", "=", "pending"), ("issue_date", "<", limit)]
        )
        silent.write({"gib_status": "accepted", "gib_response_note": self.env._("No response after 8 days")})
        silent.move_id.write({"miy_gib_status": "accepted"})

    # ------------------------------------------------------------ helpers for the views

    def _read_document(self):
        """Parse the stored XML again (documents waiting for a partner get their move later)."""
        self.ensure_one()
        if not self.xml_attachment_id:
            raise UserError(self.env._("The XML file of %(number)s is missing.", number=self.number))
        data = base64.b64decode(self.xml_attachment_id.datas)
        for document in ubl_tr.parse_document(data):
            if isinstance(document, ubl_tr.Invoice) and document.ettn == self.ettn:
                return document
        raise UserError(self.env._("The XML file of %(number)s no longer holds this invoice.", number=self.number))
