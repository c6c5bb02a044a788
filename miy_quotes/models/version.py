# Part of MİY. See LICENSE file for full copyright and licensing details.
"""Feature 2: every sent version of a quote kept, immutable, without cancelling the quote.

A version is stored each time the quote leaves the house: Odoo's send wizard (``message_post``
with the ``mark_so_as_sent`` context), ``action_quotation_sent`` (the "Mark as sent" button and
the portal payment flow). Nobody gets write, create or unlink access on versions: they are
created by the sending code with elevated rights, and ``write``/``unlink`` refuse even the
superuser.
"""

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

SALE_ORDER_REPORT = "sale.action_report_saleorder"


def _refuse_change(records):
    """A sent version never changes: AccessError first (nobody holds the right), as for any
    model; the superuser, who bypasses rights, is stopped with a UserError."""
    records.check_access("write")
    raise UserError(records.env._("A sent version of a quote cannot be changed: send a new version instead."))


class MiyQuoteVersion(models.Model):
    _name = "miy.quote.version"
    _description = "Sent Quote Version"
    _order = "order_id, revision desc"
    _rec_names_search = ["name", "order_id"]

    name = fields.Char(required=True, readonly=True)
    order_id = fields.Many2one(
        "sale.order", string="Quote", required=True, readonly=True, index=True, ondelete="restrict"
    )
    revision = fields.Integer(
        required=True, readonly=True, help="1 for the first version sent, then 2, 3... per quote."
    )
    company_id = fields.Many2one("res.company", required=True, readonly=True, index=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    salesperson_id = fields.Many2one("res.users", string="Salesperson", readonly=True)
    sent_date = fields.Datetime(string="Sent On", required=True, readonly=True)
    sender_id = fields.Many2one("res.users", string="Sent By", readonly=True)
    recipient_ids = fields.Many2many(
        "res.partner", "miy_quote_version_recipient_rel", "version_id", "partner_id", string="Sent To", readonly=True
    )
    channel = fields.Selection(
        [("email", "E-mail"), ("marked", "Marked as sent"), ("portal", "Portal")], readonly=True, required=True
    )
    attachment_id = fields.Many2one("ir.attachment", string="Document as Sent", compute="_compute_attachment_id")
    mail_message_id = fields.Many2one("mail.message", string="Message", readonly=True, ondelete="set null")
    currency_id = fields.Many2one("res.currency", required=True, readonly=True)
    amount_untaxed = fields.Monetary(string="Untaxed Amount", readonly=True)
    amount_tax = fields.Monetary(string="Taxes", readonly=True)
    amount_total = fields.Monetary(string="Total", readonly=True)
    validity_date = fields.Date(string="Expiration", readonly=True)
    line_ids = fields.One2many("miy.quote.version.line", "version_id", string="Lines", readonly=True)

    _sql_constraints = [
        ("order_revision_uniq", "unique(order_id, revision)", "A quote cannot have two versions with the same number."),
        ("revision_positive", "CHECK(revision > 0)", "Version numbers start at 1."),
    ]

    def _compute_attachment_id(self):
        attachments = self.env["ir.attachment"].search(
            [("res_model", "=", self._name), ("res_id", "in", self.ids), ("res_field", "=", False)], order="id"
        )
        by_version = {attachment.res_id: attachment for attachment in attachments}
        for version in self:
            version.attachment_id = by_version.get(version.id, False)

    def write(self, vals):
        _refuse_change(self)
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_sent(self):
        # after the access check of unlink (nobody holds the right): this stops the superuser
        raise UserError(self.env._("A sent version of a quote cannot be deleted: it is the record of what was sent."))

    def action_open_document(self):
        self.ensure_one()
        if not self.attachment_id:
            raise UserError(self.env._("No document was stored with version %(name)s.", name=self.name))
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{self.attachment_id.id}?download=true",
            "target": "download",
        }

    def action_compare(self):
        """Compare this version with the one sent before it (or the two selected versions)."""
        versions = self.sorted("revision")
        if len(versions.order_id) != 1:
            raise UserError(self.env._("Select versions of one quote to compare them."))
        order = versions.order_id
        if len(versions) >= 2:
            old, new = versions[0], versions[-1]
        else:
            new = versions
            old = order.miy_version_ids.filtered(lambda v: v.revision < new.revision)[:1]
        return order._miy_compare_action(old, new)

    # --- difference between two versions ---------------------------------------------------

    def _miy_diff(self, other):
        """Line-by-line difference from ``self`` (older) to ``other`` (newer).

        Lines are matched by the quote line they were taken from, then by product among the
        remaining ones. Returns a list of dicts with ``change`` in added / removed / changed /
        unchanged and the old and new figures.
        """
        self.ensure_one()
        other.ensure_one()
        old_lines = self.line_ids.filtered(lambda line: not line.display_type)
        new_lines = other.line_ids.filtered(lambda line: not line.display_type)
        pairs = []
        unmatched_new = list(new_lines)
        unmatched_old = []
        by_ref = {line.order_line_ref: line for line in new_lines if line.order_line_ref}
        for line in old_lines:
            match = by_ref.get(line.order_line_ref) if line.order_line_ref else None
            if match and match in unmatched_new:
                unmatched_new.remove(match)
                pairs.append((line, match))
            else:
                unmatched_old.append(line)
        for line in list(unmatched_old):
            match = next((n for n in unmatched_new if line.product_id and n.product_id == line.product_id), None)
            if match:
                unmatched_new.remove(match)
                unmatched_old.remove(line)
                pairs.append((line, match))
        rows = []
        for old, new in pairs:
            changed = [
                field
                for field in ("price_unit", "product_uom_qty", "discount", "price_subtotal", "name", "tax_names")
                if old[field] != new[field]
            ]
            rows.append(self._miy_diff_row("changed" if changed else "unchanged", old, new, changed))
        rows += [self._miy_diff_row("removed", line, None, []) for line in unmatched_old]
        rows += [self._miy_diff_row("added", None, line, []) for line in unmatched_new]
        return sorted(rows, key=lambda row: row["sequence"])

    @api.model
    def _miy_diff_row(self, change, old, new, changed_fields):
        line = new or old
        row = {
            "change": change,
            "changed_fields": changed_fields,
            "sequence": line.sequence,
            "product": line.product_id.display_name or "",
            "description": line.name or "",
        }
        for prefix, source in (("old", old), ("new", new)):
            for field in ("price_unit", "product_uom_qty", "discount", "price_subtotal"):
                row[f"{prefix}_{field}"] = source[field] if source else None
        return row


