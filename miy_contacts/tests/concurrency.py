"""Shared harness of the MİY concurrency tests: two workers (two database cursors, each in its
own transaction, as two Odoo workers or cron threads have) acting at the same moment.

How Odoo 18's test runner treats extra cursors: ``Registry.cursor()`` hands out a proxy of one
shared test cursor (``TestCursor``) only while the registry is in *test mode*, which only
``HttpCase`` enters (``registry.enter_test_mode``) for the duration of its class. Everywhere
else, a ``TransactionCase`` included, ``registry.cursor()`` opens a real connection with its own
transaction (REPEATABLE READ, as every Odoo cursor), and what it commits is really committed. A
``TransactionCase`` however keeps its own transaction open for the whole class (the fixtures of
``setUpClass``, never committed): other cursors can neither see them nor write rows it locked.
So this base class is a ``BaseCase`` (no class transaction): fixtures are made and committed
through their own cursor, both workers see them, and the class removes them at the end.

Workers must be scheduled, not raced with sleeps:

- ``stale_snapshot(first, second)``: the second worker's transaction starts (its snapshot is
  taken) before the first runs and commits, and runs after: what two workers started at the same
  moment see when one finishes first. One thread, deterministic.
- ``overlapping(first, second)``: the first worker runs and keeps its transaction open (its row
  locks held) while the second runs in another thread; the first commits once the second has
  finished or is blocked on one of its locks (``wait_for_lock``: polled in ``pg_locks``), then
  the second finishes. Deterministic too.
- ``run_concurrently(*workers)``: every worker in its own thread and cursor, released together
  by a ``threading.Barrier`` (for what must hold whatever the order).

Worker threads must not call ``Registry(dbname)``: the test runner's thread holds
``Registry._lock`` while tests run (``env_for`` gives the cursor its transaction itself).

Each worker is a callable taking an ``Environment`` (superuser, its own cursor); its result or
exception is returned (``Outcome``), its transaction committed when it returned and rolled back
when it raised.

Clean-up: a class lists in ``cleanup_models`` the models whose new rows it (or the code under test)
commits; the highest id of each is noted before the fixtures are made and every row above it is
deleted at the end of the class (in the order given, as superuser, archived rows included), even
when a test failed. The test database serves one test at a time, so rows above the mark are
this class's. ``cleanup_sql`` takes extra statements for rows the ORM does not delete.
"""

import logging
import sys
import threading
import time
import traceback
from contextlib import contextmanager

from psycopg2 import IntegrityError, OperationalError

from odoo import SUPERUSER_ID, api
from odoo.modules.registry import Registry
from odoo.service.model import PG_CONCURRENCY_EXCEPTIONS_TO_RETRY, _as_validation_error
from odoo.tests import BaseCase, get_db_name
from odoo.tools import SQL

_logger = logging.getLogger(__name__)

WORKER_TIMEOUT = 30  # seconds: a worker that has not finished by then fails the test, never hangs it


class Outcome:
    """What a worker returned or raised."""

    def __init__(self, result=None, error=None):
        self.result = result
        self.error = error

    def __repr__(self):
        return f"Outcome(result={self.result!r}, error={self.error!r})"


