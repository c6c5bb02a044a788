"""Installing MİY into a database that already has sales, invoicing and CRM data keeps that data readable.

`scripts/miy test` first installs crm, sale_management and account, seeds records
(tests/fixtures/seed_core_data.py), then installs the MİY addons; this test reads the
seeded records back as a salesman and an accountant, through their form and list views.
"""

import json
import os
import shlex
import subprocess
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.mark.skipif(not os.environ.get("MIY_TEST_DB"), reason="run by `scripts/miy test` (needs MIY_TEST_DB)")
def test_core_data_readable_after_install():
    cmd = (
        shlex.split(os.environ["MIY_ODOO_BIN"])
        + ["shell"]
        + shlex.split(os.environ["MIY_ODOO_OPTS"])
        + [
            "-d",
            os.environ["MIY_TEST_DB"],
            "--no-http",
            "--log-level=warn",
        ]
    )
    script = (FIXTURES / "read_core_data.py").read_text()
    out = subprocess.run(cmd, input=script, capture_output=True, text=True, timeout=600)
    lines = [line for line in out.stdout.splitlines() if line.startswith("MIY-CHECK ")]
    assert lines, f"the check did not run:\n{out.stdout[-3000:]}\n{out.stderr[-3000:]}"
    report = json.loads(lines[-1][len("MIY-CHECK ") :])
    assert report["customer"]["display_name"] == "Mevcut Müşteri A.Ş."
    assert report["person"]["display_name"] == "Mevcut Müşteri A.Ş., Mevcut Kişi"
    assert report["lead"]["display_name"] == "Mevcut Fırsat"
    for name in ("customer", "person", "lead", "order", "invoice"):
        assert report[name]["fields"] > 10, f"{name}: its form showed almost no field"
        assert report[name]["display_name"] == report[name]["admin_display_name"], name
    assert "/" in report["invoice"]["display_name"], "the posted invoice lost its number"
