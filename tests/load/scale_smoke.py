"""By hand: the layout of docker-compose's ``scale`` profile, without Docker.

    OMS_LOAD_DB=oms_scale_smoke python tests/load/scale_smoke.py [--nginx PATH] [--orders 20]

Needs an nginx binary (``--nginx``, else the one on PATH); not part of the test
suite for that reason. On one machine, like the profile: two ``odoo-bin`` nodes
(2 workers each, ``--proxy-mode``, no job runner: ``--load=base,web``) sharing one
``--data-dir`` (filestore and sessions), ``docker/nginx.conf`` in front of them
(only the node addresses are replaced), and queue_job's runner alone in its own
process, calling ``/queue_job/runjob`` through nginx. It prints:

* which node served each request of one logged-in session (sessions shared);
* for orders captured through nginx on a channel with e-mails and a status
  webhook: the jobs done by the standalone runner and the node each ran on,
  and the signed webhooks received;
* websockets opened through nginx (``/websocket`` to the nodes' gevent ports)
  that all receive one bus notification.

Uses the load tests' fixture (``harness.LoadSession``: throwaway database, dropped
at the end unless ``OMS_KEEP_DB=1``). Every wait is bounded.
"""

import argparse
import collections
import contextlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psycopg2
import requests
import websocket

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench import common

from load.harness import (
    API,
    LoadSession,
    Server,
    oms_signature_ok,
    order_payload,
    post,
)

ROOT = Path(__file__).resolve().parents[2]
RUNNER = (
    "import sys\n"
    "from odoo.tools import config\n"
    "config.parse_config(sys.argv[1:])\n"
    "from odoo import netsvc\n"
    "netsvc.init_logger()\n"
    "from odoo.addons.queue_job.jobrunner.runner import QueueJobRunner\n"
    "QueueJobRunner.from_environ_or_config().run()\n"
)
# `python3 -m odoo.addons.queue_job.jobrunner` (the compose service) imports the
# add-on before it reads the configuration; on a source checkout the other
# add-ons are only importable after it, hence this equivalent two-step start.


def nginx_config(base, port, nodes):
    conf = (ROOT / "docker/nginx.conf").read_text()
    for index, node in enumerate(nodes, start=1):
        conf = conf.replace(f"odoo-web-{index}:8069", f"127.0.0.1:{node.port}")
        conf = conf.replace(f"odoo-web-{index}:8072", f"127.0.0.1:{node.gevent_port}")
    conf = conf.replace("listen 80", f"listen 127.0.0.1:{port}")
    (base / "default.conf").write_text(conf)
    temp = "\n".join(
        f"    {kind}_temp_path {base}/{kind};" for kind in ("client_body", "proxy", "fastcgi")
    )
    (base / "nginx.conf").write_text(
        f"pid {base}/nginx.pid;\nerror_log {base}/error.log;\nevents {{}}\nhttp {{\n"
        f"{temp}\n    uwsgi_temp_path {base}/uwsgi;\n    scgi_temp_path {base}/scgi;\n"
        "    log_format up '$request_method $uri $status $upstream_addr';\n"
        f"    access_log {base}/access.log up;\n    include {base}/default.conf;\n}}\n"
    )
    return base / "nginx.conf"


def served_by(base, nodes, since, path_prefix):
    names = {f"127.0.0.1:{node.port}": f"node{i}" for i, node in enumerate(nodes, start=1)}
    names.update(
        {f"127.0.0.1:{node.gevent_port}": f"node{i}" for i, node in enumerate(nodes, start=1)}
    )
    counts = collections.Counter()
    with (base / "access.log").open() as log:
        log.seek(since)
        for line in log:
            _method, uri, status, upstream = [*line.split(), "", "", "", ""][:4]
            if uri.startswith(path_prefix):
                counts[(names.get(upstream, upstream), status)] += 1
    return dict(counts)


