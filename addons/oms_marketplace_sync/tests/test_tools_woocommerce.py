# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""WooCommerce adapter against a fake WooCommerce REST API v3 (no database)."""

import base64
import hashlib
import hmac
import json

import pytest
import requests

from ..tools import woocommerce
from ..tools.common import PlatformError, RetryableError, StockItem
from .platform_fakes import load, utc

FakeWooCommerce = load("woocommerce").FakeWooCommerce

CK = "ck_0123456789abcdef"
CS = "cs_fedcba9876543210"


def _order(n, modified="2024-06-01T05:00:00"):
    return {"id": 700 + n, "status": "processing", "date_modified_gmt": modified}


def _client(fake, **kwargs):
    return woocommerce.WooCommerceClient(fake.base_url, CK, CS, requests.Session(), **kwargs)


def test_webhook_signature_is_base64_hmac_sha256():
    body = b'{"id":727,"status":"processing","currency":"IDR"}'
    good = base64.b64encode(hmac.new(b"wh-secret", body, hashlib.sha256).digest()).decode()
    assert woocommerce.verify_webhook("wh-secret", {"X-WC-Webhook-Signature": good}, body)
    assert woocommerce.verify_webhook("wh-secret", {"x-wc-webhook-signature": good}, body)
    assert not woocommerce.verify_webhook("wh-secret", {"X-WC-Webhook-Signature": good}, body[1:])
    assert not woocommerce.verify_webhook("other", {"X-WC-Webhook-Signature": good}, body)
    assert not woocommerce.verify_webhook("wh-secret", {}, body)


def test_refuses_plain_http_outside_loopback():
    with pytest.raises(ValueError):
        woocommerce.WooCommerceClient("http://shop.example.co.id", CK, CS)
    woocommerce.WooCommerceClient("https://shop.example.co.id", CK, CS)


@pytest.mark.parametrize("query_string_auth", [False, True])
def test_list_orders_walks_pages_with_total_pages_header(query_string_auth):
    orders = [_order(n) for n in range(7)] + [_order(50, "2024-01-01T00:00:00")]
    with FakeWooCommerce(CK, CS, orders) as fake:
        client = _client(fake, query_string_auth=query_string_auth)
        seen, cursor, pages = [], None, 0
        while True:
            page = client.list_orders(utc(2024, 5, 31), cursor=cursor, per_page=3)
            pages += 1
            seen += [o["id"] for o in page.orders]
            cursor = page.next_cursor
            if cursor is None:
                break
        assert pages == 3
        assert seen == [o["id"] for o in orders[:7]]
        assert [r.query["page"] for r in fake.requests] == ["1", "2", "3"]
        assert fake.requests[0].query["modified_after"] == "2024-05-31T00:00:00"
        if query_string_auth:
            assert fake.requests[0].query["consumer_key"] == CK
            assert "authorization" not in fake.requests[0].headers
        else:
            assert fake.requests[0].headers["authorization"].startswith("Basic ")
            assert "consumer_secret" not in fake.requests[0].query


def test_throttled_then_success():
    with FakeWooCommerce(CK, CS, [_order(1)]) as fake:
        client = _client(fake)
        fake.fail_next(1, status=429, retry_after="30")
        with pytest.raises(RetryableError) as caught:
            client.list_orders(utc(2024, 5, 31))
        assert caught.value.retry_after == 30.0
        fake.fail_next(1, status=500)
        with pytest.raises(RetryableError):
            client.list_orders(utc(2024, 5, 31))
        assert len(client.list_orders(utc(2024, 5, 31)).orders) == 1


def test_wrong_secret_gets_woocommerce_error():
    with FakeWooCommerce(CK, CS) as fake:
        client = woocommerce.WooCommerceClient(fake.base_url, CK, "cs_wrong", requests.Session())
        with pytest.raises(PlatformError) as caught:
            client.list_orders(utc(2024, 5, 31))
        assert caught.value.code == "woocommerce_rest_cannot_view"
        assert caught.value.http_status == 401


def test_push_stock_shipment_and_cancel():
    orders = [{"id": 727, "status": "processing"}, {"id": 728, "status": "processing"}]
    with FakeWooCommerce(CK, CS, orders) as fake:
        client = _client(fake)
        client.push_stock(
            [
                StockItem("MUG", 3, item_id="11"),
                StockItem("KAOS-M", 4, item_id="20", variant_id="21"),
                StockItem("KAOS-L", 0, item_id="20", variant_id="22"),
            ]
        )
        client.push_shipment("727", "JNE", "JNE123")
        client.cancel_order("728")
    assert fake.stock_updates == [
        {
            "resource": "products/batch",
            "update": [{"id": 11, "manage_stock": True, "stock_quantity": 3}],
        },
        {
            "resource": "products/20/variations/batch",
            "update": [
                {"id": 21, "manage_stock": True, "stock_quantity": 4},
                {"id": 22, "manage_stock": True, "stock_quantity": 0},
            ],
        },
    ]
    assert fake.notes == [
        {"order_id": 727, "note": "Shipped with JNE, tracking number JNE123", "customer_note": True}
    ]
    assert fake.order_updates == [
        {"order_id": 727, "status": "completed"},
        {"order_id": 728, "status": "cancelled"},
    ]


# An Indonesian order in the shape of wc/v3 "Retrieve an order" (written for these
# tests; the documented order 727 is tests/fakes/samples.py, tested in
# test_tools_order_fidelity.py).
SAMPLE = {
    "id": 727,
    "number": "727",
    "status": "processing",
    "currency": "IDR",
    "date_created": "2024-06-01T17:05:00",
    "date_created_gmt": "2024-06-01T10:05:00",
    "date_modified_gmt": "2024-06-01T10:06:00",
    "discount_total": "20000",
    "shipping_total": "22000",
    "total": "182000",
    "customer_note": "Rumah pagar hijau",
    "payment_method": "bacs",
    "payment_method_title": "Direct bank transfer",
    "date_paid_gmt": "2024-06-01T10:06:00",
    "billing": {
        "first_name": "Rina",
        "last_name": "Susanti",
        "company": "",
        "address_1": "Jl. Pemuda 12",
        "address_2": "",
        "city": "Semarang",
        "state": "JT",
        "postcode": "50132",
        "country": "ID",
        "email": "rina@example.co.id",
        "phone": "081377778888",
    },
    "shipping": {
        "first_name": "Rina",
        "last_name": "Susanti",
        "company": "",
        "address_1": "Jl. Pandanaran 99",
        "address_2": "Blok B",
        "city": "Semarang",
        "state": "JT",
        "postcode": "50241",
        "country": "ID",
    },
    "line_items": [
        {
            "id": 315,
            "product_id": 20,
            "variation_id": 21,
            "sku": "KAOS-M",
            "quantity": 2,
            "subtotal": "160000",
            "total": "140000",
            "price": 70000,
        },
        {
            "id": 316,
            "product_id": 11,
            "variation_id": 0,
            "sku": "MUG",
            "quantity": 1,
            "subtotal": "20000",
            "total": "20000",
            "price": 20000,
        },
    ],
    "shipping_lines": [
        {"id": 317, "method_title": "SiCepat BEST", "method_id": "flat_rate", "total": "22000"}
    ],
}


def test_parse_order_maps_indonesian_order():
    payload = woocommerce.parse_order(SAMPLE, "woo-store").to_dict()
    assert payload["external_ref"] == "727"
    assert payload["order_date"] == "2024-06-01T10:05:00Z"
    assert payload["customer"] == {
        "name": "Rina Susanti",
        "email": "rina@example.co.id",
        "phone": "081377778888",
    }
    assert payload["shipping_address"] == {
        "name": "Rina Susanti",
        "street": "Jl. Pandanaran 99",
        "street2": "Blok B",
        "city": "Semarang",
        "state": "Jawa Tengah",
        "zip": "50241",
        "country": "ID",
        "phone": "081377778888",
    }
    assert payload["billing_address"]["street"] == "Jl. Pemuda 12"
    assert payload["lines"] == [
        {"sku": "KAOS-M", "quantity": 2.0, "unit_price": 80000.0, "discount": 12.5},
        {"sku": "MUG", "quantity": 1.0, "unit_price": 20000.0, "discount": 0.0},
    ]
    assert payload["shipping"] == {"fee": 22000.0, "carrier": "sicepat", "service_level": "express"}
    assert payload["payment"] == {"method": "bank_transfer", "status": "paid", "amount": 182000.0}
    assert (payload["platform_status"], payload["oms_status_hint"]) == ("processing", "paid")
    assert payload["notes"] == "Rumah pagar hijau"
    json.dumps(payload)


def test_parse_cod_order_waiting_for_delivery():
    raw = dict(SAMPLE, payment_method="cod", payment_method_title="Cash on delivery")
    raw["date_paid_gmt"] = None
    payment = woocommerce.parse_order(raw, "woo-store").payment
    assert (payment.method, payment.status) == ("cod", "unpaid")


@pytest.mark.parametrize(
    ("status", "hint"),
    [
        ("pending", "pending"),
        ("on-hold", "pending"),
        ("processing", "paid"),
        ("completed", "shipped"),
        ("cancelled", "cancelled"),
        ("failed", "cancelled"),
        ("refunded", "returned"),
    ],
)
def test_status_hints(status, hint):
    assert woocommerce.status_hint(status) == hint


def test_listings_are_products_and_variations():
    with FakeWooCommerce(CK, CS) as fake:
        fake.products = [
            {"id": 11, "name": "Topi", "sku": "TOPI", "type": "simple"},
            {
                "id": 20,
                "name": "Kaos",
                "sku": "KAOS",
                "type": "variable",
                "variations": [{"id": 21, "sku": "KAOS-M"}, {"id": 22, "sku": "KAOS-L"}],
            },
        ]
        page = woocommerce.list_listings(_client(fake))
    assert page.next_cursor is None
    assert [(r.sku, r.item_id, r.variant_id) for r in page.listings] == [
        ("TOPI", "11", None),
        ("KAOS-M", "20", "21"),
        ("KAOS-L", "20", "22"),
    ]


def test_notes_and_status_are_refused_outside_the_documented_shape():
    """Create an order note: ``note`` is mandatory; Update an order: ``status`` one of
    the documented values; an unknown order is 404."""
    with FakeWooCommerce(CK, CS, [{"id": 727, "status": "processing"}]) as fake:
        client = _client(fake)

        def refused(method, resource, body):
            with pytest.raises(PlatformError) as caught:
                client._request(method, resource, body=body)
            return caught.value.code

        assert refused("POST", "orders/727/notes", {"customer_note": True}) == (
            "rest_missing_callback_param"
        )
        assert refused("PUT", "orders/727", {"status": "shipped"}) == "rest_invalid_param"
        assert refused("POST", "orders/999/notes", {"note": "x"}) == (
            "woocommerce_rest_shop_order_invalid_id"
        )
        client.push_shipment("727", "SiCepat", "", complete=False, lines=[("KAOS-M", 1.0)])
    assert fake.notes == [
        {"order_id": 727, "note": "Shipped with SiCepat: 1 x KAOS-M", "customer_note": True}
    ]
    assert fake.order_updates == []
