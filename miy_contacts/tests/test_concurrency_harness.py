from psycopg2 import errors as pg_errors

from odoo.tests import tagged
from odoo.tools import mute_logger

from .concurrency import MiyConcurrencyCase


@tagged("post_install", "-at_install")
class TestConcurrencyHarness(MiyConcurrencyCase):
    """The schedules of the shared concurrency harness do what the other addons' tests rely on."""

    cleanup_models = ("res.partner",)

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        with cls.committed() as env:
            cls.partner_id = env["res.partner"].create({"name": "CC Harness"}).id

    def _create(self, env):
        return env["res.partner"].create({"name": "CC Harness new"}).id

    def _count_new(self, env):
        return env["res.partner"].search_count([("name", "=", "CC Harness new")])

    def _rename(self, env):
        env["res.partner"].browse(self.partner_id).name = "CC Harness renamed"

    def test_stale_snapshot_hides_the_first_commit(self):
        first, second = self.stale_snapshot(self._create, self._count_new)
        self.assertIsNone(first.error)
        self.assertEqual(second.result, 0, "the second worker's snapshot predates the first's commit")
        with self.committed() as env:
            self.assertEqual(self._count_new(env), 1, "the first worker's work is committed")
            env["res.partner"].browse(first.result).unlink()

    @mute_logger("odoo.sql_db")
    def test_overlapping_second_waits_for_the_first_locks(self):
        first, second = self.overlapping(self._rename, self._rename)
        self.assertIsNone(first.error)
        self.assertIsInstance(second.error, pg_errors.SerializationFailure, "it waited, then saw the first commit")

    @mute_logger("odoo.sql_db")
    def test_barrier_runs_both_workers(self):
        outcomes = self.run_concurrently(self._rename, self._rename)
        self.assertEqual(len(outcomes), 2)
        self.assertEqual(sum(outcome.error is None for outcome in outcomes), 1, outcomes)

    def test_as_request_turns_a_constraint_into_the_users_error(self):
        def duplicate_login(env):
            env.cr.execute("SELECT login FROM res_users WHERE id = 2")
            env["res.users"].create({"name": "CC dup", "login": env.cr.fetchone()[0]})

        with mute_logger("odoo.sql_db"):
            first, _second = self.stale_snapshot(self.as_request(duplicate_login), lambda env: None)
        self.assertEqual(type(first.error).__name__, "ValidationError")
