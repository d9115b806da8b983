# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Shopify adapter against a fake Admin REST API (no database)."""

import base64
import hashlib
import hmac
import json

import pytest
import requests

from ..tools import shopify
from ..tools.common import PlatformError, RetryableError, StockItem
from .platform_fakes import load, utc

FakeShopify = load("shopify").FakeShopify

TOKEN = "shpat_test_token"
SECRET = "shopify-client-secret"


def _order(n, updated_at="2024-06-01T10:00:00+07:00"):
    return {"id": 5500000000 + n, "name": f"#{1000 + n}", "updated_at": updated_at}


def test_webhook_hmac_is_base64_of_the_raw_body():
    body = b'{"id":820982911946154508,"email":"jon@example.com","closed_at":null}'
    good = base64.b64encode(hmac.new(SECRET.encode(), body, hashlib.sha256).digest()).decode()
    assert shopify.verify_webhook(SECRET, {"X-Shopify-Hmac-Sha256": good}, body)
    assert shopify.verify_webhook(SECRET, {"x-shopify-hmac-sha256": good}, body)
    assert not shopify.verify_webhook(SECRET, {"X-Shopify-Hmac-Sha256": good}, body + b"\n")
    assert not shopify.verify_webhook("other", {"X-Shopify-Hmac-Sha256": good}, body)
    assert not shopify.verify_webhook(SECRET, {}, body)
    # hex is not what Shopify sends
    hexdigest = hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()
    assert not shopify.verify_webhook(SECRET, {"X-Shopify-Hmac-Sha256": hexdigest}, body)


def test_list_orders_follows_link_header_page_info():
    orders = [_order(n) for n in range(5)] + [_order(9, "2024-01-01T00:00:00Z")]
    with FakeShopify(TOKEN, orders=orders) as fake:
        client = shopify.ShopifyClient(fake.base_url, TOKEN, requests.Session())
        seen, cursor, pages = [], None, 0
        while True:
            page = client.list_orders(utc(2024, 5, 31), cursor=cursor, limit=2)
            pages += 1
            seen += [o["id"] for o in page.orders]
            cursor = page.next_cursor
            if cursor is None:
                break
        assert pages == 3
        assert seen == [o["id"] for o in orders[:5]]
        first, *later = fake.requests
        assert first.query == {
            "limit": "2",
            "status": "any",
            "updated_at_min": "2024-05-31T00:00:00Z",
        }
        # follow-up requests carry only page_info and limit, as the docs require
        assert all(set(r.query) == {"limit", "page_info"} for r in later)
        assert all(r.headers["x-shopify-access-token"] == TOKEN for r in fake.requests)


def test_throttled_then_success():
    with FakeShopify(TOKEN, orders=[_order(1)]) as fake:
        client = shopify.ShopifyClient(fake.base_url, TOKEN, requests.Session())
        fake.fail_next(1, status=429, retry_after="2.0")
        with pytest.raises(RetryableError) as caught:
            client.list_orders(utc(2024, 5, 31))
        assert caught.value.retry_after == 2.0
        fake.fail_next(1, status=500)
        with pytest.raises(RetryableError):
            client.list_orders(utc(2024, 5, 31))
        assert len(client.list_orders(utc(2024, 5, 31)).orders) == 1


def test_bad_token_is_a_platform_error():
    with FakeShopify(TOKEN) as fake:
        client = shopify.ShopifyClient(fake.base_url, "wrong", requests.Session())
        with pytest.raises(PlatformError) as caught:
            client.list_orders(utc(2024, 5, 31))
        assert caught.value.http_status == 401
        assert "Invalid API key or access token" in caught.value.message


def test_push_stock_shipment_and_cancel():
    fulfillment_orders = {
        5500000001: [
            {"id": 1046000001, "status": "closed"},
            {"id": 1046000002, "status": "open"},
        ]
    }
    with FakeShopify(TOKEN, fulfillment_orders=fulfillment_orders) as fake:
        client = shopify.ShopifyClient(fake.base_url, TOKEN, requests.Session())
        client.push_stock([StockItem("KAOS-M", 9, item_id="808950810", location_id="655441491")])
        client.push_shipment(5500000001, "JNE", "JNE0099887766")
        client.cancel_order(5500000002, reason="inventory")
        with pytest.raises(PlatformError):
            client.push_shipment(5500000003, "JNE", "X")  # nothing open to fulfil
    assert fake.stock_updates == [
        {"location_id": 655441491, "inventory_item_id": 808950810, "available": 9}
    ]
    assert fake.shipments == [
        {
            "line_items_by_fulfillment_order": [{"fulfillment_order_id": 1046000002}],
            "tracking_info": {"company": "JNE", "number": "JNE0099887766"},
            "notify_customer": False,
        }
    ]
    assert fake.cancellations == [{"order_id": 5500000002, "reason": "inventory", "restock": False}]


