"""Merge a freshly exported .pot into an addon's i18n/tr.po, keeping existing translations.

Usage: i18n_merge.py ADDON_DIR
"""

import sys
from pathlib import Path

import polib

HEADER = {
    "Project-Id-Version": "MİY 18.0",
    "Language": "tr",
    "MIME-Version": "1.0",
    "Content-Type": "text/plain; charset=UTF-8",
    "Content-Transfer-Encoding": "8bit",
    "Plural-Forms": "nplurals=2; plural=(n > 1);",
}


def merge(addon_dir):
    addon = addon_dir.name
    pot = polib.pofile(str(addon_dir / "i18n" / f"{addon}.pot"), wrapwidth=78)
    po_path = addon_dir / "i18n" / "tr.po"
    if po_path.is_file():
        po = polib.pofile(str(po_path), wrapwidth=78)
    else:
        po = polib.POFile(wrapwidth=78)
    po.metadata = {**po.metadata, **HEADER}
    po.merge(pot)
    for entry in po:
        entry.flags = [f for f in entry.flags if f != "fuzzy"] if not entry.msgstr else entry.flags
    po[:] = [e for e in po if not e.obsolete]
    po.save(str(po_path))
    missing = [e.msgid for e in po if not e.msgstr]
    print(f"{addon}: {len(po)} terms, {len(missing)} without a Turkish translation")


if __name__ == "__main__":
    merge(Path(sys.argv[1]).resolve())
