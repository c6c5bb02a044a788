import base64

from lxml import etree

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import new_test_user, tagged

from odoo.addons.mail.tools.discuss import Store

from .common import MiyCommon


@tagged("post_install", "-at_install")
class TestKvkkTypes(MiyCommon):
    """Personal data flags, constraint messages and the chatter, tried by users without the
    Personal data right."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager_personal = new_test_user(
            cls.env,
            login="miy_manager_personal",
            name="Manager With Personal Data",
            groups="base.group_user,miy_contacts.group_miy_manager,miy_contacts.group_miy_personal_data",
        )
        cls.type_id_copy = cls.env.ref("miy_contacts.document_type_id_copy")
        cls.type_spouse = cls.env.ref("miy_contacts.relation_type_spouse")
        Partner = cls.env["res.partner"]
        cls.mehmet = Partner.create({"name": "Mehmet Evli"})
        cls.elif_ = Partner.create({"name": "Elif Evli"})
        cls.ayse = Partner.create({"name": "Ayşe Bekar"})
        cls.env["miy.partner.relation"].create(
            {"left_partner_id": cls.mehmet.id, "type_id": cls.type_spouse.id, "right_partner_id": cls.elif_.id}
        )

    def test_manager_without_the_right_cannot_unprotect_types(self):
        for personal_type in (self.type_id_copy, self.type_spouse):
            with self.assertRaises(AccessError):
                personal_type.with_user(self.user_manager).write({"is_personal": False})
            self.assertTrue(personal_type.is_personal)
        # other fields of the same types stay editable by the manager
        self.type_id_copy.with_user(self.user_manager).write({"description": "Nüfus cüzdanı"})
        # and a non-personal type cannot be made personal by them either (nor undone later)
        contract = self.env.ref("miy_contacts.document_type_contract")
        with self.assertRaises(AccessError):
            contract.with_user(self.user_manager).write({"is_personal": True})

    def test_manager_without_the_right_cannot_delete_a_personal_type(self):
        unused = (
            self.env["miy.document.type"]
            .with_user(self.manager_personal)
            .create({"name": "Sağlık raporu", "is_personal": True})
        )
        with self.assertRaises(AccessError):
            unused.with_user(self.user_manager).unlink()
        self.assertTrue(unused.exists())

    def test_personal_data_manager_changes_the_flag(self):
        doc_type = self.env["miy.document.type"].with_user(self.manager_personal).create({"name": "Askerlik belgesi"})
        doc_type.with_user(self.manager_personal).write({"is_personal": True})
        self.assertTrue(doc_type.is_personal)
        doc_type.with_user(self.manager_personal).write({"is_personal": False})
        self.assertFalse(doc_type.is_personal)

    def test_flag_is_read_only_in_the_views_without_the_right(self):
        for model in ("miy.document.type", "miy.relation.type"):
            for user, readonly in ((self.user_manager, True), (self.manager_personal, False)):
                arch = self.env[model].with_user(user).get_views([(False, "form")])["views"]["form"]["arch"]
                (node,) = etree.fromstring(arch).xpath("//field[@name='is_personal']")
                self.assertEqual(node.get("readonly") in ("1", "True"), readonly, f"{model} for {user.login}")

    def test_duplicate_relation_check_reveals_no_marriage(self):
        with self.assertRaises(AccessError) as caught:
            self.env["miy.partner.relation"].with_user(self.user_miy).create(
                {"left_partner_id": self.elif_.id, "type_id": self.type_spouse.id, "right_partner_id": self.mehmet.id}
            )
        message = str(caught.exception)
        self.assertNotIn("Mehmet", message)
        self.assertNotIn("Elif", message)
        self.assertNotIn("already exists", message)

    def test_duplicate_of_a_hidden_relation_is_not_shown(self):
        """The existing relation is hidden from the user by a record rule: the duplicate check still
        refuses the new one, without showing the hidden relation."""
        Partner = self.env["res.partner"]
        rival = Partner.create({"name": "Gizli Rakip A.Ş.", "is_company": True})
        firm = Partner.create({"name": "Açık Firma A.Ş.", "is_company": True})
        competitor = self.env.ref("miy_contacts.relation_type_competitor")
        hidden = self.env["miy.partner.relation"].create(
            {"left_partner_id": rival.id, "type_id": competitor.id, "right_partner_id": firm.id, "note": "gizli not"}
        )
        self.env["ir.rule"].create(  # a global rule (group rules are combined with "or")
            {
                "name": "hide one relation",
                "model_id": self.env["ir.model"]._get_id("miy.partner.relation"),
                "domain_force": f"[('id', '!=', {hidden.id})]",
            }
        )
        with self.assertRaises(ValidationError) as caught:
            self.env["miy.partner.relation"].with_user(self.user_miy).create(
                {"left_partner_id": firm.id, "type_id": competitor.id, "right_partner_id": rival.id}
            )
        self.assertNotIn("already exists", str(caught.exception))
        self.assertNotIn(hidden.display_name, str(caught.exception))

    def test_no_personal_relation_through_a_write(self):
        """A relation the user may record (competitors) cannot be turned into a marriage."""
        rival = self.env["res.partner"].create({"name": "Rakip A.Ş.", "is_company": True})
        other = self.env["res.partner"].create({"name": "Başka A.Ş.", "is_company": True})
        relation = (
            self.env["miy.partner.relation"]
            .with_user(self.user_miy)
            .create(
                {
                    "left_partner_id": rival.id,
                    "type_id": self.env.ref("miy_contacts.relation_type_competitor").id,
                    "right_partner_id": other.id,
                }
            )
        )
        with self.assertRaises(AccessError):
            relation.with_user(self.user_miy).write(
                {"type_id": self.type_spouse.id, "left_partner_id": self.ayse.id, "right_partner_id": self.mehmet.id}
            )
        self.assertFalse(relation.is_personal)

    def _chatter_payload(self, partner, user):
        messages = (
            self.env["mail.message"]
            .with_user(user)
            .search([("model", "=", "res.partner"), ("res_id", "=", partner.id)])
        )
        return str(Store(messages, for_current_user=True).get_result())

    def test_personal_document_names_stay_out_of_the_chatter(self):
        id_copy, contract = (
            self.env["ir.attachment"]
            .with_user(self.user_personal)
            .create(
                [
                    {
                        "name": "elif_nufus_cuzdani.pdf",
                        "datas": base64.b64encode(b"%PDF-1.4 id"),
                        "res_model": "res.partner",
                        "res_id": self.elif_.id,
                        "miy_document_type_id": self.type_id_copy.id,
                    },
                    {
                        "name": "elif_sozlesme.pdf",
                        "datas": base64.b64encode(b"%PDF-1.4 contract"),
                        "res_model": "res.partner",
                        "res_id": self.elif_.id,
                        "miy_document_type_id": self.env.ref("miy_contacts.document_type_contract").id,
                    },
                ]
            )
        )
        self.elif_.with_user(self.user_personal).message_post(
            body="Belgeler", attachment_ids=(id_copy | contract).ids, message_type="comment"
        )
        seen_by_user = self._chatter_payload(self.elif_, self.user_miy)
        self.assertIn("elif_sozlesme.pdf", seen_by_user)
        self.assertNotIn("elif_nufus_cuzdani.pdf", seen_by_user)
        seen_by_officer = self._chatter_payload(self.elif_, self.user_personal)
        self.assertIn("elif_nufus_cuzdani.pdf", seen_by_officer)
