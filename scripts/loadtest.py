"""MİY load test: simulated users drive the daily flows over HTTP, then every write is looked up.

Run through `make loadtest` (or `scripts/miy loadtest`): scripts/miy starts Odoo on 127.0.0.1 in
each mode (1 worker, N workers, N workers with the streaming replica) and calls this script:

    loadtest.py run    --url URL --db DB --tag TAG --mode LABEL --users U --duration D --out FILE
    loadtest.py report --db DB --tag TAG FILE...  (the tables, the ratio, the check of the writes)

Each simulated user logs in through Odoo's login form with a demo login (and again every fifth
iteration, the users at different turns: a login costs Odoo's 600,000 PBKDF2 rounds) and loops over
its role's flows for D seconds, as fast as the server answers (closed loop, no think time unless
--think), after one untimed warm-up iteration:

- sales (selin.arslan, can.ozturk) and accounting (admin): "Who is calling?" by a phone number, the
  partner's card (its form fields and chatter), its interaction timeline, an interaction logged with
  a follow-up date (the follow-up activity must come back with it); admin also uploads a UBL-TR
  e-invoice (a unique ETTN and number each time) through the import wizard;
- dealer portal (marmara.bayi, marmara.satis, trakya.bayi): the leads and ordering pages, a quick
  order checked and confirmed;
- portal customer (nilufer.portal): the service requests page and a new service request.

Every request is the one the web client or the portal page sends (JSON-RPC /web/dataset/call_kw and
call_button, /web/binary/upload_attachment, portal forms with their csrf_token). Each write carries
the run tag; `report` counts them in the database (psycopg2, PG* from scripts/miy) and reports any
acknowledged write that is missing. Exit status: 1 on request errors (the warm-up's too) or lost writes.
"""

import argparse
import datetime
import json
import math
import os
import random
import re
import sys
import threading
import time
import uuid
import xml.etree.ElementTree as ET
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
EINVOICE_TEMPLATE = ROOT / "miy_e_invoice_bridge" / "demo" / "einvoices" / "ODK2026000000318_osmangazi_dokum.xml"
TIMEOUT = 130  # a little above the workers' limit_time_real
PAGE_TARGET_MS = 500

# (login, role) in the order simulated users are given them; more users than logins reuse them
LOGINS = [
    ("selin.arslan", "sales"),
    ("marmara.bayi", "dealer"),
    ("nilufer.portal", "customer"),
    ("admin", "accounting"),
    ("can.ozturk", "sales"),
    ("trakya.bayi", "dealer"),
    ("marmara.satis", "dealer"),
    ("selin.arslan", "sales"),
]
# flows in the order of the tables; "page" requests count for the page-load target, "write" ones do not
FLOWS = [
    "login",
    "phone lookup",
    "partner card",
    "timeline",
    "log interaction",
    "dealer pages",
    "quick order",
    "service request",
    "e-invoice upload",
]
# what the interactions list (the timeline) asks for, as the web client sends it
TIMELINE_SPEC = {
    "date": {},
    "subject": {},
    "partner_ids": {"fields": {"display_name": {}}},
    "channel": {},
    "reason_id": {"fields": {"display_name": {}}},
    "user_ids": {"fields": {"display_name": {}}},
    "duration": {},
    "followup_date": {},
    "res_ref": {},
    "company_id": {"fields": {"display_name": {}}},
    "activity_ids": {},
    "activity_state": {},
    "activity_summary": {},
    "activity_type_id": {"fields": {"display_name": {}}},
}
CHATTER_DATA = ["activities", "attachments", "followers", "scheduledMessages", "suggestedRecipients"]
CSRF_INPUT = re.compile(r'name="csrf_token"\s+value="([^"]+)"')
CSRF_WEBCLIENT = re.compile(r'csrf_token:\s*"([^"]+)"')
SESSION_INFO = re.compile(r"__session_info__\s*=\s*(\{.*?\});\s*\n", re.S)
ORDER_REF = re.compile(r'<td class="font-monospace">([^<]+)</td>')
TYPE_OPTION = re.compile(r'<option value="(\d+)"')
OK_EINVOICE = {"imported", "linked", "warning", "needs_partner", "mismatch"}


