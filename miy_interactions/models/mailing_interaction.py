from odoo import Command, api, fields, models
from odoo.tools import mail
from odoo.tools.sql import column_exists, create_column, table_exists


class MiyInteraction(models.Model):
    """Replies to a MİY mailing: the incoming e-mail interaction (see ``message_new`` of
    miy.interaction) is linked to the message it answers, found by its Message-ID in the
    In-Reply-To / References headers, and lands on the recipient's card."""

    _inherit = "miy.interaction"

    miy_mailing_trace_id = fields.Many2one(
        "mailing.trace", string="In Reply To", index="btree_not_null", ondelete="set null", readonly=True, copy=False
    )
    miy_mailing_id = fields.Many2one(
        related="miy_mailing_trace_id.mass_mailing_id", string="Mailing", store=True, index="btree_not_null"
    )
    miy_mailing_reference = fields.Char(
        related="miy_mailing_trace_id.miy_reference", string="Mailing Reference", store=True, index="btree_not_null"
    )

    def _auto_init(self):
        # existing interactions answer no mailing: empty columns, nothing to compute per record
        cr = self.env.cr
        for column, column_type in (("miy_mailing_id", "int4"), ("miy_mailing_reference", "varchar")):
            if table_exists(cr, "miy_interaction") and not column_exists(cr, "miy_interaction", column):
                create_column(cr, "miy_interaction", column, column_type)
        return super()._auto_init()

    @api.model
    def message_new(self, msg_dict, custom_values=None):
        trace = self._miy_replied_trace(msg_dict)
        if trace:
            values = dict(custom_values or {}, miy_mailing_trace_id=trace.id)
            interaction = super().message_new(msg_dict, custom_values=values)
            # the recipient of the mailing, even when answering from another address, and the
            # mailing's responsible (who sent it) take part
            links = {}
            if trace.miy_partner_id and trace.miy_partner_id not in interaction.partner_ids:
                links["partner_ids"] = [Command.link(trace.miy_partner_id.id)]
            responsible = trace.mass_mailing_id.user_id
            if responsible and not responsible.share and responsible not in interaction.user_ids:
                links["user_ids"] = [Command.link(responsible.id)]
            if links:
                interaction.write(links)
            return interaction
        return super().message_new(msg_dict, custom_values=custom_values)

    @api.model
    def _miy_replied_trace(self, msg_dict):
        references = msg_dict.get("references") or ""
        in_reply_to = msg_dict.get("in_reply_to") or ""
        message_ids = mail.mail_header_msgid_re.findall(f"{in_reply_to} {references}")
        if not message_ids:
            return self.env["mailing.trace"]
        return (
            self.env["mailing.trace"]
            .sudo()
            .search([("message_id", "in", message_ids), ("trace_type", "=", "mail")], order="id desc", limit=1)
        )
