from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.osv import expression
from odoo.tools import SQL


class MiyLifecycleEvent(models.Model):
    """One step of a prospect's way to becoming a customer (or not).

    System records: written by the ``crm.lead`` overrides only (through ``sudo``); users read them,
    nobody edits or deletes them (no write/create/unlink access line, and ``write``/``unlink``
    refuse anything but the superuser environment).
    """

    _name = "miy.lifecycle.event"
    _description = "Lifecycle Event"
    _order = "date desc, id desc"
    _rec_name = "event"

    partner_id = fields.Many2one("res.partner", string="Partner", index=True, ondelete="cascade", readonly=True)
    commercial_partner_id = fields.Many2one(
        "res.partner",
        string="Commercial Entity",
        related="partner_id.commercial_partner_id",
        store=True,
        index=True,
        readonly=True,
    )
    lead_id = fields.Many2one("crm.lead", string="Lead/Opportunity", index=True, ondelete="set null", readonly=True)
    lead_name = fields.Char(readonly=True)
    event = fields.Selection(
        [
            ("lead_created", "Lead created"),
            ("qualified", "Qualified"),
            ("opportunity_created", "Opportunity created"),
            ("won", "Won"),
            ("lost", "Lost"),
            ("reopened", "Reopened"),
        ],
        required=True,
        index=True,
        readonly=True,
    )
    date = fields.Datetime(required=True, default=fields.Datetime.now, index=True, readonly=True)
    user_id = fields.Many2one("res.users", string="Done by", readonly=True, default=lambda self: self.env.user)
    salesperson_id = fields.Many2one("res.users", string="Salesperson", readonly=True)
    team_id = fields.Many2one("crm.team", string="Sales Team", readonly=True)
    lost_reason_id = fields.Many2one("crm.lost.reason", string="Lost Reason", index=True, readonly=True)
    expected_revenue = fields.Float(readonly=True, aggregator="sum")
    company_id = fields.Many2one("res.company", readonly=True, index=True)
    lead_readable = fields.Boolean(
        string="Lead Readable",
        compute="_compute_lead_readable",
        search="_search_lead_readable",
        help="The event has no lead, or the current user may read its lead (crm's own record rules: "
        "'own documents only', companies...). A record rule shows each user these events only.",
    )

    @api.depends("lead_id")
    @api.depends_context("uid", "allowed_company_ids")
    def _compute_lead_readable(self):
        # record rules evaluate this on superuser records: read the leads with the real user's rights
        Lead = self.env["crm.lead"].with_env(self.env(su=False))
        leads = self.lead_id.with_env(Lead.env)
        readable = leads._filtered_access("read") if Lead.has_access("read") else Lead
        for event in self:
            event.lead_readable = not event.lead_id or event.lead_id in readable

    def _search_lead_readable(self, operator, value):
        if operator not in ("=", "!="):
            raise UserError(self.env._("Unsupported search on 'Lead Readable'."))
        # record rules evaluate this on a superuser model: search the leads with the real user's rights
        Lead = self.env["crm.lead"].with_env(self.env(su=False)).with_context(active_test=False)
        if Lead.env.su:
            domain = [(1, "=", 1)]
        elif Lead.has_access("read"):
            domain = ["|", ("lead_id", "=", False), ("lead_id", "in", Lead._search([]))]
        else:
            domain = [("lead_id", "=", False)]
        return domain if (operator == "=") == bool(value) else ["!", *expression.normalize_domain(domain)]

    def write(self, vals):
        if not self.env.su:
            self.check_access("write")
            raise UserError(self.env._("Lifecycle events are recorded by the system and cannot be changed."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_system(self):
        if not self.env.su:
            raise UserError(self.env._("Lifecycle events are recorded by the system and cannot be deleted."))

    @api.model
    def _record(self, leads, event, **values):
        """Record ``event`` for every lead of ``leads`` in one ``create`` (batch-safe)."""
        if not leads:
            return self.browse()
        vals_list = []
        for lead in leads:
            vals_list.append(
                {
                    "partner_id": lead.partner_id.id,
                    "lead_id": lead.id,
                    "lead_name": lead.name,
                    "event": event,
                    "user_id": self.env.uid,
                    "salesperson_id": lead.user_id.id,
                    "team_id": lead.team_id.id,
                    "lost_reason_id": lead.lost_reason_id.id if event == "lost" else False,
                    "expected_revenue": lead.expected_revenue,
                    "company_id": lead.company_id.id,
                    **values,
                }
            )
        return self.sudo().create(vals_list)

    @api.model
    def _backfill_from_crm(self):
        """Give the leads that exist before MİY their lifecycle history, from crm's own data
        (creation, conversion date, won stage, archived with probability 0 and lost reason).
        Set-based SQL, for databases with many leads; leads that already have events are skipped,
        so running it again adds nothing."""
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
                WITH lead AS (
                    SELECT l.*, p.commercial_partner_id,
                           l.active AND (COALESCE(s.is_won, FALSE) OR l.probability >= 100) AS is_won,
                           NOT l.active AND COALESCE(l.probability, 0) = 0 AS is_lost
                      FROM crm_lead l
                 LEFT JOIN res_partner p ON p.id = l.partner_id
                 LEFT JOIN crm_stage s ON s.id = l.stage_id
                     WHERE NOT EXISTS (SELECT 1 FROM miy_lifecycle_event e WHERE e.lead_id = l.id)
                ), step AS (
                    SELECT lead.*, CASE WHEN lead.type = 'lead' OR lead.date_conversion IS NOT NULL
                                        THEN 'lead_created' ELSE 'opportunity_created' END AS event,
                           lead.create_date AS event_date, NULL::integer AS reason_id, 1 AS seq
                      FROM lead
                 UNION ALL
                    SELECT lead.*, 'qualified', lead.date_conversion, NULL, 2
                      FROM lead WHERE lead.type = 'opportunity' AND lead.date_conversion IS NOT NULL
                 UNION ALL
                    SELECT lead.*, 'won', COALESCE(lead.date_closed, lead.write_date), NULL, 3
                      FROM lead WHERE lead.is_won
                 UNION ALL
                    SELECT lead.*, 'lost', COALESCE(lead.date_closed, lead.write_date), lead.lost_reason_id, 3
                      FROM lead WHERE lead.is_lost
                )
                INSERT INTO miy_lifecycle_event (
                    partner_id, commercial_partner_id, lead_id, lead_name, event, date, user_id,
                    salesperson_id, team_id, lost_reason_id, expected_revenue, company_id,
                    create_uid, create_date, write_uid, write_date)
                SELECT step.partner_id, step.commercial_partner_id, step.id, step.name, step.event,
                       COALESCE(step.event_date, NOW() AT TIME ZONE 'UTC'), step.create_uid, step.user_id,
                       step.team_id, step.reason_id, step.expected_revenue, step.company_id,
                       %(uid)s, NOW() AT TIME ZONE 'UTC', %(uid)s, NOW() AT TIME ZONE 'UTC'
                  FROM step
              ORDER BY step.id, step.seq
                """,
                uid=self.env.uid,
            )
        )
        count = self.env.cr.rowcount
        # customer since: first won event of the partner or of its contacts
        self.env.cr.execute(
            SQL(
                """
                UPDATE res_partner partner SET miy_customer_since = first.day
                  FROM (SELECT pid, MIN(day) AS day FROM (
                            SELECT partner_id AS pid, date::date AS day FROM miy_lifecycle_event
                             WHERE event = 'won' AND partner_id IS NOT NULL
                         UNION ALL
                            SELECT commercial_partner_id, date::date FROM miy_lifecycle_event
                             WHERE event = 'won' AND commercial_partner_id IS NOT NULL
                        ) won GROUP BY pid) first
                 WHERE partner.id = first.pid
                   AND partner.miy_customer_since IS DISTINCT FROM first.day
                """
            )
        )
        self.env.invalidate_all()
        return count
