"""Dealer stock and sell-out reports.

A dealer reports what it holds (stock report: one date, quantity on hand per product) and what it
sold (sell-out report: a period, quantity sold per product, optionally the end customer's
province). Every submitted report is kept as history and never changes: a correction is a new
report that names the one it corrects (the analysis then ignores the corrected report).

Dealer staff read their own dealer's reports (record rules) and have no create or write right:
they submit through the portal, where ``_miy_portal_submit`` forces their own dealer.
"""

import io
import unicodedata
import zipfile

import openpyxl

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools.sql import create_index

# Fields the ORM itself writes on a submitted report (chatter, attachments, activities): a
# submitted report stays writable for these and nothing else.
MIY_REPORT_FREE_FIELDS = {
    "message_main_attachment_id",
    "message_follower_ids",
    "message_ids",
    "activity_ids",
    "website_message_ids",
}
# An uploaded file larger than this is refused before it is opened.
MIY_UPLOAD_MAX_BYTES = 50 * 1024 * 1024
# What an .xlsx may unpack to and how many rows it may hold (a zip bomb is refused, not parsed).
MIY_UPLOAD_MAX_UNPACKED = 200 * 1024 * 1024
MIY_UPLOAD_MAX_ROWS = 20000

# Column headers accepted in an upload (compared without case and accents), besides the template's
# own headers in the user's language.
MIY_COLUMN_ALIASES = {
    "reference": {
        "reference",
        "product reference",
        "internal reference",
        "product code",
        "code",
        "referans",
        "urun referansi",
        "urun kodu",
        "kod",
    },
    "quantity": {
        "quantity",
        "qty",
        "quantity on hand",
        "quantity sold",
        "miktar",
        "adet",
        "stok",
        "stok miktari",
        "eldeki miktar",
        "satilan miktar",
        "satis miktari",
    },
    "province": {"province", "end customer province", "state", "il", "son musteri ili", "musteri ili"},
}


def miy_normalize_header(text):
    """'Ürün Referansı' -> 'urun referansi' (İ, ı, ş... folded to ASCII, lower case, single spaces)."""
    text = str(text or "").replace("ı", "i").replace("İ", "I")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return " ".join(text.lower().split())