class MiyQuoteVersionLine(models.Model):
    _name = "miy.quote.version.line"
    _description = "Sent Quote Version Line"
    _order = "version_id, sequence, id"

    version_id = fields.Many2one("miy.quote.version", required=True, readonly=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="version_id.company_id")
    currency_id = fields.Many2one(related="version_id.currency_id")
    order_line_ref = fields.Integer(
        string="Quote Line", readonly=True, help="Id of the quote line this was taken from (kept if the line goes)."
    )
    sequence = fields.Integer(readonly=True)
    display_type = fields.Selection([("line_section", "Section"), ("line_note", "Note")], readonly=True)
    product_id = fields.Many2one("product.product", readonly=True, ondelete="set null")
    name = fields.Text(string="Description", readonly=True)
    product_uom_qty = fields.Float(string="Quantity", digits="Product Unit of Measure", readonly=True)
    product_uom_id = fields.Many2one("uom.uom", string="Unit", readonly=True, ondelete="set null")
    price_unit = fields.Float(string="Unit Price", digits="Product Price", readonly=True)
    discount = fields.Float(string="Discount (%)", digits="Discount", readonly=True)
    tax_ids = fields.Many2many(
        "account.tax", "miy_quote_version_line_tax_rel", "line_id", "tax_id", string="Taxes", readonly=True
    )
    tax_names = fields.Char(string="Taxes as Sent", readonly=True)
    price_subtotal = fields.Monetary(string="Subtotal", readonly=True)
    price_total = fields.Monetary(string="Total", readonly=True)

    def write(self, vals):
        _refuse_change(self)
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_sent(self):
        # after the access check of unlink (nobody holds the right): this stops the superuser
        raise UserError(self.env._("A sent version of a quote cannot be deleted: it is the record of what was sent."))


