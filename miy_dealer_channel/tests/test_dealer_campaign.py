from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from odoo.addons.miy_contacts.tests.common import MiyMenuTests

from .dealer_campaign_common import DealerCampaignCommon


@tagged("post_install", "-at_install")
class TestDealerCampaignLaunch(DealerCampaignCommon):
    def test_launch_takes_a_snapshot_of_the_segment(self):
        self.launch()
        self.assertEqual(self.campaign.miy_state, "running")
        self.assertEqual(self.campaign.miy_target_count, 3)
        self.assertEqual(self.campaign._miy_target_partners(), self.partner_a | self.partner_b | self.partner_c)
        self.assertEqual(self.campaign.miy_launched_by_id, self.user_sales_manager)
        # a partner joining the segment later is not targeted: the results are about the launch's partners
        self.env["res.partner"].create({"name": "Sonradan gelen (test)", "ref": "MIY-CAMP-TEST"})
        self.campaign.invalidate_recordset(["miy_target_count"])
        self.assertEqual(self.campaign.miy_target_count, 3)
        with self.assertRaises(UserError):
            self.launch()
        other = self.env["miy.segment"].create({"name": "Başka (test)", "domain": "[]"})
        with self.assertRaises(UserError):
            self.campaign.with_user(self.user_sales_manager).miy_segment_id = other

    def test_launch_is_limited_to_the_campaigns_company(self):
        other_company = self.env["res.company"].create({"name": "Başka şirket (test)"})
        self.partner_b.company_id = other_company
        self.launch()
        self.assertEqual(self.campaign._miy_target_partners(), self.partner_a | self.partner_c)

    def test_launch_needs_members_and_dates(self):
        empty = self.env["miy.segment"].create({"name": "Boş (test)", "domain": str([("ref", "=", "YOK-YOK")])})
        campaign = self.env["utm.campaign"].create(
            {"title": "Boş kampanya (test)", "miy_segment_id": empty.id, "miy_date_start": date(2026, 3, 1)}
        )
        with self.assertRaisesRegex(UserError, "end dates"):
            self.launch(campaign)
        campaign.miy_date_end = date(2026, 3, 2)
        with self.assertRaisesRegex(UserError, "selects nobody"):
            self.launch(campaign)
        self.assertEqual(campaign.miy_state, "draft")

    def test_personal_data_segment_cannot_be_launched_without_the_right(self):
        personal = self.env["miy.segment"].create(
            {
                "name": "Doğum günü olanlar (test)",
                "domain": str([("miy_birthdate", "!=", False), ("parent_id.ref", "=", "MIY-CAMP-TEST")]),
            }
        )
        self.assertTrue(personal.uses_personal_data)
        self.contact_a.miy_birthdate = date(1980, 5, 19)
        self.campaign.miy_segment_id = personal
        with self.assertRaises(AccessError):
            self.launch()
        self.assertEqual(self.campaign.miy_state, "draft")
        self.assertFalse(self.env["miy.campaign.target"].search([("campaign_id", "=", self.campaign.id)]))
        # a manager holding the personal data right may
        self.user_sales_manager.groups_id = [Command.link(self.env.ref("miy_contacts.group_miy_personal_data").id)]
        self.launch()
        self.assertEqual(self.campaign.miy_state, "running")
        self.assertEqual(self.campaign._miy_target_partners(), self.contact_a)

    def test_sales_manager_without_segment_access_cannot_launch(self):
        sales_only = new_test_user(self.env, login="camp_sales_only", groups="sales_team.group_sale_manager")
        with self.assertRaises(AccessError):
            self.launch(user=sales_only)
        self.assertEqual(self.campaign.miy_state, "draft")

    def test_back_to_draft_only_before_a_step_ran(self):
        self.launch()
        self.campaign.with_user(self.user_sales_manager).action_miy_reset_draft()
        self.assertEqual(self.campaign.miy_target_count, 0)
        self.launch()
        self.step_email.with_user(self.user_sales_manager).action_run()
        with self.assertRaises(UserError):
            self.campaign.with_user(self.user_sales_manager).action_miy_reset_draft()


