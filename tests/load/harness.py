"""Plumbing of the reliability, security and load tests.

One throwaway database per pytest session (``oms_load_<pid>``) with the three
OMS add-ons and a fixture made by ``odoo-bin shell`` (warehouses, stock,
channels, API users and keys, a marketplace account), real Odoo servers
started with ``odoo-bin`` on 127.0.0.1 (prefork workers and the queue_job
runner), an HTTP receiver for the outgoing webhooks, and direct SQL reads of
the outcome. ``tests/fuzz`` uses the same session.

Every wait is bounded in time; every loop in count.
"""

import base64
import contextlib
import hashlib
import hmac
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import psycopg2
import requests

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench import common

API = "/oms/api/v1"
# the whole OMS fixture: stock of one SKU spread over three warehouses, one
# channel per test so that their figures never mix
SETUP = r"""
import json, uuid
from odoo import Command
env = env(su=True)
env = env(context=dict(env.context, tracking_disable=True))
company = env.company
warehouses = env["stock.warehouse"].search([("company_id", "=", company.id)], limit=1)
for code in ("LDB", "LDC"):
    warehouses |= env["stock.warehouse"].create({"name": "Load " + code, "code": code})
jakarta = env.ref("base.state_id_jk")
for wh in warehouses:
    wh.partner_id.write({"street": "Jl. Gudang 1", "city": "Jakarta", "zip": "10110",
                         "state_id": jakarta.id, "country_id": env.ref("base.id").id})
spec = json.loads(SPEC)
products = {}
for sku, split in spec["stock"].items():
    product = env["product.product"].create({
        "name": "Load " + sku, "default_code": sku, "is_storable": True,
        "list_price": 100000, "taxes_id": [Command.clear()],
    })
    for wh, qty in zip(warehouses, split):
        if qty:
            env["stock.quant"]._update_available_quantity(product, wh.lot_stock_id, qty)
    products[sku] = product.id
workflow = env.ref("sale_automatic_workflow.automatic_validation")
users, keys, passwords = {}, {}, {}
for login in spec["users"]:
    password = uuid.uuid4().hex
    user = env["res.users"].create({
        "name": "Load " + login, "login": login, "password": password,
        "group_ids": [Command.set([env.ref("oms_omnichannel.group_oms_user").id,
                                   env.ref("stock.group_stock_user").id])],
    })
    users[login] = user.id
    passwords[login] = password
    keys[login] = env["res.users.apikeys"].with_user(user).sudo()._generate(None, "load", None)
channels, secrets = {}, {}
for code, opts in spec["channels"].items():
    secret = uuid.uuid4().hex
    channel = env["oms.channel"].create({
        "name": "Load " + code, "code": code, "channel_type": "web",
        "warehouse_id": warehouses[0].id,
        "allowed_warehouse_ids": [Command.set(warehouses.ids)],
        "workflow_process_id": workflow.id, "cod_workflow_process_id": workflow.id,
        "api_user_ids": [Command.set([users[login] for login in opts["api_users"]])],
        # every load order looks alike: the duplicate and velocity rules would hold
        # them all, and they are not what these tests are about
        "duplicate_window_minutes": 0, "velocity_limit": 0,
        "new_customer_limit": 0, "cod_limit": 0,
        "notify_customer": opts.get("notify", False), "notify_async": True,
        "webhook_url": opts.get("webhook_url") or False,
        "webhook_secret": secret,
    })
    channels[code] = channel.id
    secrets[code] = secret
for login, codes in spec["restrict"].items():
    env["res.users"].browse(users[login]).oms_channel_ids = [
        Command.set([channels[code] for code in codes])]
account_secret, partner_key = uuid.uuid4().hex, uuid.uuid4().hex
account = env["oms.marketplace.account"].create({
    "name": "Load Shopify", "platform": "shopify", "channel_id": channels[spec["mkt_channel"]],
    "base_url": "http://127.0.0.1:9", "webhook_secret": account_secret,
    "partner_key": partner_key, "access_token": uuid.uuid4().hex,
})
env.cr.commit()
print("LOAD_SETUP " + json.dumps({
    "products": products, "users": users, "keys": keys, "passwords": passwords,
    "channels": channels, "channel_secrets": secrets, "warehouse_ids": warehouses.ids,
    "account_id": account.id, "account_secret": account_secret, "partner_key": partner_key,
    "access_token": account.access_token,
}))
"""


def env_int(name, default):
    return int(os.environ.get(name) or default)


# ----------------------------------------------------------------------
# Payloads
# ----------------------------------------------------------------------


