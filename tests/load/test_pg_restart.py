"""Faults: PostgreSQL restarted in the middle of a stream of captures.

The load database is copied into a private PostgreSQL cluster (``pgcluster.py``;
the machine's shared server is never restarted) and an Odoo server (prefork
workers and its queue_job runner) is started on it. Four client threads post
``OMS_LOAD_PGR_ORDERS`` orders (60 in CI, 90 with ``OMS_LOAD_SIZE=full``; per
30 orders, 10 singles and 4 batches of 5). Once a fifth of the calls are
answered, PostgreSQL is stopped (``pg_ctl stop -m fast``: every session ends,
the transactions under way roll back), left down ``OMS_LOAD_PGR_DOWN``
seconds (default 4) and started again.

The API must answer 503 with a JSON error and ``Retry-After`` while the
database is unreachable (before the request reached it, or when the connection
broke during the capture), never another 5xx. The clients retry (honouring
Retry-After, at most ``MAX_ATTEMPTS`` times per call, within
``OMS_LOAD_PGR_TIMEOUT`` seconds) and every call succeeds once PostgreSQL is
back: every order then exists exactly once and whole (one line of the SKU, the
total, confirmed), and no order of the channel is without lines.
"""

import contextlib
import os
import queue
import threading
import time
from collections import Counter

import psycopg2
import requests

from .harness import API, env_int, load_size, order_payload
from .pgcluster import PgCluster

CLIENTS = 4
BATCH = 5
PRICE = 100000
MAX_ATTEMPTS = 40


def work_items(count):
    """Per 30 orders: 10 singles, then 4 batches of 5."""
    payloads = [
        order_payload("PGR", f"PG-{i:05d}", "PGR-SKU", index=300000 + i, price=PRICE)
        for i in range(count)
    ]
    items = []
    for start in range(0, count, 30):
        chunk = payloads[start : start + 30]
        items += [("single", [p]) for p in chunk[:10]]
        rest = chunk[10:]
        items += [("batch", rest[i : i + BATCH]) for i in range(0, len(rest), BATCH)]
    return payloads, items


class Clients:
    """Client threads that retry on 503 and on connection errors, bounded."""

    def __init__(self, url, key, items, deadline):
        self.url, self.key, self.deadline = url, key, deadline
        self.todo = queue.Queue()
        for item in items:
            self.todo.put(item)
        self.lock = threading.Lock()
        self.calls = 0
        self.answered = 0  # calls that got their final 2xx answer
        self.statuses = Counter()  # every HTTP answer, retries included
        self.errors = Counter()  # connection errors (no HTTP answer)
        self.bad_503 = []  # 503 answers without the JSON error or Retry-After
        self.retries = 0
        self.results = {}  # external_ref -> final per-order status
        self.given_up = []
        self.success_times = []
        self.unavailable_times = []

    def _post(self, kind, payloads):
        path = f"{API}/orders" if kind == "single" else f"{API}/orders/batch"
        body = payloads[0] if kind == "single" else {"orders": payloads}
        return requests.post(
            f"{self.url}{path}",
            json=body,
            headers={"Authorization": f"Bearer {self.key}"},
            timeout=120,
        )

    def _run_item(self, kind, payloads):
        for attempt in range(MAX_ATTEMPTS):
            if time.monotonic() > self.deadline:
                break
            if attempt:
                with self.lock:
                    self.retries += 1
            try:
                response = self._post(kind, payloads)
            except requests.RequestException as exc:
                with self.lock:
                    self.calls += 1
                    self.errors[type(exc).__name__] += 1
                time.sleep(0.5)
                continue
            now = time.monotonic()
            with self.lock:
                self.calls += 1
                self.statuses[response.status_code] += 1
            if response.status_code == 503:
                retry_after = response.headers.get("Retry-After", "")
                try:
                    code = response.json()["error"]["code"]
                except (ValueError, KeyError, TypeError):
                    code = None
                with self.lock:
                    self.unavailable_times.append(now)
                    if code != "database_unavailable" or not retry_after.isdigit():
                        self.bad_503.append((retry_after, response.text[:200]))
                time.sleep(min(int(retry_after) if retry_after.isdigit() else 1, 5))
                continue
            if kind == "single" and response.status_code in (200, 201):
                results = {payloads[0]["external_ref"]: response.status_code}
            elif kind == "batch" and response.status_code == 200:
                results = {
                    payloads[r["index"]]["external_ref"]: r["status"]
                    for r in response.json()["results"]
                }
            else:
                # any other answer is final: recorded, and the test fails on it
                results = {p["external_ref"]: response.status_code for p in payloads}
            with self.lock:
                self.results.update(results)
                self.answered += 1
                self.success_times.append(now)
            return
        with self.lock:
            self.given_up.append(payloads[0]["external_ref"])

    def worker(self):
        while True:
            try:
                kind, payloads = self.todo.get_nowait()
            except queue.Empty:
                return
            self._run_item(kind, payloads)

    def start(self):
        self.threads = [threading.Thread(target=self.worker) for _ in range(CLIENTS)]
        for thread in self.threads:
            thread.start()

    def join(self, deadline):
        """Wait for the threads until ``deadline`` (time.monotonic())."""
        for thread in self.threads:
            thread.join(timeout=max(deadline - time.monotonic(), 1))


