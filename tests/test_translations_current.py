"""The committed .pot files hold every term Odoo exports from the installed addons.

So a new label, selection value or message without its Turkish translation fails the test
command (test_repository.py then checks tr.po covers the .pot).
"""

import io
import os
import shlex
import subprocess
import tarfile
import tempfile

import polib
import pytest

from .addons import ADDONS, ROOT


@pytest.mark.skipif(not os.environ.get("MIY_TEST_DB"), reason="run by `scripts/miy test` (needs MIY_TEST_DB)")
def test_pot_files_are_current():
    with tempfile.TemporaryDirectory() as tmp:
        target = os.path.join(tmp, "export.tgz")
        cmd = (
            shlex.split(os.environ["MIY_ODOO_BIN"])
            + shlex.split(os.environ["MIY_ODOO_OPTS"])
            + [
                "-d",
                os.environ["MIY_TEST_DB"],
                "--no-http",
                "--log-level=warn",
                "--stop-after-init",
                f"--i18n-export={target}",
                "--modules=" + ",".join(ADDONS),
            ]
        )
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=900)
        assert out.returncode == 0 and os.path.isfile(target), out.stdout[-3000:] + out.stderr[-3000:]
        stale = {}
        with tarfile.open(target) as archive:
            for member in archive.getmembers():
                if not member.name.endswith(".pot"):
                    continue
                addon = member.name.split("/")[0]
                exported = polib.pofile(io.TextIOWrapper(archive.extractfile(member), "utf-8").read())
                committed = polib.pofile(str(ROOT / addon / "i18n" / f"{addon}.pot"))
                known = {(e.msgctxt, e.msgid) for e in committed}
                new = [e.msgid for e in exported if (e.msgctxt, e.msgid) not in known]
                if new:
                    stale[addon] = new[:10]
        assert not stale, f"run `scripts/miy i18n` and translate: terms missing from the .pot files: {stale}"
