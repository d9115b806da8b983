"""KPI reports and the Omnichannel Overview on many orders, next to Odoo's Sales Analysis.

Usage: scripts/bench reports [--orders 100000] [--db oms_bench_reports] [--keep-db]

Builds a benchmark database (the three OMS addons), generates N orders with
gen_orders.py (batched SQL cloned from one real order), starts Odoo on
127.0.0.1 and times, over JSON-RPC as the web client calls them:
the dashboard data (oms.dashboard.get_dashboard_data), the first screen of each
KPI report (formatted_read_group as the pivot/graph views ask), and the same
kind of call on Odoo's standard Sales Analysis (sale.report). Each call runs 3
times; the best and the median are printed. Figures are printed, never asserted.
With --keep-db a second run reuses the database and its orders.
"""

import argparse
import datetime
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import JsonRpc, create_database, log_size, odoo_cmd, odoo_server, queries_by_path

GENERATE = """
import sys, time
sys.path.insert(0, {path!r})
import gen_orders
env.cr.execute("SELECT count(*) FROM sale_order WHERE external_ref LIKE 'BENCH-G%%'")
have = env.cr.fetchone()[0]
want = {n}
if have < want:
    seconds = gen_orders.generate(env, want - have)
    print(f"BENCH_GEN {{want - have}} {{seconds:.1f}}")
else:
    print("BENCH_GEN 0 0")
# the dashboard's stored figures, refreshed once the orders are written (no other
# transaction runs here: no safety margin needed)
start = time.perf_counter()
refreshed = env["oms.order.kpi.fact"]._cron_refresh(full=True, margin_minutes=0)
print(f"BENCH_REFRESH {{refreshed}} {{time.perf_counter() - start:.2f}}")
admin = env.ref("base.user_admin")
admin.group_ids = [(4, env.ref("oms_omnichannel.group_oms_manager").id),
                   (4, env.ref("sales_team.group_sale_manager").id)]
env.cr.commit()
"""

# orders changed after the refresh: the dashboard computes their figures live
TOUCH = """
env.cr.execute(
    "UPDATE sale_order SET write_date = now() AT TIME ZONE 'UTC' WHERE id IN "
    "(SELECT id FROM sale_order ORDER BY date_order DESC LIMIT {n})"
)
env.cr.commit()
"""

# (label, model, groupby, aggregates) as the first screen of each view asks
CALLS = [
    (
        "Order KPIs pivot (channel x month)",
        "oms.order.report",
        ["channel_id", "date:month"],
        [
            "order_count:sum",
            "revenue:sum",
            "on_time_ship_rate:avg",
            "on_time_delivery_rate:avg",
            "cancel_rate:avg",
        ],
    ),
    (
        "Processing times graph (warehouse)",
        "oms.order.report",
        ["warehouse_id"],
        ["ship_hours:avg", "delivery_hours:avg", "split_rate:avg", "backorder_rate:avg"],
    ),
    (
        "Fill rate pivot (channel)",
        "oms.fill.report",
        ["channel_id"],
        ["line_fill_rate:avg", "qty_ordered:sum", "qty_first_shipment:sum"],
    ),
    ("Holds pivot (reason x outcome)", "oms.hold.report", ["outcome"], ["hold_count:sum"]),
    (
        "Warehouse load graph (day)",
        "oms.warehouse.load.report",
        ["date:day"],
        ["assigned_count:sum"],
    ),
    (
        "Returns pivot (product)",
        "oms.return.report",
        ["product_id"],
        ["qty_sold:sum", "qty_returned:sum"],
    ),
    (
        "STANDARD Sales Analysis pivot (team x month)",
        "sale.report",
        ["team_id", "date:month"],
        ["price_subtotal:sum", "product_uom_qty:sum"],
    ),
    (
        "STANDARD Sales Analysis graph (product)",
        "sale.report",
        ["product_id"],
        ["price_subtotal:sum"],
    ),
]