@tagged("post_install", "-at_install")
class TestDealerCampaignSteps(DealerCampaignCommon):
    def test_planned_dates_follow_the_offsets(self):
        self.assertEqual(
            self.campaign.miy_step_ids.sorted("sequence").mapped("planned_date"),
            [date(2026, 3, 1), date(2026, 3, 4), date(2026, 3, 8), date(2026, 3, 15)],
        )
        self.step_call.day_offset = 5
        self.assertEqual(self.step_dealer.planned_date, date(2026, 3, 10))
        self.assertEqual(self.step_visit.planned_date, date(2026, 3, 17))
        self.campaign.with_user(self.user_sales_manager).write(
            {"miy_date_start": date(2026, 4, 1), "miy_date_end": date(2026, 4, 30)}
        )
        self.assertEqual(self.step_visit.planned_date, date(2026, 4, 17))

    def test_email_step_queues_one_mail_per_partner_with_an_address(self):
        self.launch()
        turkish = bool(self.env["res.lang"]._lang_get("tr_TR"))
        if turkish:
            self.env["ir.module.module"]._load_module_terms(["miy_dealer_channel"], ["tr_TR"], overwrite=True)
            self.partner_c.lang = "tr_TR"
        self.partner_a.lang = "en_US"
        self.step_email.with_user(self.user_sales_manager).action_run()
        self.assertEqual(self.step_email.state, "done")
        self.assertEqual((self.step_email.produced_count, self.step_email.skipped_count), (2, 1))
        mails = self.env["mail.mail"].search(
            [("model", "=", "res.partner"), ("res_id", "in", self.campaign._miy_target_partners().ids)]
        )
        self.assertEqual(sorted(mails.mapped("res_id")), sorted((self.partner_a | self.partner_c).ids))
        self.assertEqual(mails.recipient_ids, self.partner_a | self.partner_c)
        self.assertEqual(set(mails.mapped("state")), {"outgoing"})  # queued, not sent in the transaction
        by_partner = {mail.res_id: mail for mail in mails}
        self.assertIn("a campaign for you", by_partner[self.partner_a.id].subject)
        if turkish:  # each partner in its own language
            self.assertIn("size özel bir kampanya", by_partner[self.partner_c.id].subject)
            self.assertIn("Sayın", by_partner[self.partner_c.id].body_html)

    def test_call_step_plans_a_call_per_reachable_partner(self):
        self.launch()
        self.step_email.action_cancel()
        self.step_call.with_user(self.user_sales_manager).action_run()
        self.assertEqual((self.step_call.produced_count, self.step_call.skipped_count), (2, 1))
        calls = self.activities(
            "res.partner", self.campaign._miy_target_partners(), self.env.ref("mail.mail_activity_data_call")
        )
        self.assertEqual(len(calls), 2)
        by_partner = {activity.res_id: activity.user_id for activity in calls}
        self.assertEqual(by_partner[self.partner_a.id], self.user_salesman)  # the partner's salesperson
        self.assertEqual(by_partner[self.partner_b.id], self.user_step)  # else the step's responsible
        self.assertEqual(len(set(calls.mapped("date_deadline"))), 1)
        self.assertGreaterEqual(calls[0].date_deadline, date(2026, 3, 4))

    def test_dealer_step_gives_each_dealer_one_task(self):
        # partner C has no province, but its routed lead names dealer B
        lead = self.env["crm.lead"].create({"name": "Bayiye yönlendirilen (test)", "partner_id": self.partner_c.id})
        lead._miy_route_to(self.dealer_b)
        self.launch()
        (self.step_email | self.step_call).action_cancel()
        self.step_dealer.with_user(self.user_sales_manager).action_run()
        self.assertEqual((self.step_dealer.produced_count, self.step_dealer.skipped_count), (2, 0))
        tasks = self.activities("miy.dealer", self.dealer_a | self.dealer_b)
        self.assertEqual(len(tasks), 2)
        task_b = tasks.filtered(lambda t: t.res_id == self.dealer_b.id)
        self.assertIn("Kampanya Firma B", task_b.note)
        self.assertIn("Kampanya Firma C", task_b.note)
        self.assertEqual(task_b.user_id, self.dealer_b.user_id)
        task_a = tasks.filtered(lambda t: t.res_id == self.dealer_a.id)
        self.assertNotIn("Kampanya Firma B", task_a.note)

    def test_dealer_step_skips_partners_no_dealer_serves(self):
        self.launch()
        (self.step_email | self.step_call).action_cancel()
        self.step_dealer.action_run()
        self.assertEqual((self.step_dealer.produced_count, self.step_dealer.skipped_count), (2, 1))

    def test_visit_step_plans_a_visit_per_partner(self):
        self.launch()
        (self.step_email | self.step_call | self.step_dealer).action_cancel()
        self.step_visit.with_user(self.user_sales_manager).action_run()
        visit = self.env.ref("miy_dealer_channel.mail_activity_type_campaign_visit")
        visits = self.activities("res.partner", self.campaign._miy_target_partners(), visit)
        self.assertEqual(len(visits), 3)
        self.assertEqual((self.step_visit.produced_count, self.step_visit.skipped_count), (3, 0))

    def test_steps_run_in_sequence_and_once(self):
        self.launch()
        with self.assertRaisesRegex(UserError, "previous step"):
            self.step_call.with_user(self.user_sales_manager).action_run()
        self.step_email.with_user(self.user_sales_manager).action_run()
        mails = self.env["mail.mail"].search_count([("model", "=", "res.partner"), ("res_id", "=", self.partner_a.id)])
        with self.assertRaises(UserError):
            self.step_email.with_user(self.user_sales_manager).action_run()
        self.assertFalse(self.step_email._miy_claim())  # a done step is never claimed again
        with freeze_time("2026-04-02 09:00:00"):
            self.env["miy.campaign.step"]._cron_miy_run_due_steps()
        self.assertEqual(set(self.campaign.miy_step_ids.mapped("state")), {"done"})
        self.assertEqual(
            self.env["mail.mail"].search_count([("model", "=", "res.partner"), ("res_id", "=", self.partner_a.id)]),
            mails,
        )
        calls = self.activities("res.partner", self.partner_a, self.env.ref("mail.mail_activity_data_call"))
        with freeze_time("2026-04-03 09:00:00"):
            self.env["miy.campaign.step"]._cron_miy_run_due_steps()
        self.assertEqual(
            self.activities("res.partner", self.partner_a, self.env.ref("mail.mail_activity_data_call")), calls
        )

    def test_cron_runs_only_due_steps(self):
        self.launch()
        with freeze_time("2026-03-05 09:00:00"):
            self.env["miy.campaign.step"]._cron_miy_run_due_steps()
        self.assertEqual(
            self.campaign.miy_step_ids.sorted("sequence").mapped("state"), ["done", "done", "planned", "planned"]
        )

    def test_cron_marks_a_failing_step_and_holds_the_next(self):
        self.step_email.mail_template_id = False
        self.launch()
        with freeze_time("2026-04-02 09:00:00"):
            self.env["miy.campaign.step"]._cron_miy_run_due_steps()
        self.assertEqual(self.step_email.state, "failed")
        self.assertIn("template", self.step_email.result_note)
        self.assertEqual(self.step_call.state, "planned")

    def test_cron_closes_ended_campaigns_whose_steps_all_ran(self):
        self.launch()
        with freeze_time("2026-04-02 09:00:00"):
            self.env["utm.campaign"]._cron_miy_close_ended()
            self.assertEqual(self.campaign.miy_state, "running")  # its steps have not run
            self.env["miy.campaign.step"]._cron_miy_run_due_steps()
            self.env["utm.campaign"]._cron_miy_close_ended()
        self.assertEqual(self.campaign.miy_state, "done")

    def test_draft_campaign_steps_do_not_run(self):
        with self.assertRaisesRegex(UserError, "Launch"):
            self.step_email.with_user(self.user_sales_manager).action_run()
        with freeze_time("2026-04-02 09:00:00"):
            self.env["miy.campaign.step"]._cron_miy_run_due_steps()
        self.assertEqual(self.step_email.state, "planned")


