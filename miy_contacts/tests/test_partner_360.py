from lxml import etree

from odoo.tests import tagged

from .common import MiyCommon


@tagged("post_install", "-at_install")
class TestPartner360(MiyCommon):
    def test_last_interaction_and_people_count(self):
        org = self.env["res.partner"].create({"name": "360 A.Ş.", "is_company": True})
        self.assertFalse(org.miy_last_interaction_date)
        org.message_post(body="Fuarda görüştük", message_type="comment")
        org.invalidate_recordset(["miy_last_interaction_date"])
        self.assertTrue(org.miy_last_interaction_date)
        person = self.env["res.partner"].create({"name": "Kişi", "parent_id": org.id})
        org.invalidate_recordset(["miy_member_count"])
        self.assertEqual(org.miy_member_count, 1)
        action = org.action_miy_open_members()
        self.assertEqual(self.env["miy.affiliation"].search(action["domain"]).person_id, person)

    def test_form_renders_for_each_group(self):
        org = self.env["res.partner"].create({"name": "Görünüm A.Ş.", "is_company": True})
        for user in (self.user_plain, self.user_miy, self.user_manager):
            with self.subTest(user=user.login):
                views = org.with_user(user).get_views(
                    [(False, "form"), (False, "list"), (False, "kanban"), (False, "search")]
                )
                arch = views["views"]["form"]["arch"]
                self.assertEqual("miy_phone_ids" in arch, user != self.user_plain)
                # what the web client reads when it opens the form, MİY user or not: the
                # top-level fields of the form as Odoo sends it to that user
                record = org.with_user(user)
                root = etree.fromstring(arch)
                fields = sorted(
                    {
                        node.get("name")
                        for node in root.iter("field")
                        if not any(parent.tag == "field" for parent in node.iterancestors())
                    }
                )
                self.assertEqual(record.read(fields)[0]["id"], org.id)
