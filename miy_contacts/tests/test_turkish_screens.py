from odoo import Command
from odoo.tests import new_test_user, tagged

from .turkish_screens import ANY_LIST_READY, DIALOG_READY, FORM_READY, KANBAN_READY, LIST_READY, TurkishScreensCase


@tagged("post_install", "-at_install")
class TestTurkishScreens(TurkishScreensCase):
    """A Turkish MİY user reads no English on the partner screens (every tab of the card)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user = new_test_user(
            cls.env,
            login="miy_tr_screens",
            name="Tur Ekran Kullanıcı",
            groups="base.group_user,miy_contacts.group_miy_personal_data,miy_contacts.group_miy_manager",
            lang="tr_TR",
        )
        Partner = cls.env["res.partner"]
        cls.organization = Partner.create(
            {
                "name": "Tur Nilüfer Gıda A.Ş.",
                "is_company": True,
                "street": "Organize Sanayi Bölgesi",
                "city": "Bursa",
                "miy_role_ids": [Command.link(cls.env.ref("miy_contacts.partner_role_customer").id)],
                "miy_phone_ids": [Command.create({"phone_type": "office", "number": "0224 444 55 66"})],
            }
        )
        other = Partner.create({"name": "Tur Gemlik Tekstil", "is_company": True})
        cls.person = Partner.create(
            {
                "name": "Tur Ayşe Yılmaz",
                "miy_phone_ids": [Command.create({"phone_type": "mobile", "number": "0532 111 22 33"})],
            }
        )
        cls.env["miy.affiliation"].create(
            {"person_id": cls.person.id, "organization_id": cls.organization.id, "function": "Satın Alma Müdürü"}
        )
        cls.env["miy.partner.relation"].create(
            {
                "type_id": cls.env.ref("miy_contacts.relation_type_distributor").id,
                "left_partner_id": cls.organization.id,
                "right_partner_id": other.id,
            }
        )

    def test_partner_screens_show_no_english(self):
        organizations = "/odoo/action-miy_contacts.res_partner_action_organization"
        persons = "/odoo/action-miy_contacts.res_partner_action_person"
        self.assert_turkish_screens(
            self.user.login,
            [
                ("Kuruluşlar", organizations, KANBAN_READY),
                ("Kuruluşlar (liste)", f"{organizations}?view_type=list", LIST_READY),
                ("Kuruluş kartı", f"{organizations}/{self.organization.id}", FORM_READY),
                ("Kişiler", persons, KANBAN_READY),
                ("Kişi kartı", f"{persons}/{self.person.id}", FORM_READY),
                ("Bağlantılar", "/odoo/action-miy_contacts.miy_partner_relation_action", LIST_READY),
                ("Segmentler", "/odoo/action-miy_contacts.miy_segment_action", ANY_LIST_READY),
                ("Belgeler", "/odoo/action-miy_contacts.ir_attachment_action_miy_document", ANY_LIST_READY),
                ("Sınıflandırma", "/odoo/action-miy_contacts.res_partner_action_classification", ANY_LIST_READY),
                ("Arayan kim?", "/odoo/action-miy_contacts.miy_caller_lookup_action", DIALOG_READY, ".modal"),
                (
                    "vCard içe aktar",
                    "/odoo/action-miy_contacts.miy_partner_import_wizard_action",
                    DIALOG_READY,
                    ".modal",
                ),
            ],
        )