class Stop(Exception):
    """The run's time is over: the flow in progress stops before its next request."""


class FlowError(Exception):
    """A request failed or answered something else than the page or record asked for."""


class Recorder:
    """Latencies and errors per flow, and the writes the server acknowledged (thread-safe)."""

    def __init__(self):
        self.lock = threading.Lock()
        self.samples = {}  # flow -> [(ms, kind)]
        self.errors = {}  # flow -> count
        self.messages = []
        self.writes = {"interaction": [], "followup": [], "order": [], "service_request": [], "einvoice": []}
        self.measuring = False

    def sample(self, flow, ms, kind):
        if self.measuring and kind != "setup":
            with self.lock:
                self.samples.setdefault(flow, []).append((ms, kind))

    def error(self, flow, message):
        # the warm-up's errors count too: a flow that fails must fail the run
        with self.lock:
            self.errors[flow] = self.errors.get(flow, 0) + 1
            if len(self.messages) < 20:
                self.messages.append(f"{flow}: {message}"[:400])

    def write(self, kind, key):
        with self.lock:
            self.writes[kind].append(key)


class Numbers:
    """Unique e-invoice numbers (3 letters, the year, 9 digits) across runs: milliseconds, increasing."""

    def __init__(self):
        self.lock = threading.Lock()
        self.last = 0

    def next(self):
        with self.lock:
            self.last = max(self.last + 1, int(time.time() * 1000) % 10**9)
            return f"LDT{datetime.date.today().year}{self.last:09d}"


