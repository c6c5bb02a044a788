from odoo import models


class MiyServiceRequest(models.Model):
    """A customer's message on a request *Waiting Customer* ends the wait.

    One hook for every path a customer writes by: an e-mail through the mail gateway (after
    ``message_update``, the gateway posts the e-mail with ``message_post``) and a portal user's
    message in the portal chatter. The request goes back to *In Progress* (``write`` books the
    paused working hours and moves the resolution deadline) with a note in the chatter.
    Messages from our own (internal) users leave it waiting. ``_message_post_after_hook`` (in
    ``miy_service_request.py``) calls these helpers.
    """

    _inherit = "miy.service.request"

    def _miy_is_customer_message(self, message):
        """A message the customer wrote: an e-mail or a comment (not a note, not a log of the
        system) whose author is not one of our internal users. E-mail from an address no
        partner has (no author) is the customer's too."""
        message = message.sudo()
        if message.message_type not in ("email", "comment") or message.subtype_id.internal:
            return False
        if not message.subtype_id or message.is_internal:
            return False
        # archived users count: OdooBot's system user is one of ours
        return not message.author_id._miy_is_our_people(include_archived=True)

    def _miy_end_wait_on_customer_message(self):
        """Back to *In Progress*; the customer (a portal user) may not write the request, hence sudo."""
        requests = self.sudo()
        requests.write({"state": "in_progress"})
        odoobot = self.env.ref("base.partner_root")
        for service_request in requests:
            service_request.message_post(
                body=self.env._("The customer wrote while the request was waiting: back to In Progress."),
                subtype_xmlid="mail.mt_note",
                author_id=odoobot.id,
            )
