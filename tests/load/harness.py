"""Plumbing of the reliability, security and load tests.

One throwaway database per pytest session (``oms_load_<pid>``) with the three
OMS add-ons and a fixture made by ``odoo-bin shell`` (warehouses, stock,
channels, API users and keys, a marketplace account), real Odoo servers
started with ``odoo-bin`` on 127.0.0.1 (prefork workers; queue_job's runner in
the server, or as a process of its own in front of the two-node cluster), an
HTTP receiver for the outgoing webhooks (it can hold its answers, a slow
consumer), and direct SQL reads of the outcome. ``tests/fuzz`` uses the same session.

``scripts/test`` hands the session a copy of the database it has just installed
(``OMS_LOAD_TEMPLATE``), so the add-ons are installed once per run.

Sizes: CI runs each test at the smallest size that still proves its property
(see each test's docstring); ``OMS_LOAD_SIZE=full`` runs them all at the sizes
the README's Guarantees cite (oversell 2,000 orders, idempotency 500 x 3, import
memory 10,000, ...); a test's own variable (``OMS_LOAD_ORDERS``...) wins over both.

Every wait is bounded in time; every loop in count.
"""

import base64
import configparser
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


# OMS_LOAD_SIZE=full: every load test at its full size
FULL_SIZE = os.environ.get("OMS_LOAD_SIZE") in ("full", "issue")


def load_size(name, ci, full):
    """A load test's size: the environment variable ``name`` when set, otherwise
    ``full`` under ``OMS_LOAD_SIZE=full``, otherwise ``ci`` (what CI runs)."""
    return env_int(name, full if FULL_SIZE else ci)


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


def odoo_conf():
    conf = configparser.ConfigParser(interpolation=None)
    conf.read(common.ROOT / "odoo.conf")
    return conf


def server_wide_modules(runner=True):
    """odoo.conf's server_wide_modules, without queue_job when ``runner`` is false."""
    modules = [m.strip() for m in odoo_conf()["options"]["server_wide_modules"].split(",")]
    return ",".join(m for m in modules if runner or m != "queue_job")


class Server:
    """One ``odoo-bin`` server (its own process group) on 127.0.0.1."""

    def __init__(self, db, log_path, workers=2, runner=True, env=None, extra_args=(), load=None):
        self.db, self.log_path, self.workers = db, log_path, workers
        # extra_args: more odoo-bin options; load: an explicit --load (default: the
        # server-wide modules of odoo.conf, see below)
        self.extra_args, self.load = list(extra_args), load
        # runner: queue_job's runner in the server (a worker of the prefork
        # master); without it, jobs need a dedicated runner process (JobRunner)
        self.runner = runner
        # env: e.g. PGHOST/PGPORT of a private PostgreSQL cluster
        self.env = env
        self.port = common.free_port()
        self.gevent_port = common.free_port()
        self.proc = None

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout=120, wait_gevent=False):
        """Start; return once the HTTP workers answer (``wait_gevent``: and the
        gevent worker, a second ``odoo-bin`` the master starts after them)."""
        cmd = [
            *common.odoo_cmd(
                self.db,
                f"--http-port={self.port}",
                f"--gevent-port={self.gevent_port}",
                "--http-interface=127.0.0.1",
                f"--workers={self.workers}",
                "--max-cron-threads=0",
                f"--db-filter=^{self.db}$",
                "--log-level=info",
                f"--logfile={self.log_path}",
                "--limit-time-real=600",
                *self.extra_args,
            ),
            # after common's --load=base,web: the server-wide modules of odoo.conf,
            # queue_job (its runner) only when this server runs the jobs itself
            "--load=" + (self.load or server_wide_modules(runner=self.runner)),
        ]
        self.proc = subprocess.Popen(
            cmd,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
            env={
                **os.environ,
                # queue_job starts its runner in any server that imports it before
                # the prefork master is made, and oms_omnichannel (server-wide)
                # imports it: a root capacity of 0 is queue_job's switch to keep
                # the runner out of this server
                **({} if self.runner else {"ODOO_QUEUE_JOB_CHANNELS": "root:0"}),
                **(self.env or {}),
            },
        )
        deadline = time.monotonic() + timeout
        ports = [self.port, *([self.gevent_port] if wait_gevent else [])]
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"Odoo exited at start; see {self.log_path}")
            with contextlib.suppress(requests.RequestException):
                url = f"http://127.0.0.1:{ports[0]}/web/health"
                if requests.get(url, timeout=2).status_code == 200:
                    ports.pop(0)
                    if not ports:
                        return self
                    continue
            time.sleep(0.2)
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


