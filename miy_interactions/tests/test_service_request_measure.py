from datetime import date, datetime

from freezegun import freeze_time

from odoo.tests import tagged

from .common_service_request import MONDAY, MiyServiceRequestCommon


@tagged("post_install", "-at_install")
class TestServiceRequestMeasures(MiyServiceRequestCommon):
    def test_measure_rows_per_customer_user_and_team(self):
        other_customer = self.env["res.partner"].create({"name": "Test Ölçüm Ltd.", "is_company": True})
        self.type_fault.user_id = self.user_miy
        with freeze_time(MONDAY.replace(hour=10)):
            fast = self._request(subject="Fast")
            slow = self._request(subject="Slow")
            open_ok = self._request(subject="Open", partner_id=other_customer.id, contact_id=False)
            cancelled = self._request(subject="Cancelled")
        with freeze_time(MONDAY.replace(hour=11)):
            fast.action_start()
        with freeze_time(MONDAY.replace(hour=13)):
            fast.action_resolve()  # response 1 h, resolution 2 h: within
        with freeze_time(MONDAY.replace(hour=16)):
            slow.action_start()  # response 5 h: first-response target missed
        with freeze_time(datetime(2026, 3, 3, 12, 0)):
            slow.action_resolve()  # resolution 10 h
            cancelled.action_cancel()
        with freeze_time(datetime(2026, 3, 10, 12, 0)):
            outside = self._request(subject="Next week")

        headers, rows = self.env["miy.service.request"]._miy_measure_rows(date(2026, 3, 1), date(2026, 3, 7))
        self.assertEqual(len(headers), 6)
        by_key = {(row[0], row[1]): row[2:] for row in rows}
        # customer Test Gıda: fast + slow (cancelled left out); avg response (1+5)/2, resolution (2+10)/2, 1 of 2 in SLA
        self.assertEqual(by_key[("Customer", self.org.display_name)], [2, 3.0, 6.0, 50.0])
        # the open request within SLA has no outcome yet: counted, not averaged
        self.assertEqual(by_key[("Customer", other_customer.display_name)], [1, None, None, None])
        self.assertEqual(by_key[("User", self.user_miy.display_name)], [3, 3.0, 6.0, 50.0])
        self.assertEqual(by_key[("Team", self.team_bursa.display_name)], [3, 3.0, 6.0, 50.0])
        self.assertEqual(sum(r[2] for r in rows if r[0] == "Customer"), 3, "the next week's request is left out")
        self.assertTrue(outside.exists())
        self.assertTrue(open_ok.sla_within)

    def test_pivot_share_within_sla(self):
        with freeze_time(MONDAY.replace(hour=10)):
            within = self._request(subject="Within")
            late = self._request(subject="Late")
        with freeze_time(MONDAY.replace(hour=11)):
            within.action_resolve()
        with freeze_time(datetime(2026, 3, 5, 11)):
            late.action_resolve()
        groups = (
            self.env["miy.service.request"]
            .with_user(self.user_miy)
            .read_group(
                [("id", "in", (within | late).ids)],
                ["sla_within_percent:avg", "resolution_hours:avg", "first_response_hours:avg"],
                ["team_id"],
            )
        )
        self.assertEqual(len(groups), 1)
        self.assertEqual(groups[0]["sla_within_percent"], 50.0)
        self.assertEqual(groups[0]["resolution_hours"], (1.0 + 25.0) / 2)
