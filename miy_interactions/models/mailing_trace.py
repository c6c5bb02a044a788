from odoo import api, fields, models
from odoo.tools import SQL
from odoo.tools.sql import column_exists, create_column, table_exists


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

    def _auto_init(self):
        """Installing on a database with millions of traces: fill the new columns in SQL instead
        of computing them record by record (Odoo skips the computation when the column exists)."""
        cr = self.env.cr
        if not table_exists(cr, "mailing_trace"):
            return super()._auto_init()
        if not column_exists(cr, "mailing_trace", "miy_partner_id"):
            create_column(cr, "mailing_trace", "miy_partner_id", "int4")
            cr.execute(
                SQL(
                    "UPDATE mailing_trace t SET miy_partner_id = t.res_id FROM res_partner p"
                    " WHERE t.model = 'res.partner' AND p.id = t.res_id"
                )
            )
        if not column_exists(cr, "mailing_trace", "miy_reference"):
            create_column(cr, "mailing_trace", "miy_reference", "varchar")  # no MİY mailing existed yet
        return super()._auto_init()

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
