"""A small, strict vCard 3.0 / 4.0 reader and writer (RFC 2426 and RFC 6350).

Written here rather than taken from ``vobject`` so that (1) a malformed file is refused with the
number of the card and of the physical line at fault, before anything is saved, (2) 3.0 and 4.0
are read the same way (``vobject`` is built around 3.0 and silently accepts much that is broken),
and (3) the output is exactly what Outlook and phone address books read: CRLF line ends, lines
folded at 75 octets without splitting a UTF-8 character, and text escaped per the RFCs.
Plain Python, no Odoo import: it is tested on its own.
"""

import quopri
import re
from dataclasses import dataclass, field

SUPPORTED_VERSIONS = ("2.1", "3.0", "4.0")
MAX_LINE_OCTETS = 75
NAME_RE = re.compile(r"^(?:[A-Za-z0-9-]+\.)?[A-Za-z0-9-]+$")


MESSAGES = {
    "no_colon": "expected 'NAME:value', got %(text)s",
    "bad_name": "invalid property name %(text)s",
    "bad_encoding": "cannot decode quoted-printable text (%(text)s)",
    "not_vcard": "BEGIN:%(text)s is not a vCard",
    "no_end_before_begin": "the card has no END:VCARD before a new BEGIN:VCARD",
    "outside_card": "%(text)s outside BEGIN:VCARD ... END:VCARD",
    "bad_end": "END:%(text)s does not close the vCard",
    "no_version": "the card has no VERSION",
    "bad_version": "vCard version %(text)s is not supported (3.0 or 4.0)",
    "no_end": "the card has no END:VCARD",
    "empty": "the file contains no vCard (BEGIN:VCARD ... END:VCARD)",
}


class VCardError(ValueError):
    """A malformed vCard file: ``code`` says what (a key of MESSAGES, whose callers may translate
    it), ``text`` the offending text, ``card`` and ``line`` where (1-based, physical line)."""

    def __init__(self, code, card=None, line=None, text=""):
        self.code = code
        self.card = card
        self.line = line
        self.text = text
        self.message = MESSAGES[code] % {"text": text}
        super().__init__(f"card {card}, line {line}: {self.message}" if card else self.message)


@dataclass
class VProperty:
    name: str
    value: str
    params: dict = field(default_factory=dict)
    group: str = ""
    line: int = 0

    @property
    def types(self):
        """TYPE values, lower case, whichever way they were written (TYPE=a,b / TYPE=a;TYPE=b / 2.1 bare)."""
        values = set()
        for value in self.params.get("TYPE", []):
            values.update(part.strip().lower() for part in value.split(",") if part.strip())
        return values

    def text(self):
        return unescape(self.value)

    def components(self):
        """The components of a structured value (N, ADR, ORG), unescaped."""
        return [unescape(part) for part in split_unescaped(self.value, ";")]


@dataclass
class VCard:
    index: int
    line: int
    version: str = ""
    properties: list = field(default_factory=list)

    def get_all(self, name):
        return [prop for prop in self.properties if prop.name == name]

    def get(self, name):
        props = self.get_all(name)
        return props[0] if props else None

    def text(self, name):
        prop = self.get(name)
        return prop.text().strip() if prop else ""


# ------------------------------------------------------------------ text helpers
def unescape(value):
    out, i = [], 0
    while i < len(value):
        char = value[i]
        if char == "\\" and i + 1 < len(value):
            nxt = value[i + 1]
            out.append("\n" if nxt in "nN" else nxt)
            i += 2
            continue
        out.append(char)
        i += 1
    return "".join(out)


def split_unescaped(value, separator):
    """Split on ``separator`` where it is not escaped by a backslash; parts stay escaped."""
    parts, current, i = [], [], 0
    while i < len(value):
        char = value[i]
        if char == "\\" and i + 1 < len(value):
            current.append(value[i : i + 2])
            i += 2
            continue
        if char == separator:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
        i += 1
    parts.append("".join(current))
    return parts


def escape(value):
    value = (value or "").replace("\r\n", "\n").replace("\r", "\n")
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def fold(line):
    """Fold a content line at 75 octets (UTF-8), never inside a character; CRLF-terminated."""
    encoded = line.encode("utf-8")
    if len(encoded) <= MAX_LINE_OCTETS:
        return line + "\r\n"
    chunks, current, size, limit = [], [], 0, MAX_LINE_OCTETS
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            chunks.append("".join(current))
            current, size, limit = [], 0, MAX_LINE_OCTETS - 1  # continuation lines start with a space
        current.append(char)
        size += width
    chunks.append("".join(current))
    return "\r\n ".join(chunks) + "\r\n"


