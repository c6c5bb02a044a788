from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

# The evidence a dealer may attach from the portal: at most this many files of at most this size.
PORTAL_MAX_FILES = 5
PORTAL_MAX_FILE_SIZE = 10 * 1024 * 1024


class MiyFieldReport(models.Model):
    """A field report of competitor activity, by the firm's staff or by a dealer's staff.

    Dealers' staff read only their own dealer's reports (record rule ``miy_field_report_rule_portal``)
    and create them only through :meth:`_miy_portal_create`, which sets the dealer and the reporter.
    """

    _name = "miy.field.report"
    _description = "Competitor Field Report"
    _inherit = ["mail.thread"]
    _order = "date desc, id desc"
    _check_company_auto = True

    name = fields.Char(string="Subject", required=True, tracking=True)
    kind = fields.Selection(
        [
            ("price", "Price change"),
            ("campaign", "Campaign"),
            ("product", "New product"),
            ("dealer", "New dealer"),
            ("lost_deal", "Lost deal"),
            ("other", "Other"),
        ],
        required=True,
        default="price",
        index=True,
        tracking=True,
    )
    competitor_id = fields.Many2one(
        "res.partner",
        string="Competitor",
        index=True,
        tracking=True,
        domain="[('is_company', '=', True), ('miy_role_ids.code', '=', 'competitor')]",
    )
    brand_id = fields.Many2one("miy.brand", index=True, tracking=True, domain="[('is_own', '=', False)]")
    product_category_id = fields.Many2one("product.category", string="Product Group", index=True)
    date = fields.Date(required=True, default=fields.Date.context_today, index=True, tracking=True)
    state_id = fields.Many2one(
        "res.country.state", string="Province", index=True, domain="[('country_id.code', '=', 'TR')]"
    )
    region_id = fields.Many2one(
        "miy.dealer.region", compute="_compute_region_id", store=True, index=True, string="Region"
    )
    place = fields.Char(help="Town, district, fair or customer where it was seen.")
    description = fields.Text(required=True)
    attachment_ids = fields.Many2many(
        "ir.attachment",
        "miy_field_report_attachment_rel",
        "report_id",
        "attachment_id",
        string="Evidence",
        help="Photos, price lists, brochures.",
    )
    attachment_count = fields.Integer(string="Evidence Files", compute="_compute_attachment_count")
    reporter_id = fields.Many2one(
        "res.users", string="Reported by", required=True, default=lambda self: self.env.user, index=True
    )
    dealer_id = fields.Many2one(
        "miy.dealer",
        string="Dealer",
        index=True,
        ondelete="restrict",
        check_company=True,
        help="Set when a dealer's staff filed the report in the portal: only that dealer sees it there.",
    )
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company, index=True)

    @api.depends("state_id")
    def _compute_region_id(self):
        by_state = self.env["miy.dealer.region"]._miy_region_by_state(self.state_id)
        for report in self:
            report.region_id = by_state.get(report.state_id.id, False)

    def _compute_attachment_count(self):
        for report in self:
            report.attachment_count = len(report.attachment_ids)

    @api.constrains("brand_id", "competitor_id")
    def _check_brand_competitor(self):
        for report in self:
            if report.brand_id and report.competitor_id and report.brand_id.partner_id != report.competitor_id:
                raise ValidationError(
                    self.env._(
                        "Brand %(brand)s does not belong to %(competitor)s.",
                        brand=report.brand_id.name,
                        competitor=report.competitor_id.name,
                    )
                )

    @api.onchange("brand_id")
    def _onchange_brand_id(self):
        if self.brand_id.partner_id:
            self.competitor_id = self.brand_id.partner_id

    @api.model_create_multi
    def create(self, vals_list):
        Brand = self.env["miy.brand"]
        for vals in vals_list:
            if vals.get("brand_id") and not vals.get("competitor_id"):
                vals["competitor_id"] = Brand.browse(vals["brand_id"]).partner_id.id
        reports = super().create(vals_list)
        reports._miy_link_attachments()
        return reports

    def write(self, vals):
        res = super().write(vals)
        if "attachment_ids" in vals:
            self._miy_link_attachments()
        return res

    def _miy_link_attachments(self):
        """Evidence belongs to its report: access to a file follows access to the report."""
        for report in self:
            loose = report.attachment_ids.filtered(
                lambda a: not a.res_model or (a.res_model, a.res_id) == (self._name, 0)
            )
            if loose:
                loose.write({"res_model": self._name, "res_id": report.id})

    # ------------------------------------------------------------------ portal
    @api.model
    def _miy_portal_choices(self):
        """Names and ids of what the portal form offers: competitors, their brands, product groups.

        Dealers' staff have no access to partners other than their own, nor to product categories:
        only the names of competitor-role organizations, of competitors' active brands and of
        product groups are read, elevated (nothing else of those records leaves this method).
        """
        dealer = self.env.user._miy_dealer()
        if not dealer:
            raise AccessError(self.env._("Only a dealer's staff may file field reports in the portal."))
        role = self.env.ref("miy_contacts.partner_role_competitor")
        Partner = self.env["res.partner"].sudo()
        competitors = Partner.search_read(
            [("is_company", "=", True), ("miy_role_ids", "in", role.ids)], ["name"], order="name"
        )
        brands = (
            self.env["miy.brand"]
            .sudo()
            .search_read([("is_own", "=", False), ("partner_id", "!=", False)], ["name", "partner_id"], order="name")
        )
        categories = self.env["product.category"].sudo().search_read([], ["complete_name"], order="complete_name")
        provinces = self.env["res.country.state"].search_read([("country_id.code", "=", "TR")], ["name"], order="name")
        return {
            "kinds": self._fields["kind"]._description_selection(self.env),
            "competitors": [(c["id"], c["name"]) for c in competitors],
            "brands": [(b["id"], b["name"], b["partner_id"][0]) for b in brands],
            "categories": [(c["id"], c["complete_name"]) for c in categories],
            "provinces": [(s["id"], s["name"]) for s in provinces],
        }

    @api.model
    def _miy_portal_create(self, values, files=()):
        """Create a field report for the current user's dealer from the portal form.

        Only the fields below are taken from the form; ids are checked against what
        :meth:`_miy_portal_choices` offers. ``files`` are ``(filename, mimetype, bytes)``.
        The report and its evidence are written elevated because dealers' staff have read-only
        access: the dealer and the reporter are the caller's own, never taken from the form.
        """
        dealer = self.env.user._miy_dealer()
        if not dealer:
            raise AccessError(self.env._("Only a dealer's staff may file field reports in the portal."))
        choices = self._miy_portal_choices()

        def _pick(key, allowed):
            raw = values.get(key)
            if not raw:
                return False
            try:
                value = int(raw)
            except (TypeError, ValueError):
                raise UserError(self.env._("The form sent an invalid value for %(field)s.", field=key)) from None
            if value not in allowed:
                raise UserError(self.env._("The form sent an unknown value for %(field)s.", field=key))
            return value

        kind = values.get("kind")
        if kind not in dict(choices["kinds"]):
            raise UserError(self.env._("Choose what kind of activity you report."))
        name = (values.get("name") or "").strip()
        description = (values.get("description") or "").strip()
        if not name or not description:
            raise UserError(self.env._("A field report needs a subject and a description."))
        brand_id = _pick("brand_id", {b[0] for b in choices["brands"]})
        competitor_id = _pick("competitor_id", {c[0] for c in choices["competitors"]})
        if brand_id and not competitor_id:
            competitor_id = next(b[2] for b in choices["brands"] if b[0] == brand_id)
        if not competitor_id:
            raise UserError(self.env._("Name the competitor (or one of its brands)."))
        try:
            date = fields.Date.to_date(values.get("date")) or fields.Date.context_today(self)
        except ValueError:
            raise UserError(self.env._("The date %(date)s is not a valid date.", date=values.get("date"))) from None
        if date > fields.Date.context_today(self):
            raise UserError(self.env._("A field report cannot be dated in the future."))
        files = [f for f in files if f[2]]
        if len(files) > PORTAL_MAX_FILES:
            raise UserError(self.env._("Attach at most %(count)s files.", count=PORTAL_MAX_FILES))
        for filename, _mimetype, content in files:
            if len(content) > PORTAL_MAX_FILE_SIZE:
                raise UserError(
                    self.env._(
                        "%(file)s is larger than %(size)s MB.", file=filename, size=PORTAL_MAX_FILE_SIZE // 1024 // 1024
                    )
                )
        vals = {
            "name": name[:200],
            "kind": kind,
            "description": description,
            "brand_id": brand_id,
            "competitor_id": competitor_id,
            "product_category_id": _pick("product_category_id", {c[0] for c in choices["categories"]}),
            "state_id": _pick("state_id", {s[0] for s in choices["provinces"]}),
            "place": (values.get("place") or "").strip()[:200] or False,
            "date": date,
            "dealer_id": dealer.id,
            "reporter_id": self.env.user.id,
            "company_id": dealer.company_id.id,
        }
        report = self.sudo().create(vals)
        if files:
            attachments = (
                self.env["ir.attachment"]
                .sudo()
                .create(
                    [
                        {
                            "name": filename[:200] or "evidence",
                            "raw": content,
                            "res_model": self._name,
                            "res_id": report.id,
                        }
                        for filename, _mimetype, content in files
                    ]
                )
            )
            report.attachment_ids = attachments
        return report.with_env(self.env)

    def _miy_portal_attachment_data(self):
        """``[(id, name, url)]`` of the evidence of one report the caller may read.

        Portal users never read attachments themselves (``ir.attachment.check`` wants an internal
        user): as in Odoo's own portal, each file is served through its access token, which is
        handed out here only after the caller's read access to the report was checked.
        """
        self.ensure_one()
        self.check_access("read")
        attachments = self.sudo().attachment_ids
        tokens = attachments.generate_access_token()
        return [
            (attachment.id, attachment.name, f"/web/content/{attachment.id}?access_token={token}&download=true")
            for attachment, token in zip(attachments, tokens, strict=True)
        ]