class MiyConcurrencyCase(BaseCase):
    """Base class of the tests with several workers at once (see the module's docstring)."""

    cleanup_models = ()

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.registry = Registry(get_db_name())
        cls._marks = {}
        with cls.registry.cursor() as cr:
            for model in cls.cleanup_models:
                table = cls.env_for(cr)[model]._table
                cr.execute(SQL("SELECT COALESCE(MAX(id), 0) FROM %s", SQL.identifier(table)))
                cls._marks[model] = cr.fetchone()[0]
        cls.addClassCleanup(cls._cleanup_committed)

    @classmethod
    def env_for(cls, cr, uid=SUPERUSER_ID, context=None):
        if cr.transaction is None:
            # what api.Environment does, without Registry(dbname): the test runner's thread holds
            # Registry._lock while it runs the tests, so a worker thread asking for it would wait
            cr.transaction = api.Transaction(cls.registry)
        return api.Environment(cr, uid, dict(context or {}))

    @classmethod
    @contextmanager
    def committed(cls, context=None):
        """An environment on a new cursor, committed at the end of the block (fixtures, checks)."""
        with cls.registry.cursor() as cr:
            yield cls.env_for(cr, context=context)

    @classmethod
    def keep_columns(cls, env, model, field_names, domain=None):
        """Note the values of ``field_names`` of ``model``'s rows (matching ``domain``) now and put
        them back at the end of the class: for jobs that work on every row of the database (the
        demo's included) and mark what they did. Plain columns, written back in SQL."""
        records = env[model].with_context(active_test=False).search(domain or [])
        table = env[model]._table
        columns = SQL(", ").join(SQL.identifier(name) for name in field_names)
        env.cr.execute(SQL("SELECT %s, id FROM %s WHERE id = ANY(%s)", columns, SQL.identifier(table), records.ids))
        rows = env.cr.fetchall()

        def restore():
            with cls.registry.cursor() as cr:
                for *values, record_id in rows:
                    assignments = SQL(", ").join(
                        SQL("%s = %s", SQL.identifier(name), value)
                        for name, value in zip(field_names, values, strict=True)
                    )
                    cr.execute(SQL("UPDATE %s SET %s WHERE id = %s", SQL.identifier(table), assignments, record_id))

        cls.addClassCleanup(restore)

    @classmethod
    def prepare_cleanup(cls, env):
        """Hook run before the rows are deleted (e.g. cancel the confirmed orders)."""

    @classmethod
    def cleanup_sql(cls):
        """Extra SQL statements [(query, params)] run after the ORM clean-up."""
        return []

    @classmethod
    def _cleanup_committed(cls):
        with cls.registry.cursor() as cr:
            env = cls.env_for(cr, context={"active_test": False, "tracking_disable": True})
            cls.prepare_cleanup(env)
            for model in cls.cleanup_models:
                records = env[model].search([("id", ">", cls._marks[model])])
                try:
                    with cr.savepoint():
                        records.unlink()
                except Exception:
                    _logger.exception("concurrency test clean-up: %s rows %s left", model, records.ids)
            for query, params in cls.cleanup_sql():
                cr.execute(query, params)

    # ------------------------------------------------------------------ one worker
    @staticmethod
    def as_request(func):
        """A worker that runs ``func(env)`` as Odoo's RPC layer runs a request
        (``odoo.service.model.retrying``): replayed, with a new snapshot, after a serialization
        failure; a constraint violation raised as the user's ``ValidationError``. Without
        ``retrying``'s registry bookkeeping, which takes ``Registry._lock`` (see above), and
        without its random back-off (the schedules decide who goes first)."""

        def worker(env):
            for attempt in range(5):
                try:
                    result = func(env)
                    env.flush_all()
                    return result
                except IntegrityError as error:
                    env.cr.rollback()
                    raise _as_validation_error(env, error) from error
                except OperationalError as error:
                    env.cr.rollback()  # clears the transaction's caches (no reset: Registry._lock)
                    if not isinstance(error, PG_CONCURRENCY_EXCEPTIONS_TO_RETRY) or attempt == 4:
                        raise
            return None

        return worker

    def _call(self, worker, cr, context):
        cr.execute("SELECT pg_backend_pid()")
        self._worker_pids.append(cr.fetchone()[0])
        env = self.env_for(cr, context=context)
        try:
            result = worker(env)
            env.flush_all()
        except Exception as error:
            cr.rollback()
            return Outcome(error=error)
        # a worker's own cursor, committed as Odoo commits a request or a cron job
        cr.commit()  # pylint: disable=invalid-commit
        return Outcome(result=result)

    # ------------------------------------------------------------------ schedules
    def stale_snapshot(self, first, second, context=None):
        """``second``'s transaction starts before ``first`` runs and commits; it runs after."""
        with self.registry.cursor() as cr_second:
            cr_second.execute("SELECT 1")  # REPEATABLE READ: the snapshot is taken here
            with self.registry.cursor() as cr_first:
                outcome_first = self._call(first, cr_first, context)
            outcome_second = self._call(second, cr_second, context)
        return outcome_first, outcome_second

    def overlapping(self, first, second, context=None):
        """``first`` runs and holds its transaction open while ``second`` runs in another thread;
        ``first`` commits when ``second`` is done or waits for one of its locks."""
        with self.registry.cursor() as cr_first:
            env_first = self.env_for(cr_first, context=context)
            try:
                result_first = first(env_first)
                env_first.flush_all()
            except Exception as error:
                cr_first.rollback()
                self.fail(f"the first worker must run: {error!r}")
            cr_first.execute("SELECT pg_backend_pid()")
            first_pid = cr_first.fetchone()[0]
            holder = {}

            def run_second():
                with self.registry.cursor() as cr_second:
                    cr_second.execute("SELECT pg_backend_pid()")
                    holder["pid"] = cr_second.fetchone()[0]
                    holder["outcome"] = self._call(second, cr_second, context)

            thread = self._start(run_second)
            self._wait_done_or_blocked(thread, holder, first_pid)
            cr_first.commit()  # pylint: disable=invalid-commit
            thread.join(WORKER_TIMEOUT)
            if thread.is_alive():
                self.fail(f"the second worker did not finish:\n{self._stop_stuck_workers()}")
        return Outcome(result=result_first), holder["outcome"]

    def run_concurrently(self, *workers, context=None):
        """Each worker in its own thread and cursor, released together by a barrier."""
        barrier = threading.Barrier(len(workers))
        outcomes = [None] * len(workers)

        def run(index, worker):
            with self.registry.cursor() as cr:
                cr.execute("SELECT 1")
                barrier.wait(WORKER_TIMEOUT)
                outcomes[index] = self._call(worker, cr, context)

        threads = [self._start(run, index, worker) for index, worker in enumerate(workers)]
        for thread in threads:
            thread.join(WORKER_TIMEOUT)
            if thread.is_alive():
                self.fail(f"a worker did not finish:\n{self._stop_stuck_workers()}")
        return outcomes

    # ------------------------------------------------------------------ helpers
    def setUp(self):
        super().setUp()
        self._worker_pids = []

    def _stop_stuck_workers(self):
        """The diagnosis, then the workers' database sessions ended: a stuck worker fails its
        test instead of hanging the test run (its thread gets an error from its cursor)."""
        diagnosis = self._diagnosis()
        with self.registry.cursor() as cr:
            cr.execute("SELECT pg_terminate_backend(pid) FROM unnest(%s) AS pid", [self._worker_pids])
        return diagnosis

    def _diagnosis(self):
        """What the stuck workers wait for: the database's sessions and the threads' stacks."""
        lines = []
        with self.registry.cursor() as cr:
            cr.execute(
                """SELECT pid, state, wait_event_type, wait_event, pg_blocking_pids(pid), left(query, 200)
                     FROM pg_stat_activity WHERE datname = current_database() AND pid != pg_backend_pid()"""
            )
            lines += [repr(row) for row in cr.fetchall()]
        for thread_id, frame in sys._current_frames().items():
            lines.append(f"--- thread {thread_id}")
            lines += traceback.format_stack(frame)[-8:]
        return "\n".join(lines)

    def _start(self, target, *args):
        errors = []

        def body():
            # as Odoo's test threads: no auto-commit inside Odoo's batch jobs, no real e-mail
            threading.current_thread().testing = True
            try:
                target(*args)
            except BaseException as error:
                errors.append(error)

        thread = threading.Thread(target=body, name=f"miy-worker-{self._testMethodName}", daemon=True)
        thread.start()
        self.addCleanup(lambda: errors and self.fail(f"worker thread failed: {errors[0]!r}"))
        return thread

    def _wait_done_or_blocked(self, thread, holder, first_pid):
        """Until the thread has finished or its backend waits for a lock of ``first_pid``."""
        deadline = time.monotonic() + WORKER_TIMEOUT
        with self.registry.cursor() as cr:
            while thread.is_alive() and time.monotonic() < deadline:
                pid = holder.get("pid")
                if pid:
                    cr.execute("SELECT %s = ANY(pg_blocking_pids(%s))", [first_pid, pid])
                    if cr.fetchone()[0]:
                        return
                thread.join(0.02)