class User:
    """One simulated user: a requests session, its role's flows, its own counters."""

    def __init__(self, run, index, login, role):
        self.run, self.index, self.login, self.role = run, index, login, role
        self.rec = run.rec
        self.base = run.url
        self.http = requests.Session()
        self.seq = 0
        self.context = {}
        self.csrf = None
        self.card_spec = None
        self.numbers = []
        self.refs = []
        self.deadline = None
        self.flow = None
        self.iterations = 0  # over the warm-up and the measured run: logging in again every --relogin

    # ------------------------------------------------------------------ plumbing
    def tag(self):
        self.seq += 1
        return f"{self.run.tag}-{self.run.mode}-u{self.index}-{self.seq}"

    def request(self, flow, kind, method, path, expect=(200,), **kw):
        if self.deadline and time.monotonic() > self.deadline:
            raise Stop
        self.flow = flow
        started = time.perf_counter()
        try:
            response = self.http.request(method, self.base + path, timeout=TIMEOUT, allow_redirects=False, **kw)
        except requests.RequestException as exc:
            raise FlowError(f"{method} {path}: {exc}") from exc
        ms = (time.perf_counter() - started) * 1000
        if response.status_code not in expect:
            raise FlowError(f"{method} {path}: HTTP {response.status_code} {response.text[:200]!r}")
        self.rec.sample(flow, ms, kind)
        return response

    def rpc(self, flow, kind, path, params):
        response = self.request(
            flow, kind, "POST", path, json={"jsonrpc": "2.0", "method": "call", "id": self.seq, "params": params}
        )
        body = response.json()
        if body.get("error"):
            data = body["error"].get("data") or {}
            raise FlowError(f"{path}: {data.get('name')}: {data.get('message') or body['error'].get('message')}")
        return body["result"]

    def call_kw(self, flow, kind, model, method, args, **kwargs):
        kwargs.setdefault("context", self.context)
        params = {"model": model, "method": method, "args": args, "kwargs": kwargs}
        return self.rpc(flow, kind, f"/web/dataset/call_kw/{model}/{method}", params)

    def call_button(self, flow, kind, model, method, ids):
        params = {"model": model, "method": method, "args": [ids], "kwargs": {"context": self.context}}
        return self.rpc(flow, kind, "/web/dataset/call_button", params)

    def page(self, flow, path):
        response = self.request(flow, "page", "GET", path)
        if "text/html" not in response.headers.get("Content-Type", ""):
            raise FlowError(f"GET {path}: not a page ({response.headers.get('Content-Type')})")
        return response.text

    def post_form(self, flow, path, data, expect=(303,), **kw):
        return self.request(flow, "write", "POST", path, expect=expect, data=data, **kw)

    @staticmethod
    def csrf_of(html, path):
        match = CSRF_INPUT.search(html)
        if not match:
            raise FlowError(f"{path}: no csrf_token in the page")
        return match.group(1)

    # ------------------------------------------------------------------ flows
    def flow_login(self):
        self.http.cookies.clear()
        html = self.page("login", "/web/login")
        data = {"login": self.login, "password": self.login, "csrf_token": self.csrf_of(html, "/web/login")}
        response = self.post_form("login", "/web/login", data)
        landing = response.headers.get("Location", "")
        expected = "/odoo" if self.role in ("sales", "accounting") else "/my"
        if not landing.split("?")[0].endswith(expected) and expected not in landing:
            raise FlowError(f"{self.login}: logged in to {landing!r}, not {expected}")
        html = self.page("login", landing.replace(self.base, "") or expected)
        if self.role in ("sales", "accounting"):
            match, info = CSRF_WEBCLIENT.search(html), SESSION_INFO.search(html)
            if not match or not info:
                raise FlowError(f"{self.login}: the web client page has no session info")
            self.csrf = match.group(1)
            info = json.loads(info.group(1))
            company = info["user_companies"]["current_company"]
            self.context = dict(info["user_context"], allowed_company_ids=[company])

    def setup_internal(self):
        """Once per user (the web client caches views): the form's fields, numbers to look up."""
        views = self.call_kw("setup", "setup", "res.partner", "get_views", [[[False, "form"]]], options={})
        arch = views["views"]["form"]["arch"]
        models = views["models"]
        fields = models["res.partner"].get("fields", models["res.partner"])
        self.card_spec = card_spec(arch, fields)
        # the Turkish numbers of the partners this user sees, as they were typed (any usual spelling)
        domain = [("number_e164", "=like", "+90%"), ("partner_id.active", "=", True)]
        phones = self.call_kw("setup", "setup", "miy.partner.phone", "search_read", [domain], fields=["number"])
        self.numbers = [phone["number"] for phone in phones]
        if not self.numbers:
            raise FlowError(f"{self.login}: no partner with a phone number to look up")

    def flow_sales(self):
        number = random.choice(self.numbers)
        lookup = self.call_kw(
            "phone lookup",
            "page",
            "miy.caller.lookup",
            "web_save",
            [[], {"number": number}],
            specification={
                "number_e164": {},
                "partner_ids": {"fields": {"display_name": {}}},
                "organization_ids": {"fields": {"display_name": {}}},
            },
        )[0]
        if not lookup["partner_ids"]:
            raise FlowError(f"phone lookup: nobody found for {number}")
        action = self.call_button("phone lookup", "page", "miy.caller.lookup", "action_open_partners", [lookup["id"]])
        partner_id = action.get("res_id") or random.choice(lookup["partner_ids"])["id"]
        # the card: the form's fields and the chatter
        card = self.call_kw(
            "partner card", "page", "res.partner", "web_read", [[partner_id]], specification=self.card_spec
        )
        if not card or card[0]["id"] != partner_id:
            raise FlowError(f"partner card: partner {partner_id} not read")
        self.rpc(
            "partner card",
            "page",
            "/mail/thread/data",
            {"thread_model": "res.partner", "thread_id": partner_id, "request_list": CHATTER_DATA},
        )
        self.rpc(
            "partner card", "page", "/mail/thread/messages", {"thread_model": "res.partner", "thread_id": partner_id}
        )
        # the timeline: the smart button's action, then its list
        action = self.call_button("timeline", "page", "res.partner", "action_miy_open_interactions", [partner_id])
        self.call_kw(
            "timeline",
            "page",
            "miy.interaction",
            "web_search_read",
            [],
            domain=action["domain"],
            specification=TIMELINE_SPEC,
            offset=0,
            limit=80,
            order="",
            count_limit=10001,
        )
        # a call logged with a follow-up in a few days (after today in Istanbul too)
        subject = self.tag()
        followup = (
            datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(days=random.randint(2, 14))
        ).date()
        saved = self.call_kw(
            "log interaction",
            "write",
            "miy.interaction",
            "web_save",
            [
                [],
                {
                    "subject": subject,
                    "channel": "phone",
                    "partner_ids": [[4, partner_id]],
                    "duration": 0.25,
                    "details": f"<p>Load test call {subject}</p>",
                    "followup_date": followup.isoformat(),
                },
            ],
            specification={"subject": {}, "followup_date": {}, "activity_ids": {}},
        )[0]
        self.rec.write("interaction", subject)
        if not saved["activity_ids"]:
            raise FlowError(f"log interaction: {subject} has no follow-up activity")
        self.rec.write("followup", subject)

    def flow_einvoice(self):
        number, ettn = self.run.numbers.next(), str(uuid.uuid4()).upper()
        data = self.run.einvoice_xml(number, ettn)
        response = self.request(
            "e-invoice upload",
            "write",
            "POST",
            "/web/binary/upload_attachment",
            data={"csrf_token": self.csrf, "model": "miy.einvoice.import.wizard", "id": "0"},
            files={"ufile": (f"{number}.xml", data, "text/xml")},
        )
        uploaded = response.json()
        if not uploaded or "id" not in uploaded[0]:
            raise FlowError(f"e-invoice upload: {uploaded!r}"[:300])
        wizard = self.call_kw(
            "e-invoice upload",
            "write",
            "miy.einvoice.import.wizard",
            "web_save",
            [[], {"attachment_ids": [[4, uploaded[0]["id"]]], "create_moves": True}],
            specification={"state": {}},
        )[0]
        self.call_button("e-invoice upload", "write", "miy.einvoice.import.wizard", "action_import", [wizard["id"]])
        report = self.call_kw(
            "e-invoice upload",
            "page",
            "miy.einvoice.import.wizard",
            "web_read",
            [[wizard["id"]]],
            specification={"summary": {}, "line_ids": {"fields": {"status": {}, "message": {}}}},
        )[0]
        statuses = [line["status"] for line in report["line_ids"]]
        if len(statuses) != 1 or statuses[0] not in OK_EINVOICE:
            raise FlowError(f"e-invoice upload {number}: {report['line_ids']!r}"[:300])
        self.rec.write("einvoice", ettn)

    def flow_dealer(self):
        self.page("dealer pages", "/my/dealer/leads")
        html = self.page("dealer pages", "/my/dealer/order")
        refs = self.refs or [ref.strip() for ref in ORDER_REF.findall(html) if ref.strip()]
        if not refs:
            raise FlowError(f"{self.login}: no product in the ordering page")
        self.refs = refs[:40]
        csrf = self.csrf_of(html, "/my/dealer/order")
        # quantities above the demo catalogue's minimum order quantities (at most 5)
        picked = random.sample(self.refs, min(3, len(self.refs)))
        lines = "\n".join(f"{ref} {random.randint(5, 10)}" for ref in picked)
        ref = self.tag()
        form = {"csrf_token": csrf, "lines": lines, "client_order_ref": ref}
        checked = self.post_form("quick order", "/my/dealer/order/check", dict(form, action="check"), expect=(200,))
        csrf = self.csrf_of(checked.text, "/my/dealer/order/check")
        done = self.post_form("quick order", "/my/dealer/order/check", dict(form, csrf_token=csrf, action="confirm"))
        location = done.headers.get("Location", "")
        if "miy_dealer_ordered" not in location:
            raise FlowError(f"quick order: not placed (redirected to {location!r})")
        self.rec.write("order", ref)
        self.page("quick order", location.replace(self.base, ""))

    def flow_customer(self):
        self.page("service request", "/my/service-requests")
        html = self.page("service request", "/my/service-requests/new")
        types = TYPE_OPTION.findall(html)
        if not types:
            raise FlowError("service request: no request type offered")
        subject = self.tag()
        data = {
            "csrf_token": self.csrf_of(html, "/my/service-requests/new"),
            "subject": subject,
            "type_id": random.choice(types),
            "description": f"Load test request {subject}: the spindle makes a noise.",
        }
        done = self.post_form("service request", "/my/service-requests/new", data)
        location = done.headers.get("Location", "")
        if "submitted=1" not in location:
            raise FlowError(f"service request: not opened (redirected to {location!r})")
        self.rec.write("service_request", subject)
        self.page("service request", location.replace(self.base, ""))

    # ------------------------------------------------------------------ loop
    def iteration(self, number):
        # a fresh session first, then again every --relogin iterations, the users at different turns
        if number == 0 or (number + self.index) % self.run.relogin == 0:
            self.guard("login", self.flow_login)
        if self.role in ("sales", "accounting"):
            if self.card_spec is None:
                self.guard("setup", self.setup_internal)
            self.guard("phone lookup", self.flow_sales)
            if self.role == "accounting":
                self.guard("e-invoice upload", self.flow_einvoice)
        elif self.role == "dealer":
            self.guard("dealer pages", self.flow_dealer)
        else:
            self.guard("service request", self.flow_customer)

    def guard(self, flow, function):
        """Run a flow; a failure counts against the flow of the request that failed, the loop goes on."""
        self.flow = flow
        try:
            function()
        except Stop:
            raise
        except FlowError as exc:
            self.rec.error(self.flow, str(exc))
        except Exception as exc:  # a bug or an unexpected answer: counted, never fatal to the run
            self.rec.error(self.flow, f"{type(exc).__name__}: {exc}")

    def loop(self, iterations=None, deadline=None):
        self.deadline = deadline
        number = 0
        try:
            while iterations is None or number < iterations:
                self.iteration(self.iterations)
                self.iterations += 1
                number += 1
                if self.run.think:
                    time.sleep(random.uniform(0.5, 1.5) * self.run.think)
        except Stop:
            pass


