from odoo import SUPERUSER_ID, api
from odoo.exceptions import ValidationError
from odoo.modules.registry import Registry
from odoo.service.model import retrying
from odoo.tests import BaseCase, get_db_name, tagged
from odoo.tools import mute_logger

from odoo.addons.miy_contacts.tests.concurrency import MiyConcurrencyCase


@tagged("post_install", "-at_install")
class TestAgendaConcurrency(BaseCase):
    """Two transactions book the same room for overlapping times: exactly one succeeds.

    The fixtures are committed through their own cursor (both transactions must see them) and
    removed at the end.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.registry = Registry(get_db_name())
        with cls.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            subject = env["miy.agenda.subject"].create({"name": "Concurrency rooms (test)"})
            cls.room_id = env["miy.agenda.resource"].create({"name": "Race room (test)", "subject_id": subject.id}).id
            cls.subject_id = subject.id

    @classmethod
    def tearDownClass(cls):
        with cls.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            env["calendar.event"].with_context(active_test=False).search([("name", "like", "Race %")]).unlink()
            room = env["miy.agenda.resource"].browse(cls.room_id)
            resource = room.resource_id
            room.unlink()
            resource.unlink()
            env["miy.agenda.subject"].browse(cls.subject_id).unlink()
        super().tearDownClass()

    def _book(self, cr, name, start, stop):
        env = api.Environment(cr, SUPERUSER_ID, {"tz": "UTC"})

        def create():
            env["calendar.event"].create(
                {"name": name, "start": start, "stop": stop, "miy_resource_ids": [(6, 0, [self.room_id])]}
            )
            env.flush_all()

        # as Odoo's RPC layer runs a request: replayed on a serialization failure
        retrying(create, env)

    def test_two_cursors_exactly_one_succeeds(self):
        cr_b = self.registry.cursor()
        try:
            # B's snapshot is taken before A commits, so B's own check cannot see A's booking:
            # PostgreSQL stops it (the exclusion constraint, or a serialization failure after
            # which Odoo replays the request and the check names the winner)
            cr_b.execute("SELECT 1")
            with self.registry.cursor() as cr_a:
                self._book(cr_a, "Race A", "2030-01-08 09:00:00", "2030-01-08 10:00:00")
                cr_a.commit()
            with self.assertRaises(ValidationError) as error, mute_logger("odoo.sql_db", "odoo.service.model"):
                self._book(cr_b, "Race B", "2030-01-08 09:30:00", "2030-01-08 10:30:00")
            cr_b.rollback()
        finally:
            cr_b.close()
        message = str(error.exception)
        self.assertIn("Another user booked", message)
        with self.registry.cursor() as cr:
            cr.execute(
                "SELECT e.name FROM miy_agenda_booking b JOIN calendar_event e ON e.id = b.event_id "
                "WHERE b.resource_id = %s",
                [self.room_id],
            )
            self.assertEqual(cr.fetchall(), [("Race A",)])


@tagged("post_install", "-at_install")
class TestAgendaBookingRace(MiyConcurrencyCase):
    """The same room booked for overlapping times by two users at the same moment, through the
    shared harness: while the first booking is not committed yet, and by two threads released
    together. One booking; the other user reads a translated error naming the conflict."""

    cleanup_models = ("calendar.event", "miy.agenda.resource", "resource.resource", "miy.agenda.subject")

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        with cls.committed() as env:
            subject = env["miy.agenda.subject"].create({"name": "Race rooms (harness test)"})
            cls.room_id = env["miy.agenda.resource"].create({"name": "Harness room", "subject_id": subject.id}).id

    @classmethod
    def prepare_cleanup(cls, env):
        # the resources' records after their rooms (the room keeps its resource.resource)
        env["calendar.event"].search([("id", ">", cls._marks["calendar.event"])]).unlink()

    def _book(self, name, start, stop):
        def create(env):
            env(context={"tz": "UTC"})["calendar.event"].create(
                {"name": name, "start": start, "stop": stop, "miy_resource_ids": [(6, 0, [self.room_id])]}
            )

        return self.as_request(create)

    def _bookings(self):
        with self.committed() as env:
            env.cr.execute(
                "SELECT e.name FROM miy_agenda_booking b JOIN calendar_event e ON e.id = b.event_id "
                "WHERE b.resource_id = %s ORDER BY e.name",
                [self.room_id],
            )
            return [row[0] for row in env.cr.fetchall()]

    def _check_one(self, outcomes, day):
        errors = [outcome.error for outcome in outcomes if outcome.error is not None]
        self.assertEqual(len(errors), 1, outcomes)
        self.assertIsInstance(errors[0], ValidationError)
        self.assertNotIn("violates", str(errors[0]), "a readable message, not PostgreSQL's")
        self.assertEqual(len([name for name in self._bookings() if name.endswith(day)]), 1)

    @mute_logger("odoo.sql_db", "odoo.service.model")
    def test_second_while_first_uncommitted(self):
        outcomes = self.overlapping(
            self._book("Race A 15", "2030-01-15 09:00:00", "2030-01-15 10:00:00"),
            self._book("Race B 15", "2030-01-15 09:30:00", "2030-01-15 10:30:00"),
        )
        self._check_one(outcomes, "15")

    @mute_logger("odoo.sql_db", "odoo.service.model")
    def test_two_threads_released_together(self):
        outcomes = self.run_concurrently(
            self._book("Race A 16", "2030-01-16 09:00:00", "2030-01-16 10:00:00"),
            self._book("Race B 16", "2030-01-16 09:30:00", "2030-01-16 10:30:00"),
        )
        self._check_one(outcomes, "16")
