"""Read-only routes against a real streaming replica (opt-in: about a minute, and it needs one).

    MIY_PG_DIR=/var/tmp/miy-pg-mine MIY_REPLICA_CHECK=1 .venv/bin/python -m pytest -p no:odoo -q tests/test_replica.py

Starts (and makes once, by ``pg_basebackup``) the streaming replica of the embedded cluster in
``MIY_PG_DIR`` (``scripts/miy replica``), copies ``MIY_DB`` (default ``miy_demo``; any database
with miy_interactions installed) to a throwaway database, and serves it with Odoo's
``--db_replica_host``/``--db_replica_port``. With the replica's replay paused, a page that
shows the old subject of a service request changed on the primary proves the page was read on
the replica; the portal form's POST still saves (it could not on the replica), and the page it
lands on (``?submitted=1``) shows the new request at once: it reads the primary. After the
replay resumes, the list catches up.

Never point it at a cluster other people use: the base backup copies the whole cluster.
"""

import os
import re
import shlex
import signal
import socket
import subprocess
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
MIY = str(ROOT / "scripts" / "miy")
LOGIN, PASSWORD = "miy_replica_check", "miy-replica-check-2026"

pytestmark = pytest.mark.skipif(
    not os.environ.get("MIY_REPLICA_CHECK"), reason="opt-in (MIY_REPLICA_CHECK=1): starts a streaming replica"
)

FIXTURES = f"""
Partner = env["res.partner"]
customer = Partner.create({{"name": "Replika Kontrol A.Ş.", "is_company": True}})
user = env["res.users"].with_context(no_reset_password=True).create({{
    "name": "Replika Kontrol Kişi", "login": "{LOGIN}", "password": "{PASSWORD}", "lang": "en_US",
    "groups_id": [(6, 0, [env.ref("base.group_portal").id])],
}})
user.partner_id.parent_id = customer
rtype = env["miy.service.request.type"].create(
    {{"name": "Replika arıza", "first_response_hours": 4, "resolution_hours": 16}}
)
request = env["miy.service.request"].create({{
    "subject": "Replika talebi v1", "partner_id": customer.id, "contact_id": user.partner_id.id,
    "type_id": rtype.id,
}})
env.cr.commit()
print("MIY-REPLICA", request.id, rtype.id)
"""


# scripts/miy with the embedded cluster of MIY_PG_DIR (not a PGHOST/PGPORT server); psql with its socket
MIY_ENV = {key: value for key, value in os.environ.items() if key not in ("PGHOST", "PGPORT")}
PG_ENV = {}


def run(*args, **kwargs):
    kwargs.setdefault("env", MIY_ENV)
    return subprocess.run(args, capture_output=True, text=True, check=True, timeout=600, **kwargs)


def psql(sql, db="postgres", host=None, port=None):
    env = dict(MIY_ENV, **PG_ENV)
    if host:
        env.update(PGHOST=host, PGPORT=str(port))
    return run("psql", "-X", "-q", "-t", "-A", "-v", "ON_ERROR_STOP=1", "-d", db, "-c", sql, env=env).stdout.strip()


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def replica():
    """(primary env, replica host, replica port); the replica is left running (scripts/miy pg-stop)."""
    assert os.environ.get("MIY_PG_DIR"), "set MIY_PG_DIR to a cluster of your own: its replica is a full copy"
    args = run(MIY, "replica").stdout.split()
    env_line = run(MIY, "env").stdout.strip()
    PG_ENV.update(part.split("=", 1) for part in shlex.split(env_line.removeprefix("export ")))
    host, port = args[args.index("--db_replica_host") + 1], int(args[args.index("--db_replica_port") + 1])
    assert psql("SELECT pg_is_in_recovery()", host=host, port=port) == "t"
    return host, port


