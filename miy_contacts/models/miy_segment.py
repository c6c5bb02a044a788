import logging

import psycopg2

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.osv import expression
from odoo.tools.safe_eval import datetime, dateutil, safe_eval, time

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
        required=True, default="[]", tracking=True, help="Which partners belong to the segment, checked when used."
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
            try:
                domain = segment._eval_domain()
            except (ValueError, SyntaxError, NameError, TypeError):
                domain = []
            segment.uses_personal_data = self._domain_uses_personal_data(domain)

    # ------------------------------------------------------------------ constraints
    @api.constrains("domain")
    def _check_domain(self):
        Partner = self.env["res.partner"]
        for segment in self:
            try:
                domain = segment._eval_domain()
                if not isinstance(domain, list | tuple):
                    raise TypeError("not a list")
                if segment.uses_personal_data and not (self.env.su or self.env.user.has_group(PERSONAL_GROUP)):
                    raise ValidationError(
                        self.env._(
                            "The segment %(segment)s filters on personal data (age, gender, hobbies...): only "
                            "users with the MİY personal data right may save it.",
                            segment=segment.name,
                        )
                    )
                with self.env.cr.savepoint(flush=False):
                    Partner.search_count(expression.normalize_domain(domain), limit=1)
            except ValidationError:
                raise
            except (ValueError, SyntaxError, NameError, TypeError, KeyError, UserError, psycopg2.Error) as error:
                raise ValidationError(
                    self.env._(
                        "The conditions of the segment %(segment)s are not valid: %(error)s",
                        segment=segment.name,
                        error=error,
                    )
                ) from error

    # ------------------------------------------------------------------ actions
    def action_open_members(self):
        self.ensure_one()
        return self.env["res.partner"]._miy_partners_action(self.name, self._get_partner_domain(), {"create": False})

    # ------------------------------------------------------------------ business methods
    def _eval_context(self):
        return {
            "uid": self.env.uid,
            "user": self.env.user,
            "context_today": lambda: fields.Date.context_today(self),
            "datetime": datetime,
            "dateutil": dateutil,
            "relativedelta": dateutil.relativedelta.relativedelta,
            "time": time,
        }

    def _eval_domain(self):
        self.ensure_one()
        return safe_eval(self.domain or "[]", self._eval_context())

    @api.model
    def _domain_uses_personal_data(self, domain):
        """Does one of the field paths of ``domain`` go through personal data?"""
        if not isinstance(domain, list | tuple):
            return False
        for leaf in domain:
            if not isinstance(leaf, list | tuple) or len(leaf) != 3 or not isinstance(leaf[0], str):
                continue
            model = self.env["res.partner"]
            for name in leaf[0].split("."):
                field = model._fields.get(name)
                if field is None:
                    break
                if field.groups and PERSONAL_GROUP in field.groups.split(","):
                    return True
                if not field.relational:
                    break
                if field.comodel_name in PERSONAL_MODELS:
                    return True
                model = self.env[field.comodel_name]
        return False

    def _get_partner_domain(self):
        """The segment's domain on res.partner, evaluated now.

        :raise UserError: naming the segment when its conditions no longer work (a field was
            removed, a value became invalid...).
        """
        self.ensure_one()
        try:
            domain = self._eval_domain()
            if not isinstance(domain, list | tuple):
                raise TypeError("not a list")
            return list(expression.normalize_domain(domain))
        except (ValueError, SyntaxError, NameError, TypeError) as error:
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
        return UserError(
            self.env._(
                "The segment %(segment)s has conditions that no longer work (%(error)s): ask a manager to fix it.",
                segment=self.name,
                error=error,
            )
        )
