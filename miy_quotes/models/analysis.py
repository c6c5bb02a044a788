# Part of MİY. See LICENSE file for full copyright and licensing details.
"""Win/loss of quotes (issue 11, feature 3).

How a lost quote maps to Odoo's states: a lost quote is a *cancelled* sale order
(``state = 'cancel'``, so every Odoo screen and report already leaves it out of the pipeline)
with ``miy_lost`` set and a lost reason (required). A quote cancelled without being marked lost
(a duplicate, a mistake) stays out of the win rate. Setting a lost quote back to quotation
clears the loss. Won means confirmed (``state = 'sale'``).
"""

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

OPEN_STATES = ("draft", "sent")


class SaleOrder(models.Model):
    _inherit = "sale.order"

    miy_first_sent_date = fields.Datetime(
        string="First Sent",
        readonly=True,
        copy=False,
        index=True,
        help="When the quote was first sent to the customer (send wizard, 'Mark as sent' or the portal).",
    )
    miy_lost = fields.Boolean(string="Lost", readonly=True, copy=False, index=True)
    miy_lost_reason_id = fields.Many2one(
        "crm.lost.reason", string="Lost Reason", readonly=True, copy=False, index="btree_not_null"
    )
    miy_lost_competitor_id = fields.Many2one(
        "res.partner",
        string="Won By Competitor",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The competitor the customer chose.",
    )
    miy_lost_competitor_price = fields.Monetary(
        string="Competitor's Price", readonly=True, copy=False, help="The winning competitor's price, when known."
    )
    miy_lost_date = fields.Datetime(string="Lost On", readonly=True, copy=False)
    miy_lost_note = fields.Text(string="Loss Note", readonly=True, copy=False)
    miy_outcome = fields.Selection(
        [("open", "Open"), ("won", "Won"), ("lost", "Lost"), ("cancelled", "Cancelled")],
        string="Outcome",
        compute="_compute_miy_outcome",
        store=True,
        index=True,
    )
    miy_decision_date = fields.Datetime(
        string="Decided On",
        compute="_compute_miy_outcome",
        store=True,
        help="Confirmation date of a won quote, loss date of a lost one.",
    )
    miy_main_categ_id = fields.Many2one(
        "product.category",
        string="Main Product Category",
        compute="_compute_miy_main_categ_id",
        store=True,
        index="btree_not_null",
        help="Category of the quote's largest line: the quote's product category in the win/loss analysis.",
    )

    @api.depends("state", "miy_lost", "miy_lost_date", "date_order")
    def _compute_miy_outcome(self):
        for order in self:
            if order.state == "sale":
                order.miy_outcome, order.miy_decision_date = "won", order.date_order
            elif order.state == "cancel" and order.miy_lost:
                order.miy_outcome, order.miy_decision_date = "lost", order.miy_lost_date
            elif order.state == "cancel":
                order.miy_outcome, order.miy_decision_date = "cancelled", False
            else:
                order.miy_outcome, order.miy_decision_date = "open", False

    @api.depends("order_line.price_subtotal", "order_line.product_id.categ_id")
    def _compute_miy_main_categ_id(self):
        for order in self:
            lines = order.order_line.filtered(lambda line: line.product_id and not line.display_type)
            # new lines of a form (NewId, no database id yet) tie-break after saved ones
            main = max(lines, key=lambda line: (line.price_subtotal, -(line._origin.id or 0)), default=None)
            order.miy_main_categ_id = main.product_id.categ_id if main else False

    @api.constrains("miy_lost", "miy_lost_reason_id")
    def _check_miy_lost_reason(self):
        for order in self:
            if order.miy_lost and not order.miy_lost_reason_id:
                raise ValidationError(
                    self.env._("Quote %(name)s cannot be marked lost without a lost reason.", name=order.name)
                )

    @api.constrains("miy_lost_competitor_price")
    def _check_miy_lost_competitor_price(self):
        for order in self:
            if order.miy_lost_competitor_price < 0:
                raise ValidationError(
                    self.env._("The competitor's price on %(name)s cannot be negative.", name=order.name)
                )

    # ------------------------------------------------------------------ CRUD
    @api.model_create_multi
    def create(self, vals_list):
        now = fields.Datetime.now()
        for vals in vals_list:
            if vals.get("state") == "sent" and not vals.get("miy_first_sent_date"):
                vals["miy_first_sent_date"] = now
        return super().create(vals_list)

    def write(self, vals):
        unsent = self.browse()
        if vals.get("state") == "sent" and "miy_first_sent_date" not in vals:
            unsent = self.filtered(lambda order: not order.miy_first_sent_date)
        res = super().write(vals)
        if unsent:
            unsent._miy_set_first_sent()
        return res

    def message_post(self, **kwargs):
        # The send wizard posts with ``mark_so_as_sent``: Odoo writes 'sent' on drafts only, so a
        # quote already 'sent' (e.g. set back to quotation and sent again) is dated here.
        if self.env.context.get("mark_so_as_sent"):
            self.filtered(lambda order: order.state in OPEN_STATES)._miy_set_first_sent()
        return super().message_post(**kwargs)

    def _miy_set_first_sent(self):
        unsent = self.filtered(lambda order: not order.miy_first_sent_date)
        if not unsent:
            return True
        # bookkeeping, not a change to track (it would also start tracking the state change
        # that sale writes right after without tracking)
        return super(SaleOrder, unsent.with_context(tracking_disable=True)).write(
            {"miy_first_sent_date": fields.Datetime.now()}
        )

    # ------------------------------------------------------------------ actions
    def action_miy_mark_lost(self):
        self.check_access("write")  # the wizard changes these quotes: refuse early who may not
        open_orders = self.filtered(lambda order: order.state in OPEN_STATES)
        if not open_orders:
            raise UserError(self.env._("Only quotations and sent quotations can be marked as lost."))
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Mark as Lost"),
            "res_model": "miy.quote.lost",
            "view_mode": "form",
            "target": "new",
            "context": {"default_order_ids": open_orders.ids},
        }

    def action_draft(self):
        lost = self.filtered("miy_lost")
        res = super().action_draft()
        lost.filtered(lambda order: order.state == "draft").write(
            {
                "miy_lost": False,
                "miy_lost_reason_id": False,
                "miy_lost_competitor_id": False,
                "miy_lost_competitor_price": 0.0,
                "miy_lost_date": False,
                "miy_lost_note": False,
            }
        )
        return res

    # ------------------------------------------------------------------ business
    def _miy_mark_lost(self, reason, competitor=None, competitor_price=0.0, note=False):
        """Cancel open quotes as lost; lose their opportunities when no open quote is left.

        ``miy_lost_sync`` in the context stops the way back (an opportunity losing its quotes).
        ``reason`` and ``competitor`` are records or ids (demo data calls it with ids).
        """
        if isinstance(reason, int):
            reason = self.env["crm.lost.reason"].browse(reason).exists()
        if isinstance(competitor, int):
            competitor = self.env["res.partner"].browse(competitor).exists()
        if not reason:
            raise UserError(self.env._("Choose a lost reason: a quote cannot be lost without one."))
        if competitor_price and competitor_price < 0:
            raise UserError(self.env._("The competitor's price cannot be negative."))
        not_open = self.filtered(lambda order: order.state not in OPEN_STATES)
        if not_open:
            raise UserError(
                self.env._(
                    "Only open quotes can be marked as lost; %(names)s are not open.",
                    names=", ".join(not_open.mapped("name")),
                )
            )
        if competitor and not competitor._miy_is_competitor():
            raise UserError(
                self.env._(
                    "%(partner)s is not a competitor: give them the Competitor role first.",
                    partner=competitor.display_name,
                )
            )
        self._action_cancel()
        self.write(
            {
                "miy_lost": True,
                "miy_lost_reason_id": reason.id,
                "miy_lost_competitor_id": competitor.id if competitor else False,
                "miy_lost_competitor_price": competitor_price or 0.0,
                "miy_lost_date": fields.Datetime.now(),
                "miy_lost_note": note or False,
            }
        )
        for order in self:
            order.message_post(
                body=self.env._("Quote lost: %(reason)s.", reason=reason.name),
                subtype_xmlid="mail.mt_note",
            )
        if self.env.context.get("miy_lost_sync"):
            return True
        leads = self.opportunity_id.filtered(lambda lead: lead.active and lead.probability < 100)
        if leads:
            # open quotes of these opportunities, a colleague's too (the user may not read them):
            # only the opportunities' ids leave the query
            still_open = {
                lead.id
                for (lead,) in self.sudo()._read_group(
                    [("opportunity_id", "in", leads.ids), ("state", "in", OPEN_STATES)], ["opportunity_id"]
                )
            }
            leads = leads.filtered(lambda lead: lead.id not in still_open)
            leads.with_context(miy_lost_sync=True).action_set_lost(lost_reason_id=reason.id)
        return True


