from datetime import datetime

from freezegun import freeze_time

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import new_test_user, tagged

from odoo.addons.miy_contacts.tests.common import MiyCommon, MiyMenuTests

from .common_service_request import MONDAY, MiyServiceRequestCommon


@tagged("post_install", "-at_install")
class TestServiceRequest(MiyServiceRequestCommon):
    """Request types, routing, working-hours timers, bad input and access."""

    def test_reference_routing_and_working_hours_deadlines(self):
        with freeze_time(MONDAY.replace(hour=10)):
            request = self._request(user=self.user_miy)
        self.assertTrue(request.name.startswith("SR/2026/"), request.name)
        self.assertEqual(request.team_id, self.team_bursa, "routed by the type")
        self.assertEqual(request.state, "new")
        self.assertEqual(request.channel, "form")
        # 4 working hours from Monday 10:00: 10-12 and 13-15 (lunch excluded)
        self.assertEqual(request.first_response_deadline, datetime(2026, 3, 2, 15, 0))
        # 16 working hours: Monday 6 h, Tuesday 8 h, Wednesday 08-10
        self.assertEqual(request.resolution_deadline, datetime(2026, 3, 4, 10, 0))
        self.assertTrue(request.sla_within)
        self.assertIn(self.person, request.message_partner_ids, "the contact follows the request")

    def test_changing_a_target_does_not_rewrite_past_deadlines(self):
        with freeze_time(MONDAY.replace(hour=10)):
            request = self._request(user=self.user_miy)
        self.assertEqual(request.first_response_deadline, datetime(2026, 3, 2, 15, 0))
        self.env.flush_all()  # the end of the request that created it
        self.type_fault.with_user(self.user_manager).first_response_hours = 1
        request.invalidate_recordset()
        self.assertEqual(request.first_response_deadline, datetime(2026, 3, 2, 15, 0))
        with freeze_time(MONDAY.replace(hour=10)):
            newer = self._request(user=self.user_miy)
        self.assertEqual(newer.first_response_deadline, datetime(2026, 3, 2, 11, 0))

    def test_type_routes_to_user(self):
        self.type_fault.user_id = self.user_colleague
        request = self._request(user=self.user_miy)
        self.assertEqual(request.user_id, self.user_colleague)
        self.assertEqual(request.team_id, self.team_bursa)

    def test_public_holiday_is_not_working_time(self):
        self.env["resource.calendar.leaves"].create(
            {
                "name": "Test holiday",
                "calendar_id": self.calendar.id,
                "date_from": datetime(2026, 3, 3, 0, 0),
                "date_to": datetime(2026, 3, 3, 23, 59, 59),
            }
        )
        with freeze_time(MONDAY.replace(hour=10)):
            request = self._request(user=self.user_miy)
        # Tuesday is a holiday: Monday 6 h, Wednesday 8 h, Thursday 08-10
        self.assertEqual(request.resolution_deadline, datetime(2026, 3, 5, 10, 0))
        with freeze_time(datetime(2026, 3, 4, 10, 0)):
            request.action_resolve()
        self.assertEqual(request.resolution_hours, 8.0, "Monday 10-17 (6 h) + Wednesday 08-10 (2 h)")

    def test_first_response_is_our_first_message_to_the_customer(self):
        with freeze_time(MONDAY.replace(hour=10)):
            request = self._request(user=self.user_miy)
        with freeze_time(MONDAY.replace(hour=10, minute=30)):
            request.with_user(self.user_miy).message_post(body="Internal: checking stock", subtype_xmlid="mail.mt_note")
        self.assertFalse(request.first_response_date, "an internal note is not a response")
        with freeze_time(MONDAY.replace(hour=11, minute=30)):
            request.with_user(self.user_miy).message_post(
                body="We are on it.", message_type="comment", subtype_xmlid="mail.mt_comment"
            )
        self.assertEqual(request.first_response_date, MONDAY.replace(hour=11, minute=30))
        self.assertEqual(request.first_response_hours, 1.5)
        self.assertTrue(request.first_response_within_sla)
        self.assertEqual(request.state, "new")

    def test_customer_message_is_not_a_response(self):
        with freeze_time(MONDAY.replace(hour=10)):
            request = self._request(user=self.user_miy)
            request.message_post(
                body="Any news?", author_id=self.person.id, message_type="comment", subtype_xmlid="mail.mt_comment"
            )
        self.assertFalse(request.first_response_date)

    def test_state_change_times_response_and_resolution(self):
        with freeze_time(MONDAY.replace(hour=10)):
            request = self._request(user=self.user_miy)
        with freeze_time(MONDAY.replace(hour=16)):
            request.with_user(self.user_miy).action_start()
        self.assertEqual(request.state, "in_progress")
        self.assertEqual(request.first_response_date, MONDAY.replace(hour=16))
        self.assertEqual(request.first_response_hours, 5.0)
        self.assertFalse(request.first_response_within_sla, "answered after the 15:00 deadline")
        self.assertFalse(request.sla_within)
        self.assertEqual(request.sla_within_percent, 0.0)
        with freeze_time(datetime(2026, 3, 3, 12, 0)):
            request.with_user(self.user_miy).action_resolve()
        self.assertEqual(request.resolution_date, datetime(2026, 3, 3, 12, 0))
        self.assertEqual(request.resolution_hours, 10.0, "Monday 10-17 (6 h) + Tuesday 08-12 (4 h)")
        self.assertTrue(request.resolution_within_sla)
        with freeze_time(datetime(2026, 3, 3, 13, 0)):
            request.with_user(self.user_miy).action_reopen()
        self.assertFalse(request.resolution_date, "a reopened request is no longer resolved")
        self.assertEqual(request.resolution_hours, 0.0)

    def test_weekend_is_not_counted(self):
        with freeze_time(datetime(2026, 3, 6, 16, 0)):  # Friday
            request = self._request(user=self.user_miy)
        self.assertEqual(request.first_response_deadline, datetime(2026, 3, 9, 11, 0), "Friday 1 h + Monday 3 h")
        with freeze_time(datetime(2026, 3, 9, 9, 0)):
            request.with_user(self.user_miy).action_resolve()
        self.assertEqual(request.resolution_hours, 2.0)
        self.assertTrue(request.sla_within)
        self.assertEqual(request.sla_within_percent, 100.0)

    # ------------------------------------------------------------------ bad input
    def test_request_without_customer_is_refused(self):
        before = self.env["miy.service.request"].search_count([])
        with self.assertRaises(ValidationError) as caught, self.env.cr.savepoint():
            self._request(user=self.user_miy, partner_id=False, contact_id=False)
        self.assertIn("needs a customer", str(caught.exception))
        self.assertEqual(self.env["miy.service.request"].search_count([]), before, "nothing saved")
        request = self._request(user=self.user_miy)
        with self.assertRaises(ValidationError), self.env.cr.savepoint():
            request.with_user(self.user_miy).write({"partner_id": False, "contact_id": False})
        request.invalidate_recordset()
        self.assertEqual(request.partner_id, self.org)

    def test_resolution_before_opening_is_refused(self):
        with freeze_time(MONDAY.replace(hour=10)):
            request = self._request(user=self.user_miy)
        with self.assertRaises(ValidationError) as caught, self.env.cr.savepoint():
            request.with_user(self.user_miy).write({"resolution_date": datetime(2026, 3, 1, 9, 0)})
        self.assertIn("cannot be before the request was opened", str(caught.exception))
        request.invalidate_recordset()
        self.assertFalse(request.resolution_date, "nothing saved")

    def test_negative_or_inconsistent_targets_are_refused(self):
        Type = self.env["miy.service.request.type"].with_user(self.user_manager)
        with self.assertRaises(ValidationError), self.env.cr.savepoint():
            Type.create({"name": "Negative", "first_response_hours": -1})
        with self.assertRaises(ValidationError), self.env.cr.savepoint():
            Type.create({"name": "Inverted", "first_response_hours": 8, "resolution_hours": 4})
        with self.assertRaises(ValidationError), self.env.cr.savepoint():
            self.type_fault.with_user(self.user_manager).resolution_hours = -2
        self.type_fault.invalidate_recordset()
        self.assertFalse(self.env["miy.service.request.type"].search([("name", "in", ("Negative", "Inverted"))]))
        self.assertEqual(self.type_fault.resolution_hours, 16)

    def test_empty_subject_is_refused(self):
        with self.assertRaises(ValidationError):
            self._request(user=self.user_miy, subject="  ")

    # ------------------------------------------------------------------ access
    def test_users_see_own_and_team_requests(self):
        request = self._request(user=self.user_miy)
        self.assertEqual(request.with_user(self.user_colleague).subject, "Machine stops", "same team")
        self.assertFalse(
            self.env["miy.service.request"].with_user(self.user_other_team).search([("id", "=", request.id)])
        )
        with self.assertRaises(AccessError):
            request.with_user(self.user_other_team).read(["subject"])
        self.assertEqual(request.with_user(self.user_manager).subject, "Machine stops", "managers see all")
        with self.assertRaises(AccessError):
            self._request(user=self.user_plain)
        with self.assertRaises(AccessError):
            request.with_user(self.user_miy).unlink()
        request.with_user(self.user_manager).unlink()

    def test_team_leader_sees_the_team_requests(self):
        leader = new_test_user(
            self.env, login="miy_samsun_leader", groups="base.group_user,miy_contacts.group_miy_user"
        )
        self.team_samsun.user_id = leader
        request = self._request(user=self.user_other_team, type_id=self.type_samsun.id)
        self.assertEqual(request.team_id, self.team_samsun)
        self.assertEqual(
            request.with_user(leader).subject, "Machine stops", "the escalation reaches someone who can open it"
        )
        with self.assertRaises(AccessError):
            request.with_user(self.user_miy).read(["subject"])

    def test_only_managers_configure_types(self):
        self.assertEqual(self.type_fault.with_user(self.user_miy).name, "Test Fault")
        with self.assertRaises(AccessError):
            self.env["miy.service.request.type"].with_user(self.user_miy).create({"name": "Not allowed"})
        with self.assertRaises(AccessError):
            self.type_fault.with_user(self.user_miy).write({"resolution_hours": 1})
        created = self.env["miy.service.request.type"].with_user(self.user_manager).create({"name": "Allowed"})
        self.assertTrue(created)

    def test_default_types_are_installed(self):
        for xmlid in ("fault", "installation", "information", "complaint", "return"):
            request_type = self.env.ref(f"miy_interactions.miy_service_request_type_{xmlid}")
            self.assertGreater(request_type.resolution_hours, 0)
        request = (
            self.env["miy.service.request"]
            .with_user(self.user_miy)
            .create({"subject": "Catalogue", "partner_id": self.org.id})
        )
        self.assertEqual(request.type_id, self.env.ref("miy_interactions.miy_service_request_type_information"))


@tagged("post_install", "-at_install")
class TestServiceRequestMenus(MiyMenuTests, MiyCommon):
    menu_xmlids = (
        "miy_interactions.miy_service_request_menu",
        "miy_interactions.miy_service_request_menu_analysis",
    )
    action_xmlids = (
        "miy_interactions.miy_service_request_action",
        "miy_interactions.miy_service_request_action_analysis",
    )


@tagged("post_install", "-at_install")
class TestServiceRequestManagerMenus(MiyMenuTests, MiyCommon):
    menu_xmlids = ("miy_interactions.miy_service_request_type_menu",)
    action_xmlids = ("miy_interactions.miy_service_request_type_action",)

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.menu_user = cls.user_manager

    def test_type_menu_hidden_from_users(self):
        self.assertNotIn(self.env.ref(self.menu_xmlids[0]).id, self._visible_menu_ids(self.user_miy))
