# Part of MİY. See LICENSE file for full copyright and licensing details.
"""Installed base and after-sale follow-up (issue 11, feature 5)."""

import logging
from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.osv import expression

_logger = logging.getLogger(__name__)

FOLLOWUP_DAYS_PARAM = "miy_quotes.aftersale_followup_days"
SURVEY_PARAM = "miy_quotes.aftersale_survey_id"
DEFAULT_FOLLOWUP_DAYS = 30
SYNC_BATCH = 1000


class ProductTemplate(models.Model):
    _inherit = "product.template"

    miy_warranty_months = fields.Integer(
        string="Warranty (months)",
        help="Warranty period from the delivery date: the installed base shows when it ends.",
    )
    miy_consumable_product_ids = fields.Many2many(
        "product.product",
        "miy_product_template_consumable_rel",
        "template_id",
        "product_id",
        string="Consumables",
        help="Products this one uses up (coolant, filters...): offered again to customers who own it.",
    )
    miy_maintenance_product_id = fields.Many2one(
        "product.product",
        string="Maintenance Contract",
        help="Offered to customers whose warranty of this product runs out.",
    )

    @api.constrains("miy_warranty_months")
    def _check_miy_warranty_months(self):
        for template in self:
            if template.miy_warranty_months < 0:
                raise ValidationError(
                    self.env._(
                        "The warranty of %(product)s cannot be negative: enter a number of months (0 for none).",
                        product=template.display_name,
                    )
                )


