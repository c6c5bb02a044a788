from freezegun import freeze_time

from odoo.tests import tagged

from .common_service_request import MONDAY, MiyServiceRequestCommon


@tagged("post_install", "-at_install")
class TestTurkishTexts(MiyServiceRequestCommon):
    """What MİY writes or sends in a Turkish user's name reads Turkish: the digests sent by the
    crons (no language in their context) and the chatter's creation line of a request."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("tr_TR")
        cls.user_miy.lang = "tr_TR"

    def test_digests_are_sent_in_the_users_language(self):
        for xmlid in (
            "miy_interactions.mail_template_followup_digest",
            "miy_interactions.mail_template_unread_digest",
        ):
            template = self.env.ref(xmlid)
            with self.subTest(template=xmlid):
                self.assertEqual(template._render_lang(self.user_miy.ids)[self.user_miy.id], "tr_TR")
                self.assertEqual(template._render_lang(self.user_colleague.ids)[self.user_colleague.id], "en_US")
                subject = template._render_field("subject", self.user_miy.ids, compute_lang=True)[self.user_miy.id]
                self.assertNotIn("Your", subject)

    def test_request_created_line_in_turkish(self):
        context = {key: value for key, value in self.env.context.items() if key not in ("lang", "tracking_disable")}
        ServiceRequest = self.env(user=self.user_miy, context=context)["miy.service.request"]
        service_request = ServiceRequest.create(
            {"subject": "Tur pompa", "partner_id": self.org.id, "type_id": self.type_fault.id}
        )
        self.assertIn("Servis Talebi oluşturuldu", service_request.message_ids[-1].body)

    def test_settings_tab_has_the_product_name(self):
        for lang in ("en_US", "tr_TR"):
            Settings = self.env["res.config.settings"].with_context(lang=lang)
            arch = Settings.get_views([(False, "form")])["views"]["form"]["arch"]
            with self.subTest(lang=lang):
                self.assertRegex(arch, r'<app [^>]*string="MİY"[^>]*name="miy_interactions"')
                self.assertNotIn("CRM+", arch)

    def test_escalation_note_in_the_cron_users_language(self):
        """A cron's context has no language: the note is in the cron user's (Turkish here)."""
        self.env.user.lang = "tr_TR"
        with freeze_time(MONDAY.replace(hour=10)):
            no_manager = self._request(user=self.user_other_team, subject="Samsun", type_id=self.type_samsun.id)
        Request = self.env(context={})["miy.service.request"]
        with freeze_time(MONDAY.replace(hour=15, minute=30)):
            Request._cron_escalate_breached()
        self.assertTrue(no_manager.first_response_escalated)
        body = no_manager.message_ids[0].body
        self.assertIn("hedefi kaçırıldı", body)
        self.assertNotIn("target was missed", body)