@pytest.fixture(scope="module")
def served(replica, tmp_path_factory):
    """A throwaway copy of MIY_DB with a portal customer and a request, served with the replica."""
    import requests

    host, port = replica
    db = f"miy_replica_check_{os.getpid()}"
    psql(f'CREATE DATABASE "{db}" TEMPLATE "{os.environ.get("MIY_DB", "miy_demo")}"')
    server = None
    try:
        out = run(MIY, "odoo", "shell", "-d", db, "--no-http", "--log-level=warn", input=FIXTURES).stdout
        request_id, type_id = map(int, re.search(r"^MIY-REPLICA (\d+) (\d+)$", out, re.M).groups())
        http_port = int(os.environ.get("MIY_REPLICA_CHECK_PORT") or free_port())
        log = tmp_path_factory.mktemp("odoo") / "odoo.log"
        server = subprocess.Popen(
            [MIY, "odoo", "-d", db, "--db-filter", f"^{db}$", "--http-interface", "127.0.0.1"]
            + ["--http-port", str(http_port), "--db_replica_host", host, "--db_replica_port", str(port)]
            + ["--max-cron-threads", "0", "--log-level=info", "--logfile", str(log)],
            start_new_session=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=MIY_ENV,
        )
        url = f"http://127.0.0.1:{http_port}"
        for _ in range(120):
            try:
                if requests.get(f"{url}/web/login", timeout=5).status_code == 200:
                    break
            except requests.RequestException:  # not listening yet, or still loading the registry
                pass
            time.sleep(1)
        else:
            pytest.fail(f"Odoo did not start: {log.read_text()[-3000:]}")
        yield {"url": url, "db": db, "request_id": request_id, "type_id": type_id, "log": log}
    finally:
        if server:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=60)
        psql("SELECT pg_wal_replay_resume()", host=host, port=port)
        psql(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')


def csrf(page):
    return re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)


def test_read_only_pages_read_the_replica_and_writes_reach_the_primary(replica, served):
    import requests

    host, port = replica
    url, db = served["url"], served["db"]
    session = requests.Session()
    login = session.get(f"{url}/web/login", timeout=30)
    response = session.post(
        f"{url}/web/login",
        data={"login": LOGIN, "password": PASSWORD, "csrf_token": csrf(login), "redirect": "/my"},
        timeout=60,
    )
    assert response.status_code == 200 and "/web/login" not in response.url, response.url
    assert "Replika talebi v1" in session.get(f"{url}/my/service-requests", timeout=30).text

    # the replica stops replaying; the primary changes the subject
    psql("SELECT pg_wal_replay_pause()", host=host, port=port)
    psql(f"UPDATE miy_service_request SET subject = 'Replika talebi v2' WHERE id = {served['request_id']}", db=db)
    listing = session.get(f"{url}/my/service-requests", timeout=30)
    assert listing.status_code == 200
    assert (
        "Replika talebi v1" in listing.text and "Replika talebi v2" not in listing.text
    ), "the list must come from the replica"
    landing = session.get(f"{url}/my/service-requests/{served['request_id']}?submitted=1", timeout=30)
    assert "Replika talebi v2" in landing.text, "the page after a save reads the primary"

    # the form (read-only GET) and its POST (a write: the primary, though the replica is behind)
    form = session.get(f"{url}/my/service-requests/new", timeout=30)
    assert form.status_code == 200
    saved = session.post(
        f"{url}/my/service-requests/new",
        data={"csrf_token": csrf(form), "subject": "Replika üzerinden açılan talep", "type_id": served["type_id"]},
        timeout=60,
    )
    assert saved.status_code == 200 and "submitted=1" in saved.url, saved.url
    assert "Replika üzerinden açılan talep" in saved.text
    assert (
        psql("SELECT count(*) FROM miy_service_request WHERE subject = 'Replika üzerinden açılan talep'", db=db) == "1"
    )
    assert "Replika üzerinden açılan talep" not in session.get(f"{url}/my/service-requests", timeout=30).text

    # replay resumes: the replica catches up
    psql("SELECT pg_wal_replay_resume()", host=host, port=port)
    for _ in range(50):
        listing = session.get(f"{url}/my/service-requests", timeout=30).text
        if "Replika üzerinden açılan talep" in listing and "Replika talebi v2" in listing:
            break
        time.sleep(0.2)
    else:
        pytest.fail("the replica did not catch up in 10 s")
    assert "retrying with a read/write cursor" not in served["log"].read_text()
