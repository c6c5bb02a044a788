# Part of MİY. See LICENSE file for full copyright and licensing details.
"""The quote's payment plan lines and, once the order is confirmed, their dated expectations
with what was invoiced and paid against them.

How the figures are made (``_miy_refresh_orders``, batched over orders, a fixed number of
queries per batch of 1,000 orders):

* expected: the milestone's percentage of the order total (the last percentage line takes the
  rounding) or its fixed amount, in the order's currency; in the company's currency at the
  order's rate.
* due date: on order = the confirmation date; on delivery = the day the order's last outgoing
  delivery was done (``stock.picking.date_done``, once no delivery is left open); N days after
  invoice = the date of the line's own invoice, else of the order's last regular (not down
  payment) invoice, plus N days; fixed date = that date. A manager's decision with a new date
  replaces it.
* invoiced: the order's share of its posted customer invoices, allocated to the lines in due
  order; credit notes reduce the expectations from the last line backwards (credited).
* paid: money received on the order's invoices (reconciliations with payments or bank entries,
  not with credit notes or exchange-difference entries), money paid back on its credit notes
  (negative), and the unreconciled part of customer payments registered as advances of the order
  (``account.payment.miy_sale_order_id``), allocated in due order, each payment at its own date.
  An invoice of several orders shares its payments by each order's part of it; one payment
  reconciled with invoices of several orders counts for each order by what it settled of its
  invoices. Company-currency paid figures are the amounts actually booked; the open amount in
  company currency is converted at today's rate.
"""

from collections import defaultdict
from datetime import timedelta

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.osv import expression
from odoo.tools import SQL, format_amount

from .plan import AMOUNT_TYPES, DUE_RULES

PLAN_STATES = [
    ("draft", "Quotation"),
    ("waiting", "Waiting for its date"),
    ("planned", "Not due yet"),
    ("partial", "Partly paid"),
    ("short", "Short (due, partly paid)"),
    ("overdue", "Overdue"),
    ("paid", "Paid"),
    ("waived", "Waived"),
    ("cancel", "Cancelled"),
]
LATE_STATES = ("short", "overdue")
BATCH = 1000
# the figures the refresh writes, in the order of the VALUES rows
REFRESH_FIELDS = (
    ("due_date", "date"),
    ("invoiced_amount", "numeric"),
    ("credited_amount", "numeric"),
    ("paid_amount", "numeric"),
    ("open_amount", "numeric"),
    ("paid_amount_company", "numeric"),
    ("open_amount_company", "numeric"),
    ("paid_date", "date"),
    ("days_late", "int4"),
    ("state", "varchar"),
    ("alert_date", "date"),
    ("manager_alert_date", "date"),
)