def odoo_shell(db, code):
    """Run code in `odoo-bin shell` (the sub-command comes first in Odoo 19)."""
    cmd = odoo_cmd(db, "--no-http", "--workers=0", "--log-level=warn")
    cmd.insert(2, "shell")
    return subprocess.run(cmd, input=code, capture_output=True, text=True, check=True).stdout


def timed(fn, runs=3):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times), statistics.median(times)


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--orders", type=int, default=100000)
    parser.add_argument("--db", default="oms_bench_reports")
    parser.add_argument("--keep-db", action="store_true")
    args = parser.parse_args()

    create_database(args.db, fresh=not args.keep_db)
    out = odoo_shell(
        args.db, GENERATE.format(path=str(Path(__file__).resolve().parent), n=args.orders)
    )
    gen = next(line for line in out.splitlines() if line.startswith("BENCH_GEN "))
    made, seconds = gen.split()[1:]
    if int(made):
        print(f"# generated {made} orders in {float(seconds):.1f} s")
    refresh = next(line for line in out.splitlines() if line.startswith("BENCH_REFRESH "))
    rows, seconds = refresh.split()[1:]
    print(f"# dashboard figures: full refresh of {rows} orders in {float(seconds):.2f} s")
    log_path = os.path.join(tempfile.mkdtemp(prefix="oms-bench-"), "odoo.log")
    with odoo_server(args.db, log_path) as url:
        rpc = JsonRpc(url, args.db, "admin", "admin")
        counts = rpc.execute("sale.order", "search_count", [])
        print(f"# reports benchmark: {counts} sale orders in {args.db}")
        print(f"{'call':<46} {'best':>8} {'median':>8}  groups")
        # warm-up: registry, caches
        rpc.execute("oms.dashboard", "get_dashboard_data")

        def dashboard(label, **kwargs):
            offset = log_size(log_path)
            best, median = timed(
                lambda: rpc.execute("oms.dashboard", "get_dashboard_data", **kwargs)
            )
            queries, _requests = queries_by_path(log_path, "/jsonrpc", offset)
            print(f"{label:<46} {best:8.3f} {median:8.3f}  {queries / 3:.0f} queries")

        dashboard("Omnichannel Overview (get_dashboard_data)")
        # the same figures computed from the base tables alone (before issue 19)
        dashboard("  same, live from the base tables", context={"oms_dashboard_live": True})
        channels = rpc.execute("oms.channel", "search", [])[:2]
        since = (datetime.date.today() - datetime.timedelta(days=59)).isoformat()
        dashboard(
            "  same, 2 channels, last 60 days",
            filters={"channel_ids": channels, "date_from": since},
        )
        for label, model, groupby, aggregates in CALLS:
            result = {}

            def call(model=model, groupby=groupby, aggregates=aggregates, result=result):
                result["groups"] = rpc.execute(
                    model, "formatted_read_group", [], groupby, aggregates
                )

            try:
                best, median = timed(call)
            except RuntimeError as err:
                print(f"{label:<46} failed: {err}")
                continue
            print(f"{label:<46} {best:8.3f} {median:8.3f}  {len(result['groups'])}")
    # 1,000 orders changed since the last refresh (a burst of orders)
    odoo_shell(args.db, TOUCH.format(n=1000))
    with odoo_server(args.db, log_path) as url:
        rpc = JsonRpc(url, args.db, "admin", "admin")
        rpc.execute("oms.dashboard", "get_dashboard_data")
        offset = log_size(log_path)
        best, median = timed(lambda: rpc.execute("oms.dashboard", "get_dashboard_data"))
        queries, _requests = queries_by_path(log_path, "/jsonrpc", offset)
        label = "Overview, 1,000 orders changed since refresh"
        print(f"{label:<46} {best:8.3f} {median:8.3f}  {queries / 3:.0f} queries")


if __name__ == "__main__":
    main()
