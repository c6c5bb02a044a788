from datetime import date

from odoo import Command
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import new_test_user, tagged

from odoo.addons.account.tests.common import AccountTestInvoicingCommon

TODAY = date(2026, 6, 15)


@tagged("post_install", "-at_install")
class TestCustomerValue(AccountTestInvoicingCommon):
    """In a company of its own (Odoo's accounting test company): the figures are per company."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.company = cls.company_data["company"]
        sales = "base.group_user,miy_contacts.group_miy_user,sales_team.group_sale_salesman"
        in_company = {"company_id": cls.company.id, "company_ids": [Command.set(cls.company.ids)]}
        cls.seller_a = new_test_user(cls.env, login="qanal_cv_seller_a", name="Seller A", groups=sales, **in_company)
        cls.seller_b = new_test_user(cls.env, login="qanal_cv_seller_b", name="Seller B", groups=sales, **in_company)
        cls.manager = new_test_user(
            cls.env,
            login="qanal_cv_manager",
            name="Manager",
            groups="base.group_user,miy_contacts.group_miy_user,sales_team.group_sale_manager",
            **in_company,
        )
        cls.plain = new_test_user(cls.env, login="qanal_cv_plain", name="Plain", groups="base.group_user", **in_company)
        cls.team_a = cls.env["crm.team"].create({"name": "CV Team A", "member_ids": [Command.set(cls.seller_a.ids)]})
        cls.team_b = cls.env["crm.team"].create({"name": "CV Team B", "member_ids": [Command.set(cls.seller_b.ids)]})
        Partner = cls.env["res.partner"]

        def customer(name, user=None):
            return Partner.create({"name": name, "is_company": True, "user_id": (user or cls.seller_a).id})

        cls.big = customer("Büyük Müşteri A.Ş.")
        cls.growing = customer("Büyüyen Müşteri Ltd.")
        cls.steady = customer("Sabit Müşteri Ltd.")
        cls.cold = customer("Soğuk Müşteri A.Ş.", cls.seller_b)
        cls.loss = customer("Zararlı Müşteri A.Ş.")
        cls.person = Partner.create({"name": "Ayşe Yılmaz", "parent_id": cls.big.id})
        cls.portal = new_test_user(
            cls.env,
            login="qanal_cv_portal",
            name="Portal",
            groups="base.group_portal",
            email="cv@example.com",
            **in_company,
        )
        cls.portal.partner_id.parent_id = cls.big
        cls.with_cost = cls.env["product.product"].create({"name": "CV Makine", "standard_price": 60.0})
        cls.no_cost = cls.env["product.product"].create({"name": "CV Hizmet", "type": "service"})
        cls.expensive = cls.env["product.product"].create({"name": "CV Zararlı", "standard_price": 200.0})
        cls.marketing = cls.env["account.account"].create(
            {"name": "CV Reklam Giderleri", "code": "760999", "account_type": "expense", "company_ids": cls.company.ids}
        )
        cls.company.miy_marketing_account_ids = cls.marketing
        params = cls.env["ir.config_parameter"]
        params.set_param("miy_quotes.value_top_percent", "20")
        params.set_param("miy_quotes.value_growth_percent", "10")
        params.set_param("miy_quotes.value_ltv_years", "2")
        params.set_param("miy_quotes.value_ltv_discount", "10")

        cls._invoice(cls.big, date(2025, 3, 1), [(cls.with_cost, 10, 100.0)], team=cls.team_a)  # prev 12 months
        cls._invoice(cls.big, date(2025, 9, 1), [(cls.with_cost, 50, 100.0)], team=cls.team_a)
        cls._invoice(cls.big, date(2026, 2, 1), [(cls.no_cost, 1, 1000.0)], team=cls.team_a)
        cls._invoice(cls.big, date(2026, 2, 10), [(cls.with_cost, 5, 100.0)], refund=True, team=cls.team_a)
        cls._invoice(cls.growing, date(2025, 5, 1), [(cls.no_cost, 1, 1000.0)], team=cls.team_a)
        cls._invoice(cls.growing, date(2026, 4, 1), [(cls.no_cost, 1, 1500.0)], team=cls.team_a)
        cls._invoice(cls.growing, date(2026, 4, 20), [(cls.no_cost, 1, 500.0)], team=cls.team_a)
        cls._invoice(cls.steady, date(2025, 5, 1), [(cls.no_cost, 1, 1000.0)], team=cls.team_a)
        cls._invoice(cls.steady, date(2026, 5, 1), [(cls.no_cost, 1, 1000.0)], team=cls.team_a)
        cls._invoice(cls.cold, date(2024, 12, 1), [(cls.no_cost, 1, 3000.0)], team=cls.team_b)
        cls._invoice(cls.loss, date(2026, 1, 1), [(cls.expensive, 1, 100.0)], team=cls.team_a)
        cls.env["account.move"].create(
            {
                "move_type": "entry",
                "journal_id": cls.company_data["default_journal_misc"].id,
                "date": date(2026, 4, 10),
                "line_ids": [
                    Command.create({"account_id": cls.marketing.id, "debit": 900.0, "credit": 0.0, "name": "Fuar"}),
                    Command.create(
                        {
                            "account_id": cls.company_data["default_account_assets"].id,
                            "debit": 0.0,
                            "credit": 900.0,
                            "name": "Fuar",
                        }
                    ),
                ],
            }
        ).action_post()
        cls.order = cls._order(cls.big, 2000.0, confirm=True)
        cls._order(cls.big, 4000.0, confirm=True)
        cls._order(cls.growing, 7000.0)

    @classmethod
    def _invoice(cls, partner, day, lines, refund=False, team=None):
        move = cls.env["account.move"].create(
            {
                "move_type": "out_refund" if refund else "out_invoice",
                "partner_id": partner.id,
                "invoice_date": day,
                "date": day,
                "team_id": team.id if team else False,
                "invoice_line_ids": [
                    Command.create({"product_id": product.id, "quantity": qty, "price_unit": price, "tax_ids": []})
                    for product, qty, price in lines
                ],
            }
        )
        move.action_post()
        return move

    @classmethod
    def _order(cls, partner, amount, confirm=False):
        order = cls.env["sale.order"].create(
            {
                "partner_id": partner.id,
                "user_id": cls.seller_a.id,
                "order_line": [
                    Command.create(
                        {"product_id": cls.no_cost.id, "product_uom_qty": 1, "price_unit": amount, "tax_id": []}
                    )
                ],
            }
        )
        if confirm:
            order.action_confirm()
        return order

    def _recompute(self):
        self.assertTrue(self.env["miy.customer.value"]._miy_recompute(self.company, today=TODAY))

    def _row(self, partner):
        return self.env["miy.customer.value"].search([("partner_id", "=", partner.id)])

    def test_figures_per_customer(self):
        self._recompute()
        big = self._row(self.big)
        # 12 months: 5000 + 1000 - 500 (refund); the 12 before: 1000
        self.assertAlmostEqual(big.revenue_12m, 5500.0)
        self.assertAlmostEqual(big.revenue_prev_12m, 1000.0)
        self.assertAlmostEqual(big.revenue_total, 6500.0)
        self.assertAlmostEqual(big.revenue_this_year, 500.0)
        self.assertAlmostEqual(big.revenue_last_year, 6000.0)
        self.assertAlmostEqual(big.growth, 450.0)
        # margin on the lines whose cost is known: 5000 - 500 revenue, 3000 - 300 cost
        self.assertAlmostEqual(big.cost_12m, 2700.0)
        self.assertAlmostEqual(big.margin_12m, 1800.0)
        self.assertEqual(big.order_count, 2)
        self.assertAlmostEqual(big.average_order, 3000.0)
        self.assertAlmostEqual(self._row(self.growing).open_pipeline, 7000.0)
        self.assertAlmostEqual(big.lifetime_value, 5500.0 * (1 / 1.1 + 1 / 1.21), places=2)
        years = {row.year: row.revenue for row in big.year_ids}
        self.assertEqual(years, {2025: 6000.0, 2026: 500.0})

    def test_tiers_and_pareto(self):
        self._recompute()
        tiers = {p: self._row(p).tier for p in (self.big, self.growing, self.steady, self.cold, self.loss)}
        self.assertEqual(
            tiers,
            {
                self.big: "most_valuable",
                self.growing: "high_potential",
                self.steady: "maintain",
                self.cold: "cold",
                self.loss: "cold",
            },
        )
        self.assertEqual(self.big.miy_value_tier, "most_valuable")
        self.assertEqual(self.person.miy_value_tier, "most_valuable", "a contact carries its organization's tier")
        self.assertEqual(self.cold.miy_value_tier, "cold")
        # revenue of 12 months: 5500, 2000, 1000, 100 -> the top customer (20% of 4, rounded up)
        top = self.env["miy.customer.value"].search([("is_top", "=", True)])
        self.assertEqual(top.partner_id, self.big)
        self.assertAlmostEqual(top.revenue_share, 100 * 5500 / 8600, places=4)
        self.assertAlmostEqual(self._row(self.loss).cumulative_share, 100.0, places=4)
        # the keys the birthday greetings rely on
        self.assertEqual(
            [key for key, _label in self.env["res.partner"]._fields["miy_value_tier"].selection],
            ["most_valuable", "high_potential", "maintain", "cold"],
        )

    def test_recompute_is_idempotent_and_follows_changes(self):
        self._recompute()
        self._recompute()
        self.assertEqual(len(self._row(self.big)), 1)
        self._invoice(self.steady, date(2026, 6, 1), [(self.no_cost, 1, 20000.0)])
        self._recompute()
        self.assertEqual(self._row(self.steady).tier, "most_valuable")
        self.assertEqual(self.steady.miy_value_tier, "most_valuable")
        self.assertEqual(self.big.miy_value_tier, "high_potential")

    def test_partner_card_figures(self):
        self._recompute()
        partners = (self.big | self.growing | self.person).with_user(self.seller_a)
        self.steady.with_user(self.seller_a).miy_value_revenue_12m  # noqa: B018 (warms the user's rules)
        self.env.invalidate_all()
        # the partners (commercial partner), the value rows of all of them at once, the rule's team
        # lookup: 4 whatever the number of partners
        with self.assertQueryCount(4):
            figures = [(p.miy_value_revenue_12m, p.miy_value_order_count) for p in partners]
        self.assertEqual(figures[0], (5500.0, 2))
        self.assertEqual(figures[2], figures[0], "a person shows its organization's figures")

    def test_sales_performance(self):
        self._recompute()
        Perf = self.env["miy.sales.performance"]
        q2 = Perf.search([("period_start", "=", date(2026, 4, 1)), ("team_id", "=", False)])
        # Q2 2026: growing (2 invoices) and steady active; none of them bought in Q1 2026
        self.assertEqual((q2.active_customers, q2.repeat_customers, q2.new_customers), (2, 1, 0))
        self.assertAlmostEqual(q2.repeat_rate, 50.0)
        q1 = Perf.search([("period_start", "=", date(2026, 1, 1)), ("team_id", "=", False)])
        # Q1 2026: big and loss active; of Q4 2025's customers (none) -> no retention figure
        self.assertEqual((q1.active_customers, q1.new_customers), (2, 1))
        q2_2025 = Perf.search([("period_start", "=", date(2025, 4, 1)), ("team_id", "=", False)])
        self.assertEqual((q2_2025.active_customers, q2_2025.new_customers), (2, 2))
        q3_2025 = Perf.search([("period_start", "=", date(2025, 7, 1)), ("team_id", "=", False)])
        self.assertEqual((q3_2025.previous_customers, q3_2025.retained_customers), (2, 0))
        self.assertAlmostEqual(q3_2025.churn_rate, 100.0)
        # marketing cost of Q2 2026 over its new customers (none): no acquisition cost
        self.assertAlmostEqual(q2.marketing_cost, 900.0)
        self.assertFalse(q2.acquisition_cost)
        team_rows = Perf.search([("team_id", "=", self.team_a.id), ("period_start", "=", date(2026, 1, 1))])
        self.assertEqual(team_rows.active_customers, 2)

    def test_acquisition_cost(self):
        newcomer = self.env["res.partner"].create({"name": "Yeni Müşteri", "is_company": True})
        self._invoice(newcomer, date(2026, 5, 5), [(self.no_cost, 1, 100.0)])
        self._recompute()
        q2 = self.env["miy.sales.performance"].search(
            [("period_start", "=", date(2026, 4, 1)), ("team_id", "=", False)]
        )
        self.assertEqual(q2.new_customers, 1)
        self.assertAlmostEqual(q2.acquisition_cost, 900.0)

    def test_recompute_now_managers_only(self):
        Value = self.env["miy.customer.value"]
        for user in (self.seller_a, self.plain):
            with self.assertRaises(AccessError):
                Value.with_user(user).action_miy_recompute()
        self.assertFalse(Value.search([]))
        Value.with_user(self.manager).action_miy_recompute()
        self.assertTrue(Value.search([]))

    def test_rows_follow_team_rules(self):
        self._recompute()
        Value = self.env["miy.customer.value"]
        seen_b = Value.with_user(self.seller_b).search([]).partner_id
        self.assertEqual(seen_b, self.cold, "another team's salesperson sees only their own customers")
        with self.assertRaises(AccessError):
            self._row(self.big).with_user(self.seller_b).read(["revenue_12m"])
        with self.assertRaises(AccessError):
            self._row(self.big).year_ids.with_user(self.seller_b).read(["revenue"])
        self.assertEqual(self.big.with_user(self.seller_b).miy_value_revenue_12m, 0.0, "the card shows nothing")
        self.assertEqual(len(Value.with_user(self.manager).search([])), 5)
        perf_b = self.env["miy.sales.performance"].with_user(self.seller_b).search([])
        self.assertEqual(perf_b.team_id, self.team_b)
        for user in (self.plain, self.portal):
            for model in ("miy.customer.value", "miy.customer.value.year", "miy.sales.performance"):
                with self.assertRaises(AccessError):
                    self.env[model].with_user(user).search_read([], ["id"])

    def test_settings_refuse_nonsense(self):
        with self.assertRaises(ValidationError):
            self.env["res.config.settings"].create({"miy_value_top_percent": 150.0})
        with self.assertRaises(ValidationError):
            self.env["res.config.settings"].create({"miy_value_ltv_discount": -1.0})

    def test_recompute_query_count_does_not_grow(self):
        """The nightly job runs a fixed number of statements, however many customers."""
        self._recompute()
        self.env.invalidate_all()
        with self.assertQueryCount(14):  # lock, params, 5 per company batch, ranks, tiers, performance
            self._recompute()
        more = self.env["res.partner"].create([{"name": f"Ek Müşteri {n}", "is_company": True} for n in range(5)])
        for partner in more:
            self._invoice(partner, date(2026, 3, 3), [(self.no_cost, 1, 10.0)])
        self.env.flush_all()
        self.env.invalidate_all()
        with self.assertQueryCount(14):  # lock, params, 5 per company batch, ranks, tiers, performance
            self._recompute()

    def test_card_and_settings_screens(self):
        """The partner form shows the tier and figures to a salesperson (miy_contacts' card kept), and
        the settings show the thresholds."""
        arch = self.env["res.partner"].with_user(self.seller_a).get_views([(False, "form")])["views"]["form"]["arch"]
        self.assertIn('name="miy_customer_value"', arch)
        self.assertIn('name="miy_value_tier"', arch)
        self.assertIn('name="miy_value_lifetime_value"', arch)
        self.assertLess(arch.index('name="miy_members"'), arch.index('name="miy_customer_value"'))
        plain_arch = self.env["res.partner"].with_user(self.plain).get_views([(False, "form")])["views"]["form"]
        self.assertNotIn("miy_value_lifetime_value", plain_arch["arch"])
        settings = self.env["res.config.settings"].get_views([(False, "form")])["views"]["form"]["arch"]
        self.assertIn("miy_value_top_percent", settings)