class MiyPaymentPlanLine(models.Model):
    _name = "miy.payment.plan.line"
    _description = "Payment Plan Line"
    _order = "order_id, sequence, id"
    _check_company_auto = True

    order_id = fields.Many2one("sale.order", required=True, ondelete="cascade", index=True)
    sequence = fields.Integer(default=10)
    company_id = fields.Many2one(related="order_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="order_id.currency_id", store=True)
    company_currency_id = fields.Many2one(related="company_id.currency_id", string="Company Currency")
    partner_id = fields.Many2one(related="order_id.partner_id", store=True, string="Customer")
    commercial_partner_id = fields.Many2one(
        "res.partner",
        related="order_id.partner_id.commercial_partner_id",
        store=True,
        index=True,
        string="Customer Company",
    )
    user_id = fields.Many2one(related="order_id.user_id", store=True, index=True, string="Salesperson")
    team_id = fields.Many2one(related="order_id.team_id", store=True, index=True, string="Sales Team")
    order_state = fields.Selection(related="order_id.state", store=True, string="Order Status")
    due_rule = fields.Selection(DUE_RULES, required=True, default="order")
    amount_type = fields.Selection(AMOUNT_TYPES, required=True, default="percent")
    percent = fields.Float(digits=(5, 2))
    amount = fields.Monetary(currency_field="currency_id")
    days = fields.Integer(help="For a 'days after invoice' milestone: how many days after the invoice date.")
    fixed_date = fields.Date()
    note = fields.Char()
    expected_amount = fields.Monetary(
        compute="_compute_expected_amount", store=True, currency_field="currency_id", aggregator="sum"
    )
    expected_amount_company = fields.Monetary(
        compute="_compute_expected_amount",
        store=True,
        currency_field="company_currency_id",
        string="Expected (company currency)",
        aggregator="sum",
    )
    due_date = fields.Date(readonly=True, copy=False)
    invoiced_amount = fields.Monetary(readonly=True, copy=False, currency_field="currency_id", aggregator="sum")
    credited_amount = fields.Monetary(
        readonly=True,
        copy=False,
        currency_field="currency_id",
        aggregator="sum",
        help="Credit notes of the order, taken from the last milestones backwards.",
    )
    paid_amount = fields.Monetary(readonly=True, copy=False, currency_field="currency_id", aggregator="sum")
    open_amount = fields.Monetary(readonly=True, copy=False, currency_field="currency_id", aggregator="sum")
    paid_amount_company = fields.Monetary(
        readonly=True,
        copy=False,
        currency_field="company_currency_id",
        string="Paid (company currency)",
        aggregator="sum",
    )
    open_amount_company = fields.Monetary(
        readonly=True,
        copy=False,
        currency_field="company_currency_id",
        string="Open (company currency)",
        aggregator="sum",
    )
    paid_date = fields.Date(readonly=True, copy=False, help="The day the milestone was fully paid.")
    days_late = fields.Integer(readonly=True, copy=False, aggregator="max")
    state = fields.Selection(PLAN_STATES, default="draft", readonly=True, copy=False, string="Status")
    invoice_id = fields.Many2one("account.move", readonly=True, copy=False, string="Invoice")
    decision_ids = fields.One2many("miy.payment.plan.decision", "line_id", string="Decisions")
    decision_count = fields.Integer(compute="_compute_decision_count")
    alert_date = fields.Date(readonly=True, copy=False, help="When the salesperson was alerted of this deviation.")
    manager_alert_date = fields.Date(readonly=True, copy=False, help="When the manager was alerted.")

    def init(self):
        # The daily job rewrites the figures of every open line: free room in each page lets
        # PostgreSQL update them in place (HOT: the figures carry no index), without touching
        # the indexes.
        self.env.cr.execute(
            SQL(
                "SELECT 1 FROM pg_class WHERE relname = 'miy_payment_plan_line' "
                "AND 'fillfactor=70' = ANY(COALESCE(reloptions, '{}'))"
            )
        )
        if not self.env.cr.fetchone():
            self.env.cr.execute(SQL("ALTER TABLE miy_payment_plan_line SET (fillfactor = 70)"))

    @api.depends(
        "order_id.amount_total",
        "order_id.currency_rate",
        "order_id.miy_plan_line_ids.amount_type",
        "order_id.miy_plan_line_ids.percent",
        "order_id.miy_plan_line_ids.amount",
        "order_id.miy_plan_line_ids.sequence",
    )
    def _compute_expected_amount(self):
        for line in self:
            order = line.order_id
            currency = order.currency_id
            total = order.amount_total
            siblings = order.miy_plan_line_ids

            def share(plan_line, total=total, currency=currency):
                value = total * plan_line.percent / 100.0
                return currency.round(value) if currency else value

            if line.amount_type != "percent":
                value = line.amount
            else:
                value = share(line)
                # the last line of an all-percentage plan takes the rounding
                if (
                    siblings
                    and all(other.amount_type == "percent" for other in siblings)
                    and abs(sum(siblings.mapped("percent")) - 100.0) < 0.001
                    and line == max(siblings, key=lambda other: (other.sequence, other.id or 0))
                ):
                    rest = total - sum(share(other) for other in siblings if other != line)
                    value = currency.round(rest) if currency else rest
            line.expected_amount = value
            rate = order.currency_rate or 1.0
            company_currency = order.company_id.currency_id
            line.expected_amount_company = company_currency.round(value / rate) if company_currency else value

    def _compute_decision_count(self):
        counts = dict(
            self.env["miy.payment.plan.decision"]._read_group([("line_id", "in", self.ids)], ["line_id"], ["__count"])
        )
        for line in self:
            line.decision_count = counts.get(line, 0)

    @api.depends("order_id.name", "due_rule", "amount_type", "percent", "amount", "days")
    def _compute_display_name(self):
        rules = dict(self._fields["due_rule"]._description_selection(self.env))
        for line in self:
            share = f"%{line.percent:g}" if line.amount_type == "percent" else f"{line.amount:,.2f}"
            rule = rules.get(line.due_rule, "")
            if line.due_rule == "invoice_days":
                rule = self.env._("%(days)s days after invoice", days=line.days)
            line.display_name = f"{line.order_id.name or ''} · {share} {rule}".strip(" ·")

    @api.constrains("due_rule", "amount_type", "percent", "amount", "days", "fixed_date")
    def _check_rule(self):
        self.env["miy.payment.plan.template.line"]._miy_check_values(self)

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        if not self.env.context.get("miy_plan_from_order"):
            lines.order_id._miy_check_plan_total()
        return lines

    def write(self, vals):
        res = super().write(vals)
        if not self.env.context.get("miy_plan_from_order") and {"amount_type", "percent", "amount"} & set(vals):
            self.order_id._miy_check_plan_total()
        return res

    def unlink(self):
        orders = self.order_id
        res = super().unlink()
        if not self.env.context.get("miy_plan_from_order"):
            orders.exists()._miy_check_plan_total()
        return res

    # ------------------------------------------------------------------ actions

    def action_create_invoice(self):
        """One click: the milestone's invoice through Odoo's own "Create invoice" wizard. A
        regular invoice when the order has something to invoice (delivered or ordered quantities,
        by the products' policy, with the down payments deducted), else a down payment of the
        milestone's expected amount."""
        self.ensure_one()
        order = self.order_id
        if order.state != "sale":
            raise UserError(self.env._("Confirm the order before invoicing its payment plan."))
        if self.invoice_id and self.invoice_id.state != "cancel":
            raise UserError(
                self.env._("This milestone already has its invoice %(invoice)s.", invoice=self.invoice_id.display_name)
            )
        if order.invoice_status == "to invoice":
            wizard_vals = {"advance_payment_method": "delivered"}
        else:
            if order.currency_id.compare_amounts(self.expected_amount, 0.0) <= 0:
                raise UserError(self.env._("This milestone has nothing left to invoice."))
            wizard_vals = {"advance_payment_method": "fixed", "fixed_amount": self.expected_amount}
        wizard = (
            self.env["sale.advance.payment.inv"]
            .with_context(active_model="sale.order", active_ids=order.ids, active_id=order.id)
            .create(dict(wizard_vals, sale_order_ids=[fields.Command.set(order.ids)]))
        )
        wizard._check_amount_is_positive()
        invoices = wizard._create_invoices(order)
        if not invoices:
            raise UserError(self.env._("Odoo found nothing to invoice on this order."))
        self.invoice_id = invoices[:1]
        return order.action_view_invoice(invoices=invoices)

    def action_record_decision(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Record a Decision"),
            "res_model": "miy.payment.plan.decision",
            "view_mode": "form",
            "views": [(self.env.ref("miy_quotes.miy_payment_plan_decision_view_form").id, "form")],
            "target": "new",
            "context": {"default_line_id": self.id},
        }

    def action_open_order(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "sale.order",
            "res_id": self.order_id.id,
            "view_mode": "form",
        }

    # ------------------------------------------------------------------ the engine

    @api.model
    def _miy_refresh_orders(self, order_ids):
        """Recompute the dated expectations of these orders' plans from their deliveries, invoices
        and payments. A fixed number of queries per batch of orders; changed lines are written in
        one statement per batch (derived figures: no user data, no access rights involved)."""
        order_ids = sorted(set(order_ids))
        if not order_ids:
            return
        self.env.flush_all()
        partner_ids = set()
        for start in range(0, len(order_ids), BATCH):
            partner_ids |= self._miy_refresh_batch(order_ids[start : start + BATCH])
        self.invalidate_model([name for name, _type in REFRESH_FIELDS])
        self.env["res.partner"]._miy_update_payment_discipline(partner_ids)

    def _miy_refresh_batch(self, order_ids):
        cr = self.env.cr
        today = fields.Date.context_today(self)
        cr.execute(
            SQL(
                """SELECT id, order_id, sequence, due_rule, days, fixed_date, expected_amount,
                          expected_amount_company, invoice_id, due_date, invoiced_amount, credited_amount,
                          paid_amount, open_amount, paid_amount_company, open_amount_company, paid_date,
                          days_late, state, alert_date, manager_alert_date
                     FROM miy_payment_plan_line WHERE order_id = ANY(%s)""",
                order_ids,
            )
        )
        lines_by_order = defaultdict(list)
        for row in cr.dictfetchall():
            lines_by_order[row["order_id"]].append(row)
        if not lines_by_order:
            return set()
        ids = list(lines_by_order)
        cr.execute(
            SQL(
                """SELECT so.id, so.state, so.date_order, so.currency_id, so.company_id, so.partner_id,
                          c.currency_id AS company_currency_id, p.commercial_partner_id
                     FROM sale_order so JOIN res_company c ON c.id = so.company_id
                     JOIN res_partner p ON p.id = so.partner_id
                    WHERE so.id = ANY(%s)""",
                ids,
            )
        )
        orders = {row["id"]: row for row in cr.dictfetchall()}
        # the latest date-changing decision of each line
        cr.execute(
            SQL(
                """SELECT DISTINCT ON (d.line_id) d.line_id, d.decision_type, d.new_date
                     FROM miy_payment_plan_decision d JOIN miy_payment_plan_line l ON l.id = d.line_id
                    WHERE l.order_id = ANY(%s) AND d.decision_type IN ('new_date', 'waiver')
                 ORDER BY d.line_id, d.id DESC""",
                ids,
            )
        )
        decisions = {row[0]: (row[1], row[2]) for row in cr.fetchall()}
        delivery = self._miy_delivery_dates(ids)
        parts, payments = self._miy_invoice_data(ids)
        advances = self._miy_advance_data(ids)
        rates = {}
        updates = []
        for order_id, lines in lines_by_order.items():
            order = orders[order_id]
            key = (order["currency_id"], order["company_id"])
            if key not in rates:
                rates[key] = self._miy_today_factor(order["currency_id"], order["company_id"], today)
            new_values = self._miy_allocate(
                order,
                lines,
                decisions,
                delivery.get(order_id),
                parts.get(order_id, []),
                payments,
                advances.get(order_id, []),
                rates[key],
                today,
            )
            for line in lines:
                values = new_values[line["id"]]
                if any(values[index] != line[name] for index, (name, _type) in enumerate(REFRESH_FIELDS)):
                    updates.append((line["id"], *values))
        if updates:
            # one statement: each column as an array, zipped back together by unnest()
            columns = list(zip(*updates, strict=True))
            names = ["id"] + [name for name, _type in REFRESH_FIELDS]
            types = ["int4"] + [type_ for _name, type_ in REFRESH_FIELDS]
            cr.execute(
                SQL(
                    "UPDATE miy_payment_plan_line l SET %s, write_date = now() AT TIME ZONE 'UTC' "
                    "FROM unnest(%s) AS v(%s) WHERE l.id = v.id",
                    SQL(", ").join(SQL("%s = v.%s", SQL.identifier(name), SQL.identifier(name)) for name in names[1:]),
                    SQL(", ").join(
                        SQL(f"%s::{type_}[]", list(column)) for type_, column in zip(types, columns, strict=True)
                    ),
                    SQL(", ").join(SQL.identifier(name) for name in names),
                )
            )
        return {order["commercial_partner_id"] for order in orders.values()}

    def _miy_today_factor(self, currency_id, company_id, today):
        currency = self.env["res.currency"].browse(currency_id)
        company = self.env["res.company"].browse(company_id)
        if currency == company.currency_id:
            return 1.0
        return currency._get_conversion_rate(currency, company.currency_id, company, today)

    def _miy_delivery_dates(self, order_ids):
        """{order: the day its deliveries were all done}, for orders with no delivery left open."""
        self.env.cr.execute(
            SQL(
                """SELECT sp.sale_id, bool_or(sp.state NOT IN ('done', 'cancel')), max(sp.date_done)
                     FROM stock_picking sp JOIN stock_picking_type t ON t.id = sp.picking_type_id
                    WHERE sp.sale_id = ANY(%s) AND t.code = 'outgoing'
                 GROUP BY sp.sale_id""",
                order_ids,
            )
        )
        return {sale_id: done.date() for sale_id, pending, done in self.env.cr.fetchall() if not pending and done}

    def _miy_invoice_data(self, order_ids):
        """The order's part of each posted customer invoice / credit note, and the money
        received (or paid back) on those documents."""
        cr = self.env.cr
        cr.execute(
            SQL(
                # materialized steps: from the orders' lines down to their invoices by primary
                # keys, whatever the planner's statistics say
                """WITH sol AS MATERIALIZED (
                       SELECT id, order_id, is_downpayment FROM sale_order_line WHERE order_id = ANY(%s)
                   ), rel AS MATERIALIZED (
                       SELECT r.invoice_line_id, sol.order_id, sol.is_downpayment
                         FROM sale_order_line_invoice_rel r JOIN sol ON sol.id = r.order_line_id
                   )
                   SELECT rel.order_id, m.id AS move_id, m.move_type, m.invoice_date, m.amount_total,
                          sum(aml.price_total) AS part, bool_or(NOT COALESCE(rel.is_downpayment, FALSE)) AS regular
                     FROM rel
                     JOIN account_move_line aml ON aml.id = rel.invoice_line_id
                     JOIN account_move m ON m.id = aml.move_id
                    WHERE m.state = 'posted' AND m.move_type IN ('out_invoice', 'out_refund')
                 GROUP BY rel.order_id, m.id""",
                order_ids,
            )
        )
        parts = defaultdict(list)
        move_ids = set()
        for row in cr.dictfetchall():
            parts[row["order_id"]].append(row)
            move_ids.add(row["move_id"])
        payments = defaultdict(list)
        if move_ids:
            cr.execute(
                SQL(
                    """WITH il AS MATERIALIZED (
                           SELECT id, move_id FROM account_move_line
                            WHERE move_id = ANY(%s) AND display_type = 'payment_term'
                       ), parts AS MATERIALIZED (
                           SELECT il.move_id, part.credit_move_id AS other,
                                  part.debit_amount_currency AS amount, part.amount AS amount_company
                             FROM il JOIN account_partial_reconcile part ON part.debit_move_id = il.id
                           UNION ALL
                           SELECT il.move_id, part.debit_move_id,
                                  -part.credit_amount_currency, -part.amount
                             FROM il JOIN account_partial_reconcile part ON part.credit_move_id = il.id
                       )
                       SELECT parts.move_id, pm.date, parts.amount, parts.amount_company
                         FROM parts
                         JOIN account_move_line cl ON cl.id = parts.other
                         JOIN account_move pm ON pm.id = cl.move_id
                        WHERE pm.move_type = 'entry' AND pm.state = 'posted'
                          AND NOT EXISTS (SELECT 1 FROM account_partial_reconcile x WHERE x.exchange_move_id = pm.id)""",
                    sorted(move_ids),
                )
            )
            for move_id, date, amount, amount_company in cr.fetchall():
                payments[move_id].append((date, float(amount), float(amount_company)))
        return parts, payments

    def _miy_advance_data(self, order_ids):
        """Customer payments registered as advances of an order: their part not yet reconciled
        (a reconciled part counts through the invoice it settled)."""
        self.env.cr.execute(
            SQL(
                """WITH pay AS MATERIALIZED (
                       SELECT id, miy_sale_order_id, move_id FROM account_payment
                        WHERE miy_sale_order_id = ANY(%s) AND move_id IS NOT NULL
                   )
                   SELECT p.miy_sale_order_id, pm.date, -sum(l.amount_residual_currency), -sum(l.amount_residual)
                     FROM pay p
                     JOIN account_move pm ON pm.id = p.move_id
                     JOIN account_move_line l ON l.move_id = pm.id
                     JOIN account_account a ON a.id = l.account_id
                    WHERE pm.state = 'posted' AND a.account_type = 'asset_receivable' AND NOT l.reconciled
                 GROUP BY p.id, p.miy_sale_order_id, pm.date""",
                order_ids,
            )
        )
        advances = defaultdict(list)
        for order_id, date, amount, amount_company in self.env.cr.fetchall():
            advances[order_id].append((date, float(amount), float(amount_company)))
        return advances

    def _miy_allocate(self, order, lines, decisions, delivery_date, parts, payments, advances, factor, today):
        """The new figures of one order's lines: {line id: tuple in REFRESH_FIELDS order}."""
        rounding = 0.005
        confirmed = order["state"] == "sale"
        invoice_dates = {}
        last_regular = None
        invoiced = credited = 0.0
        events = list(advances)
        for part in parts:
            share = float(part["part"] or 0.0)
            sign = 1.0 if part["move_type"] == "out_invoice" else -1.0
            if sign > 0:
                invoiced += share
                invoice_dates[part["move_id"]] = part["invoice_date"]
                if (
                    part["regular"]
                    and part["invoice_date"]
                    and (not last_regular or part["invoice_date"] > last_regular)
                ):
                    last_regular = part["invoice_date"]
            else:
                credited += share
            total = float(part["amount_total"] or 0.0)
            ratio = share / total if total else 0.0
            for date, amount, amount_company in payments.get(part["move_id"], ()):
                events.append((date, amount * ratio, amount_company * ratio))
        # the confirmation day in the user's (the cron's) time zone, as Odoo shows it
        order_date = fields.Date.context_today(self, order["date_order"]) if order["date_order"] else None
        rows = []
        for line in lines:
            due = None
            if confirmed:
                rule = line["due_rule"]
                if rule == "order":
                    due = order_date
                elif rule == "delivery":
                    due = delivery_date
                elif rule == "invoice_days":
                    base = invoice_dates.get(line["invoice_id"]) or last_regular
                    due = base + timedelta(days=line["days"] or 0) if base else None
                elif rule == "fixed_date":
                    due = line["fixed_date"]
            waived = False
            decision = decisions.get(line["id"])
            if confirmed and decision:
                if decision[0] == "new_date" and decision[1]:
                    due = decision[1]
                elif decision[0] == "waiver":
                    waived = True
            rows.append({"line": line, "due": due, "waived": waived, "expected": float(line["expected_amount"] or 0)})
        rows.sort(key=lambda r: (r["due"] is None, r["due"] or today, r["line"]["sequence"], r["line"]["id"]))
        if not confirmed:
            state = "cancel" if order["state"] == "cancel" else "draft"
            return {r["line"]["id"]: (None, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, None, 0, state, None, None) for r in rows}
        # invoiced, in due order; credit notes from the last line backwards
        remaining = invoiced
        for r in rows:
            r["invoiced"] = min(r["expected"], max(remaining, 0.0))
            remaining -= r["invoiced"]
        if rows and remaining > rounding:
            rows[-1]["invoiced"] += remaining
        remaining = credited
        for r in reversed(rows):
            r["credited"] = min(r["expected"], max(remaining, 0.0))
            remaining -= r["credited"]
        for r in rows:
            r["net"] = r["expected"] - r["credited"]
            r["paid"] = r["paid_company"] = 0.0
            r["paid_date"] = None
        # payments in date order: fill the lines in due order; money paid back empties them from the end
        events.sort(key=lambda e: (e[0] or today,))
        for date, amount, amount_company in events:
            ratio = amount_company / amount if amount else 0.0
            if amount > 0:
                left = amount
                for index, r in enumerate(rows):
                    room = r["net"] - r["paid"]
                    if index == len(rows) - 1:
                        room = left
                    take = min(room, left)
                    if take <= 0:
                        continue
                    r["paid"] += take
                    r["paid_company"] += take * ratio
                    left -= take
                    if r["paid"] >= r["net"] - rounding and not r["paid_date"]:
                        r["paid_date"] = date
                    if left <= 0:
                        break
            elif amount < 0:
                left = -amount
                for r in reversed(rows):
                    take = min(r["paid"], left)
                    if take <= 0:
                        continue
                    r["paid"] -= take
                    r["paid_company"] -= take * ratio
                    left -= take
                    if r["paid"] < r["net"] - rounding:
                        r["paid_date"] = None
                    if left <= 0:
                        break
        result = {}
        for r in rows:
            line = r["line"]
            open_amount = max(r["net"] - r["paid"], 0.0)
            due = r["due"]
            paid_date = r["paid_date"]
            if open_amount <= rounding:
                open_amount = 0.0
                state = "paid"
                paid_date = paid_date or (due if r["net"] <= rounding else None)
            elif r["waived"]:
                state = "waived"
            elif not due:
                state = "waiting"
            elif due < today:
                state = "short" if r["paid"] > rounding else "overdue"
            else:
                state = "partial" if r["paid"] > rounding else "planned"
            if state == "paid":
                days_late = max((paid_date - due).days, 0) if paid_date and due else 0
            elif state in LATE_STATES:
                days_late = (today - due).days
            else:
                days_late = 0
            late = state in LATE_STATES
            result[line["id"]] = (
                due,
                round(r["invoiced"], 2),
                round(r["credited"], 2),
                round(r["paid"], 2),
                round(open_amount, 2),
                round(r["paid_company"], 2),
                round(open_amount * factor, 2),
                paid_date if state == "paid" else None,
                days_late,
                state,
                line["alert_date"] if late else None,
                line["manager_alert_date"] if late else None,
            )
        return result

    # ------------------------------------------------------------------ the daily job

    @api.model
    def _cron_check_deviations(self):
        """Refresh every confirmed order's open plan, then alert once per deviation: an activity
        for the salesperson, and one for the manager (the sales team's leader) when the open
        amount or the delay passes the company's thresholds."""
        self.env.cr.execute(
            SQL(
                """SELECT DISTINCT order_id FROM miy_payment_plan_line
                    WHERE order_state = 'sale' AND state NOT IN ('paid', 'waived', 'cancel')"""
            )
        )
        self._miy_refresh_orders([row[0] for row in self.env.cr.fetchall()])
        self._miy_alert()

    def _miy_alert(self):
        """One activity per order and person per run (an order with several newly late
        milestones gets one, listing them); each line is alerted once (``alert_date``,
        ``manager_alert_date``), until it is back on track."""
        today = fields.Date.context_today(self)
        late = self.search_fetch(
            [("state", "in", LATE_STATES), ("alert_date", "=", False), ("order_state", "=", "sale")],
            ["order_id", "user_id", "team_id", "due_date", "open_amount", "currency_id", "days_late"],
        )._miy_lock_for_alert()
        groups = defaultdict(list)
        for line in late:
            user = line.user_id or line.team_id.user_id
            if user:
                groups[(line.order_id.id, user.id)].append(line)
        self._miy_create_alerts(
            groups,
            lambda lines: self.env._("Payment plan: %(count)s milestone(s) late", count=len(lines)),
            lambda line: self.env._(
                "%(milestone)s: %(amount)s open, due %(due)s, %(days)s days late",
                milestone=line.display_name,
                amount=format_amount(self.env, line.open_amount, line.currency_id),
                due=line.due_date,
                days=line.days_late,
            ),
        )
        late.write({"alert_date": today})
        # the manager, above the company's thresholds
        domains = []
        for company in self.env["res.company"].search([]):
            amount, days = company.miy_plan_alert_amount, company.miy_plan_alert_days
            if not amount and not days:
                continue
            limits = []
            if amount:
                limits.append([("open_amount_company", ">=", amount)])
            if days:
                limits.append([("days_late", ">=", days)])
            domains.append(expression.AND([[("company_id", "=", company.id)], expression.OR(limits)]))
        if not domains:
            return
        escalate = self.search_fetch(
            expression.AND(
                [
                    [("state", "in", LATE_STATES), ("manager_alert_date", "=", False), ("order_state", "=", "sale")],
                    expression.OR(domains),
                ]
            ),
            ["order_id", "team_id", "open_amount_company", "company_currency_id", "days_late", "due_date"],
        )._miy_lock_for_alert()
        groups = defaultdict(list)
        for line in escalate:
            if line.team_id.user_id:
                groups[(line.order_id.id, line.team_id.user_id.id)].append(line)
        self._miy_create_alerts(
            groups,
            lambda lines: self.env._("Payment deviation to decide: %(count)s milestone(s)", count=len(lines)),
            lambda line: self.env._(
                "%(milestone)s: %(amount)s open, %(days)s days late. Record a decision "
                "(new date, waiver or escalation).",
                milestone=line.display_name,
                amount=format_amount(self.env, line.open_amount_company, line.company_currency_id),
                days=line.days_late,
            ),
        )
        escalate.write({"manager_alert_date": today})

    def _miy_lock_for_alert(self):
        """These lines less those another transaction holds: a second run of the job at the same
        moment (another cron worker, a manual run) is alerting them. The rows stay locked until
        this transaction ends; a line the other run already committed fails this run on
        PostgreSQL's serialization check (rolled back: no second activity)."""
        if not self:
            return self
        self.env.cr.execute(
            SQL("SELECT id FROM miy_payment_plan_line WHERE id = ANY(%s) FOR NO KEY UPDATE SKIP LOCKED", self.ids)
        )
        free = {row[0] for row in self.env.cr.fetchall()}
        return self.filtered(lambda line: line.id in free)

    def _miy_create_alerts(self, groups, summary, describe):
        """Create the activities of ``groups`` ({(order id, user id): lines}) in one batch."""
        if not groups:
            return
        today = fields.Date.context_today(self)
        activity_type = self.env.ref("miy_quotes.mail_activity_type_plan_deviation")
        model_id = self.env["ir.model"]._get_id("sale.order")
        vals_list = [
            {
                "res_model_id": model_id,
                "res_id": order_id,
                "activity_type_id": activity_type.id,
                "user_id": user_id,
                "date_deadline": today,
                "summary": summary(lines),
                "note": Markup("<br/>").join(describe(line) for line in lines),
            }
            for (order_id, user_id), lines in groups.items()
        ]
        # quick update: the activity shows in the user's activities, without one e-mail each
        self.env["mail.activity"].with_context(mail_activity_quick_update=True).create(vals_list)
