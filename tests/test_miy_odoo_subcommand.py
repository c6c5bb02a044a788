"""`scripts/miy odoo <subcommand> ...` puts Odoo's subcommand before the project's options.

odoo-bin only recognises a subcommand (shell, populate, scaffold, ...) as its first argument;
`scripts/miy odoo shell -d <db>` used to fail with ``unrecognized parameters: 'shell'``.
"""

import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.skipif(not os.environ.get("MIY_TEST_DB"), reason="run by `scripts/miy test` (needs MIY_TEST_DB)")
def test_miy_odoo_shell_runs_a_script():
    script = (
        "print('MIY-SHELL', env.cr.dbname, "
        "env['ir.module.module'].search_count([('name', '=', 'miy_contacts'), ('state', '=', 'installed')]))\n"
    )
    out = subprocess.run(
        [
            str(ROOT / "scripts" / "miy"),
            "odoo",
            "shell",
            "-d",
            os.environ["MIY_TEST_DB"],
            "--no-http",
            "--log-level=warn",
        ],
        input=script,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert "unrecognized parameters" not in out.stderr, out.stderr[-3000:]
    lines = [line for line in out.stdout.splitlines() if line.startswith("MIY-SHELL ")]
    assert lines == [f"MIY-SHELL {os.environ['MIY_TEST_DB']} 1"], f"{out.stdout[-3000:]}\n{out.stderr[-3000:]}"
    assert out.returncode == 0, out.stderr[-3000:]
