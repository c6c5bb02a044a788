from datetime import date, datetime, time, timedelta

import pytz

from odoo import api, fields, models, tools
from odoo.osv import expression
from odoo.tools import SQL

# Channels counted as visits (ziyaret): meeting the customer in person.
VISIT_CHANNELS = ("visit", "face_to_face")


def utc_period_bounds(env, date_from, date_to):
    """The UTC bounds ``[start, end)`` of a period of measures, for the stored (UTC) datetimes.

    A day (a ``date`` or a "YYYY-MM-DD" string) is the user's day: it starts at midnight in the
    user's time zone (the context's, else the user's, else UTC), so an interaction at 01:30 in
    Istanbul on the 2nd counts on the 2nd. ``date_to`` as a day counts whole. Datetimes are
    taken as they are (UTC).
    """
    tz = pytz.timezone(env.context.get("tz") or env.user.tz or "UTC")

    def bound(value, next_day=False):
        is_day = (
            isinstance(value, str) and len(value) == 10 or (isinstance(value, date) and not isinstance(value, datetime))
        )
        if not is_day:
            return fields.Datetime.to_datetime(value)
        day = fields.Date.to_date(value) + timedelta(days=1 if next_day else 0)
        return tz.localize(datetime.combine(day, time.min)).astimezone(pytz.utc).replace(tzinfo=None)

    return bound(date_from), bound(date_to, next_day=True)


class MiyInteractionReport(models.Model):
    """Measures of interactions: one row per interaction, customer (commercial partner) and one
    of our people, so that counts can be grouped per customer, user, team, channel and period.

    An interaction with two customers or two of our people has several rows: the measures
    *Interactions* and *Visits* count distinct interactions, so totals are never inflated.
    Rows follow the interaction record rules: a user sees the rows of the interactions they may
    read (see ``_search`` and ``_check_access``).
    """

    _name = "miy.interaction.report"
    _description = "Interaction Measures"
    _auto = False
    _order = "date desc, id desc"
    _rec_name = "interaction_id"

    interaction_id = fields.Many2one("miy.interaction", string="Interaction", readonly=True)
    subject = fields.Char(readonly=True)
    date = fields.Datetime(readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    user_id = fields.Many2one("res.users", string="User", readonly=True)
    team_id = fields.Many2one("crm.team", string="Sales Team", readonly=True)
    channel = fields.Selection(
        selection=lambda self: self.env["miy.interaction"]._fields["channel"]._description_selection(self.env),
        readonly=True,
    )
    reason_id = fields.Many2one("miy.interaction.reason", string="Reason", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    is_visit = fields.Boolean(string="Visit", readonly=True)
    duration = fields.Float(string="Average Duration", readonly=True, aggregator="avg")
    interaction_count = fields.Integer(string="Interactions", readonly=True, aggregator="count_distinct")
    visit_count = fields.Integer(string="Visits", readonly=True, aggregator="count_distinct")

    def _miy_query(self):
        return SQL(
            """
            SELECT i.id::bigint * 1000000 + row_number() OVER (
                       PARTITION BY i.id, i.date, i.channel, i.reason_id, i.company_id
                       ORDER BY cp.partner_id, iu.user_id
                   ) AS id,
                   i.id AS interaction_id,
                   i.subject AS subject,
                   i.date AS date,
                   cp.partner_id AS partner_id,
                   iu.user_id AS user_id,
                   u.sale_team_id AS team_id,
                   i.channel AS channel,
                   i.reason_id AS reason_id,
                   i.company_id AS company_id,
                   i.channel IN %(visit)s AS is_visit,
                   i.duration AS duration,
                   i.id AS interaction_count,
                   CASE WHEN i.channel IN %(visit)s THEN i.id END AS visit_count
              FROM miy_interaction i
         LEFT JOIN LATERAL (
                       SELECT DISTINCT p.commercial_partner_id AS partner_id
                         FROM miy_interaction_partner_rel r
                         JOIN res_partner p ON p.id = r.partner_id
                        WHERE r.interaction_id = i.id
                   ) cp ON TRUE
         LEFT JOIN miy_interaction_user_rel iu ON iu.interaction_id = i.id
         LEFT JOIN res_users u ON u.id = iu.user_id
            """,
            visit=VISIT_CHANNELS,
        )

    # The row id is the interaction's id * 1,000,000 + the row's rank among the interaction's
    # rows (customers x users of one interaction). The window is partitioned by the
    # interaction's own columns so that PostgreSQL pushes filters on them (period, channel,
    # company, the interaction record rules) below it instead of building every row first.
    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(SQL("CREATE OR REPLACE VIEW %s AS (%s)", SQL.identifier(self._table), self._miy_query()))

    @api.model
    def _miy_visible_domain(self):
        """Rows of the interactions the current user may read (their record rules)."""
        if self.env.su:
            return []
        return [("interaction_id", "in", self.env["miy.interaction"]._search([]))]

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None):
        domain = expression.AND([domain or [], self._miy_visible_domain()])
        return super()._search(domain, offset=offset, limit=limit, order=order)

    def _check_access(self, operation):
        result = super()._check_access(operation)
        if result or self.env.su or not any(self._ids):
            return result
        interactions = self.sudo().interaction_id
        visible = interactions._filtered_access("read")
        forbidden = self.sudo().filtered(lambda row: row.interaction_id not in visible).with_env(self.env)
        if forbidden:
            return forbidden, lambda: self.env["ir.rule"]._make_access_error(operation, forbidden)
        return None
