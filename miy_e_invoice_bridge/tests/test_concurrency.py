import os
import tempfile
import time
import uuid

from odoo.tests import tagged
from odoo.tools import mute_logger

from odoo.addons.miy_contacts.tests.concurrency import MiyConcurrencyCase

from .common import make_invoice, make_zip

FOLDER = "odoo.addons.miy_e_invoice_bridge.models.miy_einvoice_folder"
IMPORT = "odoo.addons.miy_e_invoice_bridge.models.miy_einvoice_import"


def _invoice():
    """A UBL-TR invoice of its own (fresh ETTN and number: the demo's documents are never met)."""
    ettn = str(uuid.uuid4()).upper()
    return ettn, make_invoice(number=f"CC{ettn[:13].replace('-', '')}", ettn=ettn, supplier="4840847211")


class EinvoiceConcurrencyCase(MiyConcurrencyCase):
    cleanup_models = ("miy.einvoice", "account.move", "res.partner")

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # an import activates an inactive currency (one row both workers would write): active
        # beforehand, as in any company that books in it, and as it was afterwards
        with cls.committed() as env:
            currency = env.ref("base.TRY")
            was_active, currency.active = currency.active, True
        cls.addClassCleanup(cls._restore_currency, was_active)

    @classmethod
    def _restore_currency(cls, was_active):
        with cls.committed() as env:
            env.ref("base.TRY").active = was_active


@tagged("post_install", "-at_install")
class TestEinvoiceConcurrency(EinvoiceConcurrencyCase):
    """Two workers import the same e-invoice file (or ZIP, or watched folder) at the same moment:
    one document, and the other's report says "duplicate" (already imported), not a database
    error."""

    cleanup_models = ("miy.einvoice", "account.move", "res.partner")

    def _import(self, files):
        def worker(env):
            return env["miy.einvoice"]._import_files(files)

        return worker

    def _documents(self, ettn):
        with self.committed() as env:
            return env["miy.einvoice"].search([("ettn", "=", ettn)]).ids

    def _assert_one_and_duplicate(self, ettn, first, second):
        self.assertIsNone(first.error)
        self.assertIsNone(second.error, "the second import must report, not raise")
        self.assertEqual(len(self._documents(ettn)), 1)
        statuses = sorted(line["status"] for line in first.result + second.result)
        self.assertEqual(statuses[0], "duplicate", statuses)
        self.assertNotEqual(statuses[1], "rejected", first.result)
        duplicate = next(line for line in first.result + second.result if line["status"] == "duplicate")
        self.assertIn("Already imported", duplicate["message"])
        self.assertNotIn("duplicate key", duplicate["message"])

    @mute_logger("odoo.sql_db", IMPORT)
    def test_same_file_started_together(self):
        """The second import's snapshot predates the first's commit: its own search finds nothing,
        the unique (company, ETTN) index refuses its document."""
        ettn, data = _invoice()
        files = [("fatura.xml", data)]
        first, second = self.stale_snapshot(self._import(files), self._import(files))
        self._assert_one_and_duplicate(ettn, first, second)

    @mute_logger("odoo.sql_db", IMPORT)
    def test_same_zip_while_the_first_is_uncommitted(self):
        """The first import holds its transaction open: the second waits on the ETTN index and,
        once the first commits, reports the document as already imported."""
        ettn, data = _invoice()
        other_ettn, other = _invoice()
        files = [("paket.zip", make_zip([("a.xml", data), ("b.xml", other)]))]
        first, second = self.overlapping(self._import(files), self._import(files))
        self.assertIsNone(second.error)
        self.assertEqual(len(self._documents(ettn)), 1)
        self.assertEqual(len(self._documents(other_ettn)), 1)
        self.assertEqual([line["status"] for line in second.result], ["duplicate", "duplicate"], second.result)

    @mute_logger("odoo.sql_db", IMPORT)
    def test_same_file_by_two_threads(self):
        ettn, data = _invoice()
        files = [("fatura.xml", data)]
        outcomes = self.run_concurrently(self._import(files), self._import(files))
        self._assert_one_and_duplicate(ettn, *outcomes)