def order_payload(channel, ref, sku, index, qty=1, price=100000):
    """A complete, valid capture payload (full Indonesian address, paid in full)."""
    return {
        "channel": channel,
        "external_ref": ref,
        "order_date": "2026-03-01T10:00:00+07:00",
        "customer": {
            "name": f"Pelanggan {index}",
            "email": f"pelanggan{index}@example.com",
            "phone": f"0812{index:08d}",
        },
        "shipping_address": {
            "name": f"Pelanggan {index}",
            "street": f"Jl. Merdeka {index}",
            "city": "Jakarta Pusat",
            "state": "DKI Jakarta",
            "zip": "10110",
            "country": "ID",
            "phone": f"0812{index:08d}",
        },
        "lines": [{"sku": sku, "quantity": qty, "unit_price": price}],
        "shipping": {"fee": 0, "carrier": "jne", "service_level": "regular"},
        "payment": {"method": "bank_transfer", "status": "paid", "amount": qty * price},
        "notes": f"load order {ref}",
    }


# ----------------------------------------------------------------------
# Servers
# ----------------------------------------------------------------------


class Server:
    """One ``odoo-bin`` server (its own process group) on 127.0.0.1."""

    def __init__(self, db, log_path, workers=2):
        self.db, self.log_path, self.workers = db, log_path, workers
        self.port = common.free_port()
        self.proc = None

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout=120):
        cmd = [
            *common.odoo_cmd(
                self.db,
                f"--http-port={self.port}",
                f"--gevent-port={common.free_port()}",
                "--http-interface=127.0.0.1",
                f"--workers={self.workers}",
                "--max-cron-threads=0",
                f"--db-filter=^{self.db}$",
                "--log-level=info",
                f"--logfile={self.log_path}",
                "--limit-time-real=600",
            ),
            # after common's --load=base,web: queue_job's runner runs in the server
            "--load=base,web,queue_job",
        ]
        self.proc = subprocess.Popen(
            cmd,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"Odoo exited at start; see {self.log_path}")
            with contextlib.suppress(requests.RequestException):
                if requests.get(f"{self.url}/web/health", timeout=2).status_code == 200:
                    return self
            time.sleep(0.5)
        self.kill()
        raise RuntimeError(f"Odoo did not start in {timeout}s; see {self.log_path}")

    def kill(self):
        """SIGKILL the whole server (master, HTTP workers, job runner) at once."""
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=30)

    def stop(self):
        if not self.proc or self.proc.poll() is not None:
            return
        os.killpg(self.proc.pid, signal.SIGTERM)
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.kill()
        # workers left behind by the master
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, signal.SIGKILL)


# ----------------------------------------------------------------------
# HTTP
# ----------------------------------------------------------------------


def post(url, path, body, key=None, headers=None, timeout=180):
    """POST JSON (or raw bytes); return (status, parsed body or text)."""
    headers = dict(headers or {})
    if key:
        headers["Authorization"] = f"Bearer {key}"
    data = body if isinstance(body, bytes) else json.dumps(body).encode()
    headers.setdefault("Content-Type", "application/json")
    response = requests.post(f"{url}{path}", data=data, headers=headers, timeout=timeout)
    try:
        return response.status_code, response.json()
    except ValueError:
        return response.status_code, response.text


def jsonrpc(url, db, uid, password, model, method, *args, **kwargs):
    """execute_kw over /jsonrpc; return ("ok", result) or ("error", error name, message)."""
    response = requests.post(
        f"{url}/jsonrpc",
        json={
            "jsonrpc": "2.0",
            "method": "call",
            "params": {
                "service": "object",
                "method": "execute_kw",
                "args": [db, uid, password, model, method, list(args), kwargs],
            },
        },
        timeout=60,
    )
    body = response.json()
    if body.get("error"):
        data = body["error"].get("data", {})
        return "error", data.get("name", ""), data.get("message", "")
    return "ok", body["result"]


class WebhookReceiver:
    """An HTTP endpoint on 127.0.0.1 that records the OMS's outgoing webhooks."""

    def __init__(self):
        self.received = []
        self.lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(min(length, 1024 * 1024))
                with receiver.lock:
                    receiver.received.append((dict(self.headers), body))
                self.send_response(200)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/oms-webhook"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def for_channel(self, code):
        with self.lock:
            items = list(self.received)
        return [
            (headers, body)
            for headers, body in items
            if json.loads(body or b"{}").get("channel") == code
        ]

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


def oms_signature_ok(secret, headers, body):
    """The check a webhook consumer makes: HMAC-SHA256 of "<timestamp>.<body>"."""
    timestamp = headers.get("X-OMS-Timestamp", "")
    expected = hmac.new(
        secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256
    ).hexdigest()
    return hmac.compare_digest(headers.get("X-OMS-Signature", ""), "sha256=" + expected)


