import logging
from datetime import datetime

from freezegun import freeze_time

from odoo.tests import tagged

from odoo.addons.mail.tests.common import MockEmail

from .common_service_request import MONDAY, MiyServiceRequestCommon

_logger = logging.getLogger(__name__)


@tagged("post_install", "-at_install")
class TestServiceRequestEscalation(MiyServiceRequestCommon, MockEmail):
    """The escalation cron alerts the team manager once per missed target."""

    def _escalations(self, requests):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "miy.service.request"),
                ("res_id", "in", requests.ids),
                ("activity_type_id", "=", self.env.ref("miy_interactions.mail_activity_type_sla_escalation").id),
            ]
        )

    def _manager_mails(self):
        return self._new_mails.filtered(lambda m: self.user_manager.partner_id in m.recipient_ids)

    def test_breached_requests_escalate_once_per_target(self):
        with freeze_time(MONDAY.replace(hour=10)):
            late_1 = self._request(user=self.user_miy, subject="Late one")
            late_2 = self._request(user=self.user_miy, subject="Late two")
            answered = self._request(user=self.user_miy, subject="Answered")
            no_manager = self._request(user=self.user_other_team, subject="Samsun", type_id=self.type_samsun.id)
        with freeze_time(MONDAY.replace(hour=11)):
            answered.action_start()
        Request = self.env["miy.service.request"]

        with freeze_time(MONDAY.replace(hour=14, minute=59)), self.mock_mail_gateway():
            Request._cron_escalate_breached()
        self.assertFalse(self._escalations(late_1 | late_2 | answered | no_manager), "nothing breached yet")

        with freeze_time(MONDAY.replace(hour=15, minute=30)), self.mock_mail_gateway():
            Request._cron_escalate_breached()
            mails = self._manager_mails()
        activities = self._escalations(late_1 | late_2 | answered | no_manager)
        self.assertEqual(sorted(activities.mapped("res_id")), sorted((late_1 | late_2).ids))
        self.assertEqual(activities.user_id, self.user_manager, "assigned to the team manager")
        self.assertEqual(len(mails), 1, "one e-mail listing both requests")
        self.assertIn(late_1.name, mails.body_html)
        self.assertIn(late_2.name, mails.body_html)
        self.assertTrue(late_1.first_response_escalated)
        self.assertFalse(late_1.first_response_within_sla)
        self.assertFalse(late_1.sla_within)
        self.assertFalse(late_1.resolution_escalated, "the resolution target is not missed yet")
        self.assertTrue(answered.sla_within)
        self.assertTrue(no_manager.first_response_escalated)
        self.assertIn("no team manager", no_manager.message_ids[0].body)

        with freeze_time(MONDAY.replace(hour=16)), self.mock_mail_gateway():
            Request._cron_escalate_breached()
            self.assertFalse(self._manager_mails(), "idempotent: no second e-mail")
        self.assertEqual(len(self._escalations(late_1 | late_2)), 2, "idempotent: no second activity")

        # Wednesday 10:00 is the resolution deadline: the three open requests escalate again, once.
        with freeze_time(datetime(2026, 3, 4, 10, 30)), self.mock_mail_gateway():
            Request._cron_escalate_breached()
            Request._cron_escalate_breached()
            mails = self._manager_mails()
        self.assertEqual(len(mails), 1)
        self.assertIn(answered.name, mails.body_html)
        self.assertEqual(len(self._escalations(late_1 | late_2 | answered)), 5)
        self.assertTrue((late_1 | late_2 | answered).mapped("resolution_escalated")[0])
        self.assertTrue(all((late_1 | late_2 | answered).mapped("resolution_escalated")))
        self.assertFalse(answered.resolution_within_sla)

    def test_resolved_or_cancelled_requests_do_not_escalate(self):
        with freeze_time(MONDAY.replace(hour=10)):
            resolved = self._request(user=self.user_miy)
            cancelled = self._request(user=self.user_miy)
            resolved.action_resolve()
            cancelled.action_cancel()
        with freeze_time(datetime(2026, 3, 10, 10, 0)), self.mock_mail_gateway():
            self.env["miy.service.request"]._cron_escalate_breached()
            self.assertFalse(self._manager_mails())
        self.assertFalse(self._escalations(resolved | cancelled))
        self.assertTrue(resolved.sla_within)

    def test_escalation_query_count_does_not_grow_per_request(self):
        """The cron's own work is batched: ten breached requests cost about the queries of two."""
        counts = []
        for size in (1, 2, 10):  # the first run warms caches (templates, xmlids) and is not compared
            with freeze_time(MONDAY.replace(hour=10)):
                requests = self.env["miy.service.request"].create(
                    [
                        {"subject": f"Bulk {size}-{n}", "partner_id": self.org.id, "type_id": self.type_fault.id}
                        for n in range(size)
                    ]
                )
            self.env.flush_all()
            self.env.invalidate_all()
            with freeze_time(MONDAY.replace(hour=16)), self.mock_mail_gateway():
                start = self.env.cr.sql_log_count
                self.env["miy.service.request"]._cron_escalate_breached()
                self.env.flush_all()
                counts.append(self.env.cr.sql_log_count - start)
            self.assertTrue(all(requests.mapped("first_response_escalated")))
        _logger.info("escalation queries for 1, 2 and 10 requests: %s", counts)
        # measured constant (30 queries for 2 and for 10); 2 queries of headroom for Odoo's own changes
        self.assertLessEqual(counts[2], counts[1] + 2, counts)
