from odoo import api, fields, models
from odoo.tools import float_compare

LIFECYCLE_FIELDS = {"type", "stage_id", "probability", "active", "lost_reason_id", "partner_id"}


class CrmLead(models.Model):
    _inherit = "crm.lead"

    miy_referred_by_id = fields.Many2one(
        "res.partner",
        string="Referred by (partner)",
        index="btree_not_null",
        tracking=True,
        help="The partner who brought this lead; carried to the customer created from the lead.",
    )
    miy_lifecycle_event_ids = fields.One2many(
        "miy.lifecycle.event", "lead_id", string="Lifecycle", groups="miy_contacts.group_miy_user"
    )

    @api.model_create_multi
    def create(self, vals_list):
        leads = super().create(vals_list)
        leads._miy_record_creation()
        return leads

    def write(self, vals):
        if not LIFECYCLE_FIELDS & set(vals):
            return super().write(vals)
        before = {lead.id: (lead.type, lead._miy_lifecycle_state()) for lead in self}
        result = super().write(vals)
        self._miy_record_transitions(before, vals)
        return result

    def _prepare_customer_values(self, partner_name, is_company=False, parent_id=False):
        values = super()._prepare_customer_values(partner_name, is_company=is_company, parent_id=parent_id)
        if self.miy_referred_by_id:
            values["miy_referred_by_id"] = self.miy_referred_by_id.id
        return values

    # ------------------------------------------------------------ lifecycle
    def _miy_lifecycle_state(self):
        """'won', 'lost' or 'open', the way crm itself reads a lead (lost = archived)."""
        self.ensure_one()
        if not self.active:
            return "lost"
        if self.stage_id.is_won or self._miy_probability_as_is() >= 100:
            return "won"
        return "open"

    def _miy_probability_as_is(self):
        """The lead's probability as crm will leave it, without running crm's pending computation.

        Reading ``probability`` while its (naive Bayes) computation is pending runs it at once,
        in the middle of crm's own flows (a merge writes the head lead, then deletes the others):
        crm's result then differs (a manual 0 became 50). When the computation is pending, crm
        will replace an automated probability (never 100 outside a won stage, which the caller
        checks) and keep a manual one: so take the value from the cache, else the database.
        """
        self.ensure_one()
        field = self._fields["probability"]
        if not self.id or not self.env.is_to_compute(field, self):
            return self.probability
        automated_field = self._fields["automated_probability"]
        probability = self.env.cache.get(self, field, None)
        automated = self.env.cache.get(self, automated_field, None)
        if probability is None or automated is None:
            self.env.cr.execute("SELECT probability, automated_probability FROM crm_lead WHERE id = %s", [self.id])
            row = self.env.cr.fetchone() or (0.0, 0.0)
            probability = (row[0] or 0.0) if probability is None else probability
            automated = (row[1] or 0.0) if automated is None else automated
        if float_compare(probability, automated, precision_digits=2) == 0:
            return 0.0  # automated: crm recomputes it
        return probability

    def _miy_record_creation(self):
        Event = self.env["miy.lifecycle.event"]
        Event._record(self.filtered(lambda lead: lead.type == "lead"), "lead_created")
        Event._record(self.filtered(lambda lead: lead.type == "opportunity"), "opportunity_created")
        states = {lead.id: lead._miy_lifecycle_state() for lead in self}
        Event._record(self.filtered(lambda lead: states[lead.id] == "won"), "won")
        Event._record(self.filtered(lambda lead: states[lead.id] == "lost"), "lost")

    def _miy_record_transitions(self, before, vals):
        """Record the events of one ``write`` on a batch: a few queries whatever the batch size."""
        Event = self.env["miy.lifecycle.event"].sudo()
        if vals.get("partner_id"):
            # events recorded before the lead had a customer (e.g. "lead created") follow it
            Event.search([("lead_id", "in", self.ids), ("partner_id", "=", False)]).write(
                {"partner_id": vals["partner_id"]}
            )
        qualified = self.filtered(lambda lead: before[lead.id][0] == "lead" and lead.type == "opportunity")
        won = lost = reopened = relabelled = self.browse()
        for lead in self:
            old, new = before[lead.id][1], lead._miy_lifecycle_state()
            if old == new:
                if new == "lost" and vals.get("lost_reason_id"):
                    relabelled |= lead
                continue
            if new == "won":
                won |= lead
            elif new == "lost":
                lost |= lead
            else:
                reopened |= lead
        Event._record(qualified, "qualified")
        Event._record(won, "won")
        Event._record(lost, "lost")
        Event._record(reopened, "reopened")
        if relabelled:
            # crm's action_set_lost archives first, then writes the reason: complete the lost event
            events = Event.search(
                [("lead_id", "in", relabelled.ids), ("event", "=", "lost")], order="date desc, id desc"
            )
            latest = {}
            for event in events:
                latest.setdefault(event.lead_id.id, event)
            Event.browse([event.id for event in latest.values()]).write({"lost_reason_id": vals["lost_reason_id"]})
