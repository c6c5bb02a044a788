"""Benchmark runner of `scripts/miy bench`.

Builds two throwaway databases from scratch: ``<db>`` with the MİY addons and ``<db>_base``
with only what miy_contacts depends on (the baseline: Odoo without MİY), then runs every
``bench_*.py`` module of this folder and prints one line per benchmark:

    name  value unit  target  ratio-to-baseline  (extra)

Exit status 1 when a benchmark misses its target.

``--large`` (``make bench SIZE=1000000 LARGE=1``): one database with the MİY addons, filled once
by ``bigdata.py`` with set-based SQL (N partners, 3N phone numbers, 5N interactions; the time of
each phase is printed), then the benchmarks that have a ``run_large(env, size, seed)`` measure on
it, each in its own process and transaction (rolled back). No baseline database.
``--reuse`` keeps a database that already holds the data set of this size (with ``--keep``).
"""

import argparse
import ast
import importlib
import json
import os
import shlex
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(ROOT))


def odoo_cmd():
    return shlex.split(os.environ["MIY_ODOO_BIN"]) + shlex.split(os.environ["MIY_ODOO_OPTS"])


def install(db, modules):
    start = time.perf_counter()
    subprocess.run(
        odoo_cmd()
        + ["-d", db, "-i", modules, "--without-demo=all", "--stop-after-init", "--no-http", "--log-level=warn"],
        check=True,
    )
    return time.perf_counter() - start


def drop(db):
    subprocess.run(["psql", "-X", "-q", "-d", "postgres", "-c", f'DROP DATABASE IF EXISTS "{db}"'], check=False)


def open_env(db):
    import odoo
    from odoo.tools import config

    args = shlex.split(os.environ["MIY_ODOO_OPTS"])
    config.parse_config(args + ["-d", db, "--no-http"])
    odoo.service.server.load_server_wide_modules()
    registry = odoo.modules.registry.Registry(db)
    cr = registry.cursor()
    return cr, odoo.api.Environment(cr, odoo.SUPERUSER_ID, {"lang": "en_US", "tracking_disable": True})


def run_in(db, module, size, seed, large=False):
    """Run one benchmark in a fresh process (clean caches), return its result dict (or list of
    result dicts, for a module that measures several things on the same data)."""
    cmd = [sys.executable, __file__, "--worker", module, "--database", db, "--size", str(size), "--seed", str(seed)]
    cmd += ["--large"] if large else []
    out = subprocess.run(cmd, capture_output=True, text=True, env=os.environ)
    for line in out.stdout.splitlines():
        if line.startswith("MIY-BENCH "):
            return json.loads(line[len("MIY-BENCH ") :])
    raise RuntimeError(f"benchmark {module} failed:\n{out.stdout[-2000:]}\n{out.stderr[-4000:]}")


def worker(module, db, size, seed, large=False):
    bench = importlib.import_module(f"tests.benchmarks.{module}")
    cr, env = open_env(db)
    try:
        if module == "bigdata":  # writes and commits the large data set
            result = bench.manifest(env)
            if not result or result["size"] != size or result["seed"] != seed:
                result = bench.generate(env, size, seed)
        else:
            result = bench.run_large(env, size, seed) if large else bench.run(env, size, seed)
    finally:
        cr.rollback()
        cr.close()
    print("MIY-BENCH " + json.dumps(result))
    return 0


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database", required=True)
    parser.add_argument("--size", type=int, default=10000, help="records per benchmark (default 10000)")
    parser.add_argument("--seed", type=int, default=20261126)
    parser.add_argument(
        "--only", help="run only the benchmarks whose module name contains one of these (comma-separated)"
    )
    parser.add_argument("--keep", action="store_true", help="keep the databases")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--addons", default="")
    parser.add_argument("--large", action="store_true", help="the large data set, written once (see above)")
    parser.add_argument("--reuse", action="store_true", help="with --large: reuse the database if it exists")
    args = parser.parse_args()
    if args.worker:
        return worker(args.worker, args.database, args.size, args.seed, args.large)
    if args.large:
        return report(main_large(args))

    base_modules = ",".join(
        ast.literal_eval((ROOT / "miy_contacts" / "__manifest__.py").read_text(encoding="utf-8"))["depends"]
    )
    db, base_db = args.database, args.database + "_base"
    wanted = args.only.split(",") if args.only else []
    modules = sorted(
        p.stem
        for p in HERE.glob("bench_*.py")
        if (not wanted or any(w in p.stem for w in wanted)) and "def run(" in p.read_text(encoding="utf-8")
    )
    results = []
    try:
        base_install = install(base_db, base_modules)
        miy_install = install(db, args.addons)
        results.append(
            {
                "name": "install_addons",
                "value": miy_install,
                "unit": "s",
                "target": 600.0,
                "baseline": base_install,
                "extra": f"baseline installs {base_modules}",
            }
        )
        for module in modules:
            bench = importlib.import_module(f"tests.benchmarks.{module}")
            result = run_in(db, module, args.size, args.seed)
            if isinstance(result, list):
                results.extend(result)
                continue
            if getattr(bench, "BASELINE", False) and "baseline" not in result:
                result["baseline"] = run_in(base_db, module, args.size, args.seed)["value"]
            results.append(result)
    finally:
        if not args.keep:
            drop(db)
            drop(base_db)
    return report(results)