class RoundRobinProxy:
    """What a load balancer does for the job runner: each ``/queue_job/runjob``
    call goes to the next HTTP node, and the call is held until the node answers
    even when the runner has stopped waiting (it waits 1 s and moves on)."""

    def __init__(self, urls):
        self.urls = list(urls)
        self.calls = dict.fromkeys(self.urls, 0)
        self.lock = threading.Lock()
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                with proxy.lock:
                    url = proxy.urls[sum(proxy.calls.values()) % len(proxy.urls)]
                    proxy.calls[url] += 1
                headers = {
                    name: value
                    for name, value in self.headers.items()
                    if name.lower() in ("x-odoo-database", "authorization")
                }
                try:
                    response = requests.get(url + self.path, headers=headers, timeout=600)
                    status, body = response.status_code, response.content
                except requests.RequestException:
                    status, body = 502, b"bad gateway"
                with contextlib.suppress(OSError):
                    self.send_response(status)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


class JobRunner:
    """queue_job's runner as a process of its own (``scripts/jobrunner``), in front
    of HTTP nodes that run without it (``Server(runner=False)``), as in production:

        ODOO_QUEUE_JOB_HOST=<load balancer> ODOO_QUEUE_JOB_PORT=<its port> \\
            scripts/jobrunner -d <db>
    """

    def __init__(self, db, log_path, urls):
        self.db, self.log_path = db, log_path
        self.proxy = RoundRobinProxy(urls)
        self.proc = None

    def start(self, timeout=60):
        offset = common.log_size(self.log_path)
        cmd = [
            str(common.ROOT / "scripts" / "jobrunner"),
            "-d",
            self.db,
            f"--db-filter=^{self.db}$",
            "--log-level=info",
            f"--logfile={self.log_path}",
        ]
        env = {
            **os.environ,
            "OMS_VENV": os.environ.get("OMS_VENV") or str(Path(sys.executable).parents[1]),
            "ODOO_QUEUE_JOB_HOST": "127.0.0.1",
            "ODOO_QUEUE_JOB_PORT": str(self.proxy.port),
        }
        self.proc = subprocess.Popen(
            cmd,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
            env=env,
        )
        # ready once it holds the database's master lock and listens
        ready = f"queue job runner ready for db {self.db}"
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"the job runner exited at start; see {self.log_path}")
            with contextlib.suppress(FileNotFoundError):
                with open(self.log_path, encoding="utf-8", errors="replace") as log:
                    log.seek(offset)
                    if ready in log.read():
                        return self
            time.sleep(0.3)
        self.stop()
        raise RuntimeError(f"the job runner was not ready in {timeout}s; see {self.log_path}")

    def stop(self):
        if not self.proc or self.proc.poll() is not None:
            return
        os.killpg(self.proc.pid, signal.SIGTERM)
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=30)

    def close(self):
        self.stop()
        self.proxy.close()

    def dispatched(self):
        """UUIDs of the jobs this runner asked the nodes to run (from its log)."""
        marker = "asking Odoo to run job "
        uuids = set()
        with open(self.log_path, encoding="utf-8", errors="replace") as log:
            for line in log:
                if marker in line:
                    uuids.add(line.split(marker, 1)[1].split()[0])
        return uuids


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
        # channel code -> seconds to hold each answer (a slow consumer), and the
        # number of requests being held right now
        self.delay = {}
        self.held = {}  # requests being held: id(handler) -> (X-OMS-Delivery, since)
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(min(length, 1024 * 1024))
                delay = 0
                with receiver.lock:
                    receiver.received.append((dict(self.headers), body))
                    with contextlib.suppress(ValueError, AttributeError):
                        delay = receiver.delay.get(json.loads(body).get("channel"), 0)
                    if delay:
                        receiver.held[id(self)] = (
                            self.headers.get("X-OMS-Delivery"),
                            time.monotonic(),
                        )
                if delay:
                    time.sleep(delay)
                    with receiver.lock:
                        receiver.held.pop(id(self), None)
                # the sender may be gone (killed) by now
                with contextlib.suppress(OSError):
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

    def holding(self, younger_than):
        """X-OMS-Delivery of the requests held for less than ``younger_than`` seconds."""
        now = time.monotonic()
        with self.lock:
            return {
                delivery for delivery, since in self.held.values() if now - since < younger_than
            }

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
        "PGR-SKU": [100000, 0, 0],
        "RUN-SKU": [100000, 0, 0],
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
        "PGR": {"api_users": ["load_api"]},
        "RUN": {"api_users": ["load_api"], "notify": True, "webhook": True},
    },
    "restrict": {"user_a": ["SECA"], "user_b": ["SECB"]},
    # the marketplace account of the security tests: on user_a's channel (user_a may
    # read the account but not its credentials; user_b, of another channel, nothing)
    "mkt_channel": "SECA",
}


