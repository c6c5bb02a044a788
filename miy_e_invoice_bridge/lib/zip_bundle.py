"""Safe expansion of ZIP bundles of e-invoices (GİB portal, integrators).

Refused as a whole: path traversal in member names (``..``, absolute paths, drive letters),
ZIP bombs (total uncompressed size over ``max_total``, a member whose compression ratio exceeds
``max_ratio``, more than ``max_members`` members). Member names without the UTF-8 flag are
re-decoded (cp437 as stored by :mod:`zipfile` -> UTF-8, else cp857) so Turkish names survive.
"""

import io
import posixpath
import re
import zipfile

MAX_TOTAL = 500 * 1024 * 1024
MAX_RATIO = 200
MAX_MEMBERS = 10000
_CHUNK = 1024 * 1024


class ZipRefused(ValueError):
    def __init__(self, code, detail=""):
        super().__init__(f"{code}: {detail}")
        self.code = code  # unsafe_path, zip_bomb, bad_zip
        self.detail = detail


def _member_name(info):
    name = info.filename
    if not info.flag_bits & 0x800:
        raw = name.encode("cp437", errors="replace")
        for encoding in ("utf-8", "cp857"):
            try:
                return raw.decode(encoding)
            except UnicodeDecodeError:
                continue
    return name


def _unsafe(name):
    normalized = name.replace("\\", "/")
    if normalized.startswith("/") or re.match(r"^[A-Za-z]:", normalized):
        return True
    return ".." in normalized.split("/")


def is_zip(data):
    return data[:4] == b"PK\x03\x04"


def expand_zip(data, max_total=MAX_TOTAL, max_ratio=MAX_RATIO, max_members=MAX_MEMBERS):
    """Return a list of (member path, bytes) for the files of a ZIP, directories skipped."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise ZipRefused("bad_zip", str(exc)) from None
    files = [info for info in infos if not info.is_dir()]
    if len(files) > max_members:
        raise ZipRefused("zip_bomb", f"{len(files)} members")
    for info in infos:
        if _unsafe(info.filename) or _unsafe(_member_name(info)):
            raise ZipRefused("unsafe_path", _member_name(info))
    if sum(info.file_size for info in files) > max_total:
        raise ZipRefused("zip_bomb", "total size")
    for info in files:
        if info.file_size > 1024 * 1024 and info.file_size > max_ratio * max(info.compress_size, 1):
            raise ZipRefused("zip_bomb", _member_name(info))
    result = []
    total = 0
    for info in files:
        chunks = []
        try:
            with archive.open(info) as member:
                while True:
                    chunk = member.read(_CHUNK)
                    if not chunk:
                        break
                    total += len(chunk)
                    if total > max_total:  # sizes in the headers may lie
                        raise ZipRefused("zip_bomb", "total size")
                    chunks.append(chunk)
        except (zipfile.BadZipFile, NotImplementedError, RuntimeError, OSError, EOFError) as exc:
            raise ZipRefused("bad_zip", str(exc)) from None
        result.append((posixpath.normpath(_member_name(info).replace("\\", "/")), b"".join(chunks)))
    return result
