"""Stored domains are data, never code.

A segment's conditions are stored as the text of a *literal* Odoo domain: a list of
``(field path, operator, value)`` leaves and ``'&'``/``'|'``/``'!'`` connectors whose values are
plain Python literals (text, numbers, booleans, ``None``, lists and tuples of them; a sub-domain
for ``any`` / ``not any``). The text is read with :mod:`ast` and never evaluated: there is no
name, attribute, call or operator a stored text can reach.

Values relative to the day or to the user are written as **placeholders**, strings this module
recognises exactly and substitutes itself when the domain is used:

``{today}``, ``{today-30d}``, ``{today+2w}``, ``{today-1m}``, ``{today-18y}``, ``{today-1y+2m}``
    the current day in the user's time zone, moved by whole days (``d``), weeks (``w``), months
    (``m``) or years (``y``). Compared with a date field it is that day (``2026-11-26``); with a
    date-time field it is the start of that day in the user's time zone, in UTC.
``{now}``, ``{now-2h}``, ``{now-7d}``
    the current moment (UTC), moved by hours (``h``) or the units above.
``{uid}``
    the id of the user the domain is used for.
``{company_id}``
    the id of that user's current company.

A value that is exactly one of these strings is a placeholder; any other string is a value.

For existing data and for Odoo's domain editor (whose "today" and "within the last N days"
conditions are written as Python expressions), :func:`parse` also *recognises* - by the shape
of the syntax tree, never by running it - the expressions that mean one of the placeholders
(``uid``, ``user.id``, ``context_today()``, ``(context_today() + relativedelta(days=-30))
.strftime('%Y-%m-%d')``, the editor's date-time variant, ``datetime.date.today()``...) and turns
them into the placeholder. Anything else is refused with :class:`DomainSyntaxError`.
"""

import ast
import re
from datetime import date, datetime, time, timedelta

import pytz
from dateutil.relativedelta import relativedelta

TOKEN_RE = re.compile(r"^\{(today|now)((?:[+-]\d{1,4}[dwmyh])*)\}$|^\{(uid|company_id)\}$")
OFFSET_RE = re.compile(r"([+-])(\d{1,4})([dwmyh])")
UNITS = {"days": "d", "weeks": "w", "months": "m", "years": "y", "hours": "h"}
DATE_FORMAT = "%Y-%m-%d"
DATETIME_FORMAT = "%Y-%m-%d %H:%M:%S"
CONNECTORS = ("&", "|", "!")
MAX_LENGTH = 100_000  # characters of a stored domain


class DomainSyntaxError(ValueError):
    """The text is not a literal domain (with placeholders).

    ``code`` says what is wrong (``unreadable``, ``not_list``, ``not_condition``, ``formula``) and
    ``detail`` shows the offending part, or, for an unreadable text, names why in ``reason``
    (``too_long``, ``too_deep``, ``syntax``, with ``position`` the column of a syntax error), so
    that the caller says it in the user's language; ``args[0]`` is an English sentence for the logs.
    """

    def __init__(self, code, detail="", reason=None, position=None):
        self.code = code
        self.detail = detail
        self.reason = reason
        self.position = position
        super().__init__(f"{MESSAGES[code]}: {detail}" if detail else MESSAGES[code])


MESSAGES = {
    "unreadable": "the text cannot be read",
    "not_list": "the conditions must be a list: [(field, operator, value), ...]",
    "not_condition": "not a condition (field, operator, value)",
    "formula": "a formula, not a plain value",
}


# ---------------------------------------------------------------------------- parsing
def parse(text):
    """The domain of ``text`` as a list, placeholders left as their strings.

    :raise DomainSyntaxError: when the text is not a list of literal conditions.
    """
    if not isinstance(text, str):
        raise DomainSyntaxError("not_list", repr(text))
    if len(text) > MAX_LENGTH:
        raise DomainSyntaxError("unreadable", f"more than {MAX_LENGTH} characters", reason="too_long")
    try:
        tree = ast.parse(text.strip() or "[]", mode="eval")
        if not isinstance(tree.body, ast.List | ast.Tuple):
            raise DomainSyntaxError("not_list", _short(tree.body))
        domain = _literal(tree.body)
        check_shape(domain)
    except SyntaxError as error:
        raise DomainSyntaxError("unreadable", error.msg, reason="syntax", position=error.offset) from None
    except (RecursionError, MemoryError):
        raise DomainSyntaxError("unreadable", "nested too deeply", reason="too_deep") from None
    return list(domain)


