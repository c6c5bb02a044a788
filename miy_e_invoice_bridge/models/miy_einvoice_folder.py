"""Watched folder: an integrator's client or a scanner drops UBL-TR XML/ZIP files into a server
folder (configured per company in the Invoicing settings); a cron imports them and moves each
file to ``done/`` or, when anything in it was rejected, to ``failed/`` with a ``.txt`` report."""

import logging
import os
import shutil

from odoo import api, models

from ..lib import ubl_tr

_logger = logging.getLogger(__name__)

DONE, FAILED = "done", "failed"
BATCH_FILES = 500


def _free_name(folder, name):
    """``name``, or ``stem-1.ext``, ``stem-2.ext``... when a file of that name was moved there before."""
    stem, ext = os.path.splitext(name)
    candidate, index = name, 0
    while os.path.exists(os.path.join(folder, candidate)):
        index += 1
        candidate = f"{stem}-{index}{ext}"
    return candidate


class MiyEinvoice(models.Model):
    _inherit = "miy.einvoice"

    @api.model
    def _cron_import_watch_folder(self):
        companies = self.env["res.company"].sudo().search([("miy_einvoice_watch_folder", "!=", False)])
        for company in companies:
            try:
                self.sudo().with_company(company)._import_watch_folder(company.miy_einvoice_watch_folder)
            except OSError as exc:
                _logger.warning("e-invoice folder %s of %s: %s", company.miy_einvoice_watch_folder, company.name, exc)

    @api.model
    def _import_watch_folder(self, folder):
        """Import the files directly in ``folder`` (not in its subfolders); returns the report."""
        names = sorted(
            entry.name
            for entry in os.scandir(folder)
            if entry.is_file(follow_symlinks=False) and not entry.name.startswith(".")
        )[:BATCH_FILES]
        if not names:
            return []
        files, report = [], []
        for name in names:
            path = os.path.join(folder, name)
            if os.path.getsize(path) > ubl_tr.MAX_FILE_SIZE:
                report.append(self._report_line(name, "rejected", self._error_message("too_large")))
                continue
            with open(path, "rb") as handle:
                files.append((name, handle.read()))
        report += self._import_files(files)
        self.env.flush_all()  # nothing is moved before the import is written
        by_file = {}
        for line in report:
            by_file.setdefault(line["filename"].split("/", 1)[0], []).append(line)
        for name in names:
            lines = by_file.get(name, [])
            failed = [line for line in lines if line["status"] == "rejected"]
            target = os.path.join(folder, FAILED if failed else DONE)
            os.makedirs(target, exist_ok=True)
            moved = _free_name(target, name)
            shutil.move(os.path.join(folder, name), os.path.join(target, moved))
            if failed:
                reasons = "\n".join(f"{line['filename']}: {line['message']}" for line in failed)
                with open(os.path.join(target, moved + ".txt"), "w", encoding="utf-8") as handle:
                    handle.write(reasons + "\n")
        return report
