"""Watched folder: an integrator's client or a scanner drops UBL-TR XML/ZIP files into a server
folder (configured per company in the Invoicing settings); a cron imports them and moves each
file to ``done/`` or, when anything in it was rejected, to ``failed/`` with a ``.txt`` report.

Whoever may write into the folder (often a network share) is not trusted with the rights of the
Odoo process: every file-system operation goes through directory descriptors opened with
``O_NOFOLLOW`` (the folder and its ``done/``, ``failed/`` and ``processing/`` subfolders: a symbolic
link there refuses the whole folder), files are opened with ``O_NOFOLLOW`` and must be regular
files with a single link (symbolic links, hard links, FIFOs... are moved to ``failed/`` unread),
reports are created with ``O_CREAT | O_EXCL | O_NOFOLLOW`` next to a free name, and files move by
``rename`` between those descriptors (which never follows a link). A file is imported only once
it has stopped changing (not modified for ``miy_einvoice_watch_settle`` seconds, and unchanged
while it is read).

Files are taken by bounded batches (``BATCH_FILES`` files, ``BATCH_BYTES`` bytes). A batch's files
first move to ``processing/``; once its import is committed they move on to ``done/`` or
``failed/``. A file still in ``processing/`` when a run starts belongs to a run that never
committed (the server was killed, or the import raised): it goes to ``failed/`` with that reason
instead of being retried forever. One run at a time imports a folder: a run holds the folder's
lock (``flock`` on the hidden ``.miy-import.lock`` in it) from before it looks at ``processing/``
until its files have left it, so a second cron worker (or a second machine) neither imports the
same files nor mistakes the running batch for an interrupted one. The cron reports its progress with ``ir.cron._notify_progress``:
Odoo commits each batch and calls the job again while files remain (no ``cr.commit()`` here).
"""

import errno
import fcntl
import logging
import os
import stat
import time

from odoo import api, models

from ..lib import ubl_tr

_logger = logging.getLogger(__name__)

DONE, FAILED, PROCESSING = "done", "failed", "processing"
LOCK_NAME = ".miy-import.lock"  # hidden: never listed as a file to import
BATCH_FILES = 50
BATCH_BYTES = 100 * 1024 * 1024
_DIR_FLAGS = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC
_READ_FLAGS = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC
_REPORT_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC


class UnsafeFolder(OSError):
    """The watched folder or one of its subfolders is a symbolic link, or not a folder."""


class FileChanged(OSError):
    """The file changed while it was taken: it is still being written."""


def _open_dir(name, dir_fd=None):
    try:
        return os.open(name, _DIR_FLAGS, dir_fd=dir_fd)
    except OSError as exc:
        if exc.errno in (errno.ELOOP, errno.ENOTDIR):
            raise UnsafeFolder(exc.errno, "symbolic link or not a folder, refused", name) from None
        raise


def _exists(dir_fd, name):
    try:
        os.stat(name, dir_fd=dir_fd, follow_symlinks=False)
    except FileNotFoundError:
        return False
    return True


def _free_name(dir_fd, name, report=False):
    """``name``, or ``stem-1.ext``, ``stem-2.ext``... when that name (or, with ``report``, its
    ``.txt``) is taken in the folder (by anything, a symbolic link included)."""
    stem, ext = os.path.splitext(name)
    for index in range(10000):
        candidate = f"{stem}-{index}{ext}" if index else name
        if not _exists(dir_fd, candidate) and not (report and _exists(dir_fd, candidate + ".txt")):
            return candidate
    raise FileExistsError(errno.EEXIST, "no free name", name)


