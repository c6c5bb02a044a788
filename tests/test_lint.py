"""Lint gates of the test command: ruff (lint and format) and pylint-odoo's mandatory checks."""

import subprocess
import sys
from pathlib import Path

from .addons import ADDONS, ROOT


def _run(*cmd):
    return subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=600)


def test_ruff_lint():
    out = _run(sys.executable, "-m", "ruff", "check", ".")
    assert out.returncode == 0, out.stdout + out.stderr


def test_ruff_format():
    out = _run(sys.executable, "-m", "ruff", "format", "--check", ".")
    assert out.returncode == 0, out.stdout + out.stderr


def test_pylint_odoo_mandatory():
    out = _run(sys.executable, "-m", "pylint", "--rcfile", str(Path(ROOT) / ".pylintrc-mandatory"), *ADDONS)
    assert out.returncode == 0, out.stdout + out.stderr