def card_spec(arch, fields):
    """web_read's specification of a form: the fields of the form itself (not of its sub-views)."""
    spec = {}

    def walk(node):
        for child in node:
            if child.tag == "field":
                name = child.get("name")
                info = fields.get(name, {})
                if info.get("type") in ("many2one", "many2many", "one2many"):
                    spec[name] = {"fields": {"display_name": {}}}
                elif info.get("type") != "properties":
                    spec[name] = {}
                continue  # an x2many's sub-view is loaded by its own list
            walk(child)

    walk(ET.fromstring(arch))
    spec.setdefault("display_name", {})
    return spec


class Run:
    def __init__(self, args):
        self.url, self.tag, self.mode, self.label = args.url.rstrip("/"), args.tag, args.mode, args.label or args.mode
        self.think, self.relogin = args.think, max(args.relogin, 1)
        self.rec = Recorder()
        self.numbers = Numbers()
        self.template = EINVOICE_TEMPLATE.read_bytes()
        self.company_vkn = self.company_name = None
        self.server_pid = args.server_pid
        self.pg_pids = [int(Path(f).read_text().split()[0]) for f in args.pg_pidfile if Path(f).exists()]

    def einvoice_xml(self, number, ettn):
        today = datetime.date.today()
        data = self.template.replace(b"ODK2026000000318", number.encode())
        data = re.sub(rb"<cbc:UUID>[^<]*</cbc:UUID>", f"<cbc:UUID>{ettn}</cbc:UUID>".encode(), data, count=1)
        data = data.replace(b"@@COMPANY_VKN@@", self.company_vkn.encode())
        data = data.replace(b"@@COMPANY_NAME@@", self.company_name.encode())
        return re.sub(
            rb"@@DATE_(-?\d+)@@",
            lambda m: (today + datetime.timedelta(days=int(m.group(1)))).isoformat().encode(),
            data,
        )

    def wait_ready(self, timeout=180):
        started = time.monotonic()
        while time.monotonic() - started < timeout:
            try:
                if requests.get(self.url + "/web/health", timeout=5).status_code == 200:
                    return
            except requests.RequestException:
                pass
            time.sleep(1)
        sys.exit(f"loadtest: {self.url} did not answer within {timeout} s")

    def company(self, admin):
        admin.flow_login()
        company = admin.call_kw("setup", "setup", "res.company", "read", [[admin.context["allowed_company_ids"][0]]])
        company = company[0]
        self.company_vkn = re.sub(r"\D", "", company.get("vat") or "")
        self.company_name = company["name"]

    def cpu(self):
        """CPU seconds used so far by the Odoo server (its workers), PostgreSQL and this client."""
        return {
            "odoo": process_tree_cpu([self.server_pid] if self.server_pid else []),
            "postgresql": process_tree_cpu(self.pg_pids),
            "client": time.process_time(),
        }

    def execute(self, users, duration, warmup_iterations):
        pool = [User(self, index, *LOGINS[index % len(LOGINS)]) for index in range(users)]
        accounting = next((u for u in pool if u.role == "accounting"), None)
        if accounting:
            self.company(accounting)
        # warm-up: each user logs in and goes once through its flows (not timed; its writes count)
        threads = [threading.Thread(target=u.loop, kwargs={"iterations": warmup_iterations}) for u in pool]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        self.rec.measuring = True
        load_before, cpu_before = os.getloadavg(), self.cpu()
        started = time.monotonic()
        deadline = started + duration
        threads = [threading.Thread(target=u.loop, kwargs={"deadline": deadline}) for u in pool]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - started
        self.rec.measuring = False
        cpu_after = self.cpu()
        return {
            "cpu": {name: cpu_after[name] - cpu_before[name] for name in cpu_before},
            "measured_cpu": {"odoo": bool(self.server_pid), "postgresql": bool(self.pg_pids), "client": True},
            "mode": self.label,
            "users": users,
            "duration": duration,
            "elapsed": elapsed,
            "loadavg_before": load_before,
            "loadavg_after": os.getloadavg(),
            "samples": self.rec.samples,
            "errors": self.rec.errors,
            "messages": self.rec.messages,
            "writes": self.rec.writes,
        }


