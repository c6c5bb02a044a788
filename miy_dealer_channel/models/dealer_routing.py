"""Routing leads to dealers: the rules, the batch routing engine, re-routing and the alerts.

The engine (``crm.lead._miy_route_by_rules``) is built for batches: it reads every rule, dealer,
current dealer load and the leads' fields once, picks the dealers in Python, then writes the leads
once per (dealer, deadline): routing 10,000 leads costs a handful of queries, not one per lead.
"""

from collections import defaultdict
from datetime import timedelta

from odoo import api, fields, models

OPEN_DEALER_STATES = ("routed", "accepted")


class MiyDealerRoutingRule(models.Model):
    """Which dealers may receive which leads, and how leads are shared among them."""

    _name = "miy.dealer.routing.rule"
    _description = "Dealer Routing Rule"
    _order = "sequence, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company, index=True)
    region_ids = fields.Many2many(
        "miy.dealer.region",
        "miy_dealer_routing_rule_region_rel",
        "rule_id",
        "region_id",
        string="Regions",
        help="The rule applies to leads from the provinces of these regions (and the provinces below). "
        "Leave both empty for every province.",
    )
    state_ids = fields.Many2many(
        "res.country.state",
        "miy_dealer_routing_rule_state_rel",
        "rule_id",
        "state_id",
        string="Provinces",
        help="Provinces the rule applies to, in addition to those of the regions.",
    )
    product_category_ids = fields.Many2many(
        "product.category",
        "miy_dealer_routing_rule_category_rel",
        "rule_id",
        "category_id",
        string="Product Groups",
        help="The rule applies to leads of these product groups and their sub-groups. Empty: every lead.",
    )
    tier_ids = fields.Many2many(
        "miy.dealer.tier",
        "miy_dealer_routing_rule_tier_rel",
        "rule_id",
        "tier_id",
        string="Dealer Tiers",
        help="Only dealers of these tiers receive the leads of this rule. Empty: every tier.",
    )
    method = fields.Selection(
        [("round_robin", "Round Robin"), ("weighted", "Weighted by Tier")],
        required=True,
        default="round_robin",
        help="Round Robin: the dealers take turns. Weighted by Tier: each dealer receives leads in "
        "proportion to its tier's weight, measured against the leads it already has open.",
    )
    accept_hours = fields.Float(
        string="Accept Within (Working Hours)",
        default=8.0,
        help="Working hours (company's working schedule: nights, weekends and public holidays do not "
        "count) the dealer has to accept a lead before it goes to the next dealer. 0: no time limit.",
    )
    last_dealer_id = fields.Many2one(
        "miy.dealer",
        string="Last Dealer",
        readonly=True,
        copy=False,
        help="The dealer that received the last lead of this rule (round robin goes on from the next).",
    )
    note = fields.Text()

    _sql_constraints = [
        ("accept_hours_positive", "CHECK(accept_hours >= 0)", "The time to accept cannot be negative."),
    ]

    def _miy_state_ids(self):
        """The provinces this rule covers, as a set of ids (empty set: every province)."""
        self.ensure_one()
        return set(self.region_ids.state_ids.ids) | set(self.state_ids.ids)


class MiyDealer(models.Model):
    _inherit = "miy.dealer"

    lead_capacity = fields.Integer(
        string="Lead Capacity",
        default=0,
        tracking=True,
        help="Most leads this dealer may have open (waiting or accepted, not won or lost) before the "
        "routing rules skip it. 0: no limit.",
    )
    open_lead_count = fields.Integer(
        string="Open Leads", compute="_compute_open_lead_count", groups="sales_team.group_sale_salesman"
    )

    _sql_constraints = [("lead_capacity_positive", "CHECK(lead_capacity >= 0)", "A capacity cannot be negative.")]

    def _compute_open_lead_count(self):
        loads = self.env["crm.lead"]._miy_dealer_loads(self.ids)
        for dealer in self:
            dealer.open_lead_count = loads.get(dealer.id, 0)

    def action_open_routed_leads(self):
        self.ensure_one()
        action = self.env["ir.actions.actions"]._for_xml_id("miy_dealer_channel.crm_lead_action_dealer_status")
        action["domain"] = [("miy_dealer_id", "=", self.id)]
        return action


