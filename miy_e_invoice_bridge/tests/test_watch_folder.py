import os
import tempfile

from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import EInvoiceCommon, make_invoice, make_zip


@tagged("post_install", "-at_install")
class TestWatchFolder(EInvoiceCommon):
    def setUp(self):
        super().setUp()
        tmp = tempfile.TemporaryDirectory(prefix="miy_einvoice_")
        self.addCleanup(tmp.cleanup)
        self.folder = tmp.name
        self.company.miy_einvoice_watch_folder = self.folder

    def _write(self, name, data):
        with open(os.path.join(self.folder, name), "wb") as handle:
            handle.write(data)

    def _run_cron(self):
        """The cron's run, then its commit: files are moved by a post-commit hook."""
        self.env["miy.einvoice"]._cron_import_watch_folder()
        self.env.cr.postcommit.run()

    def test_files_move_only_after_commit(self):
        self._write("a.xml", make_invoice())
        self.env["miy.einvoice"]._cron_import_watch_folder()
        self.assertEqual(os.listdir(self.folder), ["a.xml"], "nothing moves before the import is committed")
        self.env.cr.postcommit.clear()  # the transaction did not commit: the file waits for the next run
        self.assertEqual(os.listdir(self.folder), ["a.xml"])
        self._run_cron()
        self.assertEqual(sorted(os.listdir(self.folder)), ["done"])
        self.assertEqual(os.listdir(os.path.join(self.folder, "done")), ["a.xml"])

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
        numbers = self.env["miy.einvoice"].search([("company_id", "=", self.company.id)]).mapped("number")
        self.assertEqual(sorted(numbers), ["MIY2024000000001", "Z1"])
        self.assertEqual(sorted(os.listdir(os.path.join(self.folder, "done"))), ["iyi.xml"])
        self.assertEqual(
            sorted(os.listdir(os.path.join(self.folder, "failed"))),
            ["bozuk.xml", "bozuk.xml.txt", "paket.zip", "paket.zip.txt"],
        )
        with open(os.path.join(self.folder, "failed", "bozuk.xml.txt"), encoding="utf-8") as handle:
            self.assertIn("Malformed XML", handle.read())
        with open(os.path.join(self.folder, "failed", "paket.zip.txt"), encoding="utf-8") as handle:
            self.assertIn("paket.zip/notlar.txt", handle.read())
        # subfolders are not watched; the folder is empty of processed files
        self.assertEqual(sorted(os.listdir(self.folder)), ["alt", "done", "failed"])
        # a second run finds nothing new and changes nothing
        self._run_cron()
        self.assertEqual(sorted(os.listdir(os.path.join(self.folder, "done"))), ["iyi.xml"])

    def test_same_file_dropped_again_is_a_duplicate_and_done(self):
        self._write("a.xml", make_invoice())
        self._run_cron()
        self._write("a.xml", make_invoice())
        report = self.env["miy.einvoice"].sudo().with_company(self.company)._import_watch_folder(self.folder)
        self.env.cr.postcommit.run()
        self.assertEqual([line["status"] for line in report], ["duplicate"])
        self.assertEqual(sorted(os.listdir(os.path.join(self.folder, "done"))), ["a-1.xml", "a.xml"])

    def test_missing_folder_does_not_stop_the_cron(self):
        self.company.miy_einvoice_watch_folder = os.path.join(self.folder, "yok")
        with mute_logger("odoo.addons.miy_e_invoice_bridge.models.miy_einvoice_folder"):
            self.env["miy.einvoice"]._cron_import_watch_folder()  # logged, no exception
        self.assertFalse(self.env["miy.einvoice"].search([("company_id", "=", self.company.id)]))
