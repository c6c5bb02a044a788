from odoo import http
from odoo.exceptions import AccessError, MissingError, UserError
from odoo.http import request

from odoo.addons.miy_contacts.controllers.readonly import miy_readonly_page
from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager

from ..models.dealer_order import ORDER_XLSX_MAX_BYTES

PRODUCTS_PER_PAGE = 80
RECENT_ORDERS = 5


class MiyDealerOrderPortal(CustomerPortal):
    """Dealer ordering: one page with the dealer's catalogue (price and availability), a quick
    order box (references and quantities), an Excel upload, the review of the lines and the
    confirmation. The controller only reads the request; the dealer model checks and prices."""

    def _miy_order_dealer(self):
        """The current user's dealer (their own, by record rule) or None for anyone else."""
        user = request.env.user
        if not user.has_group("miy_dealer_channel.group_miy_dealer_portal"):
            return None
        return user._miy_dealer() or None

    def _miy_order_values(self, dealer, search="", page=1, check=None, upload_error=None, reorder=None):
        dealer_sudo = dealer._miy_order_sudo()
        offset = (max(int(page), 1) - 1) * PRODUCTS_PER_PAGE
        products, total = dealer_sudo._miy_order_search_products(search, offset=offset, limit=PRODUCTS_PER_PAGE)
        pager = portal_pager(
            url="/my/dealer/order",
            url_args={"search": search} if search else {},
            total=total,
            page=page,
            step=PRODUCTS_PER_PAGE,
        )
        # the user's own rights: the portal rule shows the dealer's orders only
        recent_orders = request.env["sale.order"].search(
            [("partner_id", "child_of", dealer.partner_id.id), ("state", "in", ("sent", "sale"))],
            order="date_order desc, id desc",
            limit=RECENT_ORDERS,
        )
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "miy_dealer_order",
                "dealer": dealer,
                "pricelist": dealer_sudo._miy_order_pricelist(),
                "currency": dealer_sudo._miy_order_currency(),
                "products": products,
                "prices": dealer_sudo._miy_order_prices(products),
                "availability": dealer_sudo._miy_order_availability(products),
                "band_labels": dealer_sudo._miy_availability_labels(),
                "hide_qty": dealer_sudo.company_id.miy_dealer_hide_qty,
                "pager": pager,
                "search": search,
                "check": check,
                "upload_error": upload_error,
                "reorder": reorder,
                "recent_orders": recent_orders,
                "max_upload_mb": ORDER_XLSX_MAX_BYTES // (1024 * 1024),
            }
        )
        return values

    @http.route(
        ["/my/dealer/order", "/my/dealer/order/page/<int:page>"],
        type="http",
        auth="user",
        methods=["GET"],
        website=True,
        readonly=miy_readonly_page,
    )
    def portal_dealer_order(self, page=1, search="", reorder=None, **kw):
        dealer = self._miy_order_dealer()
        if not dealer:
            return request.not_found()
        check = reorder_order = None
        if reorder:
            try:
                order_sudo = self._document_check_access("sale.order", int(reorder))
            except (AccessError, MissingError, ValueError):
                return request.not_found()
            dealer_sudo = dealer._miy_order_sudo()
            try:
                lines = dealer_sudo._miy_reorder_lines(order_sudo)
            except UserError:
                return request.not_found()
            check = dealer_sudo._miy_check_order_lines(lines)
            reorder_order = order_sudo
        values = self._miy_order_values(dealer, search=search or "", page=page, check=check, reorder=reorder_order)
        return request.render("miy_dealer_channel.dealer_order_portal_page", values)

    def _miy_posted_lines(self, dealer_sudo):
        """Order lines of a posted form: the review rows (product id + quantity), the catalogue
        quantities and the quick-order text. Ids are only candidates: the check finds products
        within the dealer's catalogue."""
        form = request.httprequest.form
        lines = []
        product_ids, qtys = form.getlist("line_product_id"), form.getlist("line_qty")
        for number, (product_id, qty) in enumerate(zip(product_ids, qtys, strict=False), start=1):
            if not product_id.isdigit():
                continue
            lines.append(
                {
                    "row": number,
                    "product_id": int(product_id),
                    "qty": dealer_sudo._miy_parse_quantity(qty),
                    "qty_text": qty,
                }
            )
        for key in form:
            if key.startswith("catalog_qty_") and key[12:].isdigit() and form[key].strip():
                qty = form[key]
                lines.append(
                    {
                        "row": None,
                        "product_id": int(key[12:]),
                        "qty": dealer_sudo._miy_parse_quantity(qty),
                        "qty_text": qty,
                    }
                )
        lines += dealer_sudo._miy_parse_order_text(form.get("lines", ""))
        return lines

    @http.route("/my/dealer/order/check", type="http", auth="user", methods=["POST"], website=True)
    def portal_dealer_order_check(self, **post):
        """Check the posted lines (``action=check``) or place the order (``action=confirm``): the
        order is created only when every line is good; otherwise the page shows the report."""
        dealer = self._miy_order_dealer()
        if not dealer:
            return request.not_found()
        dealer_sudo = dealer._miy_order_sudo()
        try:
            lines = self._miy_posted_lines(dealer_sudo)
            check = dealer_sudo._miy_check_order_lines(lines)
        except UserError as exc:
            values = self._miy_order_values(dealer, upload_error=exc.args[0])
            return request.render("miy_dealer_channel.dealer_order_portal_page", values)
        error = None
        if post.get("action") == "confirm" and check["lines"] and not check["errors"]:
            try:
                # a refusal after the order was created (e.g. while confirming it) leaves nothing
                with request.env.cr.savepoint():
                    order = dealer_sudo._miy_create_dealer_order(
                        lines, request.env.user.partner_id, client_ref=post.get("client_order_ref")
                    )
            except UserError as exc:
                error = exc.args[0]
            else:
                return request.redirect(order.get_portal_url(query_string="&message=miy_dealer_ordered"))
        values = self._miy_order_values(dealer, check=check, upload_error=error)
        values["client_order_ref"] = post.get("client_order_ref", "")
        return request.render("miy_dealer_channel.dealer_order_portal_page", values)

    @http.route("/my/dealer/order/upload", type="http", auth="user", methods=["POST"], website=True)
    def portal_dealer_order_upload(self, order_file=None, **post):
        """An order from an Excel file: a per-row report, nothing is created before confirmation."""
        dealer = self._miy_order_dealer()
        if not dealer:
            return request.not_found()
        dealer_sudo = dealer._miy_order_sudo()
        error = check = None
        length = request.httprequest.content_length or 0
        if not order_file or not getattr(order_file, "filename", None):
            error = request.env._("Please choose a file to upload.")
        elif length > ORDER_XLSX_MAX_BYTES + 64 * 1024:
            # refused before the file is read
            error = request.env._(
                "The file is too large (at most %(mb)s MB).", mb=ORDER_XLSX_MAX_BYTES // (1024 * 1024)
            )
        else:
            data = order_file.read(ORDER_XLSX_MAX_BYTES + 1)
            try:
                lines = dealer_sudo._miy_parse_order_xlsx(data, order_file.filename)
                check = dealer_sudo._miy_check_order_lines(lines)
            except UserError as exc:
                error = exc.args[0]
            else:
                if not check["lines"]:
                    error = request.env._("The file has no order rows.")
                    check = None
        values = self._miy_order_values(dealer, check=check, upload_error=error)
        return request.render("miy_dealer_channel.dealer_order_portal_page", values)

    @http.route("/my/dealer/order/template.xlsx", type="http", auth="user", methods=["GET"], readonly=True)
    def portal_dealer_order_template(self, **kw):
        dealer = self._miy_order_dealer()
        if not dealer:
            return request.not_found()
        content = request.env["miy.dealer"]._miy_order_xlsx_template()
        filename = request.env._("order_template.xlsx")
        return request.make_response(
            content,
            headers=[
                ("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
                ("Content-Disposition", http.content_disposition(filename)),
            ],
        )
