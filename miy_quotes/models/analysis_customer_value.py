# Part of MİY. See LICENSE file for full copyright and licensing details.
"""Customer value (issue 11, feature 8): figures per customer and company, value tiers, 80/20,
and sales performance per quarter and team.

Everything is recomputed by one nightly job with SQL aggregates, in batches of customers
(``_miy_recompute``); the rows are stored, so lists filter and group on them. Figures are in the
company's currency, untaxed, from posted customer invoices net of refunds.
"""

from datetime import date

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError
from odoo.tools import SQL

VALUE_TIERS = [
    ("most_valuable", "Most Valuable"),
    ("high_potential", "High Potential"),
    ("maintain", "To Be Maintained"),
    ("cold", "Cold / Unprofitable"),
]
BATCH_SIZE = 20000  # customers per SQL batch
PERIODS = 8  # quarters of sales performance
LOCK_KEY = 7212011  # advisory lock of the recomputation: one run at a time

PARAMS = {
    "top_percent": ("miy_quotes.value_top_percent", 20.0),
    "growth_percent": ("miy_quotes.value_growth_percent", 10.0),
    "ltv_years": ("miy_quotes.value_ltv_years", 5.0),
    "ltv_discount": ("miy_quotes.value_ltv_discount", 10.0),
}


class ResPartner(models.Model):
    _inherit = "res.partner"

    miy_value_tier = fields.Selection(
        VALUE_TIERS,
        string="Value Tier",
        readonly=True,
        copy=False,
        index=True,
        help="From the customer's revenue of the last 12 months and its growth (recomputed nightly): most "
        "valuable (top share by revenue), high potential (growing), to be maintained, cold or unprofitable.",
    )
    # the figures are sales data: computed only for users with sales rights (the rows' record
    # rules then decide whose figures they see)
    miy_value_ids = fields.One2many(
        "miy.customer.value", "partner_id", string="Customer Value", groups="sales_team.group_sale_salesman"
    )
    miy_value_revenue_12m = fields.Monetary(
        string="Revenue (12 Months)",
        compute="_compute_miy_value",
        groups="sales_team.group_sale_salesman",
        currency_field="miy_value_currency_id",
    )
    miy_value_growth = fields.Float(
        string="Growth (%)", compute="_compute_miy_value", groups="sales_team.group_sale_salesman"
    )
    miy_value_margin_12m = fields.Monetary(
        string="Margin (12 Months)",
        compute="_compute_miy_value",
        groups="sales_team.group_sale_salesman",
        currency_field="miy_value_currency_id",
    )
    miy_value_order_count = fields.Integer(
        string="Orders", compute="_compute_miy_value", groups="sales_team.group_sale_salesman"
    )
    miy_value_average_order = fields.Monetary(
        string="Average Order",
        compute="_compute_miy_value",
        groups="sales_team.group_sale_salesman",
        currency_field="miy_value_currency_id",
    )
    miy_value_open_pipeline = fields.Monetary(
        string="Open Pipeline",
        compute="_compute_miy_value",
        groups="sales_team.group_sale_salesman",
        currency_field="miy_value_currency_id",
    )
    miy_value_lifetime_value = fields.Monetary(
        string="Lifetime Value",
        compute="_compute_miy_value",
        groups="sales_team.group_sale_salesman",
        currency_field="miy_value_currency_id",
    )
    miy_value_currency_id = fields.Many2one(
        "res.currency", compute="_compute_miy_value", groups="sales_team.group_sale_salesman"
    )
    miy_value_date = fields.Datetime(
        string="Value Computed On", compute="_compute_miy_value", groups="sales_team.group_sale_salesman"
    )

    def _compute_miy_value(self):
        """The figures of the current company's row, read as the user (rules apply): one query."""
        names = (
            "revenue_12m",
            "growth",
            "margin_12m",
            "order_count",
            "average_order",
            "open_pipeline",
            "lifetime_value",
        )
        rows = (
            {
                row["partner_id"]: row
                for row in self.env["miy.customer.value"].search_read(
                    [("partner_id", "in", self.commercial_partner_id.ids), ("company_id", "=", self.env.company.id)],
                    ["partner_id", "computed_at", *names],
                    load=None,
                )
                if row["partner_id"]
            }
            if self.ids
            else {}
        )
        for partner in self:
            row = rows.get(partner.commercial_partner_id.id, {})
            partner.miy_value_currency_id = self.env.company.currency_id
            partner.miy_value_date = row.get("computed_at")
            for name in names:
                partner[f"miy_value_{name}"] = row.get(name) or 0


