"""Safe expansion of ZIP bundles of e-invoices (GİB portal, integrators).

Refused as a whole: path traversal in member names (``..``, absolute paths, drive letters),
ZIP bombs, damaged archives, archives nested deeper than ``max_depth``. Member names without the
UTF-8 flag are re-decoded (cp437 as stored by :mod:`zipfile` -> UTF-8, else cp857) so Turkish
names survive.

ZIP bombs are caught on what is actually decompressed, never on the sizes the archive declares
(they may lie): every member is read through a bounded reader, chunk by chunk, and the bytes
produced so far by the whole tree (the outer archive and every archive nested in it) are counted
against three caps:

- ``max_total`` (100 MB): a month of a firm's e-invoices is a few MB to a few tens of MB of XML;
  ten times a large firm's month is refused rather than expanded;
- ``max_ratio`` (100:1) over the whole tree: bytes produced / size of the outer archive, checked
  once the tree has produced more than ``RATIO_FLOOR`` (1 MiB), so small archives of very
  repetitive XML pass. UBL-TR XML compresses 5 to 30:1; a bomb compresses 1000:1. 470 members
  of 1 MiB each (a 470 MB bomb in a 0.5 MB archive) are stopped after 50 MB of output;
- ``max_members`` (10,000) over the whole tree (a nested archive counts as a member, and so
  does each of its members).

:func:`iter_nested` yields the members one by one: a nested archive is expanded as soon as it is
read and released afterwards, so neither every compressed nested archive nor every decompressed
member need be in memory at once (the caller keeps what it needs). A refusal may come after some
members were yielded: the caller must then drop what it took from that archive (the importer does:
a refused archive is refused as a whole).
"""

import io
import posixpath
import re
import zipfile

MAX_TOTAL = 100 * 1024 * 1024
MAX_RATIO = 100
RATIO_FLOOR = 1024 * 1024
MAX_MEMBERS = 10000
MAX_DEPTH = 3
_CHUNK = 64 * 1024


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


class _Budget:
    """What the whole tree may still produce: bytes (total and ratio to the outer archive) and
    members. Shared by every level of nesting."""

    def __init__(self, archive_size, max_total, max_ratio, max_members):
        self.max_total = max_total
        self.ratio_cap = max(RATIO_FLOOR, max_ratio * max(archive_size, 1))
        self.max_members = max_members
        self.total = 0
        self.members = 0

    def add_member(self, count=1):
        self.members += count
        if self.members > self.max_members:
            raise ZipRefused("zip_bomb", "members")  # more than max_members files

    def add_bytes(self, count):
        self.total += count
        if self.total > self.max_total:
            raise ZipRefused("zip_bomb", "total size")
        if self.total > self.ratio_cap:
            raise ZipRefused("zip_bomb", "compression ratio")


def _open(data, budget):
    """The archive and its files (directories left out), counted against the budget; refused as a
    whole when it is damaged or any member's path leaves the archive."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError, EOFError) as exc:
        raise ZipRefused("bad_zip", str(exc)) from None
    files = [info for info in infos if not info.is_dir()]
    budget.add_member(len(files))
    for info in infos:
        if _unsafe(info.filename) or _unsafe(_member_name(info)):
            raise ZipRefused("unsafe_path", _member_name(info))
    return archive, files


def _clean_name(info):
    return posixpath.normpath(_member_name(info).replace("\\", "/"))


def _read_member(archive, info, budget):
    """The member's bytes, read by chunks and counted against the budget as they come (the
    declared size is never trusted, nor used to allocate)."""
    buffer = io.BytesIO()
    try:
        with archive.open(info) as member:
            while chunk := member.read(_CHUNK):
                budget.add_bytes(len(chunk))
                buffer.write(chunk)
    except (zipfile.BadZipFile, NotImplementedError, RuntimeError, OSError, EOFError, ValueError) as exc:
        if isinstance(exc, ZipRefused):
            raise
        raise ZipRefused("bad_zip", str(exc)) from None
    return buffer.getvalue()


def _iter_archive(data, prefix, depth, budget, max_depth):
    if depth > max_depth:
        raise ZipRefused("zip_depth", prefix.rstrip("/"))
    archive, files = _open(data, budget)
    # early refusal on the declared sizes (cheap); the real check is on the bytes read
    if sum(info.file_size for info in files) > budget.max_total - budget.total:
        raise ZipRefused("zip_bomb", "total size")
    for info in files:
        name = _clean_name(info)
        member_data = _read_member(archive, info, budget)
        if is_zip(member_data):
            yield from _iter_archive(member_data, f"{prefix}{name}/", depth + 1, budget, max_depth)
        else:
            yield prefix + name, member_data
        del member_data


def iter_nested(data, max_total=MAX_TOTAL, max_ratio=MAX_RATIO, max_members=MAX_MEMBERS, max_depth=MAX_DEPTH):
    """Yield (member path, bytes) for the files of a ZIP, directories skipped; members that are
    ZIPs are expanded in turn (their files named ``inner.zip/path``), up to ``max_depth`` levels
    of archives. The caps apply to the whole tree; any refusal raises :class:`ZipRefused`."""
    budget = _Budget(len(data), max_total, max_ratio, max_members)
    yield from _iter_archive(data, "", 1, budget, max_depth)


def expand_nested(data, max_total=MAX_TOTAL, max_ratio=MAX_RATIO, max_members=MAX_MEMBERS, max_depth=MAX_DEPTH):
    """:func:`iter_nested` as a list (everything is refused when anything is)."""
    return list(iter_nested(data, max_total, max_ratio, max_members, max_depth))


def expand_zip(data, max_total=MAX_TOTAL, max_ratio=MAX_RATIO, max_members=MAX_MEMBERS):
    """The files of one ZIP, nested archives kept as they are (not expanded)."""
    budget = _Budget(len(data), max_total, max_ratio, max_members)
    archive, files = _open(data, budget)
    return [(_clean_name(info), _read_member(archive, info, budget)) for info in files]
