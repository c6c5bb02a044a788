"""Segment campaigns: a UTM campaign aimed at a saved segment of partners, with a budget, planned
steps and measured results.

On launch the segment's members (evaluated with the launching user's rights, limited to the
campaign's company) are copied into ``miy.campaign.target``: the steps and the results are about
the partners actually targeted, whatever the segment selects later. The results are read from the
``miy.campaign.result`` report (one SQL view, one ``_read_group`` for any number of campaigns).
"""

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.osv import expression

CAMPAIGN_READ_GROUPS = "miy_contacts.group_miy_user,sales_team.group_sale_salesman"
CAMPAIGN_MANAGER_GROUPS = ("miy_contacts.group_miy_manager", "sales_team.group_sale_manager")

# the fields only campaign managers may write (utm.campaign itself is writable by every employee)
MANAGED_FIELDS = {
    "miy_segment_id",
    "miy_budget",
    "miy_date_start",
    "miy_date_end",
    "miy_state",
    "miy_step_ids",
    "miy_launch_date",
    "miy_launched_by_id",
}

RESULT_MEASURES = ("lead_count", "quote_count", "order_count", "revenue")


class UtmCampaign(models.Model):
    _name = "utm.campaign"
    _inherit = ["utm.campaign", "mail.thread"]

    miy_segment_id = fields.Many2one(
        "miy.segment",
        string="Segment",
        tracking=True,
        index="btree_not_null",
        groups=CAMPAIGN_READ_GROUPS,
        help="The partners the campaign is aimed at: its members are taken when the campaign is launched.",
    )
    miy_is_segment_campaign = fields.Boolean(
        string="Segment Campaign",
        compute="_compute_miy_is_segment_campaign",
        store=True,
        help="Aimed at a segment: the campaign's company rule applies to it.",
    )
    miy_budget = fields.Monetary(
        string="Budget", currency_field="currency_id", tracking=True, groups=CAMPAIGN_READ_GROUPS
    )
    miy_date_start = fields.Date(string="Start Date", tracking=True, groups=CAMPAIGN_READ_GROUPS)
    miy_date_end = fields.Date(string="End Date", tracking=True, groups=CAMPAIGN_READ_GROUPS)
    miy_state = fields.Selection(
        [("draft", "Draft"), ("running", "Running"), ("done", "Done")],
        string="Campaign Status",
        default="draft",
        required=True,
        copy=False,
        tracking=True,
        groups=CAMPAIGN_READ_GROUPS,
    )
    miy_step_ids = fields.One2many(
        "miy.campaign.step", "campaign_id", string="Steps", copy=True, groups=CAMPAIGN_READ_GROUPS
    )
    miy_target_count = fields.Integer(
        string="Targeted Partners", compute="_compute_miy_target_count", groups=CAMPAIGN_READ_GROUPS
    )
    miy_launch_date = fields.Datetime(string="Launched On", readonly=True, copy=False, groups=CAMPAIGN_READ_GROUPS)
    miy_launched_by_id = fields.Many2one(
        "res.users", string="Launched By", readonly=True, copy=False, groups=CAMPAIGN_READ_GROUPS
    )
    miy_step_done_count = fields.Integer(
        string="Steps Done", compute="_compute_miy_step_counts", groups=CAMPAIGN_READ_GROUPS
    )
    miy_step_count = fields.Integer(
        string="Step Count", compute="_compute_miy_step_counts", groups=CAMPAIGN_READ_GROUPS
    )

    # results: this period (the campaign's dates) and the previous period of the same length
    miy_lead_count = fields.Integer(string="Leads", compute="_compute_miy_results", groups=CAMPAIGN_READ_GROUPS)
    miy_quote_count = fields.Integer(string="Quotations", compute="_compute_miy_results", groups=CAMPAIGN_READ_GROUPS)
    miy_order_count = fields.Integer(string="Orders", compute="_compute_miy_results", groups=CAMPAIGN_READ_GROUPS)
    miy_revenue = fields.Monetary(
        string="Revenue", currency_field="currency_id", compute="_compute_miy_results", groups=CAMPAIGN_READ_GROUPS
    )
    miy_prev_lead_count = fields.Integer(
        string="Leads (Previous Period)", compute="_compute_miy_results", groups=CAMPAIGN_READ_GROUPS
    )
    miy_prev_quote_count = fields.Integer(
        string="Quotations (Previous Period)", compute="_compute_miy_results", groups=CAMPAIGN_READ_GROUPS
    )
    miy_prev_order_count = fields.Integer(
        string="Orders (Previous Period)", compute="_compute_miy_results", groups=CAMPAIGN_READ_GROUPS
    )
    miy_prev_revenue = fields.Monetary(
        string="Revenue (Previous Period)",
        currency_field="currency_id",
        compute="_compute_miy_results",
        groups=CAMPAIGN_READ_GROUPS,
    )
    miy_prev_date_start = fields.Date(
        string="Previous Period From", compute="_compute_miy_prev_dates", groups=CAMPAIGN_READ_GROUPS
    )
    miy_prev_date_end = fields.Date(
        string="Previous Period To", compute="_compute_miy_prev_dates", groups=CAMPAIGN_READ_GROUPS
    )
    miy_cost_per_lead = fields.Monetary(
        string="Cost per Lead",
        currency_field="currency_id",
        compute="_compute_miy_results",
        groups=CAMPAIGN_READ_GROUPS,
    )
    miy_revenue_budget_ratio = fields.Float(
        string="Revenue / Budget",
        digits=(16, 2),
        compute="_compute_miy_results",
        groups=CAMPAIGN_READ_GROUPS,
        help="Revenue of the targeted partners during the campaign divided by the budget.",
    )
    miy_revenue_change = fields.Float(
        string="Revenue Change (%)",
        digits=(16, 1),
        compute="_compute_miy_results",
        groups=CAMPAIGN_READ_GROUPS,
        help="Revenue against the same partners' revenue in the previous period of the same length.",
    )
    miy_lead_change = fields.Float(
        string="Lead Change (%)", digits=(16, 1), compute="_compute_miy_results", groups=CAMPAIGN_READ_GROUPS
    )

    # ------------------------------------------------------------------ computes
    @api.depends("miy_segment_id")
    def _compute_miy_is_segment_campaign(self):
        for campaign in self:
            campaign.miy_is_segment_campaign = bool(campaign.miy_segment_id)

    def _compute_miy_target_count(self):
        counts = dict(
            self.env["miy.campaign.target"]._read_group([("campaign_id", "in", self.ids)], ["campaign_id"], ["__count"])
        )
        for campaign in self:
            campaign.miy_target_count = counts.get(campaign, 0)

    @api.depends("miy_step_ids.state")
    def _compute_miy_step_counts(self):
        for campaign in self:
            campaign.miy_step_count = len(campaign.miy_step_ids)
            campaign.miy_step_done_count = len(campaign.miy_step_ids.filtered(lambda step: step.state == "done"))

    @api.depends("miy_date_start", "miy_date_end")
    def _compute_miy_prev_dates(self):
        for campaign in self:
            start, end = campaign.miy_date_start, campaign.miy_date_end
            if start and end and end >= start:
                length = (end - start).days + 1
                campaign.miy_prev_date_start = start - relativedelta(days=length)
                campaign.miy_prev_date_end = start - relativedelta(days=1)
            else:
                campaign.miy_prev_date_start = campaign.miy_prev_date_end = False

    def _compute_miy_results(self):
        """One grouped read of the results report for all the campaigns in ``self``.

        Runs with the user's rights: the report's record rule keeps each user to the campaigns of
        their companies; the figures are sums, the documents themselves open with the user's rights.
        """
        rows = self.env["miy.campaign.result"]._read_group(
            [("campaign_id", "in", self.ids)],
            ["campaign_id", "period"],
            [f"{measure}:sum" for measure in RESULT_MEASURES],
        )
        figures = {(campaign.id, period): values for campaign, period, *values in rows}
        for campaign in self:
            current = dict(zip(RESULT_MEASURES, figures.get((campaign.id, "current"), (0, 0, 0, 0.0)), strict=True))
            previous = dict(zip(RESULT_MEASURES, figures.get((campaign.id, "previous"), (0, 0, 0, 0.0)), strict=True))
            campaign.miy_lead_count = current["lead_count"]
            campaign.miy_quote_count = current["quote_count"]
            campaign.miy_order_count = current["order_count"]
            campaign.miy_revenue = current["revenue"]
            campaign.miy_prev_lead_count = previous["lead_count"]
            campaign.miy_prev_quote_count = previous["quote_count"]
            campaign.miy_prev_order_count = previous["order_count"]
            campaign.miy_prev_revenue = previous["revenue"]
            budget = campaign.miy_budget
            campaign.miy_cost_per_lead = budget / current["lead_count"] if current["lead_count"] else 0.0
            campaign.miy_revenue_budget_ratio = current["revenue"] / budget if budget else 0.0
            campaign.miy_revenue_change = self._miy_change(current["revenue"], previous["revenue"])
            campaign.miy_lead_change = self._miy_change(current["lead_count"], previous["lead_count"])

    @api.model
    def _miy_change(self, current, previous):
        """Change in percent against the previous period (100 when there was nothing before)."""
        if previous:
            return (current - previous) * 100.0 / previous
        return 100.0 if current else 0.0

    # ------------------------------------------------------------------ constraints
    @api.constrains("miy_date_start", "miy_date_end")
    def _check_miy_dates(self):
        for campaign in self:
            if campaign.miy_date_start and campaign.miy_date_end and campaign.miy_date_end < campaign.miy_date_start:
                raise ValidationError(
                    self.env._(
                        "The campaign %(campaign)s ends before it starts.",
                        campaign=campaign.title,
                    )
                )

    @api.constrains("miy_budget")
    def _check_miy_budget(self):
        for campaign in self:
            if campaign.miy_budget < 0:
                raise ValidationError(
                    self.env._("The budget of the campaign %(campaign)s cannot be negative.", campaign=campaign.title)
                )

    # ------------------------------------------------------------------ CRUD
    @api.model_create_multi
    def create(self, vals_list):
        if any(MANAGED_FIELDS.intersection(vals) for vals in vals_list):
            self._miy_check_manager()
        return super().create(vals_list)

    def write(self, vals):
        if MANAGED_FIELDS.intersection(vals):
            self._miy_check_manager()
            if "miy_segment_id" in vals and any(
                campaign.miy_state != "draft" and campaign.miy_segment_id.id != vals["miy_segment_id"]
                for campaign in self
            ):
                raise UserError(
                    self.env._(
                        "The segment of a launched campaign cannot change: its partners were targeted at launch. "
                        "Duplicate the campaign to aim it at another segment."
                    )
                )
        return super().write(vals)

    # ------------------------------------------------------------------ actions
    def action_miy_launch(self):
        """Take the segment's members as the campaign's targets and start the campaign."""
        self._miy_check_manager()
        for campaign in self:
            campaign._miy_launch()
        return True

    def action_miy_done(self):
        self._miy_check_manager()
        if any(campaign.miy_state != "running" for campaign in self):
            raise UserError(self.env._("Only a running campaign can be closed."))
        self.write({"miy_state": "done"})
        return True

    def action_miy_reset_draft(self):
        """Back to draft, to correct a campaign launched by mistake: only while no step has run."""
        self._miy_check_manager()
        for campaign in self:
            if campaign.miy_step_ids.filtered(lambda step: step.state != "planned"):
                raise UserError(
                    self.env._(
                        "The campaign %(campaign)s has steps that already ran: it cannot go back to draft.",
                        campaign=campaign.title,
                    )
                )
        self.env["miy.campaign.target"].search([("campaign_id", "in", self.ids)]).unlink()
        self.write({"miy_state": "draft", "miy_launch_date": False, "miy_launched_by_id": False})
        return True

    def action_miy_open_targets(self):
        self.ensure_one()
        partner_ids = self.env["miy.campaign.target"].search([("campaign_id", "=", self.id)]).partner_id.ids
        return self.env["res.partner"]._miy_partners_action(
            self.env._("Targeted partners of %(campaign)s", campaign=self.title),
            [("id", "in", partner_ids)],
            {"create": False},
        )

    def action_miy_open_leads(self):
        return self._miy_open_documents("lead_id", "crm.lead", self.env._("Campaign Leads"))

    def action_miy_open_quotes(self):
        return self._miy_open_documents(
            "order_id", "sale.order", self.env._("Campaign Quotations"), [("quote_count", ">", 0)]
        )

    def action_miy_open_orders(self):
        return self._miy_open_documents(
            "order_id", "sale.order", self.env._("Campaign Orders"), [("order_count", ">", 0)]
        )

    def _miy_open_documents(self, field, model, name, domain=None):
        self.ensure_one()
        rows = self.env["miy.campaign.result"].search(
            expression.AND(
                [[("campaign_id", "=", self.id), ("period", "=", "current"), (field, "!=", False)], domain or []]
            )
        )
        return {
            "type": "ir.actions.act_window",
            "name": name,
            "res_model": model,
            "view_mode": "list,form",
            "views": [(False, "list"), (False, "form")],
            "domain": [("id", "in", rows[field].ids)],
            "context": {"create": False, "active_test": False},
        }

    # ------------------------------------------------------------------ business methods
    def _miy_is_manager(self):
        return self.env.su or any(self.env.user.has_group(group) for group in CAMPAIGN_MANAGER_GROUPS)

    def _miy_check_manager(self):
        if not self._miy_is_manager():
            raise AccessError(
                self.env._("Only sales managers and MİY managers may set up, launch and run segment campaigns.")
            )

    def _miy_launch(self):
        self.ensure_one()
        if self.miy_state != "draft":
            raise UserError(self.env._("The campaign %(campaign)s is already launched.", campaign=self.title))
        if not self.miy_segment_id:
            raise UserError(self.env._("Choose the segment the campaign %(campaign)s targets.", campaign=self.title))
        if not (self.miy_date_start and self.miy_date_end):
            raise UserError(
                self.env._("Set the start and end dates of the campaign %(campaign)s.", campaign=self.title)
            )
        segment = self.miy_segment_id
        try:
            segment.check_access("read")
        except AccessError:
            # the record rules of miy_contacts: segments filtering on personal data are for holders
            # of the personal data right only; the segment's name is not shown to others
            raise AccessError(
                self.env._(
                    "You may not use the segment of the campaign %(campaign)s: segments are read by MİY users, and "
                    "those filtering on personal data only by users with the MİY personal data right.",
                    campaign=self.title,
                )
            ) from None
        company = self.company_id or self.env.company
        domain = expression.AND([segment._get_partner_domain(), [("company_id", "in", [False, company.id])]])
        try:
            with self.env.cr.savepoint(flush=False):
                partners = self.env["res.partner"].search(domain)
        except (ValueError, TypeError, KeyError) as error:
            raise segment._invalid_error(error) from error
        if not partners:
            raise UserError(
                self.env._(
                    "The segment %(segment)s selects nobody today: the campaign %(campaign)s has no one to target.",
                    segment=segment.name,
                    campaign=self.title,
                )
            )
        self.env["miy.campaign.target"]._miy_insert(self, partners)
        self.write(
            {
                "miy_state": "running",
                "miy_launch_date": fields.Datetime.now(),
                "miy_launched_by_id": self.env.user.id,
            }
        )
        self.message_post(
            body=self.env._(
                "Campaign launched on the segment %(segment)s: %(count)s partners targeted.",
                segment=segment.name,
                count=len(partners),
            ),
            subtype_xmlid="mail.mt_note",
        )

    def _miy_target_partners(self):
        """The partners targeted at launch (a snapshot), as one recordset."""
        self.ensure_one()
        targets = self.env["miy.campaign.target"].search_fetch([("campaign_id", "=", self.id)], ["partner_id"])
        return targets.partner_id

    @api.model
    def _cron_miy_close_ended(self):
        """Close the running campaigns whose end date has passed and whose steps have all run."""
        today = fields.Date.context_today(self)
        campaigns = self.search([("miy_state", "=", "running"), ("miy_date_end", "<", today)])
        campaigns.filtered(lambda c: all(step.state in ("done", "cancel") for step in c.miy_step_ids)).write(
            {"miy_state": "done"}
        )