def process_tree_cpu(pids):
    """User + system CPU seconds of these processes and their children (those alive now)."""
    import psutil

    total = 0.0
    for pid in pids:
        try:
            root = psutil.Process(pid)
            processes = [root, *root.children(recursive=True)]
        except psutil.Error:
            continue
        for process in processes:
            try:
                times = process.cpu_times()
            except psutil.Error:
                continue
            total += times.user + times.system
    return total


# ---------------------------------------------------------------------- report
def percentile(values, pct):
    if not values:
        return 0.0
    ordered = sorted(values)  # nearest rank: the smallest value with at least pct % of the values at or below it
    return ordered[max(0, min(len(ordered), math.ceil(pct / 100 * len(ordered))) - 1)]


def row(name, values, elapsed, errors):
    return (
        f"| {name:<22} | {len(values):>8} | {len(values) / elapsed:>7.1f} | {percentile(values, 50):>7.0f} |"
        f" {percentile(values, 95):>7.0f} | {percentile(values, 99):>7.0f} | {errors:>6} |"
    )


def print_mode(result):
    elapsed = result["elapsed"]
    before, after = result["loadavg_before"], result["loadavg_after"]
    rounds = len(result.get("rates") or [1])
    print(
        f"\n### {result['mode']}: {result['users']} users, {result['duration']:g} s"
        + (f" in {rounds} rounds" if rounds > 1 else "")
        + f" (load average before {before[0]:.2f} {before[1]:.2f} {before[2]:.2f},"
        f" after {after[0]:.2f} {after[1]:.2f} {after[2]:.2f})\n"
    )
    print("| flow                   | requests |   req/s | p50 ms  | p95 ms  | p99 ms  | errors |")
    print("|------------------------|---------:|--------:|--------:|--------:|--------:|-------:|")
    everything, pages = [], []
    for flow in FLOWS:
        samples = result["samples"].get(flow, [])
        errors = result["errors"].get(flow, 0)
        if not samples and not errors:
            continue
        values = [ms for ms, _kind in samples]
        everything += values
        pages += [ms for ms, kind in samples if kind == "page"]
        print(row(flow, values, elapsed, errors))
    errors = sum(result["errors"].values())
    print(row("page loads (all flows)", pages, elapsed, 0))
    print(row("all requests", everything, elapsed, errors))
    cpu, measured = result.get("cpu") or {}, result.get("measured_cpu") or {}
    names = [name for name in ("odoo", "postgresql", "client") if measured.get(name)]
    total = sum(cpu[name] for name in names)
    if everything and total:
        # what the machine's own load does not change much: the CPU each request costs
        count, cores = len(everything), os.cpu_count() or 1
        parts = ", ".join(f"{name} {cpu[name] * 1000 / count:.0f} ms" for name in names)
        print(
            f"\nCPU per request: {parts}; together {total * 1000 / count:.0f} ms, i.e. at most"
            f" {cores * count / total:.1f} req/s of this mix on {cores} idle cores"
        )
    return len(everything) / elapsed, percentile(pages, 95), errors


