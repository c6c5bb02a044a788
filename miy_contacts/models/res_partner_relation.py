from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    miy_relation_all_ids = fields.One2many(
        "miy.partner.relation.all",
        "this_partner_id",
        string="Relations",
        groups="miy_contacts.group_miy_user",
        help="Relations with other organizations and persons, as seen from this partner.",
    )
    miy_relation_count = fields.Integer(
        string="Relation Count", compute="_compute_miy_relation_count", groups="miy_contacts.group_miy_user"
    )

    def _compute_miy_relation_count(self):
        counts = dict(
            self.env["miy.partner.relation.all"]._read_group(
                [("this_partner_id", "in", self.ids)], ["this_partner_id"], ["__count"]
            )
        )
        for partner in self:
            partner.miy_relation_count = counts.get(partner, 0)

    def action_miy_open_relations(self):
        self.ensure_one()
        action = self.env["ir.actions.actions"]._for_xml_id("miy_contacts.miy_partner_relation_action")
        action["domain"] = ["|", ("left_partner_id", "=", self.id), ("right_partner_id", "=", self.id)]
        action["context"] = {"search_default_filter_current": 1}
        return action