class MiyCustomerValue(models.Model):
    _name = "miy.customer.value"
    _description = "Customer Value"
    _order = "revenue_12m desc, id"
    _rec_name = "partner_id"

    partner_id = fields.Many2one("res.partner", string="Customer", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one("res.company", required=True, ondelete="cascade", index=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    user_id = fields.Many2one("res.users", string="Salesperson", index="btree_not_null")
    team_id = fields.Many2one(
        "crm.team", string="Sales Team", index="btree_not_null", help="Team of the latest invoice or order."
    )
    revenue_total = fields.Monetary(string="Revenue (All Time)")
    revenue_this_year = fields.Monetary(string="Revenue This Year")
    revenue_last_year = fields.Monetary(string="Revenue Last Year")
    revenue_12m = fields.Monetary(string="Revenue (12 Months)")
    revenue_prev_12m = fields.Monetary(string="Revenue (Previous 12 Months)")
    growth = fields.Float(string="Growth (%)", aggregator="avg", help="Last 12 months against the 12 before.")
    cost_12m = fields.Monetary(string="Known Cost (12 Months)", help="Quantity × product cost, where the cost is set.")
    margin_12m = fields.Monetary(
        string="Margin (12 Months)", help="Revenue of the lines whose product cost is known, minus that cost."
    )
    margin_percent = fields.Float(string="Margin (%)", aggregator="avg")
    order_count = fields.Integer(string="Orders")
    order_amount = fields.Monetary(string="Ordered Amount")
    average_order = fields.Monetary(aggregator="avg")
    open_pipeline = fields.Monetary(help="Untaxed total of the customer's open quotes.")
    lifetime_value = fields.Monetary(
        help="Revenue of the last 12 months over the configured horizon, discounted at the configured rate."
    )
    first_invoice_date = fields.Date()
    last_invoice_date = fields.Date()
    revenue_rank = fields.Integer(aggregator=None)
    revenue_share = fields.Float(string="Share of Revenue (%)", help="Share of the company's revenue of 12 months.")
    cumulative_share = fields.Float(string="Cumulative Share (%)", aggregator="max")
    is_top = fields.Boolean(string="Top Customers (80/20)", index=True)
    tier = fields.Selection(VALUE_TIERS, string="Value Tier", index=True)
    computed_at = fields.Datetime()
    year_ids = fields.One2many("miy.customer.value.year", "value_id", string="Revenue by Year")

    _sql_constraints = [
        ("partner_company_uniq", "unique(partner_id, company_id)", "A customer has one value row per company."),
    ]

    # ------------------------------------------------------------------ actions
    def action_miy_recompute(self):
        """'Recompute now' (managers only: it rewrites every row of the company)."""
        if not self.env.user.has_group("sales_team.group_sale_manager"):
            raise AccessError(self.env._("Only sales managers may recompute customer value."))
        if not self._miy_recompute(self.env.companies):
            raise AccessError(self.env._("Customer value is being recomputed right now; try again in a few minutes."))
        return {"type": "ir.actions.client", "tag": "soft_reload"}

    # ------------------------------------------------------------------ job
    @api.model
    def _cron_recompute(self):
        self._miy_recompute(self.env["res.company"].search([]))

    @api.model
    def _miy_params(self):
        get = self.env["ir.config_parameter"].sudo().get_param  # settings, read-only, no user data
        values = {}
        for key, (param, default) in PARAMS.items():
            try:
                values[key] = float(get(param, default))
            except (TypeError, ValueError):
                values[key] = default
        return values

    @api.model
    def _miy_recompute(self, companies, today=None):
        """Rewrite the value rows, yearly revenue, tiers and performance of ``companies``.

        Raw SQL over invoice lines and orders, in batches of ``BATCH_SIZE`` customers; callers
        check who may run it (the cron, or a sales manager). False when another run holds the lock.
        """
        cr = self.env.cr
        cr.execute(SQL("SELECT pg_try_advisory_xact_lock(%s)", LOCK_KEY))
        if not cr.fetchone()[0]:
            return False
        self.env.flush_all()
        today = today or fields.Date.context_today(self)
        params = self._miy_params()
        years = max(int(params["ltv_years"]), 0)
        rate = max(params["ltv_discount"], 0.0) / 100.0
        ltv_factor = sum(1.0 / (1.0 + rate) ** year for year in range(1, years + 1))
        now = fields.Datetime.now()
        for company in companies:
            self._miy_recompute_company(company, today, params, ltv_factor, now)
        self._miy_update_partner_tiers()
        self.env["miy.sales.performance"]._miy_recompute(companies, today)
        self.env.invalidate_all()
        return True

    def _miy_recompute_company(self, company, today, params, ltv_factor, now):
        cr = self.env.cr
        cr.execute(SQL("DELETE FROM miy_customer_value WHERE company_id = %s", company.id))
        cr.execute(SQL("DELETE FROM miy_customer_value_year WHERE company_id = %s", company.id))
        # the customers: commercial partners with invoices or orders in this company
        cr.execute(
            SQL(
                """
                SELECT partner_id FROM account_move_line
                 WHERE company_id = %(company)s AND parent_state = 'posted' AND display_type = 'product'
                   AND partner_id IS NOT NULL AND move_id IN (
                       SELECT id FROM account_move WHERE company_id = %(company)s
                          AND move_type IN ('out_invoice', 'out_refund') AND state = 'posted')
                 UNION
                SELECT p.commercial_partner_id FROM sale_order so JOIN res_partner p ON p.id = so.partner_id
                 WHERE so.company_id = %(company)s AND so.state IN ('draft', 'sent', 'sale')
                 ORDER BY 1
                """,
                company=company.id,
            )
        )
        partner_ids = [row[0] for row in cr.fetchall()]
        start_12m = today - relativedelta(years=1)
        start_24m = today - relativedelta(years=2)
        for offset in range(0, len(partner_ids), BATCH_SIZE):
            batch = partner_ids[offset : offset + BATCH_SIZE]
            self._miy_recompute_batch(company, batch[0], batch[-1], today, start_12m, start_24m, ltv_factor, now)
        self._miy_rank_and_tier(company, params)

    def _miy_recompute_batch(self, company, low, high, today, start_12m, start_24m, ltv_factor, now):
        cr = self.env.cr
        lines = SQL(
            """
            SELECT aml.partner_id AS partner_id, aml.date AS date, aml.move_id AS move_id, am.team_id AS team_id,
                   -aml.balance AS revenue,
                   CASE WHEN cost.value > 0 THEN -aml.balance END AS known_revenue,
                   CASE WHEN cost.value > 0 THEN cost.value * aml.quantity
                        * CASE WHEN aml.balance > 0 THEN -1 ELSE 1 END END AS cost
              FROM account_move_line aml
              JOIN account_move am ON am.id = aml.move_id
              LEFT JOIN product_product pp ON pp.id = aml.product_id
              LEFT JOIN LATERAL (SELECT (pp.standard_price ->> %(company_key)s)::numeric AS value) cost ON TRUE
             WHERE aml.company_id = %(company)s AND aml.parent_state = 'posted' AND aml.display_type = 'product'
               AND am.move_type IN ('out_invoice', 'out_refund')
               AND aml.partner_id BETWEEN %(low)s AND %(high)s
            """,
            company=company.id,
            company_key=str(company.id),
            low=low,
            high=high,
        )
        # the batch's invoice lines, read once for both aggregates below
        cr.execute(SQL("DROP TABLE IF EXISTS miy_cv_lines"))
        cr.execute(SQL("CREATE TEMP TABLE miy_cv_lines ON COMMIT DROP AS %s", lines))
        cr.execute(
            SQL(
                """
                WITH lines AS (SELECT * FROM miy_cv_lines),
                invoiced AS (
                    SELECT partner_id,
                           SUM(revenue) AS revenue_total,
                           SUM(revenue) FILTER (WHERE date >= %(year_start)s AND date <= %(today)s)
                               AS revenue_this_year,
                           SUM(revenue) FILTER (WHERE date >= %(last_year_start)s AND date < %(year_start)s)
                               AS revenue_last_year,
                           SUM(revenue) FILTER (WHERE date > %(start_12m)s AND date <= %(today)s) AS revenue_12m,
                           SUM(revenue) FILTER (WHERE date > %(start_24m)s AND date <= %(start_12m)s)
                               AS revenue_prev_12m,
                           SUM(known_revenue) FILTER (WHERE date > %(start_12m)s AND date <= %(today)s) AS known_12m,
                           SUM(cost) FILTER (WHERE date > %(start_12m)s AND date <= %(today)s) AS cost_12m,
                           MIN(date) AS first_date, MAX(date) AS last_date,
                           (ARRAY_AGG(team_id ORDER BY date DESC, move_id DESC)
                               FILTER (WHERE team_id IS NOT NULL))[1] AS team_id
                      FROM lines GROUP BY partner_id
                ),
                orders AS (
                    SELECT p.commercial_partner_id AS partner_id,
                           COUNT(*) FILTER (WHERE so.state = 'sale') AS order_count,
                           SUM(so.amount_untaxed / COALESCE(NULLIF(so.currency_rate, 0), 1))
                               FILTER (WHERE so.state = 'sale') AS order_amount,
                           SUM(so.amount_untaxed / COALESCE(NULLIF(so.currency_rate, 0), 1))
                               FILTER (WHERE so.state IN ('draft', 'sent')) AS open_pipeline,
                           (ARRAY_AGG(so.team_id ORDER BY so.date_order DESC, so.id DESC)
                               FILTER (WHERE so.team_id IS NOT NULL))[1] AS team_id
                      FROM sale_order so JOIN res_partner p ON p.id = so.partner_id
                     WHERE so.company_id = %(company)s AND so.state IN ('draft', 'sent', 'sale')
                       AND p.commercial_partner_id BETWEEN %(low)s AND %(high)s
                     GROUP BY p.commercial_partner_id
                ),
                merged AS (
                    SELECT COALESCE(i.partner_id, o.partner_id) AS partner_id,
                           COALESCE(i.team_id, o.team_id) AS team_id,
                           COALESCE(i.revenue_total, 0) AS revenue_total,
                           COALESCE(i.revenue_this_year, 0) AS revenue_this_year,
                           COALESCE(i.revenue_last_year, 0) AS revenue_last_year,
                           COALESCE(i.revenue_12m, 0) AS revenue_12m,
                           COALESCE(i.revenue_prev_12m, 0) AS revenue_prev_12m,
                           COALESCE(i.known_12m, 0) AS known_12m,
                           COALESCE(i.cost_12m, 0) AS cost_12m,
                           i.first_date, i.last_date,
                           COALESCE(o.order_count, 0) AS order_count,
                           COALESCE(o.order_amount, 0) AS order_amount,
                           COALESCE(o.open_pipeline, 0) AS open_pipeline
                      FROM invoiced i FULL JOIN orders o ON o.partner_id = i.partner_id
                )
                INSERT INTO miy_customer_value (
                    partner_id, company_id, user_id, team_id, revenue_total, revenue_this_year, revenue_last_year,
                    revenue_12m, revenue_prev_12m, growth, cost_12m, margin_12m, margin_percent, order_count,
                    order_amount, average_order, open_pipeline, lifetime_value, first_invoice_date,
                    last_invoice_date, computed_at, create_uid, write_uid, create_date, write_date)
                SELECT m.partner_id, %(company)s, p.user_id, m.team_id, m.revenue_total, m.revenue_this_year,
                       m.revenue_last_year, m.revenue_12m, m.revenue_prev_12m,
                       CASE WHEN m.revenue_prev_12m > 0
                            THEN 100.0 * (m.revenue_12m - m.revenue_prev_12m) / m.revenue_prev_12m
                            WHEN m.revenue_12m > 0 THEN 100.0 ELSE 0 END,
                       m.cost_12m, m.known_12m - m.cost_12m,
                       CASE WHEN m.known_12m > 0 THEN 100.0 * (m.known_12m - m.cost_12m) / m.known_12m ELSE 0 END,
                       m.order_count, m.order_amount,
                       CASE WHEN m.order_count > 0 THEN m.order_amount / m.order_count ELSE 0 END,
                       m.open_pipeline, GREATEST(m.revenue_12m, 0) * %(ltv_factor)s,
                       m.first_date, m.last_date, %(now)s, %(uid)s, %(uid)s, %(now)s, %(now)s
                  FROM merged m JOIN res_partner p ON p.id = m.partner_id
                """,
                company=company.id,
                low=low,
                high=high,
                year_start=date(today.year, 1, 1),
                last_year_start=date(today.year - 1, 1, 1),
                start_12m=start_12m,
                start_24m=start_24m,
                today=today,
                ltv_factor=ltv_factor,
                now=now,
                uid=self.env.uid,
            )
        )
        cr.execute(
            SQL(
                """
                WITH lines AS (SELECT * FROM miy_cv_lines)
                INSERT INTO miy_customer_value_year (
                    value_id, partner_id, company_id, year, revenue, cost, margin, invoice_count,
                    create_uid, write_uid, create_date, write_date)
                SELECT v.id, l.partner_id, %(company)s, EXTRACT(YEAR FROM l.date)::int, SUM(l.revenue),
                       COALESCE(SUM(l.cost), 0), COALESCE(SUM(l.known_revenue), 0) - COALESCE(SUM(l.cost), 0),
                       COUNT(DISTINCT l.move_id), %(uid)s, %(uid)s, %(now)s, %(now)s
                  FROM lines l
                  JOIN miy_customer_value v ON v.partner_id = l.partner_id AND v.company_id = %(company)s
                 GROUP BY v.id, l.partner_id, EXTRACT(YEAR FROM l.date)
                """,
                company=company.id,
                uid=self.env.uid,
                now=now,
            )
        )

    def _miy_rank_and_tier(self, company, params):
        """Ranks by revenue of 12 months, shares (80/20) and tiers of one company, in one statement."""
        self.env.cr.execute(
            SQL(
                """
                WITH ranked AS (
                    SELECT id,
                           ROW_NUMBER() OVER w AS rank,
                           COUNT(*) OVER () AS customers,
                           SUM(revenue_12m) OVER () AS total,
                           SUM(revenue_12m) OVER (w ROWS UNBOUNDED PRECEDING) AS running
                      FROM miy_customer_value
                     WHERE company_id = %(company)s AND revenue_12m > 0
                    WINDOW w AS (ORDER BY revenue_12m DESC, partner_id)
                )
                UPDATE miy_customer_value v
                   SET revenue_rank = r.rank,
                       revenue_share = 100.0 * v.revenue_12m / NULLIF(r.total, 0),
                       cumulative_share = 100.0 * r.running / NULLIF(r.total, 0),
                       is_top = r.rank <= CEIL(r.customers * %(top)s / 100.0)
                  FROM ranked r
                 WHERE v.id = r.id
                """,
                company=company.id,
                top=params["top_percent"],
            )
        )
        self.env.cr.execute(
            SQL(
                """
                UPDATE miy_customer_value
                   SET tier = CASE
                       WHEN revenue_12m <= 0 OR margin_12m < 0 THEN 'cold'
                       WHEN is_top THEN 'most_valuable'
                       WHEN growth >= %(growth)s THEN 'high_potential'
                       ELSE 'maintain' END
                 WHERE company_id = %(company)s
                """,
                company=company.id,
                growth=params["growth_percent"],
            )
        )

    def _miy_update_partner_tiers(self):
        """A partner's tier is its best over companies; its contacts carry their organization's."""
        self.env.cr.execute(
            SQL(
                """
                WITH best AS (
                    SELECT partner_id,
                           (ARRAY_AGG(tier ORDER BY CASE tier WHEN 'most_valuable' THEN 1
                                WHEN 'high_potential' THEN 2 WHEN 'maintain' THEN 3 ELSE 4 END))[1] AS tier
                      FROM miy_customer_value GROUP BY partner_id
                ),
                wanted AS (
                    SELECT p.id, best.tier FROM res_partner p
                      LEFT JOIN best ON best.partner_id = p.commercial_partner_id
                     WHERE best.tier IS NOT NULL OR p.miy_value_tier IS NOT NULL
                )
                UPDATE res_partner p SET miy_value_tier = wanted.tier
                  FROM wanted
                 WHERE p.id = wanted.id AND p.miy_value_tier IS DISTINCT FROM wanted.tier
                """
            )
        )


class MiyCustomerValueYear(models.Model):
    _name = "miy.customer.value.year"
    _description = "Customer Revenue by Year"
    _order = "year desc"

    value_id = fields.Many2one("miy.customer.value", required=True, ondelete="cascade", index=True)
    partner_id = fields.Many2one("res.partner", string="Customer", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one("res.company", required=True, ondelete="cascade")
    currency_id = fields.Many2one(related="company_id.currency_id")
    user_id = fields.Many2one(related="value_id.user_id")
    team_id = fields.Many2one(related="value_id.team_id")
    year = fields.Integer(required=True, aggregator=None)
    revenue = fields.Monetary(help="Posted customer invoices net of refunds, untaxed.")
    cost = fields.Monetary(string="Known Cost")
    margin = fields.Monetary()
    invoice_count = fields.Integer(string="Invoices and Refunds")


class MiySalesPerformance(models.Model):
    """Per quarter and sales team (plus an all-teams row without team): retention, churn, repeat
    purchases, new customers and their acquisition cost.

    Active customer: a posted customer invoice in the quarter. Retained: active in the quarter and
    the one before; churn = 100 − retention. Repeat purchase: two invoices or more in the quarter.
    New: first invoice ever in the quarter. Marketing cost: posted journal items on the company's
    marketing expense accounts (Settings) in the quarter; it and the acquisition cost are on the
    all-teams row only.
    """

    _name = "miy.sales.performance"
    _description = "Sales Performance"
    _order = "period_start desc, team_id"
    _rec_name = "period_start"

    period_start = fields.Date(string="Quarter", required=True)
    company_id = fields.Many2one("res.company", required=True, ondelete="cascade", index=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    team_id = fields.Many2one("crm.team", string="Sales Team", ondelete="cascade", help="Empty: all teams.")
    active_customers = fields.Integer(string="Active Customers")
    previous_customers = fields.Integer(string="Customers of the Previous Quarter")
    retained_customers = fields.Integer(string="Retained Customers")
    new_customers = fields.Integer(string="New Customers")
    repeat_customers = fields.Integer(string="Repeat Customers")
    retention_rate = fields.Float(string="Retention Rate (%)", aggregator="avg")
    churn_rate = fields.Float(string="Churn Rate (%)", aggregator="avg")
    repeat_rate = fields.Float(string="Repeat-Purchase Rate (%)", aggregator="avg")
    marketing_cost = fields.Monetary()
    acquisition_cost = fields.Monetary(string="New-Customer Acquisition Cost", aggregator="avg")

    @api.model
    def _miy_recompute(self, companies, today):
        cr = self.env.cr
        first_quarter = date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
        start = first_quarter - relativedelta(months=3 * (PERIODS - 1))
        now = fields.Datetime.now()
        for company in companies:
            cr.execute(SQL("DELETE FROM miy_sales_performance WHERE company_id = %s", company.id))
            for by_team in (True, False):
                team = SQL("am.team_id") if by_team else SQL("NULL::int")
                cr.execute(
                    SQL(
                        """
                        WITH inv AS (
                            SELECT am.commercial_partner_id AS partner_id, %(team)s AS team_id,
                                   date_trunc('quarter', am.invoice_date)::date AS quarter
                              FROM account_move am
                             WHERE am.company_id = %(company)s AND am.state = 'posted'
                               AND am.move_type = 'out_invoice' AND am.invoice_date IS NOT NULL
                        ),
                        first_sale AS (SELECT partner_id, MIN(quarter) AS quarter FROM inv GROUP BY partner_id),
                        active AS (
                            SELECT quarter, team_id, partner_id, COUNT(*) AS invoices
                              FROM inv WHERE quarter >= %(before)s GROUP BY quarter, team_id, partner_id
                        ),
                        figures AS (
                            SELECT a.quarter, a.team_id,
                                   COUNT(*) AS active_customers,
                                   COUNT(*) FILTER (WHERE a.invoices >= 2) AS repeat_customers,
                                   COUNT(*) FILTER (WHERE f.quarter = a.quarter) AS new_customers,
                                   COUNT(prev.partner_id) AS retained_customers
                              FROM active a
                              JOIN first_sale f ON f.partner_id = a.partner_id
                              LEFT JOIN active prev ON prev.partner_id = a.partner_id
                                   AND prev.team_id IS NOT DISTINCT FROM a.team_id
                                   AND prev.quarter = (a.quarter - INTERVAL '3 months')::date
                             GROUP BY a.quarter, a.team_id
                        ),
                        previous AS (
                            SELECT (quarter + INTERVAL '3 months')::date AS quarter, team_id,
                                   COUNT(*) AS customers
                              FROM active GROUP BY quarter, team_id
                        ),
                        marketing AS (
                            SELECT date_trunc('quarter', aml.date)::date AS quarter, SUM(aml.balance) AS cost
                              FROM account_move_line aml
                             WHERE aml.company_id = %(company)s AND aml.parent_state = 'posted'
                               AND aml.account_id IN (
                                   SELECT account_account_id FROM miy_marketing_account_rel
                                    WHERE res_company_id = %(company)s)
                               AND aml.date >= %(start)s
                             GROUP BY 1
                        )
                        INSERT INTO miy_sales_performance (
                            period_start, company_id, team_id, active_customers, previous_customers,
                            retained_customers, new_customers, repeat_customers, retention_rate, churn_rate,
                            repeat_rate, marketing_cost, acquisition_cost,
                            create_uid, write_uid, create_date, write_date)
                        SELECT fg.quarter, %(company)s, fg.team_id, fg.active_customers, COALESCE(pv.customers, 0),
                               fg.retained_customers, fg.new_customers, fg.repeat_customers,
                               CASE WHEN pv.customers > 0 THEN 100.0 * fg.retained_customers / pv.customers END,
                               CASE WHEN pv.customers > 0 THEN 100.0 - 100.0 * fg.retained_customers / pv.customers
                                    END,
                               100.0 * fg.repeat_customers / fg.active_customers,
                               CASE WHEN %(all_teams)s THEN COALESCE(mk.cost, 0) ELSE 0 END,
                               CASE WHEN %(all_teams)s AND fg.new_customers > 0
                                    THEN COALESCE(mk.cost, 0) / fg.new_customers END,
                               %(uid)s, %(uid)s, %(now)s, %(now)s
                          FROM figures fg
                          LEFT JOIN previous pv ON pv.quarter = fg.quarter
                               AND pv.team_id IS NOT DISTINCT FROM fg.team_id
                          LEFT JOIN marketing mk ON mk.quarter = fg.quarter
                         WHERE fg.quarter >= %(start)s AND fg.quarter <= %(last)s AND (%(all_teams)s OR fg.team_id IS NOT NULL)
                        """,
                        team=team,
                        company=company.id,
                        before=start - relativedelta(months=3),
                        start=start,
                        last=first_quarter,
                        all_teams=not by_team,
                        uid=self.env.uid,
                        now=now,
                    )
                )


class ResCompany(models.Model):
    _inherit = "res.company"

    miy_marketing_account_ids = fields.Many2many(
        "account.account",
        "miy_marketing_account_rel",
        string="Marketing Expense Accounts",
        help="Posted amounts on these accounts are the marketing cost of the new-customer acquisition cost.",
    )


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    miy_marketing_account_ids = fields.Many2many(
        related="company_id.miy_marketing_account_ids", readonly=False, string="Marketing Expense Accounts"
    )
    miy_value_top_percent = fields.Float(
        string="Most Valuable: Top Share of Customers (%)",
        config_parameter="miy_quotes.value_top_percent",
        default=20.0,
    )
    miy_value_growth_percent = fields.Float(
        string="High Potential: Growth From (%)", config_parameter="miy_quotes.value_growth_percent", default=10.0
    )
    miy_value_ltv_years = fields.Integer(
        string="Lifetime Value Horizon (Years)", config_parameter="miy_quotes.value_ltv_years", default=5
    )
    miy_value_ltv_discount = fields.Float(
        string="Lifetime Value Discount Rate (%)", config_parameter="miy_quotes.value_ltv_discount", default=10.0
    )

    @api.constrains(
        "miy_value_top_percent", "miy_value_growth_percent", "miy_value_ltv_years", "miy_value_ltv_discount"
    )
    def _check_miy_value_settings(self):
        for settings in self:
            if not 0 < settings.miy_value_top_percent <= 100:
                raise ValidationError(self.env._("The top share of customers must be between 0 and 100%."))
            if settings.miy_value_ltv_years < 0 or settings.miy_value_ltv_discount < 0:
                raise ValidationError(self.env._("The lifetime value horizon and discount rate cannot be negative."))
