from datetime import datetime

from odoo.tests import new_test_user

from odoo.addons.miy_contacts.tests.common import MiyCommon


class AgendaCommon(MiyCommon):
    """Calendars, resources and users of the agenda tests (no demo data)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.user.tz = "Europe/Istanbul"
        cls.group_fleet = cls.env["res.groups"].create({"name": "Fleet drivers (test)"})
        cls.user_driver = new_test_user(
            cls.env, login="agenda_driver", name="Driver", groups="base.group_user", tz="Europe/Istanbul"
        )
        cls.user_driver.groups_id = [(4, cls.group_fleet.id)]
        for user in (cls.user_plain, cls.user_miy, cls.user_manager):
            user.tz = "Europe/Istanbul"
        Subject = cls.env["miy.agenda.subject"]
        cls.subject_rooms = Subject.create({"name": "Rooms (test)", "kind": "room"})
        cls.subject_vehicles = Subject.create(
            {
                "name": "Vehicles (test)",
                "kind": "vehicle",
                "read_group_ids": [(6, 0, cls.group_fleet.ids)],
                "book_group_ids": [(6, 0, cls.group_fleet.ids)],
            }
        )
        cls.subject_board = Subject.create(
            {
                "name": "Board room (test)",
                "kind": "room",
                "book_group_ids": [(6, 0, cls.env.ref("miy_contacts.group_miy_manager").ids)],
            }
        )
        cls.projector = cls.env["miy.agenda.equipment"].create({"name": "Projector (test)"})
        Resource = cls.env["miy.agenda.resource"]
        cls.room = Resource.create(
            {
                "name": "Salon Uludağ (test)",
                "subject_id": cls.subject_rooms.id,
                "capacity": 12,
                "equipment_ids": [(6, 0, cls.projector.ids)],
                "tz": "Europe/Istanbul",
            }
        )
        cls.small_room = Resource.create(
            {"name": "Salon Küçük (test)", "subject_id": cls.subject_rooms.id, "capacity": 4, "tz": "Europe/Istanbul"}
        )
        cls.van = Resource.create(
            {
                "name": "Transit (test)",
                "kind": "vehicle",
                "subject_id": cls.subject_vehicles.id,
                "license_plate": "16 ABC 123",
                "seats": 9,
                "buffer_minutes": 30,
                "tz": "Europe/Istanbul",
            }
        )
        cls.board_room = Resource.create(
            {"name": "Yönetim Odası (test)", "subject_id": cls.subject_board.id, "capacity": 8, "tz": "Europe/Istanbul"}
        )

    def meeting(self, name, start, stop, resources, user=None, **values):
        """A meeting booking ``resources``; start/stop are naive UTC datetimes."""
        Event = self.env["calendar.event"].with_user(user or self.user_miy)
        return Event.create(
            {"name": name, "start": start, "stop": stop, "miy_resource_ids": [(6, 0, resources.ids)], **values}
        )

    @staticmethod
    def utc(*args):
        return datetime(*args)
