from odoo import api, models
from odoo.tools import email_normalize

# res.partner fields a birthday may live in (the personal profile feature owns it); the first found is used
BIRTHDAY_FIELDS = ("miy_birthdate", "miy_birthday", "birthdate_date", "birthday")


class ResPartner(models.Model):
    _inherit = "res.partner"

    def _miy_export_birthdays(self):
        """{partner id: date} of the birthdays of ``self`` (callers check the personal data group)."""
        field_name = next((name for name in BIRTHDAY_FIELDS if name in self._fields), None)
        if not field_name:
            return {}
        return {partner.id: partner[field_name] for partner in self.sudo() if partner[field_name]}

    @api.model
    def _miy_find_person_for_import(self, emails, phones):
        """The person an imported card is: first by e-mail, then by a number in any spelling."""
        Partner = self.with_context(active_test=False)
        normalized = [email for email in map(email_normalize, emails) if email]
        if normalized:
            found = Partner.search([("email_normalized", "in", normalized), ("is_company", "=", False)], limit=1)
            if found:
                return found
        for phone in phones:
            found = Partner._miy_find_by_phone(phone).filtered(lambda p: not p.is_company)[:1]
            if found:
                return found
        return Partner.browse()
