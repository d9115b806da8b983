"""Property-based fuzzing of the returns API over HTTP (hypothesis).

A few orders of channel FUZZ are captured through the API and delivered (one
``odoo-bin shell``), so that returns can succeed. Payloads follow the body of
``POST /oms/api/v1/returns`` (addons/oms_returns/controllers/main.py), half of the
time aimed at those delivered orders with real reason codes, plus malformed
variants: a key removed, a value replaced by arbitrary JSON, a line broken,
arbitrary JSON documents, bytes that are not JSON, and replays of an earlier body
(same reference, same or changed content).

Properties: no answer is a 5xx; no return request nor RMA exists for a return
reference that was refused with a 4xx; every 201 has its request and RMAs; a replay
answers 200 with the same content and 409 with other content.
``OMS_FUZZ_RETURN_EXAMPLES`` (default 150) bounds the count, ``OMS_FUZZ_SECONDS``
(240) the time; the run is derandomized (set ``OMS_FUZZ_RANDOM=1`` to explore).
"""

import itertools
import json
import os
import time

from bench import common
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from load.harness import API, env_int, order_payload, post

from .test_capture_fuzz import JSON_VALUES

ORDERS = 6
REASONS = ["damaged", "wrong_item", "not_as_described", "changed_mind", "size_fit"]

# deliver the captured orders in full (one shell for all of them)
DELIVER = r"""
from odoo import fields
env = env(su=True)
orders = env["sale.order"].search([("external_ref", "in", REFS)])
assert len(orders) == len(REFS), orders.mapped("external_ref")
for picking in orders.picking_ids.filtered(lambda p: p.state not in ("done", "cancel")):
    for move in picking.move_ids:
        move.quantity = move.product_uom_qty
    picking.move_ids.picked = True
    picking.with_context(skip_sms=True).button_validate()
    picking.oms_delivered_date = fields.Datetime.now()
env.cr.commit()
print("DELIVERED", len(orders), sorted(set(orders.picking_ids.mapped("state"))))
"""


def reasonable_returns(refs):
    """Bodies aimed at the delivered orders: known or unknown SKU, reason, quantity."""
    line = st.fixed_dictionaries(
        {
            "sku": st.sampled_from(["FUZZ-SKU", "FUZZ-SKU", "NO-SUCH-SKU"]),
            "quantity": st.sampled_from([1, 1, 2, 0.5, 3, 99]),
            "reason": st.sampled_from([*REASONS, "no_such_reason"]),
        },
        optional={"exchange_sku": st.sampled_from([None, "FUZZ-SKU", "NO-SUCH-SKU"])},
    )
    return st.fixed_dictionaries(
        {
            "channel": st.sampled_from(["FUZZ", "fuzz ", "LOAD", "NOPE"]),
            "external_ref": st.sampled_from([*refs, "NO-SUCH-ORDER"]),
            "return_reference": st.text(min_size=1, max_size=20),
            "lines": st.lists(line, min_size=1, max_size=3),
        },
        optional={"return_label": st.none() | st.text(max_size=20)},
    )


def arbitrary_returns():
    """Bodies of roughly the right shape with arbitrary values."""
    return st.fixed_dictionaries(
        {
            "channel": JSON_VALUES,
            "external_ref": JSON_VALUES,
            "return_reference": st.text(max_size=20),
            "lines": st.lists(
                st.dictionaries(
                    st.sampled_from(["sku", "quantity", "reason", "exchange_sku"]),
                    JSON_VALUES,
                )
                | JSON_VALUES,
                max_size=3,
            )
            | JSON_VALUES,
        },
        optional={"return_label": JSON_VALUES},
    )


@st.composite
def bodies(draw, refs):
    """(variant, body)."""
    variant = draw(
        st.sampled_from(["aimed", "aimed", "aimed", "shape", "drop", "replace", "json", "bytes"])
    )
    if variant == "json":
        return variant, draw(JSON_VALUES)
    if variant == "bytes":
        return variant, draw(st.binary(max_size=200))
    body = draw(reasonable_returns(refs) if variant != "shape" else arbitrary_returns())
    if variant == "drop":
        body.pop(draw(st.sampled_from(sorted(body))))
    elif variant == "replace":
        body[draw(st.sampled_from(sorted(body)))] = draw(JSON_VALUES)
    return variant, body


