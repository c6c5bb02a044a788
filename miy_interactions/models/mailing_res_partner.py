from odoo import fields, models

# Default salutation forms; each company may change them in Settings.
DEFAULT_SALUTATIONS = {
    "female": "Sayın {first_name} Hanım",
    "male": "Sayın {first_name} Bey",
    "unknown": "Sayın {name}",
    "company": "Sayın Yetkili",
}


def format_salutation(form, name):
    """Fill a salutation form: {first_name} (every name but the last), {last_name}, {name}."""
    words = (name or "").split()
    first_name = " ".join(words[:-1]) if len(words) > 1 else (words[0] if words else "")
    last_name = words[-1] if len(words) > 1 else ""
    text = form.replace("{first_name}", first_name).replace("{last_name}", last_name).replace("{name}", name or "")
    return " ".join(text.split())


class ResPartner(models.Model):
    _inherit = "res.partner"

    miy_mailing_trace_ids = fields.One2many(
        "mailing.trace", "miy_partner_id", string="Mailings Received", groups="miy_contacts.group_miy_user"
    )
    miy_mailing_trace_count = fields.Integer(
        string="Mailings Count", compute="_compute_miy_mailing_trace_count", groups="miy_contacts.group_miy_user"
    )
    miy_mailing_reference = fields.Char(
        string="Mailing Reference",
        compute="_compute_miy_mailing_reference",
        search="_search_miy_mailing_reference",
        groups="miy_contacts.group_miy_user",
        help="Find the contact who received the message with this reference number.",
    )

    # ------------------------------------------------------------------ computes
    def _compute_miy_mailing_trace_count(self):
        counts = dict(
            self.env["mailing.trace"]._read_group([("miy_partner_id", "in", self.ids)], ["miy_partner_id"], ["__count"])
        )
        for partner in self:
            partner.miy_mailing_trace_count = counts.get(partner, 0)

    def _compute_miy_mailing_reference(self):
        self.miy_mailing_reference = False

    def _search_miy_mailing_reference(self, operator, value):
        if operator not in ("=", "ilike", "=ilike", "like", "=like"):
            raise NotImplementedError()
        if isinstance(value, str):
            value = value.strip()
        traces = self.env["mailing.trace"]._search([("miy_reference", operator, value)])
        return [("id", "in", traces.subselect("miy_partner_id"))]

    # ------------------------------------------------------------------ actions
    def action_miy_open_mailing_traces(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("miy_interactions.mailing_trace_action_miy")
        action["domain"] = [("miy_partner_id", "=", self.id)]
        action["context"] = {"create": False}
        return action

    # ------------------------------------------------------------------ mail rendering
    def _miy_salutations(self):
        """{partner id: salutation} for the recipients of a message being sent.

        The salutation ("Sayın Ayşe Hanım", "Sayın Mehmet Bey") reveals the gender, which is
        personal data (KVKK): it is never a field that users read, search, group by or export.
        It is computed here, only by the sending path of a MİY mailing (the mass mailing
        composers), and goes into the message and nowhere else.
        """
        # superuser for the gender of these recipients only: the value leaves this method only
        # inside the salutation of their own message
        genders = {partner.id: partner.miy_gender for partner in self.sudo().filtered("id")}
        forms_by_company = {}
        salutations = {}
        for partner in self:
            company = partner.company_id or self.env.company
            if company.id not in forms_by_company:
                forms_by_company[company.id] = company.sudo()._miy_salutation_forms()
            forms = forms_by_company[company.id]
            if partner.is_company:
                form = forms["company"]
            else:
                form = forms.get(genders.get(partner.id) or "unknown") or forms["unknown"]
            salutations[partner.id] = format_salutation(form, partner.name)
        return salutations
