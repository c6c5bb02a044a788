import contextlib
from datetime import datetime, timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from odoo.addons.miy_contacts.tests.common import MiyCommon, MiyMenuTests

from .common import DealerCommon


@tagged("post_install", "-at_install")
class TestDealerRouting(DealerCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Other rules (demo data) must not take our test leads.
        cls.env["miy.dealer.routing.rule"].search([]).write({"active": False})
        Category = cls.env["product.category"]
        cls.cat_machines = Category.create({"name": "Machines (test)"})
        cls.cat_cnc = Category.create({"name": "CNC (test)", "parent_id": cls.cat_machines.id})
        cls.cat_other = Category.create({"name": "Spare parts (test)"})
        cls.tier_gold = cls.env["miy.dealer.tier"].create({"name": "Gold (test)", "weight": 3})
        cls.tier_silver = cls.env["miy.dealer.tier"].create({"name": "Silver (test)", "weight": 1})
        cls.dealer_a.write({"product_category_ids": [(6, 0, cls.cat_machines.ids)], "tier_id": cls.tier_gold.id})
        cls.dealer_b.write({"product_category_ids": [(6, 0, cls.cat_machines.ids)], "tier_id": cls.tier_gold.id})
        cls.dealer_partner_c = cls.env["res.partner"].create({"name": "Dealer C (test)", "is_company": True})
        cls.dealer_c = cls.env["miy.dealer"].create(
            {
                "partner_id": cls.dealer_partner_c.id,
                "user_id": cls.user_manager.id,
                "state_ids": [(6, 0, cls.state_istanbul.ids)],
                "product_category_ids": [(6, 0, cls.cat_machines.ids)],
                "tier_id": cls.tier_silver.id,
            }
        )
        cls.portal_admin_c = cls._dealer_user("dealer_c_admin", cls.dealer_partner_c, admin=True)
        cls.rule = cls.env["miy.dealer.routing.rule"].create(
            {
                "name": "Istanbul machines (test)",
                "state_ids": [(6, 0, cls.state_istanbul.ids)],
                "product_category_ids": [(6, 0, cls.cat_machines.ids)],
                "accept_hours": 0,
            }
        )
        cls.salesman = new_test_user(
            cls.env,
            login="route_salesman",
            groups="sales_team.group_sale_salesman,miy_contacts.group_miy_user",
        )
        cls.sales_manager = new_test_user(
            cls.env,
            login="route_manager",
            groups="sales_team.group_sale_manager,miy_contacts.group_miy_manager",
        )

    def _leads(self, count, state=None, category=None, **extra):
        state = state or self.state_istanbul
        category = category or self.cat_cnc
        return self.env["crm.lead"].create(
            [
                {
                    "name": f"Routing lead {index} (test)",
                    "type": "lead",
                    "state_id": state.id,
                    "miy_product_category_id": category.id,
                    "user_id": False,
                    **extra,
                }
                for index in range(count)
            ]
        )

    # ------------------------------------------------------------------ the rules
    def test_round_robin_takes_turns_in_dealer_order(self):
        leads = self._leads(4)
        self.assertFalse(leads._miy_route_by_rules())
        first, second = sorted((self.dealer_a | self.dealer_c).ids)
        self.assertEqual([lead.miy_dealer_id.id for lead in leads], [first, second, first, second])
        self.assertEqual(set(leads.mapped("miy_dealer_state")), {"routed"})
        self.assertTrue(all(lead.miy_routed_date for lead in leads))
        # The turn goes on from the last dealer in the next batch.
        self.assertEqual(self.rule.last_dealer_id.id, second)
        more = self._leads(1)
        more._miy_route_by_rules()
        self.assertEqual(more.miy_dealer_id.id, first)

    def test_weighted_by_tier(self):
        self.rule.method = "weighted"
        leads = self._leads(8)
        leads._miy_route_by_rules()
        self.assertEqual(len(leads.filtered(lambda lead: lead.miy_dealer_id == self.dealer_a)), 6)
        self.assertEqual(len(leads.filtered(lambda lead: lead.miy_dealer_id == self.dealer_c)), 2)

    def test_province_product_group_and_tier_must_match(self):
        samsun = self._leads(1, state=self.state_samsun)
        other_group = self._leads(1, category=self.cat_other)
        self.assertEqual(samsun._miy_route_by_rules(), samsun, "no rule covers Samsun")
        self.assertEqual(other_group._miy_route_by_rules(), other_group, "no dealer carries spare parts")
        # A rule for every province: Samsun's dealer B carries machines (CNC is a sub-group).
        self.env["miy.dealer.routing.rule"].create({"name": "Everywhere (test)", "sequence": 50})
        samsun._miy_route_by_rules()
        self.assertEqual(samsun.miy_dealer_id, self.dealer_b)
        # Tiers: only silver dealers.
        self.rule.tier_ids = self.tier_silver
        leads = self._leads(3)
        leads._miy_route_by_rules()
        self.assertEqual(leads.miy_dealer_id, self.dealer_c)

    def test_capacity_and_archived_dealers(self):
        self.dealer_a.lead_capacity = 1
        self.dealer_c.lead_capacity = 2
        leads = self._leads(4)
        left = leads._miy_route_by_rules()
        self.assertEqual(len(left), 1, "capacity 1 + 2: the fourth lead finds no dealer")
        self.assertEqual(len(leads.filtered(lambda lead: lead.miy_dealer_id == self.dealer_a)), 1)
        self.assertEqual(self.dealer_c.open_lead_count, 2)
        # A won lead frees a place.
        won_stage = self.env["crm.stage"].search([("is_won", "=", True)], limit=1)
        leads.filtered(lambda lead: lead.miy_dealer_id == self.dealer_a).stage_id = won_stage
        self.assertFalse(left._miy_route_by_rules())
        self.assertEqual(left.miy_dealer_id, self.dealer_a)
        self.dealer_a.active = False
        self.dealer_c.active = False
        more = self._leads(1)
        self.assertEqual(more._miy_route_by_rules(), more)

    def test_declined_dealers_are_skipped(self):
        lead = self._leads(1)
        lead.sudo().write({"miy_declined_dealer_ids": [(6, 0, self.dealer_a.ids)]})
        lead._miy_route_by_rules()
        self.assertEqual(lead.miy_dealer_id, self.dealer_c)

    def test_another_company_dealer_is_never_a_candidate(self):
        other_company = self.env["res.company"].create({"name": "Other company (test)"})
        partner = self.env["res.partner"].create({"name": "Foreign dealer (test)", "is_company": True})
        foreign = self.env["miy.dealer"].create(
            {
                "partner_id": partner.id,
                "company_id": other_company.id,
                "state_ids": [(6, 0, self.state_istanbul.ids)],
                "product_category_ids": [(6, 0, self.cat_machines.ids)],
            }
        )
        self.env["miy.dealer.routing.rule"].create(
            {"name": "Other company rule (test)", "company_id": other_company.id, "sequence": 1}
        )
        self.dealer_a.active = False
        self.dealer_c.active = False
        leads = self._leads(3)
        # Even with every right (the cron and the decline hook run elevated).
        left = leads.sudo()._miy_route_by_rules()
        self.assertEqual(left, leads)
        self.assertNotIn(foreign, leads.miy_dealer_id)
        # Nor by hand.
        Wizard = self.env["miy.dealer.route.wizard"].with_context(active_model="crm.lead", active_ids=leads.ids)
        with self.assertRaisesRegex(UserError, "another company"):
            Wizard.create({"mode": "dealer", "dealer_id": foreign.id}).action_route()
        with self.assertRaises(AccessError):
            Wizard.with_user(self.sales_manager).create({"mode": "dealer", "dealer_id": foreign.id}).action_route()
        self.assertFalse(leads.miy_dealer_id)

    @freeze_time("2026-12-04 14:00:00")  # a Friday afternoon
    def test_deadline_counts_working_hours_only(self):
        self.rule.accept_hours = 8
        calendar = self.env.company.resource_calendar_id
        self.assertTrue(calendar)
        lead = self._leads(1)
        lead._miy_route_by_rules()
        self.assertEqual(lead.miy_accept_deadline.weekday(), 0, "the weekend does not count: due on Monday")
        # Monday is a public holiday: due on Tuesday.
        self.env["resource.calendar.leaves"].create(
            {
                "name": "Holiday (test)",
                "calendar_id": calendar.id,
                "date_from": datetime(2026, 12, 6, 21, 0),
                "date_to": datetime(2026, 12, 7, 23, 0),
            }
        )
        other = self._leads(1)
        other._miy_route_by_rules()
        self.assertEqual(other.miy_accept_deadline.weekday(), 1)

    # ------------------------------------------------------------------ re-routing
    def test_timed_out_lead_goes_to_the_next_dealer_and_alerts(self):
        lead = self._leads(1)
        lead._miy_route_to(self.dealer_a, fields.Datetime.now() - timedelta(hours=1))
        fresh = self._leads(1)
        fresh._miy_route_to(self.dealer_a, fields.Datetime.now() + timedelta(hours=1))
        self.assertTrue(lead.miy_dealer_overdue)
        self.assertIn(lead, self.env["crm.lead"].search([("miy_dealer_overdue", "=", True)]))
        self.assertNotIn(fresh, self.env["crm.lead"].search([("miy_dealer_overdue", "=", True)]))
        self.env["crm.lead"]._cron_miy_reroute_overdue()
        self.assertEqual(lead.miy_dealer_id, self.dealer_c)
        self.assertEqual(lead.miy_dealer_state, "routed")
        self.assertEqual(fresh.miy_dealer_id, self.dealer_a, "not due yet: left alone")
        decline = lead.miy_dealer_decline_ids
        self.assertEqual(len(decline), 1)
        self.assertTrue(decline.timed_out)
        self.assertEqual(decline.dealer_id, self.dealer_a)
        self.assertEqual(lead.miy_declined_dealer_ids, self.dealer_a)
        activity = lead.activity_ids
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.dealer_a.user_id)
        self.assertIn("Dealer C", activity.note)
        # Dealer C lets it pass too: nobody is left, the lead stays declined, its manager is told.
        lead.sudo().miy_accept_deadline = fields.Datetime.now() - timedelta(minutes=1)
        self.env["crm.lead"]._cron_miy_reroute_overdue()
        self.assertEqual(lead.miy_dealer_state, "declined")
        self.assertFalse(lead.miy_dealer_id)
        self.assertEqual(len(lead.miy_dealer_decline_ids), 2)
        self.assertIn(self.dealer_c.user_id, lead.activity_ids.user_id)

    def test_dealer_decline_routes_to_the_next_dealer(self):
        self.dealer_c.user_id.lang = "en_US"  # the alert is in the account manager's language
        lead = self._leads(1)
        lead._miy_route_to(self.dealer_a)
        lead.with_user(self.portal_sales_a).action_miy_dealer_decline("Too far for us")
        self.assertEqual(lead.miy_dealer_id, self.dealer_c)
        self.assertEqual(lead.miy_dealer_state, "routed")
        self.assertFalse(lead.activity_ids, "a decline handed on to another dealer needs no alert")
        lead.with_user(self.portal_admin_c).action_miy_dealer_decline("No capacity")
        self.assertEqual(lead.miy_dealer_state, "declined")
        self.assertEqual(lead.miy_declined_dealer_ids, self.dealer_a | self.dealer_c)
        self.assertEqual(lead.activity_ids.user_id, self.dealer_c.user_id)
        self.assertEqual(lead.activity_ids.summary, "No dealer left for this lead")

    # ------------------------------------------------------------------ automatic and manual
    def test_new_leads_are_routed_when_the_company_says_so(self):
        off = self._leads(1)
        self.assertFalse(off.miy_dealer_state)
        self.env.company.miy_dealer_auto_route = True
        on = (
            self.env["crm.lead"]
            .with_user(self.salesman)
            .create(
                {
                    "name": "Website lead (test)",
                    "type": "lead",
                    "state_id": self.state_istanbul.id,
                    "miy_product_category_id": self.cat_cnc.id,
                }
            )
        )
        self.assertEqual(on.miy_dealer_state, "routed")
        self.assertIn(on.miy_dealer_id, self.dealer_a | self.dealer_c)
        opportunity = self._leads(1, type="opportunity")
        self.assertFalse(opportunity.miy_dealer_state, "opportunities are the salespeople's own")
        registered = self._leads(1, miy_registered_by_dealer_id=self.dealer_a.id)
        self.assertFalse(registered.miy_dealer_state, "a dealer's own deal is not sent to another dealer")

    def test_wizard_routes_many_leads_by_hand_or_by_the_rules(self):
        leads = self._leads(3)
        Wizard = self.env["miy.dealer.route.wizard"].with_user(self.salesman)
        wizard = Wizard.with_context(active_model="crm.lead", active_ids=leads[:2].ids).create(
            {"mode": "dealer", "dealer_id": self.dealer_b.id, "accept_hours": 0}
        )
        self.assertEqual(wizard.lead_count, 2)
        result = wizard.action_route()
        self.assertEqual(result["params"]["type"], "success")
        self.assertEqual(leads[:2].miy_dealer_id, self.dealer_b)
        self.assertFalse(leads[0].miy_accept_deadline)
        samsun = self._leads(1, state=self.state_samsun)
        wizard = Wizard.with_context(active_model="crm.lead", active_ids=(leads[2] | samsun).ids).create(
            {"mode": "rules"}
        )
        result = wizard.action_route()
        self.assertEqual(result["params"]["type"], "warning")
        self.assertIn(leads[2].miy_dealer_id, self.dealer_a | self.dealer_c)
        self.assertFalse(samsun.miy_dealer_id)
        wizard = Wizard.with_context(active_model="crm.lead", active_ids=samsun.ids).create({"mode": "dealer"})
        with self.assertRaisesRegex(UserError, "Pick the dealer"):
            wizard.action_route()

    # ------------------------------------------------------------------ access
    def test_salesperson_cannot_route_another_salespersons_leads(self):
        other = new_test_user(self.env, login="route_other_salesman", groups="sales_team.group_sale_salesman")
        lead = self._leads(1, user_id=other.id)
        wizard = (
            self.env["miy.dealer.route.wizard"]
            .with_user(self.salesman)
            .create({"lead_ids": [(6, 0, lead.ids)], "mode": "dealer", "dealer_id": self.dealer_a.id})
        )
        # The wizard's leads are read through the salesperson's lead rules: a lead it may not see is
        # dropped from the wizard or refused (AccessError, a UserError); it is never routed.
        with self.assertRaises(UserError), mute_logger("odoo.addons.base.models.ir_rule"):
            wizard.action_route()
        self.assertFalse(lead.miy_dealer_id)
        visible = self._leads(1, user_id=self.salesman.id)
        wizard = (
            self.env["miy.dealer.route.wizard"]
            .with_user(self.salesman)
            .create({"lead_ids": [(6, 0, (lead | visible).ids)], "mode": "dealer", "dealer_id": self.dealer_a.id})
        )
        with contextlib.suppress(AccessError), mute_logger("odoo.addons.base.models.ir_rule"):
            wizard.action_route()
        self.assertFalse(lead.miy_dealer_id, "a lead the salesperson may not see is never routed")
        wizard = (
            self.env["miy.dealer.route.wizard"]
            .with_user(self.salesman)
            .create({"lead_ids": [(6, 0, visible.ids)], "mode": "dealer", "dealer_id": self.dealer_a.id})
        )
        wizard.action_route()
        self.assertEqual(visible.miy_dealer_id, self.dealer_a)

    def test_who_may_edit_the_rules(self):
        Rule = self.env["miy.dealer.routing.rule"]
        self.assertEqual(Rule.with_user(self.salesman).search([("id", "=", self.rule.id)]), self.rule)
        with self.assertRaises(AccessError):
            self.rule.with_user(self.salesman).write({"method": "weighted"})
        with self.assertRaises(AccessError):
            Rule.with_user(self.salesman).create({"name": "Forged (test)"})
        with self.assertRaises(AccessError):
            self.dealer_a.with_user(self.salesman).unlink()
        self.rule.with_user(self.user_manager).write({"method": "weighted"})
        Rule.with_user(self.user_manager).create({"name": "Manager's rule (test)"})

    @mute_logger("odoo.addons.base.models.ir_model", "odoo.addons.base.models.ir_rule")
    def test_portal_users_cannot_route_over_rpc(self):
        leads = self._leads(1)
        leads._miy_route_to(self.dealer_a)
        wizard = self.env["miy.dealer.route.wizard"].create(
            {"lead_ids": [(6, 0, leads.ids)], "mode": "dealer", "dealer_id": self.dealer_b.id}
        )
        for user in (self.portal_admin_a, self.portal_sales_a, self.portal_customer):
            with self.assertRaises(AccessError):
                self.env["miy.dealer.route.wizard"].with_user(user).create(
                    {"lead_ids": [(6, 0, leads.ids)], "mode": "dealer", "dealer_id": self.dealer_a.id}
                )
            with self.assertRaises(AccessError):
                wizard.with_user(user).action_route()
            with self.assertRaises(AccessError):
                self.env["miy.dealer.routing.rule"].with_user(user).search([])
            with self.assertRaises(AccessError):
                self.rule.with_user(user).write({"tier_ids": [(6, 0, [])]})
            with self.assertRaises(AccessError):
                self.env["miy.dealer.routing.report"].with_user(user).search([])
        self.assertEqual(leads.miy_dealer_id, self.dealer_a)
        # A plain employee (no sales rights) cannot route either.
        with self.assertRaises(AccessError):
            self.env["miy.dealer.route.wizard"].with_user(self.user_miy).create(
                {"lead_ids": [(6, 0, leads.ids)], "mode": "rules"}
            )

    # ------------------------------------------------------------------ batch
    def test_query_count_does_not_grow_with_the_batch(self):
        small = self._leads(5)
        large = self._leads(60)
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        small._miy_route_by_rules()
        self.env.flush_all()
        small_queries = self.env.cr.sql_log_count - before
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        large._miy_route_by_rules()
        self.env.flush_all()
        large_queries = self.env.cr.sql_log_count - before
        # Two dealers either way: the same writes, whatever the number of leads.
        self.assertLessEqual(large_queries, small_queries + 2, f"{small_queries} vs {large_queries} queries")

    # ------------------------------------------------------------------ report
    def test_manager_report_per_dealer(self):
        won_stage = self.env["crm.stage"].search([("is_won", "=", True)], limit=1)
        leads = self._leads(4, expected_revenue=1000)
        leads._miy_route_to(self.dealer_a)
        leads[0].with_user(self.portal_sales_a).action_miy_dealer_accept()
        leads[0].stage_id = won_stage
        leads[1].with_user(self.portal_sales_a).action_miy_dealer_accept()
        leads[1].action_set_lost()
        leads[2].with_user(self.portal_sales_a).action_miy_dealer_decline("Busy")  # goes on to dealer C
        product = self.env["product.product"].create({"name": "Routed machine (test)", "list_price": 250})
        order = self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "opportunity_id": leads[0].id,
                "order_line": [(0, 0, {"product_id": product.id, "product_uom_qty": 2, "price_unit": 250})],
            }
        )
        order.action_confirm()
        self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "opportunity_id": leads[3].id,
                "order_line": [(0, 0, {"product_id": product.id})],
            }
        )  # a quotation: not counted
        self.env.flush_all()
        Report = self.env["miy.dealer.routing.report"].with_user(self.sales_manager)
        groups = Report._read_group(
            [("lead_id", "in", leads.ids)],
            ["dealer_id"],
            [
                "routed_count:sum",
                "accepted_count:sum",
                "declined_count:sum",
                "won_count:sum",
                "lost_count:sum",
                "revenue:sum",
                "order_amount:sum",
            ],
        )
        by_dealer = {dealer: values for dealer, *values in groups}
        self.assertEqual(by_dealer[self.dealer_a], [4, 2, 1, 1, 1, 1000, 500])
        self.assertEqual(by_dealer[self.dealer_c], [1, 0, 0, 0, 0, 0, 0])
        with self.assertRaises(AccessError):
            self.env["miy.dealer.routing.report"].with_user(self.salesman).search([])


@tagged("post_install", "-at_install")
class TestDealerRoutingMenus(MiyMenuTests, MiyCommon):
    menu_xmlids = (
        "miy_dealer_channel.crm_lead_menu_dealer_status",
        "miy_dealer_channel.miy_dealer_routing_rule_menu",
        "miy_dealer_channel.miy_dealer_routing_report_menu",
    )
    action_xmlids = (
        "miy_dealer_channel.crm_lead_action_dealer_status",
        "miy_dealer_channel.miy_dealer_routing_rule_action",
        "miy_dealer_channel.miy_dealer_routing_report_action",
    )

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # The routing screens are a sales manager's: lead routing, rules and the analysis.
        cls.menu_user = new_test_user(
            cls.env,
            login="miy_dealer_routing_menu_user",
            groups="miy_contacts.group_miy_manager,sales_team.group_sale_manager",
        )
