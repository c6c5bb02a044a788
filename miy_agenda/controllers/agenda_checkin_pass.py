import re

from werkzeug.exceptions import NotFound

from odoo import http
from odoo.http import request

# the shape of a code made by secrets.token_urlsafe(16): anything else is refused before any query
CODE_RE = re.compile(r"^[A-Za-z0-9_-]{16,64}$")


class AgendaCheckinPass(http.Controller):
    @http.route(
        "/miy_agenda/pass/<string:code>", type="http", auth="public", methods=["GET"], sitemap=False, readonly=True
    )
    def agenda_checkin_pass(self, code, **kwargs):
        """A participant's pass on their phone: the link of their invitation. The unguessable code
        is the key (as Odoo's access tokens): whoever has it sees this participant's name,
        organization and meeting, nothing else."""
        if not CODE_RE.match(code or ""):
            raise NotFound()
        # sudo: a public visitor has no access to attendees; the record is found by its secret code
        attendee = request.env["calendar.attendee"].sudo().search([("miy_checkin_code", "=", code)], limit=1)
        if not attendee or attendee.state == "declined":
            raise NotFound()
        event = attendee.event_id
        return request.render(
            "miy_agenda.agenda_checkin_pass_page",
            {
                "event_name": event.name,
                "event_date": event._miy_fmt(event.start) if not event.allday else str(event.start_date),
                "name": attendee.common_name,
                "organization": attendee.miy_organization_id.name or "",
                "qr_url": f"/report/barcode/QR/{code}?width=300&height=300",
            },
        )