class MiyInstalledBase(models.Model):
    """A product delivered to a customer: one row per done outgoing move line of a sale order.

    Rows are made by :meth:`_sync_from_move_lines` (when a delivery is validated and by a
    nightly job that catches up): idempotent, one row per move line (unique). Returns of that
    delivery reduce the row's quantity; a fully returned row is archived.
    """

    _name = "miy.installed.base"
    _description = "Installed Base"
    _order = "delivery_date desc, id desc"
    _check_company_auto = True

    name = fields.Char(compute="_compute_name", store=True)
    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, index=True, ondelete="restrict", check_company=True
    )
    product_id = fields.Many2one("product.product", string="Product", required=True, index=True, ondelete="restrict")
    product_tmpl_id = fields.Many2one(related="product_id.product_tmpl_id", store=True, index=True)
    lot_id = fields.Many2one("stock.lot", string="Lot/Serial Number", index=True, ondelete="set null")
    delivered_qty = fields.Float(string="Delivered", digits="Product Unit of Measure", readonly=True)
    returned_qty = fields.Float(string="Returned", digits="Product Unit of Measure", readonly=True)
    quantity = fields.Float(
        string="Installed", digits="Product Unit of Measure", compute="_compute_quantity", store=True
    )
    uom_id = fields.Many2one(related="product_id.uom_id", string="Unit")
    delivery_date = fields.Date(required=True, index=True)
    warranty_end = fields.Date(
        string="Warranty End",
        compute="_compute_warranty_end",
        store=True,
        index=True,
        help="Delivery date plus the product's warranty period.",
    )
    warranty_state = fields.Selection(
        [("none", "No Warranty"), ("valid", "Under Warranty"), ("expiring", "Expiring Soon"), ("expired", "Expired")],
        compute="_compute_warranty_state",
        search="_search_warranty_state",
    )
    sale_order_id = fields.Many2one("sale.order", string="Sale Order", index=True, ondelete="set null")
    move_line_id = fields.Many2one("stock.move.line", string="Delivery Line", index=True, ondelete="set null")
    move_id = fields.Many2one("stock.move", string="Delivery Move", index=True, ondelete="set null")
    picking_id = fields.Many2one("stock.picking", string="Delivery", ondelete="set null")
    user_id = fields.Many2one("res.users", string="Salesperson", index=True)
    company_id = fields.Many2one("res.company", required=True, index=True, default=lambda self: self.env.company)
    active = fields.Boolean(default=True)
    note = fields.Text()

    _sql_constraints = [
        ("move_line_uniq", "unique(move_line_id)", "A delivery line is in the installed base once."),
        ("quantity_positive", "CHECK(delivered_qty >= 0 AND returned_qty >= 0)", "Quantities cannot be negative."),
    ]

    # ------------------------------------------------------------------ computes
    @api.depends("product_id", "lot_id", "partner_id")
    def _compute_name(self):
        for row in self:
            parts = [row.product_id.display_name or ""]
            if row.lot_id:
                parts.append(row.lot_id.name)
            row.name = " / ".join(p for p in parts if p)

    @api.depends("delivered_qty", "returned_qty")
    def _compute_quantity(self):
        for row in self:
            row.quantity = max(row.delivered_qty - row.returned_qty, 0.0)

    @api.depends("delivery_date", "product_tmpl_id.miy_warranty_months")
    def _compute_warranty_end(self):
        for row in self:
            months = row.product_tmpl_id.miy_warranty_months
            row.warranty_end = (
                row.delivery_date + relativedelta(months=months) if row.delivery_date and months else False
            )

    @api.depends("warranty_end")
    @api.depends_context("tz")
    def _compute_warranty_state(self):
        today = fields.Date.context_today(self)
        soon = today + timedelta(days=60)
        for row in self:
            if not row.warranty_end:
                row.warranty_state = "none"
            elif row.warranty_end < today:
                row.warranty_state = "expired"
            elif row.warranty_end <= soon:
                row.warranty_state = "expiring"
            else:
                row.warranty_state = "valid"

    def _search_warranty_state(self, operator, value):
        if operator not in ("=", "!=", "in", "not in"):
            raise UserError(self.env._("The warranty state can only be compared with =, !=, in or not in."))
        values = {value} if isinstance(value, str) else set(value or ())
        today = fields.Date.context_today(self)
        soon = today + timedelta(days=60)
        domains = {
            "none": [("warranty_end", "=", False)],
            "expired": [("warranty_end", "<", today)],
            "expiring": [("warranty_end", ">=", today), ("warranty_end", "<=", soon)],
            "valid": [("warranty_end", ">", soon)],
        }
        domain = expression.OR([domains[v] for v in values if v in domains]) if values else expression.FALSE_DOMAIN
        return expression.distribute_not(["!", *domain]) if operator in ("!=", "not in") else domain

    # ------------------------------------------------------------------ business methods
    @api.model
    def _delivery_line_domain(self):
        """Done move lines that put a sold product at a customer's."""
        return [
            ("state", "=", "done"),
            ("move_id.sale_line_id", "!=", False),
            ("location_dest_id.usage", "=", "customer"),
            ("move_id.origin_returned_move_id", "=", False),
        ]

    @api.model
    def _sync_from_move_lines(self, move_lines=None, batch_size=SYNC_BATCH):
        """Add the done deliveries not yet in the installed base, then apply the returns.

        Idempotent: a move line is added once (unique), returned quantities are recomputed from
        the done returns. ``move_lines`` limits the work to those lines (a validated picking);
        without it, every done delivery is checked in batches (the nightly job).

        :return: number of rows created
        """
        MoveLine = self.env["stock.move.line"]
        domain = self._delivery_line_domain()
        if move_lines is not None:
            domain = [("id", "in", move_lines.ids), *domain]
        known_domain = [("move_line_id", "!=", False)]
        if move_lines is not None:
            known_domain = [("move_line_id", "in", move_lines.ids)]
        known = self.with_context(active_test=False)._search(known_domain)
        domain.append(("id", "not in", known.subselect("move_line_id")))
        created = 0
        while True:
            lines = MoveLine.search(domain, limit=batch_size, order="id")
            if not lines:
                break
            vals_list = []
            for line in lines:
                order = line.move_id.sale_line_id.order_id
                vals_list.append(
                    {
                        "partner_id": order.partner_id.commercial_partner_id.id,
                        "product_id": line.product_id.id,
                        "lot_id": line.lot_id.id,
                        "delivered_qty": line.product_uom_id._compute_quantity(line.quantity, line.product_id.uom_id),
                        "delivery_date": fields.Date.to_date(line.date),
                        "sale_order_id": order.id,
                        "move_line_id": line.id,
                        "move_id": line.move_id.id,
                        "picking_id": line.picking_id.id,
                        "user_id": order.user_id.id,
                        "company_id": line.company_id.id,
                    }
                )
            self.create(vals_list)
            created += len(vals_list)
            if move_lines is not None or len(lines) < batch_size:
                break
        self._sync_returns(move_lines)
        return created

    @api.model
    def _sync_returns(self, move_lines=None):
        """Returned quantity of each row = done return lines of its move (and lot)."""
        return_domain = [
            ("state", "=", "done"),
            ("move_id.origin_returned_move_id", "!=", False),
            ("location_id.usage", "=", "customer"),
        ]
        if move_lines is not None:
            return_domain.append(("id", "in", move_lines.ids))
            origin_moves = move_lines.move_id.origin_returned_move_id
            if not origin_moves:
                return
            return_domain = [
                ("state", "=", "done"),
                ("move_id.origin_returned_move_id", "in", origin_moves.ids),
                ("location_id.usage", "=", "customer"),
            ]
        groups = self.env["stock.move.line"]._read_group(return_domain, ["move_id", "lot_id"], ["quantity:sum"])
        returned = {}
        for move, lot, qty in groups:
            key = (move.origin_returned_move_id.id, lot.id)
            returned[key] = returned.get(key, 0.0) + move.product_uom._compute_quantity(qty, move.product_id.uom_id)
        if not returned:
            return
        rows = self.with_context(active_test=False).search(
            [("move_id", "in", list({k[0] for k in returned}))], order="id"
        )
        remaining = dict(returned)
        for row in rows:
            key = (row.move_id.id, row.lot_id.id)
            left = remaining.get(key, 0.0)
            take = min(left, row.delivered_qty)
            remaining[key] = left - take
            vals = {}
            if row.returned_qty != take:
                vals["returned_qty"] = take
            active = row.delivered_qty - take > 0
            if row.active != active:
                vals["active"] = active
            if vals:
                row.write(vals)

    @api.model
    def _cron_sync_installed_base(self):
        created = self._sync_from_move_lines()
        _logger.info("installed base: %s delivery lines added", created)

    def action_open_sale_order(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "sale.order",
            "res_id": self.sale_order_id.id,
            "view_mode": "form",
        }


