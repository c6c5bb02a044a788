import os
import tempfile
import time
from unittest.mock import patch

from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import EInvoiceCommon, make_invoice, make_zip

FOLDER_LOGGER = "odoo.addons.miy_e_invoice_bridge.models.miy_einvoice_folder"


class WatchFolderCase(EInvoiceCommon):
    def setUp(self):
        super().setUp()
        self.folder = self._tempdir("miy_einvoice_")
        self.company.miy_einvoice_watch_folder = self.folder

    def _tempdir(self, prefix):
        tmp = tempfile.TemporaryDirectory(prefix=prefix)
        self.addCleanup(tmp.cleanup)
        return tmp.name

    def _write(self, name, data, age=120):
        """A file dropped ``age`` seconds ago (by default long enough to have settled)."""
        path = os.path.join(self.folder, name)
        with open(path, "wb") as handle:
            handle.write(data)
        stamp = time.time() - age
        os.utime(path, (stamp, stamp))
        return path

    def _list(self, *subfolder):
        return sorted(os.listdir(os.path.join(self.folder, *subfolder)))

    def _read(self, *path):
        with open(os.path.join(self.folder, *path), encoding="utf-8") as handle:
            return handle.read()

    def _numbers(self):
        return sorted(self.env["miy.einvoice"].search([("company_id", "=", self.company.id)]).mapped("number"))

    def _run_cron(self):
        """The cron's run, then its commit: files are moved by a post-commit hook."""
        self.env["miy.einvoice"]._cron_import_watch_folder()
        self.env.cr.postcommit.run()


@tagged("post_install", "-at_install")
class TestWatchFolder(WatchFolderCase):
    def test_files_move_only_after_commit(self):
        self._write("a.xml", make_invoice())
        self.env["miy.einvoice"]._cron_import_watch_folder()
        self.assertEqual(self._list("done"), [], "nothing reaches done/ before the import is committed")
        self.assertEqual(self._list("processing"), ["a.xml"])
        self.env.cr.postcommit.run()
        self.assertEqual(self._list(), [".miy-import.lock", "done", "failed", "processing"])
        self.assertEqual(self._list("done"), ["a.xml"])

    def test_cron_imports_and_sorts_files(self):
        self._write("iyi.xml", make_invoice())
        self._write(
            "paket.zip",
            make_zip(
                [
                    ("a.xml", make_invoice(number="Z1", ettn="5E1F1C2A-0000-4000-8000-0000000000E1")),
                    ("notlar.txt", b"not an invoice"),
                ]
            ),
        )
        self._write("bozuk.xml", b"<Invoice><cbc:ID>")
        os.makedirs(os.path.join(self.folder, "alt"))
        self._write("alt/ic.xml", make_invoice(number="Z9", ettn="5E1F1C2A-0000-4000-8000-0000000000E9"))
        self._run_cron()
        self.assertEqual(self._numbers(), ["MIY2024000000001", "Z1"])
        self.assertEqual(self._list("done"), ["iyi.xml"])
        self.assertEqual(self._list("failed"), ["bozuk.xml", "bozuk.xml.txt", "paket.zip", "paket.zip.txt"])
        self.assertIn("Malformed XML", self._read("failed", "bozuk.xml.txt"))
        self.assertIn("paket.zip/notlar.txt", self._read("failed", "paket.zip.txt"))
        # subfolders are not watched; the folder is empty of processed files
        self.assertEqual(self._list(), [".miy-import.lock", "alt", "done", "failed", "processing"])
        self.assertEqual(self._list("processing"), [])
        # a second run finds nothing new and changes nothing
        self._run_cron()
        self.assertEqual(self._list("done"), ["iyi.xml"])

    def test_same_file_dropped_again_is_a_duplicate_and_done(self):
        self._write("a.xml", make_invoice())
        self._run_cron()
        self._write("a.xml", make_invoice())
        report = self.env["miy.einvoice"].sudo().with_company(self.company)._import_watch_folder(self.folder)
        self.env.cr.postcommit.run()
        self.assertEqual([line["status"] for line in report], ["duplicate"])
        self.assertEqual(self._list("done"), ["a-1.xml", "a.xml"])

    def test_missing_folder_does_not_stop_the_cron(self):
        self.company.miy_einvoice_watch_folder = os.path.join(self.folder, "yok")
        with mute_logger(FOLDER_LOGGER):
            self.env["miy.einvoice"]._cron_import_watch_folder()  # logged, no exception
        self.assertFalse(self.env["miy.einvoice"].search([("company_id", "=", self.company.id)]))


