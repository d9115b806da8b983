"""Marketplace webhooks with bad, missing or random signatures, and oversized bodies.

Each is refused (401, or 413 above 1 MB) and leaves nothing behind: no sync log
line, no queue job, no order. Random bodies and signatures come from hypothesis
(``OMS_FUZZ_WEBHOOKS``, default 60).
"""

import json
import os

import requests
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from load.harness import env_int, shopify_signature

ORDER = {"id": 42, "name": "#1042", "financial_status": "paid", "line_items": []}


def _counts(db):
    account_id = db.data["account_id"]
    return (
        db.sql("SELECT count(*) FROM oms_marketplace_log WHERE account_id = %s", (account_id,)),
        db.sql("SELECT count(*) FROM queue_job"),
        db.sql(
            "SELECT count(*) FROM sale_order WHERE channel_id = %s", (db.data["channels"]["MKT"],)
        ),
    )


def _post(url, body, signature=None):
    headers = {"Content-Type": "application/json", "X-Shopify-Topic": "orders/create"}
    if signature is not None:
        headers["X-Shopify-Hmac-Sha256"] = signature
    return requests.post(url, data=body, headers=headers, timeout=60).status_code


def test_webhook_refusals(oms_load):
    db = oms_load
    url = f"{db.cluster()[0]}/oms/marketplace/{db.data['account_id']}/webhook"
    secret = db.data["account_secret"]
    before = _counts(db)
    body = json.dumps(ORDER).encode()
    assert _post(url, body) == 401
    assert _post(url, body, "") == 401
    assert _post(url, body, shopify_signature("wrong secret", body)) == 401
    assert _post(url, body + b" ", shopify_signature(secret, body)) == 401
    big = json.dumps(dict(ORDER, note="x" * (2 * 1024 * 1024))).encode()
    assert _post(url, big) in (401, 413)
    # even correctly signed, 2 MB is refused before anything is parsed
    assert _post(url, big, shopify_signature(secret, big)) == 413

    @settings(
        max_examples=env_int("OMS_FUZZ_WEBHOOKS", 60),
        deadline=None,
        database=None,
        derandomize=os.environ.get("OMS_FUZZ_RANDOM") != "1",
        suppress_health_check=list(HealthCheck),
    )
    @given(
        st.binary(max_size=300),
        st.none() | st.text(st.characters(min_codepoint=33, max_codepoint=126), max_size=60),
    )
    def random_calls(raw, signature):
        assert _post(url, raw, signature) == 401

    random_calls()
    assert _counts(db) == before
