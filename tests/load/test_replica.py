"""Odoo serves our read-only routes from a PostgreSQL streaming replica, for real.

A private primary + hot-standby replica pair (``replica_harness.py``) holds a copy
of the load session's database; an ``odoo-bin`` (2 workers, no job runner) runs
with ``--db_replica_host/--db_replica_port``. Both PostgreSQL servers log every
statement, so for each request the test reads which server ran its SQL:

* ``GET /oms/api/v1/orders/<channel>/<ref>``, ``GET /oms/api/v1/atp`` and the
  dashboard's ``/web/dataset/call_kw/oms.dashboard/get_dashboard_data`` run
  their queries on the replica and none on the primary, and Odoo logs no
  read-only -> read/write retry nor a fallback to the primary;
* ``POST /oms/api/v1/orders`` (capture) writes on the primary; once the replica
  has replayed the WAL, the new order's status is read from the replica.

Deterministic: a request's statements are those logged between the log's size
before it and a marker statement sent to each server after its answer
(PostgreSQL logs a statement when it receives it, so the request's are all
before the marker; no sleep). Only statements in the served database count:
Odoo's own housekeeping runs in the maintenance database ``postgres`` (the
start-up check that the database exists, by each process ``odoo-bin`` starts,
the gevent worker included; the database list behind ``--db-filter``). The
server is only measured once all its processes (HTTP workers and the gevent
worker) answer.
"""

import re
import time

import requests

from .harness import API, Server, order_payload, post
from .replica_harness import PrimaryReplica

# our business tables: registry loading and signaling checks never touch them
BUSINESS_SQL = r'"?(sale_order|stock_quant|stock_move|oms_[a-z_]+)"?'
WRITE_SQL = r"\b(INSERT INTO|UPDATE|DELETE FROM)\b"
# Odoo's own statements outside the served database (in "postgres")
HOUSEKEEPING = re.compile(r"\bpg_database\b|^\s*(BEGIN|COMMIT|ROLLBACK|SET|SHOW)\b", re.IGNORECASE)


def _start_odoo(db, pair, log_path):
    """2 workers on the pair, no job runner (its jobs would write meanwhile)."""
    server = Server(
        pair.dbname,
        str(log_path),
        workers=2,
        extra_args=[*pair.odoo_db_args(), f"--data-dir={pair.base / 'odoo-data'}"],
        load="base,web",
    )
    db.servers.append(server)
    # the gevent worker too: it is a second odoo-bin that starts after the HTTP
    # workers answer, and its start-up checks run on the primary
    return server.start(wait_gevent=True)


def _measure(pair, call):
    """Run ``call``; return (its result, statements of ours on primary, on replica)."""
    primary_at, replica_at = pair.primary.log_offset(), pair.replica.log_offset()
    result = call()
    # everything the request ran is logged before these markers
    primary_end, replica_end = pair.primary.sync_marker(), pair.replica.sync_marker()
    # what runs outside the served database is Odoo's look at the database
    # catalogue (and its transaction control), nothing else
    for cluster, since, until in (
        (pair.primary, primary_at, primary_end),
        (pair.replica, replica_at, replica_end),
    ):
        everything = cluster.statements(since, ".", until)
        served = set(cluster.statements(since, ".", until, pair.dbname))
        others = [
            entry
            for entry in everything
            if entry not in served and not HOUSEKEEPING.search(entry.split("statement: ", 1)[1])
        ]
        assert not others, others[:3]
    return (
        result,
        pair.primary.statements(primary_at, BUSINESS_SQL, primary_end, pair.dbname),
        pair.replica.statements(replica_at, BUSINESS_SQL, replica_end, pair.dbname),
    )


def test_readonly_routes_are_served_by_the_replica(oms_load):
    db = oms_load
    started = time.monotonic()
    pair = PrimaryReplica(db.db)
    try:
        assert pair.in_recovery() is True
        assert pair.wait_streaming() == [("127.0.0.1", "streaming")]
        log_path = db.log_dir / "replica-node.log"
        server = _start_odoo(db, pair, log_path)
        url = server.url
        key = db.data["keys"]["load_api"]
        figures = {}

        # a write: capture on the primary
        payload = order_payload("FUZZ", "REPLICA-1", "FUZZ-SKU", index=900001)
        (status, body), primary_sql, replica_sql = _measure(
            pair, lambda: post(url, f"{API}/orders", payload, key=key)
        )
        assert status == 201, body
        writes_primary = [s for s in primary_sql if re.search(WRITE_SQL, s)]
        writes_replica = [s for s in replica_sql if re.search(WRITE_SQL, s)]
        assert writes_primary, "the capture wrote nothing on the primary"
        assert not writes_replica
        figures["POST /orders (capture)"] = (len(primary_sql), len(replica_sql))
        pair.wait_replayed()

        # reads: the replica only
        headers = {"Authorization": f"Bearer {key}"}
        reads = {
            "GET /orders/<channel>/<ref>": lambda: requests.get(
                f"{url}{API}/orders/FUZZ/REPLICA-1", headers=headers, timeout=60
            ),
            "GET /atp": lambda: requests.get(
                f"{url}{API}/atp?channel=FUZZ&skus=FUZZ-SKU", headers=headers, timeout=60
            ),
        }
        answers = {}
        for label, call in reads.items():
            answers[label], primary_sql, replica_sql = _measure(pair, call)
            assert answers[label].status_code == 200, answers[label].text
            assert not primary_sql, f"{label} queried the primary: {primary_sql[:3]}"
            assert replica_sql, f"{label} ran no query on the replica"
            figures[label] = (len(primary_sql), len(replica_sql))
        assert answers["GET /orders/<channel>/<ref>"].json()["id"] == body["id"]
        (item,) = answers["GET /atp"].json()["items"]
        assert item["sku"] == "FUZZ-SKU"

        # the dashboard's one call, from a logged-in OMS user's session
        session = requests.Session()
        login = session.post(
            f"{url}/web/session/authenticate",
            json={
                "jsonrpc": "2.0",
                "params": {
                    "db": pair.dbname,
                    "login": "load_api",
                    "password": db.data["passwords"]["load_api"],
                },
            },
            timeout=60,
        ).json()
        assert login.get("result", {}).get("uid") == db.data["users"]["load_api"], login
        rpc = {
            "jsonrpc": "2.0",
            "method": "call",
            "params": {
                "model": "oms.dashboard",
                "method": "get_dashboard_data",
                "args": [],
                "kwargs": {},
            },
        }
        dashboard, primary_sql, replica_sql = _measure(
            pair,
            lambda: session.post(
                f"{url}/web/dataset/call_kw/oms.dashboard/get_dashboard_data",
                json=rpc,
                timeout=120,
            ).json(),
        )
        assert "kpis" in dashboard.get("result", {}), dashboard
        assert not primary_sql, f"the dashboard queried the primary: {primary_sql[:3]}"
        assert replica_sql
        figures["dashboard get_dashboard_data"] = (len(primary_sql), len(replica_sql))

        server.stop()
        log = log_path.read_text(errors="replace")
        assert "retrying with a read/write cursor" not in log
        assert "Failed to open a readonly cursor" not in log
        assert "Traceback" not in log
        assert pair.replica.sql("SELECT pg_is_in_recovery()")[0][0] is True
        print(f"\n# replica proof ({time.monotonic() - started:.0f}s): {pair.timings}")
        print("# statements on our tables per request: (primary, replica)")
        for label, (on_primary, on_replica) in figures.items():
            print(f"#   {label}: primary {on_primary}, replica {on_replica}")
    finally:
        pair.close()
