"""A real HTTP server on 127.0.0.1 that plays a marketplace platform in tests.

Each platform fake subclasses :class:`FakePlatform` and implements ``route``.
The base class starts a ``ThreadingHTTPServer`` on an ephemeral port inside a
context manager, replays scripted faults (N answers of 429 with Retry-After, or
500, or answers held past the client's timeout) before the real answer, and keeps
what clients sent for assertions.
"""

import contextlib
import json
import random
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit


@dataclass
class FakeRequest:
    method: str
    path: str
    query: dict
    headers: dict
    body: bytes

    def json(self):
        return json.loads(self.body or b"{}")

    def form(self):
        return dict(parse_qsl(self.body.decode("utf-8"), keep_blank_values=True))


@dataclass
class FakeResponse:
    status: int = 200
    body: object = None
    headers: dict = field(default_factory=dict)


class FakePlatform:
    """Base of the platform fakes: lifecycle, fault injection, request log."""

    def __init__(self, orders=()):
        self.orders = list(orders)
        self.requests = []
        self.faults_sent = 0
        self.stock_updates = []
        self.shipments = []
        self.cancellations = []
        self._faults = []
        self._random_faults = None
        # a "timeout" fault holds its answer this long (longer than the client waits)
        self.timeout_delay = 3.0
        self.faults_by_kind = {}
        self._lock = threading.Lock()
        self._server = None
        self._thread = None
        self.base_url = None

    # -- scripting ----------------------------------------------------------

    def fail_next(self, count, status=429, retry_after="7"):
        """Answer the next ``count`` requests with ``status`` before behaving;
        ``status="timeout"``: answer them only after ``timeout_delay`` seconds."""
        with self._lock:
            self._faults.extend([(status, retry_after)] * count)

    def fail_randomly(self, rate, statuses=(429, 503), retry_after="1", seed=0):
        """Answer a share ``rate`` of the requests (after the scripted faults) with
        one of ``statuses``; a seeded draw, so repeatable. 429 and 503 carry a
        Retry-After header, 500 is a plain server error, ``"timeout"`` answers
        normally but only after ``timeout_delay`` seconds (the client has given up).
        ``rate=0`` stops it."""
        with self._lock:
            self._random_faults = (
                (rate, tuple(statuses), retry_after, random.Random(seed)) if rate else None
            )

    def _take_fault(self):
        with self._lock:
            if self._faults:
                return self._faults.pop(0)
            if self._random_faults:
                rate, statuses, retry_after, draw = self._random_faults
                if draw.random() < rate:
                    return draw.choice(statuses), retry_after, True
            return None

    def fault_body(self, status):
        return {"error": "fault", "message": f"scripted HTTP {status}"}

    # -- lifecycle ----------------------------------------------------------

    def __enter__(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def _serve(self):
                fake._dispatch(self)

            do_GET = do_POST = do_PUT = do_DELETE = _serve

            def log_message(self, *args):
                """Keep the test output quiet."""

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        host, port = self._server.server_address
        self.base_url = f"http://{host}:{port}"
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)
        return False

    # -- plumbing -----------------------------------------------------------

    def _dispatch(self, handler):
        parts = urlsplit(handler.path)
        length = int(handler.headers.get("Content-Length") or 0)
        request = FakeRequest(
            method=handler.command,
            path=parts.path,
            query=dict(parse_qsl(parts.query, keep_blank_values=True)),
            headers={k.lower(): v for k, v in handler.headers.items()},
            body=handler.rfile.read(length) if length else b"",
        )
        with self._lock:
            self.requests.append(request)
        fault = self._take_fault()
        if fault:
            status, retry_after, *random_fault = fault
            with self._lock:
                self.faults_sent += 1
                self.faults_by_kind[status] = self.faults_by_kind.get(status, 0) + 1
        if fault and status == "timeout":
            time.sleep(self.timeout_delay)
            response = self.route(request)
        elif fault:
            # a scripted fault sends Retry-After on 429 only; a random one on 429/503
            throttled = status == 429 or (bool(random_fault) and status == 503)
            headers = {"Retry-After": retry_after} if throttled and retry_after else {}
            response = FakeResponse(status, self.fault_body(status), headers)
        else:
            response = self.route(request)
        payload = json.dumps(response.body).encode("utf-8")
        # the client may have given up waiting (timeout fault)
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            handler.send_response(response.status)
            handler.send_header("Content-Type", "application/json")
            handler.send_header("Content-Length", str(len(payload)))
            for key, value in response.headers.items():
                handler.send_header(key, value)
            handler.end_headers()
            handler.wfile.write(payload)

    def route(self, request):  # pragma: no cover - each fake implements it
        raise NotImplementedError
