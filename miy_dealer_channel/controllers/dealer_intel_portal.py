from odoo import fields, http
from odoo.exceptions import AccessError, MissingError, UserError
from odoo.http import request

from odoo.addons.miy_contacts.controllers.readonly import miy_readonly_page
from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager

from ..models.dealer_intel_report import PORTAL_MAX_FILE_SIZE

REPORTS_PER_PAGE = 20


class DealerIntelPortal(CustomerPortal):
    """Dealers' staff file competitor field reports and see their own dealer's ones.

    The list is searched with the user's own rights (record rule ``miy_field_report_rule_portal``);
    a report of another dealer or of the firm is a 404. Creation goes through
    ``miy.field.report._miy_portal_create``, which takes only the form's fields.
    """

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "miy_field_report_count" in counters:
            Report = request.env["miy.field.report"]
            values["miy_field_report_count"] = (
                Report.search_count([]) if request.env.user._miy_dealer() and Report.has_access("read") else 0
            )
        return values

    def _miy_intel_allowed(self):
        return bool(request.env.user._miy_dealer()) and request.env["miy.field.report"].has_access("read")

    @http.route(
        ["/my/dealer/intel", "/my/dealer/intel/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
        readonly=miy_readonly_page,
    )
    def portal_my_dealer_intel(self, page=1, **kw):
        if not self._miy_intel_allowed():
            return request.redirect("/my")
        Report = request.env["miy.field.report"]
        total = Report.search_count([])
        pager = portal_pager(url="/my/dealer/intel", total=total, page=page, step=REPORTS_PER_PAGE)
        reports = Report.search([], limit=REPORTS_PER_PAGE, offset=pager["offset"])
        values = self._prepare_portal_layout_values()
        values.update(
            {
                # found with the user's rights above; elevated only to print the names of the
                # competitor, brand and product group, which portal users cannot read themselves
                "reports": reports.sudo(),
                "page_name": "miy_dealer_intel",
                "pager": pager,
                "default_url": "/my/dealer/intel",
            }
        )
        return request.render("miy_dealer_channel.portal_my_dealer_intel", values)

    # read/write, not on the replica: the page hands out the evidence files' download tokens, which
    # ir.attachment.generate_access_token writes on the first view
    @http.route(["/my/dealer/intel/<int:report_id>"], type="http", auth="user", website=True)
    def portal_my_dealer_intel_report(self, report_id, **kw):
        try:
            report_sudo = self._document_check_access("miy.field.report", report_id)
        except (AccessError, MissingError):
            raise request.not_found() from None
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "report": report_sudo,
                "attachments": report_sudo.with_env(request.env)._miy_portal_attachment_data(),
                "page_name": "miy_dealer_intel",
                "miy_submitted": kw.get("submitted") == "1",
            }
        )
        return request.render("miy_dealer_channel.portal_my_dealer_intel_report", values)

    @http.route(
        ["/my/dealer/intel/new"],
        type="http",
        auth="user",
        methods=["GET", "POST"],
        website=True,
        readonly=miy_readonly_page,
    )
    def portal_my_dealer_intel_new(self, **post):
        if not self._miy_intel_allowed():
            return request.redirect("/my")
        Report = request.env["miy.field.report"]
        error = False
        if request.httprequest.method == "POST":
            files = [
                # read one byte more than allowed: a larger file is refused without loading it whole
                (f.filename or "", f.mimetype, f.read(PORTAL_MAX_FILE_SIZE + 1))
                for f in request.httprequest.files.getlist("attachments")
                if f and f.filename
            ]
            try:
                report = Report._miy_portal_create(post, files)
            except UserError as exc:
                error = exc.args[0]
            else:
                return request.redirect(f"/my/dealer/intel/{report.id}?submitted=1")
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "choices": Report._miy_portal_choices(),
                "error": error,
                "post": post,
                "page_name": "miy_dealer_intel_new",
                "today": fields.Date.to_string(fields.Date.context_today(Report)),
            }
        )
        return request.render("miy_dealer_channel.portal_my_dealer_intel_new", values)