class MiyDealerLeadDecline(models.Model):
    _inherit = "miy.dealer.lead.decline"

    routed_date = fields.Datetime(
        string="Routed On", readonly=True, help="When the lead had been routed to the dealer that declined it."
    )

    @api.model_create_multi
    def create(self, vals_list):
        lead_ids = [vals["lead_id"] for vals in vals_list if vals.get("lead_id") and "routed_date" not in vals]
        if lead_ids:
            routed = {lead.id: lead.miy_routed_date for lead in self.env["crm.lead"].browse(lead_ids)}
            for vals in vals_list:
                if "routed_date" not in vals and vals.get("lead_id"):
                    vals["routed_date"] = routed.get(vals["lead_id"])
        return super().create(vals_list)


class ResCompany(models.Model):
    _inherit = "res.company"

    miy_dealer_auto_route = fields.Boolean(
        string="Route New Leads to Dealers",
        help="New leads with a province are routed to a dealer by the routing rules as soon as they are created.",
    )
    miy_dealer_accept_hours = fields.Float(
        string="Default Time to Accept (Working Hours)",
        default=8.0,
        help="Working hours a dealer has to accept a lead routed to it by hand.",
    )


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    miy_dealer_auto_route = fields.Boolean(related="company_id.miy_dealer_auto_route", readonly=False)
    miy_dealer_accept_hours = fields.Float(related="company_id.miy_dealer_accept_hours", readonly=False)


