# Part of MİY. See LICENSE file for full copyright and licensing details.
"""Feature 1: quote preparation on ``sale.order``.

Submission deadline, a checklist copied from configurable templates, research notes, the
documents gathered (attachments typed with miy_contacts' document types) and the customer's
people on the quote with their role; a daily job reminds the responsible of open items when
the deadline comes near.
"""

from datetime import timedelta

from odoo import Command, api, fields, models
from odoo.exceptions import ValidationError
from odoo.osv import expression
from odoo.tools import SQL

REMINDER_DAYS_PARAM = "miy_quotes.deadline_reminder_days"
DEFAULT_REMINDER_DAYS = 3
CONTACT_ROLES = [
    ("decision_maker", "Decision Maker"),
    ("technical", "Technical Evaluator"),
    ("purchasing", "Purchasing"),
    ("user", "User"),
]


class MiyQuoteChecklistTemplate(models.Model):
    _name = "miy.quote.checklist.template"
    _description = "Quote Preparation Checklist Template"
    _order = "sequence, name, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", index=True, help="Empty: every company uses it.")
    line_ids = fields.One2many("miy.quote.checklist.template.line", "template_id", string="Items", copy=True)
    line_count = fields.Integer(string="Items Count", compute="_compute_line_count")

    @api.depends("line_ids")
    def _compute_line_count(self):
        for template in self:
            template.line_count = len(template.line_ids)


class MiyQuoteChecklistTemplateLine(models.Model):
    _name = "miy.quote.checklist.template.line"
    _description = "Quote Preparation Checklist Template Item"
    _order = "template_id, sequence, id"

    template_id = fields.Many2one("miy.quote.checklist.template", required=True, index=True, ondelete="cascade")
    sequence = fields.Integer(default=10)
    name = fields.Char(required=True, translate=True)
    responsible_id = fields.Many2one(
        "res.users",
        string="Responsible",
        domain=[("share", "=", False)],
        help="Empty: the quote's salesperson is responsible.",
    )


class MiyQuoteChecklistItem(models.Model):
    _name = "miy.quote.checklist.item"
    _description = "Quote Preparation Checklist Item"
    _order = "order_id, sequence, id"

    order_id = fields.Many2one("sale.order", string="Quote", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="order_id.company_id", store=True, index=True)
    sequence = fields.Integer(default=10)
    name = fields.Char(required=True)
    responsible_id = fields.Many2one("res.users", string="Responsible", domain=[("share", "=", False)], index=True)
    done_date = fields.Datetime(string="Done On", readonly=True)
    done_by_id = fields.Many2one("res.users", string="Done By", readonly=True)
    is_done = fields.Boolean(
        string="Done", compute="_compute_is_done", inverse="_inverse_is_done", store=True, index=True
    )
    deadline = fields.Date(related="order_id.miy_submission_deadline", string="Submission Deadline")
    reminded_on = fields.Date(
        string="Reminded On",
        readonly=True,
        copy=False,
        help="When the deadline reminder was raised for this item: it is raised once per deadline.",
    )
    note = fields.Char()

    @api.depends("done_date")
    def _compute_is_done(self):
        for item in self:
            item.is_done = bool(item.done_date)

    def _inverse_is_done(self):
        now = fields.Datetime.now()
        for item in self:
            if item.is_done and not item.done_date:
                item.write({"done_date": now, "done_by_id": self.env.user.id})
            elif not item.is_done and item.done_date:
                item.write({"done_date": False, "done_by_id": False})

    def write(self, vals):
        if "responsible_id" in vals:
            vals = dict(vals, reminded_on=False)
        return super().write(vals)

    def action_mark_done(self):
        self.filtered(lambda item: not item.done_date).write(
            {"done_date": fields.Datetime.now(), "done_by_id": self.env.user.id}
        )

    def action_mark_open(self):
        self.write({"done_date": False, "done_by_id": False})


