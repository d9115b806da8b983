"""ATP and sourcing benchmark, inside one Odoo process (odoo-bin shell).

* ATP for N SKUs x 10 warehouses: one call of ``oms.atp._get_atp`` next to
  Odoo's own ``free_qty`` compute for the same products and warehouses.
* SQL queries per captured order (capture service: validation, sourcing,
  confirmation, reservation) with a channel of 3 warehouses and of 30.

Stock rows are written with SQL (``generate_series``) to build the data set
fast; everything measured goes through the normal code. Figures are printed,
never asserted.

Usage: scripts/bench atp [--skus 10000] [--orders 20] [--keep-db]
"""

import argparse
import subprocess

from common import create_database, odoo_shell

CODE = r"""
import time
from odoo import Command
env = env(su=True, context=dict(env.context, tracking_disable=True))
N_SKUS, N_ORDERS = {skus}, {orders}
company = env.company
warehouses = env["stock.warehouse"].search([("company_id", "=", company.id)])
for i in range(len(warehouses), 30):
    warehouses |= env["stock.warehouse"].create({{"name": "Bench WH %02d" % i, "code": "B%02d" % i}})
warehouses = warehouses[:30]
products = env["product.product"].search([("default_code", "=like", "ATPB-%")])
if len(products) < N_SKUS:
    start = len(products)
    tmpl_vals = [
        {{"name": "ATP bench %05d" % i, "default_code": "ATPB-%05d" % i, "is_storable": True,
          "list_price": 10000}}
        for i in range(start, N_SKUS)
    ]
    for chunk in range(0, len(tmpl_vals), 1000):
        env["product.product"].create(tmpl_vals[chunk:chunk + 1000])
    env.cr.execute(
        '''INSERT INTO stock_quant (product_id, location_id, company_id, quantity,
                                    reserved_quantity, in_date, create_date, write_date)
           SELECT p.id, w.lot_stock_id, w.company_id, (p.id * 7 + w.id * 13) %% 50, 0,
                  now(), now(), now()
             FROM product_product p, stock_warehouse w
            WHERE p.default_code LIKE 'ATPB-%%' AND w.id = ANY(%s)
              AND NOT EXISTS (SELECT 1 FROM stock_quant q WHERE q.product_id = p.id
                                 AND q.location_id = w.lot_stock_id)''',
        [warehouses.ids],
    )
    env.cr.commit()
    env.invalidate_all()
products = env["product.product"].search([("default_code", "=like", "ATPB-%")], limit=N_SKUS)
wh10 = warehouses[:10]
print("# ATP: %d SKUs x %d warehouses" % (len(products), len(wh10)))
for attempt in range(2):
    env.invalidate_all()
    t0 = time.perf_counter()
    q0 = env.cr.sql_log_count
    atp = env["oms.atp"]._get_atp(products.ids, wh10.ids)
    t_atp = time.perf_counter() - t0
    q_atp = env.cr.sql_log_count - q0
    env.invalidate_all()
    t0 = time.perf_counter()
    q0 = env.cr.sql_log_count
    vanilla = {{}}
    for wh in wh10:
        for product in products.with_context(warehouse_id=wh.id):
            vanilla[(wh.id, product.id)] = product.free_qty
    t_free = time.perf_counter() - t0
    q_free = env.cr.sql_log_count - q0
    label = "warm" if attempt else "cold"
    print("%-4s oms.atp._get_atp      %8.3f s %6d queries  (%d figures)" % (label, t_atp, q_atp, len(atp)))
    print("%-4s Odoo free_qty compute %8.3f s %6d queries  (%d figures)" % (label, t_free, q_free, len(vanilla)))
same = sum(1 for key, qty in vanilla.items() if abs(atp[key] - qty) < 1e-6)
print("# ATP equals free_qty (no reservations, safety stock or promises) for %d/%d pairs" % (same, len(vanilla)))

# queries per captured order: 3 vs 30 warehouses
state = env.ref("base.state_id_jk")
carrier = env["delivery.carrier"].search([("oms_code", "=", "jne")], limit=1)
workflow = env.ref("sale_automatic_workflow.automatic_validation")
bench_products = products[:60]
print("# capture: %d orders of 3 lines per channel" % N_ORDERS)
for n_wh in (3, 30):
    code = "QB%02d" % n_wh
    channel = env["oms.channel"].search([("code", "=", code)])
    if not channel:
        channel = env["oms.channel"].create({{
            "name": "Query bench %d" % n_wh, "code": code, "warehouse_id": warehouses[0].id,
            "allowed_warehouse_ids": [Command.set(warehouses[:n_wh].ids)],
            "workflow_process_id": workflow.id, "cod_workflow_process_id": workflow.id,
            "duplicate_window_minutes": 0, "velocity_limit": 0,
            "api_user_ids": [Command.link(env.ref("base.user_admin").id)],
        }})
    env.cr.commit()
    run = str(int(time.time() * 1000))
    payloads = [{{
        "channel": code, "external_ref": "%s-%d" % (run, i), "order_date": "2026-11-22T08:00:00Z",
        "customer": {{"name": "Q %d" % i, "email": "q%d.%s@example.com" % (i, run), "phone": None}},
        "shipping_address": {{"name": "Q %d" % i, "street": "Jl. Sudirman 1", "city": "Jakarta",
                              "state": "JK", "zip": "10220", "country": "ID"}},
        "lines": [{{"sku": bench_products[(i * 3 + k) % 60].default_code, "quantity": 1,
                    "unit_price": 10000, "discount": 0}} for k in range(3)],
        "shipping": {{"fee": 9000, "carrier": "jne", "service_level": "regular"}} if carrier else None,
        "payment": {{"method": "prepaid", "status": "paid", "amount": 39000}},
        "currency": company.currency_id.name,
    }} for i in range(N_ORDERS)]
    for p in payloads:
        if p["shipping"] is None:
            del p["shipping"]
    capture = env["oms.capture"].with_user(env.ref("base.user_admin"))
    capture.capture(payloads[0])  # warm-up
    env.cr.commit()
    t0 = time.perf_counter()
    q0 = env.cr.sql_log_count
    states = {{}}
    for p in payloads[1:]:
        order, created = capture.capture(p)
        states[order.oms_status] = states.get(order.oms_status, 0) + 1
    env.cr.flush()
    elapsed = time.perf_counter() - t0
    queries = env.cr.sql_log_count - q0
    env.cr.commit()
    n = len(payloads) - 1
    print("%2d warehouses: %6.1f queries/order %7.1f ms/order  statuses %s" % (
        n_wh, queries / n, 1000 * elapsed / n, dict(sorted(states.items()))))
"""


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--skus", type=int, default=10000)
    parser.add_argument("--orders", type=int, default=21)
    parser.add_argument("--db", default="oms_bench_atp")
    parser.add_argument("--keep-db", action="store_true")
    args = parser.parse_args()
    create_database(args.db, fresh=not args.keep_db)
    print(odoo_shell(args.db, CODE.format(skus=args.skus, orders=args.orders)), end="")
    if not args.keep_db:
        subprocess.run(["dropdb", "--if-exists", args.db], check=False)


if __name__ == "__main__":
    main()