def websocket_check(base, nodes, session, url, port, session_id, sockets_count=4):
    offset = (base / "access.log").stat().st_size
    channel = f"oms-smoke-{os.getpid()}"
    sockets = []
    try:
        for _ in range(sockets_count):
            ws = websocket.create_connection(
                f"ws://127.0.0.1:{port}/websocket?version=19.0-2",
                origin=url,
                cookie=f"session_id={session_id}",
                timeout=20,
            )
            ws.send(
                json.dumps({"event_name": "subscribe", "data": {"channels": [channel], "last": 0}})
            )
            sockets.append(ws)
        time.sleep(2)  # let the subscriptions reach the nodes' dispatchers
        bus_channel = json.dumps([session.db, channel], separators=(",", ":"))
        session.sql(
            "INSERT INTO bus_bus (channel, message, create_date, write_date) "
            "VALUES (%s, %s, now() at time zone 'utc', now() at time zone 'utc')",
            (bus_channel, json.dumps({"type": "oms_smoke", "payload": {"hello": "nodes"}})),
        )
        with contextlib.closing(psycopg2.connect(dbname="postgres")) as conn:
            conn.autocommit = True
            with conn.cursor() as cr:
                cr.execute("SELECT pg_notify('imbus', %s)", (f"[{bus_channel}]",))
        received = 0
        for ws in sockets:
            deadline = time.monotonic() + 20
            while time.monotonic() < deadline:
                notifications = json.loads(ws.recv() or "[]")
                if any(n.get("message", {}).get("type") == "oms_smoke" for n in notifications):
                    received += 1
                    break
    finally:
        for ws in sockets:
            with contextlib.suppress(Exception):
                ws.close()
    time.sleep(1)  # nginx logs a websocket when it closes
    print(f"websockets: {received} of {len(sockets)} received the bus notification")
    print(f"  /websocket served by {served_by(base, nodes, offset, '/websocket')}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--nginx", default=shutil.which("nginx"))
    parser.add_argument("--orders", type=int, default=20)
    args = parser.parse_args()
    if not args.nginx:
        sys.exit("no nginx: pass --nginx /path/to/nginx")
    base = Path(tempfile.mkdtemp(prefix="oms-scale-"))
    session = LoadSession()
    procs = []
    try:
        data_dir = base / "odoo-data"
        nodes = []
        for index in (1, 2):
            gevent_port = common.free_port()
            node = Server(
                session.db,
                str(session.log_dir / f"scale-node{index}.log"),
                workers=2,
                extra_args=[
                    "--proxy-mode",
                    f"--data-dir={data_dir}",
                    f"--gevent-port={gevent_port}",
                ],
                load="base,web",
            )
            node.gevent_port = gevent_port
            session.servers.append(node)
            nodes.append(node.start())
        port = common.free_port()
        conf = nginx_config(base, port, nodes)
        subprocess.run([args.nginx, "-t", "-p", str(base), "-c", str(conf)], check=True)
        procs.append(
            subprocess.Popen([args.nginx, "-p", str(base), "-c", str(conf), "-g", "daemon off;"])
        )
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if requests.get(f"{url}/web/health", timeout=2).status_code == 200:
                    break
            except requests.RequestException:
                time.sleep(0.3)
        runner_log = (session.log_dir / "scale-runner.log").open("w")
        procs.append(
            subprocess.Popen(
                [
                    sys.executable,
                    "-c",
                    RUNNER,
                    "-c",
                    str(ROOT / "odoo.conf"),
                    f"--addons-path={common.addons_path()}",
                    f"--database={session.db}",
                    "--log-level=info",
                ],
                env=dict(
                    os.environ,
                    ODOO_QUEUE_JOB_SCHEME="http",
                    ODOO_QUEUE_JOB_HOST="127.0.0.1",
                    ODOO_QUEUE_JOB_PORT=str(port),
                ),
                stdout=runner_log,
                stderr=subprocess.STDOUT,
            )
        )

        # 1. one session, many requests, both nodes
        offset = (base / "access.log").stat().st_size
        browser = requests.Session()
        login = browser.post(
            f"{url}/web/session/authenticate",
            json={
                "jsonrpc": "2.0",
                "params": {
                    "db": session.db,
                    "login": "load_api",
                    "password": session.data["passwords"]["load_api"],
                },
            },
            timeout=60,
        ).json()
        uid = login["result"]["uid"]
        uids = [
            browser.post(
                f"{url}/web/session/get_session_info",
                json={"jsonrpc": "2.0", "params": {}},
                timeout=60,
            ).json()["result"]["uid"]
            for _ in range(12)
        ]
        print(f"session: logged in as uid {uid}; 12 calls answered uid {set(uids)}")
        print(f"  served by {served_by(base, nodes, offset, '/web/session/get_session_info')}")

        # 2. captures through nginx; their jobs run by the standalone runner
        offset = (base / "access.log").stat().st_size
        key = session.data["keys"]["load_api"]
        started = time.monotonic()
        for index in range(args.orders):
            payload = order_payload("KILL", f"SCALE-{index}", "KILL-SKU", index=700000 + index)
            status, body = post(url, f"{API}/orders", payload, key=key)
            assert status == 201, (status, body)
        print(f"captured {args.orders} orders through nginx in {time.monotonic() - started:.1f}s")
        print(f"  served by {served_by(base, nodes, offset, API + '/orders')}")
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            open_jobs = session.sql(
                "SELECT count(*) FROM queue_job WHERE state NOT IN ('done', 'failed', 'cancelled')"
            )[0][0]
            if not open_jobs:
                break
            time.sleep(1)
        jobs = dict(session.sql("SELECT state, count(*) FROM queue_job GROUP BY state"))
        print(f"jobs after {time.monotonic() - started:.1f}s: {jobs}")
        print(
            f"  /queue_job/runjob served by {served_by(base, nodes, offset, '/queue_job/runjob')}"
        )
        secret = session.data["channel_secrets"]["KILL"]
        hooks = session.receiver.for_channel("KILL")
        signed = sum(oms_signature_ok(secret, headers, body) for headers, body in hooks)
        print(f"status webhooks received: {len(hooks)}, correctly signed: {signed}")
        runner_text = (session.log_dir / "scale-runner.log").read_text(errors="replace")
        print(f"runner log: {len(re.findall('asking Odoo to run job', runner_text))} jobs asked")

        # 3. /websocket through nginx to both nodes' gevent ports; a bus notification
        #    (a bus_bus row + NOTIFY imbus, what any node's commit does) reaches both
        websocket_check(base, nodes, session, url, port, browser.cookies["session_id"])
    finally:
        for proc in reversed(procs):
            proc.terminate()
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
        session.close()
        shutil.rmtree(base, ignore_errors=True)
        print(f"logs kept in {session.log_dir}")


if __name__ == "__main__":
    main()
