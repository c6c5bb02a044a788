"""Dealer ordering in the portal: the catalogue a dealer may order from, its prices (the dealer's
pricelist), availability, quick-order lines (typed or uploaded from Excel) and their validation,
and the ``sale.order`` an accepted order becomes.

The portal controller (``controllers/dealer_order_portal.py``) only parses the request; every
check and price is computed here, server side, from product references/ids and quantities.
"""

import bisect
import io
import re
import zipfile

from odoo import Command, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare

# An order file larger than this is refused before it is opened.
ORDER_XLSX_MAX_BYTES = 10 * 1024 * 1024
# Uncompressed size cap over the whole .xlsx archive (zip bomb guard) and rows read at most.
ORDER_XLSX_MAX_UNCOMPRESSED = 100 * 1024 * 1024
ORDER_MAX_LINES = 2000
_QTY_RE = re.compile(r"^[-+]?\d+(?:[.,]\d+)?$")
# Column names accepted in an order file's first row (lower case; the template writes the
# translated "Reference" / "Quantity" which are accepted too).
_REF_COLUMNS = {"reference", "ref", "referans", "code", "kod", "internal reference", "barcode", "barkod"}
_QTY_COLUMNS = {"quantity", "qty", "miktar", "adet"}


class ProductTemplate(models.Model):
    _inherit = "product.template"

    miy_min_order_qty = fields.Float(
        string="Minimum Order Quantity",
        digits="Product Unit of Measure",
        default=0.0,
        help="Dealers ordering in the portal must order at least this quantity (in the product's unit). "
        "0: no minimum.",
    )

    _sql_constraints = [
        (
            "miy_min_order_qty_positive",
            "CHECK(miy_min_order_qty >= 0)",
            "A minimum order quantity cannot be negative.",
        ),
    ]


class ResCompany(models.Model):
    _inherit = "res.company"

    miy_dealer_hide_qty = fields.Boolean(
        string="Hide Stock Quantities from Dealers",
        help="Dealers see 'in stock / limited / on order' instead of the free quantity.",
    )
    miy_dealer_limited_qty = fields.Float(
        string="Limited Stock Below",
        default=10.0,
        help="A free quantity above zero but below this shows as 'limited'.",
    )
    miy_dealer_confirm_orders = fields.Boolean(
        string="Confirm Dealer Orders Automatically",
        help="Orders placed in the dealer portal become confirmed sales orders at once; otherwise they "
        "wait as quotations for the firm to confirm.",
    )


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    miy_dealer_hide_qty = fields.Boolean(related="company_id.miy_dealer_hide_qty", readonly=False)
    miy_dealer_limited_qty = fields.Float(related="company_id.miy_dealer_limited_qty", readonly=False)
    miy_dealer_confirm_orders = fields.Boolean(related="company_id.miy_dealer_confirm_orders", readonly=False)


class SaleOrder(models.Model):
    _inherit = "sale.order"

    miy_dealer_id = fields.Many2one(
        "miy.dealer", string="Dealer", index="btree_not_null", readonly=True, copy=False, ondelete="set null"
    )
    miy_dealer_contact_id = fields.Many2one(
        "res.partner",
        string="Ordered By",
        readonly=True,
        copy=False,
        help="The dealer's staff member who placed the order in the portal.",
    )


