from odoo.tests import tagged

from .common import AgendaCommon


@tagged("post_install", "-at_install")
class TestBookingPrivacy(AgendaCommon):
    """A booking shows its meeting as Odoo's calendar shows it to the reader: the title of a private
    meeting stays with its attendees, everyone else sees the room busy."""

    def test_private_meeting_title_stays_private(self):
        meeting = self.meeting(
            "Acquisition talks (test)", self.utc(2026, 3, 2, 7), self.utc(2026, 3, 2, 8), self.room, privacy="private"
        )
        booking = meeting.miy_booking_ids
        self.assertEqual(booking.with_user(self.user_miy).name, "Acquisition talks (test)")
        # another user reads in a request of its own: nothing of the organiser's reads is in the cache
        self.env.invalidate_all()
        other = booking.with_user(self.user_plain)
        self.assertNotIn("Acquisition", other.name or "")
        self.assertNotIn("Acquisition", other.display_name or "")
        rows = other.search_read([("id", "=", booking.id)], ["name", "display_name"])
        self.assertNotIn("Acquisition", str(rows))
        self.assertFalse(
            self.env["miy.agenda.booking"].with_user(self.user_plain).search([("name", "ilike", "Acquisition")])
        )
        # the organiser and the time stay visible: the room is busy
        self.assertEqual(other.user_id, self.user_miy)
        self.assertEqual(other.start, meeting.start)

    def test_public_meeting_title_is_shown(self):
        meeting = self.meeting("Supplier visit (test)", self.utc(2026, 3, 3, 7), self.utc(2026, 3, 3, 8), self.room)
        self.assertEqual(meeting.miy_booking_ids.with_user(self.user_plain).name, "Supplier visit (test)")
