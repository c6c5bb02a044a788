"""Summarise a `scripts/miy test` run: Odoo's test log plus pytest's JUnit reports.

Prints the failures it finds, then as its very last line ``N passed, N failed`` (counted
over Odoo's test runner, the repository checks and Odoo's own tests of the modules MİY
extends together), and exits non-zero when anything failed, errored
or logged a traceback / ERROR / CRITICAL line in Odoo's log.
"""

import argparse
import re
import sys
import xml.etree.ElementTree as ET

REPORT_RE = re.compile(r"(\d+) failed, (\d+) error\(s\) of (\d+) tests when loading database")
BAD_LINE_RE = re.compile(r"^\S+ \S+ \d+ (ERROR|CRITICAL) |^Traceback \(most recent call last\)")


def odoo_counts(log_path):
    """Return (tests run, failed + errors, bad log lines) from Odoo's log."""
    run = failed = 0
    bad = []
    found = False
    with open(log_path, encoding="utf-8", errors="replace") as log:
        for line in log:
            match = REPORT_RE.search(line)
            if match:
                found = True
                failed = int(match.group(1)) + int(match.group(2))
                run = int(match.group(3))
            if BAD_LINE_RE.search(line):
                bad.append(line.rstrip())
    return found, run, failed, bad


def pytest_counts(junit_path):
    """(tests, failed or errored, skipped) of a JUnit report, counting test functions: the
    subtests of a test (Odoo's ``self.subTest``) are not tests of their own, and a test with a
    failing subtest is one failed test."""
    try:
        root = ET.parse(junit_path).getroot()
    except (OSError, ET.ParseError):
        return None
    tests = failures = skipped = 0
    for case in root.iter("testcase"):
        tags = {child.tag for child in case}
        tests += 1
        if tags & {"failure", "error"}:
            failures += 1
        elif "skipped" in tags:
            skipped += 1
    return tests, failures, skipped


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--odoo-log", required=True)
    parser.add_argument("--odoo-rc", type=int, required=True)
    parser.add_argument("--junit", required=True)
    parser.add_argument("--pytest-rc", type=int, required=True)
    parser.add_argument("--core-junit", help="JUnit report of Odoo's own tests (pytest-odoo)")
    parser.add_argument("--core-rc", type=int, default=0)
    parser.add_argument("--core-log", help="output of that run, named in the problems")
    args = parser.parse_args(argv)

    problems = []
    found, odoo_run, odoo_failed, bad = odoo_counts(args.odoo_log)
    if not found:
        problems.append("Odoo printed no test report (did the install crash?)")
        odoo_failed = max(odoo_failed, 1)
    if odoo_run == 0 and found:
        problems.append("Odoo ran no test")
    if args.odoo_rc != 0:
        problems.append(f"Odoo exited with status {args.odoo_rc}")
    if bad:
        problems.append(f"{len(bad)} ERROR/CRITICAL/traceback line(s) in Odoo's log ({args.odoo_log}):")
        problems.extend("    " + line for line in bad[:40])

    counts = pytest_counts(args.junit)
    if counts is None:
        problems.append("pytest wrote no report")
        py_run, py_failed, py_skipped = 0, 1, 0
    else:
        py_run, py_failed, py_skipped = counts
    if args.pytest_rc not in (0, 5) or (args.pytest_rc == 0 and py_failed):
        problems.append(f"pytest exited with status {args.pytest_rc}")

    passed = (odoo_run - odoo_failed) + (py_run - py_failed - py_skipped)
    failed = odoo_failed + py_failed
    core_line = ""
    if args.core_junit:
        core = pytest_counts(args.core_junit)
        where = f" (output in {args.core_log})" if args.core_log else ""
        if core is None:
            problems.append(f"Odoo's own tests wrote no report{where}")
            core = (0, 1, 0)
        core_run, core_failed, core_skipped = core
        if core_run == 0:
            problems.append(f"Odoo's own tests: none ran{where}")
        if args.core_rc != 0:
            problems.append(f"Odoo's own tests: pytest exited with status {args.core_rc}{where}")
        passed += core_run - core_failed - core_skipped
        failed += core_failed
        core_line = f"; Odoo's own tests: {core_run} tests, {core_failed} failed or errored, {core_skipped} skipped"
    print(
        f"Odoo: {odoo_run} tests, {odoo_failed} failed or errored; "
        f"pytest: {py_run} tests, {py_failed} failed or errored, {py_skipped} skipped{core_line}"
    )
    for problem in problems:
        print(problem)
    if problems and failed == 0:
        failed = 1  # a broken run never reads as green
    print(f"{passed} passed, {failed} failed")
    return 1 if problems or failed else 0


if __name__ == "__main__":
    sys.exit(main())