@tagged("post_install", "-at_install")
class TestWatchFolderHostile(WatchFolderCase):
    """Whoever may write into the watched folder (a share) tries to make the Odoo process read or
    write files outside it through symbolic links, or to have half-written files imported."""

    def setUp(self):
        super().setUp()
        self.victim_dir = self._tempdir("miy_victim_")
        self.victim = os.path.join(self.victim_dir, "odoo.conf")
        with open(self.victim, "w", encoding="utf-8") as handle:
            handle.write("[options]\nadmin_passwd = gizli\n")

    def assertVictimIntact(self):
        self.assertEqual(sorted(os.listdir(self.victim_dir)), ["odoo.conf"])
        with open(self.victim, encoding="utf-8") as handle:
            self.assertEqual(handle.read(), "[options]\nadmin_passwd = gizli\n")

    def test_symlinked_done_folder(self):
        os.symlink(self.victim_dir, os.path.join(self.folder, "done"))
        self._write("a.xml", make_invoice())
        with mute_logger(FOLDER_LOGGER):
            self._run_cron()
        self.assertVictimIntact()
        self.assertEqual(self._numbers(), [], "a folder that cannot be sorted safely is not imported")
        self.assertIn("a.xml", self._list())

    def test_symlinked_failed_folder(self):
        os.symlink(self.victim_dir, os.path.join(self.folder, "failed"))
        self._write("bozuk.xml", b"<Invoice><cbc:ID>")
        with mute_logger(FOLDER_LOGGER):
            self._run_cron()
        self.assertVictimIntact()
        self.assertIn("bozuk.xml", self._list())

    def test_symlinked_watched_folder(self):
        link = os.path.join(self._tempdir("miy_link_"), "gelen")
        os.symlink(self.folder, link)
        self.company.miy_einvoice_watch_folder = link
        self._write("a.xml", make_invoice())
        with mute_logger(FOLDER_LOGGER):
            self._run_cron()
        self.assertEqual(self._numbers(), [])

    def test_symlink_at_the_report_path(self):
        """A link planted where the report of a failed file would be written points to the
        server's configuration file: the report goes elsewhere, the target is not touched."""
        os.makedirs(os.path.join(self.folder, "failed"))
        os.symlink(self.victim, os.path.join(self.folder, "failed", "bozuk.xml.txt"))
        self._write("bozuk.xml", b"<Invoice><cbc:ID>")
        self._run_cron()
        self.assertVictimIntact()
        self.assertEqual(self._list("failed"), ["bozuk-1.xml", "bozuk-1.xml.txt", "bozuk.xml.txt"])
        self.assertIn("Malformed XML", self._read("failed", "bozuk-1.xml.txt"))

    def test_symlinked_input_file(self):
        """A link to a file outside the folder (here a valid invoice) is refused, not read."""
        outside = os.path.join(self.victim_dir, "baskasinin.xml")
        with open(outside, "wb") as handle:
            handle.write(make_invoice())
        os.symlink(outside, os.path.join(self.folder, "link.xml"))
        with mute_logger(FOLDER_LOGGER):
            self._run_cron()
        self.assertEqual(self._numbers(), [])
        self.assertEqual(self._list("failed"), ["link.xml", "link.xml.txt"])
        self.assertTrue(os.path.islink(os.path.join(self.folder, "failed", "link.xml")))
        self.assertIn("symbolic link", self._read("failed", "link.xml.txt"))
        with open(outside, "rb") as handle:
            self.assertEqual(handle.read(), make_invoice())

    def test_hard_linked_input_file(self):
        os.link(self.victim, os.path.join(self.folder, "sert.xml"))
        with mute_logger(FOLDER_LOGGER):
            self._run_cron()
        self.assertVictimIntact()
        self.assertEqual(self._list("failed"), ["sert.xml", "sert.xml.txt"])
        self.assertIn("hard links", self._read("failed", "sert.xml.txt"))

    def test_file_still_being_written(self):
        """A file modified less than the settling time ago waits for a later run."""
        self.company.miy_einvoice_watch_settle = 60
        path = self._write("yaziliyor.xml", make_invoice()[:200], age=0)
        self._run_cron()
        self.assertEqual(self._numbers(), [])
        self.assertIn("yaziliyor.xml", self._list())
        # the writer finishes; a minute later the file has settled and is imported
        self._write("yaziliyor.xml", make_invoice(), age=61)
        self._run_cron()
        self.assertEqual(self._numbers(), ["MIY2024000000001"])
        self.assertFalse(os.path.exists(path))
        self.assertEqual(self._list("done"), ["yaziliyor.xml"])

    def test_file_changing_while_read_is_put_back(self):
        """A file that changes between the listing and the reading is still being written: it
        goes back into the folder, unread, for a later run."""
        self._write("degisen.xml", make_invoice())
        Einvoice = type(self.env["miy.einvoice"])
        take = Einvoice._watch_folder_take

        def take_then_append(model, *args, **kwargs):
            taken = take(model, *args, **kwargs)
            with open(os.path.join(self.folder, "processing", "degisen.xml"), "ab") as handle:
                handle.write(b"<!-- daha -->")
            return taken

        with patch.object(Einvoice, "_watch_folder_take", take_then_append):
            report = self.env["miy.einvoice"].sudo().with_company(self.company)._import_watch_folder(self.folder)
        self.env.cr.postcommit.run()
        self.assertEqual(report, [])
        self.assertEqual(self._numbers(), [])
        self.assertIn("degisen.xml", self._list())
        self.assertEqual(self._list("processing"), [])

    def test_killed_run_is_not_retried_forever(self):
        """A run that dies in the middle of an import (here: an exception; or the server killed)
        never commits: its files are set aside in failed/ by the next run, not imported again and
        again."""
        self._write("zehirli.xml", make_invoice())
        self._write("iyi.xml", make_invoice(number="IYI1", ettn="5E1F1C2A-0000-4000-8000-0000000000D1"))
        Einvoice = type(self.env["miy.einvoice"])
        with (
            patch.object(Einvoice, "_import_files", side_effect=MemoryError("killed")),
            mute_logger(FOLDER_LOGGER),
        ):
            self.env["miy.einvoice"]._cron_import_watch_folder()
        self.env.cr.postcommit.clear()  # nothing was committed
        self.assertEqual(self._list("processing"), ["iyi.xml", "zehirli.xml"])
        with mute_logger(FOLDER_LOGGER):
            self._run_cron()
        self.assertEqual(self._numbers(), [])
        self.assertEqual(self._list("failed"), ["iyi.xml", "iyi.xml.txt", "zehirli.xml", "zehirli.xml.txt"])
        self.assertIn("did not finish", self._read("failed", "zehirli.xml.txt"))
        self.assertEqual(self._list("processing"), [])

    def test_bounded_batches_report_progress(self):
        for index in range(5):
            self._write(
                f"f{index}.xml", make_invoice(number=f"B{index}", ettn=f"5E1F1C2A-0000-4000-8000-00000000B00{index}")
            )
        Cron = type(self.env["ir.cron"])
        with (
            patch("odoo.addons.miy_e_invoice_bridge.models.miy_einvoice_folder.BATCH_FILES", 2),
            patch.object(Cron, "_notify_progress", autospec=True) as progress,
        ):
            self._run_cron()
            self.assertEqual(self._numbers(), ["B0", "B1"])
            self.assertEqual(progress.call_args.kwargs, {"done": 2, "remaining": 3})
            self._run_cron()
            self._run_cron()
            self.assertEqual(progress.call_args.kwargs, {"done": 1, "remaining": 0})
        self.assertEqual(len(self._numbers()), 5)
        self.assertEqual(len(self._list("done")), 5)