class MiyQuoteContact(models.Model):
    _name = "miy.quote.contact"
    _description = "Customer's Person on a Quote"
    _order = "order_id, is_primary desc, sequence, id"

    order_id = fields.Many2one("sale.order", string="Quote", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="order_id.company_id", store=True, index=True)
    sequence = fields.Integer(default=10)
    partner_id = fields.Many2one(
        "res.partner",
        string="Person",
        required=True,
        index=True,
        ondelete="restrict",
        domain="[('is_company', '=', False), ('miy_affiliation_ids', 'any', "
        "[('organization_id', '=', organization_id), ('is_current', '=', True)])]",
    )
    organization_id = fields.Many2one(related="order_id.partner_id.commercial_partner_id", string="Organization")
    role = fields.Selection(CONTACT_ROLES, required=True, default="decision_maker")
    is_primary = fields.Boolean(string="Primary", help="The main person to talk to about this quote: exactly one.")
    function = fields.Char(related="partner_id.function", string="Job Title")
    email = fields.Char(related="partner_id.email")
    phone = fields.Char(related="partner_id.phone")
    note = fields.Char()

    _sql_constraints = [
        ("order_partner_uniq", "unique(order_id, partner_id)", "This person is already on the quote."),
    ]

    def init(self):
        # at most one primary person per quote, whatever writes the table
        self.env.cr.execute(
            SQL(
                "CREATE UNIQUE INDEX IF NOT EXISTS miy_quote_contact_one_primary "
                "ON miy_quote_contact (order_id) WHERE is_primary"
            )
        )

    @api.constrains("partner_id", "order_id")
    def _check_affiliated_person(self):
        """Only people of the customer: current affiliations of the quote's organization."""
        Affiliation = self.env["miy.affiliation"]
        for contact in self:
            organization = contact.order_id.partner_id.commercial_partner_id
            # validation only: the count must see affiliations the user's rules may hide
            found = Affiliation.sudo().search_count(
                expression.AND(
                    [
                        [("person_id", "=", contact.partner_id.id), ("organization_id", "=", organization.id)],
                        Affiliation._current_domain(),
                    ]
                ),
                limit=1,
            )
            if not found:
                raise ValidationError(
                    self.env._(
                        "%(person)s is not among the people of %(organization)s: add the affiliation on the "
                        "contact card first.",
                        person=contact.partner_id.display_name,
                        organization=organization.display_name,
                    )
                )

    @api.constrains("is_primary", "order_id")
    def _check_one_primary(self):
        self.order_id._miy_check_one_primary_contact()

    def unlink(self):
        orders = self.order_id
        res = super().unlink()
        orders.exists()._miy_check_one_primary_contact()
        return res