class StockPicking(models.Model):
    _inherit = "stock.picking"

    def _action_done(self):
        res = super()._action_done()
        lines = self.move_line_ids.filtered(lambda line: line.state == "done")
        if lines:
            # the validating user may be a warehouse user without access to the installed
            # base: its rows are the delivery's bookkeeping, made as the delivery's company
            self.env["miy.installed.base"].sudo()._sync_from_move_lines(lines)
        return res


class SaleOrder(models.Model):
    _inherit = "sale.order"

    miy_installed_base_ids = fields.One2many("miy.installed.base", "sale_order_id", string="Installed Base")
    miy_followup_date = fields.Date(
        string="After-sale Follow-up",
        copy=False,
        readonly=True,
        help="When the after-sale follow-up activity was planned (once per order).",
    )
    # survey answers are for Survey users (a salesperson reading a quote must not trip over them)
    miy_survey_input_ids = fields.One2many(
        "survey.user_input",
        "miy_sale_order_id",
        string="Satisfaction Surveys",
        copy=False,
        groups="survey.group_survey_user",
    )

    @api.model
    def _miy_followup_days(self):
        value = self.env["ir.config_parameter"].get_param(FOLLOWUP_DAYS_PARAM, DEFAULT_FOLLOWUP_DAYS)
        try:
            return max(int(value), 0)
        except (TypeError, ValueError):
            return DEFAULT_FOLLOWUP_DAYS

    @api.model
    def _cron_aftersale_followup(self, limit=1000):
        """Plan one follow-up activity per order N days after its first delivery; send the
        satisfaction survey when one is configured. Orders already followed up are skipped, so
        a second run creates nothing."""
        days = self._miy_followup_days()
        today = fields.Date.context_today(self)
        limit_date = today - timedelta(days=days)
        first_delivery = dict(
            self.env["miy.installed.base"]._read_group(
                [
                    ("sale_order_id.miy_followup_date", "=", False),
                    ("sale_order_id.state", "=", "sale"),
                    ("delivery_date", "<=", limit_date),
                ],
                ["sale_order_id"],
                ["delivery_date:min"],
                limit=limit,
            )
        )
        orders = self.browse([order.id for order in first_delivery])
        if not orders:
            return 0
        survey = self._miy_aftersale_survey()
        activity_type = self.env.ref("mail.mail_activity_data_call", raise_if_not_found=False) or self.env.ref(
            "mail.mail_activity_data_todo"
        )
        for order in orders:
            order.activity_schedule(
                activity_type_id=activity_type.id,
                date_deadline=today,
                summary=self.env._("After-sale follow-up"),
                note=self.env._(
                    "Call %(customer)s: how is the delivery of %(order)s working for them?",
                    customer=order.partner_id.display_name,
                    order=order.name,
                ),
                user_id=order.user_id.id or self.env.uid,
            )
            if survey:
                order._miy_send_satisfaction_survey(survey)
        orders.write({"miy_followup_date": today})
        return len(orders)

    @api.model
    def _miy_aftersale_survey(self):
        value = self.env["ir.config_parameter"].get_param(SURVEY_PARAM)
        if not value or not str(value).isdigit():
            return self.env["survey.survey"]
        survey = self.env["survey.survey"].browse(int(value)).exists()
        return survey if survey.active else self.env["survey.survey"]

    def _miy_send_satisfaction_survey(self, survey):
        """Invite the order's customer to the survey; the answer is linked to the order."""
        self.ensure_one()
        partner = self.partner_id
        if not partner.email:
            return self.env["survey.user_input"]
        answer = survey._create_answer(partner=partner, check_attempts=False, miy_sale_order_id=self.id)
        template = self.env.ref("survey.mail_template_user_input_invite", raise_if_not_found=False)
        if template:
            template.send_mail(answer.id, email_layout_xmlid="mail.mail_notification_light")
        return answer


