import base64

from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestRelationsTour(HttpCase):
    def test_relation_edited_from_one_side_shows_on_the_other(self):
        user = new_test_user(
            self.env, login="miy_rel_tour_user", groups="base.group_user,miy_contacts.group_miy_user", lang="en_US"
        )
        Partner = self.env["res.partner"]
        food = Partner.create({"name": "Tur Gıda", "is_company": True})
        holding = Partner.create({"name": "Tur Holding", "is_company": True})
        self.env["ir.attachment"].create(
            {
                "name": "Tur sözleşme.pdf",
                "datas": base64.b64encode(b"%PDF-1.4"),
                "res_model": "res.partner",
                "res_id": holding.id,
                "miy_document_type_id": self.env.ref("miy_contacts.document_type_contract").id,
            }
        )
        url = "/odoo/action-miy_contacts.res_partner_action_organization"
        self.start_tour(url, "miy_relations_tour", login=user.login)
        relation = self.env["miy.partner.relation"].search([("right_partner_id", "=", food.id)])
        self.assertEqual(relation.left_partner_id, holding)
        self.assertEqual(relation.type_id, self.env.ref("miy_contacts.relation_type_group_company"))
        self.start_tour(url, "miy_relations_other_side_tour", login=user.login)
