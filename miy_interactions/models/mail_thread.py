from odoo import api, models


class MailThread(models.AbstractModel):
    _inherit = "mail.thread"

    @api.model
    def message_route(self, message, message_dict, model=None, thread_id=None, custom_values=None):
        """A late customer reply to a resolved service request opens a new request (see
        ``miy.service.request._miy_route_late_replies``)."""
        routes = super().message_route(
            message, message_dict, model=model, thread_id=thread_id, custom_values=custom_values
        )
        if any(route[0] == "miy.service.request" and route[1] for route in routes):
            routes = self.env["miy.service.request"]._miy_route_late_replies(routes, message_dict)
        return routes