# An Indonesian order in the shape of the Admin REST Order resource (written for
# these tests; the platform's own documented order 450789469 is
# tests/fakes/samples.py, tested in test_tools_order_fidelity.py).
SAMPLE = {
    "id": 450789469,
    "name": "#1001",
    "email": "dewi@example.co.id",
    "phone": None,
    "created_at": "2024-06-01T09:30:00+07:00",
    "currency": "IDR",
    "financial_status": "pending",
    "fulfillment_status": None,
    "cancelled_at": None,
    "note": "Tanpa kantong plastik",
    "gateway": "Cash on Delivery (COD)",
    "payment_gateway_names": ["Cash on Delivery (COD)"],
    "total_price": "289000.00",
    "customer": {"first_name": "Dewi", "last_name": "Lestari", "phone": "+6281200001111"},
    "shipping_address": {
        "first_name": "Dewi",
        "last_name": "Lestari",
        "name": "Dewi Lestari",
        "address1": "Jl. Malioboro 21",
        "address2": "",
        "city": "Yogyakarta",
        "province": "Daerah Istimewa Yogyakarta",
        "province_code": "YO",
        "zip": "55271",
        "country": "Indonesia",
        "country_code": "ID",
        "phone": "+6281200001111",
        "latitude": -7.7925,
        "longitude": 110.3658,
    },
    "billing_address": {
        "name": "Dewi Lestari",
        "address1": "Jl. Kaliurang Km 5",
        "city": "Sleman",
        "province": "Daerah Istimewa Yogyakarta",
        "zip": "55281",
        "country_code": "ID",
        "phone": "+6281200001111",
    },
    "line_items": [
        {
            "id": 1,
            "sku": "BATIK-L",
            "quantity": 2,
            "price": "125000.00",
            "total_discount": "0.00",
            "discount_allocations": [{"amount": "25000.00", "discount_application_index": 0}],
        },
        {
            "id": 2,
            "sku": "MASKER",
            "quantity": 1,
            "price": "25000.00",
            "total_discount": "0.00",
            "discount_allocations": [],
        },
    ],
    "shipping_lines": [
        {
            "title": "JNE YES",
            "price": "39000.00",
            "discounted_price": "39000.00",
            "source": "shopify",
        }
    ],
}


def test_parse_order_maps_indonesian_order():
    payload = shopify.parse_order(SAMPLE, "shopify-store").to_dict()
    assert payload["external_ref"] == "450789469"
    assert payload["order_date"] == "2024-06-01T02:30:00Z"
    assert payload["customer"] == {
        "name": "Dewi Lestari",
        "email": "dewi@example.co.id",
        "phone": "+6281200001111",
    }
    assert payload["shipping_address"] == {
        "name": "Dewi Lestari",
        "street": "Jl. Malioboro 21",
        "street2": "",
        "city": "Yogyakarta",
        "state": "Daerah Istimewa Yogyakarta",
        "zip": "55271",
        "country": "ID",
        "phone": "+6281200001111",
        "latitude": -7.7925,
        "longitude": 110.3658,
    }
    assert payload["billing_address"]["city"] == "Sleman"
    assert "latitude" not in payload["billing_address"]
    assert payload["lines"] == [
        {"sku": "BATIK-L", "quantity": 2.0, "unit_price": 125000.0, "discount": 10.0},
        {"sku": "MASKER", "quantity": 1.0, "unit_price": 25000.0, "discount": 0.0},
    ]
    assert payload["shipping"] == {"fee": 39000.0, "carrier": "jne", "service_level": "express"}
    assert payload["payment"] == {"method": "cod", "status": "unpaid", "amount": 289000.0}
    assert payload["platform_status"] == "pending/unfulfilled"
    assert payload["oms_status_hint"] == "pending"
    assert payload["notes"] == "#1001\nTanpa kantong plastik"
    json.dumps(payload)


