"""scripts/loadtest.py (make loadtest) without a server: what it uploads, reads and reports.

The load test itself needs a running Odoo and minutes of load: it is not part of `make test`.
"""

import importlib.util
import json
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _load(name, path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


loadtest = _load("miy_loadtest", ROOT / "scripts" / "loadtest.py")
ubl_tr = _load("miy_loadtest_ubl_tr", ROOT / "miy_e_invoice_bridge" / "lib" / "ubl_tr.py")


class _Args:
    url, tag, mode, label, think, relogin = "http://127.0.0.1:1", "LT1", "w1", "1 worker", 0, 5
    server_pid, pg_pidfile = None, []


def test_einvoice_uploads_are_distinct_documents_for_the_company():
    run = loadtest.Run(_Args())
    run.company_vkn, run.company_name = "1290456786", "Uludağ Makina San. ve Tic. A.Ş."
    numbers = [run.numbers.next(), run.numbers.next()]
    assert numbers[0] != numbers[1]
    docs = []
    for number, ettn in zip(numbers, ["11111111-2222-4333-8444-555555555555", "A-2"], strict=True):
        data = run.einvoice_xml(number, ettn)
        assert not re.search(rb"@@[A-Z]", data)  # every placeholder filled
        (doc,) = ubl_tr.parse_document(data)
        docs.append(doc)
        assert (doc.number, doc.ettn) == (number, ettn)
        assert len(number) == 16 and number[:3].isalpha() and number[3:].isdigit()
        assert doc.customer_party.vkn == "1290456786"  # an incoming bill of the company
        assert doc.supplier.vkn and doc.supplier.vkn != "1290456786"


def test_card_specification_is_the_form_without_its_sub_views():
    arch = """<form><sheet><field name="name"/><field name="parent_id"/>
        <notebook><page><field name="child_ids"><list><field name="email"/></list></field></page></notebook>
        <field name="properties"/></sheet></form>"""
    fields = {
        "name": {"type": "char"},
        "parent_id": {"type": "many2one"},
        "child_ids": {"type": "one2many"},
        "email": {"type": "char"},
        "properties": {"type": "properties"},
    }
    spec = loadtest.card_spec(arch, fields)
    assert spec == {
        "name": {},
        "parent_id": {"fields": {"display_name": {}}},
        "child_ids": {"fields": {"display_name": {}}},
        "display_name": {},
    }


def test_percentiles_are_nearest_rank():
    values = list(range(1, 101))
    assert [loadtest.percentile(values, p) for p in (50, 95, 99)] == [50, 95, 99]
    assert loadtest.percentile([], 95) == 0.0
    assert loadtest.percentile([7], 99) == 7


def test_warm_up_requests_are_not_timed_but_their_errors_and_writes_count():
    rec = loadtest.Recorder()
    rec.sample("timeline", 10.0, "page")
    rec.error("timeline", "HTTP 500")
    rec.write("interaction", "LT1-w1-u0-1")
    rec.measuring = True
    rec.sample("timeline", 20.0, "page")
    rec.sample("setup", 30.0, "setup")
    assert rec.samples == {"timeline": [(20.0, "page")]}
    assert rec.errors == {"timeline": 1}  # a warm-up error fails the run too
    assert rec.writes["interaction"] == ["LT1-w1-u0-1"]


def test_mode_table_has_every_flow_the_load_ran(tmp_path, capsys):
    result = {
        "mode": "2 workers",
        "users": 8,
        "duration": 30,
        "elapsed": 10.0,
        "loadavg_before": [1.0, 1.0, 1.0],
        "loadavg_after": [2.0, 1.5, 1.0],
        "samples": {"partner card": [[100.0, "page"], [300.0, "page"]], "quick order": [[900.0, "write"]]},
        "errors": {"quick order": 1},
        "messages": [],
        "writes": {},
        "cpu": {"odoo": 0.24, "postgresql": 0.06, "client": 0.5},
        "measured_cpu": {"odoo": True, "postgresql": True, "client": True},
    }
    rate, page_p95, errors = loadtest.print_mode(result)
    assert (rate, page_p95, errors) == (0.3, 300.0, 1)
    assert "CPU per request: odoo 80 ms, postgresql 20 ms, client 167 ms; together 267 ms" in capsys.readouterr().out
    path = tmp_path / "w2.json"
    path.write_text(json.dumps(result))
    # the report needs the database for the writes: without one it must fail, never pass
    out = subprocess.run(
        [sys.executable, ROOT / "scripts" / "loadtest.py", "report", "--db", "no_such_db_x", "--tag", "LT1", path],
        capture_output=True,
        text=True,
        env={"PGHOST": str(tmp_path), "PATH": "/usr/bin:/bin"},
        timeout=60,
    )
    assert out.returncode != 0
    assert "| quick order" in out.stdout and "the writes could not be checked" in out.stdout
    assert "load test passed" not in out.stdout


def test_rounds_of_a_mode_are_put_together_and_ratios_kept_round_by_round():
    def result(mode, requests, elapsed, load):
        return {
            "mode": mode,
            "users": 8,
            "duration": 20,
            "elapsed": elapsed,
            "loadavg_before": [load, 0, 0],
            "loadavg_after": [load + 1, 0, 0],
            "samples": {"timeline": [[100.0, "page"]] * requests},
            "errors": {"timeline": 1} if mode == "2 workers" else {},
            "messages": [],
            "writes": {},
            "cpu": {"odoo": 1.0},
        }

    merged = loadtest.merge_rounds(
        [result("1 worker", 100, 10, 1), result("2 workers", 150, 10, 2), result("1 worker", 50, 10, 3)]
        + [result("2 workers", 100, 10, 4)]
    )
    assert [m["mode"] for m in merged] == ["1 worker", "2 workers"]
    one, two = merged
    assert (one["elapsed"], one["duration"], len(one["samples"]["timeline"])) == (20, 40, 150)
    assert one["rates"] == [10.0, 5.0] and two["rates"] == [15.0, 10.0]
    assert (one["loadavg_before"][0], one["loadavg_after"][0]) == (1, 4)
    assert two["errors"] == {"timeline": 2} and two["cpu"] == {"odoo": 2.0}