def test_returns_api_fuzz(oms_load):
    db = oms_load
    urls = db.cluster()
    key = db.data["keys"]["load_api"]
    channel_id = db.data["channels"]["FUZZ"]
    refs = [f"RF-{i:03d}" for i in range(ORDERS)]
    for i, ref in enumerate(refs):
        status, answer = post(
            urls[0],
            f"{API}/orders",
            order_payload("FUZZ", ref, "FUZZ-SKU", index=300000 + i, qty=3),
            key=key,
        )
        assert status in (200, 201), answer
    out = common.odoo_shell(db.db, f"REFS = {json.dumps(refs)}\n" + DELIVER)
    assert "DELIVERED 6 ['done']" in out, out

    examples = env_int("OMS_FUZZ_RETURN_EXAMPLES", 150)
    deadline = time.monotonic() + env_int("OMS_FUZZ_SECONDS", 240)
    counter = itertools.count()
    outcomes = []  # (return_reference, status) of the first post of each reference
    answered = []  # (reference, body, status) of the bodies a 201 accepted
    variants = []
    replays = []

    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        derandomize=os.environ.get("OMS_FUZZ_RANDOM") != "1",
        suppress_health_check=list(HealthCheck),
    )
    @given(bodies(refs))
    def check(generated):
        if time.monotonic() > deadline:
            return
        variant, body = generated
        number = next(counter)
        url = urls[number % len(urls)]
        if number % 8 == 7 and answered:
            # replay an accepted body as is (200) or with other content (409)
            _reference, accepted, _status = answered[number % len(answered)]
            changed = number % 2 == 1
            if changed:
                accepted = dict(accepted, return_label=f"changed {number}")
            status, answer = post(url, f"{API}/returns", accepted, key=key)
            assert status < 500, (status, answer, accepted)
            replays.append(status)
            assert status == (409 if changed else 200), (status, answer)
            return
        has_ref = isinstance(body, dict) and isinstance(body.get("return_reference"), str)
        if has_ref:
            # unique per example, so that a request can be traced to its one answer
            body["return_reference"] = f"FZ{number}-{body['return_reference']}"
        status, answer = post(url, f"{API}/returns", body, key=key)
        assert status < 500, (status, answer, body)
        variants.append((variant, status))
        if has_ref:
            outcomes.append((body["return_reference"], status))
            if status == 201:
                answered.append((body["return_reference"], body, status))

    check()
    summary = {}
    for variant, status in variants:
        summary.setdefault(variant, {}).setdefault(status, 0)
        summary[variant][status] += 1
    print(
        f"\n# returns fuzz: {len(variants)} requests + {len(replays)} replays, "
        f"status by variant: {json.dumps(summary)}"
    )
    stored = {
        ref: (count, rmas)
        for ref, count, rmas in db.sql(
            "SELECT r.return_reference, 1, "
            "  (SELECT count(*) FROM rma WHERE rma.return_request_id = r.id) "
            "FROM oms_return_request r WHERE r.channel_id = %s",
            (channel_id,),
        )
    }
    refused = [ref for ref, status in outcomes if 400 <= status < 500]
    created = [ref for ref, status in outcomes if status == 201]
    assert refused, "the fuzzer never produced a refused payload"
    assert created, "the fuzzer never reached the success path"
    assert not [ref for ref in refused if ref in stored]
    assert set(created) == set(stored)
    # each accepted request has one RMA per line of its body, none elsewhere
    assert {ref: stored[ref][1] for ref in created} == {
        ref: len(body["lines"]) for ref, body, _status in answered
    }
    orphans = db.sql(
        "SELECT count(*) FROM rma WHERE return_request_id IS NULL AND order_id IN "
        "(SELECT id FROM sale_order WHERE channel_id = %s)",
        (channel_id,),
    )[0][0]
    assert orphans == 0
    # never more returned than delivered
    over = db.sql(
        "SELECT rma.order_id FROM rma JOIN sale_order so ON so.id = rma.order_id "
        "WHERE so.channel_id = %s GROUP BY rma.order_id HAVING sum(rma.product_uom_qty) > 3",
        (channel_id,),
    )
    assert over == []