@tagged("post_install", "-at_install")
class TestDealerCampaignResults(DealerCampaignCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.product = cls.env["product.product"].create(
            {"name": "Kompresör bakım seti (test)", "list_price": 100.0, "taxes_id": [Command.clear()]}
        )

    def _lead(self, partner, day, **values):
        lead = self.env["crm.lead"].create({"name": f"Aday {partner.name} {day}", "partner_id": partner.id, **values})
        self.env.cr.execute("UPDATE crm_lead SET create_date = %s WHERE id = %s", (self.at_noon(day), lead.id))
        lead.invalidate_recordset(["create_date"])
        return lead

    def _order(self, partner, day, amount, confirm=True, cancel=False):
        order = self.env["sale.order"].create(
            {
                "partner_id": partner.id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": self.product.id,
                            "product_uom_qty": 1,
                            "price_unit": amount,
                            "tax_id": [Command.clear()],
                        }
                    )
                ],
            }
        )
        if confirm:
            order.action_confirm()
        if cancel:
            order._action_cancel()
        order.date_order = self.at_noon(day)
        return order

    def _story(self):
        self.launch()
        # campaign period: March 2026; previous period: 29 January - 28 February 2026
        self._lead(self.partner_a, date(2026, 3, 5))
        self._lead(self.contact_a, date(2026, 3, 10))  # a contact of a targeted organization
        self._lead(self.outsider, date(2025, 6, 1), campaign_id=self.campaign.id)  # carries the campaign
        self._lead(self.partner_b, date(2026, 2, 10))  # previous period
        self._lead(self.partner_b, date(2025, 12, 1))  # before both periods
        self._lead(self.outsider, date(2026, 3, 6))  # not targeted
        self._order(self.partner_a, date(2026, 3, 12), 1000.0)
        self._order(self.contact_a, date(2026, 3, 20), 700.0, confirm=False)  # a quotation
        self._order(self.partner_b, date(2026, 2, 15), 400.0)  # previous period
        self._order(self.partner_b, date(2026, 3, 15), 900.0, cancel=True)  # cancelled: ignored
        self._order(self.outsider, date(2026, 3, 15), 5000.0)  # not targeted

    def test_results_against_budget_and_previous_period(self):
        self._story()
        campaign = self.campaign.with_user(self.user_miy)
        self.assertEqual(campaign.miy_prev_date_start, date(2026, 1, 29))
        self.assertEqual(campaign.miy_prev_date_end, date(2026, 2, 28))
        self.assertEqual(
            (campaign.miy_lead_count, campaign.miy_quote_count, campaign.miy_order_count, campaign.miy_revenue),
            (3, 1, 1, 1000.0),
        )
        self.assertEqual(
            (
                campaign.miy_prev_lead_count,
                campaign.miy_prev_quote_count,
                campaign.miy_prev_order_count,
                campaign.miy_prev_revenue,
            ),
            (1, 0, 1, 400.0),
        )
        self.assertAlmostEqual(campaign.miy_cost_per_lead, 3333.33, places=2)
        self.assertAlmostEqual(campaign.miy_revenue_budget_ratio, 0.1)
        self.assertAlmostEqual(campaign.miy_revenue_change, 150.0)
        self.assertAlmostEqual(campaign.miy_lead_change, 200.0)
        # the stat buttons open the same documents
        self.assertEqual(len(self.env["crm.lead"].search(campaign.action_miy_open_leads()["domain"])), 3)
        orders = self.env["sale.order"].search(campaign.action_miy_open_orders()["domain"])
        self.assertEqual(orders.mapped("amount_untaxed"), [1000.0])

    def test_results_of_several_campaigns_in_one_query(self):
        self._story()
        second = self.campaign.copy({"title": "İkinci kampanya (test)"})
        self.launch(second)
        campaigns = self.campaign | second

        def queries(records):
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            records._compute_miy_results()
            return self.env.cr.sql_log_count - before

        # the report is read once for all the campaigns (plus reading their budgets and currency)
        self.assertEqual(queries(self.campaign), queries(campaigns))
        self.assertLessEqual(queries(campaigns), 5)
        self.assertEqual(campaigns.mapped("miy_revenue"), [1000.0, 1000.0])
        self.assertEqual(second.miy_step_count, 4)

    def test_draft_campaign_has_no_results(self):
        self._lead(self.partner_a, date(2026, 3, 5))
        self.assertEqual(self.campaign.miy_lead_count, 0)


