import time
from datetime import date, datetime
from unittest.mock import patch

from odoo.exceptions import AccessError, UserError
from odoo.modules.registry import Registry
from odoo.tests import new_test_user, tagged

from odoo.addons.miy_contacts.tests.common import MiyCommon

from ..wizards.agenda_route import haversine_km, order_route

DAY = date(2030, 5, 14)


class RouteCommon(MiyCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.salesperson = cls.user_miy
        cls.salesperson.tz = "Europe/Istanbul"
        cls.salesperson.company_id.partner_id.write({"partner_latitude": 40.2140, "partner_longitude": 28.9870})
        cls.salesperson.partner_id.write({"partner_latitude": 40.2300, "partner_longitude": 28.8800})
        Partner = cls.env["res.partner"]
        cls.osmangazi = Partner.create(
            {
                "name": "Osmangazi Rota (test)",
                "is_company": True,
                "partner_latitude": 40.1950,
                "partner_longitude": 29.0600,
            }
        )
        cls.gemlik = Partner.create(
            {
                "name": "Gemlik Rota (test)",
                "is_company": True,
                "partner_latitude": 40.4310,
                "partner_longitude": 29.1580,
            }
        )
        cls.inegol_org = Partner.create(
            {
                "name": "İnegöl Rota (test)",
                "is_company": True,
                "partner_latitude": 40.0780,
                "partner_longitude": 29.5130,
            }
        )
        # a person without coordinates of an organization that has them: the organization's are used
        cls.inegol_person = Partner.create({"name": "Hasan İnegöllü (test)", "parent_id": cls.inegol_org.id})
        cls.nowhere = Partner.create({"name": "Koordinatsız Müşteri (test)", "is_company": True, "city": "Bursa"})
        cls.colleague = new_test_user(cls.env, login="agenda_route_colleague", groups="base.group_user")
        cls.events = cls.env["calendar.event"]
        for hour, partner in ((6, cls.gemlik), (8, cls.inegol_person), (10, cls.osmangazi), (12, cls.nowhere)):
            cls.events |= cls._meeting(f"Ziyaret {partner.name}", hour, partner)
        # an internal meeting (no customer) and another salesperson's customer visit: not in the route
        cls._meeting("İç toplantı (test)", 13, cls.colleague.partner_id)
        cls.env["calendar.event"].create(
            {
                "name": "Başkasının ziyareti (test)",
                "start": datetime(2030, 5, 14, 7),
                "stop": datetime(2030, 5, 14, 8),
                "user_id": cls.colleague.id,
                "partner_ids": [(6, 0, (cls.colleague.partner_id | cls.gemlik).ids)],
            }
        )

    @classmethod
    def _meeting(cls, name, hour, partner):
        return cls.env["calendar.event"].create(
            {
                "name": name,
                "start": datetime(DAY.year, DAY.month, DAY.day, hour),
                "stop": datetime(DAY.year, DAY.month, DAY.day, hour + 1),
                "user_id": cls.salesperson.id,
                "partner_ids": [(6, 0, (cls.salesperson.partner_id | partner).ids)],
            }
        )

    def plan(self, user=None, **values):
        route = (
            self.env["miy.agenda.route"]
            .with_user(user or self.salesperson)
            .create({"user_id": self.salesperson.id, "date": DAY, "speed_kmh": 60.0, **values})
        )
        route.action_plan()
        return route


class TestAgendaRoute(RouteCommon):
    def test_haversine(self):
        self.assertAlmostEqual(haversine_km((40.0, 29.0), (41.0, 29.0)), 111.19, delta=0.05)
        self.assertAlmostEqual(haversine_km((40.2140, 28.9870), (40.2140, 28.9870)), 0.0)

    def test_two_opt_improves_nearest_neighbour(self):
        # on the equator, one degree apart: nearest neighbour goes 1, -2, 5 (1 + 3 + 7 degrees);
        # 2-opt turns it into -2, 1, 5 (2 + 3 + 4 degrees)
        points = [(0.0, 1.0), (0.0, -2.0), (0.0, 5.0)]
        self.assertEqual(order_route((0.0, 0.0), points), [1, 0, 2])
        self.assertEqual(order_route((0.0, 0.0), []), [])

    def test_day_of_25_visits_under_a_second(self):
        points = [(40.0 + (i * 37 % 25) / 50, 29.0 + (i * 11 % 25) / 40) for i in range(25)]
        started = time.perf_counter()
        order = order_route((40.2, 28.98), points)
        self.assertLess(time.perf_counter() - started, 1.0)
        self.assertEqual(sorted(order), list(range(25)))

    def test_route_ordered_from_the_office(self):
        route = self.plan()
        self.assertEqual(route.start_partner_id, self.salesperson.company_id.partner_id)
        self.assertEqual(
            route.stop_ids.mapped("partner_id"),
            self.osmangazi | self.gemlik | self.inegol_org,
            "office (Nilüfer) → Osmangazi → Gemlik → İnegöl",
        )
        self.assertEqual(route.stop_ids.mapped("sequence"), [1, 2, 3])
        first = route.stop_ids[0]
        expected = haversine_km((40.2140, 28.9870), (40.1950, 29.0600))
        self.assertAlmostEqual(first.distance_km, expected, delta=0.05)  # stored to 0.1 km
        self.assertEqual(first.travel_minutes, round(expected))  # 60 km/h: a minute a kilometre
        self.assertAlmostEqual(route.total_km, sum(route.stop_ids.mapped("distance_km")), delta=0.2)
        self.assertEqual(route.total_minutes, sum(route.stop_ids.mapped("travel_minutes")))
        self.assertIn("mlat=40.195000&mlon=29.060000", first.map_url)
        self.assertEqual(first.geo_uri, "geo:40.195000,29.060000")

    def test_travel_time_follows_the_speed(self):
        slow = self.plan(speed_kmh=30.0)
        fast = self.plan(speed_kmh=60.0)
        for slow_stop, fast_stop in zip(slow.stop_ids, fast.stop_ids, strict=True):
            self.assertAlmostEqual(slow_stop.travel_minutes, 2 * fast_stop.travel_minutes, delta=1)
        with self.assertRaises(UserError):
            self.plan(speed_kmh=0.0)

    def test_start_from_home(self):
        route = self.plan(start_point="home")
        self.assertEqual(route.start_partner_id, self.salesperson.partner_id)
        self.assertEqual(route.stop_ids[0].from_latitude, 40.2300)

    def test_partners_without_coordinates_listed(self):
        route = self.plan()
        self.assertEqual(route.missing_stop_ids.partner_id, self.nowhere)
        self.assertNotIn(self.nowhere, route.stop_ids.partner_id)
        html, _type = self.env["ir.actions.report"]._render_qweb_html(
            "miy_agenda.action_report_agenda_route", route.ids
        )
        html = html.decode()
        self.assertIn("Koordinatsız Müşteri (test)", html)
        self.assertIn("o_miy_route_missing", html)
        self.assertIn("https://www.openstreetmap.org/?mlat=40.431000&amp;mlon=29.158000", html)
        self.assertIn("geo:40.078000,29.513000", html)
        self.assertLess(html.index("Osmangazi Rota"), html.index("Gemlik Rota"))
        self.assertNotIn("İç toplantı", html)
        self.assertNotIn("Başkasının ziyareti", html)

    def test_start_without_coordinates_refused(self):
        self.salesperson.partner_id.write({"partner_latitude": 0.0, "partner_longitude": 0.0})
        with self.assertRaises(UserError):
            self.plan(start_point="home")

    def test_geolocation_only_when_installed(self):
        route = self.plan()
        if "base.geocoder" in self.env:
            self.skipTest("base_geolocalize is installed on this database")
        self.assertFalse(route.geocoder_available)
        with self.assertRaises(UserError):
            route.action_geolocate_missing()

    def test_other_users_day_only_for_managers(self):
        route = (
            self.env["miy.agenda.route"].with_user(self.colleague).create({"user_id": self.salesperson.id, "date": DAY})
        )
        with self.assertRaises(AccessError):
            route.action_plan()
        with self.assertRaises(AccessError):
            route.action_log_visits()
        manager_route = self.plan(user=self.user_manager)
        self.assertEqual(len(manager_route.stop_ids), 3)

    def test_visits_logged_as_notes_without_interactions(self):
        route = self.plan()
        real_contains = Registry.__contains__
        with patch.object(
            Registry, "__contains__", lambda registry, name: name != "miy.interaction" and real_contains(registry, name)
        ):
            self.assertNotIn("miy.interaction", self.env)
            route.action_log_visits()
        for event in self.events:
            self.assertTrue(event.miy_visit_logged)
            notes = event.message_ids.filtered(lambda m: m.subtype_id == self.env.ref("mail.mt_note"))
            self.assertEqual(len(notes), 1, event.name)
        self.assertIn("Osmangazi Rota (test)", self.events[2].message_ids[0].body)


@tagged("post_install", "-at_install")
class TestAgendaRouteInteractions(RouteCommon):
    def test_visits_logged_as_interactions(self):
        if "miy.interaction" not in self.env:
            self.skipTest("miy_interactions is not installed")
        Interaction = self.env["miy.interaction"]
        route = self.plan()
        route.action_log_visits()
        logged = Interaction.search(
            [("partner_ids", "in", (self.osmangazi | self.gemlik | self.inegol_org | self.nowhere).ids)]
        )
        self.assertEqual(len(logged), 4)
        self.assertEqual(set(logged.mapped("channel")), {"visit"})
        self.assertEqual(logged.user_ids, self.salesperson)
        self.assertEqual(set(logged.mapped("date")), set(self.events.mapped("start")))
        self.assertTrue(all(self.events.mapped("miy_visit_logged")))
        # logging again adds nothing
        route.action_log_visits()
        self.assertEqual(Interaction.search_count([("partner_ids", "in", (self.osmangazi | self.gemlik).ids)]), 2)