def _sql(cluster, db, query, params=()):
    with (
        contextlib.closing(
            psycopg2.connect(dbname=db, host="127.0.0.1", port=cluster.port)
        ) as conn,
        conn.cursor() as cr,
    ):
        cr.execute(query, params)
        return cr.fetchall()


def test_postgres_restart_during_capture(oms_load):
    count = load_size("OMS_LOAD_PGR_ORDERS", 60, 90)
    down_seconds = env_int("OMS_LOAD_PGR_DOWN", 4)
    timeout = env_int("OMS_LOAD_PGR_TIMEOUT", 240)
    db = oms_load
    key = db.data["keys"]["load_api"]
    channel_id = db.data["channels"]["PGR"]
    payloads, items = work_items(count)

    started = time.monotonic()
    cluster = PgCluster()
    server = None
    try:
        cluster.copy_database(db.db)
        copy_seconds = time.monotonic() - started
        server = db.new_server("pgnode", env=cluster.env).start()
        log_offset = os.path.getsize(server.log_path)

        clients = Clients(server.url, key, items, time.monotonic() + timeout)
        clients.start()
        wait_until = time.monotonic() + timeout
        while clients.answered < len(items) // 5 and time.monotonic() < wait_until:
            time.sleep(0.05)
        answered_before = clients.answered
        stopped_at = time.monotonic()
        cluster.stop("fast")
        time.sleep(down_seconds)
        cluster.start()
        up_at = time.monotonic()
        clients.join(started + timeout + 60)
        server.stop()
        assert 0 < answered_before < len(items), "the restart must land in the middle"
        _check(db, cluster, server, clients, payloads, items, channel_id)
        down = up_at - stopped_at
        recovered = [t - up_at for t in clients.success_times if t > up_at]
        reasons = Counter()
        with open(server.log_path, encoding="utf-8", errors="replace") as log:
            log.seek(log_offset)
            for line in log:
                if "database unavailable (" in line and "answered 503" in line:
                    reasons[line.split("database unavailable (", 1)[1].split(")")[0]] += 1
        created = Counter(clients.results.values())
        print(
            f"\n# pg restart: {count} orders in {len(items)} calls, {CLIENTS} clients; "
            f"database copied in {copy_seconds:.0f}s; {answered_before} calls answered "
            f"before the stop; PostgreSQL down {down:.1f}s; first success "
            f"{min(recovered):.1f}s after it was back"
        )
        print(
            f"# pg restart: {clients.calls} requests, HTTP {dict(clients.statuses)}, "
            f"connection errors {dict(clients.errors)}, {clients.retries} retries; "
            f"503 log lines by cause {dict(reasons)}; {count} orders each once and "
            f"whole: {created[201]} answered 201, {created[200]} answered 200"
        )
    finally:
        if server:
            server.stop()
        cluster.close()


def _check(db, cluster, server, clients, payloads, items, channel_id):
    assert 0 < clients.answered, "no call answered"
    # while it was down the API said so clearly: 503 + JSON error + Retry-After
    assert clients.statuses[503] >= 1, clients.statuses
    assert not clients.bad_503, clients.bad_503[:3]
    assert set(clients.statuses) <= {200, 201, 503}, clients.statuses
    # and every call got through once it was back
    assert not clients.given_up, clients.given_up[:5]
    assert clients.answered == len(items)
    assert len(clients.results) == len(payloads)
    assert set(clients.results.values()) <= {200, 201}, Counter(clients.results.values())

    # nothing half-written: every order once, whole, confirmed; none without lines
    rows = _sql(
        cluster,
        db.db,
        "SELECT so.external_ref, so.state, so.amount_total, "
        "  (SELECT count(*) FROM sale_order_line l WHERE l.order_id = so.id "
        "     AND NOT l.is_delivery AND l.display_type IS NULL), "
        "  (SELECT count(*) FROM sale_order_line l JOIN product_product p "
        "     ON p.id = l.product_id WHERE l.order_id = so.id "
        "     AND p.default_code = 'PGR-SKU' AND l.product_uom_qty = 1) "
        "FROM sale_order so WHERE so.channel_id = %s",
        (channel_id,),
    )
    refs = Counter(row[0] for row in rows)
    assert sorted(refs) == sorted(p["external_ref"] for p in payloads)
    assert set(refs.values()) == {1}, [ref for ref, n in refs.items() if n > 1][:5]
    assert {(row[1], float(row[2]), row[3], row[4]) for row in rows} == {("sale", PRICE, 1, 1)}
