from odoo import Command
from odoo.tests import new_test_user, tagged

from odoo.addons.miy_contacts.tests.turkish_screens import (
    ANY_LIST_READY,
    CHATTER_READY,
    FORM_READY,
    LIST_READY,
    TurkishScreensCase,
)


@tagged("post_install", "-at_install")
class TestTurkishScreens(TurkishScreensCase):
    """A Turkish MİY user and a Turkish portal customer read no English on the screens of
    interactions, service requests and mailings (back office and portal)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user = new_test_user(
            cls.env,
            login="miy_tr_screens_int",
            name="Tur Ekran Satışçı",
            groups="base.group_user,base.group_system,miy_contacts.group_miy_manager,"
            "mass_mailing.group_mass_mailing_user",
            lang="tr_TR",
        )
        Partner = cls.env["res.partner"]
        cls.customer = Partner.create({"name": "Tur Nilüfer Gıda A.Ş.", "is_company": True, "lang": "tr_TR"})
        cls.contact = Partner.create(
            {"name": "Tur Ayşe Yılmaz", "parent_id": cls.customer.id, "email": "ayse@tur-gida.example"}
        )
        cls.env["miy.affiliation"].create({"person_id": cls.contact.id, "organization_id": cls.customer.id})
        cls.portal_user = new_test_user(
            cls.env,
            login="miy_tr_screens_portal",
            name="Tur Portal Müşteri",
            groups="base.group_portal",
            lang="tr_TR",
        )
        cls.portal_user.partner_id.parent_id = cls.customer
        team = cls.env["crm.team"].create({"name": "Tur Servis Ekibi", "user_id": cls.user.id})
        request_type = cls.env["miy.service.request.type"].create(
            {"name": "Tur Arıza", "first_response_hours": 4, "resolution_hours": 16, "team_id": team.id}
        )
        cls.interaction = cls.env["miy.interaction"].create(
            {
                "subject": "Tur fiyat görüşmesi",
                "channel": "phone",
                "partner_ids": [Command.set([cls.contact.id])],
                "user_ids": [Command.set([cls.user.id])],
            }
        )
        cls.service_request = cls.env["miy.service.request"].create(
            {
                "subject": "Tur pompa sızdırıyor",
                "partner_id": cls.customer.id,
                "contact_id": cls.portal_user.partner_id.id,
                "type_id": request_type.id,
                "user_id": cls.user.id,
            }
        )
        segment = cls.env["miy.segment"].create({"name": "Tur gıda müşterileri", "domain": "[('ref', '=', 'TUR')]"})
        cls.mailing = cls.env["mailing.mailing"].create(
            {
                "subject": "Tur yeni katalog",
                "mailing_type": "mail",
                "miy_audience": "segment",
                "miy_segment_id": segment.id,
                "body_html": "<p>Katalogumuz hazır.</p>",
            }
        )

    def test_back_office_screens_show_no_english(self):
        interactions = "/odoo/action-miy_interactions.miy_interaction_action"
        requests = "/odoo/action-miy_interactions.miy_service_request_action"
        mailings = "/odoo/action-miy_interactions.mailing_mailing_action_miy"
        self.assert_turkish_screens(
            self.user.login,
            [
                ("Görüşmeler", f"{interactions}?view_type=list", LIST_READY),
                ("Görüşme", f"{interactions}/{self.interaction.id}", f"{FORM_READY}, {CHATTER_READY}"),
                ("Servis talepleri", f"{requests}?view_type=list", LIST_READY),
                ("Servis talebi", f"{requests}/{self.service_request.id}", CHATTER_READY),
                ("Toplu gönderiler", mailings, LIST_READY),
                ("Toplu gönderi", f"{mailings}/{self.mailing.id}", CHATTER_READY),
                ("Müşteri kartı", f"/odoo/res.partner/{self.customer.id}", FORM_READY),
                ("Servis talepleri (kanban)", requests, ".o_kanban_view .o_kanban_record"),
                ("Takiplerim", "/odoo/action-miy_interactions.mail_activity_action_my_followups", ANY_LIST_READY),
                ("Okunmamış görüşmeler", "/odoo/action-miy_interactions.miy_interaction_action_unread", ANY_LIST_READY),
                ("Gönderilen mesajlar", "/odoo/action-miy_interactions.mailing_trace_action_miy", ANY_LIST_READY),
                ("Talep türleri", "/odoo/action-miy_interactions.miy_service_request_type_action", ANY_LIST_READY),
                ("Görüşme analizi", "/odoo/action-miy_interactions.miy_interaction_action_analysis", ".o_pivot"),
                ("Ölçümler", "/odoo/action-miy_interactions.miy_interaction_report_action", ".o_pivot"),
                ("Servis analizi", "/odoo/action-miy_interactions.miy_service_request_action_analysis", ".o_pivot"),
                (
                    "Ölçüm dışa aktarma",
                    "/odoo/action-miy_interactions.miy_measure_export_action",
                    ".modal .o_form_view",
                    ".modal",
                ),
                (
                    "Ayarlar: MİY",
                    "/odoo/settings",
                    ".app_settings_block[data-key=miy_interactions]",
                    ".app_settings_block[data-key=miy_interactions], .settings_tab [data-key=miy_interactions]",
                    ".settings_tab .tab[data-key=miy_interactions]",
                ),
            ],
        )

    def test_portal_screens_show_no_english(self):
        self.assert_turkish_screens(
            self.portal_user.login,
            [
                ("Portal", "/my", ".o_portal_my_home"),
                ("Portal servis talepleri", "/my/service-requests", "a[href^='/my/service-requests/']"),
                (
                    "Portal servis talebi",
                    f"/my/service-requests/{self.service_request.id}",
                    ".o_miy_service_request .o_miy_service_request_name",
                ),
                ("Portal yeni servis talebi", "/my/service-requests/new", "input[name=subject]"),
            ],
        )
