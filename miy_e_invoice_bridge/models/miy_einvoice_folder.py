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


def _move_processed(folder, moves):
    """Move each imported file to ``done/`` or ``failed/`` (with a ``.txt`` of the reasons)."""
    for name, subfolder, reasons in moves:
        target = os.path.join(folder, subfolder)
        try:
            os.makedirs(target, exist_ok=True)
            moved = _free_name(target, name)
            shutil.move(os.path.join(folder, name), os.path.join(target, moved))
            if reasons:
                with open(os.path.join(target, moved + ".txt"), "w", encoding="utf-8") as handle:
                    handle.write(reasons + "\n")
        except OSError as exc:
            _logger.warning("e-invoice folder %s: could not move %s: %s", folder, name, exc)


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
        by_file = {}
        for line in report:
            by_file.setdefault(line["filename"].split("/", 1)[0], []).append(line)
        moves = []
        for name in names:
            failed = [line for line in by_file.get(name, []) if line["status"] == "rejected"]
            reasons = "\n".join(f"{line['filename']}: {line['message']}" for line in failed)
            moves.append((name, FAILED if failed else DONE, reasons))
        # Files leave the folder only once the import is committed: if the transaction fails,
        # they stay and the next run imports them again (duplicates are recognised anyway).
        self.env.cr.postcommit.add(lambda: _move_processed(folder, moves))
        return report
        return report