class MiyDealerReportMixin(models.AbstractModel):
    """What stock and sell-out reports share: the dealer, the state, the read-only rule, the
    portal submission and the Excel parsing."""

    _name = "miy.dealer.report.mixin"
    _description = "Dealer Report (shared fields)"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _check_company_auto = True
    _miy_line_model = None
    _miy_has_province = False

    name = fields.Char(compute="_compute_name", store=True)
    dealer_id = fields.Many2one(
        "miy.dealer", string="Dealer", required=True, index=True, ondelete="restrict", check_company=True
    )
    company_id = fields.Many2one(related="dealer_id.company_id", store=True, index=True)
    state = fields.Selection(
        [("draft", "Draft"), ("submitted", "Submitted")],
        default="draft",
        required=True,
        tracking=True,
        index=True,
        copy=False,
    )
    source = fields.Selection(
        [("backoffice", "Back office"), ("portal", "Portal form"), ("excel", "Excel upload")],
        default="backoffice",
        required=True,
        readonly=True,
    )
    submitted_date = fields.Datetime(readonly=True, copy=False)
    submitted_uid = fields.Many2one("res.users", string="Submitted By", readonly=True, copy=False)
    submitted_by_name = fields.Char(
        readonly=True, copy=False, help="Who submitted, as a name the dealer's staff may read in the portal."
    )
    note = fields.Text()
    line_count = fields.Integer(compute="_compute_line_count")
    total_quantity = fields.Float(compute="_compute_line_count", digits="Product Unit of Measure")

    @api.depends("line_ids.quantity")
    def _compute_line_count(self):
        for report in self:
            report.line_count = len(report.line_ids)
            report.total_quantity = sum(report.line_ids.mapped("quantity"))

    def write(self, vals):
        self.check_access("write")
        if set(vals) - MIY_REPORT_FREE_FIELDS and self.filtered(lambda r: r.state == "submitted"):
            raise UserError(
                self.env._(
                    "A submitted report cannot be changed: it is kept as history. "
                    "Create a correction instead (button New Correction)."
                )
            )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_submitted(self):
        if self.filtered(lambda r: r.state == "submitted"):
            raise UserError(self.env._("A submitted report cannot be deleted: it is kept as history."))

    def _miy_check_lines_editable(self):
        if self.filtered(lambda r: r.state == "submitted"):
            raise UserError(
                self.env._("The lines of a submitted report cannot be changed: create a correction instead.")
            )

    def action_submit(self):
        for report in self:
            if report.state != "draft":
                raise UserError(self.env._("Report %(report)s is already submitted.", report=report.display_name))
            if not report.line_ids:
                raise UserError(
                    self.env._("Report %(report)s has no line: add at least one product.", report=report.display_name)
                )
        self.write(
            {
                "state": "submitted",
                "submitted_date": fields.Datetime.now(),
                "submitted_uid": self.env.uid,
                "submitted_by_name": self.env.user.name,
            }
        )
        return True

    def action_new_correction(self):
        """A draft copy of a submitted report, to correct it; the original stays as it is."""
        self.ensure_one()
        if self.state != "submitted":
            raise UserError(self.env._("Only a submitted report can be corrected; edit the draft instead."))
        correction = self.copy({"correction_of_id": self.id, "source": "backoffice"})
        correction.message_post(body=self.env._("Correction of %(report)s.", report=self.display_name))
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": correction.id,
            "view_mode": "form",
        }

    # ------------------------------------------------------------------ portal and Excel

    @api.model
    def _miy_portal_dealer(self):
        """The current portal user's dealer, or AccessError: whatever a form says, a report is
        always for the user's own dealer."""
        dealer = self.env.user._miy_dealer()
        if not dealer:
            raise AccessError(self.env._("Only a dealer's staff can report stock and sell-out."))
        return dealer

    @api.model
    def _miy_find_products(self, dealer, references):
        """{reference in upper case: (product id, display name)} for the given internal references,
        among the products the dealer may report: saleable, active, of the dealer's company (or
        shared) and of the dealer's product groups when it has any."""
        wanted = {(ref or "").strip() for ref in references} - {""}
        if not wanted:
            return {}
        candidates = wanted | {ref.upper() for ref in wanted} | {ref.lower() for ref in wanted}
        # the dealer's catalogue, as in its order page (dealer_order.py)
        domain = [("default_code", "in", sorted(candidates))] + dealer._miy_order_product_domain()
        # sudo: dealer staff have no read right on products; the search is limited to the
        # references they typed and to the catalogue the dealer may report on (domain above), and
        # only the id and name of a match leave this method
        products = self.env["product.product"].sudo().search_fetch(domain, ["default_code", "display_name"])
        return {product.default_code.upper(): (product.id, product.display_name) for product in products}

    @api.model
    def _miy_find_province(self, text, provinces_cache):
        """A Turkish province (res.country.state) by name or plate code, or False."""
        key = miy_normalize_header(text)
        if not key:
            return False
        if not provinces_cache:
            states = self.env["res.country.state"].search([("country_id.code", "=", "TR")])
            for state in states:
                provinces_cache[miy_normalize_header(state.name)] = state.id
                provinces_cache[miy_normalize_header(state.code)] = state.id
                provinces_cache[miy_normalize_header(state.code).lstrip("0")] = state.id
        return provinces_cache.get(key) or provinces_cache.get(key.lstrip("0")) or False

    @api.model
    def _miy_check_rows(self, dealer, raw_rows):
        """Check typed or uploaded rows.

        ``raw_rows``: dicts with ``row`` (its number in the form or sheet), ``reference``,
        ``quantity`` (text or number) and, for sell-out, ``province``. Returns ``(good, errors)``:
        good rows as dicts (row, reference, product_id, product_name, quantity, state_id,
        province) and errors as dicts (row, reference, message). Nothing is written.
        """
        raw_rows = [
            r for r in raw_rows if str(r.get("reference") or "").strip() or str(r.get("quantity") or "").strip()
        ]
        products = self._miy_find_products(dealer, [str(r.get("reference") or "") for r in raw_rows])
        provinces = {}
        good, errors, seen = [], [], {}
        for raw in raw_rows:
            row = raw.get("row")
            reference = str(raw.get("reference") or "").strip()
            if isinstance(raw.get("reference"), float) and raw["reference"].is_integer():
                reference = str(int(raw["reference"]))
            quantity_text = raw.get("quantity")
            problems = []
            product = products.get(reference.upper()) if reference else None
            if not reference:
                problems.append(self.env._("The product reference is missing."))
            elif not product:
                problems.append(
                    self.env._("No product with reference %(reference)s that you can report.", reference=reference)
                )
            quantity = None
            if quantity_text is None or str(quantity_text).strip() == "":
                problems.append(self.env._("The quantity is missing."))
            else:
                try:
                    quantity = float(str(quantity_text).strip().replace(",", "."))
                except ValueError:
                    problems.append(self.env._("%(quantity)s is not a number.", quantity=quantity_text))
                else:
                    if quantity != quantity or quantity in (float("inf"), float("-inf")):
                        problems.append(self.env._("%(quantity)s is not a number.", quantity=quantity_text))
                    elif quantity < 0:
                        problems.append(
                            self.env._("The quantity cannot be negative (%(quantity)s).", quantity=quantity_text)
                        )
            state_id = False
            province = str(raw.get("province") or "").strip()
            if self._miy_has_province and province:
                state_id = self._miy_find_province(province, provinces)
                if not state_id:
                    problems.append(self.env._("Unknown province %(province)s.", province=province))
            key = (product and product[0], state_id)
            if product and not problems and key in seen:
                problems.append(self.env._("This product is already on row %(row)s.", row=seen[key]))
            if problems:
                errors.append({"row": row, "reference": reference, "message": " ".join(problems)})
                continue
            seen[key] = row
            good.append(
                {
                    "row": row,
                    "reference": reference,
                    "product_id": product[0],
                    "product_name": product[1],
                    "quantity": quantity,
                    "state_id": state_id,
                    "province": province,
                }
            )
        return good, errors

    @api.model
    def _miy_read_xlsx(self, data, filename=""):
        """Rows of an uploaded .xlsx: ``(raw_rows, file_error)``. A file that is too large, not an
        .xlsx, unpacks to too much or lacks the reference and quantity columns gives a file error
        and no rows; it is refused before anything is parsed where possible."""
        if len(data) > MIY_UPLOAD_MAX_BYTES:
            return [], self.env._(
                "The file is too large (%(size)s MB); the limit is %(limit)s MB.",
                size=round(len(data) / 1024 / 1024, 1),
                limit=MIY_UPLOAD_MAX_BYTES // 1024 // 1024,
            )
        if (filename and not filename.lower().endswith(".xlsx")) or not data.startswith(b"PK"):
            return [], self.env._("Please upload an Excel file (.xlsx), for example the template of this page.")
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                unpacked = sum(info.file_size for info in archive.infolist())
        except zipfile.BadZipFile:
            return [], self.env._("Please upload an Excel file (.xlsx), for example the template of this page.")
        if unpacked > MIY_UPLOAD_MAX_UNPACKED:
            return [], self.env._(
                "The file unpacks to more than %(limit)s MB: split it.", limit=MIY_UPLOAD_MAX_UNPACKED >> 20
            )
        try:
            workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception:  # any unreadable file gets the same message
            return [], self.env._("The file could not be read as an Excel workbook (.xlsx).")
        try:
            sheet = workbook.worksheets[0]
            rows = sheet.iter_rows(values_only=True)
            header = next(rows, None) or ()
            columns = self._miy_header_columns(header)
            missing = [c for c in ("reference", "quantity") if c not in columns]
            if missing:
                return [], self.env._(
                    "The first row must name the columns %(columns)s (as in the template); found: %(found)s.",
                    columns=", ".join(self._miy_template_headers()),
                    found=", ".join(str(h) for h in header if h not in (None, "")) or self.env._("nothing"),
                )
            raw_rows = []
            for number, values in enumerate(rows, start=2):
                if number - 1 > MIY_UPLOAD_MAX_ROWS:
                    return [], self.env._("The file has more than %(limit)s rows: split it.", limit=MIY_UPLOAD_MAX_ROWS)

                def cell(column, values=values):
                    index = columns.get(column)
                    return values[index] if index is not None and index < len(values) else None

                raw_rows.append(
                    {
                        "row": number,
                        "reference": cell("reference"),
                        "quantity": cell("quantity"),
                        "province": cell("province"),
                    }
                )
        finally:
            workbook.close()
        return raw_rows, False

    @api.model
    def _miy_template_headers(self):
        headers = [self.env._("Product Reference"), self.env._("Quantity")]
        if self._miy_has_province:
            headers.append(self.env._("End Customer Province"))
        return headers

    @api.model
    def _miy_header_columns(self, header):
        """{column key: index} of a header row, in English, Turkish or the template's words."""
        aliases = {key: set(names) for key, names in MIY_COLUMN_ALIASES.items()}
        keys = ["reference", "quantity", "province"]
        for key, label in zip(keys, self._miy_template_headers(), strict=False):
            aliases[key].add(miy_normalize_header(label))
        columns = {}
        for index, title in enumerate(header):
            name = miy_normalize_header(title)
            for key in keys:
                if name in aliases[key] and key not in columns:
                    columns[key] = index
        if not self._miy_has_province:
            columns.pop("province", None)
        return columns

    @api.model
    def _miy_xlsx_template(self):
        """The upload template: the header row and one example row per product of the dealer's
        last submitted report (quantities left empty)."""
        workbook = openpyxl.Workbook()
        sheet = workbook.active
        sheet.title = self._description[:31]
        sheet.append(self._miy_template_headers())
        for column in ("A", "B", "C"):
            sheet.column_dimensions[column].width = 28
        dealer = self.env.user._miy_dealer()
        if dealer:
            last = self.search([("dealer_id", "=", dealer.id), ("state", "=", "submitted")], limit=1)
            # sudo: the template lists the references of the dealer's own last report (read above
            # with the user's rights); dealer staff cannot read products themselves
            for code in last.line_ids.sudo().product_id.mapped("default_code"):
                sheet.append([code, None])
        buffer = io.BytesIO()
        workbook.save(buffer)
        return buffer.getvalue()

    @api.model
    def _miy_portal_submit(self, header_vals, good_rows, source):
        """Create and submit a report from the portal for the current user's own dealer.

        ``header_vals`` holds only the dates (checked here); the dealer is the user's, whatever
        the form posted. Rows are checked again (``_miy_check_rows``); any bad row refuses the
        whole report. Returns the new report (with the user's rights)."""
        dealer = self._miy_portal_dealer()
        allowed = {"date"} if "date" in self._fields else {"date_from", "date_to"}
        unknown = set(header_vals) - allowed
        if unknown:
            raise AccessError(self.env._("These values cannot be set from the portal: %(fields)s", fields=unknown))
        raw = [
            {
                "row": r.get("row"),
                "reference": r.get("reference"),
                "quantity": r.get("quantity"),
                "province": r.get("province"),
            }
            for r in good_rows
        ]
        good, errors = self._miy_check_rows(dealer, raw)
        if errors or not good:
            raise ValidationError(
                self.env._("The report was not saved: %(errors)s", errors="; ".join(e["message"] for e in errors))
                if errors
                else self.env._("The report has no line: add at least one product and quantity.")
            )
        lines = []
        for row in good:
            line = {"product_id": row["product_id"], "quantity": row["quantity"]}
            if self._miy_has_province:
                line["state_id"] = row["state_id"]
            lines.append(fields.Command.create(line))
        vals = dict(header_vals, dealer_id=dealer.id, source=source, line_ids=lines)
        # sudo: dealer staff have read-only access; the dealer is the user's own (above), the
        # dates are the only header values taken from the form and every line was checked
        report = self.sudo().with_context(mail_create_nolog=True).create(vals)
        report._miy_submit_as(self.env.user)
        return report.with_env(self.env)

    def _miy_submit_as(self, user):
        """Submit (already elevated, from ``_miy_portal_submit``) in the portal user's name."""
        self.action_submit()
        self.message_post(
            body=self.env._("Submitted from the portal by %(user)s.", user=user.name),
            author_id=user.partner_id.id,
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )


class MiyDealerStockReport(models.Model):
    """A dealer's stock on a date."""

    _name = "miy.dealer.stock.report"
    _description = "Dealer Stock Report"
    _inherit = ["miy.dealer.report.mixin"]
    _order = "date desc, id desc"

    date = fields.Date(required=True, default=fields.Date.context_today, tracking=True, index=True)
    line_ids = fields.One2many("miy.dealer.stock.report.line", "report_id", string="Lines", copy=True)
    correction_of_id = fields.Many2one(
        "miy.dealer.stock.report",
        string="Corrects",
        readonly=True,
        index="btree_not_null",
        ondelete="restrict",
        help="The submitted report this one corrects; the analysis then ignores the corrected report.",
    )

    @api.depends("dealer_id.name", "date")
    def _compute_name(self):
        for report in self:
            report.name = self.env._(
                "Stock %(dealer)s %(date)s", dealer=report.dealer_id.name or "", date=report.date or ""
            )

    @api.constrains("date")
    def _check_date(self):
        for report in self:
            if report.date > fields.Date.context_today(report):
                raise ValidationError(self.env._("A stock report cannot be dated in the future."))


class MiyDealerSelloutReport(models.Model):
    """What a dealer sold in a period."""

    _name = "miy.dealer.sellout.report"
    _description = "Dealer Sell-out Report"
    _inherit = ["miy.dealer.report.mixin"]
    _order = "date_to desc, id desc"
    _miy_has_province = True

    date_from = fields.Date(string="From", required=True, tracking=True, index=True)
    date_to = fields.Date(string="To", required=True, tracking=True, index=True)
    line_ids = fields.One2many("miy.dealer.sellout.report.line", "report_id", string="Lines", copy=True)
    correction_of_id = fields.Many2one(
        "miy.dealer.sellout.report",
        string="Corrects",
        readonly=True,
        index="btree_not_null",
        ondelete="restrict",
        help="The submitted report this one corrects; the analysis then ignores the corrected report.",
    )

    @api.depends("dealer_id.name", "date_from", "date_to")
    def _compute_name(self):
        for report in self:
            report.name = self.env._(
                "Sell-out %(dealer)s %(date_from)s - %(date_to)s",
                dealer=report.dealer_id.name or "",
                date_from=report.date_from or "",
                date_to=report.date_to or "",
            )

    @api.constrains("date_from", "date_to")
    def _check_dates(self):
        for report in self:
            if report.date_to < report.date_from:
                raise ValidationError(self.env._("A sell-out period cannot end before it starts."))
            if report.date_from > fields.Date.context_today(report):
                raise ValidationError(self.env._("A sell-out period cannot start in the future."))