@pytest.mark.parametrize(
    ("order", "hint"),
    [
        ({"financial_status": "pending"}, "pending"),
        ({"financial_status": "paid"}, "paid"),
        ({"financial_status": "authorized"}, "paid"),
        ({"financial_status": "paid", "fulfillment_status": "fulfilled"}, "shipped"),
        ({"financial_status": "refunded", "fulfillment_status": "restocked"}, "returned"),
        ({"financial_status": "paid", "cancelled_at": "2024-06-02T00:00:00Z"}, "cancelled"),
        ({"financial_status": "voided"}, "cancelled"),
    ],
)
def test_status_hints(order, hint):
    assert shopify.status_hint(order) == hint


def test_listing_sync_finds_inventory_item_and_location_for_the_stock_push():
    """``inventory_levels/set`` needs ``inventory_item_id`` and ``location_id`` (400
    "Required parameter missing or invalid" otherwise); both come from the listing
    sync (products.json variants, inventory_levels.json), not typed by hand."""
    with FakeShopify(TOKEN) as fake:
        fake.products = [
            {
                "id": 632910392,
                "title": "Kaos Polos",
                "variants": [
                    {"id": 808950810, "sku": "KAOS-M", "inventory_item_id": 808950810},
                    {"id": 808950811, "sku": "KAOS-L", "inventory_item_id": 808950811},
                ],
            }
        ]
        fake.levels = {808950810: [655441491], 808950811: [655441491]}
        client = shopify.ShopifyClient(fake.base_url, TOKEN, requests.Session())
        with pytest.raises(PlatformError) as caught:
            client._request(
                "POST", "inventory_levels/set.json", body={"inventory_item_id": 1, "available": 2}
            )
        assert caught.value.http_status == 400
        page = shopify.list_listings(client)
        client.push_stock(
            [StockItem(r.sku, 6, r.item_id, r.variant_id, r.location_id) for r in page.listings]
        )
    assert page.next_cursor is None
    assert [(r.sku, r.item_id, r.variant_id, r.location_id) for r in page.listings] == [
        ("KAOS-M", "808950810", "808950810", "655441491"),
        ("KAOS-L", "808950811", "808950811", "655441491"),
    ]
    assert fake.stock_updates == [
        {"location_id": 655441491, "inventory_item_id": 808950810, "available": 6},
        {"location_id": 655441491, "inventory_item_id": 808950811, "available": 6},
    ]


def test_fulfillment_is_refused_outside_the_documented_shape():
    """POST fulfillments.json: a closed fulfillment order, or more than its
    fulfillable quantity, is refused with 422; the adapter sends only the delivered
    quantities."""
    line_items = [
        {"id": 7001, "line_item_id": 1, "quantity": 2, "fulfillable_quantity": 2},
        {"id": 7002, "line_item_id": 2, "quantity": 1, "fulfillable_quantity": 1},
    ]
    fulfillment_orders = {
        5500000001: [
            {"id": 1046000009, "order_id": 5500000001, "status": "open", "line_items": line_items}
        ]
    }
    with FakeShopify(TOKEN, fulfillment_orders=fulfillment_orders) as fake:
        client = shopify.ShopifyClient(fake.base_url, TOKEN, requests.Session())

        def fulfil(rows):
            body = {"fulfillment": {"line_items_by_fulfillment_order": rows}}
            with pytest.raises(PlatformError) as caught:
                client._request("POST", "fulfillments.json", body=body)
            return caught.value.http_status

        too_many = [{"id": 7001, "quantity": 3}]
        assert (
            fulfil([{"fulfillment_order_id": 1046000009, "fulfillment_order_line_items": too_many}])
            == 422
        )
        assert fulfil([{"fulfillment_order_id": 404}]) == 404
        client.push_shipment(5500000001, "JNE", "JNE1", line_quantities={"1": 2})
        client.push_shipment(5500000001, "JNE", "JNE2", line_quantities={"2": 1})
        assert fulfil([{"fulfillment_order_id": 1046000009}]) == 422  # closed
    assert [s["line_items_by_fulfillment_order"] for s in fake.shipments] == [
        [
            {
                "fulfillment_order_id": 1046000009,
                "fulfillment_order_line_items": [{"id": 7001, "quantity": 2}],
            }
        ],
        [
            {
                "fulfillment_order_id": 1046000009,
                "fulfillment_order_line_items": [{"id": 7002, "quantity": 1}],
            }
        ],
    ]
    assert fulfillment_orders[5500000001][0]["status"] == "closed"
