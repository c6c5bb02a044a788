import base64
import logging

import psycopg2

from odoo import fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools.sql import escape_psql

from . import vcard

_logger = logging.getLogger(__name__)

MAX_FILE_SIZE = 10 * 1024 * 1024


class MiyPartnerImportWizard(models.TransientModel):
    _name = "miy.partner.import.wizard"
    _description = "Import vCard Files"

    file_data = fields.Binary(string="vCard File", attachment=False)
    file_name = fields.Char()
    state = fields.Selection([("upload", "Upload"), ("done", "Done")], default="upload", required=True)
    line_ids = fields.One2many("miy.partner.import.wizard.line", "wizard_id", string="Report", readonly=True)
    created_count = fields.Integer(compute="_compute_counts")
    updated_count = fields.Integer(compute="_compute_counts")
    skipped_count = fields.Integer(compute="_compute_counts")

    def _compute_counts(self):
        for wizard in self:
            statuses = wizard.line_ids.mapped("status")
            wizard.created_count = statuses.count("created")
            wizard.updated_count = statuses.count("updated")
            wizard.skipped_count = statuses.count("skipped")

    # ------------------------------------------------------------------ action
    def action_import(self):
        self.ensure_one()
        if not self.file_data:
            raise UserError(self.env._("Choose a vCard file (.vcf) to import."))
        raw = base64.b64decode(self.file_data)
        if len(raw) > MAX_FILE_SIZE:
            raise UserError(self.env._("The file is larger than 10 MB; split it into smaller files."))
        report = self._import_vcard_text(self._decode(raw))
        self.line_ids = [fields.Command.clear()] + [fields.Command.create(line) for line in report]
        self.state = "done"
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
            "name": self.env._("vCard Import Report"),
        }

    def action_view_partners(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Imported Persons"),
            "res_model": "res.partner",
            "view_mode": "list,form",
            "domain": [("id", "in", self.line_ids.partner_id.ids)],
        }

    # ------------------------------------------------------------------ import
    def _decode(self, raw):
        try:
            return raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            # address books exported by older Windows programs use the Turkish code page
            try:
                return raw.decode("cp1254")
            except UnicodeDecodeError as error:
                raise UserError(self.env._("The file is not a UTF-8 text file.")) from error

    def _import_vcard_text(self, text):
        """Import every card of ``text``; returns one report dict per card.

        The whole file is parsed first: a malformed file raises a UserError naming the card and
        the line, and nothing is saved. Cards are then saved one by one, each in its own savepoint:
        a card that cannot be saved is reported as skipped with its reason and the others are kept.
        """
        try:
            cards = vcard.parse(text)
        except vcard.VCardError as error:
            raise UserError(self._vcard_error_message(error)) from error
        report = []
        for card in cards:
            data = self._card_values(card)
            line = {"card_number": card.index, "name": data["name"] or "", "status": "skipped"}
            if not data["name"]:
                line["reason"] = self.env._("The card has no name (FN or N).")
                report.append(line)
                continue
            try:
                with self.env.cr.savepoint():
                    status, person, reason = self._import_card(data)
            except (UserError, ValueError, psycopg2.Error) as error:
                _logger.info("vCard import: card %s skipped: %s", card.index, error)
                line["reason"] = str(error.args[0] if error.args else error)
                report.append(line)
                continue
            line.update(status=status, partner_id=person.id, reason=reason or False)
            report.append(line)
        return report

    def _vcard_error_message(self, error):
        details = {
            "no_colon": self.env._("expected 'NAME:value', got %(text)s", text=error.text),
            "bad_name": self.env._("invalid property name %(text)s", text=error.text),
            "bad_encoding": self.env._("cannot decode quoted-printable text (%(text)s)", text=error.text),
            "not_vcard": self.env._("BEGIN:%(text)s is not a vCard", text=error.text),
            "no_end_before_begin": self.env._("the card has no END:VCARD before a new BEGIN:VCARD"),
            "outside_card": self.env._("%(text)s outside BEGIN:VCARD ... END:VCARD", text=error.text),
            "bad_end": self.env._("END:%(text)s does not close the vCard", text=error.text),
            "no_version": self.env._("the card has no VERSION"),
            "bad_version": self.env._("vCard version %(text)s is not supported (3.0 or 4.0)", text=error.text),
            "no_end": self.env._("the card has no END:VCARD"),
            "empty": self.env._("the file contains no vCard (BEGIN:VCARD ... END:VCARD)"),
        }
        detail = details.get(error.code, error.message)
        if error.card and error.line:
            return self.env._(
                "The vCard file is malformed (card %(card)s, line %(line)s): %(detail)s. Nothing was imported.",
                card=error.card,
                line=error.line,
                detail=detail,
            )
        return self.env._("The vCard file is malformed: %(detail)s. Nothing was imported.", detail=detail)

    def _card_values(self, card):
        name = card.text("FN")
        n_prop = card.get("N")
        if n_prop:
            family, given = ([*n_prop.components(), "", ""])[:2]
            if not name:
                name = " ".join(part for part in (given.strip(), family.strip()) if part)
        org_prop = card.get("ORG")
        org_parts = org_prop.components() if org_prop else []
        phones = []
        for prop in card.get_all("TEL"):
            number = prop.text().strip()
            if number.lower().startswith("tel:"):
                number = number[4:]
            if number:
                phones.append((number, prop.types))
        emails = [prop.text().strip() for prop in card.get_all("EMAIL") if prop.text().strip()]
        address = {}
        adr = card.get("ADR")
        if adr:
            parts = [*adr.components(), "", "", "", "", "", "", ""]
            address = {"street2": parts[1], "street": parts[2], "city": parts[3], "zip": parts[5], "country": parts[6]}
        kind = card.text("KIND").lower()
        return {
            "name": " ".join(name.split()),
            "is_company": kind == "org",
            "organization": org_parts[0].strip() if org_parts else "",
            "department": org_parts[1].strip() if len(org_parts) > 1 else "",
            "function": card.text("TITLE") or card.text("ROLE"),
            "emails": emails,
            "phones": phones,
            "address": address,
            "website": card.text("URL"),
        }

    def _phone_kind(self, types):
        if types & {"cell", "mobile", "iphone"}:
            return "mobile"
        if "fax" in types:
            return "fax"
        if "home" in types:
            return "home"
        if "work" in types:
            return "office"
        return "other"

    def _import_card(self, data):
        """Create or update one person (or organization) and its affiliation; returns (status, partner, note)."""
        Partner = self.env["res.partner"]
        phones, invalid = self._valid_phones(data["phones"])
        note = self.env._("Invalid phone numbers left out: %(numbers)s", numbers=", ".join(invalid)) if invalid else ""
        if data["is_company"]:
            organization, created = self._find_or_create_organization(data["name"], dict(data, phones=phones))
            if created:
                return "created", organization, note
            return "skipped", organization, self.env._("The organization already exists.")
        person = Partner._miy_find_person_for_import(data["emails"], [number for number, _kind in phones])
        organization = None
        if data["organization"]:
            organization = self._find_or_create_organization(data["organization"], {})[0]
        values = self._person_values(data)
        if person:
            changed = {key: value for key, value in values.items() if value and not person[key]}
            if changed:
                person.write(changed)
            added = self._add_phones(person, phones)
            affiliated = self._ensure_affiliation(person, organization, data) if organization else False
            if not (changed or added or affiliated):
                return "skipped", person, self.env._("Already up to date (matched by e-mail or phone).")
            return "updated", person, note
        person = Partner.create({key: value for key, value in values.items() if value})
        self._add_phones(person, phones)
        if organization:
            self._ensure_affiliation(person, organization, data)
        return "created", person, note

    def _valid_phones(self, phones):
        """([(e164, kind)], [invalid numbers as typed]) of a card's TEL lines, duplicates dropped."""
        Phone = self.env["miy.partner.phone"]
        valid, invalid, seen = [], [], set()
        for number, types in phones:
            try:
                e164 = Phone._normalize(number, country_code="TR")
            except ValidationError:
                invalid.append(number)
                continue
            if e164 not in seen:
                seen.add(e164)
                valid.append((e164, self._phone_kind(types)))
        return valid, invalid

    def _person_values(self, data):
        address = data["address"]
        country = False
        if address.get("country"):
            country = self.env["res.country"].search(
                [
                    "|",
                    ("name", "=ilike", escape_psql(address["country"])),
                    ("code", "=ilike", escape_psql(address["country"])),
                ],
                limit=1,
            )
        return {
            "name": data["name"],
            "is_company": False,
            "email": data["emails"][0] if data["emails"] else "",
            "function": data["function"],
            "street": address.get("street", ""),
            "street2": address.get("street2", ""),
            "city": address.get("city", ""),
            "zip": address.get("zip", ""),
            "country_id": country.id if country else False,
            "website": data["website"],
        }

    def _find_or_create_organization(self, name, data):
        """(organization, created): the organization of that exact name (any case), created if missing."""
        name = " ".join((name or "").split())
        Partner = self.env["res.partner"]
        # =ilike: any case, but the name's own % and _ are characters, not wildcards
        organization = Partner.search([("is_company", "=", True), ("name", "=ilike", escape_psql(name))], limit=1)
        if organization:
            return organization, False
        values = {"name": name, "is_company": True}
        if data.get("emails"):
            values["email"] = data["emails"][0]
        if data.get("website"):
            values["website"] = data["website"]
        organization = Partner.create(values)
        if data.get("phones"):
            self._add_phones(organization, data["phones"])
        return organization, True

    def _add_phones(self, partner, phones):
        """Add the (e164, kind) numbers ``partner`` does not have yet; True when one was added."""
        known = set(partner.miy_phone_ids.mapped("number_e164"))
        added = [
            {"partner_id": partner.id, "number": e164, "phone_type": kind} for e164, kind in phones if e164 not in known
        ]
        if added:
            self.env["miy.partner.phone"].create(added)
        return bool(added)

    def _ensure_affiliation(self, person, organization, data):
        """Link ``person`` to ``organization`` once (primary when they have no company yet)."""
        Affiliation = self.env["miy.affiliation"].with_context(active_test=False)
        if Affiliation.search_count([("person_id", "=", person.id), ("organization_id", "=", organization.id)]):
            return False
        has_primary = person.miy_affiliation_ids.filtered(lambda a: a.is_primary and a.is_current)
        Affiliation.create(
            {
                "person_id": person.id,
                "organization_id": organization.id,
                "function": data["function"],
                "department": data["department"],
                "is_primary": not has_primary,
            }
        )
        return True


class MiyPartnerImportWizardLine(models.TransientModel):
    _name = "miy.partner.import.wizard.line"
    _description = "vCard Import Report Line"
    _order = "card_number, id"

    wizard_id = fields.Many2one("miy.partner.import.wizard", required=True, ondelete="cascade")
    card_number = fields.Integer(string="Card")
    name = fields.Char()
    status = fields.Selection([("created", "Created"), ("updated", "Updated"), ("skipped", "Skipped")], required=True)
    partner_id = fields.Many2one("res.partner", string="Partner")
    reason = fields.Char()