def verify(db, tag, results):
    """{kind: (acknowledged, found, lost)}: every write the load made, looked up by its key."""
    import psycopg2

    acknowledged = {}
    for result in results:
        for kind, keys in result["writes"].items():
            acknowledged.setdefault(kind, set()).update(keys)
    like = f"{tag}-%"
    queries = {
        "interaction": ("SELECT subject FROM miy_interaction WHERE subject LIKE %s", like),
        "followup": (
            """SELECT i.subject FROM miy_interaction i
                 JOIN mail_activity a ON a.res_model = 'miy.interaction' AND a.res_id = i.id
                WHERE i.subject LIKE %s AND i.followup_date IS NOT NULL
                  AND a.date_deadline = i.followup_date""",
            like,
        ),
        "order": ("SELECT client_order_ref FROM sale_order WHERE client_order_ref LIKE %s", like),
        "service_request": ("SELECT subject FROM miy_service_request WHERE subject LIKE %s", like),
        "einvoice": (
            "SELECT ettn FROM miy_einvoice WHERE ettn = ANY(%s)",
            sorted(acknowledged.get("einvoice", ())),
        ),
    }
    outcome = {}
    with psycopg2.connect(dbname=db) as conn, conn.cursor() as cr:
        for kind, (query, param) in queries.items():
            cr.execute(query, (param,))
            found = {value for (value,) in cr.fetchall()}
            keys = acknowledged.get(kind, set())
            outcome[kind] = (len(keys), len(found & keys), sorted(keys - found))
    return outcome