class MiyDealerReportLineMixin(models.AbstractModel):
    _name = "miy.dealer.report.line.mixin"
    _description = "Dealer Report Line (shared fields)"

    product_id = fields.Many2one("product.product", string="Product", required=True, index=True, ondelete="restrict")
    product_tmpl_id = fields.Many2one(related="product_id.product_tmpl_id")
    categ_id = fields.Many2one(related="product_id.categ_id", string="Product Category", store=True)
    uom_id = fields.Many2one(related="product_id.uom_id", string="Unit")
    quantity = fields.Float(digits="Product Unit of Measure", required=True)

    @api.constrains("quantity")
    def _check_quantity(self):
        for line in self:
            if line.quantity < 0:
                raise ValidationError(
                    self.env._("The quantity of %(product)s cannot be negative.", product=line.product_id.display_name)
                )

    @api.model_create_multi
    def create(self, vals_list):
        reports = self.env[self._fields["report_id"].comodel_name].browse(
            {vals["report_id"] for vals in vals_list if vals.get("report_id")}
        )
        reports._miy_check_lines_editable()
        return super().create(vals_list)

    def write(self, vals):
        self.report_id._miy_check_lines_editable()
        if vals.get("report_id"):
            self.report_id.browse(vals["report_id"])._miy_check_lines_editable()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_submitted(self):
        self.report_id._miy_check_lines_editable()