class WatchedFolder:
    """The watched folder and its subfolders, held as directory descriptors opened without
    following links (so a link swapped in later changes nothing either)."""

    def __init__(self, path):
        self.path = path
        self.fd = _open_dir(path)
        self.fds = {}
        try:
            for name in (DONE, FAILED, PROCESSING):
                try:
                    os.mkdir(name, 0o750, dir_fd=self.fd)
                except FileExistsError:
                    pass
                self.fds[name] = _open_dir(name, dir_fd=self.fd)
        except OSError:
            self.close()
            raise

    def lock(self):
        """Take the folder's lock (a lock file in it, ``flock``: exclusive between processes and
        threads, and between machines on a network file system that supports it). Returns a
        ``FolderLock`` to release once this run's files have left ``processing/``, or None when
        another run holds it. The lock outlives this object (its own descriptor)."""
        fd = os.open(
            LOCK_NAME, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC, 0o640, dir_fd=self.fd
        )
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            return None
        except OSError:
            os.close(fd)
            raise
        return FolderLock(fd)

    def close(self):
        for fd in [*self.fds.values(), self.fd]:
            os.close(fd)
        self.fds = {}

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.close()

    def entries(self, subfolder=None):
        """[(name, lstat result)] of the folder (or a subfolder), hidden names left out."""
        with os.scandir(self.fds[subfolder] if subfolder else self.fd) as scan:
            return sorted(
                (entry.name, entry.stat(follow_symlinks=False)) for entry in scan if not entry.name.startswith(".")
            )

    def move(self, name, source, target, report=None):
        """Move ``name`` from the ``source`` subfolder (None: the folder) to ``target`` under a free
        name; write ``report`` next to it in a new ``.txt``. Returns the new name."""
        source_fd = self.fds[source] if source else self.fd
        target_fd = self.fds[target] if target else self.fd
        moved = _free_name(target_fd, name, report=bool(report))
        os.rename(name, moved, src_dir_fd=source_fd, dst_dir_fd=target_fd)
        if report:
            self.write_report(target_fd, moved + ".txt", report)
        return moved

    def write_report(self, dir_fd, name, text):
        stem, ext = os.path.splitext(name)
        for index in range(100):
            candidate = f"{stem}-{index}{ext}" if index else name
            try:
                fd = os.open(candidate, _REPORT_FLAGS, 0o640, dir_fd=dir_fd)
            except FileExistsError:
                continue
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(text + "\n")
            return candidate
        raise FileExistsError(errno.EEXIST, "no free name", name)

    def read_file(self, name, listed):
        """The bytes of ``processing/name``, which must be the regular file listed (same size and
        modification time) and must not change while it is read."""
        fd = os.open(name, _READ_FLAGS, dir_fd=self.fds[PROCESSING])
        try:
            before = os.fstat(fd)
            if not stat.S_ISREG(before.st_mode) or before.st_nlink != 1:
                raise FileChanged(errno.EINVAL, "not a regular file", name)
            if (before.st_size, before.st_mtime_ns) != (listed.st_size, listed.st_mtime_ns):
                raise FileChanged(errno.EAGAIN, "changed", name)
            chunks, size = [], 0
            while chunk := os.read(fd, min(1024 * 1024, listed.st_size + 1 - size)):
                size += len(chunk)
                chunks.append(chunk)
                if size > listed.st_size:
                    raise FileChanged(errno.EAGAIN, "grew", name)
            after = os.fstat(fd)
            if (after.st_size, after.st_mtime_ns) != (listed.st_size, listed.st_mtime_ns):
                raise FileChanged(errno.EAGAIN, "changed", name)
            return b"".join(chunks)
        finally:
            os.close(fd)


class FolderLock:
    """A held folder lock; ``release`` may be called more than once."""

    def __init__(self, fd):
        self.fd = fd

    def release(self):
        if self.fd is not None:
            os.close(self.fd)  # closing the descriptor releases the flock
            self.fd = None


def _move_processed(path, moves, lock=None):
    """After the commit: each file of the batch from ``processing/`` to ``done/`` or ``failed/``;
    then the folder's lock is released."""
    try:
        _move_processed_files(path, moves)
    finally:
        if lock:
            lock.release()


def _move_processed_files(path, moves):
    try:
        folder = WatchedFolder(path)
    except OSError as exc:
        _logger.error("e-invoice folder %s: imported files left in processing/: %s", path, exc)
        return
    with folder:
        for name, target, reasons in moves:
            try:
                folder.move(name, PROCESSING, target, reasons)
            except OSError as exc:
                _logger.warning("e-invoice folder %s: could not move %s: %s", path, name, exc)