class MiyDealer(models.Model):
    _inherit = "miy.dealer"

    # ------------------------------------------------------------------ access
    def _miy_order_sudo(self):
        """This dealer, elevated and bound to its company, for the ordering methods below.

        The caller must be able to read this dealer (a dealer's staff read only their own dealer,
        rule ``miy_dealer_rule_portal``); products, pricelists and stock are then read with elevated
        rights because portal users have no access to them, and only through the fixed domains and
        fields of the methods below (never costs or other partners' pricelists)."""
        self.ensure_one()
        self.check_access("read")
        # sudo: portal users may not read products, pricelists or stock; this dealer was checked above
        return self.sudo().with_company(self.company_id)

    # ------------------------------------------------------------------ catalogue
    def _miy_order_pricelist(self):
        self.ensure_one()
        return self.partner_id.with_company(self.company_id).property_product_pricelist

    def _miy_order_currency(self):
        return self._miy_order_pricelist().currency_id or self.company_id.currency_id

    def _miy_order_product_domain(self):
        """Products this dealer may order: for sale, active, of its company (or shared), and in its
        product groups when the dealer profile names some."""
        self.ensure_one()
        domain = [
            ("sale_ok", "=", True),
            ("company_id", "in", [False, self.company_id.id]),
        ]
        if self.product_category_ids:
            domain.append(("categ_id", "child_of", self.product_category_ids.ids))
        return domain

    def _miy_order_search_products(self, search=None, offset=0, limit=80):
        """(products, total) of the catalogue page, optionally filtered by reference, barcode or name."""
        Product = self.env["product.product"]
        domain = self._miy_order_product_domain()
        if search:
            domain += [
                "|",
                "|",
                ("default_code", "ilike", search),
                ("barcode", "ilike", search),
                ("name", "ilike", search),
            ]
        total = Product.search_count(domain)
        products = Product.search_fetch(
            domain,
            ["default_code", "barcode", "name", "uom_id", "is_storable", "product_tmpl_id"],
            offset=offset,
            limit=limit,
            order="default_code, name, id",
        )
        return products, total

    def _miy_order_prices(self, products, quantity=1.0):
        """{product id: unit price} at this dealer's pricelist for ``quantity``, in one batch."""
        pricelist = self._miy_order_pricelist()
        return pricelist._get_products_price(
            products, quantity, currency=self._miy_order_currency(), date=fields.Date.context_today(self)
        )

    def _miy_order_qty_thresholds(self):
        """Sorted minimum quantities of the dealer's pricelist rules (and of the pricelists they
        are based on): the only way a rule's price depends on the ordered quantity."""
        thresholds, seen = set(), set()
        pricelists = self._miy_order_pricelist()
        while pricelists - self.env["product.pricelist"].browse(seen):
            todo = pricelists - self.env["product.pricelist"].browse(seen)
            seen.update(todo.ids)
            thresholds.update(q for q in todo.item_ids.mapped("min_quantity") if q)
            pricelists = todo.item_ids.base_pricelist_id
        return sorted(thresholds)

    def _miy_order_warehouse(self):
        return self.env["stock.warehouse"].search([("company_id", "=", self.company_id.id)], limit=1)

    def _miy_order_availability(self, products):
        """{product id: {"qty": free quantity or None when the company hides it, "band": in_stock |
        limited | on_order}} in the company's warehouse; products without stock (services,
        non-tracked consumables) are always in stock."""
        company = self.company_id
        warehouse = self._miy_order_warehouse()
        storable = products.filtered("is_storable")
        free = {}
        if storable:
            ctx_products = storable.with_context(warehouse_id=warehouse.id) if warehouse else storable
            free = {p.id: p.free_qty for p in ctx_products}
        result = {}
        for product in products:
            if product.id not in free:
                result[product.id] = {"qty": None, "band": "in_stock"}
                continue
            qty = free[product.id]
            if qty <= 0:
                band = "on_order"
            elif qty < company.miy_dealer_limited_qty:
                band = "limited"
            else:
                band = "in_stock"
            result[product.id] = {"qty": None if company.miy_dealer_hide_qty else qty, "band": band}
        return result

    @api.model
    def _miy_availability_labels(self):
        return {
            "in_stock": self.env._("In stock"),
            "limited": self.env._("Limited"),
            "on_order": self.env._("On order"),
        }

    @api.model
    def _miy_qty_str(self, qty):
        """A quantity as people write it: 4, 2.5 (no trailing zeros, no exponent)."""
        return ("%.3f" % (qty or 0.0)).rstrip("0").rstrip(".")

    # ------------------------------------------------------------------ quick-order input
    @api.model
    def _miy_parse_quantity(self, text):
        """A float from '3', '2.5' or '2,5'; None when the text is no number."""
        text = (str(text) if text is not None else "").strip()
        if not _QTY_RE.match(text):
            return None
        return float(text.replace(",", "."))

    @api.model
    def _miy_parse_order_text(self, text):
        """Lines 'REF QTY' (separated by spaces, a tab or ';') into order lines.

        A line with a reference only orders 1; empty lines are skipped. Each line is a dict with
        ``row`` (the line number), ``ref`` and ``qty`` (None when it is no number: the check
        reports it)."""
        lines = []
        for number, raw in enumerate((text or "").splitlines(), start=1):
            raw = raw.strip()
            if not raw:
                continue
            parts = [p for p in re.split(r"[\s;]+", raw) if p]
            if len(parts) == 1:
                ref, qty_text = parts[0], "1"
            else:
                ref, qty_text = " ".join(parts[:-1]), parts[-1]
            lines.append({"row": number, "ref": ref, "qty": self._miy_parse_quantity(qty_text), "qty_text": qty_text})
        return lines

    def _miy_check_order_lines(self, lines):
        """Check order lines and price the good ones; nothing is written.

        ``lines``: dicts with ``row``, a ``ref`` (reference or barcode) or a ``product_id``, and
        ``qty``. Products are found only within this dealer's catalogue (a forged id of another
        product is "unknown"); prices always come from the dealer's pricelist, never from the input.
        Returns ``{"lines": [...], "errors": [...], "amount": total, "currency": currency}`` where
        each line carries ``product``, ``price_unit``, ``subtotal``, ``availability`` and ``error``.
        """
        self.ensure_one()
        if len(lines) > ORDER_MAX_LINES:
            raise UserError(
                self.env._(
                    "An order may have at most %(max)s lines; this one has %(count)s.",
                    max=ORDER_MAX_LINES,
                    count=len(lines),
                )
            )
        Product = self.env["product.product"].with_context(active_test=False)
        refs = {line["ref"] for line in lines if line.get("ref")}
        ids = {int(line["product_id"]) for line in lines if line.get("product_id")}
        catalogue = self._miy_order_product_domain()
        by_ref, by_id, archived = {}, {}, {}
        if refs:
            ref_keys = list(refs | {r.upper() for r in refs})
            found = Product.search_fetch(
                ["|", ("default_code", "in", ref_keys), ("barcode", "in", ref_keys)],
                ["default_code", "barcode", "active", "sale_ok", "company_id", "display_name"],
            )
            allowed = found.filtered_domain(catalogue)
            for product in found:
                for key in (product.default_code, product.barcode):
                    if key:
                        by_ref.setdefault(key.upper(), product)
            archived = {p.id for p in found if not p.active or not p.product_tmpl_id.active}
            allowed_ids = set(allowed.ids)
        else:
            allowed_ids = set()
        if ids:
            by_id_found = Product.browse(ids).exists()
            by_id_allowed = by_id_found.filtered_domain(catalogue)
            by_id = {p.id: p for p in by_id_allowed}
            allowed_ids |= set(by_id_allowed.ids)
            archived |= {p.id for p in by_id_allowed if not p.active or not p.product_tmpl_id.active}
        result_lines, errors = [], []
        for line in lines:
            product = by_ref.get(line["ref"].upper()) if line.get("ref") else by_id.get(int(line["product_id"]))
            qty = line.get("qty")
            label = line.get("ref") or (product and product.display_name) or ""
            error = None
            if qty is None:
                error = self.env._("'%(qty)s' is not a quantity.", qty=line.get("qty_text") or "")
            elif not product or (product.company_id and product.company_id != self.company_id):
                error = self.env._("Unknown product reference %(ref)s.", ref=label)
                product = None
            elif product.id in archived:
                error = self.env._("%(product)s is no longer sold (archived).", product=product.display_name)
            elif not product.sale_ok:
                error = self.env._("%(product)s is not for sale.", product=product.display_name)
            elif product.id not in allowed_ids:
                error = self.env._(
                    "%(product)s is not in your dealership's product groups.", product=product.display_name
                )
            elif float_compare(qty, 0.0, precision_rounding=product.uom_id.rounding) <= 0:
                error = self.env._("The quantity of %(product)s must be more than zero.", product=product.display_name)
            elif float_compare(qty, product.miy_min_order_qty, precision_rounding=product.uom_id.rounding) < 0:
                error = self.env._(
                    "%(product)s is sold in quantities of at least %(min)s %(uom)s.",
                    product=product.display_name,
                    min=self._miy_qty_str(product.miy_min_order_qty),
                    uom=product.uom_id.name,
                )
            result_lines.append(
                {
                    "row": line.get("row"),
                    "ref": line.get("ref") or (product and (product.default_code or product.barcode)) or "",
                    "product": product if not error else None,
                    "qty": qty,
                    "qty_text": line.get("qty_text") or (qty is not None and str(qty)) or "",
                    "error": error,
                    "price_unit": 0.0,
                    "subtotal": 0.0,
                    "availability": None,
                }
            )
            if error:
                errors.append({"row": line.get("row"), "ref": label, "error": error})
        good = [line for line in result_lines if not line["error"]]
        currency = self._miy_order_currency()
        amount = 0.0
        if good:
            products = Product.browse({line["product"].id for line in good})
            availability = self._miy_order_availability(products)
            # Pricelist rules depend on the quantity only through their minimum quantities: lines
            # between the same two thresholds share one batch, priced at one of their own quantities.
            thresholds = self._miy_order_qty_thresholds()
            buckets = {}
            for line in good:
                key = bisect.bisect_right(thresholds, line["qty"])
                qty, pids = buckets.get(key, (line["qty"], set()))
                pids.add(line["product"].id)
                buckets[key] = (min(qty, line["qty"]), pids)
            prices = {key: self._miy_order_prices(Product.browse(pids), qty) for key, (qty, pids) in buckets.items()}
            for line in good:
                line["price_unit"] = prices[bisect.bisect_right(thresholds, line["qty"])][line["product"].id]
                line["subtotal"] = currency.round(line["price_unit"] * line["qty"])
                line["availability"] = availability[line["product"].id]
                amount += line["subtotal"]
        return {"lines": result_lines, "errors": errors, "amount": amount, "currency": currency}

    # ------------------------------------------------------------------ the order
    def _miy_create_dealer_order(self, lines, contact, client_ref=None):
        """Create the ``sale.order`` of checked lines for this dealer, ordered by ``contact``.

        Refuses (UserError, nothing created) when a line is wrong or there is none. Only product
        and quantity come from the lines: prices are Odoo's own, computed by the order line from
        the dealer's pricelist."""
        self.ensure_one()
        if contact.commercial_partner_id != self.partner_id:
            raise UserError(self.env._("Only the dealer's own staff may order for it."))
        check = self._miy_check_order_lines(lines)
        if check["errors"]:
            raise UserError(
                self.env._(
                    "The order was not placed; please correct these lines first:\n%(lines)s",
                    lines="\n".join(f"{e['ref']}: {e['error']}" for e in check["errors"]),
                )
            )
        if not check["lines"]:
            raise UserError(self.env._("Add at least one product to your order."))
        partner = self.partner_id
        addresses = partner.address_get(["invoice", "delivery"])
        order = self.env["sale.order"].create(
            {
                "partner_id": partner.id,
                "partner_invoice_id": addresses["invoice"],
                "partner_shipping_id": addresses["delivery"],
                "pricelist_id": self._miy_order_pricelist().id,
                "company_id": self.company_id.id,
                "user_id": self.user_id.id,
                "client_order_ref": (client_ref or "").strip()[:100] or False,
                "origin": self.env._("Dealer portal"),
                "require_signature": False,
                "require_payment": False,
                "miy_dealer_id": self.id,
                "miy_dealer_contact_id": contact.id,
                "order_line": [
                    Command.create({"product_id": line["product"].id, "product_uom_qty": line["qty"]})
                    for line in check["lines"]
                ],
            }
        )
        order.message_subscribe(partner_ids=(partner | contact).ids)
        if self.company_id.miy_dealer_confirm_orders:
            order.action_confirm()
        else:
            order.action_quotation_sent()
        order.message_post(
            body=self.env._("Ordered in the dealer portal by %(name)s.", name=contact.name),
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )
        return order

    def _miy_reorder_lines(self, order):
        """The lines of a past order of this dealer, as quick-order lines (products and quantities)."""
        self.ensure_one()
        if order.partner_id.commercial_partner_id != self.partner_id:
            raise UserError(self.env._("This order is not one of your dealer's orders."))
        return [
            {"row": n, "product_id": line.product_id.id, "qty": line.product_uom_qty}
            for n, line in enumerate(order.order_line.filtered(lambda ol: ol.product_id and not ol.display_type), 1)
        ]

    # ------------------------------------------------------------------ Excel
    @api.model
    def _miy_order_xlsx_template(self):
        """An .xlsx order template: a 'Reference' and a 'Quantity' column, and an example row."""
        import openpyxl

        workbook = openpyxl.Workbook()
        sheet = workbook.active
        sheet.title = self.env._("Order")
        sheet.append([self.env._("Reference"), self.env._("Quantity")])
        sheet.column_dimensions["A"].width = 24
        sheet.column_dimensions["B"].width = 12
        buffer = io.BytesIO()
        workbook.save(buffer)
        return buffer.getvalue()

    @api.model
    def _miy_parse_order_xlsx(self, data, filename=""):
        """Order lines from an uploaded .xlsx (first sheet, first row names the columns).

        Refuses (UserError) a file that is too large, no .xlsx, an archive that would unpack to
        too much, or a first row without reference and quantity columns. Rows are numbered as in
        Excel; empty rows are skipped; a bad quantity is kept for the check to report."""
        if len(data) > ORDER_XLSX_MAX_BYTES:
            raise UserError(
                self.env._("The file is too large (at most %(mb)s MB).", mb=ORDER_XLSX_MAX_BYTES // (1024 * 1024))
            )
        if not (filename or "").lower().endswith(".xlsx") or not data.startswith(b"PK\x03\x04"):
            raise UserError(self.env._("Please upload an Excel file (.xlsx), e.g. the template of this page."))
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                if sum(info.file_size for info in archive.infolist()) > ORDER_XLSX_MAX_UNCOMPRESSED:
                    raise UserError(self.env._("The file unpacks to too much data to be an order."))
            import openpyxl

            workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except UserError:
            raise
        except Exception as exc:  # any parser failure means a bad file for the user
            raise UserError(self.env._("This file cannot be read as an Excel workbook (.xlsx).")) from exc
        sheet = workbook.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        header = next(rows, None) or ()
        names = [str(cell).strip().lower() if cell is not None else "" for cell in header]
        ref_names = _REF_COLUMNS | {self.env._("Reference").lower()}
        qty_names = _QTY_COLUMNS | {self.env._("Quantity").lower()}
        ref_col = next((i for i, n in enumerate(names) if n in ref_names), None)
        qty_col = next((i for i, n in enumerate(names) if n in qty_names), None)
        if ref_col is None or qty_col is None:
            raise UserError(
                self.env._(
                    "The first row must name the columns %(ref)s and %(qty)s (found: %(found)s). "
                    "Download the template to see the expected layout.",
                    ref=self.env._("Reference"),
                    qty=self.env._("Quantity"),
                    found=", ".join(n for n in names if n) or self.env._("nothing"),
                )
            )
        lines = []
        for number, row in enumerate(rows, start=2):
            ref = row[ref_col] if ref_col < len(row) else None
            qty = row[qty_col] if qty_col < len(row) else None
            if (ref is None or str(ref).strip() == "") and (qty is None or str(qty).strip() == ""):
                continue
            if len(lines) >= ORDER_MAX_LINES:
                raise UserError(self.env._("An order file may have at most %(max)s rows.", max=ORDER_MAX_LINES))
            if isinstance(ref, float) and ref.is_integer():
                ref = int(ref)
            ref_text = str(ref).strip() if ref is not None else ""
            if isinstance(qty, int | float):
                qty_value, qty_text = float(qty), str(qty)
            else:
                qty_text = str(qty).strip() if qty is not None else ""
                qty_value = self._miy_parse_quantity(qty_text)
            line = {"row": number, "ref": ref_text, "qty": qty_value, "qty_text": qty_text}
            if not ref_text:
                line["ref"] = "?"
            lines.append(line)
        workbook.close()
        return lines