@tagged("post_install", "-at_install")
class TestDealerCampaignAccess(DealerCampaignCommon):
    def test_miy_user_reads_but_does_not_manage(self):
        self.launch()
        campaign = self.campaign.with_user(self.user_miy)
        self.assertEqual(campaign.miy_target_count, 3)
        self.assertEqual(len(campaign.miy_step_ids), 4)
        with self.assertRaises(AccessError):
            campaign.action_miy_launch()
        with self.assertRaises(AccessError):
            campaign.write({"miy_budget": 1.0})
        with self.assertRaises(AccessError):
            self.step_email.with_user(self.user_miy).action_run()
        with self.assertRaises(AccessError):
            self.step_email.with_user(self.user_miy).write({"day_offset": 9})
        with self.assertRaises(AccessError):
            self.env["miy.campaign.target"].with_user(self.user_miy).create(
                {"campaign_id": self.campaign.id, "partner_id": self.outsider.id}
            )
        self.assertEqual(self.step_email.state, "planned")
        self.assertEqual(self.campaign.miy_budget, 10000.0)

    def test_salesperson_reads_the_results(self):
        self.launch()
        campaign = self.campaign.with_user(self.user_salesman)
        self.assertEqual(campaign.miy_target_count, 3)
        self.assertEqual(campaign.miy_lead_count, 0)
        with self.assertRaises(AccessError):
            campaign.action_miy_done()

    def test_employee_without_a_sales_or_miy_right_sees_no_campaign_figures(self):
        campaign = self.campaign.with_user(self.user_plain)
        with self.assertRaises(AccessError):
            campaign.read(["miy_budget"])
        with self.assertRaises(AccessError):
            self.env["miy.campaign.step"].with_user(self.user_plain).search([])

    def test_portal_dealer_sees_nothing_of_campaigns(self):
        self.launch()
        for user in (self.portal_admin_a, self.portal_customer):
            for model in ("utm.campaign", "miy.campaign.step", "miy.campaign.target", "miy.campaign.result"):
                with self.subTest(user=user.login, model=model), self.assertRaises(AccessError):
                    self.env[model].with_user(user).search_read([], ["id"])
            with self.assertRaises(AccessError):
                self.campaign.with_user(user).action_miy_launch()
            with self.assertRaises(AccessError):
                self.step_email.with_user(user).action_run()
        self.assertEqual(self.step_email.state, "planned")

    def test_other_companys_user_sees_no_targets_or_results(self):
        self.launch()
        other_company = self.env["res.company"].create({"name": "Diğer şirket (test)"})
        other_user = new_test_user(
            self.env,
            login="camp_other_company",
            groups="sales_team.group_sale_manager,miy_contacts.group_miy_manager",
            company_id=other_company.id,
            company_ids=[Command.set(other_company.ids)],
        )
        Campaign = self.env["utm.campaign"].with_user(other_user)
        self.assertFalse(Campaign.search([("id", "=", self.campaign.id)]))
        self.assertFalse(
            self.env["miy.campaign.target"].with_user(other_user).search([("campaign_id", "=", self.campaign.id)])
        )
        self.assertFalse(
            self.env["miy.campaign.step"].with_user(other_user).search([("campaign_id", "=", self.campaign.id)])
        )
        self.assertFalse(
            self.env["miy.campaign.result"].with_user(other_user).search([("campaign_id", "=", self.campaign.id)])
        )
        with self.assertRaises(AccessError):
            self.campaign.with_user(other_user).read(["miy_lead_count"])
        with self.assertRaises(AccessError):
            self.step_email.with_user(other_user).action_run()


@tagged("post_install", "-at_install")
class TestDealerCampaignMenus(MiyMenuTests, DealerCampaignCommon):
    menu_xmlids = ("miy_dealer_channel.utm_campaign_menu_miy", "miy_dealer_channel.miy_campaign_result_menu")
    action_xmlids = ("miy_dealer_channel.utm_campaign_action_miy", "miy_dealer_channel.miy_campaign_result_action")

    def test_actions_open_for_a_salesperson(self):
        self.assert_actions_open(self.user_salesman)
        self.assert_actions_open(self.user_miy)
