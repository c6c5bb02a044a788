from odoo import api, fields, models
from odoo.exceptions import ValidationError

CONTACT_TYPES = [("organization", "Organization"), ("person", "Person"), ("any", "Any")]


class MiyRelationType(models.Model):
    _name = "miy.relation.type"
    _inherit = ["miy.personal.type.mixin"]
    _description = "Relation Type"
    _order = "sequence, name, id"

    name = fields.Char(
        required=True,
        translate=True,
        help="Read on the left partner's card: what the right partner is to it, e.g. 'Represented "
        "manufacturer (this firm sells its products)' when the left partner is the distributor.",
    )
    name_inverse = fields.Char(
        string="Inverse Name",
        translate=True,
        help="Read on the right partner's card: what the left partner is to it, e.g. 'Distributor (sells this "
        "firm's products)'. Same as the name for symmetric types.",
    )
    contact_type_left = fields.Selection(
        CONTACT_TYPES, string="Left Partner Type", required=True, default="organization"
    )
    contact_type_right = fields.Selection(
        CONTACT_TYPES, string="Right Partner Type", required=True, default="organization"
    )
    is_symmetric = fields.Boolean(
        string="Symmetric", help="The relation reads the same from both sides (e.g. 'competitor of', 'spouse of')."
    )
    is_personal = fields.Boolean(
        string="Personal Data",
        help="Relations of this type (relatives...) are personal data under KVKK: only the "
        "'MİY: Personal data' group sees them, and only that group changes this flag.",
    )
    active = fields.Boolean(default=True)
    sequence = fields.Integer(default=10)
    relation_count = fields.Integer(compute="_compute_relation_count", string="Relations")

    _sql_constraints = [
        ("name_uniq", "unique(name, contact_type_left, contact_type_right)", "This relation type already exists."),
    ]

    def _compute_relation_count(self):
        counts = dict(
            self.env["miy.partner.relation"]._read_group([("type_id", "in", self.ids)], ["type_id"], ["__count"])
        )
        for rtype in self:
            rtype.relation_count = counts.get(rtype, 0)

    @api.constrains("is_symmetric", "contact_type_left", "contact_type_right")
    def _check_symmetric(self):
        for rtype in self:
            if rtype.is_symmetric and rtype.contact_type_left != rtype.contact_type_right:
                raise ValidationError(
                    self.env._(
                        "The symmetric relation type '%(name)s' must have the same partner type on both sides.",
                        name=rtype.name,
                    )
                )

    @api.constrains("contact_type_left", "contact_type_right")
    def _check_existing_relations(self):
        """Changing the partner types of a type may not leave its relations with the wrong partners."""
        Relation = self.env["miy.partner.relation"].sudo().with_context(active_test=False)
        for rtype in self:
            for side, expected in (("left", rtype.contact_type_left), ("right", rtype.contact_type_right)):
                if expected == "any":
                    continue
                wrong = Relation.search_count(
                    [("type_id", "=", rtype.id), (f"{side}_partner_id.is_company", "=", expected != "organization")],
                    limit=1,
                )
                if wrong:
                    raise ValidationError(
                        self.env._(
                            "Relations of type '%(name)s' already link partners of another kind on this side: "
                            "change or end them first.",
                            name=rtype.name,
                        )
                    )

    @api.onchange("is_symmetric", "name")
    def _onchange_is_symmetric(self):
        if self.is_symmetric:
            self.name_inverse = self.name
            self.contact_type_right = self.contact_type_left

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if not vals.get("name_inverse"):
                vals["name_inverse"] = vals.get("name")
        return super().create(vals_list)

    def action_open_relations(self):
        self.ensure_one()
        action = self.env["ir.actions.actions"]._for_xml_id("miy_contacts.miy_partner_relation_action")
        action["domain"] = [("type_id", "=", self.id)]
        action["context"] = {"default_type_id": self.id}
        return action
