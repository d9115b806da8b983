"""Memory of the Odoo servers while they import a large marketplace pull.

A fake Shopee (``tests/fakes/shopee.py``, 127.0.0.1) serves ``OMS_LOAD_MEMORY_ORDERS``
orders (200 in CI: two page jobs; the full 10,000 with ``OMS_LOAD_SIZE=full``,
``OMS_LOAD_MEMORY_TIMEOUT`` then 4,200 s). One push without an order
number asks for a pull; the servers' queue_job runners import it page job by page
job (100 orders a page) through the real capture flow (validation rules, sourcing,
reservation, the channel's automatic workflow). Meanwhile every process of every
running server of the session (master, HTTP workers, queue_job's runner worker,
gevent worker; each server is its own process group) is sampled every 0.5 s from
``/proc/<pid>/status`` (VmRSS, VmHWM).

Asserted: every order imported exactly once (one sale order, one binding), the
pull completed on its own (sync date moved on, every page job done, none failed),
and the peak RSS of every process under 1 GB (``OMS_LOAD_MEMORY_LIMIT_MB``).
Printed: peak RSS per process and of the whole group, orders/s.
"""

import json
import os
import re
import threading
import time
from pathlib import Path

from bench import common
from fakes.shopee import FakeShopee

from .harness import env_int, load_size
from .test_marketplace_load import (
    JOB_ACCOUNT,
    PARTNER_ID,
    SETUP,
    SHOP_ID,
    TOKEN,
    push,
    push_body,
    shopee_order,
)

CODE = "MKTMEM"
WORKER_ALIVE = re.compile(r"Worker (\w+) \((\d+)\) alive")
PAGE_SIZE = 100


def _status_kb(pid):
    """``(VmRSS, VmHWM)`` of a process in kB, or None when it is gone."""
    values = {}
    try:
        text = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    for line in text.splitlines():
        key, _sep, rest = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            values[key] = int(rest.split()[0])
    if "VmRSS" not in values:  # a zombie
        return None
    return values["VmRSS"], values.get("VmHWM", values["VmRSS"])


def _group_pids(pgids):
    """``{pid: pgid}`` of the live processes whose process group is one of ``pgids``."""
    found = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        # pid (comm) state ppid pgrp ...: comm may hold spaces, split after it
        fields = stat.rsplit(")", 1)[1].split()
        pgrp = int(fields[2])
        if pgrp in pgids:
            found[int(entry)] = pgrp
    return found


def _worker_kinds(log_paths):
    """``{pid: "WorkerHTTP" | "WorkerJobRunner" | ...}`` from the servers' logs
    ("Worker WorkerHTTP (1234) alive")."""
    kinds = {}
    for path in log_paths:
        try:
            text = Path(path).read_text(errors="replace")
        except OSError:
            continue
        kinds.update({int(pid): kind for kind, pid in WORKER_ALIVE.findall(text)})
    return kinds


def _role(pid, pgid, kinds):
    if pid == pgid:
        return "master"
    kind = kinds.get(pid)
    if kind == "WorkerHTTP":
        return "HTTP worker"
    if kind == "WorkerJobRunner":
        return "queue_job runner"
    try:
        args = Path(f"/proc/{pid}/cmdline").read_bytes().decode().split("\0")
    except OSError:
        return "gone"
    # Odoo starts its gevent worker as ``odoo-bin gevent ...``
    return "gevent worker" if "gevent" in args else (kind or "worker")


class RssSampler:
    """Samples VmRSS/VmHWM of every process of some process groups in a thread."""

    def __init__(self, pgids, log_paths=(), interval=0.5):
        self.pgids = set(pgids)
        self.log_paths = list(log_paths)
        self.interval = interval
        self.peak = {}  # pid -> max VmRSS kB seen
        self.first = {}  # pid -> VmRSS kB at its first sample
        self.last = {}  # pid -> VmRSS kB at its last sample
        self.hwm = {}  # pid -> last VmHWM kB seen
        self.roles = {}
        self.group_peak = 0  # max over samples of the sum of VmRSS
        self.samples = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def start(self):
        self._thread.start()
        return self

    def stop(self):
        self._stop.set()
        self._thread.join(timeout=10)

    def _run(self):
        while not self._stop.is_set():
            self.sample()
            self._stop.wait(self.interval)

    def sample(self):
        total = 0
        kinds = None
        for pid, pgid in _group_pids(self.pgids).items():
            values = _status_kb(pid)
            if values is None:
                continue
            rss, hwm = values
            total += rss
            self.peak[pid] = max(self.peak.get(pid, 0), rss)
            self.first.setdefault(pid, rss)
            self.last[pid] = rss
            self.hwm[pid] = hwm
            if pid not in self.roles:
                if kinds is None:
                    kinds = _worker_kinds(self.log_paths)
                self.roles[pid] = (pgid, _role(pid, pgid, kinds))
        self.group_peak = max(self.group_peak, total)
        self.samples += 1


