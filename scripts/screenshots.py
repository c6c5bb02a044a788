"""Screenshots of MİY's main screens, taken from the demo database with headless Chromium.

Run through `make screenshots` (or `scripts/miy screenshots`): it serves the database on a free
local port, logs in as the demo users through Odoo's own login (JSON-RPC), opens each screen in
Chromium (DevTools protocol), waits until the web client is idle and saves a PNG per screen in
docs/screenshots/. The README shows those files, so they follow the product as it changes.
"""

import argparse
import base64
import json
import os
import shlex
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests
import websocket

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"
READY_JS = """
(() => {
    if (document.readyState !== 'complete') return false;
    if (window.odoo && odoo.isReady === false) return false;
    if (document.querySelector('.o_loading_indicator, .o_blockUI, .o-main-components-container .o_loading')) return false;
    return !!document.querySelector('.o_action_manager .o_view_controller, .o_portal_wrap, main');
})()
"""

# Who Is Calling?: the number of Ayşe Yılmaz (Nilüfer Gıda) typed as it is read from a phone
TYPE_NUMBER = """
(() => {
    const input = document.querySelector('.modal input[type="text"], .modal input:not([type])');
    if (!input) return false;
    input.focus();
    input.value = '0532 614 27 90';
    input.dispatchEvent(new Event('input', {bubbles: true}));
    input.dispatchEvent(new Event('change', {bubbles: true}));
    input.blur();
    return true;
})()
"""


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_http(url, seconds=180):
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            if requests.get(url, timeout=5).status_code < 500:
                return
        except requests.RequestException:
            pass
        time.sleep(1)
    raise SystemExit(f"{url} did not answer in {seconds} s")


class Chrome:
    """The few DevTools calls the screenshots need."""

    def __init__(self, width, height):
        self.port = free_port()
        self.profile = tempfile.mkdtemp(prefix="miy-shots-")
        binary = next((b for b in ("chromium", "chromium-browser", "google-chrome") if shutil.which(b)), None)
        if not binary:
            raise SystemExit("Chromium is needed for screenshots (Debian: apt-get install chromium)")
        self.proc = subprocess.Popen(
            [
                binary,
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--hide-scrollbars",
                "--lang=tr-TR",
                f"--window-size={width},{height}",
                f"--remote-debugging-port={self.port}",
                f"--user-data-dir={self.profile}",
                "about:blank",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_http(f"http://127.0.0.1:{self.port}/json/version", 60)
        page = next(
            t for t in requests.get(f"http://127.0.0.1:{self.port}/json", timeout=10).json() if t["type"] == "page"
        )
        self.ws = websocket.create_connection(page["webSocketDebuggerUrl"], timeout=60, suppress_origin=True)
        self.next_id = 0
        self.call("Page.enable")
        self.call("Network.enable")
        self.call("Emulation.setDeviceMetricsOverride", width=width, height=height, deviceScaleFactor=1, mobile=False)

    def call(self, method, **params):
        self.next_id += 1
        self.ws.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            message = json.loads(self.ws.recv())
            if message.get("id") == self.next_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})

    def evaluate(self, expression):
        result = self.call("Runtime.evaluate", expression=expression, returnByValue=True)
        return result.get("result", {}).get("value")

    def settle(self, name, seconds, timeout=60):
        deadline = time.time() + timeout
        while not self.evaluate(READY_JS):
            if time.time() > deadline:
                print(f"  {name}: the page did not settle in {timeout} s, taken as it is", file=sys.stderr)
                break
            time.sleep(0.5)
        time.sleep(seconds)

    def shot(self, url, path, settle=1.5, then=None):
        self.call("Page.navigate", url=url)
        time.sleep(1)
        self.settle(path.name, settle)
        if then:
            # what a user does on the screen before the picture (types a number...)
            self.evaluate(then)
            self.settle(path.name, settle + 1)
        data = self.call("Page.captureScreenshot", format="png")["data"]
        path.write_bytes(base64.b64decode(data))

    def login(self, base, db, login, password):
        session = requests.post(
            f"{base}/web/session/authenticate",
            json={"jsonrpc": "2.0", "params": {"db": db, "login": login, "password": password}},
            timeout=60,
        )
        result = session.json()
        if result.get("error") or not result.get("result", {}).get("uid"):
            return None
        self.call("Network.clearBrowserCookies")
        self.call("Network.setCookie", name="session_id", value=session.cookies["session_id"], url=base)
        return session.cookies["session_id"]

    def close(self):
        try:
            self.ws.close()
        finally:
            self.proc.terminate()
            self.proc.wait(10)
            shutil.rmtree(self.profile, ignore_errors=True)


def rpc(base, session_id, model, method, *args, **kwargs):
    response = requests.post(
        f"{base}/web/dataset/call_kw",
        json={"jsonrpc": "2.0", "params": {"model": model, "method": method, "args": list(args), "kwargs": kwargs}},
        cookies={"session_id": session_id},
        timeout=60,
    ).json()
    if response.get("error"):
        raise RuntimeError(response["error"]["data"]["message"])
    return response["result"]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", default=os.environ.get("MIY_DB", "miy_demo"))
    parser.add_argument("--login", default="admin")
    parser.add_argument("--password", default="admin")
    parser.add_argument("--portal-login", default="nilufer.portal")
    parser.add_argument("--portal-password", default="nilufer.portal")
    parser.add_argument("--width", type=int, default=1440)
    parser.add_argument("--height", type=int, default=900)
    args = parser.parse_args()

    OUT.mkdir(parents=True, exist_ok=True)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        shlex.split(os.environ["MIY_ODOO_BIN"])
        + shlex.split(os.environ["MIY_ODOO_OPTS"])
        + ["-d", args.database, "--db-filter", f"^{args.database}$", "--http-interface", "127.0.0.1"]
        + ["--http-port", str(port), "--log-level=warn", "--workers=0", "--max-cron-threads=0"],
        stdout=subprocess.DEVNULL,
    )
    chrome = None
    try:
        wait_http(f"{base}/web/login")
        chrome = Chrome(args.width, args.height)
        session_id = chrome.login(base, args.database, args.login, args.password)
        if not session_id:
            raise SystemExit(f"cannot log in as {args.login} on {args.database}")
        org = rpc(base, session_id, "res.partner", "search_read", [("name", "ilike", "Nilüfer Gıda")], ["id"], limit=1)
        screens = [
            (
                "partner_card",
                f"/odoo/action-miy_contacts.res_partner_action_organization/{org[0]['id']}" if org else None,
            ),
            ("who_is_calling", "/odoo/action-miy_contacts.miy_caller_lookup_action", TYPE_NUMBER),
            ("interactions", "/odoo/action-miy_interactions.miy_interaction_action"),
            ("service_requests", "/odoo/action-miy_interactions.miy_service_request_action"),
            ("e_invoices", "/odoo/action-miy_e_invoice_bridge.miy_einvoice_action"),
        ]
        for name, path, *then in screens:
            if not path:
                print(f"  {name}: skipped (no demo record)", file=sys.stderr)
                continue
            chrome.shot(base + path, OUT / f"{name}.png", then=then[0] if then else None)
            print(f"  docs/screenshots/{name}.png")
        if chrome.login(base, args.database, args.portal_login, args.portal_password):
            chrome.shot(f"{base}/my/service-requests", OUT / "portal_service_requests.png")
            print("  docs/screenshots/portal_service_requests.png")
        else:
            print(f"  portal: skipped (cannot log in as {args.portal_login})", file=sys.stderr)
    finally:
        if chrome:
            chrome.close()
        server.terminate()
        server.wait(30)


if __name__ == "__main__":
    main()
