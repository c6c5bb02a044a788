from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.osv import expression


class MiyAffiliation(models.Model):
    """A person's link to an organization: job title, department, roles and dates.

    A person may be affiliated with many organizations; the primary current affiliation is
    mirrored to Odoo's ``parent_id``/``function`` so that core flows (quotes, invoices, portal)
    keep working, and a change of ``parent_id`` made elsewhere in Odoo creates the affiliation.
    """

    _name = "miy.affiliation"
    _description = "Affiliation"
    _order = "is_primary desc, date_end desc nulls first, date_start desc, id desc"

    person_id = fields.Many2one(
        "res.partner",
        required=True,
        ondelete="cascade",
        index=True,
        domain=[("is_company", "=", False)],
    )
    organization_id = fields.Many2one(
        "res.partner",
        required=True,
        ondelete="cascade",
        index=True,
        domain=[("is_company", "=", True)],
    )
    function = fields.Char(string="Job Title")
    department = fields.Char()
    role_ids = fields.Many2many(
        "miy.partner.role",
        "miy_affiliation_role_rel",
        "affiliation_id",
        "role_id",
        string="Roles",
        domain=[("applies_to", "in", ("person", "both"))],
    )
    date_start = fields.Date(string="Start Date")
    date_end = fields.Date(string="End Date", help="Set when the person leaves: the affiliation stays as history.")
    is_primary = fields.Boolean(
        string="Primary", help="The person's main organization, shown as their company in Odoo."
    )
    is_current = fields.Boolean(string="Current", compute="_compute_is_current", search="_search_is_current")
    active = fields.Boolean(default=True)
    note = fields.Text()
    company_id = fields.Many2one(
        related="person_id.company_id",
        store=True,
        index=True,
        string="Person's Company",
        help="The person's company: users of other companies do not see the affiliation.",
    )
    organization_company_id = fields.Many2one(
        related="organization_id.company_id",
        store=True,
        index=True,
        string="Organization's Company",
        help="The organization's company: users of other companies do not see the affiliation.",
    )
    # read with the user's rights (not as related fields, which read as superuser): a partner the
    # user may not read shows nothing
    person_email = fields.Char(string="E-mail", compute="_compute_partner_contact")
    person_phone = fields.Char(string="Phone", compute="_compute_partner_contact")
    person_mobile = fields.Char(string="Mobile", compute="_compute_partner_contact")
    organization_phone = fields.Char(string="Organization Phone", compute="_compute_partner_contact")

    @api.depends("person_id.email", "person_id.phone", "person_id.mobile", "organization_id.phone")
    @api.depends_context("uid", "allowed_company_ids")
    def _compute_partner_contact(self):
        readable = (self.person_id | self.organization_id)._filtered_access("read")
        for affiliation in self:
            person = affiliation.person_id if affiliation.person_id in readable else self.env["res.partner"]
            organization = (
                affiliation.organization_id if affiliation.organization_id in readable else self.env["res.partner"]
            )
            affiliation.person_email = person.email
            affiliation.person_phone = person.phone
            affiliation.person_mobile = person.mobile
            affiliation.organization_phone = organization.phone

    @api.depends("date_start", "date_end")
    def _compute_is_current(self):
        today = fields.Date.context_today(self)
        for affiliation in self:
            affiliation.is_current = (not affiliation.date_start or affiliation.date_start <= today) and (
                not affiliation.date_end or affiliation.date_end >= today
            )

    def _search_is_current(self, operator, value):
        if operator not in ("=", "!="):
            raise NotImplementedError()
        today = fields.Date.context_today(self)
        domain = [
            "&",
            "|",
            ("date_start", "=", False),
            ("date_start", "<=", today),
            "|",
            ("date_end", "=", False),
            ("date_end", ">=", today),
        ]
        positive = (operator == "=") == bool(value)
        return domain if positive else ["!"] + domain

    @api.depends("person_id", "organization_id", "function")
    def _compute_display_name(self):
        for affiliation in self:
            name = f"{affiliation.person_id.name or ''} — {affiliation.organization_id.name or ''}"
            if affiliation.function:
                name += f" ({affiliation.function})"
            affiliation.display_name = name

    @api.constrains("person_id", "organization_id")
    def _check_partners(self):
        for affiliation in self:
            if affiliation.person_id == affiliation.organization_id:
                raise ValidationError(
                    self.env._("%(name)s cannot be affiliated with itself.", name=affiliation.person_id.name)
                )
            if affiliation.person_id.is_company:
                raise ValidationError(
                    self.env._(
                        "%(name)s is an organization: only a person can hold a job title in an organization.",
                        name=affiliation.person_id.name,
                    )
                )
            if not affiliation.organization_id.is_company:
                raise ValidationError(
                    self.env._(
                        "%(name)s is a person: a person can only be affiliated with an organization.",
                        name=affiliation.organization_id.name,
                    )
                )

    @api.constrains("date_start", "date_end")
    def _check_dates(self):
        for affiliation in self:
            if affiliation.date_start and affiliation.date_end and affiliation.date_end < affiliation.date_start:
                raise ValidationError(
                    self.env._(
                        "The affiliation of %(person)s with %(organization)s ends before it starts.",
                        person=affiliation.person_id.name,
                        organization=affiliation.organization_id.name,
                    )
                )

    @api.constrains("is_primary", "date_start", "date_end", "active", "person_id")
    def _check_single_primary(self):
        primaries = self.filtered(lambda a: a.is_primary and a.active)
        if not primaries:
            return
        # sudo: the rule holds across companies, so the check sees the person's affiliations the
        # user may not read; their organization is named only when the user may read them
        others = self.sudo().search(
            [("person_id", "in", primaries.person_id.ids), ("is_primary", "=", True), ("id", "not in", primaries.ids)]
        )
        candidates = others | primaries  # in others' (superuser) environment
        for affiliation in primaries:
            for other in candidates:
                if other == affiliation or other.person_id != affiliation.person_id:
                    continue
                if affiliation._overlaps(other):
                    if other.with_env(self.env)._filtered_access("read"):
                        raise ValidationError(
                            self.env._(
                                "%(person)s already has a primary affiliation (%(other)s) in this period: "
                                "end it or untick its Primary box first.",
                                person=affiliation.person_id.name,
                                other=other.organization_id.name,
                            )
                        )
                    raise ValidationError(
                        self.env._(
                            "%(person)s already has a primary affiliation in this period, recorded where you "
                            "have no access: ask a colleague who sees it to end it first.",
                            person=affiliation.person_id.name,
                        )
                    )

    def _overlaps(self, other):
        start = max(
            self.date_start or fields.Date.to_date("1900-01-01"), other.date_start or fields.Date.to_date("1900-01-01")
        )
        end = min(
            self.date_end or fields.Date.to_date("9999-12-31"), other.date_end or fields.Date.to_date("9999-12-31")
        )
        return start <= end

    @api.model
    def _check_person_write(self, persons):
        """An affiliation is the person's data (their company and job title in Odoo): recording,
        changing or removing one needs the right to change the person."""
        if not self.env.su:
            persons.check_access("write")

    @api.model_create_multi
    def create(self, vals_list):
        self._check_person_write(
            self.env["res.partner"].browse({vals["person_id"] for vals in vals_list if vals.get("person_id")})
        )
        affiliations = super().create(vals_list)
        if not self.env.context.get("miy_no_affiliation_sync"):
            affiliations.person_id._miy_sync_primary_affiliation()
        return affiliations

    def write(self, vals):
        persons = self.person_id
        self._check_person_write(persons | self.env["res.partner"].browse(vals.get("person_id") or []))
        res = super().write(vals)
        if {"is_primary", "date_start", "date_end", "active", "organization_id", "person_id", "function"} & set(vals):
            (persons | self.person_id)._miy_sync_primary_affiliation()
        return res

    def unlink(self):
        persons = self.person_id
        self._check_person_write(persons)
        res = super().unlink()
        persons.exists()._miy_sync_primary_affiliation()
        return res

    def action_end(self):
        """End the affiliation today, keeping it as history."""
        today = fields.Date.context_today(self)
        self.filtered(lambda a: not a.date_end or a.date_end > today).write({"date_end": today})

    @api.model
    def _current_domain(self):
        return expression.AND([[("active", "=", True)], self._search_is_current("=", True)])
