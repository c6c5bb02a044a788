from odoo.tests import tagged

from .agenda_checkin_common import AgendaCheckinCommon


@tagged("post_install", "-at_install")
class TestAgendaParticipant(AgendaCheckinCommon):
    """Feature 5: participants with organization and role, RSVP overview, SMS."""

    def test_organization_and_role(self):
        self.assertEqual(self.att_ayse.miy_organization_id, self.org)
        self.assertEqual(self.att_ayse.miy_function, "Satın Alma Müdürü")
        self.assertFalse(self.att_ayse.miy_is_internal)
        self.assertTrue(self.att_plain.miy_is_internal)
        self.assertEqual(self.att_plain.miy_organization_id, self.user_plain.company_id.partner_id)
        # MİY Contacts' primary affiliation (its organization and job title there) when there is one
        other_org = self.env["res.partner"].create({"name": "Osmangazi Döküm (test)", "is_company": True})
        self.env["miy.affiliation"].create(
            {"person_id": self.mehmet.id, "organization_id": other_org.id, "function": "Danışman", "is_primary": True}
        )
        self.att_mehmet.invalidate_recordset()
        attendee = self.att_mehmet.with_user(self.user_miy)
        self.assertEqual(attendee.miy_organization_id, other_org)
        self.assertEqual(attendee.miy_function, "Danışman")

    def test_rsvp_overview(self):
        self.att_ayse.do_accept()
        self.att_plain.do_tentative()
        event = self.event.with_user(self.user_miy)
        self.assertEqual(event.miy_invited_count, 5)
        self.assertEqual(event.accepted_count, 2, "organiser and Ayşe")
        self.assertEqual(event.declined_count, 1)
        self.assertEqual(event.tentative_count, 1)
        self.assertEqual(event.awaiting_count, 1, "Mehmet has not answered")
        action = event.action_miy_open_attendees()
        self.assertEqual(
            self.env["calendar.attendee"].search(action["domain"]), self.event.attendee_ids, "the list of participants"
        )

    def test_sms_invitation_through_miy_provider(self):
        if "miy.sms.provider" not in self.env:
            self.skipTest("miy_interactions is not installed: SMS are Odoo's own or none")
        fake = self.env["miy.sms.provider"].create({"name": "Agenda fake", "provider_type": "fake"})
        self.env.company.miy_sms_provider_id = fake
        self.assertTrue(self.event.miy_sms_available)
        self.event.with_user(self.user_miy).action_miy_sms_invitation()
        self.env["sms.sms"].sudo()._process_queue()
        self.assertEqual(fake.fake_message_ids.mapped("number"), ["+905321110001"], "Ayşe alone has a mobile")
        body = fake.fake_message_ids.body
        self.assertIn("Ürün lansmanı (test)", body)
        self.assertNotIn(self.code(self.att_ayse), body, "no check-in code in an SMS logged on the meeting")
        # declined participants get no reminder
        self.att_ayse.do_decline()
        self.event.with_user(self.user_miy).action_miy_sms_reminder()
        self.env["sms.sms"].sudo()._process_queue()
        self.assertEqual(len(fake.fake_message_ids), 1)
