import logging

import psycopg2

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.osv import expression
from odoo.tools import SQL

from ..lib import literal_domain
from ..lib.literal_domain import DomainSyntaxError
from .res_partner_profile import PERSONAL_GROUP, PERSONAL_MODELS

_logger = logging.getLogger(__name__)


class MiySegment(models.Model):
    """A saved, named, dynamic group of partners: a domain on ``res.partner``.

    Membership is never stored: it is evaluated each time it is used (count, list, sending),
    so it is never stale. Other addons (mailings, campaigns) call :meth:`_get_partners` or
    :meth:`_get_partner_domain` at send time.

    A segment whose domain looks at personal data (age, gender, hobbies...) is flagged
    ``uses_personal_data``: only holders of the personal data group may save it, see it and
    evaluate it (record rules), so membership never leaks personal data to other users.

    The domain is data, never code: it is read as a literal (see ``lib/literal_domain.py``),
    with placeholders such as ``{today-30d}`` or ``{uid}`` for values relative to the day or
    the user, substituted here when the segment is used.
    """

    _name = "miy.segment"
    _description = "Partner Segment"
    _inherit = ["mail.thread"]
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True, tracking=True)
    description = fields.Text(translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    model_name = fields.Char(string="Model", default="res.partner", readonly=True, required=True)
    domain = fields.Char(
        required=True,
        default="[]",
        tracking=True,
        help="Which partners belong to the segment, checked when used. Values are plain (text, numbers, "
        "lists); for dates relative to today write {today}, {today-30d}, {today+2w}, {today-1m}, {today-18y} "
        "or {now-2h}, and {uid} for the current user.",
    )
    member_count = fields.Integer(
        string="Members", compute="_compute_member_count", help="Evaluated now, every time it is shown."
    )
    domain_error = fields.Char(string="Problem", compute="_compute_member_count")
    uses_personal_data = fields.Boolean(
        compute="_compute_uses_personal_data",
        store=True,
        help="The conditions look at personal data: only users with the personal data right see this segment.",
    )

    _sql_constraints = [
        ("model_name_partner", "CHECK(model_name = 'res.partner')", "Segments select partners only."),
    ]

    # ------------------------------------------------------------------ computes
    @api.depends("domain")
    def _compute_member_count(self):
        # one count per segment: every segment has its own domain
        for segment in self:
            segment.member_count = 0
            segment.domain_error = False
            try:
                with self.env.cr.savepoint(flush=False):
                    segment.member_count = self.env["res.partner"].search_count(segment._get_partner_domain())
            except (UserError, AccessError, ValueError, TypeError, KeyError, psycopg2.Error) as error:
                segment.domain_error = str(error.args[0])

    @api.depends("domain")
    def _compute_uses_personal_data(self):
        for segment in self:
            # conditions that cannot be read (an old segment waiting for review) are hidden from
            # users without the right as soon as their text names a personal field
            segment.uses_personal_data = self._text_uses_personal_data(segment.domain)

    # ------------------------------------------------------------------ constraints
    @api.constrains("domain")
    def _check_domain(self):
        Partner = self.env["res.partner"]
        for segment in self:
            try:
                domain = segment._parse_domain()
            except DomainSyntaxError as error:
                raise ValidationError(segment._syntax_error_message(error)) from None
            if segment.uses_personal_data and not (self.env.su or self.env.user.has_group(PERSONAL_GROUP)):
                raise ValidationError(
                    self.env._(
                        "The segment %(segment)s filters on personal data (age, gender, hobbies...): only "
                        "users with the MİY personal data right may save it.",
                        segment=segment.name,
                    )
                )
            try:
                with self.env.cr.savepoint(flush=False):
                    Partner.search_count(segment._resolve_domain(domain), limit=1)
            except (ValueError, TypeError, KeyError, UserError, psycopg2.Error) as error:
                raise ValidationError(
                    self.env._(
                        "The conditions of the segment %(segment)s are not valid: %(error)s",
                        segment=segment.name,
                        error=error,
                    )
                ) from error

    # ------------------------------------------------------------------ CRUD
    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if "domain" in vals:
                vals["domain"] = self._normalise_domain_text(vals["domain"])
        return super().create(vals_list)

    def write(self, vals):
        if "domain" in vals:
            vals = dict(vals, domain=self._normalise_domain_text(vals["domain"]))
        return super().write(vals)

    # ------------------------------------------------------------------ actions
    def action_open_members(self):
        self.ensure_one()
        return self.env["res.partner"]._miy_partners_action(self.name, self._get_partner_domain(), {"create": False})

    # ------------------------------------------------------------------ business methods
    @api.model
    def _normalise_domain_text(self, text):
        """The stored form of ``text``: its literal domain, with the date expressions of Odoo's
        domain editor turned into placeholders. Text that is not a literal domain is kept as
        typed, for the constraint to refuse it with the reason."""
        try:
            return literal_domain.to_text(literal_domain.parse(text or "[]"))
        except DomainSyntaxError:
            return text

    def _parse_domain(self):
        """The stored domain as a list, placeholders unresolved. Never evaluated.

        :raise DomainSyntaxError: when the text is not a literal domain
        """
        self.ensure_one()
        return literal_domain.parse(self.domain or "[]")

    def _syntax_error_reason(self, error):
        reasons = {
            "unreadable": self.env._("the text cannot be read"),
            "not_list": self.env._("the conditions must be a list of (field, operator, value)"),
            "not_condition": self.env._("an element is not a condition (field, operator, value)"),
            "formula": self.env._("a value is a formula"),
        }
        return reasons.get(error.code, error.code)

    def _syntax_error_message(self, error):
        return self.env._(
            "The conditions of the segment %(segment)s are not valid: %(reason)s (%(detail)s). Conditions hold "
            "plain values only (text, numbers, lists). For dates relative to today write a placeholder such as "
            "{today}, {today-30d}, {today+2w}, {today-1m}, {today-18y} or {now-2h}; for the current user {uid}.",
            segment=self.name,
            reason=self._syntax_error_reason(error),
            detail=self._syntax_error_detail(error),
        )

    def _syntax_error_detail(self, error):
        """The offending part, or why the text is unreadable in the user's language (Python's
        parser explains in English: that stays in the log)."""
        if error.reason == "too_long":
            return self.env._("more than %(count)s characters", count=literal_domain.MAX_LENGTH)
        if error.reason == "too_deep":
            return self.env._("nested too deeply")
        if error.reason == "syntax":
            if error.position:
                return self.env._("syntax error at character %(position)s", position=error.position)
            return self.env._("syntax error")
        return error.detail

    def _resolve_domain(self, domain, user=None):
        """``domain`` with its placeholders replaced by their values for ``user`` (default: the
        current user) today, in the user's time zone."""
        user = user or self.env.user
        tz_name = self.env.context.get("tz") or user.tz or "UTC"
        values = {
            "today": fields.Date.context_today(self.with_context(tz=tz_name)),
            "now": fields.Datetime.now(),
            "tz_name": tz_name,
            "uid": user.id,
            "company_id": (user.company_id if user != self.env.user else self.env.company).id,
        }
        return self._resolve_leaves(self.env["res.partner"], domain, values)

    @api.model
    def _resolve_leaves(self, model, domain, values):
        result = []
        for element in domain:
            if not isinstance(element, list | tuple) or len(element) != 3 or not isinstance(element[0], str):
                result.append(element)
                continue
            path, operator, value = element
            field = self._field_at(model, path)
            if operator in ("any", "not any") and isinstance(value, list | tuple):
                comodel = self.env[field.comodel_name] if field is not None and field.relational else model
                value = self._resolve_leaves(comodel, value, values)
            else:
                field_type = field.type if field is not None else None
                if isinstance(value, list | tuple):
                    value = type(value)(self._token_value(v, field_type, values) for v in value)
                else:
                    value = self._token_value(value, field_type, values)
            result.append((path, operator, value))
        return result

    @api.model
    def _token_value(self, value, field_type, values):
        if not literal_domain.is_token(value):
            return value
        return literal_domain.token_value(
            value,
            field_type,
            values["today"],
            values["now"],
            values["tz_name"],
            values["uid"],
            values["company_id"],
        )

    @api.model
    def _field_at(self, model, path):
        """The field at the end of the dotted ``path`` from ``model``, or None."""
        field = None
        for name in path.split("."):
            if field is not None:
                if not field.relational:
                    return None
                model = self.env[field.comodel_name]
            field = model._fields.get(name)
            if field is None:
                return None
        return field

    @api.model
    def _personal_field_names(self):
        """The fields of res.partner that hold or lead to personal data."""
        return [
            name
            for name, field in self.env["res.partner"]._fields.items()
            if (field.groups and PERSONAL_GROUP in field.groups.split(","))
            or (field.relational and field.comodel_name in PERSONAL_MODELS)
        ]

    @api.model
    def _domain_uses_personal_data(self, domain, model=None):
        """Does one of the field paths of ``domain`` go through personal data?

        Every leaf is walked, those of ``any`` / ``not any`` sub-domains included (on the model
        the path leads to), and every step of a dotted path.
        """
        model = model if model is not None else self.env["res.partner"]
        if not isinstance(domain, list | tuple):
            return False
        for leaf in domain:
            if not isinstance(leaf, list | tuple) or len(leaf) != 3 or not isinstance(leaf[0], str):
                continue
            current = model
            field = None
            for name in leaf[0].split("."):
                field = current._fields.get(name)
                if field is None:
                    break
                if field.groups and PERSONAL_GROUP in field.groups.split(","):
                    return True
                if not field.relational:
                    break
                if field.comodel_name in PERSONAL_MODELS:
                    return True
                current = self.env[field.comodel_name]
            if (
                leaf[1] in ("any", "not any")
                and field is not None
                and field.relational
                and self._domain_uses_personal_data(leaf[2], self.env[field.comodel_name])
            ):
                return True
        return False

    @api.model
    def _literal_domain(self, text, user=None):
        """The literal domain of ``text`` on res.partner with its placeholders resolved for ``user``:
        for other stored partner filters (a mailing's) that follow the segments' rules.

        :raise DomainSyntaxError: (a ValueError) when the text is not a literal domain
        """
        return self._resolve_domain(literal_domain.parse(text or "[]"), user=user)

    @api.model
    def _text_uses_personal_data(self, text, model=None):
        """Does the stored domain ``text`` (on ``model``, default res.partner) use personal data?
        A text that is not a literal domain counts as personal when it names a personal field."""
        try:
            domain = literal_domain.parse(text or "[]")
        except DomainSyntaxError:
            return any(name in (text or "") for name in self._personal_field_names())
        return self._domain_uses_personal_data(domain, model)

    def _get_partner_domain(self, user=None):
        """The segment's domain on res.partner, with its placeholders resolved for ``user``
        (default: the current user) now.

        :raise UserError: naming the segment when its conditions no longer work (a field was
            removed, a value became invalid, the text is not a literal domain...).
        """
        self.ensure_one()
        try:
            domain = self._resolve_domain(self._parse_domain(), user=user)
            return list(expression.normalize_domain(domain))
        except (ValueError, TypeError) as error:
            raise self._invalid_error(error) from error

    def _get_partners(self):
        """The partners of the segment right now (the current user's access rights apply).

        :raise UserError: naming the segment when its conditions no longer work.
        """
        self.ensure_one()
        domain = self._get_partner_domain()
        try:
            with self.env.cr.savepoint(flush=False):
                return self.env["res.partner"].search(domain)
        except (ValueError, TypeError, KeyError, psycopg2.Error) as error:
            raise self._invalid_error(error) from error

    def _invalid_error(self, error):
        _logger.info("segment %s (id %s) has invalid conditions: %s", self.name, self.id, error)
        if isinstance(error, DomainSyntaxError):  # its own text is English, for the log above
            error = self.env._(
                "%(reason)s: %(detail)s",
                reason=self._syntax_error_reason(error),
                detail=self._syntax_error_detail(error),
            )
        return UserError(
            self.env._(
                "The segment %(segment)s has conditions that no longer work (%(error)s): ask a manager to fix it.",
                segment=self.name,
                error=error,
            )
        )

    # ------------------------------------------------------------------ migration
    @api.model
    def _migrate_legacy_domains(self):
        """Rewrite stored domains of the evaluated era into their literal form (18.0.1.1.0).

        Domains that were Python expressions (``uid``, ``user.id``, ``context_today()``,
        ``relativedelta``...) become literal domains with placeholders. A domain that means
        anything else is left as it is - it is never evaluated, so it selects nobody and its
        form shows why - and the segment gets a note in its chatter asking a manager to rewrite
        it. Reads and writes in SQL: the constraint and the ORM would refuse such a text.

        :return: (ids of converted segments, ids of flagged segments)
        """
        cr = self.env.cr
        cr.execute(SQL("SELECT id, domain FROM miy_segment ORDER BY id"))
        converted, flagged = [], []
        for segment_id, text in cr.fetchall():
            try:
                new_text = literal_domain.to_text(literal_domain.parse(text or "[]"))
            except DomainSyntaxError as error:
                flagged.append(segment_id)
                _logger.warning(
                    "segment id %s: stored conditions are not a literal domain (%s), left for review", segment_id, error
                )
                continue
            if new_text != text:
                cr.execute(SQL("UPDATE miy_segment SET domain = %s WHERE id = %s", new_text, segment_id))
                converted.append(segment_id)
        segments = self.with_context(active_test=False).browse(converted + flagged)
        segments.invalidate_recordset(["domain"])
        segments.modified(["domain"])  # recompute the personal-data flag from the new text
        self.env.flush_all()
        for segment in self.with_context(active_test=False).browse(flagged):
            segment.message_post(
                body=self.env._(
                    "Review needed: the conditions of this segment were a formula, which MİY no longer runs. "
                    "Rewrite them as plain values (placeholders such as {today-30d} or {uid} for relative values); "
                    "until then the segment selects nobody."
                ),
                subtype_xmlid="mail.mt_note",
            )
        return converted, flagged