class MiyDealerStockReportLine(models.Model):
    _name = "miy.dealer.stock.report.line"
    _description = "Dealer Stock Report Line"
    _inherit = ["miy.dealer.report.line.mixin"]
    _order = "report_id, id"

    report_id = fields.Many2one("miy.dealer.stock.report", required=True, ondelete="cascade", index=True)
    dealer_id = fields.Many2one(related="report_id.dealer_id", store=True, index=True)
    company_id = fields.Many2one(related="report_id.company_id", store=True)
    date = fields.Date(related="report_id.date", store=True)
    state = fields.Selection(related="report_id.state", store=True)
    quantity = fields.Float(string="Quantity on Hand")

    _sql_constraints = [
        ("product_uniq", "unique(report_id, product_id)", "A product appears once per stock report."),
    ]

    def init(self):
        # the latest submitted stock per dealer and product (miy.dealer.stock.analysis) reads this
        # index in order instead of sorting every line ever reported
        create_index(
            self.env.cr,
            "miy_dealer_stock_report_line_latest_index",
            self._table,
            ["dealer_id", "product_id", "date DESC", "report_id DESC"],
            where="state = 'submitted'",
        )


class MiyDealerSelloutReportLine(models.Model):
    _name = "miy.dealer.sellout.report.line"
    _description = "Dealer Sell-out Report Line"
    _inherit = ["miy.dealer.report.line.mixin"]
    _order = "report_id, id"

    report_id = fields.Many2one("miy.dealer.sellout.report", required=True, ondelete="cascade", index=True)
    dealer_id = fields.Many2one(related="report_id.dealer_id", store=True, index=True)
    company_id = fields.Many2one(related="report_id.company_id", store=True)
    date_from = fields.Date(related="report_id.date_from", store=True)
    date_to = fields.Date(related="report_id.date_to", store=True)
    state = fields.Selection(related="report_id.state", store=True)
    quantity = fields.Float(string="Quantity Sold")
    state_id = fields.Many2one(
        "res.country.state", string="End Customer Province", domain="[('country_id.code', '=', 'TR')]"
    )


class MiyDealer(models.Model):
    _inherit = "miy.dealer"

    miy_target_cover_days = fields.Integer(
        string="Target Days of Cover",
        default=30,
        help="Stock the dealer should hold, in days of its average sell-out; the reorder suggestion fills up to it.",
    )

    _sql_constraints = [
        ("miy_target_cover_days_positive", "CHECK(miy_target_cover_days >= 0)", "Days of cover cannot be negative."),
    ]
