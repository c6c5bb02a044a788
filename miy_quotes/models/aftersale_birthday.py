# Part of MİY. See LICENSE file for full copyright and licensing details.
"""Birthday greetings with personal e-coupons (issue 11, feature 9).

Personal data (KVKK): a person's birthday is readable only by the Personal data group of
miy_contacts. The daily job learns from the database only *who* has a birthday today (one SQL
query returning partner ids, never a date), the greeting log is readable only by that group,
the coupon (``loyalty.card``) carries no partner (the link person→coupon is in the log only) and
nothing is posted on a chatter others read or logged with a name or a date.
"""

import calendar
import logging
from datetime import timedelta

import psycopg2

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.osv import expression
from odoo.tools import SQL

_logger = logging.getLogger(__name__)

PERSONAL_GROUP = "miy_contacts.group_miy_personal_data"
# keys of res.partner.miy_value_tier (customer value, feature 8; may not be installed yet)
VALUE_TIERS = ("most_valuable", "high_potential", "maintain", "cold")


class ResCompany(models.Model):
    _inherit = "res.company"

    miy_birthday_active = fields.Boolean(string="Birthday Greetings")
    miy_birthday_segment_id = fields.Many2one(
        "miy.segment",
        string="Greet the People of",
        help="Saved segment of important customers and dealers: their people (and persons of the segment) are greeted.",
    )
    miy_birthday_tiers = fields.Char(
        string="Value Tiers Greeted",
        help="Comma-separated keys of the customer value tiers whose people are greeted "
        "(most_valuable, high_potential, maintain, cold).",
    )
    miy_birthday_program_id = fields.Many2one(
        "loyalty.program",
        string="Birthday Coupon Program",
        domain=[("program_type", "=", "coupons")],
        help="Each person greeted gets a single-use coupon of this program.",
    )
    miy_birthday_coupon_days = fields.Integer(
        string="Coupon Valid (days)", default=30, help="Days the coupon stays valid after the greeting."
    )

    @api.constrains("miy_birthday_coupon_days", "miy_birthday_tiers", "miy_birthday_program_id")
    def _check_miy_birthday_settings(self):
        for company in self:
            if company.miy_birthday_coupon_days < 1:
                raise ValidationError(self.env._("A birthday coupon must stay valid at least one day."))
            unknown = set(company._miy_birthday_tier_keys()) - set(VALUE_TIERS)
            if unknown:
                raise ValidationError(
                    self.env._(
                        "Unknown value tier(s): %(tiers)s. Use most_valuable, high_potential, maintain or cold.",
                        tiers=", ".join(sorted(unknown)),
                    )
                )
            program = company.miy_birthday_program_id
            if program and program.program_type != "coupons":
                raise ValidationError(
                    self.env._(
                        "The birthday coupons must come from a program of type Coupons, not %(program)s.",
                        program=program.name,
                    )
                )

    def _miy_birthday_tier_keys(self):
        self.ensure_one()
        return [key.strip() for key in (self.miy_birthday_tiers or "").split(",") if key.strip()]


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    miy_birthday_active = fields.Boolean(related="company_id.miy_birthday_active", readonly=False)
    miy_birthday_segment_id = fields.Many2one(related="company_id.miy_birthday_segment_id", readonly=False)
    miy_birthday_program_id = fields.Many2one(related="company_id.miy_birthday_program_id", readonly=False)
    miy_birthday_coupon_days = fields.Integer(related="company_id.miy_birthday_coupon_days", readonly=False)
    miy_birthday_tier_most_valuable = fields.Boolean(
        string="Most Valuable", compute="_compute_miy_birthday_tiers", inverse="_inverse_miy_birthday_tiers"
    )
    miy_birthday_tier_high_potential = fields.Boolean(
        string="High Potential", compute="_compute_miy_birthday_tiers", inverse="_inverse_miy_birthday_tiers"
    )
    miy_birthday_tier_maintain = fields.Boolean(
        string="To Be Maintained", compute="_compute_miy_birthday_tiers", inverse="_inverse_miy_birthday_tiers"
    )
    miy_birthday_tier_cold = fields.Boolean(
        string="Cold", compute="_compute_miy_birthday_tiers", inverse="_inverse_miy_birthday_tiers"
    )

    @api.depends("company_id.miy_birthday_tiers")
    def _compute_miy_birthday_tiers(self):
        for settings in self:
            keys = settings.company_id._miy_birthday_tier_keys()
            for key in VALUE_TIERS:
                settings[f"miy_birthday_tier_{key}"] = key in keys

    def _inverse_miy_birthday_tiers(self):
        for settings in self:
            keys = [key for key in VALUE_TIERS if settings[f"miy_birthday_tier_{key}"]]
            settings.company_id.miy_birthday_tiers = ",".join(keys) or False