def check_shape(domain):
    """Every element is a connector or a (path, operator, value) leaf, recursively for any/not any."""
    if not isinstance(domain, list | tuple):
        raise DomainSyntaxError("not_list", repr(domain))
    for element in domain:
        if element in CONNECTORS:
            continue
        if not isinstance(element, list | tuple) or len(element) != 3:
            raise DomainSyntaxError("not_condition", repr(element))
        path, operator, value = element
        if isinstance(path, int) and path in (0, 1) and operator == "=" and value in (0, 1):
            continue  # the TRUE_LEAF / FALSE_LEAF of Odoo's domains
        if not isinstance(path, str) or not isinstance(operator, str):
            raise DomainSyntaxError("not_condition", repr(element))
        if operator in ("any", "not any"):
            check_shape(value)


def _literal(node):
    if isinstance(node, ast.Constant):
        if node.value is None or isinstance(node.value, bool | int | float | str):
            return node.value
        raise DomainSyntaxError("formula", _short(node))
    if isinstance(node, ast.List):
        return [_literal(element) for element in node.elts]
    if isinstance(node, ast.Tuple):
        return tuple(_literal(element) for element in node.elts)
    if (
        isinstance(node, ast.UnaryOp)
        and isinstance(node.op, ast.USub | ast.UAdd)
        and isinstance(node.operand, ast.Constant)
        and isinstance(node.operand.value, int | float)
        and not isinstance(node.operand.value, bool)
    ):
        return -node.operand.value if isinstance(node.op, ast.USub) else node.operand.value
    token = _recognise(node)
    if token:
        return token
    raise DomainSyntaxError("formula", _short(node))


def _short(node):
    text = ast.unparse(node)
    return text if len(text) <= 80 else text[:77] + "..."


# ---------------------------------------------------------------------------- recognised shapes
def _dotted(node):
    """'datetime.date.today' for the attribute chain of names, else None."""
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
        return ".".join(reversed(parts))
    return None


def _call_name(node):
    if isinstance(node, ast.Call):
        return _dotted(node.func)
    return None


def _int(node):
    value = _literal(node) if isinstance(node, ast.Constant | ast.UnaryOp) else None
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    return None


def _delta(node):
    """relativedelta(...) / timedelta(...) with only relative integer keywords -> [(sign*n, unit)]."""
    name = _call_name(node)
    if name not in (
        "relativedelta",
        "dateutil.relativedelta.relativedelta",
        "datetime.timedelta",
        "timedelta",
    ):
        return None
    if node.args:
        return None
    offsets = []
    for keyword in node.keywords:
        unit = UNITS.get(keyword.arg)
        amount = _int(keyword.value)
        if unit is None or amount is None:
            return None
        offsets.append((amount, unit))
    return offsets


def _base(node):
    """('today'|'now', [(n, unit)...]) for the recognised date expressions, else None."""
    name = _call_name(node)
    if name and not node.args and not node.keywords:
        if name in ("context_today", "datetime.date.today"):
            return "today", []
        if name in ("datetime.datetime.now", "datetime.datetime.today", "datetime.datetime.utcnow"):
            return "now", []
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add | ast.Sub):
        left, right = _base(node.left), _delta(node.right)
        if left is None and isinstance(node.op, ast.Add):
            left, right = _base(node.right), _delta(node.left)
        if left is None or right is None:
            return None
        sign = -1 if isinstance(node.op, ast.Sub) else 1
        return left[0], left[1] + [(sign * amount, unit) for amount, unit in right]
    return None


