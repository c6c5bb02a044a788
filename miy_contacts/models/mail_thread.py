from odoo import models


class MailThread(models.AbstractModel):
    _inherit = "mail.thread"

    def _creation_message(self):
        """The "<document> created" line of the chatter, in one language.

        Without a language in the context (module install and demo data, crons, the mail
        gateway), Odoo translated the sentence in the acting user's language but read the
        document's name untranslated: a Turkish firm's chatter showed "Service Request
        oluşturuldu" or "Mass Mailing created". The whole line is now written in that user's
        language, as ``_()`` itself falls back to it."""
        if not self.env.context.get("lang"):
            lang = self.env["res.users"].context_get().get("lang")
            if lang:
                return super(MailThread, self.with_context(lang=lang))._creation_message()
        return super()._creation_message()
