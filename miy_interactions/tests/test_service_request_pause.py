from datetime import datetime

from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.tests import tagged

from odoo.addons.mail.tests.common import MockEmail

from .common_service_request import MONDAY, MiyServiceRequestCommon


def _at(day, hour, minute=0):
    """A moment of the test week: day 0 is Monday 2 March 2026 (UTC, the calendar's zone)."""
    return datetime(2026, 3, 2 + day, hour, minute)


@tagged("post_install", "-at_install")
class TestServiceRequestPause(MiyServiceRequestCommon, MockEmail):
    """Working hours spent waiting for the customer pause the SLA clock.

    Test Fault: first response 4 h, resolution 16 h; calendar 08-12 and 13-17 UTC on weekdays.
    Opened Monday 10:00, the resolution deadline is Wednesday 10:00 without pauses.
    """

    def _open(self):
        with freeze_time(MONDAY.replace(hour=10)):
            service_request = self._request(user=self.user_miy)
        with freeze_time(MONDAY.replace(hour=11)):
            service_request.with_user(self.user_miy).action_start()
        self.assertEqual(service_request.resolution_deadline, _at(2, 10))
        return service_request

    def test_waiting_time_moves_the_deadline_and_is_not_counted(self):
        service_request = self._open().with_user(self.user_miy)
        with freeze_time(_at(0, 13)):
            service_request.action_wait_customer()
        self.assertEqual(service_request.waiting_since, _at(0, 13))
        self.assertEqual(service_request.sla_paused_hours, 0.0)
        self.assertEqual(service_request.resolution_deadline, _at(2, 10), "moves only when the wait ends")
        with freeze_time(_at(1, 13)):  # the customer answered: Monday 13-17 and Tuesday 08-12 waited
            service_request.action_start()
        self.assertFalse(service_request.waiting_since)
        self.assertEqual(service_request.sla_paused_hours, 8.0)
        self.assertEqual(service_request.resolution_deadline, _at(3, 10), "8 working hours later: Thursday 10:00")
        # a second wait adds up: Tuesday 16:00 to Wednesday 09:00 is 2 working hours
        with freeze_time(_at(1, 16)):
            service_request.action_wait_customer()
        with freeze_time(_at(2, 9)):
            service_request.action_start()
        self.assertEqual(service_request.sla_paused_hours, 10.0)
        self.assertEqual(service_request.resolution_deadline, _at(3, 12))
        self.assertEqual(service_request.first_response_hours, 1.0, "answered before the waits")
        self.assertEqual(service_request.first_response_deadline, _at(0, 15), "already met: does not move")
        with freeze_time(_at(3, 11)):
            service_request.action_resolve()
        # Monday 10:00 to Thursday 11:00 is 6 + 8 + 8 + 3 = 25 working hours, 10 of them waiting
        self.assertEqual(service_request.resolution_hours, 15.0)
        self.assertTrue(service_request.resolution_within_sla, "within the 16 h target thanks to the pauses")
        self.assertTrue(service_request.sla_within)
        self.assertEqual(service_request.sla_within_percent, 100.0)
        # stored and searchable, as the lists and the measures use them
        Request = self.env["miy.service.request"].with_user(self.user_miy)
        self.assertIn(service_request, Request.search([("sla_paused_hours", "=", 10.0), ("sla_within", "=", True)]))
        self.assertIn(service_request, Request.search([("resolution_deadline", "=", _at(3, 12))]))

    def test_resolving_while_waiting_leaves_the_wait_out(self):
        service_request = self._open().with_user(self.user_miy)
        with freeze_time(_at(0, 11, 30)):
            service_request.action_wait_customer()
        with freeze_time(_at(1, 11)):  # the customer confirms the fix: resolved straight from waiting
            service_request.action_resolve()
        # waited Monday 11:30-12, 13-17 and Tuesday 08-11: 7.5 h; open Monday 10:00 to Tuesday 11:00: 9 h;
        # the deadline moved from Wednesday 10:00 by 7.5 working hours
        self.assertEqual(service_request.sla_paused_hours, 7.5)
        self.assertAlmostEqual(service_request.resolution_hours, 1.5, places=2)
        self.assertEqual(service_request.resolution_deadline, _at(3, 9, 30))

    def test_a_paused_request_does_not_escalate(self):
        service_request = self._open().with_user(self.user_miy)
        Request = self.env["miy.service.request"]
        with freeze_time(_at(0, 13)):
            service_request.action_wait_customer()
        with freeze_time(_at(2, 11)), self.mock_mail_gateway():  # past the original Wednesday 10:00 deadline
            Request._cron_escalate_breached()
        self.assertFalse(service_request.resolution_escalated, "waiting for the customer: paused")
        self.assertTrue(service_request.resolution_within_sla)
        with freeze_time(_at(3, 9)):  # waited 4 + 8 + 8 + 1 = 21 working hours: deadline Friday 16:00
            service_request.action_start()
        self.assertEqual(service_request.resolution_deadline, _at(4, 16))
        with freeze_time(_at(4, 15, 30)), self.mock_mail_gateway():
            Request._cron_escalate_breached()
        self.assertFalse(service_request.resolution_escalated)
        with freeze_time(_at(4, 16, 30)), self.mock_mail_gateway():
            Request._cron_escalate_breached()
        self.assertTrue(service_request.resolution_escalated, "the clock runs again after the wait")
        self.assertFalse(service_request.resolution_within_sla)

    def test_a_request_created_waiting_starts_paused(self):
        with freeze_time(MONDAY.replace(hour=10)):
            service_request = self._request(user=self.user_miy, state="waiting")
        self.assertEqual(service_request.waiting_since, MONDAY.replace(hour=10))
        with freeze_time(_at(0, 15)):
            service_request.with_user(self.user_miy).action_start()
        self.assertEqual(service_request.sla_paused_hours, 4.0)
        self.assertEqual(service_request.resolution_deadline, _at(2, 15))

    def test_only_users_who_may_edit_the_request_pause_it(self):
        service_request = self._open()
        with self.assertRaises(AccessError), freeze_time(_at(0, 13)):
            service_request.with_user(self.user_other_team).action_wait_customer()
        self.assertEqual(service_request.state, "in_progress")
        self.assertFalse(service_request.waiting_since)
