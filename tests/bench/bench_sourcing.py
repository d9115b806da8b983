"""Sourcing algorithm alone: decisions/s for 5-line orders over 10, 50 and 200 warehouses.

Pure Python (no database): the same `tools/sourcing.py` the models call.
Usage: scripts/bench sourcing [--orders N]
"""

import argparse
import importlib.util
import random
import sys
import time
from pathlib import Path

TOOLS = Path(__file__).resolve().parents[2] / "addons/oms_omnichannel/tools"


def load_tools():
    spec = importlib.util.spec_from_file_location(
        "oms_tools", TOOLS / "__init__.py", submodule_search_locations=[str(TOOLS)]
    )
    package = importlib.util.module_from_spec(spec)
    sys.modules["oms_tools"] = package
    spec.loader.exec_module(package)
    from oms_tools import geo, sourcing  # noqa: PLC0415

    return geo, sourcing


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--orders", type=int, default=2000)
    args = parser.parse_args()
    geo, sourcing = load_tools()
    rng = random.Random(42)
    provinces = sorted(geo.ID_PROVINCES)
    print(f"# sourcing tool: {args.orders} orders of 5 lines, 500 products")
    for n_wh in (10, 50, 200):
        warehouses = tuple(
            sourcing.WarehouseInfo(
                id=i,
                name=f"WH{i}",
                point=geo.point_of(0, 0, provinces[i % len(provinces)]),
                daily_capacity=1000,
                orders_today=rng.randrange(0, 1000),
                shipping_cost=rng.randrange(5000, 50000),
            )
            for i in range(1, n_wh + 1)
        )
        stock = {(w.id, p): rng.choice((0, 0, 1, 3, 10)) for w in warehouses for p in range(500)}
        requests = []
        for _ in range(args.orders):
            lines = tuple(
                sourcing.LineDemand(key=k, product_id=rng.randrange(500), qty=rng.randint(1, 3))
                for k in range(5)
            )
            dest = geo.point_of(0, 0, rng.choice(provinces))
            requests.append(
                sourcing.SourcingRequest(
                    lines=lines,
                    warehouses=warehouses,
                    stock=stock,
                    destination=dest,
                    policy=sourcing.SourcingPolicy(
                        strategies=("in_stock", "single_source", "nearest", "capacity")
                    ),
                )
            )
        start = time.perf_counter()
        outcomes = {}
        for req in requests:
            decision = sourcing.source(req)
            outcomes[decision.outcome] = outcomes.get(decision.outcome, 0) + 1
        elapsed = time.perf_counter() - start
        print(
            f"{n_wh:>4} warehouses: {args.orders / elapsed:9.1f} decisions/s "
            f"{1000 * elapsed / args.orders:7.3f} ms/order "
            f"outcomes {dict(sorted(outcomes.items()))}"
        )


if __name__ == "__main__":
    main()