def test_import_memory(oms_load):
    db = oms_load
    count = load_size("OMS_LOAD_MEMORY_ORDERS", 200, 10000)
    timeout = load_size("OMS_LOAD_MEMORY_TIMEOUT", 1800, 4200)
    limit_mb = env_int("OMS_LOAD_MEMORY_LIMIT_MB", 1024)
    db.cluster()
    now = int(time.time())
    orders = [shopee_order(n, now) for n in range(count)]
    with FakeShopee(PARTNER_ID, "shpk-mem", SHOP_ID, TOKEN, orders) as fake:
        spec = {
            CODE: {
                "base_url": fake.base_url,
                "partner_id": PARTNER_ID,
                "partner_key": fake.partner_key,
                "shop_id": SHOP_ID,
                "access_token": TOKEN,
                "page_size": PAGE_SIZE,
            }
        }
        out = common.odoo_shell(db.db, f"SPEC = {spec!r}\n" + SETUP)
        ids = json.loads(next(x for x in out.splitlines() if x.startswith("MKT_SETUP "))[10:])
        account_id, channel_id = ids[CODE]["account_id"], ids[CODE]["channel_id"]
        servers = [s for s in db.servers if s.proc and s.proc.poll() is None]
        sampler = RssSampler([s.proc.pid for s in servers], [s.log_path for s in servers]).start()
        started = time.monotonic()
        hook = f"{servers[0].url}/oms/marketplace/{account_id}/webhook"
        # a push without an order number asks for a pull
        assert push(hook, fake.partner_key, push_body(None, None, now)) == 200
        deadline = started + timeout
        imported, busy, synced = 0, [], None
        try:
            while time.monotonic() < deadline:
                imported = db.sql(
                    "SELECT count(*) FROM sale_order WHERE channel_id = %s", (channel_id,)
                )[0][0]
                busy = db.sql(
                    "SELECT state, count(*) FROM queue_job WHERE model_name = "
                    f"'oms.marketplace.account' AND {JOB_ACCOUNT} "
                    "AND state IN ('wait_dependencies', 'pending', 'enqueued', 'started') "
                    "GROUP BY state",
                    (json.dumps([account_id]),),
                )
                synced = db.sql(
                    "SELECT order_sync_date FROM oms_marketplace_account WHERE id = %s",
                    (account_id,),
                )[0][0]
                if synced and not busy:
                    break
                time.sleep(1)
            seconds = time.monotonic() - started
        finally:
            sampler.stop()
        requests_made = len(fake.requests)

    jobs = dict(
        db.sql(
            "SELECT state, count(*) FROM queue_job WHERE method_name = '_job_import_orders' "
            f"AND model_name = 'oms.marketplace.account' AND {JOB_ACCOUNT} "
            "GROUP BY state",
            (json.dumps([account_id]),),
        )
    )
    per_order = db.sql(
        "SELECT count(*), count(DISTINCT external_ref), "
        "count(*) FILTER (WHERE state = 'sale') FROM sale_order WHERE channel_id = %s",
        (channel_id,),
    )[0]
    bindings = db.sql(
        "SELECT count(*), count(DISTINCT platform_order_ref), "
        "count(*) FILTER (WHERE state = 'imported') FROM oms_marketplace_order "
        "WHERE account_id = %s",
        (account_id,),
    )[0]
    peak_pid = max(sampler.peak, key=sampler.peak.get)
    print(
        f"\n# import memory: {count} orders, pages of {PAGE_SIZE}, {requests_made} platform "
        f"requests; {per_order[0]} orders imported in {seconds:.1f}s "
        f"({per_order[0] / seconds:.2f} orders/s); page jobs {jobs}; "
        f"{sampler.samples} RSS samples"
    )
    for pid in sorted(sampler.peak, key=lambda p: (sampler.roles[p], p)):
        pgid, role = sampler.roles[pid]
        print(
            f"# import memory: server {pgid} {role} pid {pid}: VmRSS first "
            f"{sampler.first[pid] / 1024:.0f} MB, last {sampler.last[pid] / 1024:.0f} MB, "
            f"peak {sampler.peak[pid] / 1024:.0f} MB; VmHWM {sampler.hwm[pid] / 1024:.0f} MB"
        )
    print(
        f"# import memory: peak RSS of one process {sampler.peak[peak_pid] / 1024:.0f} MB "
        f"({sampler.roles[peak_pid][1]} pid {peak_pid}); peak of all server processes "
        f"together {sampler.group_peak / 1024:.0f} MB"
    )
    assert synced, f"the pull did not complete in {timeout}s: {imported} orders, jobs {busy}"
    assert not busy, busy
    assert per_order == (count, count, count), per_order
    assert bindings == (count, count, count), bindings
    assert jobs.get("failed", 0) == 0 and jobs.get("done", 0) == -(-count // PAGE_SIZE), jobs
    assert sampler.samples > 0
    assert sampler.peak[peak_pid] < limit_mb * 1024, (
        f"peak RSS {sampler.peak[peak_pid] / 1024:.0f} MB of pid {peak_pid}"
    )