class SurveyUserInput(models.Model):
    _inherit = "survey.user_input"

    miy_sale_order_id = fields.Many2one("sale.order", string="Sale Order", index=True, ondelete="set null")
    miy_customer_id = fields.Many2one(
        "res.partner",
        string="Customer",
        compute="_compute_miy_customer_id",
        store=True,
        index=True,
    )

    @api.depends("miy_sale_order_id.partner_id", "partner_id")
    def _compute_miy_customer_id(self):
        for answer in self:
            partner = answer.miy_sale_order_id.partner_id or (answer.partner_id if answer.miy_sale_order_id else False)
            answer.miy_customer_id = partner.commercial_partner_id if partner else False


class ResPartner(models.Model):
    _inherit = "res.partner"

    miy_installed_base_count = fields.Integer(
        string="Installed Base", compute="_compute_miy_installed_base_count", groups="sales_team.group_sale_salesman"
    )
    miy_satisfaction_score = fields.Float(
        string="Satisfaction (%)",
        compute="_compute_miy_satisfaction_score",
        digits=(5, 1),
        groups="sales_team.group_sale_salesman",
        help="Average score of the completed after-sale satisfaction surveys of this customer.",
    )
    miy_satisfaction_count = fields.Integer(
        string="Answered Surveys", compute="_compute_miy_satisfaction_score", groups="sales_team.group_sale_salesman"
    )

    def _compute_miy_installed_base_count(self):
        commercial = {partner: partner.commercial_partner_id for partner in self}
        counts = dict(
            self.env["miy.installed.base"]._read_group(
                [("partner_id", "in", [p.id for p in commercial.values() if p.id])], ["partner_id"], ["__count"]
            )
        )
        for partner in self:
            partner.miy_installed_base_count = counts.get(commercial[partner], 0)

    def _compute_miy_satisfaction_score(self):
        commercial = {partner: partner.commercial_partner_id for partner in self}
        # survey answers are readable by survey users only: the card shows every salesperson the
        # average and the count of the customer's completed answers, nothing else of them
        scores = {
            customer: (score, count)
            for customer, score, count in self.env["survey.user_input"]
            .sudo()
            ._read_group(
                [
                    ("miy_customer_id", "in", [p.id for p in commercial.values() if p.id]),
                    ("state", "=", "done"),
                ],
                ["miy_customer_id"],
                ["scoring_percentage:avg", "__count"],
            )
        }
        for partner in self:
            score, count = scores.get(commercial[partner], (0.0, 0))
            partner.miy_satisfaction_score = score
            partner.miy_satisfaction_count = count

    def action_miy_open_installed_base(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("miy_quotes.miy_installed_base_action")
        action["domain"] = [("partner_id", "=", self.commercial_partner_id.id)]
        action["context"] = {"default_partner_id": self.commercial_partner_id.id}
        return action

    def action_miy_open_satisfaction(self):
        self.ensure_one()
        if not self.env.user.has_group("survey.group_survey_user"):
            raise UserError(
                self.env._("The survey answers are shown to Survey users only: ask an administrator for that right.")
            )
        action = self.env["ir.actions.act_window"]._for_xml_id("miy_quotes.survey_user_input_action_miy_aftersale")
        action["domain"] = [("miy_customer_id", "=", self.commercial_partner_id.id)]
        action["views"] = [(self.env.ref("miy_quotes.survey_user_input_view_list_miy_aftersale").id, "list")]
        return action


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    miy_aftersale_followup_days = fields.Integer(
        string="After-sale Follow-up (days)",
        config_parameter=FOLLOWUP_DAYS_PARAM,
        default=DEFAULT_FOLLOWUP_DAYS,
        help="Days after the delivery when the salesperson gets a follow-up activity.",
    )
    miy_aftersale_survey_id = fields.Many2one(
        "survey.survey",
        string="Satisfaction Survey",
        config_parameter=SURVEY_PARAM,
        help="Sent to the customer with the follow-up; leave empty to send none.",
    )

    @api.constrains("miy_aftersale_followup_days")
    def _check_miy_aftersale_followup_days(self):
        if any(settings.miy_aftersale_followup_days < 0 for settings in self):
            raise ValidationError(self.env._("The after-sale follow-up delay must be zero or more days."))