class SaleOrder(models.Model):
    _inherit = "sale.order"

    miy_version_ids = fields.One2many("miy.quote.version", "order_id", string="Sent Versions", readonly=True)
    miy_version_count = fields.Integer(string="Versions", compute="_compute_miy_version_count")

    @api.depends("miy_version_ids")
    def _compute_miy_version_count(self):
        counts = dict(
            self.env["miy.quote.version"]._read_group([("order_id", "in", self.ids)], ["order_id"], ["__count"])
        )
        for order in self:
            order.miy_version_count = counts.get(order, 0)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_miy_sent_versions(self):
        # the foreign key (ondelete restrict) is the guard; this only says it in words
        sent = self.filtered("miy_version_ids")
        if sent:
            raise UserError(
                self.env._(
                    "A quote that was sent keeps its sent versions: cancel it instead of deleting it (%(names)s).",
                    names=", ".join(sent.mapped("name")),
                )
            )

    # --- the three ways a quote is sent -----------------------------------------------------

    @api.returns("mail.message", lambda value: value.id)
    def message_post(self, **kwargs):
        message = super().message_post(**kwargs)
        # The context is the sender's claim; a portal or public caller (whose context comes
        # from the browser) never makes a version this way.
        # A tracking message posted later in the same request (e.g. "state: sent") inherits the
        # sender's context: it is not a second sending.
        sending = self.env.context.get("mark_so_as_sent") and not kwargs.get("tracking_value_ids")
        if sending and self.env.user._is_internal():
            recipients = self.env["res.partner"].browse(kwargs.get("partner_ids") or []).exists()
            self._miy_store_versions("email", message=message, recipients=recipients)
        return message

    def action_quotation_sent(self):
        res = super().action_quotation_sent()
        channel = "marked" if self.env.user._is_internal() else "portal"
        for order in self:
            order._miy_store_versions(channel, recipients=order.partner_id)
        return res

    # --- storing a version -------------------------------------------------------------------

    def _miy_next_revisions(self):
        """Next revision number per order, with the orders locked until the transaction ends.

        The row lock serialises two sends of the same quote, so numbers stay gap-free; the
        unique constraint is the last guard. The lock is taken by writing the rows (an update that
        changes nothing), not by ``SELECT ... FOR UPDATE``: a second send that waited for the
        first then fails PostgreSQL's serialization check (REPEATABLE READ) and is replayed by
        Odoo with a fresh snapshot, so it reads the first send's version and takes the next
        number. A row only locked would let it through with its old snapshot, to take the same
        number and be refused by the unique constraint.
        """
        if not self.ids:
            return {}
        self.env.cr.execute(
            SQL(
                """UPDATE sale_order SET write_date = write_date
                    WHERE id IN (SELECT id FROM sale_order WHERE id IN %s ORDER BY id FOR NO KEY UPDATE)""",
                tuple(self.ids),
            )
        )
        self.env["miy.quote.version"].flush_model(["order_id", "revision"])
        self.env.cr.execute(
            SQL(
                "SELECT order_id, MAX(revision) FROM miy_quote_version WHERE order_id IN %s GROUP BY order_id",
                tuple(self.ids),
            )
        )
        last = dict(self.env.cr.fetchall())
        return {order.id: last.get(order.id, 0) + 1 for order in self}

    def _miy_version_pdf(self, message=None):
        """The PDF sent with the message, else the quote rendered now: (name, raw bytes, mimetype)."""
        self.ensure_one()
        if message:
            pdf = message.attachment_ids.filtered(lambda a: a.mimetype == "application/pdf")[:1]
            if pdf:
                return pdf.name, pdf.raw, pdf.mimetype
        reports = self.env["ir.actions.report"]
        try:
            content, report_type = reports._render_qweb_pdf(SALE_ORDER_REPORT, self.ids)
        except UserError:
            # no PDF engine on this server (wkhtmltopdf missing): keep the document as HTML
            # rather than refuse to send
            content, report_type = reports._render_qweb_html(SALE_ORDER_REPORT, self.ids)
        extension = "pdf" if report_type == "pdf" else "html"
        mimetype = "application/pdf" if report_type == "pdf" else "text/html"
        return f"{self._get_report_base_filename()}.{extension}", content, mimetype

    def _miy_version_line_vals(self):
        self.ensure_one()
        return [
            fields.Command.create(
                {
                    "order_line_ref": line.id,
                    "sequence": line.sequence,
                    "display_type": line.display_type or False,
                    "product_id": line.product_id.id,
                    "name": line.name,
                    "product_uom_qty": line.product_uom_qty,
                    "product_uom_id": line.product_uom.id,
                    "price_unit": line.price_unit,
                    "discount": line.discount,
                    "tax_ids": [fields.Command.set(line.tax_id.ids)],
                    "tax_names": ", ".join(line.tax_id.mapped("name")),
                    "price_subtotal": line.price_subtotal,
                    "price_total": line.price_total,
                }
            )
            for line in self.order_line
        ]

    def _miy_store_versions(self, channel, message=None, recipients=None):
        """Store one immutable version per order of ``self`` as it is now."""
        orders = self.filtered("id")
        if not orders:
            return self.env["miy.quote.version"]
        revisions = orders._miy_next_revisions()
        now = fields.Datetime.now()
        vals_list, documents = [], []
        # everything is read and rendered with the caller's rights before elevating
        for order in orders:
            documents.append(order._miy_version_pdf(message))
            revision = revisions[order.id]
            vals_list.append(
                {
                    "name": self.env._("%(order)s - Version %(revision)s", order=order.name, revision=revision),
                    "order_id": order.id,
                    "revision": revision,
                    "company_id": order.company_id.id,
                    "partner_id": order.partner_id.id,
                    "salesperson_id": order.user_id.id,
                    "sent_date": now,
                    "sender_id": self.env.user.id,
                    "recipient_ids": [fields.Command.set((recipients or order.partner_id).ids)],
                    "channel": channel,
                    "mail_message_id": message.id if message else False,
                    "currency_id": order.currency_id.id,
                    "amount_untaxed": order.amount_untaxed,
                    "amount_tax": order.amount_tax,
                    "amount_total": order.amount_total,
                    "validity_date": order.validity_date,
                    "line_ids": order._miy_version_line_vals(),
                }
            )
        # nobody holds create access on versions (they are never made by hand): the sending
        # code makes them, with the values read above
        versions = self.env["miy.quote.version"].sudo().create(vals_list)
        # the PDF belongs to the version: only those who read the version read it, nobody may
        # change it (ir.attachment asks for write access on the version)
        (
            self.env["ir.attachment"]
            .sudo()
            .create(
                [
                    {
                        "name": name,
                        "raw": raw,
                        "mimetype": mimetype,
                        "res_model": "miy.quote.version",
                        "res_id": version.id,
                    }
                    for version, (name, raw, mimetype) in zip(versions, documents, strict=True)
                ]
            )
        )
        return versions.sudo(False)

    # --- actions -----------------------------------------------------------------------------

    def action_miy_view_versions(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("miy_quotes.miy_quote_version_action")
        action["domain"] = [("order_id", "=", self.id)]
        action["context"] = {"default_order_id": self.id}
        return action

    def action_miy_compare_versions(self):
        self.ensure_one()
        versions = self.miy_version_ids.sorted("revision")
        if len(versions) < 2:
            raise UserError(self.env._("Send the quote at least twice to compare two versions."))
        return self._miy_compare_action(versions[-2], versions[-1])

    def _miy_compare_action(self, old, new):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Compare Versions"),
            "res_model": "miy.quote.version.compare",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_order_id": self.id,
                "default_version_from_id": old.id,
                "default_version_to_id": new.id,
            },
        }
