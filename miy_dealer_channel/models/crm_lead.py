from odoo import fields, models
from odoo.exceptions import AccessError, UserError


class CrmLead(models.Model):
    """The dealer side of a lead: which dealer it was routed to, what the dealer did with it.

    Dealers' staff read the leads of their dealer (record rule ``crm_lead_rule_dealer_portal``) and
    have no write access to ``crm.lead``: every change a dealer makes goes through a method of this
    class that checks the dealer first and then writes only the fields it names.
    """

    _inherit = "crm.lead"

    miy_dealer_id = fields.Many2one(
        "miy.dealer",
        string="Assigned Dealer",
        index="btree_not_null",
        tracking=True,
        copy=False,
        ondelete="restrict",
    )
    miy_dealer_state = fields.Selection(
        [
            ("pending", "Awaiting Approval"),
            ("routed", "Waiting for the Dealer"),
            ("accepted", "Accepted by the Dealer"),
            ("declined", "Declined"),
        ],
        string="Dealer Status",
        index="btree_not_null",
        tracking=True,
        copy=False,
        help="Awaiting Approval: a deal the dealer registered, waiting for the account manager. "
        "Waiting for the Dealer: routed, not yet accepted. Declined: every dealer it went to declined it.",
    )
    miy_routed_date = fields.Datetime(string="Routed On", copy=False, readonly=True)
    miy_accept_deadline = fields.Datetime(string="Accept By", copy=False, readonly=True)
    miy_accepted_date = fields.Datetime(string="Accepted On", copy=False, readonly=True)
    miy_dealer_decline_ids = fields.One2many("miy.dealer.lead.decline", "lead_id", string="Declines", readonly=True)
    miy_declined_dealer_ids = fields.Many2many(
        "miy.dealer",
        "miy_dealer_lead_declined_rel",
        "lead_id",
        "dealer_id",
        string="Declined By",
        copy=False,
        readonly=True,
        help="Dealers that declined this lead or let it pass: it is not routed to them again.",
    )
    miy_product_category_id = fields.Many2one(
        "product.category", string="Product Group", index="btree_not_null", tracking=True
    )
    miy_registered_by_dealer_id = fields.Many2one(
        "miy.dealer", string="Registered By Dealer", copy=False, readonly=True, index="btree_not_null"
    )

    # ------------------------------------------------------------------ routing primitives
    def _miy_route_to(self, dealer, deadline=False):
        """Hand these leads to ``dealer`` (callers decide which dealer: see the routing rules)."""
        now = fields.Datetime.now()
        self.write(
            {
                "miy_dealer_id": dealer.id,
                "miy_dealer_state": "routed",
                "miy_routed_date": now,
                "miy_accept_deadline": deadline,
                "miy_accepted_date": False,
            }
        )

    # ------------------------------------------------------------------ what a dealer may do
    def _miy_check_own_dealer(self):
        """Refuse unless every lead is routed to the current user's dealer (staff of the firm pass)."""
        user = self.env.user
        if not user.share:
            return
        dealer = user._miy_dealer()
        if not dealer or any(lead.miy_dealer_id != dealer for lead in self):
            raise AccessError(self.env._("This lead is not routed to your firm."))

    def action_miy_dealer_accept(self):
        self._miy_check_own_dealer()
        if any(lead.miy_dealer_state != "routed" for lead in self):
            raise UserError(self.env._("Only a lead waiting for the dealer can be accepted."))
        self.sudo().write({"miy_dealer_state": "accepted", "miy_accepted_date": fields.Datetime.now()})
        return True

    def action_miy_dealer_decline(self, reason):
        reason = (reason or "").strip()
        if not reason:
            raise UserError(self.env._("Say why you decline the lead: the reason is required."))
        self._miy_check_own_dealer()
        if any(lead.miy_dealer_state not in ("routed", "accepted") for lead in self):
            raise UserError(self.env._("Only a lead routed to your firm can be declined."))
        user = self.env.user
        leads = self.sudo()
        leads.env["miy.dealer.lead.decline"].create(
            [
                {"lead_id": lead.id, "dealer_id": lead.miy_dealer_id.id, "reason": reason, "user_id": user.id}
                for lead in leads
            ]
        )
        for lead in leads:
            lead.write(
                {
                    "miy_declined_dealer_ids": [(4, lead.miy_dealer_id.id)],
                    "miy_dealer_id": False,
                    "miy_dealer_state": "declined",
                    "miy_accept_deadline": False,
                }
            )
        leads._miy_after_decline()
        return True

    def _miy_after_decline(self):
        """Hook: the routing rules send declined leads on to the next dealer."""
        return True


class MiyDealerLeadDecline(models.Model):
    """A dealer's decline of a lead, with its reason: kept as history, never edited."""

    _name = "miy.dealer.lead.decline"
    _description = "Declined Lead"
    _order = "create_date desc, id desc"

    lead_id = fields.Many2one("crm.lead", required=True, ondelete="cascade", index=True)
    dealer_id = fields.Many2one("miy.dealer", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="dealer_id.company_id", store=True, index=True)
    reason = fields.Text(required=True)
    user_id = fields.Many2one("res.users", string="Declined By", default=lambda self: self.env.user)
    timed_out = fields.Boolean(help="Not declined by the dealer: the time to accept ran out.")
