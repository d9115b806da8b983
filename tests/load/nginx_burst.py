"""By hand: bursts and slow clients, straight at Odoo and through docker/nginx.conf.

    OMS_LOAD_DB=oms_nginx_burst python tests/load/nginx_burst.py [--nginx PATH]
        [--burst 400] [--slow 3] [--slow-seconds 25]

Needs an nginx binary (``--nginx``, else the one on PATH; Debian: ``apt-get
install nginx``), so it is not part of the test suite, like ``scale_smoke.py``.
One ``odoo-bin`` node with 2 prefork workers (Odoo's listen backlog is then
8 x 2 = 16) and the production profile's ``docker/nginx.conf`` in front of it
(only the addresses are replaced). For each of the two targets, Odoo and nginx:

* **burst**: ``--burst`` connections opened at the same instant (a barrier
  releases the threads), each sending one ``GET /oms/api/v1/orders/<channel>/<ref>``
  with the API key; counted: connections reset or refused by the kernel,
  answers by status, the slowest answer;
* **slow clients**: ``--slow`` clients each send a capture request at 1 byte
  per second (they never finish within the run); meanwhile a normal client asks
  the API once a second (5 s timeout): counted how many of its calls were answered.

Exit status 1 when, through nginx, a connection was reset, a burst request was
not answered 200, or the API did not answer every call during the slow clients.
The figures straight at Odoo are printed for comparison, not judged.
Uses the load tests' fixture (``harness.LoadSession``: throwaway database, dropped
at the end unless ``OMS_KEEP_DB=1``). Every wait is bounded.
"""

import argparse
import collections
import contextlib
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench import common

from load.harness import API, LoadSession, Server, order_payload, post
from load.scale_smoke import nginx_config


def burst(port, path, key, count, timeout=180):
    """``count`` simultaneous connections, one GET each; a Counter of outcomes."""
    request = (
        f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {key}\r\n"
        "Connection: close\r\n\r\n"
    ).encode()
    barrier = threading.Barrier(count)
    outcomes = collections.Counter()
    slowest = [0.0]
    lock = threading.Lock()

    def one():
        try:
            barrier.wait(timeout=60)
        except threading.BrokenBarrierError:
            outcome = "barrier"
        else:
            started = time.monotonic()
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
                    sock.sendall(request)
                    data = b""
                    while b"\r\n" not in data:
                        chunk = sock.recv(4096)
                        if not chunk:
                            break
                        data += chunk
                outcome = data.split(b" ", 2)[1].decode() if data else "closed without answer"
            except ConnectionResetError:
                outcome = "reset"
            except ConnectionRefusedError:
                outcome = "refused"
            except TimeoutError:
                outcome = "timeout"
            except OSError as exc:
                outcome = type(exc).__name__
            with lock:
                slowest[0] = max(slowest[0], time.monotonic() - started)
        with lock:
            outcomes[outcome] += 1

    threads = [threading.Thread(target=one, daemon=True) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout + 90)
    return outcomes, slowest[0]


def slow_clients(port, key, count, seconds, probe_url, probe_path):
    """``count`` clients trickling a POST at 1 byte/s while a probe asks the API."""
    head = (
        f"POST {API}/orders HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {key}\r\n"
        "Content-Type: application/json\r\nContent-Length: 100000\r\n\r\n"
    ).encode()
    stop = threading.Event()
    trickle = collections.Counter()

    def client():
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
                for index in range(len(head)):
                    if stop.is_set():
                        return
                    sock.sendall(head[index : index + 1])
                    trickle["bytes"] += 1
                    time.sleep(1)
        except OSError as exc:
            trickle[type(exc).__name__] += 1

    threads = [threading.Thread(target=client, daemon=True) for _ in range(count)]
    for thread in threads:
        thread.start()
    time.sleep(3)  # the slow clients are connected and trickling
    answered, asked, worst = 0, 0, 0.0
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        asked += 1
        started = time.monotonic()
        with contextlib.suppress(requests.RequestException):
            response = requests.get(
                f"{probe_url}{probe_path}", headers={"Authorization": f"Bearer {key}"}, timeout=5
            )
            if response.status_code == 200:
                answered += 1
        worst = max(worst, time.monotonic() - started)
        time.sleep(max(0.0, 1 - (time.monotonic() - started)))
    stop.set()
    for thread in threads:
        thread.join(15)
    return answered, asked, worst, dict(trickle)


