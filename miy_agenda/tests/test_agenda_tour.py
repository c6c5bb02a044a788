from datetime import datetime

from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestAgendaTour(HttpCase):
    def test_book_a_room_from_the_meeting_form(self):
        user = new_test_user(
            self.env,
            login="agenda_tour_user",
            groups="base.group_user,miy_contacts.group_miy_user",
            lang="tr_TR",
            tz="Europe/Istanbul",
        )
        subject = self.env["miy.agenda.subject"].create({"name": "Tur odaları"})
        room = self.env["miy.agenda.resource"].create({"name": "Tur Salonu", "subject_id": subject.id, "capacity": 12})
        Event = self.env["calendar.event"].with_user(user)
        first = Event.create(
            {"name": "Birinci Tur Toplantısı", "start": datetime(2030, 4, 2, 7), "stop": datetime(2030, 4, 2, 8)}
        )
        second = Event.create(
            {"name": "İkinci Tur Toplantısı", "start": datetime(2030, 4, 2, 7), "stop": datetime(2030, 4, 2, 8)}
        )
        url = "/odoo/action-miy_agenda.calendar_event_action_agenda/%s"
        self.start_tour(url % first.id, "miy_agenda_booking_tour", login=user.login)
        self.assertEqual(first.miy_booking_ids.resource_id, room)
        self.start_tour(url % second.id, "miy_agenda_conflict_tour", login=user.login)
        self.assertFalse(second.miy_booking_ids)
