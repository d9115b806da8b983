"""Marketplace sync benchmark: orders pulled from a fake Shopee server, next to the
capture service's batch figure, and a stock push of many SKUs.

Runs in `odoo-bin shell` on a benchmark database (the fake Shopee Open Platform of
tests/fakes is a real HTTP server on 127.0.0.1 started inside that process) and
prints, in the same run and on the same data (3-line orders, full Indonesian
addresses, stock in 3 warehouses, channel workflow confirming the orders):

* pull import, pages of 50 and of 100: the import jobs, one per page, run one after
  the other in this process as the job runner would (list + detail calls, mapping,
  capture with validation, sourcing and reservation, bindings, log)
* capture_batch(): the service behind POST /oms/api/v1/orders/batch, in batches of
  50, on equivalent payloads (no HTTP on either side)
* stock push of N SKUs (default 10,000; 10 models per Shopee listing): requests made
  and time for the first push, a push with nothing changed, and the debounced push
  after 100 SKUs moved

The peak RSS of the process (the one process that ran the jobs) is printed after each
scenario. Figures are printed, never asserted. Usage:
scripts/bench marketplace [--orders N] [--skus N] [--keep-db]
"""

import argparse
import json
import subprocess
import time

from common import ROOT, create_database, odoo_shell

SCRIPT = r"""
import json, resource, sys, time
from odoo import Command
from odoo.addons.queue_job.job import Job
sys.path.insert(0, %(fakes_root)r)
from fakes.shopee import FakeShopee

N_ORDERS, N_SKUS, RUN = %(orders)d, %(skus)d, %(run)r
env = env(su=True)
company = env.company
idr = env.ref("base.IDR")
idr.active = True
warehouses = env["stock.warehouse"].search([("company_id", "=", company.id)])
for code in ("MKB2", "MKB3"):
    if code not in warehouses.mapped("code"):
        warehouses |= env["stock.warehouse"].create({"name": "Bench " + code, "code": code})
warehouses = warehouses[:3]
products = env["product.product"].search([("default_code", "=like", "MKT-%%")])
if not products:
    products = env["product.product"].create([
        {"name": "Marketplace bench %%03d" %% i, "default_code": "MKT-%%03d" %% i,
         "is_storable": True, "list_price": 10000 + i, "taxes_id": [Command.clear()]}
        for i in range(30)
    ])
    for wh in warehouses:
        for product in products:
            env["stock.quant"]._update_available_quantity(product, wh.lot_stock_id, 1000000)
workflow = env.ref("sale_automatic_workflow.automatic_validation")
channel = env["oms.channel"].search([("code", "=", "BENCHMKT")])
if not channel:
    channel = env["oms.channel"].create({
        "name": "Bench Shopee", "code": "BENCHMKT", "channel_type": "marketplace",
        "warehouse_id": warehouses[0].id, "allowed_warehouse_ids": [Command.set(warehouses.ids)],
        "workflow_process_id": workflow.id, "cod_workflow_process_id": workflow.id,
        "pricelist_id": env["product.pricelist"].create(
            {"name": "Bench IDR", "currency_id": idr.id}).id,
        # many similar baskets from few buyers: the duplicate and velocity rules would hold them
        "velocity_limit": 0, "duplicate_window_minutes": 0,
    })
env.cr.commit()
skus = products.mapped("default_code")


def shopee_order(n, update_time):
    return {
        "order_sn": "%%sS%%06d" %% (RUN, n), "order_status": "READY_TO_SHIP",
        "create_time": update_time - 600, "update_time": update_time, "currency": "IDR",
        "cod": False, "payment_method": "ShopeePay", "pay_time": update_time - 500,
        "buyer_username": "buyer%%d" %% (n %% 50),
        "recipient_address": {
            "name": "Pembeli %%d" %% (n %% 50), "phone": "62812%%07d" %% (n %% 50),
            "town": "Gondangdia", "district": "Menteng", "city": "Jakarta Pusat",
            "state": "DKI Jakarta", "region": "ID", "zipcode": "10350",
            "full_address": "Jl. Sudirman No. %%d" %% n,
        },
        "item_list": [
            {"item_id": 500000 + (n + k) %% 30, "item_sku": skus[(n + k) %% 30], "model_id": 0,
             "model_sku": skus[(n + k) %% 30], "model_quantity_purchased": 1 + k,
             "model_original_price": 10000, "model_discounted_price": 10000}
            for k in range(3)
        ],
        "shipping_carrier": "JNE Reguler", "estimated_shipping_fee": 9000,
        "actual_shipping_fee": 9000, "total_amount": 69000,
    }


def capture_payload(n):
    return {
        "channel": "BENCHMKT", "external_ref": "%%sC%%06d" %% (RUN, n),
        "order_date": "2026-11-22T08:00:00Z",
        "customer": {"name": "Pembeli %%d" %% (n %% 50), "email": None,
                     "phone": "62812%%07d" %% (n %% 50)},
        "shipping_address": {"name": "Pembeli %%d" %% (n %% 50),
                             "street": "Jl. Sudirman No. %%d" %% n,
                             "street2": "Gondangdia, Menteng", "city": "Jakarta Pusat",
                             "state": "DKI Jakarta", "zip": "10350", "country": "ID",
                             "phone": "62812%%07d" %% (n %% 50)},
        "lines": [{"sku": skus[(n + k) %% 30], "quantity": 1 + k, "unit_price": 10000,
                   "discount": 0} for k in range(3)],
        "shipping": {"fee": 9000, "carrier": "jne", "service_level": "regular"},
        "payment": {"method": "ewallet", "status": "paid", "amount": 69000},
        "currency": "IDR", "notes": "",
    }


def pull(account):
    # a whole pull: the first page, then each page job it queued, in this process
    summaries = [account._job_import_orders()]
    env.cr.commit()
    for _page in range(10000):
        record = env["queue.job"].search([
            ("model_name", "=", account._name), ("method_name", "=", "_job_import_orders"),
            ("identity_key", "=like", "oms-mkt-import-%%d-%%%%" %% account.id),
            ("state", "=", "pending")], limit=1)
        if not record:
            break
        job = Job.load(env, record.uuid)
        summaries.append(job.perform())
        job.set_done()
        job.store()
        env.cr.commit()
    return " | ".join(summaries)


def confirmed(refs):
    orders = env["sale.order"].search([("channel_id", "=", channel.id), ("external_ref", "in", refs)])
    held = orders.filtered(lambda o: o.state != "sale")
    if held:
        print("HELD %%s: %%s" %% (held[0].external_ref, held[0].exception_ids.mapped("name")))
    return len(orders) - len(held)


results = {}
creds = dict(partner_id="2001234", partner_key="bench-key", shop_id="99001",
             access_token="bench-token")
with FakeShopee(creds["partner_id"], creds["partner_key"], creds["shop_id"],
                creds["access_token"]) as fake:
    account = env["oms.marketplace.account"].create(dict(
        creds, name="Bench Shopee " + RUN, platform="shopee", channel_id=channel.id,
        base_url=fake.base_url, push_stock=False))
    env.cr.commit()
    start_n = 0
    for page_size in (50, 100):
        now = int(time.time())
        fake.orders = [shopee_order(start_n + i, now - 300 + i %% 200) for i in range(N_ORDERS)]
        refs = [o["order_sn"] for o in fake.orders]
        start_n += N_ORDERS
        account.write({"page_size": page_size, "order_sync_date": False})
        env.cr.commit()
        requests_before = len(fake.requests)
        t0 = time.perf_counter()
        summary = pull(account)
        elapsed = time.perf_counter() - t0
        results["pull_%%d" %% page_size] = {
            "seconds": elapsed, "orders": N_ORDERS, "confirmed": confirmed(refs),
            "requests": len(fake.requests) - requests_before, "summary": summary,
            "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}

    payloads = [capture_payload(i) for i in range(N_ORDERS)]
    t0 = time.perf_counter()
    errors = 0
    for start in range(0, N_ORDERS, 50):
        for result in env["oms.capture"].capture_batch(payloads[start:start + 50]):
            errors += result["status"] not in (200, 201)
        env.cr.commit()
    elapsed = time.perf_counter() - t0
    results["capture_batch"] = {
        "seconds": elapsed, "orders": N_ORDERS, "errors": errors,
        "confirmed": confirmed([p["external_ref"] for p in payloads]),
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}

    # -- stock push of N_SKUS listings (10 models per listing) --------------------
    t0 = time.perf_counter()
    existing = env["product.product"].search([("default_code", "=like", "MKTS-%%")])
    missing = N_SKUS - len(existing)
    for start in range(0, missing, 1000):
        existing |= env["product.product"].create([
            {"name": "SKU %%05d" %% i, "default_code": "MKTS-%%05d" %% i, "is_storable": True}
            for i in range(len(existing), len(existing) + min(1000, missing - start))
        ])
        env.cr.commit()
    sku_products = existing.sorted("default_code")[:N_SKUS]
    stock_account = env["oms.marketplace.account"].create(dict(
        creds, name="Bench Shopee stock " + RUN, platform="shopee", channel_id=channel.id,
        base_url=fake.base_url, push_stock=True))
    env["oms.marketplace.product"].create([
        {"account_id": stock_account.id, "product_id": p.id, "platform_sku": p.default_code,
         "platform_item_id": str(700000 + i // 10), "platform_variant_id": str(800000 + i)}
        for i, p in enumerate(sku_products)
    ])
    env.cr.commit()
    setup_seconds = time.perf_counter() - t0
    for label in ("first", "unchanged"):
        before = len(fake.requests)
        t0 = time.perf_counter()
        message = stock_account._job_push_stock()
        env.cr.commit()
        results["stock_" + label] = {"seconds": time.perf_counter() - t0,
                                      "requests": len(fake.requests) - before,
                                      "message": message}
    moved = sku_products[:100]
    for product in moved:
        env["stock.quant"]._update_available_quantity(product, warehouses[0].lot_stock_id, 5)
    env["oms.marketplace.product"]._mark_stock_changed(moved)
    env.cr.commit()
    before = len(fake.requests)
    t0 = time.perf_counter()
    message = stock_account._job_push_stock_changes()
    env.cr.commit()
    results["stock_changes"] = {"seconds": time.perf_counter() - t0,
                                "requests": len(fake.requests) - before, "message": message}
    results["stock_setup_seconds"] = setup_seconds
print("BENCH_RESULT " + json.dumps(results))
"""


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--orders", type=int, default=200, help="orders per import scenario")
    parser.add_argument("--skus", type=int, default=10000, help="SKUs of the stock push")
    parser.add_argument("--db", default="oms_bench_marketplace")
    parser.add_argument("--keep-db", action="store_true")
    args = parser.parse_args()

    create_database(args.db, fresh=not args.keep_db)
    code = SCRIPT % {
        "fakes_root": str(ROOT / "tests"),
        "orders": args.orders,
        "skus": args.skus,
        "run": f"R{int(time.time())}",
    }
    out = odoo_shell(args.db, code)
    line = next(row for row in out.splitlines() if row.startswith("BENCH_RESULT "))
    results = json.loads(line[len("BENCH_RESULT ") :])
    for row in out.splitlines():
        if row.startswith("HELD "):
            print(f"# {row}")
    n = args.orders
    print(f"# marketplace benchmark: {n} orders per scenario (3 lines each), {args.skus} SKUs")
    for key, label in (
        ("pull_50", "Shopee pull import, pages of 50"),
        ("pull_100", "Shopee pull import, pages of 100"),
        ("capture_batch", "capture_batch() service, batches of 50"),
    ):
        row = results[key]
        rate = row["orders"] / row["seconds"]
        extra = f"{row['requests']:>5} requests" if "requests" in row else " " * 14
        print(
            f"{label:<42} {row['orders']:>5} orders {row['seconds']:8.2f} s {rate:8.1f} orders/s"
            f" {1000 * row['seconds'] / row['orders']:8.1f} ms/order {extra}"
            f"  confirmed {row['confirmed']}/{row['orders']}"
            f"  peak RSS {row['peak_rss_mb']:.0f} MB"
        )
    ratio = results["pull_100"]["orders"] / results["pull_100"]["seconds"]
    ratio /= results["capture_batch"]["orders"] / results["capture_batch"]["seconds"]
    print(f"# pull (pages of 100) / capture_batch = {ratio:.2f}x")
    print(
        f"# stock fixture ({args.skus} products + mappings): {results['stock_setup_seconds']:.1f} s"
    )
    for key, label in (
        ("stock_first", "stock push, first (all SKUs)"),
        ("stock_unchanged", "stock push, nothing changed"),
        ("stock_changes", "debounced push after 100 SKUs moved"),
    ):
        row = results[key]
        print(
            f"{label:<42} {row['requests']:>6} requests {row['seconds']:8.2f} s  ({row['message']})"
        )
    if not args.keep_db:
        subprocess.run(["dropdb", "--if-exists", args.db], check=False)


if __name__ == "__main__":
    main()
