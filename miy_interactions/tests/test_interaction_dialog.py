import ast

from lxml import etree

from odoo.tests import tagged

from .common import MiyInteractionCommon


@tagged("post_install", "-at_install")
class TestInteractionDialog(MiyInteractionCommon):
    """Rough edges a salesperson met in the interaction dialog and the follow-up list."""

    def test_related_document_says_invoice(self):
        self.env["res.lang"]._activate_lang("tr_TR")
        Interaction = self.env["miy.interaction"].with_user(self.user_miy)
        labels = dict(Interaction._selection_res_ref())
        if "account.move" in self.env:
            self.assertEqual(labels["account.move"], "Invoice")
            self.assertEqual(
                dict(Interaction.with_context(lang="tr_TR")._selection_res_ref())["account.move"], "Fatura"
            )
        self.assertEqual(labels["crm.lead"], "Opportunity")

    def test_people_fields_do_not_offer_to_create_users(self):
        for view_type in ("form", "list"):
            arch = self.env["miy.interaction"].with_user(self.user_miy).get_views([(False, view_type)])["views"]
            tree = etree.fromstring(arch[view_type]["arch"])
            for field in tree.xpath("//field[@name='user_ids' or @name='followup_user_ids']"):
                self.assertIn("'no_create': True", field.get("options") or "", f"{view_type}: {field.get('name')}")

    def test_my_followups_lists_interaction_followups_only(self):
        interaction = self.env["miy.interaction"].create(
            {"subject": "Ziyaret", "partner_ids": [(6, 0, [self.org.id])], "user_ids": [(6, 0, [self.user_miy.id])]}
        )
        interaction.activity_schedule(user_id=self.user_miy.id, summary="MİY takip")
        self.org.activity_schedule(user_id=self.user_miy.id, summary="Başka bir uygulamanın işi")
        action = self.env.ref("miy_interactions.mail_activity_action_my_followups")
        domain = ast.literal_eval(action.domain.replace("uid", str(self.user_miy.id)))
        found = self.env["mail.activity"].with_user(self.user_miy).search(domain)
        self.assertEqual(found.mapped("summary"), ["MİY takip"])
