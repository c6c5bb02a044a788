from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResPartner(models.Model):
    _inherit = "res.partner"

    miy_referred_by_id = fields.Many2one(
        "res.partner",
        string="Referred by",
        index="btree_not_null",
        tracking=True,
        help="The partner (customer, friend, dealer...) who brought this partner to us.",
    )
    miy_referral_ids = fields.One2many("res.partner", "miy_referred_by_id", string="Referred Partners")
    miy_referral_count = fields.Integer(string="Referrals", compute="_compute_miy_referral_count")
    miy_lifecycle_event_ids = fields.One2many(
        "miy.lifecycle.event", "partner_id", string="Lifecycle", groups="miy_contacts.group_miy_user"
    )
    miy_commercial_lifecycle_event_ids = fields.One2many(
        "miy.lifecycle.event",
        "commercial_partner_id",
        string="Lifecycle of the Commercial Entity",
        groups="miy_contacts.group_miy_user",
    )
    miy_lifecycle_history_ids = fields.Many2many(
        "miy.lifecycle.event",
        string="Lifecycle History",
        compute="_compute_miy_lifecycle_history_ids",
        groups="miy_contacts.group_miy_user",
        help="The events of this partner and of its contacts (an organization's people): the same "
        "events as the Lifecycle button and the 'Customer since' date.",
    )
    miy_lifecycle_event_count = fields.Integer(
        string="Lifecycle Events", compute="_compute_miy_lifecycle_event_count", groups="miy_contacts.group_miy_user"
    )
    miy_customer_since = fields.Date(
        string="Customer since",
        compute="_compute_miy_customer_since",
        store=True,
        index="btree_not_null",
        help="Date of the first won opportunity of this partner (or of its contacts).",
    )

    def _compute_miy_referral_count(self):
        counts = dict(
            self.env["res.partner"]._read_group(
                [("miy_referred_by_id", "in", self.ids)], ["miy_referred_by_id"], ["__count"]
            )
        )
        for partner in self:
            partner.miy_referral_count = counts.get(partner._origin, 0)

    def _miy_lifecycle_domain(self):
        return ["|", ("partner_id", "in", self.ids), ("commercial_partner_id", "in", self.ids)]

    @api.depends_context("uid", "allowed_company_ids")
    def _compute_miy_lifecycle_event_count(self):
        Event = self.env["miy.lifecycle.event"]
        counts = dict.fromkeys(self.ids, 0)
        # an event of a contact counts for the contact and for its commercial entity
        for partner, commercial, count in Event._read_group(
            self._miy_lifecycle_domain(), ["partner_id", "commercial_partner_id"], ["__count"]
        ):
            if partner.id in counts:
                counts[partner.id] += count
            if commercial.id in counts and commercial != partner:
                counts[commercial.id] += count
        for partner in self:
            partner.miy_lifecycle_event_count = counts.get(partner._origin.id, 0)

    @api.depends_context("uid", "allowed_company_ids")
    def _compute_miy_lifecycle_history_ids(self):
        # one search for the batch, with the user's rights (the events follow crm's lead rules)
        events = self.env["miy.lifecycle.event"].search(self._origin._miy_lifecycle_domain())
        for partner in self:
            origin = partner._origin
            partner.miy_lifecycle_history_ids = events.filtered(
                lambda e, p=origin: e.partner_id == p or e.commercial_partner_id == p
            )

    @api.depends(
        "miy_lifecycle_event_ids.event",
        "miy_lifecycle_event_ids.date",
        "miy_commercial_lifecycle_event_ids.event",
        "miy_commercial_lifecycle_event_ids.date",
    )
    def _compute_miy_customer_since(self):
        Event = self.env["miy.lifecycle.event"].sudo()
        first = {}
        ids = self._origin.ids
        for field_name in ("partner_id", "commercial_partner_id"):
            for partner, date in Event._read_group(
                [(field_name, "in", ids), ("event", "=", "won")], [field_name], ["date:min"]
            ):
                # the day in the user's time zone, as the screens show it (not the UTC date)
                day = fields.Datetime.context_timestamp(self, date).date()
                first[partner.id] = min(first.get(partner.id, day), day)
        for partner in self:
            partner.miy_customer_since = first.get(partner._origin.id, False)

    @api.constrains("miy_referred_by_id")
    def _check_miy_referred_by_id(self):
        for partner in self:
            if partner.miy_referred_by_id and partner.miy_referred_by_id == partner:
                raise ValidationError(
                    self.env._("%(partner)s cannot be referred by itself.", partner=partner.display_name)
                )

    def action_miy_view_referrals(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Referred by %(partner)s", partner=self.display_name),
            "res_model": "res.partner",
            "view_mode": "list,form",
            "domain": [("miy_referred_by_id", "=", self.id)],
            "context": {"default_miy_referred_by_id": self.id},
        }

    def action_miy_view_lifecycle(self):
        self.ensure_one()
        action = self.env["ir.actions.actions"]._for_xml_id("miy_contacts.miy_lifecycle_event_action")
        action["domain"] = self._miy_lifecycle_domain()
        action["context"] = {"create": False}
        action["name"] = self.env._("Lifecycle of %(partner)s", partner=self.display_name)
        return action
