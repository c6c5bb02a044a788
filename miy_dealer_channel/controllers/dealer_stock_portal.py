"""Dealer stock and sell-out reports in the portal.

Dealer staff list and read their own dealer's reports (record rules), report with a form of
product reference + quantity rows, or upload an .xlsx (template downloadable): the upload shows
the good rows in the form and a per-row error list, and nothing is saved until the user confirms.
The dealer is always the user's own (``_miy_portal_submit``); a dealer id in the post is ignored.
"""

from datetime import date, timedelta

from odoo import fields, http
from odoo.exceptions import AccessError, MissingError, ValidationError
from odoo.http import content_disposition, request

from odoo.addons.miy_contacts.controllers.readonly import miy_readonly_page
from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager

from ..models.dealer_stock import MIY_UPLOAD_MAX_BYTES

REPORTS_PER_PAGE = 20
FORM_MAX_ROWS = 5000
MODELS = {"stock": "miy.dealer.stock.report", "sellout": "miy.dealer.sellout.report"}


class MiyDealerStockPortal(CustomerPortal):
    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        for kind, model in MODELS.items():
            key = f"miy_dealer_{kind}_count"
            if key in counters:
                Report = request.env[model]
                values[key] = Report.search_count([]) if Report.has_access("read") else 0
        return values

    # ------------------------------------------------------------------ helpers

    def _miy_dealer_or_none(self):
        user = request.env.user
        if not user.has_group("miy_dealer_channel.group_miy_dealer_portal"):
            return None
        return user._miy_dealer() or None

    def _miy_form_rows(self, post):
        """The rows typed in the form: reference_N, quantity_N (and province_N)."""
        try:
            count = min(int(post.get("row_count") or 0), FORM_MAX_ROWS)
        except ValueError:
            count = 0
        rows = []
        for index in range(count):
            rows.append(
                {
                    "row": index + 1,
                    "reference": (post.get(f"reference_{index}") or "").strip(),
                    "quantity": (post.get(f"quantity_{index}") or "").strip(),
                    "province": (post.get(f"province_{index}") or "").strip(),
                }
            )
        return rows

    def _miy_header(self, kind, post):
        """The report's dates from the form, and the errors found in them."""
        errors = {}
        header = {}
        names = ["date"] if kind == "stock" else ["date_from", "date_to"]
        for name in names:
            try:
                value = fields.Date.to_date(post.get(name) or None)
            except ValueError:
                value = None
            if not value:
                errors[name] = request.env._("Please give a valid date.")
            else:
                header[name] = value
        today = fields.Date.context_today(request.env.user)
        if kind == "stock" and header.get("date") and header["date"] > today:
            errors["date"] = request.env._("A stock report cannot be dated in the future.")
        if kind == "sellout" and header.get("date_from") and header.get("date_to"):
            if header["date_to"] < header["date_from"]:
                errors["date_to"] = request.env._("The period cannot end before it starts.")
            elif header["date_from"] > today:
                errors["date_from"] = request.env._("The period cannot start in the future.")
        return header, errors

    def _miy_default_header(self, kind):
        today = fields.Date.context_today(request.env.user)
        if kind == "stock":
            return {"date": today}
        last_month_end = today.replace(day=1) - timedelta(days=1)
        return {"date_from": last_month_end.replace(day=1), "date_to": last_month_end}

    def _miy_render_form(self, kind, dealer, rows, header, errors=None, row_errors=None, upload=None):
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": f"miy_dealer_{kind}_new",
                "kind": kind,
                "dealer": dealer,
                "rows": rows,
                "row_total": max(len(rows) + 3, 8),
                "header": {k: (v.isoformat() if isinstance(v, date) else v) for k, v in header.items()},
                "error": errors or {},
                "row_errors": row_errors or [],
                "upload": upload,
                "max_upload_mb": MIY_UPLOAD_MAX_BYTES // 1024 // 1024,
            }
        )
        return request.render("miy_dealer_channel.portal_dealer_report_form", values)

    # ------------------------------------------------------------------ routes

    @http.route(
        ["/my/dealer/<any(stock,sellout):kind>", "/my/dealer/<any(stock,sellout):kind>/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
        readonly=miy_readonly_page,
    )
    def portal_my_dealer_reports(self, kind, page=1, **kw):
        if not self._miy_dealer_or_none():
            return request.redirect("/my")
        Report = request.env[MODELS[kind]]
        total = Report.search_count([])
        pager = portal_pager(url=f"/my/dealer/{kind}", total=total, page=page, step=REPORTS_PER_PAGE)
        reports = Report.search([], limit=REPORTS_PER_PAGE, offset=pager["offset"])
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "reports": reports,
                "kind": kind,
                "page_name": f"miy_dealer_{kind}",
                "pager": pager,
                "default_url": f"/my/dealer/{kind}",
            }
        )
        return request.render("miy_dealer_channel.portal_my_dealer_reports", values)

    @http.route(
        ["/my/dealer/<any(stock,sellout):kind>/<int:report_id>"],
        type="http",
        auth="user",
        website=True,
        readonly=miy_readonly_page,
    )
    def portal_my_dealer_report(self, kind, report_id, **kw):
        try:
            report_sudo = self._document_check_access(MODELS[kind], report_id)
        except (AccessError, MissingError):
            # the same answer whether the report exists or belongs to another dealer
            raise request.not_found() from None
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "report": report_sudo,
                "kind": kind,
                "page_name": f"miy_dealer_{kind}",
                "miy_submitted": kw.get("submitted") == "1",
            }
        )
        return request.render("miy_dealer_channel.portal_my_dealer_report", values)

    @http.route(
        ["/my/dealer/<any(stock,sellout):kind>/new"],
        type="http",
        auth="user",
        methods=["GET", "POST"],
        website=True,
        readonly=miy_readonly_page,
    )
    def portal_dealer_report_new(self, kind, **post):
        dealer = self._miy_dealer_or_none()
        if not dealer:
            return request.redirect("/my")
        Report = request.env[MODELS[kind]]
        if request.httprequest.method != "POST":
            return self._miy_render_form(kind, dealer, [], self._miy_default_header(kind))
        rows = self._miy_form_rows(post)
        header, errors = self._miy_header(kind, post)
        good, row_errors = Report._miy_check_rows(dealer, rows)
        if not good and not row_errors:
            errors["form"] = request.env._("Please enter at least one product reference and quantity.")
        if errors or row_errors:
            return self._miy_render_form(
                kind, dealer, [r for r in rows if r["reference"] or r["quantity"]], header or post, errors, row_errors
            )
        source = "excel" if post.get("source") == "excel" else "portal"
        try:
            report = Report._miy_portal_submit(header, good, source)
        except ValidationError as exc:
            errors["form"] = exc.args[0]
            return self._miy_render_form(kind, dealer, rows, header, errors)
        return request.redirect(f"/my/dealer/{kind}/{report.id}?submitted=1")

    @http.route(
        ["/my/dealer/<any(stock,sellout):kind>/upload"],
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
        # a request larger than the file limit (plus the form around it) is refused before it is read
        max_content_length=MIY_UPLOAD_MAX_BYTES + 64 * 1024,
    )
    def portal_dealer_report_upload(self, kind, upload=None, **post):
        """Read an uploaded .xlsx and show its good rows in the form with a per-row error list:
        nothing is saved until the user confirms the form."""
        dealer = self._miy_dealer_or_none()
        if not dealer:
            return request.redirect("/my")
        Report = request.env[MODELS[kind]]
        header, header_errors = self._miy_header(kind, post)
        if header_errors:
            header = self._miy_default_header(kind) | header
        errors = {}
        if not upload or not getattr(upload, "filename", None):
            errors["upload"] = request.env._("Please choose a file to upload.")
            return self._miy_render_form(kind, dealer, [], header, errors)
        data = upload.read(MIY_UPLOAD_MAX_BYTES + 1)
        raw_rows, file_error = Report._miy_read_xlsx(data, upload.filename)
        if file_error:
            errors["upload"] = file_error
            return self._miy_render_form(kind, dealer, [], header, errors, upload={"filename": upload.filename})
        good, row_errors = Report._miy_check_rows(dealer, raw_rows)
        rows = [
            {
                "row": r["row"],
                "reference": r["reference"],
                "quantity": f"{r['quantity']:g}",
                "province": r["province"],
                "product_name": r["product_name"],
            }
            for r in good
        ]
        return self._miy_render_form(
            kind,
            dealer,
            rows,
            header,
            errors,
            row_errors,
            upload={"filename": upload.filename, "good": len(good), "bad": len(row_errors)},
        )

    @http.route(
        ["/my/dealer/<any(stock,sellout):kind>/template.xlsx"], type="http", auth="user", website=True, readonly=True
    )
    def portal_dealer_report_template(self, kind, **kw):
        if not self._miy_dealer_or_none():
            return request.redirect("/my")
        content = request.env[MODELS[kind]]._miy_xlsx_template()
        filename = request.env._("stock-report.xlsx") if kind == "stock" else request.env._("sellout-report.xlsx")
        return request.make_response(
            content,
            headers=[
                ("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
                ("Content-Disposition", content_disposition(filename)),
            ],
        )
