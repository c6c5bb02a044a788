from datetime import timedelta

from odoo import fields
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestAgendaCheckinTour(HttpCase):
    """The front desk at the gate, in Turkish: two codes in a row, a reused code refused, a walk-in."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("tr_TR")
        cls.desk = new_test_user(
            cls.env,
            login="agenda_tour_desk",
            name="Kapı Görevlisi",
            groups="base.group_user,miy_agenda.group_miy_agenda_front_desk",
            lang="tr_TR",
            tz="Europe/Istanbul",
        )
        Partner = cls.env["res.partner"]
        org = Partner.create({"name": "Tur Gıda A.Ş.", "is_company": True})
        cls.ayse = Partner.create({"name": "Ayşe Turist", "email": "ayse.tur@example.com", "parent_id": org.id})
        cls.mehmet = Partner.create({"name": "Mehmet Turist", "email": "mehmet.tur@example.com"})
        start = fields.Datetime.now().replace(microsecond=0) + timedelta(minutes=20)
        cls.event = (
            cls.env["calendar.event"]
            .with_context(no_mail_to_attendees=True)
            .create(
                {
                    "name": "Tur Lansmanı",
                    "start": start,
                    "stop": start + timedelta(hours=2),
                    "partner_ids": [(6, 0, (cls.ayse | cls.mehmet).ids)],
                    "miy_use_checkin": True,
                    "miy_allow_walkin": True,
                }
            )
        )
        # known codes, so that the tour can type them as a scanner would
        for partner, code in ((cls.ayse, "TurKoduAyse0000000001"), (cls.mehmet, "TurKoduMehmet000000002")):
            cls.event.attendee_ids.filtered(lambda a, p=partner: a.partner_id == p).sudo().miy_checkin_code = code

    def test_checkin_desk_tour(self):
        self.start_tour(
            f"/odoo/action-miy_agenda.calendar_event_action_agenda/{self.event.id}",
            "miy_agenda_checkin_tour",
            login=self.desk.login,
        )
        attendees = self.event.attendee_ids
        self.assertEqual(len(attendees.filtered("miy_arrival_datetime")), 3)
        walkin = attendees.filtered("miy_walkin")
        self.assertEqual(walkin.partner_id.name, "Kemal Kapıdan")
        self.assertEqual(walkin.partner_id.parent_id.name, "Gemlik Tekstil Tur")

    def test_pass_page(self):
        code = "TurKoduAyse0000000001"
        response = self.url_open(f"/miy_agenda/pass/{code}")
        self.assertEqual(response.status_code, 200)
        self.assertIn("Ayşe Turist", response.text)
        self.assertIn(f"/report/barcode/QR/{code}", response.text)
        self.assertNotIn("Mehmet Turist", response.text)
        for bogus in ("TurKoduAyse0000000009", "short", "x" * 65, "%27%20or%201=1"):
            self.assertEqual(self.url_open(f"/miy_agenda/pass/{bogus}").status_code, 404, bogus)
        # a declined invitation has no pass any more
        self.event.attendee_ids.filtered(lambda a: a.partner_id == self.ayse).state = "declined"
        self.assertEqual(self.url_open(f"/miy_agenda/pass/{code}").status_code, 404)
