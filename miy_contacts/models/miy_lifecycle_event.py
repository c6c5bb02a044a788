from odoo import api, fields, models
from odoo.exceptions import UserError


class MiyLifecycleEvent(models.Model):
    """One step of a prospect's way to becoming a customer (or not).

    System records: written by the ``crm.lead`` overrides only (through ``sudo``); users read them,
    nobody edits or deletes them (no write/create/unlink access line, and ``write``/``unlink``
    refuse anything but the superuser environment).
    """

    _name = "miy.lifecycle.event"
    _description = "Lifecycle Event"
    _order = "date desc, id desc"
    _rec_name = "event"

    partner_id = fields.Many2one("res.partner", string="Partner", index=True, ondelete="cascade", readonly=True)
    commercial_partner_id = fields.Many2one(
        "res.partner",
        string="Commercial Entity",
        related="partner_id.commercial_partner_id",
        store=True,
        index=True,
        readonly=True,
    )
    lead_id = fields.Many2one("crm.lead", string="Lead/Opportunity", index=True, ondelete="set null", readonly=True)
    lead_name = fields.Char(readonly=True)
    event = fields.Selection(
        [
            ("lead_created", "Lead created"),
            ("qualified", "Qualified"),
            ("opportunity_created", "Opportunity created"),
            ("won", "Won"),
            ("lost", "Lost"),
            ("reopened", "Reopened"),
        ],
        required=True,
        index=True,
        readonly=True,
    )
    date = fields.Datetime(required=True, default=fields.Datetime.now, index=True, readonly=True)
    user_id = fields.Many2one("res.users", string="Done by", readonly=True, default=lambda self: self.env.user)
    salesperson_id = fields.Many2one("res.users", string="Salesperson", readonly=True)
    team_id = fields.Many2one("crm.team", string="Sales Team", readonly=True)
    lost_reason_id = fields.Many2one("crm.lost.reason", string="Lost Reason", index=True, readonly=True)
    expected_revenue = fields.Float(readonly=True, aggregator="sum")
    company_id = fields.Many2one("res.company", readonly=True, index=True)

    def write(self, vals):
        if not self.env.su:
            self.check_access("write")
            raise UserError(self.env._("Lifecycle events are recorded by the system and cannot be changed."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_system(self):
        if not self.env.su:
            raise UserError(self.env._("Lifecycle events are recorded by the system and cannot be deleted."))

    @api.model
    def _record(self, leads, event, **values):
        """Record ``event`` for every lead of ``leads`` in one ``create`` (batch-safe)."""
        if not leads:
            return self.browse()
        vals_list = []
        for lead in leads:
            vals_list.append(
                {
                    "partner_id": lead.partner_id.id,
                    "lead_id": lead.id,
                    "lead_name": lead.name,
                    "event": event,
                    "user_id": self.env.uid,
                    "salesperson_id": lead.user_id.id,
                    "team_id": lead.team_id.id,
                    "lost_reason_id": lead.lost_reason_id.id if event == "lost" else False,
                    "expected_revenue": lead.expected_revenue,
                    "company_id": lead.company_id.id,
                    **values,
                }
            )
        return self.sudo().create(vals_list)
