"""Shared plumbing of the benchmarks: a real Odoo server on 127.0.0.1, a
benchmark database, JSON-RPC and timing helpers.

Benchmarks print figures; they never pass or fail on time.
"""

import contextlib
import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ODOO_SRC = Path(os.environ.get("ODOO_SRC", "/opt/odoo19"))
# without oms_pos: its point_of_sale dependency (and the pos_sale it auto-installs) would
# lengthen every install of the benchmarks and load tests and is not what they measure
MODULES = "oms_omnichannel,oms_returns,oms_marketplace_sync"
# werkzeug request lines end with Odoo's perf info: query count, query time, other time
REQUEST_LINE = re.compile(
    r'"(?P<method>[A-Z]+) (?P<path>\S+) HTTP/[0-9.]+" (?P<code>\d+) \S+ (?P<queries>\d+) '
)


def addons_path():
    return f"{ODOO_SRC}/odoo/addons,{ODOO_SRC}/addons,{ROOT}/addons"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def odoo_cmd(db, *args, command=None):
    return [
        sys.executable,
        str(ODOO_SRC / "odoo-bin"),
        *([command] if command else []),
        "-c",
        str(ROOT / "odoo.conf"),
        f"--addons-path={addons_path()}",
        "-d",
        db,
        "--load=base,web",
        *args,
    ]


VANILLA_MODULES = "sale_management,sale_stock,stock_delivery,stock_account"


def create_database(db, fresh=True, modules=MODULES):
    if fresh:
        subprocess.run(["dropdb", "--if-exists", db], check=True)
    exists = subprocess.run(
        ["psql", "-d", "postgres", "-tAc", f"SELECT 1 FROM pg_database WHERE datname='{db}'"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    if exists:
        print(f"# updating {modules} in {db} ...", flush=True)
        subprocess.run(
            [
                *odoo_cmd(db, "-u", modules, "--stop-after-init", "--no-http", "--workers=0"),
                "--log-level=warn",
            ],
            check=True,
        )
    else:
        print(f"# installing {modules} into {db} ...", flush=True)
        subprocess.run(
            [
                *odoo_cmd(db, "-i", modules, "--stop-after-init", "--no-http", "--workers=0"),
                "--log-level=warn",
            ],
            check=True,
        )


def odoo_shell(db, code):
    """Run Python code in `odoo-bin shell`; return what it prints."""
    result = subprocess.run(
        odoo_cmd(db, "--no-http", "--workers=0", "--log-level=warn", command="shell"),
        input=code,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode:
        raise RuntimeError(f"odoo shell failed:\n{result.stderr[-3000:]}")
    return result.stdout


@contextlib.contextmanager
def odoo_server(db, log_path):
    port = free_port()
    cmd = odoo_cmd(
        db,
        f"--http-port={port}",
        "--http-interface=127.0.0.1",
        "--workers=0",
        "--max-cron-threads=0",
        f"--db-filter=^{db}$",
        "--log-level=info",
        f"--logfile={log_path}",
    )
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 120
        while time.time() < deadline:
            try:
                urllib.request.urlopen(f"{url}/web/health", timeout=2)
                break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.5)
        else:
            raise RuntimeError("Odoo did not start")
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def http_json(url, payload, headers=None, method="POST"):
    data = json.dumps(payload).encode() if payload is not None else None
    req = urllib.request.Request(url, data=data, method=method)
    req.add_header("Content-Type", "application/json")
    for key, value in (headers or {}).items():
        req.add_header(key, value)
    try:
        with urllib.request.urlopen(req, timeout=300) as resp:
            return resp.status, json.loads(resp.read() or b"null")
    except urllib.error.HTTPError as err:
        return err.code, json.loads(err.read() or b"null")


class JsonRpc:
    def __init__(self, url, db, login, password):
        self.url, self.db, self.password = url, db, password
        self.uid = self.call("common", "login", db, login, password)

    def call(self, service, method, *args):
        _status, body = http_json(
            f"{self.url}/jsonrpc",
            {
                "jsonrpc": "2.0",
                "method": "call",
                "params": {"service": service, "method": method, "args": args},
            },
        )
        if body.get("error"):
            raise RuntimeError(body["error"]["data"]["message"])
        return body["result"]

    def execute(self, model, method, *args, **kwargs):
        return self.call(
            "object",
            "execute_kw",
            self.db,
            self.uid,
            self.password,
            model,
            method,
            list(args),
            kwargs,
        )


def queries_by_path(log_path, prefix, since_offset=0):
    """Sum the query counts of the logged requests whose path starts with prefix."""
    total = requests = 0
    with open(log_path, encoding="utf-8", errors="replace") as log:
        log.seek(since_offset)
        for line in log:
            match = REQUEST_LINE.search(line)
            if match and match["path"].startswith(prefix):
                total += int(match["queries"])
                requests += 1
    return total, requests


def log_size(log_path):
    return os.path.getsize(log_path) if os.path.exists(log_path) else 0


def report(label, n_orders, seconds, queries=None):
    per_s = n_orders / seconds if seconds else float("inf")
    ms = 1000 * seconds / n_orders
    line = f"{label:<44} {n_orders:>5} orders {seconds:8.2f} s "
    line += f"{per_s:8.1f} orders/s {ms:8.1f} ms/order"
    if queries is not None:
        line += f" {queries / n_orders:7.1f} queries/order"
    print(line, flush=True)
    return per_s
