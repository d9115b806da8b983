"""Capture benchmark: the OMS capture API next to vanilla Odoo.

Runs a real Odoo server (threaded, 127.0.0.1) on a benchmark database and
measures, in the same run and on the same data (3-line orders, 3 warehouses):

* (a) single-order capture over HTTP   vs vanilla JSON-RPC create + action_confirm per order
* (b) batch capture over HTTP (50/call) vs vanilla JSON-RPC create([...]) + action_confirm(ids)

and prints orders/s, ms/order and SQL queries/order (from Odoo's own request
log, which records the query count of every request). It never fails on time.

Usage: scripts/bench capture [--orders N] [--keep-db]
"""

import argparse
import json
import os
import subprocess
import tempfile
import time

from common import (
    VANILLA_MODULES,
    JsonRpc,
    create_database,
    http_json,
    log_size,
    odoo_server,
    odoo_shell,
    queries_by_path,
    report,
)

# the same 3 warehouses and 30 stocked products in both databases
COMMON_STOCK_SETUP = r"""
company = env.company
warehouses = env["stock.warehouse"].search([("company_id", "=", company.id)])
for code in ("JKT2", "SBY"):
    if code not in warehouses.mapped("code"):
        warehouses |= env["stock.warehouse"].create({"name": "Bench " + code, "code": code})
warehouses = warehouses[:3]
products = env["product.product"].search([("default_code", "=like", "BENCH-%")])
if not products:
    products = env["product.product"].create([
        {"name": "Bench product %03d" % i, "default_code": "BENCH-%03d" % i,
         "is_storable": True, "list_price": 10000 + i}
        for i in range(30)
    ])
    for wh in warehouses:
        for product in products:
            env["stock.quant"]._update_available_quantity(product, wh.lot_stock_id, 1000000)
"""

SETUP = r"""
import json
from odoo import Command
env = env(su=True)
company = env.company
idr = env.ref("base.IDR")
if company.currency_id != idr:
    idr.active = True
COMMON_STOCK_SETUP
carrier = env["delivery.carrier"].search([("oms_code", "=", "jne")], limit=1)
if not carrier:
    carrier = env["delivery.carrier"].create({
        "name": "JNE", "oms_code": "jne", "delivery_type": "fixed", "fixed_price": 0,
        "product_id": env["product.product"].create({"name": "JNE shipping", "type": "service"}).id,
    })
admin = env.ref("base.user_admin")
channel = env["oms.channel"].search([("code", "=", "BENCH")])
if not channel:
    channel = env["oms.channel"].create({
        "name": "Bench", "code": "BENCH", "channel_type": "web",
        "warehouse_id": warehouses[0].id, "allowed_warehouse_ids": [Command.set(warehouses.ids)],
        "api_user_ids": [Command.link(admin.id)],
        "workflow_process_id": env.ref("sale_automatic_workflow.automatic_validation").id,
        "cod_workflow_process_id": env.ref("sale_automatic_workflow.automatic_validation").id,
        "velocity_limit": 0, "duplicate_window_minutes": 0,
    })
# validation rules that would hold generated orders are not what is measured
key = env["res.users.apikeys"].with_user(admin)._generate(None, "bench", None)
env.cr.commit()
print("BENCH_SETUP " + json.dumps({
    "key": key, "skus": products.mapped("default_code"), "product_ids": products.ids,
    "warehouse_ids": warehouses.ids,
    "currency": company.currency_id.name,
    "state_name": env.ref("base.state_id_jk").name if env.ref("base.state_id_jk", False) else "",
}))
"""


CURRENCY = {"name": "IDR"}


VANILLA_SETUP = r"""
import json
env = env(su=True)
COMMON_STOCK_SETUP
partner = env["res.partner"].create({"name": "Bench Customer", "email": "bench@example.com",
    "street": "Jl. Sudirman 1", "city": "Jakarta", "zip": "10220",
    "country_id": env.ref("base.id").id, "state_id": env.ref("base.state_id_jk").id})
env.cr.commit()
print("BENCH_SETUP " + json.dumps({"product_ids": products.ids, "warehouse_ids": warehouses.ids,
                                   "partner_id": partner.id}))
"""