class MiyBirthdayRule(models.Model):
    """Which e-mail a person gets, from their profile: rules in order, the first match wins;
    a rule without conditions matches everybody (the default)."""

    _name = "miy.birthday.rule"
    _description = "Birthday Greeting Rule"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    gender = fields.Selection([("female", "Female"), ("male", "Male"), ("other", "Other")])
    favorite_team = fields.Char(
        string="Favourite Team Contains", help="Matches when the person's favourite team contains this text."
    )
    hobby_ids = fields.Many2many(
        "miy.hobby",
        "miy_birthday_rule_hobby_rel",
        "rule_id",
        "hobby_id",
        string="Interests or Sports",
        help="Matches when the person has at least one of them.",
    )
    template_id = fields.Many2one(
        "mail.template",
        string="E-mail Template",
        required=True,
        domain=[("model", "=", "miy.birthday.greeting")],
        ondelete="restrict",
    )
    company_id = fields.Many2one("res.company", help="Empty: every company.")

    @api.constrains("template_id")
    def _check_template_model(self):
        for rule in self:
            if rule.template_id.model != "miy.birthday.greeting":
                raise ValidationError(
                    self.env._(
                        "The template %(template)s is not a birthday greeting template: choose one made for birthday "
                        "greetings.",
                        template=rule.template_id.name,
                    )
                )

    def _matches(self, profile):
        """Does the rule fit ``profile`` (a dict of the person's gender, team, hobby ids)?"""
        self.ensure_one()
        if self.gender and profile["gender"] != self.gender:
            return False
        if self.favorite_team and self.favorite_team.casefold() not in (profile["team"] or "").casefold():
            return False
        return not (self.hobby_ids and not set(self.hobby_ids.ids) & profile["hobby_ids"])