class MiyEinvoice(models.Model):
    _inherit = "miy.einvoice"

    @api.model
    def _cron_import_watch_folder(self):
        """One batch per company with a watched folder; Odoo commits it and calls the job again
        while files remain (``ir.cron._notify_progress``). The reports are written in the cron
        user's language (a cron's context gives none)."""
        model = self._miy_in_user_lang()
        if model is not self:
            return model._cron_import_watch_folder()
        companies = self.env["res.company"].sudo().search([("miy_einvoice_watch_folder", "!=", False)])
        done = remaining = 0
        for company in companies:
            folder = company.miy_einvoice_watch_folder
            try:
                with self.env.cr.savepoint():
                    report, left = (
                        self.sudo()
                        .with_company(company)
                        ._import_watch_folder_batch(folder, settle=company.miy_einvoice_watch_settle)
                    )
            except OSError as exc:
                _logger.error("e-invoice folder %s of %s: %s", folder, company.name, exc)
                continue
            except Exception:  # one company's folder must not stop the others'
                # the batch's files stay in processing/ and go to failed/ at the next run
                _logger.exception("e-invoice folder %s of %s: import failed", folder, company.name)
                continue
            done += len({line["filename"].split("/", 1)[0] for line in report})
            remaining += left
        self.env["ir.cron"]._notify_progress(done=done, remaining=remaining)

    @api.model
    def _import_watch_folder(self, folder, settle=0):
        """Import one batch of the files directly in ``folder``; returns the report."""
        return self._import_watch_folder_batch(folder, settle=settle)[0]

    @api.model
    def _import_watch_folder_batch(self, folder, settle=0):
        """Import one batch of the files lying directly in ``folder`` (not in its subfolders) that
        have not changed for ``settle`` seconds. Returns (report, number of files ready for the
        next batch). Raises ``UnsafeFolder`` (importing nothing) when the folder or a subfolder
        is a symbolic link.

        One run at a time per folder (two cron workers, a cron and a manual run): a run holds the
        folder's lock from before it looks at ``processing/`` until its files have left it after
        the commit, or until the rollback; a run that finds the lock taken imports nothing."""
        lock = None
        try:
            with WatchedFolder(folder) as watched:
                lock = watched.lock()
                if lock is None:
                    _logger.info("e-invoice folder %s: another run is importing it, nothing taken", folder)
                    return [], 0
                self._watch_folder_recover(watched)
                batch, remaining = self._watch_folder_take(watched, settle)
                files, report = [], []
                for name, listed in batch:
                    if listed.st_size > ubl_tr.MAX_FILE_SIZE:
                        files.append((name, None))
                        report.append(self._report_line(name, "rejected", self._error_message("too_large")))
                        continue
                    try:
                        files.append((name, watched.read_file(name, listed)))
                    except FileChanged:
                        # still being written: back to the folder, for a later run
                        watched.move(name, PROCESSING, None)
                    except OSError as exc:  # e.g. swapped for a symbolic link meanwhile: refused, unread
                        _logger.warning("e-invoice folder %s: %s refused: %s", folder, name, exc)
                        files.append((name, None))
                        report.append(
                            self._report_line(name, "rejected", self.env._("Refused: could not be read safely"))
                        )
            report += self._import_files([(name, data) for name, data in files if data is not None])
        except BaseException:
            if lock:
                lock.release()  # the files stay in processing/: the next run sets them aside
            raise
        by_file = {}
        for line in report:
            by_file.setdefault(line["filename"].split("/", 1)[0], []).append(line)
        moves = []
        for name, _data in files:
            failed = [line for line in by_file.get(name, []) if line["status"] == "rejected"]
            reasons = "\n".join(f"{line['filename']}: {line['message']}" for line in failed)
            moves.append((name, FAILED if failed else DONE, reasons))
        # the files leave processing/ once the import is committed; if it never is, the next run
        # finds them there and puts them in failed/ (see _watch_folder_recover). Either way the
        # transaction's end releases the lock (a cursor's close rolls back).
        self.env.cr.postcommit.add(lambda: _move_processed(folder, moves, lock))
        self.env.cr.postrollback.add(lock.release)
        return report, remaining

    @api.model
    def _watch_folder_recover(self, watched):
        """Files left in ``processing/`` by a run that never committed go to ``failed/``."""
        reason = self.env._(
            "The import of this file did not finish (the server stopped or an error occurred). It is not "
            "retried automatically: put it into the folder again to retry."
        )
        for name, _listed in watched.entries(PROCESSING):
            _logger.warning("e-invoice folder %s: %s was left by an interrupted import", watched.path, name)
            watched.move(name, PROCESSING, FAILED, f"{name}: {reason}")

    @api.model
    def _watch_folder_take(self, watched, settle):
        """Move the next batch of settled regular files into ``processing/``; refuse (move to
        ``failed/`` unread) links and special files. Returns ([(name, lstat)], files left)."""
        now = time.time()
        ready = []
        for name, listed in watched.entries():
            mode = listed.st_mode
            if stat.S_ISDIR(mode):
                continue  # subfolders are not watched
            if not stat.S_ISREG(mode) or listed.st_nlink != 1:
                if stat.S_ISLNK(mode):
                    reason = self.env._("Refused: a symbolic link (not read)")
                elif stat.S_ISREG(mode):
                    reason = self.env._("Refused: a file with several hard links (not read)")
                else:
                    reason = self.env._("Refused: not a regular file (not read)")
                _logger.warning("e-invoice folder %s: %s refused: %s", watched.path, name, reason)
                watched.move(name, None, FAILED, f"{name}: {reason}")
                continue
            if now - listed.st_mtime < settle:
                continue  # still being written, or just dropped: a later run takes it
            ready.append((name, listed))
        batch, size = [], 0
        for name, listed in ready:
            weight = min(listed.st_size, ubl_tr.MAX_FILE_SIZE)
            if batch and (len(batch) >= BATCH_FILES or size + weight > BATCH_BYTES):
                break
            batch.append((name, listed))
            size += weight
        taken = []
        for name, listed in batch:
            moved = watched.move(name, None, PROCESSING)
            taken.append((moved, listed))
        return taken, len(ready) - len(batch)