class SaleOrder(models.Model):
    _inherit = "sale.order"

    miy_organization_id = fields.Many2one(related="partner_id.commercial_partner_id", string="Customer Organization")
    miy_submission_deadline = fields.Date(
        string="Submission Deadline",
        tracking=True,
        index=True,
        copy=False,
        help="When the customer expects our offer (the expiration date says how long the offer holds).",
    )
    miy_checklist_template_id = fields.Many2one(
        "miy.quote.checklist.template",
        string="Checklist Template",
        copy=False,
        help="Choosing a template copies its items onto the quote's checklist.",
    )
    miy_checklist_item_ids = fields.One2many(
        "miy.quote.checklist.item", "order_id", string="Preparation Checklist", copy=False
    )
    miy_open_item_count = fields.Integer(
        string="Open Checklist Items", compute="_compute_miy_open_item_count", store=True, aggregator="sum"
    )
    miy_research_notes = fields.Html(string="Research Notes", copy=False)
    miy_document_ids = fields.One2many(
        "ir.attachment",
        "res_id",
        string="Gathered Documents",
        domain=[("res_model", "=", "sale.order"), ("res_field", "=", False)],
        copy=False,
    )
    miy_quote_contact_ids = fields.One2many("miy.quote.contact", "order_id", string="Customer's People", copy=True)
    miy_primary_contact_id = fields.Many2one(
        "res.partner", string="Primary Person", compute="_compute_miy_primary_contact_id", store=True, index=True
    )
    miy_due_this_week = fields.Boolean(
        string="Due This Week", compute="_compute_miy_due_this_week", search="_search_miy_due_this_week"
    )

    @api.depends("miy_checklist_item_ids.is_done")
    def _compute_miy_open_item_count(self):
        for order in self:
            order.miy_open_item_count = len(order.miy_checklist_item_ids.filtered(lambda item: not item.is_done))

    @api.depends("miy_quote_contact_ids.is_primary", "miy_quote_contact_ids.partner_id")
    def _compute_miy_primary_contact_id(self):
        for order in self:
            order.miy_primary_contact_id = order.miy_quote_contact_ids.filtered("is_primary")[:1].partner_id

    @api.model
    def _miy_week_bounds(self):
        today = fields.Date.context_today(self)
        start = today - timedelta(days=today.weekday())
        return start, start + timedelta(days=6)

    @api.depends("miy_submission_deadline")
    @api.depends_context("tz")
    def _compute_miy_due_this_week(self):
        start, end = self._miy_week_bounds()
        for order in self:
            deadline = order.miy_submission_deadline
            order.miy_due_this_week = bool(deadline) and start <= deadline <= end

    def _search_miy_due_this_week(self, operator, value):
        if operator not in ("=", "!="):
            raise NotImplementedError(self.env._("Search 'Due This Week' with = or != only."))
        start, end = self._miy_week_bounds()
        domain = [("miy_submission_deadline", ">=", start), ("miy_submission_deadline", "<=", end)]
        if (operator == "=") != bool(value):
            domain = ["!", "&", *domain]
        return domain

    def _miy_check_one_primary_contact(self):
        for order in self:
            contacts = order.miy_quote_contact_ids
            if contacts and len(contacts.filtered("is_primary")) != 1:
                raise ValidationError(
                    self.env._(
                        "Mark exactly one of the customer's people on %(order)s as primary (now %(count)s).",
                        order=order.display_name,
                        count=len(contacts.filtered("is_primary")),
                    )
                )

    @api.constrains("miy_quote_contact_ids")
    def _check_miy_primary_contact(self):
        self._miy_check_one_primary_contact()

    @api.onchange("miy_checklist_template_id")
    def _onchange_miy_checklist_template_id(self):
        if self.miy_checklist_template_id:
            self.miy_checklist_item_ids = [
                Command.create(vals) for vals in self._miy_checklist_item_vals(self.miy_checklist_template_id)
            ]

    def _miy_checklist_item_vals(self, template):
        existing = set(self.miy_checklist_item_ids.mapped("name"))
        return [
            {
                "sequence": line.sequence,
                "name": line.name,
                "responsible_id": (line.responsible_id or self.user_id).id,
            }
            for line in template.line_ids
            if line.name not in existing
        ]

    def _miy_apply_checklist_template(self):
        items = []
        for order in self.filtered("miy_checklist_template_id"):
            items += [
                dict(vals, order_id=order.id)
                for vals in order._miy_checklist_item_vals(order.miy_checklist_template_id)
            ]
        if items:
            self.env["miy.quote.checklist.item"].create(items)

    @api.model_create_multi
    def create(self, vals_list):
        orders = super().create(vals_list)
        # a template given without items (import, RPC): copy its items as the form would
        orders.filtered(
            lambda order: order.miy_checklist_template_id and not order.miy_checklist_item_ids
        )._miy_apply_checklist_template()
        return orders

    def write(self, vals):
        if "miy_submission_deadline" in vals:
            # a new deadline deserves a new reminder
            self.miy_checklist_item_ids.filtered("reminded_on").write({"reminded_on": False})
        res = super().write(vals)
        if vals.get("miy_checklist_template_id") and "miy_checklist_item_ids" not in vals:
            self._miy_apply_checklist_template()
        return res

    @api.model
    def _miy_reminder_days(self):
        value = self.env["ir.config_parameter"].get_param(REMINDER_DAYS_PARAM, DEFAULT_REMINDER_DAYS)
        try:
            return max(int(value), 0)
        except (TypeError, ValueError):
            return DEFAULT_REMINDER_DAYS

    @api.model
    def _cron_miy_deadline_reminders(self):
        """Raise a to-do for the responsible of every open item of quotes whose submission
        deadline is near (or passed); once per item and deadline, so a second run adds nothing."""
        today = fields.Date.context_today(self)
        limit = today + timedelta(days=self._miy_reminder_days())
        items = self.env["miy.quote.checklist.item"].search(
            [
                ("is_done", "=", False),
                ("reminded_on", "=", False),
                ("responsible_id", "!=", False),
                ("order_id.state", "in", ("draft", "sent")),
                ("order_id.miy_submission_deadline", "!=", False),
                ("order_id.miy_submission_deadline", "<=", limit),
            ]
        )
        activity_type = self.env.ref("mail.mail_activity_data_todo", raise_if_not_found=False)
        model_id = self.env["ir.model"]._get_id("sale.order")
        vals_list = []
        for item in items:
            order = item.order_id
            vals_list.append(
                {
                    "res_model_id": model_id,
                    "res_id": order.id,
                    "activity_type_id": activity_type.id if activity_type else False,
                    "user_id": item.responsible_id.id,
                    "date_deadline": order.miy_submission_deadline,
                    "summary": self.env._("Quote checklist: %(item)s", item=item.name),
                    "note": self.env._(
                        "%(order)s must be submitted by %(deadline)s and this item is still open.",
                        order=order.name,
                        deadline=fields.Date.to_string(order.miy_submission_deadline),
                    ),
                }
            )
        if vals_list:
            self.env["mail.activity"].create(vals_list)
            items.write({"reminded_on": today})
        return items