def db_exists(db):
    out = subprocess.run(
        ["psql", "-X", "-q", "-t", "-A", "-d", "postgres", "-c", f"SELECT 1 FROM pg_database WHERE datname = '{db}'"],
        capture_output=True,
        text=True,
        check=False,
    )
    return out.stdout.strip() == "1"


def main_large(args):
    """Install, generate the data set (or reuse it), run the ``run_large`` benchmarks."""
    db = args.database
    wanted = args.only.split(",") if args.only else []
    modules = sorted(
        p.stem
        for p in HERE.glob("bench_*.py")
        if (not wanted or any(w in p.stem for w in wanted)) and "def run_large(" in p.read_text(encoding="utf-8")
    )
    results = []
    try:
        if not (args.reuse and db_exists(db)):
            drop(db)
            print(f"[bigdata] installing {args.addons} into {db}", flush=True)
            elapsed = install(db, args.addons)
            print(f"[bigdata] install: {elapsed:.1f} s", flush=True)
        start = time.perf_counter()
        cmd = [sys.executable, __file__, "--worker", "bigdata", "--database", db]
        cmd += ["--size", str(args.size), "--seed", str(args.seed)]
        manifest, lines = None, []
        with subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True, env=os.environ) as proc:
            for line in proc.stdout:
                lines.append(line)
                if line.startswith("[bigdata]"):
                    print(line, end="", flush=True)
                elif line.startswith("MIY-BENCH "):
                    manifest = json.loads(line[len("MIY-BENCH ") :])
        if manifest is None:
            raise RuntimeError("generating the data set failed:\n" + "".join(lines[-40:]))
        results.append(
            {
                "name": f"generate_{args.size}",
                "value": manifest.get("total", time.perf_counter() - start),
                "unit": "s",
                "target": None,
                "extra": "; ".join(f"{name} {seconds:.0f}s" for name, seconds in manifest.get("phases", {}).items()),
            }
        )
        for module in modules:
            print(f"[bigdata] {module}", flush=True)
            result = run_in(db, module, args.size, args.seed, large=True)
            results.extend(result if isinstance(result, list) else [result])
    finally:
        if not args.keep:
            drop(db)
    return results


def report(results):
    missed = 0
    print(f"{'benchmark':<36} {'value':>12} {'target':>12} {'ratio':>8}  notes")
    for res in results:
        ratio = f"{res['value'] / res['baseline']:.2f}x" if res.get("baseline") else "-"
        if res["target"] is None:
            res["target"] = float("inf")
        ok = res["value"] <= res["target"]
        missed += not ok
        print(
            f"{res['name']:<36} {res['value']:>10.3f}{res['unit']:>2} {res['target']:>10.3f}{res['unit']:>2} "
            f"{ratio:>8}  {'' if ok else 'MISSED TARGET '}{res.get('extra', '')}"
        )
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
