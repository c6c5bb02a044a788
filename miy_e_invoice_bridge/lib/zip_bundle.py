"""Safe expansion of ZIP bundles of e-invoices (GİB portal, integrators).

Refused as a whole: path traversal in member names (``..``, absolute paths, drive letters),
ZIP bombs (total uncompressed size over ``max_total``, a member whose compression ratio exceeds
``max_ratio``, more than ``max_members`` members). Member names without the UTF-8 flag are
re-decoded (cp437 as stored by :mod:`zipfile` -> UTF-8, else cp857) so Turkish names survive.

ZIPs inside ZIPs (an integrator's monthly bundle of daily bundles) are expanded by
:func:`expand_nested` up to ``max_depth`` levels, the caps on total size and member count
applying to the whole tree, not to each archive.
"""

import io
import posixpath
import re
import zipfile

MAX_TOTAL = 500 * 1024 * 1024
MAX_RATIO = 200
MAX_MEMBERS = 10000
MAX_DEPTH = 3
_CHUNK = 1024 * 1024


class ZipRefused(ValueError):
    def __init__(self, code, detail=""):
        super().__init__(f"{code}: {detail}")
        self.code = code  # unsafe_path, zip_bomb, bad_zip, zip_depth
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


def expand_nested(data, max_total=MAX_TOTAL, max_ratio=MAX_RATIO, max_members=MAX_MEMBERS, max_depth=MAX_DEPTH):
    """Like :func:`expand_zip`, with the members that are ZIPs expanded in turn (their files
    named ``inner.zip/path``). ``max_total`` and ``max_members`` cap the whole tree; an archive
    nested deeper than ``max_depth`` levels refuses the whole bundle."""
    budget = {"total": 0, "members": 0}
    result = []
    _expand_into(data, "", 1, budget, result, (max_total, max_ratio, max_members, max_depth))
    return result


def _expand_into(data, prefix, depth, budget, result, limits):
    max_total, max_ratio, max_members, max_depth = limits
    if depth > max_depth:
        raise ZipRefused("zip_depth", prefix.rstrip("/"))
    members = expand_zip(
        data,
        max_total=max_total - budget["total"],
        max_ratio=max_ratio,
        max_members=max_members - budget["members"],
    )
    budget["total"] += sum(len(member_data) for _name, member_data in members)
    budget["members"] += len(members)
    for name, member_data in members:
        if is_zip(member_data):
            _expand_into(member_data, f"{prefix}{name}/", depth + 1, budget, result, limits)
        else:
            result.append((prefix + name, member_data))
