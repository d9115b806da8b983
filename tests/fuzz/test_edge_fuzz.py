"""Fuzzing of the edges of the OMS over HTTP (hypothesis): numbers, dates, nesting, methods.

Aimed at what JSON Schema fuzzing rarely produces: NaN and Infinity (not JSON, sent
raw), numbers beyond a float (``1e400``) or beyond any amount (``1e308``, a
400-digit integer), quantities below the unit's precision (``1e-9``, ``5e-324``),
order dates out of range (year 1 and 9999 with time zones), bodies nested thousands
deep or larger than 1 MB (with and without Content-Length), NUL characters, and the
methods a route does not serve (OPTIONS ran the handler). On the capture API
(single, batch with a valid companion order, address change), the returns API and
the portal return form.

Properties: no answer is a 5xx; every answer of ``/oms/api/v1`` is JSON; nothing is
written for a refused request (no order, return request or RMA for its reference,
the target order neither cancelled nor re-addressed); in a batch the valid companion
of a bad order is stored. ``OMS_FUZZ_EDGE_EXAMPLES`` (default 250 per API) bounds
the count, ``OMS_FUZZ_SECONDS`` (240) the time; the run is derandomized.
"""

import itertools
import json
import os
import re
import time

import requests
from bench import common
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from load.harness import API, env_int, order_payload, post

from .test_returns_fuzz import DELIVER, REASONS

MARK = "__EDGE__"
NUMBER_TOKENS = [
    "NaN",
    "Infinity",
    "-Infinity",
    "1e308",
    "-1e308",
    "1e400",
    "-1e400",
    "1" + "0" * 400,
    "1e-9",
    "-1e-9",
    "5e-324",
    "1e-300",
    "0.004",
    "-0.0",
    "1e6",
    "1000000.5",
    "1e12",
    "1.0000001e12",
    "12345678901234567890",
]
DATE_TOKENS = [
    "0001-01-01T00:00:00+01:00",
    "9999-12-31T23:59:59-01:00",
    "0001-01-01T00:00:00",
    "9999-12-31T23:59:59+14:00",
    "1969-12-31T23:59:59Z",
    "1970-01-01T00:00:00+00:01",
    "2100-12-31T23:59:59-01:00",
    "2101-01-01T00:00:00",
    "2026-02-30T00:00:00",
    "2026-03-01T10:00:00+23:59",
    "2026-03-01T10:00:00.123456789",
]
CAPTURE_NUMBERS = [
    ("lines", 0, "quantity"),
    ("lines", 0, "unit_price"),
    ("lines", 0, "discount"),
    ("shipping", "fee"),
    ("payment", "amount"),
    ("shipping_address", "latitude"),
    ("shipping_address", "longitude"),
]
NEST_FIELDS = [("notes",), ("lines", 0), ("customer", "name"), ("shipping_address",)]
DEPTHS = [31, 33, 100, 999, 1001, 5000, 200000]
METHODS = ["OPTIONS", "PUT", "PATCH", "DELETE", "GET"]


def _put(data, path, value):
    node = data
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = value


def raw(data, substitutions):
    """The JSON text of ``data`` with each path of ``substitutions`` written as its token."""
    data = json.loads(json.dumps(data))
    for index, (path, _token) in enumerate(substitutions):
        _put(data, path, f"{MARK}{index}")
    text = json.dumps(data)
    for index, (_path, token) in enumerate(substitutions):
        text = text.replace(json.dumps(f"{MARK}{index}"), token)
    return text.encode()


def nested(depth):
    return "[" * depth + "1" + "]" * depth


@st.composite
def edges(draw, numbers):
    """(kind, substitutions or extra): one edge case for a body with ``numbers`` paths."""
    kind = draw(st.sampled_from(["number", "number", "number", "date", "deep", "big", "nul"]))
    if kind == "number":
        count = draw(st.integers(1, 3))
        paths = draw(st.lists(st.sampled_from(numbers), min_size=count, max_size=count))
        return kind, [(path, draw(st.sampled_from(NUMBER_TOKENS))) for path in dict.fromkeys(paths)]
    if kind == "date":
        return kind, [(("order_date",), json.dumps(draw(st.sampled_from(DATE_TOKENS))))]
    if kind == "deep":
        return kind, draw(st.sampled_from(DEPTHS))
    if kind == "big":
        return kind, draw(st.sampled_from([1024 * 1024 + 1, 3 * 1024 * 1024]))
    return kind, draw(st.sampled_from(["\\u0000", "a\\u0000b"]))