def shopify_signature(secret, body):
    return base64.b64encode(hmac.new(secret.encode(), body, hashlib.sha256).digest()).decode()


# ----------------------------------------------------------------------
# The session: database, fixture, servers
# ----------------------------------------------------------------------

SPEC = {
    # SKU -> units in each of the three warehouses
    "stock": {
        "LOAD-SKU": [40, 35, 25],
        "IDEM-SKU": [100000, 0, 0],
        "KILL-SKU": [100000, 0, 0],
        "FUZZ-SKU": [100000, 0, 0],
        "SEC-SKU": [1000, 0, 0],
    },
    "users": ["load_api", "user_a", "user_b"],
    "channels": {
        "LOAD": {"api_users": ["load_api"]},
        "IDEM": {"api_users": ["load_api"]},
        "IDEMREF": {"api_users": ["load_api"]},
        "KILL": {"api_users": ["load_api"], "notify": True, "webhook": True},
        "FUZZ": {"api_users": ["load_api"]},
        "SECA": {"api_users": ["user_a"], "webhook": True},
        "SECB": {"api_users": ["user_b"]},
        "MKT": {"api_users": []},
    },
    "restrict": {"user_a": ["SECA"], "user_b": ["SECB"]},
    "mkt_channel": "MKT",
}


class LoadSession:
    """Created once per pytest session; cleaned up when the session ends."""

    def __init__(self):
        self.db = os.environ.get("OMS_LOAD_DB") or f"oms_load_{os.getpid()}"
        self.log_dir = Path(tempfile.mkdtemp(prefix=f"{self.db}-logs-"))
        self.servers = []
        self._cluster = None
        self.receiver = WebhookReceiver()
        started = time.monotonic()
        template = os.environ.get("OMS_LOAD_TEMPLATE")
        if template:
            # local iterations: copy a database that already has the add-ons installed
            subprocess.run(["dropdb", "--if-exists", self.db], check=True)
            subprocess.run(["createdb", "-T", template, self.db], check=True)
        else:
            common.create_database(self.db, fresh=True)
        spec = json.loads(json.dumps(SPEC))
        for opts in spec["channels"].values():
            if opts.pop("webhook", False):
                opts["webhook_url"] = self.receiver.url
        code = f"SPEC = {json.dumps(json.dumps(spec))}\n" + SETUP
        out = common.odoo_shell(self.db, code)
        line = next(x for x in out.splitlines() if x.startswith("LOAD_SETUP "))
        self.data = json.loads(line[len("LOAD_SETUP ") :])
        self.setup_seconds = time.monotonic() - started
        print(
            f"\n# load database {self.db} ready in {self.setup_seconds:.0f}s, logs {self.log_dir}"
        )

    # -- servers -------------------------------------------------------

    def new_server(self, name, workers=2):
        server = Server(self.db, str(self.log_dir / f"{name}.log"), workers=workers)
        self.servers.append(server)
        return server

    def cluster(self):
        """Two Odoo servers with prefork workers on the same database, started once."""
        if self._cluster is None:
            workers = env_int("OMS_LOAD_WORKERS", 2)
            self._cluster = [self.new_server(f"node{i}", workers=workers).start() for i in (1, 2)]
        return [server.url for server in self._cluster]

    def log_files(self):
        return sorted(self.log_dir.glob("*.log"))

    def secrets(self):
        data = self.data
        return {
            **{f"api key of {login}": key for login, key in data["keys"].items()},
            **{f"password of {login}": pw for login, pw in data["passwords"].items()},
            **{f"webhook secret of {code}": s for code, s in data["channel_secrets"].items()},
            "marketplace webhook secret": data["account_secret"],
            "marketplace partner key": data["partner_key"],
            "marketplace access token": data["access_token"],
        }

    # -- database ------------------------------------------------------

    def sql(self, query, params=()):
        with contextlib.closing(psycopg2.connect(dbname=self.db)) as conn, conn.cursor() as cr:
            cr.execute(query, params)
            rows = cr.fetchall() if cr.description else []
            conn.commit()
            return rows

    def close(self):
        for server in self.servers:
            with contextlib.suppress(Exception):
                server.stop()
        self.receiver.close()
        if os.environ.get("OMS_KEEP_DB") != "1":
            # --force: a stopped server's last connections may not be closed yet
            subprocess.run(["dropdb", "--if-exists", "--force", self.db], check=False)
            shutil.rmtree(Path.home() / ".local/share/Odoo/filestore" / self.db, ignore_errors=True)


_SESSION = []


def load_session(config):
    """The session's LoadSession (made at first use, closed at pytest's exit)."""
    if not _SESSION:
        _SESSION.append(LoadSession())
        config.add_cleanup(_SESSION[0].close)
    return _SESSION[0]
