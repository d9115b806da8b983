"""Idempotency under load: the same orders posted 3 times at once are captured once.

``OMS_LOAD_IDEM_ORDERS`` orders (60 in CI; the full 500 with
``OMS_LOAD_SIZE=full``) are each posted 3 times, shuffled,
by 8 clients over both servers, through the single and batch endpoints mixed.
The outcome is compared with the same orders posted once, calmly, to a second
channel: same number of orders, lines, quantities and totals.
"""

import random

from .harness import env_int, load_size, order_payload
from .test_oversell import BATCH_SIZE, run_clients

ORDER_SUMMARY = """
    SELECT so.external_ref, so.state, so.oms_status, so.amount_total,
           count(sol.id), sum(sol.product_uom_qty), sum(sol.price_subtotal)
      FROM sale_order so JOIN sale_order_line sol ON sol.order_id = so.id
     WHERE so.channel_id = %s
     GROUP BY so.id
"""


def test_same_orders_three_times_concurrently(oms_load):
    count = load_size("OMS_LOAD_IDEM_ORDERS", 60, 500)
    db = oms_load
    urls = db.cluster()
    key = db.data["keys"]["load_api"]

    def payloads(channel):
        return [
            order_payload(channel, f"ID-{i:05d}", "IDEM-SKU", index=100000 + i, qty=1 + i % 3)
            for i in range(count)
        ]

    # the reference: one clean delivery, sequential, one client
    reference, _calls, _s = run_clients(
        urls[:1], key, [("single", [p]) for p in payloads("IDEMREF")], 600, clients=1
    )
    assert {tuple(codes) for codes in reference.values()} == {(201,)}

    copies = payloads("IDEM") * 3
    random.Random(8).shuffle(copies)
    items = []
    for start in range(0, len(copies), 2 * BATCH_SIZE):
        chunk = copies[start : start + 2 * BATCH_SIZE]
        items += [("single", [p]) for p in chunk[:BATCH_SIZE]]
        # a batch never holds the same order twice: it would be its own replay
        batch, seen = [], set()
        for payload in chunk[BATCH_SIZE:]:
            if payload["external_ref"] in seen:
                items.append(("single", [payload]))
            else:
                seen.add(payload["external_ref"])
                batch.append(payload)
        if batch:
            items.append(("batch", batch))
    per_order, calls, seconds = run_clients(urls, key, items, env_int("OMS_LOAD_TIMEOUT", 480))
    print(
        f"\n# idempotency: {count} orders x 3 = {len(copies)} posts in {len(items)} calls, "
        f"{seconds:.1f}s, {calls}"
    )
    assert "timeout" not in calls
    assert not [code for code in calls if isinstance(code, int) and code >= 500], calls
    # each order: created exactly once, the two other posts answered as replays
    assert len(per_order) == count
    assert {tuple(sorted(codes)) for codes in per_order.values()} == {(200, 200, 201)}

    loaded = db.sql(ORDER_SUMMARY, (db.data["channels"]["IDEM"],))
    clean = db.sql(ORDER_SUMMARY, (db.data["channels"]["IDEMREF"],))
    assert len(loaded) == len(clean) == count
    assert sorted(loaded) == sorted(clean)
    assert {row[1] for row in loaded} == {"sale"}
    duplicates = db.sql(
        "SELECT external_ref FROM sale_order WHERE channel_id = %s "
        "GROUP BY external_ref HAVING count(*) > 1",
        (db.data["channels"]["IDEM"],),
    )
    assert duplicates == []
