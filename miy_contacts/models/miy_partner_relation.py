from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError
from odoo.osv import expression


class MiyPartnerRelation(models.Model):
    _name = "miy.partner.relation"
    _description = "Partner Relation"
    _inherit = ["mail.thread"]
    _order = "type_id, left_partner_id, right_partner_id, id"
    _rec_names_search = ["left_partner_id", "right_partner_id", "type_id"]

    left_partner_id = fields.Many2one(
        "res.partner", string="Left Partner", required=True, index=True, ondelete="cascade", tracking=True
    )
    type_id = fields.Many2one(
        "miy.relation.type", string="Relation Type", required=True, index=True, ondelete="restrict", tracking=True
    )
    right_partner_id = fields.Many2one(
        "res.partner", string="Right Partner", required=True, index=True, ondelete="cascade", tracking=True
    )
    date_start = fields.Date(string="Start Date", tracking=True)
    date_end = fields.Date(string="End Date", tracking=True)
    note = fields.Text()
    active = fields.Boolean(default=True, tracking=True)
    is_current = fields.Boolean(
        string="Current",
        compute="_compute_is_current",
        search="_search_is_current",
        help="Active, started (or no start date) and not ended (or no end date).",
    )
    is_symmetric = fields.Boolean(related="type_id.is_symmetric")
    is_personal = fields.Boolean(related="type_id.is_personal", store=True, string="Personal Data")
    company_id = fields.Many2one(
        related="left_partner_id.company_id",
        store=True,
        index=True,
        string="Left Partner's Company",
        help="Users of other companies do not see the relation.",
    )
    right_company_id = fields.Many2one(
        related="right_partner_id.company_id",
        store=True,
        index=True,
        string="Right Partner's Company",
        help="Users of other companies do not see the relation.",
    )

    @api.depends("left_partner_id", "type_id", "right_partner_id")
    def _compute_display_name(self):
        for relation in self:
            relation.display_name = self.env._(
                "%(left)s %(type)s %(right)s",
                left=relation.left_partner_id.display_name or "",
                type=relation.type_id.name or "",
                right=relation.right_partner_id.display_name or "",
            )

    @api.depends("active", "date_start", "date_end")
    @api.depends_context("date")
    def _compute_is_current(self):
        today = fields.Date.context_today(self)
        for relation in self:
            relation.is_current = (
                relation.active
                and (not relation.date_start or relation.date_start <= today)
                and (not relation.date_end or relation.date_end >= today)
            )

    def _search_is_current(self, operator, value):
        if operator not in ("=", "!="):
            raise ValidationError(self.env._("Unsupported search on 'Current'."))
        today = fields.Date.context_today(self)
        domain = [
            ("active", "=", True),
            "|",
            ("date_start", "=", False),
            ("date_start", "<=", today),
            "|",
            ("date_end", "=", False),
            ("date_end", ">=", today),
        ]
        if (operator == "=") != bool(value):
            domain = ["!", *expression.normalize_domain(domain)]
        return domain

    @api.constrains("left_partner_id", "right_partner_id")
    def _check_not_itself(self):
        for relation in self:
            if relation.left_partner_id == relation.right_partner_id:
                raise ValidationError(
                    self.env._(
                        "%(partner)s cannot have a relation with itself.", partner=relation.left_partner_id.display_name
                    )
                )

    @api.constrains("left_partner_id", "right_partner_id", "type_id")
    def _check_contact_types(self):
        for relation in self:
            rtype = relation.type_id
            for partner, expected in (
                (relation.left_partner_id, rtype.contact_type_left),
                (relation.right_partner_id, rtype.contact_type_right),
            ):
                if expected == "any":
                    continue
                if expected == "organization" and not partner.is_company:
                    raise ValidationError(
                        self.env._(
                            "%(partner)s is not an organization: the relation '%(type)s' needs an organization "
                            "on this side.",
                            partner=partner.display_name,
                            type=rtype.name,
                        )
                    )
                if expected == "person" and partner.is_company:
                    raise ValidationError(
                        self.env._(
                            "%(partner)s is not a person: the relation '%(type)s' needs a person on this side.",
                            partner=partner.display_name,
                            type=rtype.name,
                        )
                    )

    @api.constrains("date_start", "date_end")
    def _check_dates(self):
        for relation in self:
            if relation.date_start and relation.date_end and relation.date_end < relation.date_start:
                raise ValidationError(
                    self.env._(
                        "The end date (%(end)s) of a relation cannot be before its start date (%(start)s).",
                        end=relation.date_end,
                        start=relation.date_start,
                    )
                )

    @api.constrains("left_partner_id", "right_partner_id", "type_id", "date_start", "date_end", "active")
    def _check_duplicate(self):
        """No two active relations of the same type between the same partners over overlapping dates.

        One search for the whole batch; symmetric types match in both directions.
        """
        relations = self.filtered("active")
        if not relations:
            return
        partners = relations.left_partner_id | relations.right_partner_id
        candidates = self.sudo().search(
            [
                ("type_id", "in", relations.type_id.ids),
                ("left_partner_id", "in", partners.ids),
                ("right_partner_id", "in", partners.ids),
            ]
        )
        for relation in relations:
            pairs = {(relation.left_partner_id, relation.right_partner_id)}
            if relation.type_id.is_symmetric:
                pairs.add((relation.right_partner_id, relation.left_partner_id))
            for other in candidates:
                if (
                    other != relation
                    and other.type_id == relation.type_id
                    and (other.left_partner_id, other.right_partner_id) in pairs
                    and relation._overlaps(other)
                ):
                    if other.with_env(self.env)._filtered_access("read"):
                        raise ValidationError(
                            self.env._(
                                "This relation already exists: %(relation)s. End or archive it before recording "
                                "it again.",
                                relation=other.display_name,
                            )
                        )
                    # the conflicting relation is hidden from the user (personal data, another
                    # company): say nothing about it
                    raise ValidationError(
                        self.env._(
                            "This relation cannot be recorded over these dates. Ask a colleague with access to "
                            "all relations of these partners."
                        )
                    )

    @api.model
    def _check_recordable(self, vals_list):
        """Before anything is saved (constraints run before record rules and name the partners and
        relations they find): the user may read both partners, and only the Personal data group
        records relations of a personal type (relatives)."""
        if self.env.su:
            return
        partner_ids = {
            vals[fname] for vals in vals_list for fname in ("left_partner_id", "right_partner_id") if vals.get(fname)
        }
        self.env["res.partner"].browse(partner_ids).check_access("read")
        type_ids = {vals["type_id"] for vals in vals_list if vals.get("type_id")}
        if not type_ids or self.env.user.has_group("miy_contacts.group_miy_personal_data"):
            return
        personal = self.env["miy.relation.type"].browse(type_ids).filtered("is_personal")
        if personal:
            raise AccessError(
                self.env._(
                    "Only the 'Personal data' group may record relations of type %(types)s (personal data, KVKK).",
                    types=", ".join(personal.mapped("name")),
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        self._check_recordable(vals_list)
        return super().create(vals_list)

    def write(self, vals):
        self._check_recordable([vals])
        return super().write(vals)

    def _overlaps(self, other):
        self.ensure_one()
        return (not self.date_end or not other.date_start or other.date_start <= self.date_end) and (
            not other.date_end or not self.date_start or self.date_start <= other.date_end
        )
