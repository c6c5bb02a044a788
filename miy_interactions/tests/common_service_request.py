from datetime import datetime

from odoo import Command

from .common import MiyInteractionCommon

# Monday 2 March 2026; the test calendar works 08-12 and 13-17 UTC, Monday to Friday.
MONDAY = datetime(2026, 3, 2)


class MiyServiceRequestCommon(MiyInteractionCommon):
    """A UTC working-hours calendar on the Bursa team (led by user_manager) and a request type."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.calendar = cls.env["resource.calendar"].create(
            {
                "name": "Test 08-17 UTC",
                "tz": "UTC",
                "attendance_ids": [
                    Command.create(
                        {"name": f"{day} {start}", "dayofweek": str(day), "hour_from": start, "hour_to": stop}
                    )
                    for day in range(5)
                    for start, stop in ((8, 12), (13, 17))
                ],
            }
        )
        cls.team_bursa.write({"user_id": cls.user_manager.id, "miy_resource_calendar_id": cls.calendar.id})
        cls.team_samsun.write({"miy_resource_calendar_id": cls.calendar.id})
        cls.user_manager.email = "manager@example.com"
        cls.type_fault = cls.env["miy.service.request.type"].create(
            {"name": "Test Fault", "first_response_hours": 4, "resolution_hours": 16, "team_id": cls.team_bursa.id}
        )
        cls.type_samsun = cls.env["miy.service.request.type"].create(
            {"name": "Test Samsun", "first_response_hours": 4, "resolution_hours": 16, "team_id": cls.team_samsun.id}
        )
        cls.org.write({"email": "info@testgida.example"})
        cls.person.write({"parent_id": cls.org.id, "email": "ayse@testgida.example", "mobile": "+90 532 111 22 33"})

    def _request(self, user=None, **values):
        vals = {"subject": "Machine stops", "partner_id": self.org.id, "contact_id": self.person.id}
        vals.setdefault("type_id", self.type_fault.id)
        vals.update(values)
        ServiceRequest = self.env["miy.service.request"]
        if user:
            ServiceRequest = ServiceRequest.with_user(user)
        return ServiceRequest.create(vals)
