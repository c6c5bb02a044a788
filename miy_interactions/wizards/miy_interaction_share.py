from markupsafe import Markup

from odoo import fields, models
from odoo.exceptions import UserError


class MiyInteractionShare(models.TransientModel):
    """Share an important interaction by e-mail with colleagues; logged on the interaction."""

    _name = "miy.interaction.share"
    _description = "Share an Interaction"

    interaction_id = fields.Many2one("miy.interaction", required=True, ondelete="cascade")
    user_ids = fields.Many2many(
        "res.users",
        string="Colleagues",
        domain=[("share", "=", False)],
        help="Internal users who receive the interaction by e-mail.",
    )
    note = fields.Text(help="A few words to say why you share it.")

    def action_share(self):
        self.ensure_one()
        if not self.user_ids:
            raise UserError(self.env._("Choose at least one colleague to share the interaction with."))
        interaction = self.interaction_id
        intro = self.env._(
            "%(user)s shared this interaction with %(colleagues)s.",
            user=self.env.user.name,
            colleagues=", ".join(self.user_ids.mapped("name")),
        )
        body = Markup("<p>%s</p>") % intro
        if self.note:
            body += Markup("<p>%s</p>") % self.note
        body += Markup("<p><b>%s</b></p>") % interaction.subject
        if interaction.details:
            body += interaction.details
        interaction.message_post(
            body=body,
            partner_ids=self.user_ids.partner_id.ids,
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )
        return {"type": "ir.actions.act_window_close"}
