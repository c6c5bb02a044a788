from odoo import api, fields, models
from odoo.tools import SQL

from .miy_interaction_report import utc_period_bounds
from .miy_service_request_pause import CLOCK_RUNNING_STATES

ESCALATION_ACTIVITY_TYPE = "miy_interactions.mail_activity_type_sla_escalation"


class MiyServiceRequest(models.Model):
    """SLA escalation (cron) and the measures of service requests."""

    _inherit = "miy.service.request"

    # ------------------------------------------------------------------ escalation
    @api.model
    def _miy_breached_domain(self, target, now):
        if target == "first_response":
            return [
                ("state", "in", CLOCK_RUNNING_STATES),  # a request waiting for the customer is paused
                ("first_response_date", "=", False),
                ("first_response_deadline", "!=", False),
                ("first_response_deadline", "<", now),
                ("first_response_escalated", "=", False),
            ]
        return [
            ("state", "in", CLOCK_RUNNING_STATES),  # a request waiting for the customer is paused
            ("resolution_deadline", "!=", False),
            ("resolution_deadline", "<", now),
            ("resolution_escalated", "=", False),
        ]

    @api.model
    def _cron_escalate_breached(self):
        """Escalate each request whose first-response or resolution deadline passed while it is
        still open to its team's manager: one activity per request and target, one e-mail per
        manager and target listing them. Each target escalates once (the flag is the marker).
        A request waiting for the customer is paused: its deadline moves when it stops waiting.
        The notes are written in the cron user's language (a cron's context gives none)."""
        model = self._miy_in_user_lang()
        if model is not self:
            return model._cron_escalate_breached()
        now = fields.Datetime.now()
        requests_sudo = self.sudo()
        for target in ("first_response", "resolution"):
            breached = requests_sudo.search(
                self._miy_breached_domain(target, now), order="id"
            )._miy_lock_for_escalation()
            if breached:
                breached._miy_escalate(target)

    def _miy_lock_for_escalation(self):
        """These requests less those another transaction holds: a second run of the job at the
        same moment (another cron worker, a manual run) is escalating them. The rows stay locked
        until this transaction ends; one the other run already committed fails this run on
        PostgreSQL's serialization check (rolled back, nothing sent twice)."""
        if not self:
            return self
        self.env.cr.execute(
            SQL(
                "SELECT id FROM miy_service_request WHERE id = ANY(%s) FOR NO KEY UPDATE SKIP LOCKED",
                self.ids,
            )
        )
        free = {row[0] for row in self.env.cr.fetchall()}
        return self.filtered(lambda request: request.id in free)

    def _miy_escalate(self, target):
        """Batch: one search (the caller's), one activity create, one e-mail per manager, one write."""
        activity_type = self.env.ref(ESCALATION_ACTIVITY_TYPE, raise_if_not_found=False) or self.env.ref(
            "mail.mail_activity_data_todo"
        )
        model_id = self.env["ir.model"]._get_id(self._name)
        today = fields.Date.context_today(self)
        by_manager = {}
        without_manager = self.browse()
        for service_request in self:
            manager = service_request.team_id.user_id
            if manager and manager.active:
                by_manager.setdefault(manager, self.browse())
                by_manager[manager] |= service_request
            else:
                without_manager |= service_request
        activity_vals = []
        for manager, requests in by_manager.items():
            summary = self._miy_escalation_summary(target, manager.lang)
            activity_vals += [
                {
                    "res_model_id": model_id,
                    "res_id": service_request.id,
                    "activity_type_id": activity_type.id,
                    "user_id": manager.id,
                    "date_deadline": today,
                    "summary": summary,
                }
                for service_request in requests
            ]
        if activity_vals:
            # one activity per request; the manager's e-mail below replaces Odoo's per-activity notice
            self.env["mail.activity"].sudo().with_context(mail_activity_quick_update=True).create(activity_vals)
        template = self.env.ref("miy_interactions.mail_template_service_request_escalation")
        base_url = self[:1].get_base_url()
        for manager, requests in by_manager.items():
            if manager.email:
                template.with_context(
                    miy_requests=requests,
                    miy_target=target,
                    miy_base_url=base_url,
                    lang=manager.lang,
                ).send_mail(manager.id, force_send=False)
        for service_request in without_manager:
            service_request.message_post(
                body=self.env._(
                    "The %(target)s target was missed and the request has no team manager to escalate to.",
                    target=self._miy_target_label(target),
                ),
                subtype_xmlid="mail.mt_note",
            )
        self.write({f"{target}_escalated": True})

    @api.model
    def _miy_target_label(self, target):
        return self.env._("first response") if target == "first_response" else self.env._("resolution")

    @api.model
    def _miy_escalation_summary(self, target, lang=None):
        env = self.with_context(lang=lang or self.env.lang).env
        if target == "first_response":
            return env._("SLA breached: first response overdue")
        return env._("SLA breached: resolution overdue")

    # ------------------------------------------------------------------ measures
    @api.model
    def _miy_measure_rows(self, date_from, date_to):
        """Per customer, per user and per team, over the requests opened between the two dates
        (cancelled ones left out): number of requests, average first-response hours (of the
        answered ones), average resolution hours (of the resolved ones) and the share within SLA
        (of those whose outcome is known: resolved, or open with a missed target). Days are the
        user's days (``utc_period_bounds``).

        Returns ``(headers, rows)``; each row is ``[dimension, name, count, avg first response,
        avg resolution, % within SLA]`` with ``None`` where there is nothing to average.
        """
        start, end = utc_period_bounds(self.env, date_from, date_to)
        base = [("request_date", ">=", start), ("request_date", "<", end), ("state", "!=", "cancelled")]
        dimensions = [
            ("commercial_partner_id", self.env._("Customer")),
            ("user_id", self.env._("User")),
            ("team_id", self.env._("Team")),
        ]
        headers = [
            self.env._("Dimension"),
            self.env._("Name"),
            self.env._("Requests"),
            self.env._("Avg. First Response (h)"),
            self.env._("Avg. Resolution (h)"),
            self.env._("Within SLA (%)"),
        ]
        rows = []
        for field_name, label in dimensions:
            counts = dict(self._read_group(base, [field_name], ["__count"]))
            response = dict(
                self._read_group(
                    base + [("first_response_date", "!=", False)], [field_name], ["first_response_hours:avg"]
                )
            )
            resolution = dict(
                self._read_group(base + [("resolution_date", "!=", False)], [field_name], ["resolution_hours:avg"])
            )
            decided = dict(
                self._read_group(
                    base + ["|", ("state", "=", "resolved"), ("sla_within", "=", False)],
                    [field_name],
                    ["sla_within_percent:avg"],
                )
            )
            ordered = sorted(counts, key=lambda rec: (rec.display_name or "").lower() if rec else "\uffff")
            for record in ordered:
                rows.append(
                    [
                        label,
                        record.display_name if record else self.env._("(none)"),
                        counts[record],
                        _round(response.get(record)),
                        _round(resolution.get(record)),
                        _round(decided.get(record)),
                    ]
                )
        return headers, rows


def _round(value):
    return None if value is None else round(value, 2)