def request(method, url, body=None, key=None, chunked=False, session=None):
    headers = {"Content-Type": "application/json"}
    if key:
        headers["Authorization"] = f"Bearer {key}"
    data = body
    if chunked and body is not None:

        def chunks(payload=body, size=64 * 1024):
            for start in range(0, len(payload), size):
                yield payload[start : start + size]

        data = chunks()
    response = (session or requests).request(method, url, data=data, headers=headers, timeout=180)
    try:
        answer = response.json()
    except ValueError:
        answer = None
    return response.status_code, answer, response


def assert_clean(status, answer, response, what):
    assert status < 500, (status, response.text[:500], what)
    if status >= 400:
        assert isinstance(answer, dict) and (answer.get("error") or answer.get("errors")), (
            status,
            response.headers.get("Content-Type"),
            response.text[:300],
            what,
        )


def body_for(kind, extra, payload):
    """The raw body of one edge case applied to ``payload``."""
    if kind in ("number", "date"):
        return raw(payload, extra)
    if kind == "deep":
        if extra >= 200000:
            return b"[" * extra
        field = NEST_FIELDS[extra % len(NEST_FIELDS)]
        try:
            return raw(payload, [(field, nested(extra))])
        except (KeyError, IndexError, TypeError):
            return raw(payload, [(("notes",), nested(extra))])
    if kind == "big":
        return raw(payload, [(("notes",), json.dumps("x" * extra))])
    field = ("customer", "name") if "customer" in payload else ("lines", 0, "sku")
    return raw(payload, [(field, f'"{extra}"')])


def summary(counts):
    return json.dumps({kind: dict(sorted(by.items())) for kind, by in sorted(counts.items())})


def test_capture_edge_fuzz(oms_load):
    db = oms_load
    urls = db.cluster()
    key = db.data["keys"]["load_api"]
    channel_id = db.data["channels"]["FUZZ"]
    # an order for the address changes and the methods
    target = "EDGE-TARGET"
    status, answer = post(
        urls[0], f"{API}/orders", order_payload("FUZZ", target, "FUZZ-SKU", index=400000), key=key
    )
    assert status in (200, 201), answer
    (target_shipping,) = db.sql(
        "SELECT partner_shipping_id FROM sale_order WHERE channel_id = %s AND external_ref = %s",
        (channel_id, target),
    )[0]
    examples = env_int("OMS_FUZZ_EDGE_EXAMPLES", 250)
    deadline = time.monotonic() + env_int("OMS_FUZZ_SECONDS", 240)
    counter = itertools.count()
    refused, created, counts = [], [], {}
    fives = []

    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        derandomize=os.environ.get("OMS_FUZZ_RANDOM") != "1",
        suppress_health_check=list(HealthCheck),
    )
    @given(
        edges(CAPTURE_NUMBERS),
        st.sampled_from(["single", "single", "batch", "address", "method"]),
        st.booleans(),
        st.sampled_from(METHODS),
    )
    def check(edge, route, chunked, method):
        if time.monotonic() > deadline:
            return
        number = next(counter)
        url = urls[number % len(urls)]
        kind, extra = edge
        ref = f"EDGE{number}"
        payload = order_payload("FUZZ", ref, "FUZZ-SKU", index=400001 + number)
        payload["shipping_address"].update(latitude=-6.2, longitude=106.8)
        body = body_for(kind, extra, payload)
        if route == "single":
            status, answer, response = request("POST", f"{url}{API}/orders", body, key, chunked)
            assert_clean(status, answer, response, (kind, body[:200]))
            (created if status == 201 else refused if status >= 400 else []).append(ref)
        elif route == "batch":
            companion = order_payload("FUZZ", f"{ref}-OK", "FUZZ-SKU", index=400001 + number)
            batch = b'{"orders": [' + json.dumps(companion).encode() + b", " + body + b"]}"
            status, answer, response = request(
                "POST", f"{url}{API}/orders/batch", batch, key, chunked
            )
            assert_clean(status, answer, response, (kind, body[:200]))
            if status == 200:
                slots = {slot["index"]: slot["status"] for slot in answer["results"]}
                assert slots[0] == 201, answer
                created.append(f"{ref}-OK")
                (created if slots[1] == 201 else refused).append(ref)
            else:
                refused.extend([ref, f"{ref}-OK"])
        elif route == "address":
            change = {"shipping_address": payload["shipping_address"]}
            numbers = [("shipping_address", "latitude"), ("shipping_address", "longitude")]
            if kind == "number":
                extra = [(path, token) for path, token in extra if path[0] == "shipping_address"]
                extra = extra or [(numbers[number % 2], NUMBER_TOKENS[number % 8])]
                change_body = raw(change, [(("shipping_address", *p[1:]), t) for p, t in extra])
            elif kind == "deep":
                change_body = raw(change, [(("shipping_address", "street"), nested(extra))])
            elif kind == "big":
                change_body = raw(
                    change, [(("shipping_address", "street"), '"' + "x" * extra + '"')]
                )
            else:
                change_body = raw(change, [(("shipping_address", "name"), '"\\u0000"')])
            status, answer, response = request(
                "POST", f"{url}{API}/orders/FUZZ/{target}/address", change_body, key, chunked
            )
            assert_clean(status, answer, response, (kind, change_body[:200]))
            if status == 200:
                kind = f"{kind}-accepted"
        else:
            path = [f"{API}/orders", f"{API}/orders/batch", f"{API}/orders/FUZZ/{target}/cancel"][
                number % 3
            ]
            status, answer, response = request(method, f"{url}{path}", body, key)
            assert_clean(status, answer, response, (method, path))
            assert status == 405, (method, path, status)
            refused.append(ref)
            kind = f"{method}"
        if status >= 500:
            fives.append((route, kind))
        counts.setdefault(f"{route}:{kind}", {}).setdefault(status, 0)
        counts[f"{route}:{kind}"][status] += 1

    check()
    total = sum(sum(by.values()) for by in counts.values())
    print(f"\n# edge fuzz capture: {total} requests, {len(fives)} x 5xx: {summary(counts)}")
    stored = {
        ref
        for (ref,) in db.sql(
            "SELECT external_ref FROM sale_order WHERE channel_id = %s", (channel_id,)
        )
    }
    assert not fives
    assert refused and created
    assert not [ref for ref in refused if ref in stored]
    assert set(created) <= stored
    # the target order was neither cancelled (OPTIONS/PUT/... on /cancel) nor re-addressed
    # by a refused change (accepted changes give it a new address with the same values)
    state, shipping = db.sql(
        "SELECT state, partner_shipping_id FROM sale_order "
        "WHERE channel_id = %s AND external_ref = %s",
        (channel_id, target),
    )[0]
    assert state != "cancel"
    assert shipping == target_shipping or counts_accepted(counts)
    empty = db.sql(
        "SELECT so.external_ref FROM sale_order so WHERE so.channel_id = %s AND NOT EXISTS "
        "(SELECT 1 FROM sale_order_line l WHERE l.order_id = so.id)",
        (channel_id,),
    )
    assert empty == []
    zero = db.sql(
        "SELECT so.external_ref FROM sale_order so JOIN sale_order_line l ON l.order_id = so.id "
        "WHERE so.channel_id = %s AND l.product_uom_qty <= 0 AND l.display_type IS NULL",
        (channel_id,),
    )
    assert zero == []


