"""Faults: an Odoo server killed (SIGKILL) in the middle of a batch import.

A dedicated server (prefork workers and the queue_job runner in one process
group) receives ``OMS_LOAD_KILL_ORDERS`` orders (default 240) in batches of 20
from 4 clients. Once a few batches are answered, the whole process group is
killed with SIGKILL, mid-request. The server is restarted and every batch is
posted again. Every order must then exist exactly once and whole (its line and
total), and the queue jobs (customer emails, signed status webhooks to a real
HTTP receiver) must all finish after the restart: none left started, none failed.
"""

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import requests

from .harness import API, env_int, oms_signature_ok, order_payload, post

BATCH = 20
PRICE = 100000


def test_kill_during_batch_import(oms_load):
    count = env_int("OMS_LOAD_KILL_ORDERS", 240)
    db = oms_load
    key = db.data["keys"]["load_api"]
    channel_id = db.data["channels"]["KILL"]
    payloads = [
        order_payload("KILL", f"KL-{i:05d}", "KILL-SKU", index=200000 + i, price=PRICE)
        for i in range(count)
    ]
    batches = [payloads[i : i + BATCH] for i in range(0, count, BATCH)]
    server = db.new_server("killnode").start()
    answered, lost = [], []
    killed = threading.Event()

    def send(batch):
        if killed.is_set():
            return
        try:
            status, _body = post(server.url, f"{API}/orders/batch", {"orders": batch}, key=key)
            answered.append(status)
        except requests.RequestException:
            lost.append(batch[0]["external_ref"])

    with ThreadPoolExecutor(max_workers=4) as pool:
        futures = [pool.submit(send, batch) for batch in batches]
        deadline = time.monotonic() + 300
        while len(answered) < 3 and time.monotonic() < deadline:
            time.sleep(0.05)
        server.kill()
        killed.set()
        for future in futures:
            future.result(timeout=300)
    print(f"\n# kill: {len(answered)} batches answered before SIGKILL, {len(lost)} cut off")
    assert 3 <= len(answered) < len(batches), "the kill must land in the middle of the import"
    assert all(status == 200 for status in answered)
    killed_at = db.sql("SELECT now() AT TIME ZONE 'UTC'")[0][0]
    before = db.sql("SELECT count(*) FROM sale_order WHERE channel_id = %s", (channel_id,))[0][0]
    assert 0 < before < count

    # restart and post everything again, as a client that got no answer would
    server.start()
    results = []
    with ThreadPoolExecutor(max_workers=4) as pool:
        for status, body in pool.map(
            lambda batch: post(server.url, f"{API}/orders/batch", {"orders": batch}, key=key),
            batches,
        ):
            assert status == 200, body
            results += [result["status"] for result in body["results"]]
    assert len(results) == count
    assert set(results) <= {200, 201}
    assert results.count(201) == count - before

    # every order exactly once, and whole
    rows = db.sql(
        "SELECT so.external_ref, so.state, so.amount_total, "
        "  (SELECT count(*) FROM sale_order_line l JOIN product_product p "
        "     ON p.id = l.product_id WHERE l.order_id = so.id AND p.default_code = 'KILL-SKU' "
        "     AND l.product_uom_qty = 1) "
        "FROM sale_order so WHERE so.channel_id = %s",
        (channel_id,),
    )
    assert sorted(row[0] for row in rows) == [p["external_ref"] for p in payloads]
    assert {(row[1], float(row[2]), row[3]) for row in rows} == {("sale", PRICE, 1)}

    # the queue jobs resume: nothing stays started from before the kill, nothing fails
    deadline = time.monotonic() + env_int("OMS_LOAD_JOB_TIMEOUT", 300)
    busy = None
    while time.monotonic() < deadline:
        busy = db.sql(
            "SELECT state, count(*) FROM queue_job "
            "WHERE state IN ('wait_dependencies', 'pending', 'enqueued', 'started') "
            "GROUP BY state"
        )
        if not busy:
            break
        time.sleep(1)
    assert not busy, f"jobs still waiting or running: {busy}"
    stuck = db.sql(
        "SELECT count(*) FROM queue_job WHERE state = 'started' AND date_started < %s",
        (killed_at,),
    )[0][0]
    assert stuck == 0
    failed = db.sql("SELECT name, exc_info FROM queue_job WHERE state = 'failed' LIMIT 3")
    assert not failed, failed
    deliveries = db.sql(
        "SELECT state, count(*) FROM oms_webhook_delivery WHERE channel_id = %s GROUP BY state",
        (channel_id,),
    )
    assert dict(deliveries).keys() == {"sent"}, deliveries
    # what the receiver got is signed with the channel's secret
    secret = db.data["channel_secrets"]["KILL"]
    received = db.receiver.for_channel("KILL")
    assert len(received) >= dict(deliveries)["sent"]
    assert all(oms_signature_ok(secret, headers, body) for headers, body in received)
    requeued = sum(
        "Re-queued dead job" in line
        for line in open(server.log_path, encoding="utf-8", errors="replace")
    )
    print(
        f"# kill: {before} orders committed before the kill, {count - before} after; "
        f"{dict(deliveries)['sent']} webhooks sent, {requeued} dead jobs re-queued"
    )