class CrmLead(models.Model):
    _inherit = "crm.lead"

    miy_dealer_overdue = fields.Boolean(
        string="Overdue for the Dealer",
        compute="_compute_miy_dealer_overdue",
        search="_search_miy_dealer_overdue",
        help="Waiting for the dealer past the time to accept.",
    )

    def _compute_miy_dealer_overdue(self):
        now = fields.Datetime.now()
        for lead in self:
            lead.miy_dealer_overdue = bool(
                lead.miy_dealer_state == "routed" and lead.miy_accept_deadline and lead.miy_accept_deadline < now
            )

    def _search_miy_dealer_overdue(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            return NotImplemented
        domain = [("miy_dealer_state", "=", "routed"), ("miy_accept_deadline", "<", fields.Datetime.now())]
        if (operator == "=") == value:
            return domain
        return ["!", "&", *domain]

    # ------------------------------------------------------------------ automatic routing
    @api.model_create_multi
    def create(self, vals_list):
        leads = super().create(vals_list)
        if not self.env.context.get("miy_no_dealer_routing"):
            new = leads.filtered(
                lambda lead: lead.type == "lead"
                and lead.state_id
                and not lead.miy_dealer_id
                and not lead.miy_dealer_state
                and not lead.miy_registered_by_dealer_id
                and (lead.company_id or self.env.company).miy_dealer_auto_route
            )
            if new:
                # The company setting routes every new lead, whoever creates it (a website form,
                # a salesperson without access to the dealers): only these new leads' dealer
                # fields are written, with the dealers the rules pick.
                new.sudo()._miy_route_by_rules()
        return leads

    # ------------------------------------------------------------------ the routing engine
    @api.model
    def _miy_dealer_loads(self, dealer_ids):
        """Open (waiting or accepted, not won, not lost) leads per dealer id: one grouped query."""
        if not dealer_ids:
            return {}
        groups = self.env["crm.lead"]._read_group(
            [
                ("miy_dealer_id", "in", list(dealer_ids)),
                ("miy_dealer_state", "in", OPEN_DEALER_STATES),
                "|",
                ("stage_id", "=", False),
                ("stage_id.is_won", "=", False),
            ],
            ["miy_dealer_id"],
            ["__count"],
        )
        return {dealer.id: count for dealer, count in groups}

    def _miy_accept_deadline(self, company, hours, now):
        """``now`` plus ``hours`` working hours of the company's schedule (False: no time limit)."""
        if not hours:
            return False
        calendar = company.resource_calendar_id
        if not calendar:
            return now + timedelta(hours=hours)
        # A naive UTC datetime in gives a naive UTC datetime out; leaves (public holidays) count.
        deadline = calendar.plan_hours(hours, now, compute_leaves=True)
        return deadline or now + timedelta(hours=hours)

    def _miy_route_by_rules(self):
        """Route these leads to a dealer each, by the first routing rule that has a dealer for them.

        Candidates of a rule for a lead: active dealers of the lead's company whose provinces
        include the lead's province, that carry the lead's product group (or a parent group), of the
        rule's tiers, under their capacity, and that have not declined the lead already. Leads are
        taken in id order and dealers picked deterministically (round robin in dealer id order, or
        lowest open load per tier weight), so the same data always gives the same routing.

        Returns the leads left without a dealer.
        """
        leads = self.filtered(lambda lead: lead.miy_dealer_state != "pending").sorted("id")
        if not leads:
            return self.browse()
        default_company = self.env.company
        companies = leads.company_id | default_company
        rules = self.env["miy.dealer.routing.rule"].search([("company_id", "in", companies.ids)])
        dealers = self.env["miy.dealer"].search([("company_id", "in", companies.ids)])
        if not rules or not dealers:
            return leads
        loads = defaultdict(int, self._miy_dealer_loads(dealers.ids))

        def ancestors(category):
            return {int(part) for part in (category.parent_path or "").split("/") if part}

        # Dealers indexed by (company, province), with what the rules need to know of them.
        by_place = defaultdict(list)
        info = {}
        for dealer in dealers:
            info[dealer.id] = {
                "categories": set(dealer.product_category_ids.ids),
                "tier": dealer.tier_id.id,
                "weight": dealer.tier_id.weight or 1,
                "capacity": dealer.lead_capacity,
                "record": dealer,
            }
            for state_id in dealer.coverage_state_ids.ids:
                by_place[(dealer.company_id.id, state_id)].append(dealer.id)
        for key in by_place:
            by_place[key].sort()
        rule_data = [
            {
                "record": rule,
                "company": rule.company_id.id,
                "states": rule._miy_state_ids(),
                "categories": set(rule.product_category_ids.ids),
                "tiers": set(rule.tier_ids.ids),
                "last": rule.last_dealer_id.id,
            }
            for rule in rules
        ]
        now = fields.Datetime.now()
        deadlines = {}
        chosen = defaultdict(list)  # (dealer id, deadline) -> lead ids
        left = []
        category_cache = {}
        for lead in leads:
            company = lead.company_id or default_company
            state_id = lead.state_id.id
            category = lead.miy_product_category_id
            if category.id not in category_cache:
                category_cache[category.id] = ancestors(category) if category else set()
            lead_categories = category_cache[category.id]
            excluded = set(lead.miy_declined_dealer_ids.ids)
            if lead.miy_dealer_id:
                excluded.add(lead.miy_dealer_id.id)
            place = by_place.get((company.id, state_id), ()) if state_id else ()
            picked = None
            for data in rule_data:
                if data["company"] != company.id:
                    continue
                if data["states"] and state_id not in data["states"]:
                    continue
                if data["categories"] and not (data["categories"] & lead_categories):
                    continue
                candidates = [
                    dealer_id
                    for dealer_id in place
                    if dealer_id not in excluded
                    and (not lead_categories or info[dealer_id]["categories"] & lead_categories)
                    and (not data["tiers"] or info[dealer_id]["tier"] in data["tiers"])
                    and (not info[dealer_id]["capacity"] or loads[dealer_id] < info[dealer_id]["capacity"])
                ]
                if not candidates:
                    continue
                if data["record"].method == "weighted":
                    picked = min(candidates, key=lambda d: ((loads[d] + 1) / info[d]["weight"], d))
                else:
                    picked = next((d for d in candidates if d > (data["last"] or 0)), candidates[0])
                data["last"] = picked
                data["used"] = True
                rule = data["record"]
                break
            if picked is None:
                left.append(lead.id)
                continue
            loads[picked] += 1
            key = (company.id, rule.accept_hours)
            if key not in deadlines:
                deadlines[key] = self._miy_accept_deadline(company, rule.accept_hours, now)
            chosen[(picked, deadlines[key])].append(lead.id)
        for (dealer_id, deadline), lead_ids in chosen.items():
            self.browse(lead_ids)._miy_route_to(info[dealer_id]["record"], deadline)
        for data in rule_data:
            if data.get("used"):
                data["record"].sudo().last_dealer_id = data["last"]
        return self.browse(left)

    # ------------------------------------------------------------------ re-routing
    def _miy_after_decline(self):
        """A dealer declined these leads: send them on to the next dealer by the rules."""
        res = super()._miy_after_decline()
        previous = {lead.id: lead.miy_dealer_decline_ids.sorted("id")[-1:].dealer_id for lead in self}
        self._miy_reroute(previous, timed_out=False)
        return res

    def _miy_reroute(self, previous, timed_out):
        """Route these (declined) leads to the next dealer; alert the account managers.

        ``previous`` maps a lead id to the dealer it leaves. The account manager of that dealer gets
        an activity when the lead timed out, and when no dealer is left for the lead.
        """
        left = self._miy_route_by_rules()
        activity_type = self.env.ref("mail.mail_activity_data_todo", raise_if_not_found=False)
        model_id = self.env["ir.model"]._get_id("crm.lead")
        today = fields.Date.context_today(self)
        activities = []
        for lead in self:
            dealer = previous.get(lead.id) or self.env["miy.dealer"]
            user = dealer.user_id or lead.user_id
            if not user:
                continue
            lang_env = self.with_context(lang=user.lang).env  # the account manager's language
            if lead in left:
                summary = lang_env._("No dealer left for this lead")
                note = lang_env._(
                    "%(dealer)s did not take the lead and no other dealer matches the routing rules: "
                    "route it by hand or follow it up yourself.",
                    dealer=dealer.display_name,
                )
            elif timed_out:
                summary = lang_env._("Lead not accepted in time")
                note = lang_env._(
                    "%(dealer)s did not accept the lead in time; it was routed to %(next)s.",
                    dealer=dealer.display_name,
                    next=lead.miy_dealer_id.display_name,
                )
            else:
                continue
            activities.append(
                {
                    "res_model_id": model_id,
                    "res_id": lead.id,
                    "user_id": user.id,
                    "activity_type_id": activity_type.id if activity_type else False,
                    "summary": summary,
                    "note": note,
                    "date_deadline": today,
                }
            )
        if activities:
            self.env["mail.activity"].create(activities)
        return left

    @api.model
    def _cron_miy_reroute_overdue(self, limit=5000):
        """Leads not accepted in time: record the time-out, route them to the next dealer, alert."""
        leads = self.search(
            [("miy_dealer_state", "=", "routed"), ("miy_accept_deadline", "<", fields.Datetime.now())],
            order="id",
            limit=limit,
        )
        if not leads:
            return
        previous = {lead.id: lead.miy_dealer_id for lead in leads}
        reasons = {}  # in the dealer's language: its staff read it in the portal
        for dealer in leads.miy_dealer_id:
            lang = dealer.partner_id.lang or self.env.lang
            if lang not in reasons:
                reasons[lang] = self.with_context(lang=lang).env._("Not accepted within the time to accept.")
        self.env["miy.dealer.lead.decline"].create(
            [
                {
                    "lead_id": lead.id,
                    "dealer_id": lead.miy_dealer_id.id,
                    "reason": reasons[lead.miy_dealer_id.partner_id.lang or self.env.lang],
                    "user_id": False,
                    "timed_out": True,
                    "routed_date": lead.miy_routed_date,
                }
                for lead in leads
            ]
        )
        for dealer, dealer_leads in leads.grouped("miy_dealer_id").items():
            dealer_leads.write(
                {
                    "miy_declined_dealer_ids": [(4, dealer.id)],
                    "miy_dealer_id": False,
                    "miy_dealer_state": "declined",
                    "miy_accept_deadline": False,
                }
            )
        leads._miy_reroute(previous, timed_out=True)