def _day_start(node):
    """datetime.datetime.combine(<today expr>, datetime.time(0, 0, 0)) [.to_utc()] -> base."""
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "to_utc":
        if node.args or node.keywords:
            return None
        node = node.func.value
    if _call_name(node) != "datetime.datetime.combine" or len(node.args) != 2 or node.keywords:
        return None
    base = _base(node.args[0])
    midnight = node.args[1]
    if (
        base is None
        or base[0] != "today"
        or _call_name(midnight) not in ("datetime.time", "time")
        or midnight.keywords
        or any(_int(arg) != 0 for arg in midnight.args)
    ):
        return None
    return base


def _recognise(node):
    """The placeholder an expression of Odoo's domain editor or of an old segment means, or None."""
    if isinstance(node, ast.Name) and node.id == "uid":
        return "{uid}"
    dotted = _dotted(node)
    if dotted == "user.id":
        return "{uid}"
    if dotted in ("user.company_id.id", "user.env.company.id"):
        return "{company_id}"
    if _call_name(node) == "time.strftime":
        if len(node.args) == 1 and not node.keywords and isinstance(node.args[0], ast.Constant):
            return {DATE_FORMAT: "{today}", DATETIME_FORMAT: "{now}"}.get(node.args[0].value)
        return None
    strftime = None
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "strftime":
        if len(node.args) != 1 or node.keywords or not isinstance(node.args[0], ast.Constant):
            return None
        strftime = node.args[0].value
        if strftime not in (DATE_FORMAT, DATETIME_FORMAT):
            return None  # '%Y-%m-01' and the like: no placeholder means that
        node = node.func.value
    base = _day_start(node) or _base(node)
    if base is None:
        return None
    kind, offsets = base
    if kind == "today" and any(unit == "h" for _amount, unit in offsets):
        return None
    return "{" + kind + "".join(f"{amount:+d}{unit}" for amount, unit in offsets if amount) + "}"


# ---------------------------------------------------------------------------- placeholders
def is_token(value):
    return isinstance(value, str) and bool(TOKEN_RE.match(value))


def tokens(domain):
    """Every placeholder used in ``domain`` (sub-domains of any/not any included)."""
    found = []
    for element in domain:
        if not isinstance(element, list | tuple) or len(element) != 3:
            continue
        value = element[2]
        if element[1] in ("any", "not any") and isinstance(value, list | tuple):
            found += tokens(value)
        elif isinstance(value, list | tuple):
            found += [v for v in value if is_token(v)]
        elif is_token(value):
            found.append(value)
    return found


def _shift(moment, offsets):
    for sign, amount, unit in OFFSET_RE.findall(offsets):
        amount = int(amount) * (-1 if sign == "-" else 1)
        if unit == "h":
            moment += timedelta(hours=amount)
        else:
            moment += relativedelta(**{next(k for k, v in UNITS.items() if v == unit): amount})
    return moment


def token_value(token, field_type, today, now, tz_name, uid, company_id):
    """The value a placeholder stands for, as Odoo's domains write it for ``field_type``.

    :param date today: the current day in the user's time zone
    :param datetime now: the current moment, naive UTC
    """
    match = TOKEN_RE.match(token)
    kind, offsets, name = match.groups()
    if name == "uid":
        return uid
    if name == "company_id":
        return company_id
    if kind == "now":
        moment = _shift(now, offsets)
        if field_type == "date":
            tz = pytz.timezone(tz_name or "UTC")
            return pytz.utc.localize(moment).astimezone(tz).date().strftime(DATE_FORMAT)
        return moment.strftime(DATETIME_FORMAT)
    day = _shift(today, offsets)
    if field_type == "datetime":
        tz = pytz.timezone(tz_name or "UTC")
        start = tz.localize(datetime.combine(day, time.min)).astimezone(pytz.utc).replace(tzinfo=None)
        return start.strftime(DATETIME_FORMAT)
    return day.strftime(DATE_FORMAT) if isinstance(day, date) else str(day)


def to_text(domain):
    """The stored form of a parsed domain: its literal text."""
    return repr(list(domain))