# ------------------------------------------------------------------ reading
def _unfold(text):
    """Yield (first physical line number, logical line) pairs."""
    logical, start = None, 0
    for number, raw in enumerate(re.split(r"\r\n|\r|\n", text), start=1):
        if raw[:1] in (" ", "\t") and logical is not None:
            logical += raw[1:]
            continue
        if logical is not None:
            yield start, logical
        logical, start = raw, number
    if logical is not None:
        yield start, logical


def _parse_line(line, number, card_index):
    # the name/parameters part ends at the first ':' outside double quotes
    in_quotes, colon = False, -1
    for pos, char in enumerate(line):
        if char == '"':
            in_quotes = not in_quotes
        elif char == ":" and not in_quotes:
            colon = pos
            break
    if colon <= 0:
        raise VCardError("no_colon", card=card_index, line=number, text=repr(line[:60]))
    head, value = line[:colon], line[colon + 1 :]
    pieces = split_params(head)
    name = pieces[0].strip()
    if not NAME_RE.match(name):
        raise VCardError("bad_name", card=card_index, line=number, text=repr(name[:40]))
    group = ""
    if "." in name:
        group, name = name.split(".", 1)
    params = {}
    for piece in pieces[1:]:
        if "=" in piece:
            key, val = piece.split("=", 1)
            params.setdefault(key.strip().upper(), []).append(val.strip().strip('"'))
        elif piece.strip():  # vCard 2.1: TEL;CELL;VOICE:...
            params.setdefault("TYPE", []).append(piece.strip())
    return VProperty(name=name.upper(), value=value, params=params, group=group, line=number)


def split_params(head):
    parts, current, in_quotes = [], [], False
    for char in head:
        if char == '"':
            in_quotes = not in_quotes
        if char == ";" and not in_quotes:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return parts


def _decode_quoted_printable(prop, card_index):
    encoding = [value.upper() for value in prop.params.get("ENCODING", [])]
    if "QUOTED-PRINTABLE" not in encoding:
        return
    charset = (prop.params.get("CHARSET") or ["utf-8"])[0]
    try:
        prop.value = quopri.decodestring(prop.value.encode("ascii", "replace")).decode(charset)
    except (LookupError, UnicodeDecodeError) as error:
        raise VCardError("bad_encoding", card=card_index, line=prop.line, text=str(error)) from error


def parse(text):
    """Parse every card of ``text``; raise VCardError on the first malformed card or line."""
    if text.startswith("\ufeff"):
        text = text[1:]
    cards, card = [], None
    for number, line in _unfold(text):
        if not line.strip():
            continue
        card_index = card.index if card else len(cards) + 1
        prop = _parse_line(line, number, card_index)
        if prop.name == "BEGIN":
            if prop.value.strip().upper() != "VCARD":
                raise VCardError("not_vcard", card=card_index, line=number, text=prop.value[:40])
            if card is not None:
                raise VCardError("no_end_before_begin", card=card.index, line=number)
            card = VCard(index=len(cards) + 1, line=number)
            continue
        if card is None:
            raise VCardError("outside_card", card=card_index, line=number, text=prop.name)
        if prop.name == "END":
            if prop.value.strip().upper() != "VCARD":
                raise VCardError("bad_end", card=card.index, line=number, text=prop.value[:40])
            if not card.version:
                raise VCardError("no_version", card=card.index, line=number)
            cards.append(card)
            card = None
            continue
        if prop.name == "VERSION":
            version = prop.value.strip()
            if version not in SUPPORTED_VERSIONS:
                raise VCardError("bad_version", card=card.index, line=number, text=version[:20])
            card.version = version
            continue
        _decode_quoted_printable(prop, card.index)
        card.properties.append(prop)
    if card is not None:
        raise VCardError("no_end", card=card.index, line=card.line)
    if not cards:
        raise VCardError("empty")
    return cards


# ------------------------------------------------------------------ writing
def content_line(name, value, params=None, raw=False):
    """One folded content line; ``value`` escaped unless ``raw`` (already structured)."""
    head = name
    for key, val in (params or {}).items():
        if val:
            head += f";{key}={val}"
    return fold(f"{head}:{value if raw else escape(value)}")


def structured(*components):
    return ";".join(escape(component or "") for component in components)


def card(version, lines):
    return "BEGIN:VCARD\r\n" + fold(f"VERSION:{version}") + "".join(lines) + "END:VCARD\r\n"