def rate_of(result):
    return sum(len(samples) for samples in result["samples"].values()) / result["elapsed"]


def merge_rounds(results):
    """One result per mode, its rounds (LOADTEST_ROUNDS: the modes take turns) put together, in the
    order the modes first ran; ``rates`` keeps each round's throughput."""
    merged = {}
    for result in results:
        label = result["mode"]
        if label not in merged:
            merged[label] = dict(
                result,
                samples={flow: list(samples) for flow, samples in result["samples"].items()},
                errors=dict(result["errors"]),
                messages=list(result["messages"]),
                cpu=dict(result.get("cpu") or {}),
                rates=[rate_of(result)],
            )
            continue
        mode = merged[label]
        mode["elapsed"] += result["elapsed"]
        mode["duration"] += result["duration"]
        mode["loadavg_after"] = result["loadavg_after"]
        for flow, samples in result["samples"].items():
            mode["samples"].setdefault(flow, []).extend(samples)
        for flow, count in result["errors"].items():
            mode["errors"][flow] = mode["errors"].get(flow, 0) + count
        mode["messages"] += result["messages"]
        for name, seconds in (result.get("cpu") or {}).items():
            mode["cpu"][name] = mode["cpu"].get(name, 0) + seconds
        mode["rates"].append(rate_of(result))
    return list(merged.values())


