"""Dealer ordering in the portal (issue 12, feature 3): the order page over a catalogue of 2,000
products, and the check of a 200-line quick order.

Set-up (not timed): min(size, 2,000) sellable storable products with references, stock for a third
of them, a Gold pricelist (-15 %), a dealer and a portal user of its staff. Timed, in the same run,
as the dealer's portal user (through ``miy.dealer._miy_order_sudo``, as the controller does):

- ``dealer_order_page``: what the order page computes (catalogue page of 80 products with the total
  count, the dealer's prices in one pricelist batch, free quantities); baseline: Odoo's per-product
  way (``pricelist._get_product_price`` and ``free_qty`` product by product, as a template looping
  over products would), on the same 80 products;
- ``dealer_order_check``: checking 200 typed lines (reference lookup, validation, pricing per
  quantity, availability); baseline: the plain batch pricelist computation and free quantity of the
  same 200 products (the least any order check must do).
"""

import random
import time

from odoo import Command

NAME = "dealer_order"
PAGE_TARGET = 0.300
CHECK_TARGET = 0.500
MAX_PRODUCTS = 2000
LINES = 200
REPEAT = 5


def run(env, size, seed):
    rng = random.Random(seed)
    count = min(size, MAX_PRODUCTS)
    env = env(context=dict(env.context, tracking_disable=True))
    categ = env["product.category"].create({"name": "Bench parts"})
    products = env["product.product"]
    for offset in range(0, count, 500):
        products |= env["product.product"].create(
            [
                {
                    "name": f"Bench part {n}",
                    "default_code": f"BENCH-{n:05d}",
                    "categ_id": categ.id,
                    "type": "consu",
                    "is_storable": True,
                    "list_price": 10 + n % 500,
                    "miy_min_order_qty": n % 3,
                }
                for n in range(offset, min(offset + 500, count))
            ]
        )
    warehouse = env["stock.warehouse"].search([("company_id", "=", env.company.id)], limit=1)
    Quant = env["stock.quant"]
    for product in products[::3]:
        Quant._update_available_quantity(product, warehouse.lot_stock_id, rng.randint(1, 40))
    pricelist = env["product.pricelist"].create(
        {
            "name": "Bench Gold",
            "item_ids": [
                Command.create({"compute_price": "percentage", "percent_price": 15, "applied_on": "3_global"})
            ],
        }
    )
    partner = env["res.partner"].create({"name": "Bench dealer", "is_company": True})
    partner.property_product_pricelist = pricelist
    dealer = env["miy.dealer"].create({"partner_id": partner.id})
    user = env["res.users"].create(
        {
            "name": "Bench dealer staff",
            "login": "bench.dealer.staff",
            "partner_id": env["res.partner"].create({"name": "Bench staff", "parent_id": partner.id}).id,
            "groups_id": [Command.set([env.ref("miy_dealer_channel.group_miy_dealer_portal").id])],
        }
    )
    env.flush_all()
    env.invalidate_all()
    dealer_user = dealer.with_user(user)

    def page():
        dealer_sudo = dealer_user._miy_order_sudo()
        page_products, _total = dealer_sudo._miy_order_search_products("", offset=0, limit=80)
        dealer_sudo._miy_order_prices(page_products)
        dealer_sudo._miy_order_availability(page_products)
        return page_products

    page_products = page()

    def page_baseline():
        dealer_sudo = dealer_user._miy_order_sudo()
        pl = dealer_sudo._miy_order_pricelist()
        for product in page_products.with_env(dealer_sudo.env):
            pl._get_product_price(product, 1.0)
            product.with_context(warehouse_id=warehouse.id).free_qty  # noqa: B018

    picked = [rng.choice(products) for _ in range(LINES)]
    text = "\n".join(f"{p.default_code} {max(int(p.miy_min_order_qty), 1) + rng.randint(0, 9)}" for p in picked)

    def check():
        dealer_sudo = dealer_user._miy_order_sudo()
        result = dealer_sudo._miy_check_order_lines(dealer_sudo._miy_parse_order_text(text))
        if result["errors"]:
            raise AssertionError(result["errors"][:3])
        return result

    def check_baseline():
        dealer_sudo = dealer_user._miy_order_sudo()
        batch = env["product.product"].browse({p.id for p in picked}).with_env(dealer_sudo.env)
        dealer_sudo._miy_order_pricelist()._get_products_price(batch, 1.0)
        batch.with_context(warehouse_id=warehouse.id).mapped("free_qty")

    timings = {}
    queries = {}
    for name, fn in (("page", page), ("page_base", page_baseline), ("check", check), ("check_base", check_baseline)):
        best = None
        for _ in range(REPEAT):
            env.invalidate_all()
            before = env.cr.sql_log_count
            start = time.perf_counter()
            fn()
            elapsed = time.perf_counter() - start
            queries[name] = env.cr.sql_log_count - before
            best = elapsed if best is None else min(best, elapsed)
        timings[name] = best
    return [
        {
            "name": f"{NAME}_page_{count}",
            "value": timings["page"],
            "unit": "s",
            "target": PAGE_TARGET,
            "baseline": timings["page_base"],
            "extra": f"{len(page_products)} of {count} products, {queries['page']} queries (baseline {queries['page_base']}); "
            "baseline: per-product pricelist price and free_qty",
        },
        {
            "name": f"{NAME}_check_{LINES}",
            "value": timings["check"],
            "unit": "s",
            "target": CHECK_TARGET,
            "baseline": timings["check_base"],
            "extra": f"{LINES} lines over {count} products, {queries['check']} queries (baseline "
            f"{queries['check_base']}); baseline: batch pricelist + free_qty of the same products",
        },
    ]
