"""scripts/summarize.py counts every part of `scripts/miy test` in its last line."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def junit(tests, failures, skipped):
    cases = ['<testcase name="t"><failure message="x"/><failure message="subtest"/></testcase>'] * failures
    cases += ['<testcase name="t"><skipped message="x"/></testcase>'] * skipped
    cases += ['<testcase name="t"/>'] * (tests - failures - skipped)
    return f"<testsuites><testsuite>{''.join(cases)}</testsuite></testsuites>"


ODOO_LOG = (
    "2026-01-01 10:00:00,000 1 INFO db odoo.tests.result: 0 failed, 0 error(s) of 40 tests when loading database\n"
)


def summarize(tmp_path, core_tests, core_failures, core_rc=0):
    (tmp_path / "odoo.log").write_text(ODOO_LOG)
    (tmp_path / "pytest.xml").write_text(junit(10, 0, 2))
    (tmp_path / "core.xml").write_text(junit(core_tests, core_failures, 1 if core_tests else 0))
    args = ["--odoo-log", tmp_path / "odoo.log", "--odoo-rc", "0", "--junit", tmp_path / "pytest.xml"]
    args += ["--pytest-rc", "0", "--core-junit", tmp_path / "core.xml", "--core-rc", str(core_rc)]
    return subprocess.run(
        [sys.executable, ROOT / "scripts" / "summarize.py", *map(str, args)],
        capture_output=True,
        text=True,
        check=False,
    )


def test_odoo_own_tests_are_counted(tmp_path):
    out = summarize(tmp_path, core_tests=300, core_failures=0)
    assert out.stdout.splitlines()[-1] == "347 passed, 0 failed"  # 40 + (10 - 2) + (300 - 1)
    assert out.returncode == 0


def test_a_failure_in_odoo_own_tests_fails_the_run(tmp_path):
    out = summarize(tmp_path, core_tests=300, core_failures=2, core_rc=1)
    assert out.stdout.splitlines()[-1] == "345 passed, 2 failed", "a test with two failing subtests is one failure"
    assert out.returncode == 1


def test_no_report_of_odoo_own_tests_fails_the_run(tmp_path):
    (tmp_path / "missing").mkdir()
    out = summarize(tmp_path, core_tests=0, core_failures=0)
    assert "none ran" in out.stdout
    assert out.stdout.splitlines()[-1].endswith("1 failed")
    assert out.returncode == 1
