from odoo import api, fields, models


class MailingTrace(models.Model):
    """Each message of a mailing, per recipient: the frozen list of who received what.

    MİY adds the reference number printed in the message and the partner it went to, both
    stored and indexed so that a partner's card lists its messages and a reference number finds
    its message in one indexed lookup.
    """

    _inherit = "mailing.trace"

    miy_reference = fields.Char(
        string="Reference",
        compute="_compute_miy_reference",
        store=True,
        index="btree_not_null",
        help="Reference number printed in the message: unique per mailing and recipient.",
    )
    miy_partner_id = fields.Many2one(
        "res.partner",
        string="Recipient",
        compute="_compute_miy_partner_id",
        store=True,
        index="btree_not_null",
        ondelete="set null",
    )
    miy_subject = fields.Char(related="mass_mailing_id.subject", string="Subject")
    miy_interaction_ids = fields.One2many("miy.interaction", "miy_mailing_trace_id", string="Replies")

    @api.depends("mass_mailing_id", "model", "res_id")
    def _compute_miy_reference(self):
        # only MİY mailings print a reference in their messages
        Mailing = self.env["mailing.mailing"]
        for trace in self:
            trace.miy_reference = (
                Mailing._miy_reference(trace.mass_mailing_id.id, trace.res_id)
                if trace.mass_mailing_id.miy_audience and trace.res_id
                else False
            )

    @api.depends("model", "res_id")
    def _compute_miy_partner_id(self):
        for trace in self:
            trace.miy_partner_id = trace.res_id if trace.model == "res.partner" and trace.res_id else False
