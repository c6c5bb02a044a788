from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import email_normalize, escape_psql

ANONYMISED = "-"


class MiyAgendaVisitor(models.Model):
    """One visit to the building: a visitor registered at the front desk, with or without a meeting.

    The person and the organization are matched to partners (e-mail, any phone number, name) or
    created; the host is notified on arrival; the row is anonymised after the company's retention
    period (KVKK), so visit counts stay while names, phones and e-mails go.
    """

    _name = "miy.agenda.visitor"
    _description = "Visitor"
    _inherit = ["mail.thread"]
    _order = "arrival desc, id desc"

    name = fields.Char(string="Visitor", required=True)
    email = fields.Char(string="E-mail")
    phone = fields.Char()
    organization_name = fields.Char(string="Organization", help="The visitor's firm, as typed at the desk.")
    partner_id = fields.Many2one(
        "res.partner", string="Contact", index=True, help="The visitor's contact, matched or created on registration."
    )
    organization_id = fields.Many2one(
        "res.partner", string="Organization Contact", index=True, domain=[("is_company", "=", True)]
    )
    host_id = fields.Many2one(
        "res.users",
        string="Host",
        required=True,
        index=True,
        tracking=True,
        domain=[("share", "=", False)],
        help="The employee the visitor comes to see; notified on arrival.",
    )
    purpose = fields.Char(help="Why the visitor comes: meeting, delivery, interview, service...")
    event_id = fields.Many2one("calendar.event", string="Meeting", index="btree_not_null")
    arrival = fields.Datetime(default=fields.Datetime.now, index=True, tracking=True)
    departure = fields.Datetime(index=True, tracking=True)
    state = fields.Selection(
        [("expected", "Expected"), ("in", "In the Building"), ("left", "Left")],
        default="in",
        required=True,
        index=True,
        tracking=True,
    )
    badge_number = fields.Char(copy=False, help="Number of the visitor badge handed out; given on arrival if empty.")
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company, index=True)
    anonymised = fields.Boolean(
        readonly=True, copy=False, help="Personal data removed after the retention period (KVKK)."
    )
    color = fields.Integer(compute="_compute_color")

    _sql_constraints = [
        (
            "departure_after_arrival",
            "CHECK(departure IS NULL OR arrival IS NULL OR departure >= arrival)",
            "A visitor cannot leave before arriving.",
        ),
    ]

    @api.depends("state")
    def _compute_color(self):
        colors = {"expected": 3, "in": 10, "left": 0}
        for visitor in self:
            visitor.color = colors.get(visitor.state, 0)

    @api.constrains("arrival", "departure")
    def _check_departure(self):
        for visitor in self:
            if visitor.arrival and visitor.departure and visitor.departure < visitor.arrival:
                raise ValidationError(
                    self.env._(
                        "%(visitor)s cannot leave before arriving: check the departure time.", visitor=visitor.name
                    )
                )

    @api.onchange("email", "phone", "name", "organization_name")
    def _onchange_match_partner(self):
        match = self._miy_match_person(self.name, self.email, self.phone)
        typed = email_normalize(self.email or "")
        other_email = typed and self.partner_id.email_normalized and self.partner_id.email_normalized != typed
        if match or other_email:
            # the e-mail typed after the name names someone else than the namesake proposed
            self.partner_id = match
        if self.partner_id and not self.organization_id and self.partner_id.parent_id:
            self.organization_id = self.partner_id.parent_id
        if not self.organization_id and self.organization_name:
            self.organization_id = self._miy_match_organization(self.organization_name)

    @api.onchange("partner_id")
    def _onchange_partner_id(self):
        partner = self.partner_id
        if partner:
            self.name = self.name or partner.name
            self.email = self.email or partner.email
            self.phone = self.phone or partner.phone or partner.mobile
            if partner.parent_id:
                self.organization_id = partner.parent_id
                self.organization_name = self.organization_name or partner.parent_id.name

    @api.onchange("event_id")
    def _onchange_event_id(self):
        if self.event_id:
            self.host_id = self.host_id or self.event_id.user_id
            self.purpose = self.purpose or self.event_id.name

    # ------------------------------------------------------------------ CRUD
    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("state", "in") == "in" and not vals.get("arrival"):
                vals["arrival"] = fields.Datetime.now()
        visitors = super().create(vals_list)
        visitors._miy_link_partners()
        arrived = visitors.filtered(lambda v: v.state == "in")
        arrived._miy_assign_badge()
        arrived._miy_notify_host()
        return visitors

    # ------------------------------------------------------------------ actions
    def action_check_in(self):
        expected = self.filtered(lambda v: v.state == "expected")
        if not expected:
            raise UserError(self.env._("Only expected visitors can be checked in."))
        expected.write({"state": "in", "arrival": fields.Datetime.now(), "departure": False})
        expected._miy_assign_badge()
        expected._miy_notify_host()
        return True

    def action_check_out(self):
        inside = self.filtered(lambda v: v.state == "in")
        if not inside:
            raise UserError(self.env._("Only visitors in the building can be checked out."))
        inside.write({"state": "left", "departure": fields.Datetime.now()})
        return True

    def action_print_badge(self):
        return self.env.ref("miy_agenda.action_report_agenda_visitor_badge").report_action(self)

    # ------------------------------------------------------------------ business methods
    @api.model
    def _miy_match_person(self, name, email, phone):
        """The person partner of a visitor: by e-mail, then any phone number, else by exact name."""
        Partner = self.env["res.partner"]
        normalized = email_normalize(email or "")
        if normalized:
            # the stored normalised e-mail (mail's), not ILIKE: the database's Turkish collation
            # lowers "I" to "ı", so "ELIF@..." would never meet "elif@..."
            found = Partner.search([("email_normalized", "=", normalized)], limit=1)
            if found:
                return found
        if phone and phone.strip():
            found = Partner._miy_find_by_phone(phone.strip())[:1]
            if found:
                return found
        if name and name.strip() and not normalized and not (phone and phone.strip()):
            # a name alone only when nothing better was typed: an unknown e-mail or phone is a new
            # person, not the first namesake among the contacts
            # typed text is matched literally (as at the check-in desk): "%" or "_" are no patterns
            return Partner.search([("name", "=ilike", escape_psql(name.strip())), ("is_company", "=", False)], limit=1)
        return Partner

    @api.model
    def _miy_match_organization(self, name):
        if not name or not name.strip():
            return self.env["res.partner"]
        return self.env["res.partner"].search(
            [("name", "=ilike", escape_psql(name.strip())), ("is_company", "=", True)], limit=1
        )

    def _miy_link_partners(self):
        """Match the visitor's person and organization to partners, creating what is missing."""
        for visitor in self:
            if visitor.anonymised:
                continue
            organization = visitor.organization_id or visitor._miy_match_organization(visitor.organization_name)
            person = visitor.partner_id or visitor._miy_match_person(visitor.name, visitor.email, visitor.phone)
            if not organization and person.parent_id:
                organization = person.parent_id
            if not organization and visitor.organization_name and visitor.organization_name.strip():
                organization = visitor._miy_create_partner(
                    {"name": visitor.organization_name.strip(), "is_company": True}
                )
            if not person:
                person = visitor._miy_create_partner(
                    {
                        "name": visitor.name.strip(),
                        "email": (visitor.email or "").strip() or False,
                        "phone": (visitor.phone or "").strip() or False,
                        "parent_id": organization.id or False,
                    }
                )
            values = {}
            if visitor.partner_id != person:
                values["partner_id"] = person.id
            if visitor.organization_id != organization:
                values["organization_id"] = organization.id or False
            if values:
                visitor.write(values)

    def _miy_create_partner(self, values):
        """Create a visitor's contact (res.partner._miy_agenda_desk_create: the desk cannot edit contacts)."""
        self.ensure_one()
        return self.env["res.partner"]._miy_agenda_desk_create(values)

    def _miy_assign_badge(self):
        for visitor in self.filtered(lambda v: not v.badge_number):
            visitor.badge_number = self.env["ir.sequence"].next_by_code("miy.agenda.visitor") or str(visitor.id)

    def _miy_notify_host(self):
        """Tell each host that their visitor has arrived (inbox or e-mail, as the host chose)."""
        for visitor in self:
            host_partner = visitor.host_id.partner_id
            if not host_partner:
                continue
            who = visitor.name
            if visitor.organization_id or visitor.organization_name:
                who = self.env._(
                    "%(visitor)s (%(organization)s)",
                    visitor=visitor.name,
                    organization=visitor.organization_id.name or visitor.organization_name,
                )
            visitor.message_notify(
                partner_ids=host_partner.ids,
                subject=self.env._("Your visitor has arrived: %(visitor)s", visitor=who),
                body=self.env._(
                    "%(visitor)s is waiting for you at the front desk (badge %(badge)s). Purpose: %(purpose)s",
                    visitor=who,
                    badge=visitor.badge_number or "-",
                    purpose=visitor.purpose or "-",
                ),
                email_layout_xmlid="mail.mail_notification_light",
            )

    @api.model
    def _cron_anonymise_visitors(self):
        """KVKK: past the company's retention period, remove the visitor's name, e-mail, phone,
        person link, purpose and messages; the row stays, so visit counts per day, host and
        organization are kept."""
        now = fields.Datetime.now()
        for company in self.env["res.company"].search([]):
            days = company.miy_visitor_retention_days
            if days <= 0:
                continue
            limit = now - timedelta(days=days)
            old = self.search(
                [
                    ("company_id", "=", company.id),
                    ("anonymised", "=", False),
                    "|",
                    ("departure", "<", limit),
                    "&",
                    ("departure", "=", False),
                    ("arrival", "<", limit),
                ]
            )
            old._miy_anonymise()

    def _miy_anonymise(self):
        if not self:
            return
        self.env["mail.message"].search([("model", "=", self._name), ("res_id", "in", self.ids)]).unlink()
        self.with_context(tracking_disable=True).write(
            {
                "name": ANONYMISED,
                "email": False,
                "phone": False,
                "partner_id": False,
                "purpose": False,
                "anonymised": True,
                "state": "left",
            }
        )