SETUP = SETUP.replace("COMMON_STOCK_SETUP\n", COMMON_STOCK_SETUP)
VANILLA_SETUP = VANILLA_SETUP.replace("COMMON_STOCK_SETUP\n", COMMON_STOCK_SETUP)


def _setup(db, code):
    out = odoo_shell(db, code)
    return json.loads(
        next(line for line in out.splitlines() if line.startswith("BENCH_SETUP "))[12:]
    )


def _confirmed(rpc, ids):
    return rpc.execute("sale.order", "search_count", [("id", "in", ids), ("state", "=", "sale")])


def capture_payload(i, run_id, skus, state_name):
    return {
        "channel": "BENCH",
        "external_ref": f"{run_id}-{i}",
        "order_date": "2026-11-22T08:00:00Z",
        "customer": {
            "name": f"Customer {i % 50}",
            "email": f"customer{i % 50}@example.com",
            "phone": f"0812{i % 50:07d}",
        },
        "shipping_address": {
            "name": f"Customer {i % 50}",
            "street": "Jl. Sudirman 1",
            "city": "Jakarta",
            "state": state_name,
            "zip": "10220",
            "country": "ID",
            "phone": f"0812{i % 50:07d}",
        },
        "lines": [
            {
                "sku": skus[(i + k) % len(skus)],
                "quantity": 1 + k,
                "unit_price": 10000,
                "discount": 0,
            }
            for k in range(3)
        ],
        "shipping": {"fee": 9000, "carrier": "jne", "service_level": "regular"},
        "payment": {"method": "prepaid", "status": "paid", "amount": 69000},
        "currency": CURRENCY["name"],
        "notes": "",
    }