def settle(url, timeout=300):
    """Wait until Odoo answers its health check at once again (bounded)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        started = time.monotonic()
        with contextlib.suppress(requests.RequestException):
            requests.get(f"{url}/web/health", timeout=5)
            if time.monotonic() - started < 0.5:
                return
        time.sleep(1)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--nginx", default=shutil.which("nginx") or "/usr/sbin/nginx")
    parser.add_argument("--burst", type=int, default=400)
    parser.add_argument("--slow", type=int, default=3)
    parser.add_argument("--slow-seconds", type=int, default=25)
    args = parser.parse_args()
    if not Path(args.nginx).exists():
        sys.exit("no nginx: pass --nginx /path/to/nginx (Debian: apt-get install nginx)")
    base = Path(tempfile.mkdtemp(prefix="oms-nginx-burst-"))
    session = LoadSession()
    nginx = None
    failures = []
    try:
        gevent_port = common.free_port()
        node = Server(
            session.db,
            str(session.log_dir / "burst-node.log"),
            workers=2,
            extra_args=["--proxy-mode", f"--gevent-port={gevent_port}"],
            load="base,web",
        )
        node.gevent_port = gevent_port
        session.servers.append(node)
        node.start()
        port = common.free_port()
        # one node: both upstream slots point at it
        conf = nginx_config(base, port, [node, node])
        # room for the burst (the image's default is 1024 per worker)
        conf.write_text(
            conf.read_text().replace("events {}", "events { worker_connections 4096; }")
        )
        subprocess.run([args.nginx, "-t", "-q", "-p", str(base), "-c", str(conf)], check=True)
        nginx = subprocess.Popen(
            [args.nginx, "-p", str(base), "-c", str(conf), "-g", "daemon off;"]
        )
        nginx_url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            with contextlib.suppress(requests.RequestException):
                if requests.get(f"{nginx_url}/web/health", timeout=2).status_code == 200:
                    break
            time.sleep(0.3)

        key = session.data["keys"]["user_a"]
        status, body = post(
            node.url, f"{API}/orders", order_payload("SECA", "BURST-1", "SEC-SKU", 900001), key=key
        )
        assert status in (200, 201), body
        path = f"{API}/orders/SECA/BURST-1"
        print(f"one Odoo node, 2 workers (listen backlog 16); nginx {args.nginx}")

        # nginx first: the burst straight at Odoo leaves its workers busy for a
        # while with the requests of clients that are long gone
        for name, target_port in (("nginx", port), ("odoo", node.port)):
            settle(node.url)
            outcomes, slowest = burst(target_port, path, key, args.burst)
            print(
                f"burst of {args.burst} connections -> {name}: {dict(outcomes)}, "
                f"slowest answer {slowest:.1f}s"
            )
            if name == "nginx" and outcomes.get("200", 0) != args.burst:
                failures.append(f"burst through nginx: {dict(outcomes)}")
            time.sleep(3)

        for name, target_port, url in (
            ("nginx", port, nginx_url),
            ("odoo", node.port, node.url),
        ):
            settle(node.url)
            answered, asked, worst, trickle = slow_clients(
                target_port, key, args.slow, args.slow_seconds, url, path
            )
            print(
                f"{args.slow} clients at 1 byte/s -> {name}: the API answered {answered}/{asked} "
                f"calls (5 s timeout), slowest {worst:.1f}s; trickled {trickle}"
            )
            if name == "nginx" and answered != asked:
                failures.append(f"API through nginx during slow clients: {answered}/{asked}")
        errors = collections.Counter()
        with contextlib.suppress(OSError), (base / "error.log").open() as log:
            for line in log:
                if "[error]" in line or "[warn]" in line:
                    message = line.split("] ", 1)[-1].split(", client:")[0]
                    errors[re.sub(r"^\d+#\d+: (\*\d+ )?", "", message)[:80]] += 1
        print(f"nginx error log: {dict(errors.most_common(5))}")
    finally:
        if nginx:
            nginx.terminate()
            with contextlib.suppress(subprocess.TimeoutExpired):
                nginx.wait(10)
        session.close()
        shutil.rmtree(base, ignore_errors=True)
    if failures:
        print("FAILED: " + "; ".join(failures))
        sys.exit(1)
    print("OK: 0 resets through nginx, every burst request answered, API answering")


if __name__ == "__main__":
    main()
