"""The planned steps of a segment campaign and the partners it targets.

A step runs once: it is claimed with a conditional ``UPDATE ... WHERE state = 'planned'`` over a
``FOR UPDATE SKIP LOCKED`` sub-select, so that two cron workers (or a button and the cron) never
run the same step twice. Each step works on all the targeted partners at once: a few queries and
one batch ``create`` whatever their number.
"""

import logging
from collections import defaultdict

import psycopg2
import psycopg2.errors
from dateutil.relativedelta import relativedelta
from markupsafe import Markup, escape

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL

_logger = logging.getLogger(__name__)

STEP_TYPES = [("email", "E-mail"), ("call", "Call List"), ("dealer", "Dealer Action"), ("visit", "Visit")]
OPEN_DEALER_STATES = ("routed", "accepted")
NOTE_NAMES_MAX = 100  # partner names listed in a dealer's task; the others are counted


class MiyCampaignStep(models.Model):
    _name = "miy.campaign.step"
    _description = "Campaign Step"
    _order = "campaign_id, sequence, id"

    campaign_id = fields.Many2one("utm.campaign", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="campaign_id.company_id", store=True, index=True)
    sequence = fields.Integer(default=10)
    name = fields.Char(string="Step", required=True, translate=True)
    step_type = fields.Selection(STEP_TYPES, string="Type", required=True, default="email")
    day_offset = fields.Integer(
        string="Days After Previous",
        help="Days after the previous step (the first step: after the campaign's start date).",
    )
    planned_date = fields.Date(compute="_compute_planned_date", store=True, index=True)
    user_id = fields.Many2one(
        "res.users",
        string="Responsible",
        domain="[('share', '=', False)]",
        help="Gets the activities of partners without a salesperson (and the dealer tasks of dealers without an "
        "account manager); the campaign's responsible when empty.",
    )
    mail_template_id = fields.Many2one(
        "mail.template",
        string="E-mail Template",
        domain="[('model', '=', 'res.partner')]",
        help="A template on contacts, sent to each targeted partner with an e-mail address, in the partner's "
        "language when the template's language is {{ object.lang }}.",
    )
    summary = fields.Char(help="Title of the activities or tasks the step creates; the step's name when empty.")
    state = fields.Selection(
        [
            ("planned", "Planned"),
            ("running", "Running"),
            ("done", "Done"),
            ("failed", "Failed"),
            ("cancel", "Cancelled"),
        ],
        default="planned",
        required=True,
        copy=False,
        readonly=True,
    )
    done_date = fields.Datetime(string="Run On", copy=False, readonly=True)
    produced_count = fields.Integer(
        string="Produced", copy=False, readonly=True, help="E-mails, activities or dealer tasks created."
    )
    skipped_count = fields.Integer(
        string="Skipped",
        copy=False,
        readonly=True,
        help="Targeted partners left out: no e-mail address, no phone number, or no dealer serving them.",
    )
    result_note = fields.Text(string="Result", copy=False, readonly=True)

    _sql_constraints = [
        ("day_offset_positive", "CHECK(day_offset >= 0)", "A step cannot start before the previous one."),
    ]

    # ------------------------------------------------------------------ computes
    @api.depends(
        "campaign_id.miy_date_start", "campaign_id.miy_step_ids.sequence", "campaign_id.miy_step_ids.day_offset"
    )
    def _compute_planned_date(self):
        for campaign in self.campaign_id:
            day = campaign.miy_date_start
            for step in campaign.miy_step_ids.sorted(lambda s: (s.sequence, s.id or 0)):
                if day:
                    day = day + relativedelta(days=step.day_offset)
                step.planned_date = day or False
        for step in self.filtered(lambda s: not s.campaign_id):
            step.planned_date = False

    # ------------------------------------------------------------------ constraints
    @api.constrains("step_type", "mail_template_id")
    def _check_template(self):
        for step in self:
            if step.mail_template_id and step.mail_template_id.model != "res.partner":
                raise ValidationError(
                    self.env._(
                        "The e-mail template of the step %(step)s must be a template on contacts.", step=step.name
                    )
                )

    # ------------------------------------------------------------------ CRUD
    @api.model_create_multi
    def create(self, vals_list):
        self.env["utm.campaign"]._miy_check_manager()
        return super().create(vals_list)

    def write(self, vals):
        self.env["utm.campaign"]._miy_check_manager()
        if set(vals) - {"state", "done_date", "produced_count", "skipped_count", "result_note"} and any(
            step.state in ("running", "done") for step in self
        ):
            raise UserError(self.env._("A step that ran cannot be changed."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_ran(self):
        self.env["utm.campaign"]._miy_check_manager()
        if any(step.state in ("running", "done") for step in self):
            raise UserError(self.env._("A step that ran cannot be deleted."))

    # ------------------------------------------------------------------ actions
    def action_run(self):
        """Run the step now (before its planned date if need be); a step runs once."""
        self.env["utm.campaign"]._miy_check_manager()
        self._miy_check_runnable()
        claimed = self._miy_claim()
        if claimed != self:
            raise UserError(self.env._("This step has already run, or is running right now."))
        for step in claimed:
            step._miy_execute()
        return True

    def action_cancel(self):
        self.env["utm.campaign"]._miy_check_manager()
        if any(step.state not in ("planned", "failed") for step in self):
            raise UserError(self.env._("Only a planned or failed step can be cancelled."))
        self.write({"state": "cancel"})
        return True

    def action_retry(self):
        self.env["utm.campaign"]._miy_check_manager()
        self.filtered(lambda step: step.state in ("failed", "cancel")).write({"state": "planned", "result_note": False})
        return True

    # ------------------------------------------------------------------ business methods
    def _miy_check_runnable(self):
        for step in self:
            if step.campaign_id.miy_state != "running":
                raise UserError(
                    self.env._(
                        "Launch the campaign %(campaign)s before running its steps.", campaign=step.campaign_id.title
                    )
                )
            pending = step._miy_pending_previous()
            if pending:
                raise UserError(
                    self.env._(
                        "Run or cancel the previous step %(previous)s first: the steps run in sequence.",
                        previous=pending[0].name,
                    )
                )

    def _miy_pending_previous(self):
        """The steps before this one in its campaign that have neither run nor been cancelled."""
        self.ensure_one()
        steps = self.campaign_id.miy_step_ids.sorted(lambda s: (s.sequence, s.id))
        previous = steps[: list(steps).index(self)]
        return previous.filtered(lambda s: s.state not in ("done", "cancel"))

    def _miy_claim(self):
        """Mark the planned steps of ``self`` as running and return them; a step locked by another
        transaction (another cron worker) or no longer planned is left out, never waited for."""
        if not self:
            return self
        self.flush_recordset()
        try:
            with self.env.cr.savepoint(flush=False):
                self.env.cr.execute(
                    SQL(
                        """
                        UPDATE miy_campaign_step
                           SET state = 'running', write_uid = %(uid)s, write_date = (now() AT TIME ZONE 'UTC')
                         WHERE id IN (
                               SELECT id FROM miy_campaign_step
                                WHERE id = ANY(%(ids)s) AND state = 'planned'
                                ORDER BY id
                                  FOR UPDATE SKIP LOCKED
                         )
                        RETURNING id
                        """,
                        uid=self.env.uid,
                        ids=self.ids,
                    )
                )
                claimed_ids = {row[0] for row in self.env.cr.fetchall()}
        except psycopg2.errors.SerializationFailure:
            # another worker ran (and committed) one of these steps after this transaction began:
            # they are not ours; whatever is still planned is claimed on the next run
            return self.browse()
        self.invalidate_recordset(["state", "write_uid", "write_date"])
        return self.filtered(lambda step: step.id in claimed_ids)

    def _miy_execute(self):
        """Produce the step's e-mails, activities or dealer tasks for every targeted partner."""
        self.ensure_one()
        partners = self.campaign_id._miy_target_partners()
        runner = {
            "email": self._miy_run_email,
            "call": self._miy_run_call,
            "dealer": self._miy_run_dealer,
            "visit": self._miy_run_visit,
        }[self.step_type]
        produced, skipped, note = runner(partners)
        self.write(
            {
                "state": "done",
                "done_date": fields.Datetime.now(),
                "produced_count": produced,
                "skipped_count": skipped,
                "result_note": note,
            }
        )
        self.campaign_id.message_post(
            body=self.env._(
                "Step %(step)s done: %(produced)s produced, %(skipped)s skipped.",
                step=self.name,
                produced=produced,
                skipped=skipped,
            ),
            subtype_xmlid="mail.mt_note",
        )

    def _miy_summary(self):
        return self.summary or self.env._("%(campaign)s: %(step)s", campaign=self.campaign_id.title, step=self.name)

    def _miy_deadline(self):
        today = fields.Date.context_today(self)
        return max(self.planned_date, today) if self.planned_date else today

    def _miy_fallback_user(self):
        return self.user_id or self.campaign_id.user_id or self.env.user

    def _miy_run_email(self, partners):
        template = self.mail_template_id
        if not template:
            raise UserError(self.env._("Choose the e-mail template of the step %(step)s.", step=self.name))
        with_email = partners.filtered("email")
        mails = self.env["mail.mail"]
        if with_email:
            # one batch: rendered per language (the template's lang, e.g. {{ object.lang }}) and
            # queued for Odoo's mail queue, never sent inside this transaction
            mails = template.send_mail_batch(with_email.ids, force_send=False)
        skipped = len(partners) - len(with_email)
        return (
            len(mails),
            skipped,
            self.env._(
                "%(count)s e-mails queued; %(skipped)s partners without an e-mail address.",
                count=len(mails),
                skipped=skipped,
            ),
        )

    def _miy_run_call(self, partners):
        reachable = partners.filtered(lambda p: p.phone or p.mobile)
        activity_type = self.env.ref("mail.mail_activity_data_call")
        activities = self._miy_partner_activities(reachable, activity_type)
        skipped = len(partners) - len(reachable)
        return (
            len(activities),
            skipped,
            self.env._(
                "%(count)s phone calls planned for the salespeople; %(skipped)s partners without a phone number.",
                count=len(activities),
                skipped=skipped,
            ),
        )

    def _miy_run_visit(self, partners):
        activity_type = self.env.ref("miy_dealer_channel.mail_activity_type_campaign_visit")
        activities = self._miy_partner_activities(partners, activity_type)
        return len(activities), 0, self.env._("%(count)s visits planned for the salespeople.", count=len(activities))

    def _miy_partner_activities(self, partners, activity_type):
        """One activity per partner, for its salesperson (an active employee) or the step's responsible."""
        if not partners:
            return self.env["mail.activity"]
        model_id = self.env["ir.model"]._get_id("res.partner")
        fallback = self._miy_fallback_user()
        deadline = self._miy_deadline()
        summary = self._miy_summary()
        vals_list = []
        for partner in partners:
            user = partner.user_id if partner.user_id.active and not partner.user_id.share else fallback
            vals_list.append(
                {
                    "res_model_id": model_id,
                    "res_id": partner.id,
                    "activity_type_id": activity_type.id,
                    "summary": summary,
                    "user_id": user.id,
                    "date_deadline": deadline,
                }
            )
        # no assignment e-mail per activity: the salespeople see them in their activity list
        return self.env["mail.activity"].with_context(mail_activity_quick_update=True).create(vals_list)

    def _miy_dealers_of(self, partners):
        """{partner: dealer} for the targeted partners a dealer serves: the dealer of the partner's
        (its organization's) most recent open routed lead first, else a dealer covering its province."""
        company = self.campaign_id.company_id or self.env.company
        commercial = partners.commercial_partner_id
        routed = (
            self.env["crm.lead"]
            .with_context(active_test=False)
            ._read_group(
                [
                    ("partner_id", "child_of", commercial.ids),
                    ("miy_dealer_id", "!=", False),
                    ("miy_dealer_state", "in", OPEN_DEALER_STATES),
                    ("company_id", "in", [False, company.id]),
                ],
                ["partner_id", "miy_dealer_id"],
                ["id:max"],
            )
        )
        by_commercial = {}
        for lead_partner, dealer, _last_id in sorted(routed, key=lambda row: row[2]):
            if dealer.active:
                by_commercial[lead_partner.commercial_partner_id.id] = dealer  # the newest lead wins
        dealers = self.env["miy.dealer"].search(
            [("company_id", "=", company.id), ("coverage_state_ids", "in", partners.state_id.ids)]
        )
        by_state = {}
        for dealer in dealers.sorted(lambda d: (-(d.tier_id.weight or 0), d.name or "", d.id)):
            for state in dealer.coverage_state_ids:
                by_state.setdefault(state.id, dealer)
        result = {}
        for partner in partners:
            dealer = by_commercial.get(partner.commercial_partner_id.id) or by_state.get(partner.state_id.id)
            if dealer:
                result[partner] = dealer
        return result

    def _miy_run_dealer(self, partners):
        """One to-do activity per dealer, on its dealer record, for its account manager: the
        dealer channel's own way of asking the account manager to act with a dealer."""
        served = self._miy_dealers_of(partners)
        partners_by_dealer = defaultdict(list)
        for partner, dealer in served.items():
            partners_by_dealer[dealer].append(partner)
        model_id = self.env["ir.model"]._get_id("miy.dealer")
        activity_type = self.env.ref("mail.mail_activity_data_todo")
        fallback = self._miy_fallback_user()
        deadline = self._miy_deadline()
        summary = self._miy_summary()
        vals_list = []
        for dealer, dealer_partners in partners_by_dealer.items():
            names = Markup("").join(
                Markup("<li>%s</li>") % partner.display_name for partner in dealer_partners[:NOTE_NAMES_MAX]
            )
            more = len(dealer_partners) - NOTE_NAMES_MAX
            note = Markup("<p>%s</p><ul>%s</ul>") % (
                self.env._(
                    "Campaign %(campaign)s: act with the dealer for these %(count)s partners.",
                    campaign=self.campaign_id.title,
                    count=len(dealer_partners),
                ),
                names,
            )
            if more > 0:
                note += Markup("<p>%s</p>") % escape(self.env._("... and %(count)s more.", count=more))
            user = dealer.user_id if dealer.user_id.active else fallback
            vals_list.append(
                {
                    "res_model_id": model_id,
                    "res_id": dealer.id,
                    "activity_type_id": activity_type.id,
                    "summary": summary,
                    "note": note,
                    "user_id": user.id,
                    "date_deadline": deadline,
                }
            )
        activities = self.env["mail.activity"].with_context(mail_activity_quick_update=True).create(vals_list)
        skipped = len(partners) - len(served)
        return (
            len(activities),
            skipped,
            self.env._(
                "%(count)s dealer tasks for %(partners)s partners; %(skipped)s partners served by no dealer.",
                count=len(activities),
                partners=len(served),
                skipped=skipped,
            ),
        )

    @api.model
    def _cron_miy_run_due_steps(self, limit=50):
        """Run the steps due today or earlier of the running campaigns, in sequence; a failing step
        is marked failed (with the reason) and the others go on."""
        today = fields.Date.context_today(self)
        steps = self.search(
            [("state", "=", "planned"), ("campaign_id.miy_state", "=", "running"), ("planned_date", "<=", today)],
            order="planned_date, sequence, id",
            limit=limit,
        )
        # a step runs when the steps before it are done, cancelled, or due in this same run
        runnable = steps.filtered(lambda step: not (step._miy_pending_previous() - steps))
        failed_campaigns = set()
        for step in runnable._miy_claim().sorted(lambda s: (s.campaign_id.id, s.sequence, s.id)):
            if step.campaign_id.id in failed_campaigns or step._miy_pending_previous():
                # an earlier step failed, or is another worker's: this one waits for the next run
                step.write({"state": "planned"})
                continue
            try:
                with self.env.cr.savepoint():
                    step._miy_execute()
            except (UserError, AccessError, ValidationError, psycopg2.Error) as error:
                _logger.warning("campaign step %s failed: %s", step.id, error)
                failed_campaigns.add(step.campaign_id.id)
                step.write({"state": "failed", "result_note": str(error.args[0] if error.args else error)})


class MiyCampaignTarget(models.Model):
    """A partner targeted by a campaign: the segment's members when the campaign was launched."""

    _name = "miy.campaign.target"
    _description = "Campaign Target"
    _order = "campaign_id, id"

    campaign_id = fields.Many2one("utm.campaign", required=True, ondelete="cascade", index=True, readonly=True)
    partner_id = fields.Many2one("res.partner", required=True, ondelete="cascade", index=True, readonly=True)
    commercial_partner_id = fields.Many2one("res.partner", string="Organization", index=True, readonly=True)
    company_id = fields.Many2one("res.company", index=True, readonly=True)

    _sql_constraints = [
        ("campaign_partner_uniq", "unique(campaign_id, partner_id)", "A partner is targeted once per campaign."),
    ]

    @api.model
    def _miy_insert(self, campaign, partners):
        """Snapshot ``partners`` as the targets of ``campaign``: one INSERT ... SELECT, whatever
        their number (10,000 partners would be 10,000 ORM creates)."""
        self.check_access("create")
        self.env["res.partner"].flush_model(["commercial_partner_id"])
        self.env.cr.execute(
            SQL(
                """
                INSERT INTO miy_campaign_target
                       (campaign_id, partner_id, commercial_partner_id, company_id,
                        create_uid, create_date, write_uid, write_date)
                SELECT %(campaign)s, p.id, p.commercial_partner_id, %(company)s,
                       %(uid)s, now() AT TIME ZONE 'UTC', %(uid)s, now() AT TIME ZONE 'UTC'
                  FROM res_partner p
                 WHERE p.id = ANY(%(ids)s)
                ON CONFLICT (campaign_id, partner_id) DO NOTHING
                """,
                campaign=campaign.id,
                company=(campaign.company_id or self.env.company).id,
                uid=self.env.uid,
                ids=partners.ids,
            )
        )
        # fresh statistics for the results report's plan: thousands of rows just arrived, before
        # autovacuum could see them (a planner expecting a few targets loops over every order)
        self.env.cr.execute(SQL("ANALYZE miy_campaign_target"))
        self.invalidate_model()