@tagged("post_install", "-at_install")
class TestWatchFolderConcurrency(EinvoiceConcurrencyCase):
    """The watched-folder job started by two cron workers at once."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        with cls.committed() as env:
            # the job imports the folder of every company that has one: only this test's here
            cls.keep_columns(env, "res.company", ["miy_einvoice_watch_folder", "miy_einvoice_watch_settle"])
            env["res.company"].search([]).write({"miy_einvoice_watch_folder": False})

    def setUp(self):
        super().setUp()
        tmp = tempfile.TemporaryDirectory(prefix="miy_einvoice_cc_")
        self.addCleanup(tmp.cleanup)
        self.folder = tmp.name
        with self.committed() as env:
            env.company.write({"miy_einvoice_watch_folder": self.folder, "miy_einvoice_watch_settle": 0})

    def _write(self, name, data):
        path = os.path.join(self.folder, name)
        with open(path, "wb") as handle:
            handle.write(data)
        stamp = time.time() - 120  # settled
        os.utime(path, (stamp, stamp))

    def _list(self, *subfolder):
        return sorted(os.listdir(os.path.join(self.folder, *subfolder)))

    def _run(self, env):
        return env["miy.einvoice"]._import_watch_folder_batch(self.folder)

    def _cron(self, env):
        env["miy.einvoice"]._cron_import_watch_folder()

    @mute_logger(FOLDER)
    def test_second_run_leaves_the_running_batch_alone(self):
        """While the first run's batch is in processing/ (imported, not yet committed), the second
        run must neither import it again nor set it aside as an interrupted import."""
        ettns = []
        for name in ("a.xml", "b.xml"):
            ettn, data = _invoice()
            ettns.append(ettn)
            self._write(name, data)
        first, second = self.overlapping(self._run, self._run)
        self.assertIsNone(second.error)
        self.assertEqual(second.result, ([], 0), "the second run takes nothing")
        self.assertEqual(sorted(line["filename"] for line in first.result[0]), ["a.xml", "b.xml"])
        self.assertEqual(self._list("done"), ["a.xml", "b.xml"])
        self.assertEqual(self._list("failed"), [])
        self.assertEqual(self._list("processing"), [])
        for ettn in ettns:
            with self.committed() as env:
                self.assertEqual(env["miy.einvoice"].search_count([("ettn", "=", ettn)]), 1)

    @mute_logger(FOLDER)
    def test_cron_started_twice(self):
        """The job itself (every company's folder, one batch each), twice at once: each file
        imported once, all in done/."""
        ettns = []
        for name in ("a.xml", "b.zip"):
            ettn, data = _invoice()
            ettns.append(ettn)
            self._write(name, data if name.endswith(".xml") else make_zip([("b.xml", data)]))
        first, second = self.overlapping(self._cron, self._cron)
        self.assertIsNone(second.error)
        self.assertEqual(self._list("done"), ["a.xml", "b.zip"])
        self.assertEqual(self._list("failed"), [])
        for ettn in ettns:
            self.assertEqual(self._documents_count(ettn), 1)
        first, second = self.stale_snapshot(self._cron, self._cron)  # nothing left: nothing done
        self.assertEqual((first.error, second.error), (None, None))
        self.assertEqual(self._list("done"), ["a.xml", "b.zip"])

    @mute_logger(FOLDER)
    def test_lock_released_after_commit_and_rollback(self):
        """The next run takes the folder again, whether the previous run committed or not."""
        ettn, data = _invoice()
        self._write("a.xml", data)
        with self.registry.cursor() as cr:
            report, _left = self._run(self.env_for(cr))
            self.assertEqual(len(report), 1)
            cr.rollback()  # nothing imported: the file stays in processing/ for the next run
        self._write("b.xml", _invoice()[1])
        with self.registry.cursor() as cr:
            report, _left = self._run(self.env_for(cr))
        self.assertEqual([line["filename"] for line in report], ["b.xml"])
        self.assertEqual(self._list("done"), ["b.xml"])
        self.assertEqual(self._list("failed"), ["a.xml", "a.xml.txt"], "the rolled back batch is set aside")
        self.assertEqual(self._documents_count(ettn), 0)

    def _documents_count(self, ettn):
        with self.committed() as env:
            return env["miy.einvoice"].search_count([("ettn", "=", ettn)])
