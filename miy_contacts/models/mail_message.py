from odoo import models

from odoo.addons.mail.tools.discuss import Store

from .miy_personal_type_mixin import PERSONAL_DATA_GROUP


class MailMessage(models.Model):
    _inherit = "mail.message"

    def _to_store(self, store: Store, /, **kwargs):
        """Personal documents (ID copies, diplomas...) attached to a message stay out of the
        chatter of users without the Personal data right: mail sends a message's attachments with
        superuser rights to whoever reads the message, so their file names would show."""
        super()._to_store(store, **kwargs)
        if self.env.su or self.env.user.has_group(PERSONAL_DATA_GROUP):
            return
        # sudo: the same read of the messages' attachments that mail just made, to take the
        # personal ones back out
        messages = self.sudo()
        hidden = messages.attachment_ids.filtered("miy_is_personal")
        if not hidden:
            return
        sent = store.data.get("ir.attachment", {})
        for attachment in hidden:
            sent.pop((attachment.id,), None)
        for message in messages.filtered(lambda m: m.attachment_ids & hidden):
            visible = (message.attachment_ids - hidden).sorted("id")
            store.add("mail.message", {"id": message.id, "attachment_ids": Store.many(visible, only_id=True)})
