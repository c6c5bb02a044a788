from datetime import date, datetime

from freezegun import freeze_time

from odoo import Command
from odoo.tests import tagged

from .common_service_request import MiyServiceRequestCommon
from .test_service_request_mail import INCOMING


@tagged("post_install", "-at_install")
class TestMeasureDays(MiyServiceRequestCommon):
    """Measure periods are the user's days, not UTC days; an e-mail's own Date: header never
    moves the start of an SLA."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_miy.tz = "Europe/Istanbul"  # UTC+3
        # 01:30 in Istanbul on 2 March (22:30 UTC on the 1st) and 01:30 in Istanbul on 3 March
        cls.early_on_the_2nd = datetime(2026, 3, 1, 22, 30)
        cls.early_on_the_3rd = datetime(2026, 3, 2, 22, 30)

    def _interaction(self, when):
        return (
            self.env["miy.interaction"]
            .with_user(self.user_miy)
            .create({"subject": f"Call {when}", "partner_ids": [Command.set(self.person.ids)], "date": when})
        )

    def test_export_counts_the_users_day(self):
        self._interaction(self.early_on_the_2nd)
        self._interaction(self.early_on_the_3rd)
        Export = self.env["miy.measure.export"].with_user(self.user_miy)
        sheets = {name: rows for name, __, rows in Export._miy_measure_sheets(date(2026, 3, 2), date(2026, 3, 2))}
        self.assertEqual([row[1] for row in sheets["Users"]], [1], "01:30 on the 2nd in Istanbul is the 2nd")
        sheets = {name: rows for name, __, rows in Export._miy_measure_sheets(date(2026, 3, 1), date(2026, 3, 1))}
        self.assertFalse(sheets["Users"], "nothing happened on the 1st in Istanbul")

    def test_service_request_measures_count_the_users_day(self):
        with freeze_time(self.early_on_the_2nd):
            self._request(subject="Early")
        with freeze_time(self.early_on_the_3rd):
            self._request(subject="Next day")
        Request = self.env["miy.service.request"].with_user(self.user_miy)
        __, rows = Request._miy_measure_rows(date(2026, 3, 2), date(2026, 3, 2))
        customers = {row[1]: row[2] for row in rows if row[0] == "Customer"}
        self.assertEqual(customers, {self.org.display_name: 1})
        __, rows = Request._miy_measure_rows("2026-03-01", "2026-03-01")
        self.assertFalse(rows)

    def test_email_date_header_does_not_backdate_the_sla(self):
        # the e-mail says it was written on Monday 2 March 09:15 (+03:00); it arrives on Thursday
        arrival = datetime(2026, 3, 5, 9, 0)
        raw = INCOMING.format(email="ayse@testgida.example", subject="Eski tarihli", msg_id="sr-backdated")
        with freeze_time(arrival):
            self.env["mail.thread"].sudo().message_process("miy.service.request", raw)
        service_request = self.env["miy.service.request"].search([("subject", "=", "Eski tarihli")])
        self.assertEqual(service_request.request_date, arrival, "the clock starts when the e-mail arrives")
        self.assertGreater(service_request.first_response_deadline, arrival)
        with freeze_time(arrival):
            self.env["miy.service.request"]._cron_escalate_breached()
        self.assertFalse(service_request.first_response_escalated, "not escalated on arrival")
