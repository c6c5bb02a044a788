from odoo import api, fields, models
from odoo.exceptions import UserError


class MiyDealerRouteWizard(models.TransientModel):
    """Route one or many leads at once: to a dealer picked by hand, or by the routing rules."""

    _name = "miy.dealer.route.wizard"
    _description = "Route Leads to a Dealer"

    lead_ids = fields.Many2many("crm.lead", string="Leads", required=True)
    lead_count = fields.Integer(compute="_compute_lead_count")
    company_id = fields.Many2one("res.company", default=lambda self: self.env.company)
    mode = fields.Selection(
        [("rules", "By the Routing Rules"), ("dealer", "To a Dealer")],
        string="Route",
        required=True,
        default="rules",
    )
    dealer_id = fields.Many2one("miy.dealer", string="Dealer", domain="[('company_id', '=', company_id)]")
    accept_hours = fields.Float(
        string="Accept Within (Working Hours)",
        default=lambda self: self.env.company.miy_dealer_accept_hours,
        help="Working hours of the company's schedule the dealer has to accept. 0: no time limit.",
    )

    @api.model
    def default_get(self, fields_list):
        res = super().default_get(fields_list)
        context = self.env.context
        if "lead_ids" in fields_list and not res.get("lead_ids") and context.get("active_model") == "crm.lead":
            res["lead_ids"] = [fields.Command.set(context.get("active_ids") or [])]
        return res

    @api.depends("lead_ids")
    def _compute_lead_count(self):
        for wizard in self:
            wizard.lead_count = len(wizard.lead_ids)

    def action_route(self):
        self.ensure_one()
        leads = self.lead_ids
        if not leads:
            raise UserError(self.env._("Select the leads to route."))
        leads.check_access("write")
        if leads.filtered(lambda lead: lead.miy_dealer_state == "pending"):
            raise UserError(
                self.env._("A deal registered by a dealer waits for approval: approve or refuse it, do not route it.")
            )
        if self.accept_hours < 0:
            raise UserError(self.env._("The time to accept cannot be negative."))
        if self.mode == "dealer":
            dealer = self.dealer_id
            if not dealer:
                raise UserError(self.env._("Pick the dealer to route the leads to."))
            if not dealer.active:
                raise UserError(self.env._("%(dealer)s is archived: pick an active dealer.", dealer=dealer.name))
            wrong = leads.filtered(lambda lead: (lead.company_id or self.env.company) != dealer.company_id)
            if wrong:
                raise UserError(
                    self.env._(
                        "%(dealer)s works for another company than the lead %(lead)s.",
                        dealer=dealer.name,
                        lead=wrong[0].name,
                    )
                )
            now = fields.Datetime.now()
            deadline = leads._miy_accept_deadline(dealer.company_id, self.accept_hours, now)
            leads._miy_route_to(dealer, deadline)
            routed, left = leads, leads.browse()
        else:
            left = leads._miy_route_by_rules()
            routed = leads - left
        if left:
            message = self.env._(
                "%(routed)s lead(s) routed; no dealer matches the routing rules for %(left)s: %(names)s.",
                routed=len(routed),
                left=len(left),
                names=", ".join(left[:5].mapped("name")),
            )
            kind = "warning"
        else:
            message = self.env._("%(routed)s lead(s) routed to dealers.", routed=len(routed))
            kind = "success"
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": self.env._("Dealer Routing"),
                "message": message,
                "type": kind,
                "sticky": False,
                "next": {"type": "ir.actions.act_window_close"},
            },
        }
