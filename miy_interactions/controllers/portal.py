from odoo import http
from odoo.exceptions import AccessError, MissingError, ValidationError
from odoo.http import request
from odoo.tools import plaintext2html

from odoo.addons.miy_contacts.controllers.readonly import miy_readonly_page
from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager

REQUESTS_PER_PAGE = 20


class MiyServiceRequestPortal(CustomerPortal):
    """Customers see their company's service requests and open new ones in the portal."""

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "miy_service_request_count" in counters:
            ServiceRequest = request.env["miy.service.request"]
            values["miy_service_request_count"] = (
                ServiceRequest.search_count([]) if ServiceRequest.has_access("read") else 0
            )
        return values

    @http.route(
        ["/my/service-requests", "/my/service-requests/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
        readonly=miy_readonly_page,
    )
    def portal_my_service_requests(self, page=1, **kw):
        ServiceRequest = request.env["miy.service.request"]
        if not ServiceRequest.has_access("read"):
            return request.redirect("/my")
        total = ServiceRequest.search_count([])
        pager = portal_pager(url="/my/service-requests", total=total, page=page, step=REQUESTS_PER_PAGE)
        service_requests = ServiceRequest.search(
            [], order="request_date desc, id desc", limit=REQUESTS_PER_PAGE, offset=pager["offset"]
        )
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "service_requests": service_requests,
                "page_name": "miy_service_request",
                "pager": pager,
                "default_url": "/my/service-requests",
            }
        )
        return request.render("miy_interactions.portal_my_service_requests", values)

    @http.route(
        ["/my/service-requests/<int:request_id>"], type="http", auth="public", website=True, readonly=miy_readonly_page
    )
    def portal_my_service_request(self, request_id, access_token=None, **kw):
        try:
            request_sudo = self._document_check_access("miy.service.request", request_id, access_token)
        except (AccessError, MissingError):
            return request.redirect("/my")
        values = self._get_page_view_values(
            request_sudo,
            access_token,
            {
                "service_request": request_sudo,
                "page_name": "miy_service_request",
                # just opened in the portal: the page confirms it with the target response time
                "miy_submitted": kw.get("submitted") == "1",
            },
            "my_service_requests_history",
            False,
        )
        return request.render("miy_interactions.portal_my_service_request", values)

    @http.route(
        ["/my/service-requests/new"],
        type="http",
        auth="user",
        methods=["GET", "POST"],
        website=True,
        readonly=miy_readonly_page,
    )
    def portal_new_service_request(self, **post):
        """A customer opens a request. Portal users have no create right on the model: the
        request is created here, with the values this form controls and nothing else from the
        post (see ``_miy_portal_request_values``)."""
        ServiceRequest = request.env["miy.service.request"]
        if not ServiceRequest.has_access("read") or not request.env.user.commercial_partner_id:
            return request.redirect("/my")
        types = request.env["miy.service.request.type"].search([])
        error = {}
        if request.httprequest.method == "POST":
            subject = (post.get("subject") or "").strip()
            type_id = int(post["type_id"]) if (post.get("type_id") or "").isdigit() else False
            if not subject:
                error["subject"] = request.env._("Please say in a few words what you need.")
            if type_id not in types.ids:
                error["type_id"] = request.env._("Please choose the type of your request.")
            if not error:
                values = self._miy_portal_request_values(subject, type_id, post.get("description"))
                try:
                    # sudo: portal users may not create requests themselves; the values are the
                    # ones computed above (checked subject and type, the user's own contact)
                    service_request = ServiceRequest.sudo().create(values)
                except ValidationError as exc:
                    error["form"] = exc.args[0]
                else:
                    service_request._miy_acknowledge_receipt()
                    return request.redirect(f"{service_request.access_url}?submitted=1")
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "miy_service_request_new",
                "request_types": types,
                "error": error,
                "post": post,
            }
        )
        return request.render("miy_interactions.portal_new_service_request", values)

    def _miy_portal_request_values(self, subject, type_id, description):
        """The values of a request opened in the portal: the customer is always the logged-in
        user's company (commercial partner) and the contact the user; the dates, team, assignee,
        followers and interaction notes are the model's defaults, never the form's."""
        user = request.env.user
        contact = user.partner_id
        customer = contact.commercial_partner_id
        if customer != user.commercial_partner_id:
            raise AccessError(request.env._("You can open service requests only for your own company."))
        return {
            "subject": subject,
            "type_id": type_id,
            "description": plaintext2html(description) if description else False,
            "partner_id": customer.id,
            "contact_id": contact.id,
            "company_id": (customer.company_id or request.env.company).id,
            "channel": "portal",
        }