class CrmLead(models.Model):
    _inherit = "crm.lead"

    def action_set_lost(self, **additional_values):
        if self.env.context.get("miy_lost_sync"):
            return super().action_set_lost(**additional_values)
        orders = self.order_ids.filtered(lambda order: order.state in OPEN_STATES)
        reason = self.env["crm.lost.reason"].browse(additional_values.get("lost_reason_id"))
        by_reason = []
        for lead in self:
            lead_orders = orders.filtered(lambda order, lead=lead: order.opportunity_id == lead)
            if not lead_orders:
                continue
            lead_reason = reason or lead.lost_reason_id
            if not lead_reason:
                raise UserError(
                    self.env._(
                        "Opportunity %(name)s has open quotes: choose a lost reason, its quotes are lost "
                        "with the same reason.",
                        name=lead.name,
                    )
                )
            by_reason.append((lead_orders, lead_reason))
        res = super().action_set_lost(**additional_values)
        for lead_orders, lead_reason in by_reason:
            lead_orders.with_context(miy_lost_sync=True)._miy_mark_lost(lead_reason)
        return res


class ResPartner(models.Model):
    _inherit = "res.partner"

    def _miy_is_competitor(self):
        self.ensure_one()
        return "competitor" in self.commercial_partner_id.miy_role_ids.mapped("code")