class LoadSession:
    """Created once per pytest session; cleaned up when the session ends."""

    def __init__(self):
        # OMS_LOAD_DB: a name of your own (parallel runs on a shared server)
        self.db = os.environ.get("OMS_LOAD_DB") or f"oms_load_{os.getpid()}"
        self.log_dir = Path(tempfile.mkdtemp(prefix=f"{self.db}-logs-"))
        self.servers = []
        self._cluster = None
        self.runner = None
        self.receiver = WebhookReceiver()
        started = time.monotonic()
        template = os.environ.get("OMS_LOAD_TEMPLATE")
        if template:
            # a copy of a database that already has the add-ons installed and was
            # never used (scripts/test makes one of its own right after installing)
            subprocess.run(["dropdb", "--if-exists", self.db], check=True)
            subprocess.run(["createdb", "-T", template, self.db], check=True)
            filestore = Path.home() / ".local/share/Odoo/filestore"
            if (filestore / template).is_dir():
                shutil.copytree(filestore / template, filestore / self.db, dirs_exist_ok=True)
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

    def new_server(self, name, workers=2, runner=True, env=None, db=None):
        server = Server(
            db or self.db,
            str(self.log_dir / f"{name}.log"),
            workers=workers,
            runner=runner,
            env=env,
        )
        self.servers.append(server)
        return server

    def cluster(self):
        """Two Odoo servers with prefork workers on the same database, started once,
        and queue_job's runner as a third process that sends the jobs to both."""
        if self._cluster is None:
            workers = env_int("OMS_LOAD_WORKERS", 2)
            self._cluster = [
                self.new_server(f"node{i}", workers=workers, runner=False).start() for i in (1, 2)
            ]
            self.runner = JobRunner(
                self.db,
                str(self.log_dir / "jobrunner.log"),
                [server.url for server in self._cluster],
            ).start()
        return [server.url for server in self._cluster]

    @contextlib.contextmanager
    def runner_paused(self):
        """Stop the dedicated job runner for a test whose own server runs the jobs.

        One runner per database: queue_job elects it with a PostgreSQL advisory
        lock, so a server's built-in runner stays idle while the dedicated one runs.
        """
        running = self.runner is not None and self.runner.proc.poll() is None
        if running:
            self.runner.stop()
        try:
            yield
        finally:
            if running:
                self.runner.start()

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
        if self.runner:
            with contextlib.suppress(Exception):
                self.runner.close()
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
