"""The queue_job runner as a dedicated process in front of two HTTP nodes.

The session's cluster (``LoadSession.cluster``) runs two Odoo servers without
queue_job's runner (``queue_job`` not in ``--load``) and one runner process
(``python -m odoo.addons.queue_job.jobrunner``) that asks the nodes to run the
jobs through a round-robin proxy, as it would through a load balancer. The
oversell, idempotency, security and marketplace tests use the same cluster.

``OMS_LOAD_RUN_ORDERS`` orders (12 in CI, 20 with ``OMS_LOAD_SIZE=full``) of a
channel that emails its customers and posts signed status webhooks are captured on both nodes. Every
job they queue must end ``done``; each was dispatched by the dedicated runner
(its log) and run by one of the nodes (their request logs, both nodes used);
the nodes started no runner of their own.
"""

import re
import time
from collections import Counter

from .harness import API, env_int, load_size, oms_signature_ok, order_payload, post

RUNJOB = re.compile(r"GET /queue_job/runjob\?job_uuid=([0-9a-f-]+) ")


def test_jobs_run_by_the_dedicated_runner(oms_load):
    db = oms_load
    count = load_size("OMS_LOAD_RUN_ORDERS", 12, 20)
    urls = db.cluster()
    key = db.data["keys"]["load_api"]
    channel_id = db.data["channels"]["RUN"]
    test_start = db.sql("SELECT now() AT TIME ZONE 'UTC'")[0][0]
    started = time.monotonic()
    for i in range(count):
        payload = order_payload("RUN", f"RJ-{i:05d}", "RUN-SKU", index=400000 + i)
        status, body = post(urls[i % 2], f"{API}/orders", payload, key=key)
        assert status == 201, body

    deadline = time.monotonic() + env_int("OMS_LOAD_JOB_TIMEOUT", 300)
    jobs = []
    while time.monotonic() < deadline:
        jobs = db.sql(
            "SELECT uuid, state, channel FROM queue_job WHERE date_created >= %s",
            (test_start,),
        )
        if jobs and all(state in ("done", "failed") for _uuid, state, _channel in jobs):
            break
        time.sleep(0.5)
    seconds = time.monotonic() - started
    states = Counter(state for _uuid, state, _channel in jobs)
    assert states.keys() == {"done"}, states
    # at least one status webhook per order, and the customer emails
    webhooks = db.sql(
        "SELECT count(*) FROM oms_webhook_delivery WHERE channel_id = %s AND state = 'sent'",
        (channel_id,),
    )[0][0]
    assert webhooks >= count
    assert len(db.receiver.for_channel("RUN")) >= webhooks
    secret = db.data["channel_secrets"]["RUN"]
    assert all(
        oms_signature_ok(secret, headers, body) for headers, body in db.receiver.for_channel("RUN")
    )

    # every job was dispatched by the dedicated runner ...
    uuids = {uuid for uuid, _state, _channel in jobs}
    assert uuids <= db.runner.dispatched()
    # ... and run by the nodes, both of them, which have no runner of their own
    run_by = {}
    for server in db._cluster:
        log = open(server.log_path, encoding="utf-8", errors="replace").read()
        assert "queue_job.jobrunner" not in log, f"a runner started in {server.log_path}"
        run_by[server.url] = set(RUNJOB.findall(log)) & uuids
    assert set().union(*run_by.values()) == uuids
    assert all(run_by.values()), {url: len(ran) for url, ran in run_by.items()}
    print(
        f"\n# dedicated runner: {count} orders, {len(jobs)} jobs "
        f"({dict(Counter(channel for _uuid, _state, channel in jobs))}) all done in "
        f"{seconds:.1f}s; run by node1/node2: "
        f"{'/'.join(str(len(ran)) for ran in run_by.values())}; {webhooks} webhooks sent"
    )