class MiyBirthdayGreeting(models.Model):
    """One greeting sent: who, which year, with which coupon. Personal data: the day of a
    greeting is the person's birthday, so only the Personal data group reads this log."""

    _name = "miy.birthday.greeting"
    _description = "Birthday Greeting"
    _order = "date desc, id desc"
    _rec_name = "partner_id"

    partner_id = fields.Many2one("res.partner", string="Person", required=True, index=True, ondelete="cascade")
    organization_id = fields.Many2one("res.partner", string="Organization", index=True, ondelete="set null")
    year = fields.Integer(required=True, index=True)
    date = fields.Date(required=True)
    company_id = fields.Many2one("res.company", required=True, index=True, default=lambda self: self.env.company)
    rule_id = fields.Many2one("miy.birthday.rule", string="Rule", ondelete="set null")
    template_id = fields.Many2one("mail.template", string="E-mail Template", ondelete="set null")
    card_id = fields.Many2one("loyalty.card", string="Coupon", ondelete="set null", index=True)
    coupon_code = fields.Char(related="card_id.code", string="Coupon Code")
    expiration_date = fields.Date(related="card_id.expiration_date", string="Valid Until")
    mail_id = fields.Many2one("mail.mail", string="E-mail", ondelete="set null")
    order_id = fields.Many2one("sale.order", string="Used in Order", readonly=True, index=True)
    is_used = fields.Boolean(string="Used", readonly=True)
    revenue = fields.Monetary(readonly=True, currency_field="currency_id", help="Untaxed total of the order.")
    currency_id = fields.Many2one(related="company_id.currency_id")

    _sql_constraints = [
        ("partner_year_uniq", "unique(partner_id, year)", "A person is greeted once a year."),
    ]

    # ------------------------------------------------------------------ actions
    @api.model
    def action_send_today(self):
        """Managers' "Send now": today's greetings of the current company, as the daily job."""
        if not (self.env.user.has_group(PERSONAL_GROUP) and self.env.user.has_group("sales_team.group_sale_manager")):
            raise AccessError(
                self.env._("Only sales managers with the Personal data right may send the birthday greetings.")
            )
        sent = self._send_greetings(self.env.company)
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "message": self.env._("%(count)s birthday greeting(s) sent.", count=sent),
                "type": "success",
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    # ------------------------------------------------------------------ business methods
    @api.model
    def _greeting_day(self, today):
        """The birth (month, day) pairs greeted on ``today``: 29 February birthdays are greeted
        on 28 February in years without a 29 February."""
        days = [(today.month, today.day)]
        if today.month == 2 and today.day == 28 and not calendar.isleap(today.year):
            days.append((2, 29))
        return days

    @api.model
    def _birthday_person_ids(self, today, company):
        """Ids of the active persons of ``company`` (or shared) born on ``today``'s day, with
        explicit KVKK consent, not greeted this year yet.

        Only ids leave the database: no birthday value is read into Python. Callers need the
        Personal data right (or to be the cron's superuser).
        """
        if not (self.env.su or self.env.user.has_group(PERSONAL_GROUP)):
            raise AccessError(self.env._("Birthdays are personal data: only the Personal data group may use them."))
        day_conditions = SQL(" OR ").join(
            SQL(
                "(EXTRACT(MONTH FROM p.miy_birthdate) = %s AND EXTRACT(DAY FROM p.miy_birthdate) = %s)",
                month,
                day,
            )
            for month, day in self._greeting_day(today)
        )
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
                SELECT p.id FROM res_partner p
                 WHERE p.active AND NOT p.is_company AND p.miy_birthdate IS NOT NULL
                   AND p.miy_birthdate <= %(today)s
                   AND (%(days)s)
                   AND p.miy_kvkk_legal_basis = 'consent'
                   AND (p.company_id IS NULL OR p.company_id = %(company)s)
                   AND NOT EXISTS (SELECT 1 FROM miy_birthday_greeting g
                                    WHERE g.partner_id = p.id AND g.year = %(year)s)
                 ORDER BY p.id
                """,
                today=today,
                days=day_conditions,
                company=company.id,
                year=today.year,
            )
        )
        return [row[0] for row in self.env.cr.fetchall()]

    @api.model
    def _target_partner_domain(self, company):
        """Partners whose people are greeted: the segment's and the chosen value tiers'."""
        domains = []
        if company.miy_birthday_segment_id:
            domains.append(company.miy_birthday_segment_id._get_partner_domain())
        tiers = company._miy_birthday_tier_keys()
        # the value tiers belong to customer value (another part of miy_quotes): filter on them
        # only where that field exists
        if tiers and "miy_value_tier" in self.env["res.partner"]._fields:
            domains.append([("miy_value_tier", "in", tiers)])
        return expression.OR(domains) if domains else None

    @api.model
    def _eligible_persons(self, person_ids, company):
        """The persons among ``person_ids`` of the target partners, reachable by e-mail, not
        blacklisted: {person: organization}."""
        Partner = self.env["res.partner"].with_context(active_test=True)
        target_domain = self._target_partner_domain(company)
        if target_domain is None or not person_ids:
            return {}
        targets = Partner.search(target_domain)
        persons = Partner.search(
            [
                ("id", "in", person_ids),
                ("email", "!=", False),
                ("is_blacklisted", "=", False),
            ]
        )
        result = {}
        for person in persons:
            organizations = (person.miy_organization_ids | person.parent_id | person.commercial_partner_id) - person
            if person in targets:
                result[person] = (organizations & targets)[:1] or organizations[:1]
            elif organizations & targets:
                result[person] = (organizations & targets)[:1]
        return result

    @api.model
    def _profiles(self, persons):
        """Gender, favourite team and hobbies of ``persons``: the fields the rules look at."""
        return {
            person: {
                "gender": person.miy_gender,
                "team": person.miy_favorite_team,
                "hobby_ids": set(person.miy_hobby_ids.ids),
            }
            for person in persons
        }

    @api.model
    def _choose_rule(self, rules, profile):
        return next((rule for rule in rules if rule._matches(profile)), rules.browse())

    @api.model
    def _send_greetings(self, company, today=None):
        """Greet today's birthdays of ``company``; each person in a savepoint (one failure does
        not stop the others). Idempotent: a person greeted this year is never greeted again.

        :return: number of greetings sent
        """
        today = today or fields.Date.context_today(self)
        program = company.miy_birthday_program_id
        if not (company.miy_birthday_active and program):
            return 0
        person_ids = self._birthday_person_ids(today, company)
        eligible = self._eligible_persons(person_ids, company)
        if not eligible:
            return 0
        rules = self.env["miy.birthday.rule"].search(["|", ("company_id", "=", False), ("company_id", "=", company.id)])
        default_template = self.env.ref("miy_quotes.mail_template_miy_birthday_default", raise_if_not_found=False)
        profiles = self._profiles(self.env["res.partner"].union(*eligible))
        points = min(program.reward_ids.mapped("required_points") or [1.0])
        by_template = {}
        failed = 0
        for person, organization in eligible.items():
            rule = self._choose_rule(rules, profiles[person])
            template = rule.template_id or default_template
            if not template:
                failed += 1
                continue
            by_template.setdefault(template, []).append((person, organization, rule))
        sent = 0
        context = {"points": points, "today": today, "company": company, "program": program}
        for template, items in by_template.items():
            try:
                sent += self._greet(template, items, context)
            except psycopg2.IntegrityError:
                # somebody of the batch was greeted meanwhile (another run): one by one, the
                # unique constraint skips those already greeted
                for item in items:
                    try:
                        sent += self._greet(template, [item], context)
                    except psycopg2.IntegrityError:
                        continue
                    except (UserError, ValueError) as error:
                        failed += 1
                        _logger.warning(
                            "birthday greeting of partner id %s not sent: %s", item[0].id, type(error).__name__
                        )
            except (UserError, ValueError) as error:
                failed += len(items)
                _logger.warning(
                    "birthday greetings with template id %s not sent (%s persons): %s",
                    template.id,
                    len(items),
                    type(error).__name__,
                )
        # counts only: no name, date or age in the log
        _logger.info("birthday greetings of company %s: %s sent, %s failed", company.id, sent, failed)
        return sent

    @api.model
    def _greet(self, template, items, context):
        """Coupons, log rows and queued e-mails of ``items`` [(person, organization, rule)] with
        ``template``, all or nothing (a savepoint): the e-mails are rendered in one batch.

        :return: number of greetings sent
        """
        today, company = context["today"], context["company"]
        with self.env.cr.savepoint():
            cards = (
                self.env["loyalty.card"]
                .with_context(loyalty_no_mail=True, tracking_disable=True)
                .create(
                    [
                        {
                            "program_id": context["program"].id,
                            "points": context["points"],
                            "expiration_date": today + timedelta(days=company.miy_birthday_coupon_days),
                        }
                        for _item in items
                    ]
                )
            )
            # the log is a system record (read-only for everybody): its rows are made for the
            # persons selected by the job for a caller allowed to send (cron or checked button)
            greetings = self.sudo().create(
                [
                    {
                        "partner_id": person.id,
                        "organization_id": organization.id,
                        "year": today.year,
                        "date": today,
                        "company_id": company.id,
                        "rule_id": rule.id,
                        "template_id": template.id,
                        "card_id": card.id,
                    }
                    for (person, organization, rule), card in zip(items, cards, strict=True)
                ]
            )
            greetings.flush_recordset()
            mails = template.send_mail_batch(greetings.ids, email_layout_xmlid="mail.mail_notification_light")
            mail_by_greeting = {mail.res_id: mail.id for mail in mails}
            for greeting in greetings:
                greeting.mail_id = mail_by_greeting.get(greeting.id)
            greetings.flush_recordset()
        return len(greetings)

    @api.model
    def _refresh_coupon_use(self, greetings=None):
        """Which greeting coupons were used in a confirmed order, and the order's untaxed total."""
        greetings = (
            greetings if greetings is not None else self.search([("card_id", "!=", False), ("is_used", "=", False)])
        )
        if not greetings:
            return
        lines = self.env["sale.order.line"].search(
            [("coupon_id", "in", greetings.card_id.ids), ("order_id.state", "=", "sale")], order="id"
        )
        order_by_card = {}
        for line in lines:
            order_by_card.setdefault(line.coupon_id, line.order_id)
        for greeting in greetings:
            order = order_by_card.get(greeting.card_id)
            if order:
                greeting.write(
                    {
                        "order_id": order.id,
                        "is_used": True,
                        "revenue": order.currency_id._convert(
                            order.amount_untaxed, greeting.currency_id, greeting.company_id, order.date_order
                        ),
                    }
                )

    @api.model
    def _cron_send_greetings(self):
        """Daily job (runs as the cron's user, OdooBot): every company's greetings, then the
        coupon use of earlier greetings."""
        for company in self.env["res.company"].search([("miy_birthday_active", "=", True)]):
            self.with_company(company)._send_greetings(company)
        self._refresh_coupon_use()


class LoyaltyProgram(models.Model):
    _inherit = "loyalty.program"

    miy_coupon_used_count = fields.Integer(
        string="Coupons Used",
        compute="_compute_miy_coupon_use",
        help="Coupons of this program used in confirmed orders.",
    )
    miy_coupon_revenue = fields.Monetary(
        string="Revenue with Coupons",
        compute="_compute_miy_coupon_use",
        currency_field="currency_id",
        help="Untaxed total of the confirmed orders that used a coupon of this program.",
    )

    def _compute_miy_coupon_use(self):
        groups = self.env["sale.order.line"]._read_group(
            [("coupon_id.program_id", "in", self.ids), ("order_id.state", "=", "sale")],
            ["coupon_id", "order_id"],
        )
        used = {}
        orders = {}
        for card, order in groups:
            used.setdefault(card.program_id, set()).add(card.id)
            orders.setdefault(card.program_id, set()).add(order)
        for program in self:
            program.miy_coupon_used_count = len(used.get(program, ()))
            program.miy_coupon_revenue = sum(
                order.currency_id._convert(
                    order.amount_untaxed, program.currency_id, program.company_id or self.env.company, order.date_order
                )
                for order in orders.get(program, ())
            )
