import base64
from collections import deque

from odoo.exceptions import AccessError
from odoo.fields import Command
from odoo.tests import Form, tagged

from .common import MiyCommon, MiyMenuTests

PDF = base64.b64encode(b"%PDF-1.4 contract between the parties")


class DocumentCommon(MiyCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.food = cls.env["res.partner"].create({"name": "Nilüfer Gıda San. A.Ş.", "is_company": True})
        cls.mehmet = cls.env["res.partner"].create({"name": "Mehmet Kaya", "is_company": False})
        cls.type_contract = cls.env.ref("miy_contacts.document_type_contract")
        cls.type_tax = cls.env.ref("miy_contacts.document_type_tax_certificate")
        cls.type_id_copy = cls.env.ref("miy_contacts.document_type_id_copy")

    def attach(self, partner, name, doc_type=None, user=None):
        return (
            self.env["ir.attachment"]
            .with_user(user or self.user_miy)
            .create(
                {
                    "name": name,
                    "datas": PDF,
                    "res_model": "res.partner",
                    "res_id": partner.id,
                    "miy_document_type_id": doc_type.id if doc_type else False,
                }
            )
        )

    def documents(self, partner, user=None):
        partner = partner.with_user(user or self.user_miy)
        partner.invalidate_recordset(["miy_document_ids"])
        return partner.miy_document_ids


class TestDocuments(DocumentCommon):
    def test_attachments_of_a_partner_are_its_documents(self):
        contract = self.attach(self.food, "Bayilik sözleşmesi 2025.pdf", self.type_contract)
        untyped = self.attach(self.food, "scan.pdf")
        self.assertEqual(contract.miy_partner_id, self.food)
        self.assertEqual(self.documents(self.food), contract | untyped)
        self.assertFalse(self.documents(self.mehmet))
        untyped.with_user(self.user_miy).miy_document_type_id = self.type_tax
        self.assertEqual(untyped.miy_document_type_id, self.type_tax)

    def test_other_attachments_are_not_documents(self):
        other = self.env["ir.attachment"].create({"name": "other.pdf", "datas": PDF, "res_model": "res.users"})
        self.assertFalse(other.miy_partner_id)
        # the partner's image is stored as an attachment of a binary field: not a document
        self.food.image_1920 = base64.b64encode(
            base64.b64decode(
                "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
            )
        )
        image = (
            self.env["ir.attachment"]
            .with_context(skip_res_field_check=True)
            .search([("res_model", "=", "res.partner"), ("res_id", "=", self.food.id), ("res_field", "!=", False)])
        )
        self.assertTrue(image)
        self.assertFalse(image.mapped("miy_partner_id"))
        self.assertFalse(self.documents(self.food))

    def test_upload_from_the_documents_tab(self):
        with Form(self.food.with_user(self.user_miy)) as form:
            with form.miy_document_ids.new() as line:
                line.datas = PDF
                line.name = "Vergi levhası 2025.pdf"
                line.miy_document_type_id = self.type_tax
        document = self.documents(self.food)
        self.assertEqual(document.name, "Vergi levhası 2025.pdf")
        self.assertEqual((document.res_model, document.res_id), ("res.partner", self.food.id))
        self.assertEqual(document.miy_document_type_id, self.type_tax)
        self.assertEqual(base64.b64decode(document.datas), base64.b64decode(PDF))

    def test_create_with_partner_only_links_the_record(self):
        document = (
            self.env["ir.attachment"]
            .with_user(self.user_miy)
            .create({"name": "teklif.pdf", "datas": PDF, "miy_partner_id": self.food.id})
        )
        self.assertEqual((document.res_model, document.res_id), ("res.partner", self.food.id))
        self.food.with_user(self.user_miy).write(
            {"miy_document_ids": [Command.create({"name": "teklif-2.pdf", "datas": PDF})]}
        )
        self.assertEqual(len(self.documents(self.food)), 2)

    def test_files_posted_on_the_chatter_become_documents(self):
        upload = (
            self.env["ir.attachment"]
            .with_user(self.user_miy)
            .create({"name": "protokol.pdf", "datas": PDF, "res_model": "mail.compose.message", "res_id": 0})
        )
        self.assertFalse(upload.miy_partner_id)
        self.food.with_user(self.user_miy).message_post(body="Signed protocol", attachment_ids=upload.ids)
        self.assertEqual(upload.miy_partner_id, self.food)
        self.assertIn(upload, self.documents(self.food))

    def test_search_by_name_and_type(self):
        contract = self.attach(self.food, "Bayilik 2025.pdf", self.type_contract)
        tax = self.attach(self.food, "levha.pdf", self.type_tax)
        Attachment = self.env["ir.attachment"].with_user(self.user_miy)

        def search(text):
            # the domain of the "Document" field of the Documents search view
            return Attachment.search(
                [
                    ("miy_partner_id", "in", (self.food | self.mehmet).ids),  # demo data may hold look-alikes
                    "|",
                    "|",
                    ("name", "ilike", text),
                    ("miy_document_type_id.name", "ilike", text),
                    ("description", "ilike", text),
                ]
            )

        self.assertEqual(search("bayilik"), contract)
        self.assertEqual(search("contract"), contract)
        self.assertEqual(search("tax cert"), tax)
        partners = (
            self.env["res.partner"]
            .with_user(self.user_miy)
            .search([("miy_document_ids.name", "ilike", "levha"), ("id", "in", (self.food | self.mehmet).ids)])
        )
        self.assertEqual(partners, self.food)

    def test_installation_fills_the_partner_of_existing_attachments(self):
        """Installing on a database with attachments fills the new columns with SQL, no recompute."""
        document = self.attach(self.food, "eski.pdf", self.type_id_copy, user=self.user_personal)
        other = self.env["ir.attachment"].create({"name": "other.pdf", "datas": PDF, "res_model": "res.users"})
        self.env.flush_all()
        self.env.cr.execute("ALTER TABLE ir_attachment DROP COLUMN miy_partner_id, DROP COLUMN miy_is_personal")
        # what the registry does when it sets up a model's table (post-init steps not needed here)
        self.registry._post_init_queue = deque()
        self.addCleanup(delattr, self.registry, "_post_init_queue")
        self.env["ir.attachment"]._auto_init()
        self.env.cr.execute(
            "SELECT id, miy_partner_id, miy_is_personal FROM ir_attachment WHERE id IN %s ORDER BY id",
            [(document.id, other.id)],
        )
        self.assertEqual(self.env.cr.fetchall(), [(document.id, self.food.id, True), (other.id, None, None)])

    def test_document_count_per_type(self):
        before = self.type_contract.with_user(self.user_manager).document_count
        self.type_contract.invalidate_recordset(["document_count"])
        self.attach(self.food, "a.pdf", self.type_contract)
        self.attach(self.mehmet, "b.pdf", self.type_contract)
        self.assertEqual(self.type_contract.with_user(self.user_manager).document_count, before + 2)


class TestDocumentAccess(DocumentCommon):
    def test_plain_user_has_no_access(self):
        with self.assertRaises(AccessError):
            self.env["miy.document.type"].with_user(self.user_plain).search([], limit=1)
        self.assertNotIn(
            "miy_document_ids",
            self.env["res.partner"].with_user(self.user_plain).get_views([(False, "form")])["views"]["form"]["arch"],
        )
        with self.assertRaises(AccessError):
            self.food.with_user(self.user_plain).miy_document_ids  # noqa: B018

    def test_only_managers_configure_types(self):
        with self.assertRaises(AccessError):
            self.env["miy.document.type"].with_user(self.user_miy).create({"name": "Invoice copy"})
        with self.assertRaises(AccessError):
            self.type_contract.with_user(self.user_miy).write({"is_personal": True})
        doc_type = self.env["miy.document.type"].with_user(self.user_manager).create({"name": "Invoice copy"})
        self.assertIn(doc_type, self.env["miy.document.type"].with_user(self.user_miy).search([]))

    def test_personal_documents_need_the_personal_data_group(self):
        id_copy = self.attach(self.mehmet, "kimlik.pdf", self.type_id_copy, user=self.user_personal)
        cv = self.attach(self.mehmet, "cv.pdf", user=self.user_personal)
        self.assertEqual(self.documents(self.mehmet, self.user_personal), id_copy | cv)
        self.assertTrue(id_copy.miy_is_personal)
        # a MİY user without the group neither sees nor reads nor records an ID copy
        self.assertEqual(self.documents(self.mehmet, self.user_miy), cv)
        with self.assertRaises(AccessError):
            id_copy.with_user(self.user_miy).read(["name"])
        with self.assertRaisesRegex(AccessError, "Personal data"):
            self.attach(self.mehmet, "kimlik-2.pdf", self.type_id_copy, user=self.user_miy)
        with self.assertRaisesRegex(AccessError, "Personal data"):
            cv.with_user(self.user_miy).miy_document_type_id = self.type_id_copy
        self.assertFalse(cv.miy_document_type_id)
        # the personal data officer may reclassify it
        cv.with_user(self.user_personal).miy_document_type_id = self.type_id_copy
        self.assertFalse(self.documents(self.mehmet, self.user_miy))


@tagged("post_install", "-at_install")
class TestDocumentMenus(MiyMenuTests, MiyCommon):
    menu_xmlids = ("miy_contacts.ir_attachment_menu_miy_document",)
    action_xmlids = ("miy_contacts.ir_attachment_action_miy_document",)

    def test_configuration_menu_for_managers(self):
        menu = self.env.ref("miy_contacts.miy_document_type_menu")
        self.assertIn(menu.id, self.env["ir.ui.menu"].with_user(self.user_manager).load_menus(debug=False))
        self.assertNotIn(menu.id, self.env["ir.ui.menu"].with_user(self.user_miy).load_menus(debug=False))
