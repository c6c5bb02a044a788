from odoo import models


class MailThread(models.AbstractModel):
    _inherit = "mail.thread"

    def _miy_in_user_lang(self):
        """These records in the acting user's language when the context gives none (module
        install and demo data, crons, the mail gateway): Odoo's own fallback for ``_()``
        (``res.users.context_get``), applied to the whole of what is then written, so that a
        Turkish firm's stored texts do not come out in English, or half-translated."""
        if self.env.context.get("lang"):
            return self
        lang = self.env["res.users"].context_get().get("lang")
        return self.with_context(lang=lang) if lang else self

    def _creation_message(self):
        """The "<document> created" line of the chatter, in one language.

        Without a language in the context, Odoo translated the sentence in the acting user's
        language but read the document's name untranslated: a Turkish firm's chatter showed
        "Service Request oluşturuldu" or "Mass Mailing created"."""
        records = self._miy_in_user_lang()
        if records is not self:
            return records._creation_message()
        return super()._creation_message()
