"""pytest plugin for `scripts/miy test`'s run of Odoo's own tests on the MİY test database.

Loaded with ``-p tests.odoo_core.plugin``. It deselects the tests listed in ``excluded.txt`` (next to
this file): lines ``<addon>/tests/<file>.py::<Class>::<test>  <reason>``, paths relative to Odoo's
addons folder. A listed test that is no longer collected fails the run, so the list stays current.
"""

from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
EXCLUDED = HERE / "excluded.txt"
SELECTED = HERE / "selected.txt"


def read_list(path):
    """[(first word, rest of the line)] of a list file; blank lines and # comments skipped."""
    rows = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        first, _, rest = line.partition(" ")
        rows.append((first, rest.strip()))
    return rows


def addon_relative_id(item):
    """``crm/tests/test_x.py::Class::test`` for a test collected from Odoo's addons folder."""
    path = Path(str(item.path))
    parts = path.parts
    if "addons" not in parts:
        return None
    index = len(parts) - 1 - parts[::-1].index("addons")
    relative = "/".join(parts[index + 1 :])
    return "::".join([relative, *item.nodeid.split("::")[1:]])


def pytest_collection_modifyitems(session, config, items):
    excluded = dict(read_list(EXCLUDED)) if EXCLUDED.is_file() else {}
    for node_id, reason in excluded.items():
        if not reason:
            raise pytest.UsageError(f"{EXCLUDED}: {node_id} has no reason: say why it is excluded")
    keep, drop, seen, files = [], [], set(), set()
    for item in items:
        node_id = addon_relative_id(item)
        if node_id:
            files.add(node_id.split("::")[0])
        # subtests and parametrised tests share their function's id
        base = node_id.split("[")[0] if node_id else None
        if base in excluded:
            drop.append(item)
            seen.add(base)
        else:
            keep.append(item)
    # only the files collected in this run can tell whether an entry is stale
    stale = sorted(node_id for node_id in set(excluded) - seen if node_id.split("::")[0] in files)
    if stale:
        raise pytest.UsageError(
            f"{EXCLUDED}: these excluded tests were not collected (renamed or removed in Odoo?); "
            "delete or fix their lines:\n  " + "\n  ".join(stale)
        )
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep
