"""Security over the real HTTP and RPC surfaces of a running server.

* the capture API scopes an API key to its channels: a user of channel SECA cannot
  read, cancel or re-address an order of channel SECB (403), nor post to it;
* JSON-RPC (``/jsonrpc`` execute_kw with the same user's API key): the per-channel
  record rule hides SECB's orders from ``search``, and ``read``/``write``/
  ``action_cancel`` on one are refused with an AccessError;
* marketplace credentials are unreadable to a non-administrator through RPC
  ``read``/``search_read``, ``export_data`` and mail template rendering;
* outgoing status webhooks are signed with the channel's secret;
* no API key, password or secret of this session appears in any server log
  (the last test: it reads the logs of every server of the session).
"""

import time

import requests

from .harness import API, jsonrpc, oms_signature_ok, order_payload, post

CREDENTIALS = ["partner_key", "webhook_secret", "access_token"]


def _orders(db, url):
    """One order in SECA (by user A) and one in SECB (by user B), created once."""
    if not hasattr(db, "security_orders"):
        keys = db.data["keys"]
        refs = {}
        for code, login, index in (("SECA", "user_a", 300001), ("SECB", "user_b", 300002)):
            payload = order_payload(code, f"SEC-{code}", "SEC-SKU", index=index)
            status, body = post(url, f"{API}/orders", payload, key=keys[login])
            assert status == 201, body
            refs[code] = body["id"]
        db.security_orders = refs
    return db.security_orders


def _rpc(db, url, login, model, method, *args, **kwargs):
    return jsonrpc(
        url, db.db, db.data["users"][login], db.data["keys"][login], model, method, *args, **kwargs
    )


def test_api_key_is_scoped_to_its_channels(oms_load):
    db = oms_load
    url = db.cluster()[0]
    _orders(db, url)
    key_a = db.data["keys"]["user_a"]
    # user A on its own channel: allowed
    status, body = post(url, f"{API}/orders/SECA/SEC-SECA/address", _address(), key=key_a)
    assert status == 200, body
    # user A on channel B: refused, whatever the route
    status, _body = _get(url, f"{API}/orders/SECB/SEC-SECB", key_a)
    assert status == 403
    status, _body = post(url, f"{API}/orders/SECB/SEC-SECB/cancel", {}, key=key_a)
    assert status == 403
    status, _body = post(url, f"{API}/orders/SECB/SEC-SECB/address", _address(), key=key_a)
    assert status == 403
    payload = order_payload("SECB", "SEC-B-BY-A", "SEC-SKU", index=300003)
    status, _body = post(url, f"{API}/orders", payload, key=key_a)
    assert status == 403
    status, body = post(url, f"{API}/orders/batch", {"orders": [payload]}, key=key_a)
    assert status == 200 and body["results"][0]["status"] == 403
    # no key, or a wrong one: 401
    assert post(url, f"{API}/orders", payload)[0] == 401
    assert post(url, f"{API}/orders", payload, key="not-a-key")[0] == 401
    rows = db.sql(
        "SELECT so.state, p.street FROM sale_order so "
        "JOIN res_partner p ON p.id = so.partner_shipping_id WHERE so.external_ref = %s",
        ("SEC-SECB",),
    )
    assert rows == [("sale", "Jl. Merdeka 300002")]
    assert db.sql("SELECT id FROM sale_order WHERE external_ref = 'SEC-B-BY-A'") == []


def _address():
    return {
        "shipping_address": {
            "name": "Pindah",
            "street": "Jl. Baru 9",
            "city": "Jakarta Selatan",
            "state": "JK",
            "zip": "12190",
            "country": "ID",
        }
    }


def _get(url, path, key):
    response = requests.get(f"{url}{path}", headers={"Authorization": f"Bearer {key}"}, timeout=60)
    return response.status_code, response.text


def test_rpc_record_rules_per_channel(oms_load):
    db = oms_load
    url = db.cluster()[1]
    ids = _orders(db, url)
    result = _rpc(db, url, "user_a", "sale.order", "search", [])
    assert result[0] == "ok"
    assert ids["SECA"] in result[1] and ids["SECB"] not in result[1]
    for method, args in (
        ("read", [[ids["SECB"]], ["name", "amount_total"]]),
        ("write", [[ids["SECB"]], {"note": "changed by A"}]),
        ("action_cancel", [[ids["SECB"]]]),
    ):
        outcome = _rpc(db, url, "user_a", "sale.order", method, *args)
        assert outcome[0] == "error" and outcome[1] == "odoo.exceptions.AccessError", (
            method,
            outcome,
        )
    # the positive control: user B reads its own order
    assert _rpc(db, url, "user_b", "sale.order", "read", [ids["SECB"]], ["name"])[0] == "ok"
    assert db.sql("SELECT state, note IS NULL FROM sale_order WHERE id = %s", (ids["SECB"],)) == [
        ("sale", True)
    ]


def test_marketplace_credentials_hidden_from_non_admins(oms_load):
    db = oms_load
    url = db.cluster()[0]
    account_id = db.data["account_id"]
    secrets = [db.data["partner_key"], db.data["account_secret"], db.data["access_token"]]
    # the account itself is readable by an OMS user, its credentials are not
    ok = _rpc(db, url, "user_a", "oms.marketplace.account", "read", [account_id], ["name"])
    assert ok[0] == "ok", ok
    # a user of another channel does not even see the account
    other = _rpc(db, url, "user_b", "oms.marketplace.account", "read", [account_id], ["name"])
    assert other[0] == "error" and other[1] == "odoo.exceptions.AccessError", other
    for field in CREDENTIALS:
        outcome = _rpc(db, url, "user_a", "oms.marketplace.account", "read", [account_id], [field])
        assert outcome[0] == "error" and outcome[1] == "odoo.exceptions.AccessError", outcome
        outcome = _rpc(
            db, url, "user_a", "oms.marketplace.account", "export_data", [account_id], [field]
        )
        assert outcome[0] == "error" or not any(s in str(outcome) for s in secrets), outcome
    everything = _rpc(db, url, "user_a", "oms.marketplace.account", "search_read", [])
    assert everything[0] == "ok" and everything[1]
    assert not any(s in str(everything) for s in secrets)
    fields = _rpc(db, url, "user_a", "oms.marketplace.account", "fields_get", [])
    assert not set(CREDENTIALS) & set(fields[1])
    # a mail template that tries to print the key, rendered for the account
    template = _rpc(
        db,
        url,
        "user_a",
        "mail.template",
        "create",
        {
            "name": "leak",
            "model_id": db.sql("SELECT id FROM ir_model WHERE model = 'oms.marketplace.account'")[
                0
            ][0],
            "subject": "{{ object.partner_key }}",
            "body_html": '<p t-out="object.partner_key"/><p t-out="object.sudo().partner_key"/>',
        },
    )
    if template[0] == "ok":
        composer = _rpc(
            db,
            url,
            "user_a",
            "mail.compose.message",
            "create",
            {
                "model": "oms.marketplace.account",
                "res_ids": str([account_id]),
                "template_id": template[1],
                "composition_mode": "comment",
            },
        )
        if composer[0] == "ok":
            rendered = _rpc(
                db,
                url,
                "user_a",
                "mail.compose.message",
                "read",
                [composer[1]],
                ["subject", "body"],
            )
            assert not any(s in str(rendered) for s in secrets), rendered
        else:
            assert not any(s in str(composer) for s in secrets), composer
    else:
        assert not any(s in str(template) for s in secrets), template


def test_outgoing_webhooks_are_signed(oms_load):
    db = oms_load
    _orders(db, db.cluster()[0])
    secret = db.data["channel_secrets"]["SECA"]
    deadline = time.monotonic() + 120
    received = []
    while time.monotonic() < deadline and not received:
        received = db.receiver.for_channel("SECA")
        time.sleep(0.5)
    assert received, "no status webhook of channel SECA arrived within 120 s"
    for headers, body in received:
        assert headers["X-OMS-Signature"].startswith("sha256=")
        assert oms_signature_ok(secret, headers, body)
        # the signature covers the body: a tampered body does not verify
        assert not oms_signature_ok(secret, headers, body.replace(b"SECA", b"SECB"))


def test_no_secrets_in_server_logs(oms_load):
    """Last of the session: every key and secret used above, in none of the logs."""
    db = oms_load
    logs = db.log_files()
    assert logs
    secrets = db.secrets()
    found = []
    for path in logs:
        text = path.read_text(encoding="utf-8", errors="replace")
        found += [(path.name, label) for label, secret in secrets.items() if secret in text]
    assert not found, found
