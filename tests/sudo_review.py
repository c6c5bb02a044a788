"""Elevated calls in addon code, and the reviewed list of them (``<addon>/security/sudo_review.txt``).

An *elevated call* is one that lifts the access rights of the current user:

- ``x.sudo()`` (``x.sudo(False)`` drops rights and is not counted),
- ``x.with_user(SUPERUSER_ID)`` (or ``with_user(1)``),
- ``env(su=True)`` / ``env(user=SUPERUSER_ID)`` and ``Environment(cr, SUPERUSER_ID, ...)`` or
  ``Environment(..., su=True)``.

Each is attributed to the function that contains it, by qualified name (``Class.method``, a nested
function as ``Class.method.inner``, a lambda to the function around it, module level as
``<module>``, a class body as ``Class``). Files under an addon's ``tests/`` (test code) and
``migrations/`` (run by Odoo with a superuser environment and no user in scope) are not scanned.

The list has one line per function: ``relative/path.py::Class.method  N  justification`` (N the
number of elevated calls in that function; the justification says why it is needed and why it is
safe). Blank lines and lines starting with ``#`` are ignored.
"""

import ast
import re
from collections import defaultdict
from pathlib import Path

REVIEW_FILE = Path("security") / "sudo_review.txt"
SKIPPED_DIRS = {"tests", "migrations"}
LINE_RE = re.compile(r"^(?P<key>\S+::\S+)\s+(?P<count>\S+)(?:\s+(?P<why>.*))?$")


def _is_superuser(node):
    if isinstance(node, ast.Name):
        return node.id == "SUPERUSER_ID"
    if isinstance(node, ast.Attribute):
        return node.attr == "SUPERUSER_ID"
    return isinstance(node, ast.Constant) and type(node.value) is int and node.value == 1


def _is_false(node):
    return isinstance(node, ast.Constant) and node.value in (False, None, 0) and not isinstance(node.value, str)


def elevation(call):
    """The kind of elevation ``call`` (an ``ast.Call``) performs, or None."""
    func = call.func
    name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
    if name == "sudo":
        flag = call.args[0] if call.args else next((kw.value for kw in call.keywords if kw.arg == "flag"), None)
        return None if flag is not None and _is_false(flag) else "sudo()"
    if name == "with_user" and call.args and _is_superuser(call.args[0]):
        return "with_user(SUPERUSER_ID)"
    for keyword in call.keywords:
        if keyword.arg == "su" and not _is_false(keyword.value):
            return "su=True"
        if keyword.arg == "user" and _is_superuser(keyword.value):
            return "user=SUPERUSER_ID"
    if name == "Environment" and len(call.args) >= 2 and _is_superuser(call.args[1]):
        return "Environment(cr, SUPERUSER_ID)"
    return None


def scan_source(source, filename="<string>"):
    """{qualname: [(line, kind), ...]} of the elevated calls in one Python source."""
    found = defaultdict(list)

    def walk(node, stack):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                # decorators and default values are evaluated where the definition is
                arguments = getattr(child, "args", None)
                defaults = (*arguments.defaults, *arguments.kw_defaults) if arguments else ()
                for outer in (*child.decorator_list, *defaults):
                    if outer is not None:
                        visit(outer, stack)
                body = ast.Module(body=child.body, type_ignores=[])
                walk(body, [*stack, child.name])
            else:
                visit(child, stack)

    def visit(node, stack):
        if isinstance(node, ast.Call):
            kind = elevation(node)
            if kind:
                found[".".join(stack) or "<module>"].append((node.lineno, kind))
        walk(node, stack)

    walk(ast.parse(source, filename=filename), [])
    return dict(found)


def scan_addon(addon_dir):
    """{"path.py::qualname": [(line, kind), ...]} for one addon (paths relative to the addon)."""
    addon_dir = Path(addon_dir)
    result = {}
    for path in sorted(addon_dir.rglob("*.py")):
        relative = path.relative_to(addon_dir)
        if SKIPPED_DIRS & set(relative.parts[:-1]):
            continue
        for qualname, calls in scan_source(path.read_text(encoding="utf-8"), str(path)).items():
            result[f"{relative.as_posix()}::{qualname}"] = calls
    return result


def read_review(addon_dir):
    """({key: (count, justification, line number)}, [problems]) of ``<addon>/security/sudo_review.txt``."""
    path = Path(addon_dir) / REVIEW_FILE
    entries, problems = {}, []
    if not path.is_file():
        return entries, problems
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        match = LINE_RE.match(line)
        if not match or not match.group("count").isdigit():
            problems.append(
                f"{path.name}:{number}: malformed line {raw!r}; expected 'path.py::Class.method  N  justification'"
            )
            continue
        key = match.group("key")
        if key in entries:
            problems.append(f"{path.name}:{number}: {key} is listed twice; keep one line per function")
        entries[key] = (int(match.group("count")), (match.group("why") or "").strip(), number)
    return entries, problems


def review_problems(addon_dir):
    """Every way the code and its reviewed list disagree, each with what to do about it."""
    addon_dir = Path(addon_dir)
    list_path = f"{addon_dir.name}/{REVIEW_FILE.as_posix()}"
    found = scan_addon(addon_dir)
    entries, problems = read_review(addon_dir)
    problems = [f"{addon_dir.name}/security/{problem}" for problem in problems]
    for key, calls in sorted(found.items()):
        where = ", ".join(f"line {line} {kind}" for line, kind in calls)
        if key not in entries:
            problems.append(
                f"{key} has {len(calls)} unreviewed elevated call(s) ({where}). Remove them, or add to "
                f"{list_path} the line:\n    {key}  {len(calls)}  <why it is needed; why it is safe>"
            )
            continue
        count, why, number = entries[key]
        if count != len(calls):
            problems.append(
                f"{key} has {len(calls)} elevated call(s) ({where}) but {list_path}:{number} says {count}: "
                f"review the change, update the justification if needed, and set the count to {len(calls)}"
            )
        if not why:
            problems.append(f"{list_path}:{number}: {key} has no justification: say why it is needed and why safe")
    for key, (_count, _why, number) in sorted(entries.items(), key=lambda item: item[1][2]):
        if key not in found:
            problems.append(
                f"{list_path}:{number}: {key} has no elevated call any more (renamed, moved or removed): "
                "delete the line, or rename it to where the call went"
            )
    return problems