def cmd_report(args):
    results = [json.loads(Path(path).read_text()) for path in args.results]
    print(f"\n## MİY load test {args.tag}: {os.cpu_count()} CPU cores on this machine")
    throughput, rates, failed = {}, {}, []
    for result in merge_rounds(results):
        rate, page_p95, errors = print_mode(result)
        throughput[result["mode"]], rates[result["mode"]] = rate, result["rates"]
        if errors:
            failed.append(f"{result['mode']}: {errors} request errors")
            for message in result["messages"][:5]:
                print(f"    error: {message}")
        if page_p95 >= PAGE_TARGET_MS:
            print(f"\n    note: {result['mode']}: page loads p95 {page_p95:.0f} ms (target under {PAGE_TARGET_MS} ms)")
    modes = list(throughput)
    if len(modes) >= 2 and throughput[modes[0]]:
        print()
        for mode in modes[1:]:
            ratio = throughput[mode] / throughput[modes[0]]
            print(
                f"throughput {mode} / {modes[0]}: {ratio:.2f}x ({throughput[mode]:.1f} / {throughput[modes[0]]:.1f} req/s)"
            )
            if len(rates[mode]) > 1 and len(rates[mode]) == len(rates[modes[0]]):
                each = ", ".join(f"{mine / base:.2f}x" for mine, base in zip(rates[mode], rates[modes[0]], strict=True))
                print(f"    round by round: {each}")
    print("\n### writes (every write the server acknowledged, looked up in the database)\n")
    print("| write                  | acknowledged | found | lost |")
    print("|------------------------|-------------:|------:|-----:|")
    lost_total = 0
    try:
        outcome = verify(args.db, args.tag, results)
    except Exception as exc:  # psycopg2's errors: no database, no table...
        print(f"LOAD TEST FAILED: the writes could not be checked in {args.db}: {exc}")
        return 1
    for kind, (count, found, lost) in outcome.items():
        print(f"| {kind:<22} | {count:>12} | {found:>5} | {len(lost):>4} |")
        lost_total += len(lost)
        if lost:
            print(f"    lost {kind}: {', '.join(lost[:10])}")
    if lost_total:
        failed.append(f"{lost_total} lost writes")
    print()
    if failed:
        print("LOAD TEST FAILED: " + "; ".join(failed))
        return 1
    print("load test passed: no request errors, no lost writes")
    return 0


def cmd_run(args):
    run = Run(args)
    run.wait_ready()
    result = run.execute(args.users, args.duration, args.warmup)
    Path(args.out).write_text(json.dumps(result))
    done = sum(len(v) for v in result["samples"].values())
    print(
        f"[loadtest] {args.mode}: {done} requests in {result['elapsed']:.1f} s, {sum(result['errors'].values())} errors",
        file=sys.stderr,
    )
    return 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="one mode: warm up, then U users for D seconds")
    run.add_argument("--url", required=True)
    run.add_argument("--tag", required=True)
    run.add_argument("--mode", required=True, help="a short key of the mode, in the tags of the writes")
    run.add_argument("--label", help="the mode's name in the tables")
    run.add_argument("--users", type=int, default=8)
    run.add_argument("--duration", type=float, default=30)
    run.add_argument("--warmup", type=int, default=1, help="untimed iterations of each user first")
    run.add_argument("--think", type=float, default=0, help="mean pause between iterations, in seconds")
    run.add_argument("--relogin", type=int, default=5, help="log in again every N iterations")
    run.add_argument("--server-pid", type=int, help="Odoo's (master) process: its CPU time per request")
    run.add_argument("--pg-pidfile", action="append", default=[], help="postmaster.pid of a PostgreSQL of the load")
    run.add_argument("--out", required=True)
    report = sub.add_parser("report", help="the tables and the check of the writes")
    report.add_argument("--db", required=True)
    report.add_argument("--tag", required=True)
    report.add_argument("results", nargs="+")
    args = parser.parse_args()
    return cmd_run(args) if args.command == "run" else cmd_report(args)


if __name__ == "__main__":
    sys.exit(main())