def counts_accepted(counts):
    return any(kind.endswith("-accepted") for kind in counts)


RETURN_NUMBERS = [("lines", 0, "quantity"), ("lines", 1, "quantity")]


def test_returns_and_portal_edge_fuzz(oms_load):
    db = oms_load
    urls = db.cluster()
    key = db.data["keys"]["load_api"]
    channel_id = db.data["channels"]["FUZZ"]
    refs = [f"EDGE-RET-{i}" for i in range(2)]
    for i, ref in enumerate(refs):
        status, answer = post(
            urls[0],
            f"{API}/orders",
            order_payload("FUZZ", ref, "FUZZ-SKU", index=500000, qty=3),
            key=key,
        )
        assert status in (200, 201), answer
        assert i == 0 or answer["id"]
    out = common.odoo_shell(db.db, f"REFS = {json.dumps(refs)}\n" + DELIVER)
    assert "DELIVERED 2 ['done']" in out, out
    # a portal user for the customer of those orders
    out = common.odoo_shell(
        db.db,
        f"REF = {json.dumps(refs[0])}\n"
        + r"""
from odoo import Command
env = env(su=True)
order = env["sale.order"].search([("external_ref", "=", REF)])
user = env["res.users"].with_context(no_reset_password=True).create({
    "name": "Edge portal", "login": "edge_portal", "password": "edge-portal-pw",
    "partner_id": order.partner_id.id,
    "group_ids": [Command.set([env.ref("base.group_portal").id])],
})
# the portal offers what a return policy of the channel covers (archived at the end)
env["oms.return.policy"].create({
    "name": "Edge fuzz", "channel_id": order.channel_id.id, "window_days": 30,
    "approval": "auto",
})
env.cr.commit()
print("PORTAL", user.partner_id.id, order.order_line.filtered("product_id").ids)
""",
    )
    partner_id, line_ids = re.search(r"PORTAL (\d+) (\[.*\])", out).groups()
    line_ids = json.loads(line_ids)

    def return_counts():
        return db.sql(
            "SELECT (SELECT count(*) FROM oms_return_request WHERE channel_id = %s), "
            "(SELECT count(*) FROM rma WHERE order_id IN "
            " (SELECT id FROM sale_order WHERE channel_id = %s))",
            (channel_id, channel_id),
        )[0]

    portal = requests.Session()
    page = portal.get(f"{urls[0]}/web/login", timeout=60)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    portal.post(
        f"{urls[0]}/web/login",
        data={"login": "edge_portal", "password": "edge-portal-pw", "csrf_token": token},
        timeout=60,
    )
    form = portal.get(f"{urls[0]}/my/returns/new", timeout=60)
    assert form.status_code == 200 and f"qty-{line_ids[0]}" in form.text, form.text[:300]
    form_token = re.search(r'name="csrf_token" value="([^"]+)"', form.text).group(1)

    examples = env_int("OMS_FUZZ_EDGE_EXAMPLES", 250)
    deadline = time.monotonic() + env_int("OMS_FUZZ_SECONDS", 240)
    counter = itertools.count()
    refused, accepted, counts, fives = [], [], {}, []
    portal_tokens = [*NUMBER_TOKENS, "inf", "-inf", "nan", "1e-9", "", "abc", "\u00b2"]

    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        derandomize=os.environ.get("OMS_FUZZ_RANDOM") != "1",
        suppress_health_check=list(HealthCheck),
    )
    @given(
        edges(RETURN_NUMBERS),
        st.sampled_from(["api", "api", "method", "portal"]),
        st.booleans(),
        st.sampled_from(METHODS),
        st.sampled_from(portal_tokens),
        st.sampled_from(["", "1", "9" * 30, "\u00b2", "-1"]),
    )
    def check(edge, route, chunked, method, portal_qty, portal_reason):
        if time.monotonic() > deadline:
            return
        number = next(counter)
        url = urls[number % len(urls)]
        kind, extra = edge
        reference = f"EDGE-R{number}"
        payload = {
            "channel": "FUZZ",
            "external_ref": refs[number % 2],
            "return_reference": reference,
            "lines": [
                {"sku": "FUZZ-SKU", "quantity": 1, "reason": REASONS[number % len(REASONS)]},
                {"sku": "FUZZ-SKU", "quantity": 1, "reason": REASONS[0]},
            ],
        }
        if kind == "date":
            kind, extra = "number", [(("lines", 0, "quantity"), "1e400")]
        if route == "portal":
            before = return_counts()
            line = line_ids[number % len(line_ids)]
            reason = portal_reason if portal_reason != "1" else str(number % 5 + 1)
            response = portal.post(
                f"{urls[0]}/my/returns/new",
                data={
                    "csrf_token": form_token,
                    f"qty-{line}": portal_qty,
                    f"reason-{line}": reason,
                },
                timeout=60,
                allow_redirects=False,
            )
            status = response.status_code
            assert status < 500, (status, portal_qty, reason, response.text[-300:])
            if status == 200:
                assert return_counts() == before, (portal_qty, reason)
            kind = "form"
        elif route == "api":
            body = body_for(kind, extra, payload)
            status, answer, response = request("POST", f"{url}{API}/returns", body, key, chunked)
            assert_clean(status, answer, response, (kind, body[:200]))
            (accepted if status == 201 else refused if status >= 400 else []).append(reference)
        else:
            status, answer, response = request(
                method, f"{url}{API}/returns", json.dumps(payload).encode(), key
            )
            assert_clean(status, answer, response, method)
            assert status == 405, (method, status)
            refused.append(reference)
            kind = method
        if status >= 500:
            fives.append((route, kind))
        counts.setdefault(f"{route}:{kind}", {}).setdefault(status, 0)
        counts[f"{route}:{kind}"][status] += 1

    try:
        check()
    finally:
        common.odoo_shell(
            db.db,
            'env = env(su=True)\nenv["oms.return.policy"].search([("name", "=", "Edge fuzz")])'
            ".active = False\nenv.cr.commit()\n",
        )
    total = sum(sum(by.values()) for by in counts.values())
    print(f"\n# edge fuzz returns+portal: {total} requests, {len(fives)} x 5xx: {summary(counts)}")
    stored = {
        ref
        for (ref,) in db.sql(
            "SELECT return_reference FROM oms_return_request WHERE channel_id = %s", (channel_id,)
        )
    }
    assert not fives
    assert refused
    assert not [ref for ref in refused if ref in stored]
    assert set(accepted) <= stored
    # never more returned than delivered, never a line of nothing
    over = db.sql(
        "SELECT rma.order_id FROM rma JOIN sale_order so ON so.id = rma.order_id "
        "WHERE so.channel_id = %s GROUP BY rma.order_id HAVING sum(rma.product_uom_qty) > 3",
        (channel_id,),
    )
    assert over == []
    zero = db.sql(
        "SELECT rma.id FROM rma JOIN sale_order so ON so.id = rma.order_id "
        "WHERE so.channel_id = %s AND rma.product_uom_qty <= 0",
        (channel_id,),
    )
    assert zero == []
    assert partner_id
