from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import email_normalize, html2plaintext

OPEN_STATES = ("new", "in_progress", "waiting")
DEFAULT_TYPE = "miy_interactions.miy_service_request_type_information"


class MiyServiceRequest(models.Model):
    """A customer's request to our service (fault, installation, complaint...) timed against its SLA.

    Deadlines and durations are counted in working hours of the team's (or the company's)
    resource calendar, its public holidays excluded. The escalation cron and the measures live
    in ``miy_service_request_sla.py``.
    """

    _name = "miy.service.request"
    _description = "Service Request"
    _inherit = ["portal.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "request_date desc, id desc"
    _mail_post_access = "read"  # customers who may read their request may also write in its chatter
    _check_company_auto = True

    name = fields.Char(string="Reference", required=True, readonly=True, copy=False, default="/", index="trigram")
    subject = fields.Char(required=True, tracking=True)
    partner_id = fields.Many2one("res.partner", string="Customer", tracking=True, index=True, check_company=True)
    commercial_partner_id = fields.Many2one(
        "res.partner", related="partner_id.commercial_partner_id", store=True, index=True, string="Customer Company"
    )
    contact_id = fields.Many2one(
        "res.partner",
        string="Contact",
        help="The person who asked; told by e-mail and SMS when the request is resolved. One of the "
        "customer's own people: a person of the customer organization (its contacts and the persons "
        "currently working for it), or the customer itself.",
        index=True,
    )
    allowed_contact_ids = fields.Many2many(
        "res.partner",
        string="Customer's People",
        compute="_compute_allowed_contact_ids",
        help="Who may be the contact of this request: the customer and its people.",
    )
    type_id = fields.Many2one(
        "miy.service.request.type",
        string="Type",
        required=True,
        index=True,
        tracking=True,
        default=lambda self: self.env.ref(DEFAULT_TYPE, raise_if_not_found=False),
    )
    description = fields.Html()
    priority = fields.Selection(
        [("0", "Normal"), ("1", "High"), ("2", "Urgent")], default="0", index=True, tracking=True
    )
    state = fields.Selection(
        [
            ("new", "New"),
            ("in_progress", "In Progress"),
            ("waiting", "Waiting Customer"),
            ("resolved", "Resolved"),
            ("cancelled", "Cancelled"),
        ],
        default="new",
        required=True,
        index=True,
        tracking=True,
        copy=False,
        group_expand="_group_expand_states",
    )
    channel = fields.Selection(
        [("form", "Form"), ("email", "E-mail"), ("portal", "Portal")],
        string="Channel of Origin",
        default="form",
        required=True,
        index=True,
    )
    team_id = fields.Many2one(
        "crm.team",
        string="Sales Team",
        compute="_compute_routing",
        store=True,
        readonly=False,
        index=True,
        tracking=True,
        check_company=True,
    )
    user_id = fields.Many2one(
        "res.users",
        string="Assigned To",
        compute="_compute_routing",
        store=True,
        readonly=False,
        index=True,
        tracking=True,
        domain=[("share", "=", False)],
    )
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company, index=True)
    interaction_ids = fields.Many2many(
        "miy.interaction",
        "miy_service_request_interaction_rel",
        "request_id",
        "interaction_id",
        string="Interaction Notes",
        help="Interaction notes with this customer that concern the request.",
    )
    # SLA timers: the clock starts at request_date and runs in working hours only.
    request_date = fields.Datetime(
        string="Opened On", required=True, default=fields.Datetime.now, index=True, copy=False
    )
    first_response_date = fields.Datetime(string="First Response On", copy=False, index=True, tracking=True)
    resolution_date = fields.Datetime(string="Resolved On", copy=False, index=True, tracking=True)
    first_response_deadline = fields.Datetime(
        compute="_compute_deadlines", store=True, index=True, string="First Response Deadline"
    )
    resolution_deadline = fields.Datetime(
        compute="_compute_deadlines", store=True, index=True, string="Resolution Deadline"
    )
    first_response_hours = fields.Float(
        string="First Response (h)",
        compute="_compute_durations",
        store=True,
        index=True,
        aggregator="avg",
        digits=(16, 2),
        help="Working hours from opening to the first response.",
    )
    resolution_hours = fields.Float(
        string="Resolution (h)",
        compute="_compute_durations",
        store=True,
        index=True,
        aggregator="avg",
        digits=(16, 2),
        help="Working hours from opening to resolution.",
    )
    first_response_escalated = fields.Boolean(
        copy=False, index=True, help="The first response target was missed and the team manager was alerted."
    )
    resolution_escalated = fields.Boolean(
        copy=False, index=True, help="The resolution target was missed and the team manager was alerted."
    )
    first_response_within_sla = fields.Boolean(
        string="First Response within SLA", compute="_compute_within_sla", store=True, index=True
    )
    resolution_within_sla = fields.Boolean(
        string="Resolution within SLA", compute="_compute_within_sla", store=True, index=True
    )
    sla_within = fields.Boolean(string="Within SLA", compute="_compute_within_sla", store=True, index=True)
    sla_within_percent = fields.Float(
        string="Within SLA (%)",
        compute="_compute_within_sla",
        store=True,
        aggregator="avg",
        help="100 when both targets are met, 0 otherwise: its average is the share of requests within SLA.",
    )

    _sql_constraints = [
        ("name_company_uniq", "unique(name, company_id)", "A service request with this reference already exists."),
    ]

    # ------------------------------------------------------------------ defaults
    @api.model
    def _group_expand_states(self, states, domain):
        return [key for key, _label in self._fields["state"].selection]

    # ------------------------------------------------------------------ computes
    @api.depends("name", "subject")
    def _compute_display_name(self):
        for service_request in self:
            service_request.display_name = " – ".join(filter(None, (service_request.name, service_request.subject)))

    def _compute_access_url(self):  # portal.mixin's only sets "#"
        for service_request in self:
            service_request.access_url = f"/my/service-requests/{service_request.id}"

    @api.depends("type_id")
    def _compute_routing(self):
        for service_request in self:
            request_type = service_request.type_id.sudo()
            if request_type.team_id:
                service_request.team_id = request_type.team_id
            if request_type.user_id:
                service_request.user_id = request_type.user_id
            elif (
                request_type.team_id
                and service_request.user_id
                and service_request.user_id not in (request_type.team_id.member_ids | request_type.team_id.user_id)
            ):
                service_request.user_id = False

    def _miy_calendar(self):
        """The working hours that time this request: its team's, else its company's."""
        self.ensure_one()
        return self.team_id.sudo().miy_resource_calendar_id or self.company_id.sudo().resource_calendar_id

    # Not on the type's targets: changing a target applies to new requests, never rewrites past SLAs.
    # The resolution deadline moves later by the working hours spent waiting for the customer
    # (``sla_paused_hours``); the first response is always given before any wait (entering
    # *Waiting Customer* is itself one), so its deadline never moves.
    @api.depends("request_date", "type_id", "team_id", "company_id", "sla_paused_hours")
    def _compute_deadlines(self):
        for service_request in self:
            request_type = service_request.type_id.sudo()
            calendar = service_request._miy_calendar()
            service_request.first_response_deadline = service_request._miy_plan(
                calendar, request_type.first_response_hours
            )
            resolution_target = request_type.resolution_hours
            if resolution_target:
                resolution_target += service_request.sla_paused_hours
            service_request.resolution_deadline = service_request._miy_plan(calendar, resolution_target)

    def _miy_plan(self, calendar, hours):
        """The moment ``hours`` working hours after the opening (False without a target)."""
        if not hours or not self.request_date:
            return False
        if not calendar:
            return self.request_date + timedelta(hours=hours)
        return calendar.plan_hours(hours, self.request_date, compute_leaves=True) or False

    @api.depends("request_date", "first_response_date", "resolution_date", "team_id", "company_id", "sla_paused_hours")
    def _compute_durations(self):
        for service_request in self:
            calendar = service_request._miy_calendar()
            service_request.first_response_hours = service_request._miy_work_hours(
                calendar, service_request.first_response_date
            )
            resolution_hours = service_request._miy_work_hours(calendar, service_request.resolution_date)
            if resolution_hours:
                # the waits for the customer ended before the resolution: they do not count
                resolution_hours = max(resolution_hours - service_request.sla_paused_hours, 0.0)
            service_request.resolution_hours = resolution_hours

    def _miy_work_hours(self, calendar, end, start=None):
        """Working hours from ``start`` (default: the opening) to ``end``."""
        start = start or self.request_date
        if not end or not start or end <= start:
            return 0.0
        if not calendar:
            return (end - start).total_seconds() / 3600
        return calendar.get_work_hours_count(start, end, compute_leaves=True)

    @api.depends(
        "first_response_date",
        "first_response_deadline",
        "first_response_escalated",
        "resolution_date",
        "resolution_deadline",
        "resolution_escalated",
    )
    def _compute_within_sla(self):
        for service_request in self:
            response_ok = service_request._miy_target_met(
                service_request.first_response_date,
                service_request.first_response_deadline,
                service_request.first_response_escalated,
            )
            resolution_ok = service_request._miy_target_met(
                service_request.resolution_date,
                service_request.resolution_deadline,
                service_request.resolution_escalated,
            )
            service_request.first_response_within_sla = response_ok
            service_request.resolution_within_sla = resolution_ok
            service_request.sla_within = response_ok and resolution_ok
            service_request.sla_within_percent = 100.0 if response_ok and resolution_ok else 0.0

    @staticmethod
    def _miy_target_met(done_on, deadline, escalated):
        if not deadline:
            return True
        if done_on:
            return done_on <= deadline
        return not escalated  # still open: within SLA until the escalation cron saw the deadline pass

    @api.depends("partner_id")
    def _compute_allowed_contact_ids(self):
        people = self._miy_customer_people(self.partner_id)
        for service_request in self:
            service_request.allowed_contact_ids = people.get(service_request.partner_id, self.env["res.partner"])

    @api.model
    def _miy_customer_people(self, customers):
        """``{customer: partners}``: who may be the contact of a request of each customer: the
        customer, the contacts of its commercial entity and the persons currently affiliated with
        it; never a partner of an internal user (our own staff). Three queries for any batch."""
        customers = customers.exists()
        commercials = customers.commercial_partner_id
        if not customers:
            return {}
        by_entity = {entity: entity for entity in commercials}
        contacts = self.env["res.partner"].search([("commercial_partner_id", "in", commercials.ids)])
        for contact in contacts:
            by_entity[contact.commercial_partner_id] |= contact
        Affiliation = self.env["miy.affiliation"]
        for affiliation in Affiliation.search(
            [("organization_id", "in", commercials.ids), *Affiliation._current_domain()]
        ):
            by_entity[affiliation.organization_id] |= affiliation.person_id
        people = {}
        for customer in customers:
            allowed = by_entity.get(customer.commercial_partner_id, customer) | customer
            people[customer] = allowed.filtered(
                lambda p, customer=customer: p == customer or not p.user_ids.filtered(lambda u: not u.share)
            )
        return people

    # ------------------------------------------------------------------ constraints
    @api.constrains("partner_id", "contact_id")
    def _check_contact(self):
        with_contact = self.filtered(lambda r: r.contact_id and r.partner_id and r.contact_id != r.partner_id)
        people = self._miy_customer_people(with_contact.partner_id)
        for service_request in with_contact:
            if service_request.contact_id not in people.get(service_request.partner_id, ()):
                raise ValidationError(
                    self.env._(
                        "%(contact)s is not one of %(customer)s's people: the contact of a service request "
                        "is the customer or a person working for the customer.",
                        contact=service_request.contact_id.display_name,
                        customer=service_request.partner_id.display_name,
                    )
                )

    @api.onchange("partner_id")
    def _onchange_partner_id_contact(self):
        if self.contact_id and self.contact_id not in self.allowed_contact_ids:
            self.contact_id = self.partner_id

    # ------------------------------------------------------------------ constraints
    @api.constrains("partner_id", "channel")
    def _check_partner(self):
        for service_request in self:
            if not service_request.partner_id and service_request.channel != "email":
                raise ValidationError(self._miy_customer_required_message(service_request.subject))

    @api.model
    def _miy_customer_required_message(self, subject):
        return self.env._(
            "A service request needs a customer: choose who the request “%(subject)s” is for.",
            subject=subject or "",
        )

    @api.constrains("request_date", "first_response_date", "resolution_date")
    def _check_dates(self):
        for service_request in self:
            opened = service_request.request_date
            for done_on, label in (
                (service_request.first_response_date, self.env._("first response")),
                (service_request.resolution_date, self.env._("resolution")),
            ):
                if opened and done_on and done_on < opened:
                    raise ValidationError(
                        self.env._(
                            "The %(what)s of %(name)s (%(done)s) cannot be before the request was opened (%(opened)s).",
                            what=label,
                            name=service_request.name,
                            done=done_on,
                            opened=opened,
                        )
                    )

    @api.constrains("subject")
    def _check_subject(self):
        for service_request in self:
            if not (service_request.subject or "").strip():
                raise ValidationError(
                    self.env._("A service request needs a subject: say in a few words what is asked.")
                )

    # ------------------------------------------------------------------ CRUD
    # Each override of the model is here, once; the concerns (the pause while waiting for the
    # customer, replies to resolved requests, the customer's message ending a wait) are helper
    # methods in their own files (miy_service_request_pause/_reply/_wait.py) called from here.
    @api.model_create_multi
    def create(self, vals_list):
        self.check_access("create")  # before a reference is drawn from the sequence
        now = fields.Datetime.now()
        for vals in vals_list:
            self._miy_complete_new_values(vals, now)
        requests = super().create(vals_list)
        requests._miy_subscribe_customer()
        return requests

    def write(self, vals):
        state = vals.get("state")
        now = fields.Datetime.now()
        newly_resolved = self.filtered(lambda r: r.state != "resolved") if state == "resolved" else self.browse()
        entering_wait = self.filtered(lambda r: r.state != "waiting") if state == "waiting" else self.browse()
        if state and state != "waiting":
            # the wait ends: book it before the new state stamps the resolution, so that every
            # stored SLA field is computed once with the final paused hours
            self.filtered(lambda r: r.state == "waiting")._miy_book_wait(now)
        result = super().write(vals)
        if state:
            self._miy_stamp_state_change(state, now, clear_resolution="resolution_date" not in vals)
        if entering_wait:
            entering_wait.write({"waiting_since": now})
        if "partner_id" in vals or "contact_id" in vals:
            self._miy_subscribe_customer()
        if newly_resolved:
            newly_resolved._miy_notify_resolved()
        return result

    # ------------------------------------------------------------------ mail gateway
    @api.model
    def message_new(self, msg_dict, custom_values=None):
        """An e-mail to the service alias opens a request (type *Information* unless the alias
        says otherwise) for the partner whose address sent it; unknown senders' requests wait
        without a customer for a user to choose one. A late reply to a resolved request arrives
        here too, with ``previous_request_id`` in ``custom_values`` (see ``_miy_route_late_replies``).

        The SLA clock starts when the e-mail arrives (``request_date``'s default), never at the
        e-mail's own ``Date:`` header: the sender writes that header and could backdate it.
        """
        # the mail gateway's context has no language: what the request writes (its notes, its
        # links to an earlier request) is in the gateway user's language, as the rest of its chatter
        self = self._miy_in_user_lang()
        previous = self.browse((custom_values or {}).get("previous_request_id")).exists()
        values = dict(self._miy_values_from_email(msg_dict), **(custom_values or {}))
        service_request = super().message_new(msg_dict, custom_values=values)
        if previous:
            service_request._miy_link_previous_request(previous)
        return service_request

    def message_update(self, msg_dict, update_vals=None):
        self = self._miy_in_user_lang()  # as in message_new
        result = super().message_update(msg_dict, update_vals=update_vals)
        if self._miy_is_customer_mail(msg_dict):
            self._miy_reopen_on_customer_reply()
        return result

    def _message_post_after_hook(self, message, msg_values):
        """A message one of our people sends to the customer is the first response; a message of
        the customer on a request waiting for them ends the wait."""
        result = super()._message_post_after_hook(message, msg_values)
        self._miy_first_response_from_message(message)
        waiting = self.filtered(lambda r: r.state == "waiting")
        if waiting and self._miy_is_customer_message(message):
            waiting._miy_end_wait_on_customer_message()
        return result

    # ------------------------------------------------------------------ CRUD helpers
    @api.model
    def _miy_complete_new_values(self, vals, now):
        """Complete the values of a new request in place: its reference, the customer and the
        contact from each other, and the timer stamps of a request created past *New*."""
        if vals.get("name", "/") == "/":
            sequence = self.env["ir.sequence"].sudo().with_company(vals.get("company_id") or self.env.company)
            vals["name"] = sequence.next_by_code("miy.service.request") or "/"
        if vals.get("partner_id") and not vals.get("contact_id"):
            vals["contact_id"] = vals["partner_id"]
        if vals.get("contact_id") and not vals.get("partner_id"):
            vals["partner_id"] = self.env["res.partner"].browse(vals["contact_id"]).commercial_partner_id.id
        if not vals.get("partner_id") and vals.get("channel", "form") != "email":
            # refused before anything is written (the constraint guards later edits)
            raise ValidationError(self._miy_customer_required_message(vals.get("subject")))
        state = vals.get("state")
        if state in ("in_progress", "waiting", "resolved") and not vals.get("first_response_date"):
            vals["first_response_date"] = now
        if state == "resolved" and not vals.get("resolution_date"):
            vals["resolution_date"] = now
        if state == "waiting" and not vals.get("waiting_since"):
            vals["waiting_since"] = now  # created waiting: the clock starts paused

    def _miy_stamp_state_change(self, state, now, clear_resolution=True):
        """The timer stamps of a change of state: leaving *New* is a first response, *Resolved*
        stamps the resolution, and reopening clears it (unless the caller set it)."""
        if state in ("in_progress", "waiting", "resolved"):
            unanswered = self.filtered(lambda r: not r.first_response_date)
            if unanswered:
                unanswered.write({"first_response_date": now})
        if state == "resolved":
            unresolved = self.filtered(lambda r: not r.resolution_date)
            if unresolved:
                unresolved.write({"resolution_date": now})
        elif state in OPEN_STATES and clear_resolution:
            reopened = self.filtered("resolution_date")
            if reopened:
                reopened.write({"resolution_date": False})

    @api.model
    def _miy_values_from_email(self, msg_dict):
        """The values of a request opened by an e-mail: its sender (matched by author or
        address) as contact and their company as customer."""
        contact = self.env["res.partner"].browse(msg_dict.get("author_id") or []).exists()
        email = email_normalize(msg_dict.get("email_from") or "")
        if not contact and email:
            contact = self.env["res.partner"]._mail_find_partner_from_emails([email])[0] or contact
        if contact and contact._miy_is_our_people():
            contact = contact.browse()  # one of our staff is nobody's customer: a user chooses the customer
        return {
            "name": "/",  # the reference comes from the sequence, not from the e-mail's subject
            "subject": (msg_dict.get("subject") or "").strip() or self.env._("(no subject)"),
            "description": msg_dict.get("body"),
            "channel": "email",
            "contact_id": contact.id,
            "partner_id": contact.commercial_partner_id.id,
        }

    def _miy_first_response_from_message(self, message):
        """A message (not an internal note) one of our people sends on an unanswered request."""
        pending = self.filtered(lambda r: not r.first_response_date and r.state in OPEN_STATES)
        if pending and message.message_type == "comment" and not message.subtype_id.internal:
            if message.author_id._miy_is_our_people():
                pending.sudo().write({"first_response_date": message.date or fields.Datetime.now()})

    # ------------------------------------------------------------------ actions
    def action_start(self):
        self.write({"state": "in_progress"})

    def action_wait_customer(self):
        self.write({"state": "waiting"})

    def action_resolve(self):
        self.write({"state": "resolved"})

    def action_cancel(self):
        self.write({"state": "cancelled"})

    def action_reopen(self):
        self.write({"state": "in_progress"})

    # ------------------------------------------------------------------ business methods
    def _miy_subscribe_customer(self):
        """The customer follows the request: our messages reach them, they see it in the portal."""
        for service_request in self:
            customer = service_request.contact_id or service_request.partner_id
            if customer and customer not in service_request.message_partner_ids:
                service_request.sudo().message_subscribe(partner_ids=customer.ids)

    def _miy_acknowledge_receipt(self):
        """Tell the customer by e-mail, in their language, that their request was received: its
        reference and the target time of the first response (the SLA of its type). Posted as the
        company, not as one of our people: an acknowledgement is not the first response."""
        template = self.env.ref("miy_interactions.mail_template_service_request_received")
        for service_request in self:
            customer = service_request.contact_id or service_request.partner_id
            if not customer.email:
                continue
            # the customer herself is the user who posts (the portal form): Odoo skips the acting
            # user as "the author" unless told to notify her
            service_request.with_context(mail_notify_author=True).message_post_with_source(
                template,
                email_layout_xmlid="mail.mail_notification_light",
                subtype_xmlid="mail.mt_comment",
                author_id=service_request.company_id.partner_id.id,
            )

    def _miy_notify_resolved(self):
        """Tell the customer by e-mail (template) and SMS that the request is resolved; when
        the customer has no e-mail or mobile number, say so in the chatter instead of failing."""
        template = self.env.ref("miy_interactions.mail_template_service_request_resolved")
        for service_request in self:
            customer = service_request.contact_id or service_request.partner_id
            if not customer:
                service_request.message_post(
                    body=self.env._("Resolved: no customer to tell, the request has no contact."),
                    subtype_xmlid="mail.mt_note",
                )
                continue
            if customer.email:
                service_request.message_post_with_source(
                    template,
                    email_layout_xmlid="mail.mail_notification_light",
                    subtype_xmlid="mail.mt_comment",
                )
            else:
                service_request.message_post(
                    body=self.env._(
                        "No resolution e-mail sent: %(customer)s has no e-mail address.", customer=customer.display_name
                    ),
                    subtype_xmlid="mail.mt_note",
                )
            if customer.mobile:
                body = service_request.with_context(lang=customer.lang or self.env.lang)._miy_resolved_sms_body()
                service_request._message_sms(
                    body, partner_ids=customer.ids, sms_pid_to_number={customer.id: customer.mobile}
                )
            else:
                service_request.message_post(
                    body=self.env._(
                        "No resolution SMS sent: %(customer)s has no mobile number.", customer=customer.display_name
                    ),
                    subtype_xmlid="mail.mt_note",
                )

    def _miy_resolved_sms_body(self):
        self.ensure_one()
        return self.env._(
            "%(company)s: your service request %(name)s (%(subject)s) is resolved. Thank you.",
            company=self.company_id.name,
            name=self.name,
            subject=html2plaintext(self.subject or "").strip(),
        )
