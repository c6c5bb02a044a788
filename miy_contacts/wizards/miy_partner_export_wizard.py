import base64
import io
import uuid

import xlsxwriter

from odoo import api, fields, models
from odoo.exceptions import UserError

from . import vcard

PHONE_TYPES_V3 = {"mobile": "CELL,VOICE", "office": "WORK,VOICE", "home": "HOME,VOICE", "fax": "FAX", "other": "VOICE"}
PHONE_TYPES_V4 = {"mobile": "cell", "office": "work,voice", "home": "home,voice", "fax": "fax", "other": "voice"}


class MiyPartnerExportWizard(models.TransientModel):
    _name = "miy.partner.export.wizard"
    _description = "Export Partners to Excel / vCard"

    partner_ids = fields.Many2many("res.partner", string="Partners", required=True)
    export_format = fields.Selection(
        [("xlsx", "Excel (xlsx)"), ("vcard3", "vCard 3.0"), ("vcard4", "vCard 4.0")],
        string="Format",
        required=True,
        default="xlsx",
    )
    partner_count = fields.Integer(compute="_compute_partner_count")
    file_data = fields.Binary(string="File", readonly=True, attachment=False)
    file_name = fields.Char(readonly=True)
    include_personal_data = fields.Boolean(compute="_compute_include_personal_data")

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        context = self.env.context
        if "partner_ids" in fields_list and context.get("active_model") == "res.partner" and context.get("active_ids"):
            values["partner_ids"] = [fields.Command.set(context["active_ids"])]
        return values

    @api.depends("partner_ids")
    def _compute_partner_count(self):
        for wizard in self:
            wizard.partner_count = len(wizard.partner_ids)

    @api.depends("export_format")
    @api.depends_context("uid")
    def _compute_include_personal_data(self):
        # a dependency makes the form compute it when it opens (a compute without one was left at
        # False there, and the form told a Personal data user that birthdays were left out)
        allowed = self.env.user.has_group("miy_contacts.group_miy_personal_data")
        for wizard in self:
            wizard.include_personal_data = allowed

    # ------------------------------------------------------------------ action
    def action_export(self):
        self.ensure_one()
        if not self.partner_ids:
            raise UserError(self.env._("Select at least one partner to export."))
        if self.export_format == "xlsx":
            data, name = self._export_xlsx(), "partners.xlsx"
        else:
            version = "3.0" if self.export_format == "vcard3" else "4.0"
            data, name = self._export_vcard(version).encode("utf-8"), "partners.vcf"
        self.write({"file_data": base64.b64encode(data), "file_name": name})
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/?model={self._name}&id={self.id}&field=file_data"
            f"&filename_field=file_name&download=true",
            "target": "self",
        }

    # ------------------------------------------------------------------ data collection (batched)
    def _personal_data_allowed(self):
        return self.env.user.has_group("miy_contacts.group_miy_personal_data")

    def _birthdays(self, partners):
        """{partner id: date} for users of the personal data group; {} for everybody else."""
        if not self._personal_data_allowed():
            return {}
        return partners._miy_export_birthdays()

    def _affiliation_rows(self, partners):
        """(person, organization, job title, department, start, end, primary, active) of ``partners``."""
        affiliations = (
            self.env["miy.affiliation"]
            .with_context(active_test=False)
            .search(["|", ("person_id", "in", partners.ids), ("organization_id", "in", partners.ids)])
        )
        return [
            (
                aff.person_id,
                aff.organization_id,
                aff.function or "",
                aff.department or "",
                aff.date_start,
                aff.date_end,
                aff.is_primary,
                aff.active,
            )
            for aff in affiliations
        ]

    def _phone_rows(self, partners):
        """(partner, type, number as typed, normalized, primary) of ``partners``."""
        phones = self.env["miy.partner.phone"].search([("partner_id", "in", partners.ids)])
        return [
            (phone.partner_id, phone.phone_type, phone.number, phone.number_e164 or "", phone.is_primary)
            for phone in phones
        ]

    def _organization_of(self, partner, affiliations_by_person):
        if partner.parent_id:
            return partner.parent_id.name, ""
        rows = affiliations_by_person.get(partner.id) or []
        primary = next((row for row in rows if row[6] and row[7]), rows[0] if rows else None)
        return (primary[1].name, primary[3]) if primary else (partner.company_name or "", "")

    # ------------------------------------------------------------------ Excel
    def _export_xlsx(self):
        partners = self.partner_ids
        organizations = partners.filtered("is_company")
        persons = partners - organizations
        birthdays = self._birthdays(persons)
        selection = dict(self.env["miy.partner.phone"]._fields["phone_type"]._description_selection(self.env))
        buffer = io.BytesIO()
        workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
        bold = workbook.add_format({"bold": True})
        date_format = workbook.add_format({"num_format": "yyyy-mm-dd"})

        def sheet(title, headers, rows):
            worksheet = workbook.add_worksheet(title[:31])
            worksheet.write_row(0, 0, headers, bold)
            worksheet.freeze_panes(1, 0)
            for row_index, row in enumerate(rows, start=1):
                for col, value in enumerate(row):
                    if hasattr(value, "isoformat") and value:
                        worksheet.write_datetime(row_index, col, fields.Datetime.to_datetime(value), date_format)
                    else:
                        worksheet.write(row_index, col, value if value not in (None, False) else "")
            worksheet.set_column(0, len(headers) - 1, 22)

        sheet(
            self.env._("Organizations"),
            [
                self.env._("ID"),
                self.env._("Name"),
                self.env._("Tax ID"),
                self.env._("Street"),
                self.env._("City"),
                self.env._("Country"),
                self.env._("Phone"),
                self.env._("Email"),
                self.env._("Website"),
            ],
            [
                (o.id, o.name, o.vat, o.street, o.city, o.country_id.name, o.phone, o.email, o.website)
                for o in organizations
            ],
        )
        headers = [
            self.env._("ID"),
            self.env._("Name"),
            self.env._("Organization"),
            self.env._("Job Title"),
            self.env._("Email"),
            self.env._("Phone"),
            self.env._("Mobile"),
        ]
        if self._personal_data_allowed():
            headers.append(self.env._("Birthday"))
        person_rows = []
        for person in persons:
            row = [
                person.id,
                person.name,
                person.parent_id.name,
                person.function,
                person.email,
                person.phone,
                person.mobile,
            ]
            if self._personal_data_allowed():
                row.append(birthdays.get(person.id))
            person_rows.append(row)
        sheet(self.env._("Persons"), headers, person_rows)
        sheet(
            self.env._("Affiliations"),
            [
                self.env._("Person"),
                self.env._("Organization"),
                self.env._("Job Title"),
                self.env._("Department"),
                self.env._("Start"),
                self.env._("End"),
                self.env._("Primary"),
                self.env._("Active"),
            ],
            [
                (
                    person.name,
                    org.name,
                    function,
                    department,
                    start,
                    end,
                    self.env._("Yes") if primary else self.env._("No"),
                    self.env._("Yes") if active else self.env._("No"),
                )
                for person, org, function, department, start, end, primary, active in self._affiliation_rows(partners)
            ],
        )
        sheet(
            self.env._("Phones"),
            [
                self.env._("Partner"),
                self.env._("Type"),
                self.env._("Number"),
                self.env._("Normalized"),
                self.env._("Primary"),
            ],
            [
                (
                    partner.name,
                    selection.get(kind, kind),
                    number,
                    e164,
                    self.env._("Yes") if primary else self.env._("No"),
                )
                for partner, kind, number, e164, primary in self._phone_rows(partners)
            ],
        )
        workbook.close()
        return buffer.getvalue()

    # ------------------------------------------------------------------ vCard
    def _export_vcard(self, version):
        partners = self.partner_ids
        birthdays = self._birthdays(partners)
        phones_by_partner, affiliations_by_person = {}, {}
        for row in self._phone_rows(partners):
            phones_by_partner.setdefault(row[0].id, []).append(row)
        for row in self._affiliation_rows(partners):
            affiliations_by_person.setdefault(row[0].id, []).append(row)
        types = PHONE_TYPES_V3 if version == "3.0" else PHONE_TYPES_V4
        cards = []
        for partner in partners:
            lines = []
            name = partner.name or partner.display_name or ""
            if partner.is_company:
                if version == "4.0":
                    lines.append(vcard.content_line("KIND", "org"))
                lines.append(vcard.content_line("FN", name))
                lines.append(vcard.content_line("N", vcard.structured(name, "", "", "", ""), raw=True))
                lines.append(vcard.content_line("ORG", vcard.structured(name), raw=True))
            else:
                given, _sep, family = name.rpartition(" ")
                if not given:
                    given, family = family, ""
                lines.append(vcard.content_line("FN", name))
                lines.append(vcard.content_line("N", vcard.structured(family, given, "", "", ""), raw=True))
                organization, department = self._organization_of(partner, affiliations_by_person)
                if organization:
                    lines.append(vcard.content_line("ORG", vcard.structured(organization, department), raw=True))
                if partner.function:
                    lines.append(vcard.content_line("TITLE", partner.function))
            for _partner, kind, number, e164, primary in phones_by_partner.get(partner.id, []):
                params = {"TYPE": types.get(kind, "voice")}
                if primary:
                    params["TYPE"] += ",PREF" if version == "3.0" else ""
                    if version == "4.0":
                        params["PREF"] = "1"
                lines.append(vcard.content_line("TEL", e164 or number, params))
            if partner.email:
                email_type = "INTERNET,WORK" if version == "3.0" else "work"
                lines.append(vcard.content_line("EMAIL", partner.email, {"TYPE": email_type}))
            if any((partner.street, partner.city, partner.zip, partner.country_id)):
                adr = vcard.structured(
                    "",
                    partner.street2 or "",
                    partner.street or "",
                    partner.city or "",
                    partner.state_id.name or "",
                    partner.zip or "",
                    partner.country_id.name or "",
                )
                lines.append(vcard.content_line("ADR", adr, {"TYPE": "WORK" if version == "3.0" else "work"}, raw=True))
            if partner.website:
                lines.append(vcard.content_line("URL", partner.website))
            if birthdays.get(partner.id):
                lines.append(vcard.content_line("BDAY", birthdays[partner.id].isoformat().replace("-", "")))
            lines.append(vcard.content_line("UID", f"urn:uuid:{self._partner_uuid(partner)}", raw=True))
            cards.append(vcard.card(version, lines))
        return "".join(cards)

    def _partner_uuid(self, partner):
        database_uuid = self.env["ir.config_parameter"].sudo().get_param("database.uuid", "miy")
        return uuid.uuid5(uuid.NAMESPACE_URL, f"{database_uuid}/res.partner/{partner.id}")
