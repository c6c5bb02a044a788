"""A dealer's portal list of routed leads, against Odoo's own ``/my/orders`` (issue 12).

The issue's target: a dealer with 5,000 leads gets its portal list page in under 300 ms server
time with a constant query count, no slower than Odoo's ``/my/orders`` on the same number of
orders. Both pages are served in-process by Odoo's WSGI application (``odoo.http.root``, the
whole request: session, routing, record rules, QWeb rendering of the portal layout) on the
benchmark's own cursor, as Odoo's ``HttpCase`` does; each figure is the best of five requests
after a warm-up. The queries of each page are counted at 50 and at N records: they must match.
"""

import time

from werkzeug.test import Client

import odoo
from odoo import Command
from odoo.service import security
from odoo.tools import SQL

NAME = "dealer_portal_leads"
TARGET_SECONDS = 0.3  # the target at 5,000 leads
SMALL = 50
ROUNDS = 5


def _session_client(env, user):
    """A werkzeug client of Odoo's WSGI app with a session logged in as ``user``."""
    store = odoo.http.root.session_store
    session = store.new()
    session.update(odoo.http.get_default_session(), db=env.cr.dbname)
    user_env = env(user=user.id)
    session.uid = user.id
    session.login = user.login
    session.session_token = security.compute_session_token(session, user_env)
    session.context = dict(user_env["res.users"].context_get())
    store.save(session)
    return Client(odoo.http.root, use_cookies=False), {"Cookie": f"session_id={session.sid}"}


def _measure(env, session_client, url, expect):
    """(best seconds, queries of one request) for GET url; the page must contain ``expect``."""
    client, headers = session_client
    env.flush_all()
    env.invalidate_all()
    response = client.get(url, base_url="http://localhost/", headers=headers)  # warm-up: assets, views, rules
    body = response.get_data(as_text=True)
    if response.status_code != 200 or expect not in body:
        raise AssertionError(
            f"{url}: status {response.status_code} {response.headers.get('Location')}, {expect!r} not in the page"
        )
    best, queries = None, None
    for _round in range(ROUNDS):
        env.invalidate_all()
        before = env.cr.sql_log_count
        start = time.perf_counter()
        response = client.get(url, base_url="http://localhost/", headers=headers)
        elapsed = time.perf_counter() - start
        queries = env.cr.sql_log_count - before
        if response.status_code != 200:
            raise AssertionError(f"{url}: status {response.status_code}")
        best = elapsed if best is None else min(best, elapsed)
    return best, queries


def _add_leads(env, dealer, count, offset):
    Lead = env["crm.lead"].with_context(tracking_disable=True, mail_create_nolog=True, mail_notrack=True)
    for start in range(0, count, 1000):
        leads = Lead.create(
            [
                {
                    "name": f"Bench bayi fırsatı {offset + start + index}",
                    "type": "opportunity",
                    "partner_name": f"Bench Müşteri {offset + start + index}",
                    "expected_revenue": 1000 + index,
                }
                for index in range(min(1000, count - start))
            ]
        )
        leads._miy_route_to(dealer)
        env.flush_all()
        env.invalidate_all()


def _add_orders(env, customer, count):
    Order = env["sale.order"].with_context(tracking_disable=True, mail_create_nolog=True, mail_notrack=True)
    for start in range(0, count, 1000):
        orders = Order.create([{"partner_id": customer.id} for _index in range(min(1000, count - start))])
        env.cr.execute(
            SQL(
                "UPDATE sale_order SET state = 'sale' WHERE id = ANY(%s);"
                "INSERT INTO mail_followers (res_model, res_id, partner_id) "
                "SELECT 'sale.order', id, %s FROM unnest(%s::int[]) AS id",
                orders.ids,
                customer.id,
                orders.ids,
            )
        )
        env.invalidate_all()


def run(env, size, seed):
    big = min(size, 5000)
    Partner = env["res.partner"].with_context(tracking_disable=True)
    dealer_partner = Partner.create({"name": "Bench Bayi Ltd.", "is_company": True})
    customer = Partner.create({"name": "Bench Portal Müşteri A.Ş.", "is_company": True})
    dealer = env["miy.dealer"].create({"partner_id": dealer_partner.id})
    Users = env["res.users"].with_context(no_reset_password=True, tracking_disable=True)
    dealer_user = Users.create(
        {
            "name": "Bench Bayi Kullanıcı",
            "login": "bench_dealer_portal",
            "partner_id": Partner.create({"name": "Bench Bayi Kişi", "parent_id": dealer_partner.id}).id,
            "groups_id": [Command.set([env.ref("miy_dealer_channel.group_miy_dealer_portal").id])],
        }
    )
    customer_user = Users.create(
        {
            "name": "Bench Portal Kullanıcı",
            "login": "bench_orders_portal",
            "partner_id": Partner.create({"name": "Bench Portal Kişi", "parent_id": customer.id}).id,
            "groups_id": [Command.set([env.ref("base.group_portal").id])],
        }
    )
    _add_leads(env, dealer, SMALL, 0)
    _add_orders(env, customer, SMALL)
    env.cr.execute(SQL("ANALYZE crm_lead; ANALYZE sale_order; ANALYZE mail_followers"))

    registry = env.registry
    registry.enter_test_mode(env.cr)
    try:
        leads_client = _session_client(env, dealer_user)
        orders_client = _session_client(env, customer_user)
        lead_url, order_url = "/my/dealer/leads?filterby=all", "/my/orders"
        __, small_lead_queries = _measure(env, leads_client, lead_url, "Bench bayi fırsatı")
        __, small_order_queries = _measure(env, orders_client, order_url, "o_portal_my_doc_table")
        registry.leave_test_mode()
        _add_leads(env, dealer, big - SMALL, SMALL)
        _add_orders(env, customer, big - SMALL)
        env.cr.execute(SQL("ANALYZE crm_lead; ANALYZE sale_order; ANALYZE mail_followers"))
        registry.enter_test_mode(env.cr)
        lead_time, lead_queries = _measure(env, leads_client, lead_url, "Bench bayi fırsatı")
        order_time, order_queries = _measure(env, orders_client, order_url, "o_portal_my_doc_table")
    finally:
        if registry.in_test_mode():
            registry.leave_test_mode()
    if lead_queries != small_lead_queries:
        raise AssertionError(f"query count grows: {small_lead_queries} at {SMALL} leads, {lead_queries} at {big}")
    return {
        "name": f"{NAME}_{big}",
        "value": lead_time,
        "unit": "s",
        "target": TARGET_SECONDS,
        "baseline": order_time,
        "queries": lead_queries,
        "extra": f"/my/dealer/leads with {big} leads: {lead_queries} queries ({small_lead_queries} at {SMALL}); "
        f"baseline Odoo /my/orders with {big} orders: {order_time:.3f}s, {order_queries} queries "
        f"({small_order_queries} at {SMALL}); best of {ROUNDS} in-process requests",
    }


def run_large(env, size, seed):
    """The same pages on the large data set of ``bigdata.py`` (``--large``): the dealer's 5,000
    leads and the customer's 5,000 orders among ``size`` partners."""
    result = run(env, 5000, seed)
    result["name"] = f"{NAME}_{size}"
    result["extra"] = f"{size} partners; " + result["extra"]
    return result