def vanilla_vals(i, setup):
    products = setup["product_ids"]
    return {
        "partner_id": setup["partner_id"],
        "warehouse_id": setup["warehouse_ids"][i % len(setup["warehouse_ids"])],
        "order_line": [
            [
                0,
                0,
                {
                    "product_id": products[(i + k) % len(products)],
                    "product_uom_qty": 1 + k,
                    "price_unit": 10000,
                },
            ]
            for k in range(3)
        ],
    }


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--orders", type=int, default=100, help="orders per scenario")
    parser.add_argument("--batch-size", type=int, default=50)
    parser.add_argument("--db", default="oms_bench_capture")
    parser.add_argument("--vanilla-db", default="oms_bench_vanilla")
    parser.add_argument("--keep-db", action="store_true")
    args = parser.parse_args()

    create_database(args.db, fresh=not args.keep_db)
    create_database(args.vanilla_db, fresh=not args.keep_db, modules=VANILLA_MODULES)
    setup = _setup(args.db, SETUP)
    vanilla = _setup(args.vanilla_db, VANILLA_SETUP)
    headers = {"Authorization": f"Bearer {setup['key']}"}
    CURRENCY["name"] = setup["currency"]
    n, size = args.orders, args.batch_size
    run_id = f"R{int(time.time())}"
    log_dir = tempfile.mkdtemp(prefix="oms-bench-")
    print(f"# capture benchmark: {n} orders per scenario, 3 lines each, batch size {size}")
    print(f"# vanilla: Odoo with {VANILLA_MODULES} only (database {args.vanilla_db})")
    results = {}

    log_path = os.path.join(log_dir, "vanilla.log")
    with odoo_server(args.vanilla_db, log_path) as url:
        rpc = JsonRpc(url, args.vanilla_db, "admin", "admin")
        # warm-up: first requests load registries and caches
        rpc.execute(
            "sale.order",
            "action_confirm",
            [rpc.execute("sale.order", "create", vanilla_vals(0, vanilla))],
        )
        offset = log_size(log_path)
        start = time.perf_counter()
        ids = []
        for i in range(n):
            ids.append(rpc.execute("sale.order", "create", vanilla_vals(i, vanilla)))
            rpc.execute("sale.order", "action_confirm", [ids[-1]])
        elapsed = time.perf_counter() - start
        queries, _ = queries_by_path(log_path, "/jsonrpc", offset)
        results["vanilla_single"] = report(
            "vanilla JSON-RPC create+confirm (single)", n, elapsed, queries
        )
        print(f"#   confirmed: {_confirmed(rpc, ids)}/{n}")

        offset = log_size(log_path)
        start = time.perf_counter()
        ids = []
        for chunk in range(0, n, size):
            chunk_ids = rpc.execute(
                "sale.order",
                "create",
                [vanilla_vals(i, vanilla) for i in range(chunk, min(n, chunk + size))],
            )
            rpc.execute("sale.order", "action_confirm", chunk_ids)
            ids += chunk_ids
        elapsed = time.perf_counter() - start
        queries, _ = queries_by_path(log_path, "/jsonrpc", offset)
        results["vanilla_batch"] = report(
            "vanilla JSON-RPC create+confirm (batched)", n, elapsed, queries
        )
        print(f"#   confirmed: {_confirmed(rpc, ids)}/{n}")

    log_path = os.path.join(log_dir, "oms.log")
    with odoo_server(args.db, log_path) as url:
        rpc = JsonRpc(url, args.db, "admin", "admin")
        http_json(
            f"{url}/oms/api/v1/orders",
            capture_payload(-1, run_id, setup["skus"], setup["state_name"]),
            headers,
        )
        offset = log_size(log_path)
        start = time.perf_counter()
        errors, first_error, ids = 0, None, []
        for i in range(n):
            status, body = http_json(
                f"{url}/oms/api/v1/orders",
                capture_payload(i, run_id + "s", setup["skus"], setup["state_name"]),
                headers,
            )
            if status not in (200, 201):
                errors += 1
                first_error = first_error or body
            else:
                ids.append(body["id"])
        elapsed = time.perf_counter() - start
        queries, _ = queries_by_path(log_path, "/oms/api/v1/orders", offset)
        results["capture_single"] = report("OMS capture API (single)", n, elapsed, queries)
        print(f"#   confirmed: {_confirmed(rpc, ids)}/{n}")

        offset = log_size(log_path)
        start = time.perf_counter()
        ids = []
        for chunk in range(0, n, size):
            batch = [
                capture_payload(i, run_id + "b", setup["skus"], setup["state_name"])
                for i in range(chunk, min(n, chunk + size))
            ]
            status, body = http_json(f"{url}/oms/api/v1/orders/batch", {"orders": batch}, headers)
            if status != 200:
                errors += len(batch)
                first_error = first_error or body
                continue
            for result in body.get("results", []):
                if result.get("status") in (200, 201):
                    ids.append(result["id"])
                else:
                    errors += 1
                    first_error = first_error or result
        elapsed = time.perf_counter() - start
        queries, _ = queries_by_path(log_path, "/oms/api/v1/orders/batch", offset)
        results["capture_batch"] = report("OMS capture API (batch)", n, elapsed, queries)
        print(f"#   confirmed: {_confirmed(rpc, ids)}/{n}")

    single_ratio = results["capture_single"] / results["vanilla_single"]
    batch_ratio = results["capture_batch"] / results["vanilla_batch"]
    print(
        f"# ratios (orders/s): single capture / vanilla single = {single_ratio:.2f}x, "
        f"batch capture / vanilla batched = {batch_ratio:.2f}x; capture errors: {errors}"
    )
    if first_error:
        print(f"# first capture error: {first_error}")
    if not args.keep_db:
        for db in (args.db, args.vanilla_db):
            subprocess.run(["dropdb", "--if-exists", db], check=False)


if __name__ == "__main__":
    main()
