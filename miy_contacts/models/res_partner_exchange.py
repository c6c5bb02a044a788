import phonenumbers

from odoo import api, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import email_normalize

# res.partner fields a birthday may live in (the personal profile feature owns it); the first found is used
BIRTHDAY_FIELDS = ("miy_birthday", "miy_birthdate", "birthdate_date", "birthday")


class ResPartner(models.Model):
    _inherit = "res.partner"

    def _miy_export_birthdays(self):
        """{partner id: date} of the birthdays of ``self`` (callers check the personal data group)."""
        field_name = next((name for name in BIRTHDAY_FIELDS if name in self._fields), None)
        if not field_name:
            return {}
        return {partner.id: partner[field_name] for partner in self.sudo() if partner[field_name]}

    @api.model
    def _miy_normalize_phone(self, number):
        """E.164 form of ``number`` (default country Turkey), or '' when it is not a phone number."""
        if "miy.partner.phone" in self.env:
            try:
                return self.env["miy.partner.phone"]._normalize(number, country_code="TR")
            except (UserError, ValidationError):
                return ""
        try:
            parsed = phonenumbers.parse(number, "TR")
        except phonenumbers.NumberParseException:
            return ""
        if not phonenumbers.is_possible_number(parsed):
            return ""
        return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)

    @api.model
    def _miy_find_person_for_import(self, emails, phones):
        """The person an imported card is: first by e-mail, then by a normalized phone number."""
        Partner = self.with_context(active_test=False)
        for email in emails:
            normalized = email_normalize(email)
            if not normalized:
                continue
            found = Partner.search([("email_normalized", "=", normalized), ("is_company", "=", False)], limit=1)
            if found:
                return found
        for phone in phones:
            if hasattr(Partner, "_miy_find_by_phone"):
                found = Partner._miy_find_by_phone(phone).filtered(lambda p: not p.is_company)[:1]
                if found:
                    return found
                continue
            e164 = self._miy_normalize_phone(phone)
            if not e164:
                continue
            national = e164[-10:]
            candidates = Partner.search(
                [
                    ("is_company", "=", False),
                    "|",
                    ("phone", "like", national[-4:]),
                    ("mobile", "like", national[-4:]),
                ],
                limit=200,
            )
            for candidate in candidates:
                numbers = (candidate.phone, candidate.mobile)
                if any(number and self._miy_normalize_phone(number) == e164 for number in numbers):
                    return candidate
        return Partner.browse()
