# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Shopee adapter against a fake Shopee Open Platform on 127.0.0.1 (no database)."""

import hashlib
import hmac
import json

import pytest
import requests

from ..tools import shopee
from ..tools.common import PlatformError, RetryableError, StockItem
from .platform_fakes import load, utc

FakeShopee = load("shopee").FakeShopee

PARTNER_ID = 2001234
PARTNER_KEY = "shpk-test-key"
SHOP_ID = 99001
TOKEN = "tok-shop-99001"
NOW = 1717300000  # 2024-06-02T03:46:40Z


def _order(n, update_time, **extra):
    order = {
        "order_sn": f"2406{n:08d}",
        "order_status": "READY_TO_SHIP",
        "create_time": update_time - 600,
        "update_time": update_time,
        "currency": "IDR",
        "cod": False,
        "item_list": [],
    }
    order.update(extra)
    return order


def _client(fake, key=PARTNER_KEY, timeout=30):
    return shopee.ShopeeClient(
        fake.base_url,
        PARTNER_ID,
        key,
        SHOP_ID,
        TOKEN,
        requests.Session(),
        timeout=timeout,
        clock=lambda: NOW,
    )


def test_sign_follows_documented_base_string():
    # The guide's auth-link example signs "10090/api/v2/shop/auth_partner1594897040".
    assert (
        shopee.base_string(10090, "/api/v2/shop/auth_partner", 1594897040)
        == "10090/api/v2/shop/auth_partner1594897040"
    )
    # Shop APIs append access_token then shop_id (guide: "Calculating the sign parameter").
    base = shopee.base_string(851249, "/api/v2/product/get_category", 1654673582, "tok", 1001094)
    assert base == "851249/api/v2/product/get_category1654673582tok1001094"
    assert (
        shopee.sign("partner-key", 10090, "/api/v2/shop/auth_partner", 1594897040)
        == "c51cb38a41f34c711cd9617903f005f1f371210a475a38c81117fe4c8ff95887"
    )


def test_push_verification():
    url = "https://oms.example.co.id/oms/webhook/shopee/1"
    body = b'{"shop_id":99001,"code":3,"data":{"ordersn":"240600000001","status":"READY_TO_SHIP"}}'
    good = hmac.new(PARTNER_KEY.encode(), url.encode() + b"|" + body, hashlib.sha256).hexdigest()
    assert shopee.verify_webhook(PARTNER_KEY, {"authorization": good}, body, url=url)
    assert not shopee.verify_webhook(PARTNER_KEY, {"Authorization": good}, body + b" ", url=url)
    assert not shopee.verify_webhook(PARTNER_KEY, {"Authorization": good}, body, url=url + "x")
    assert not shopee.verify_webhook(PARTNER_KEY, {}, body, url=url)
    assert not shopee.verify_webhook(PARTNER_KEY, {"Authorization": good}, body, url=None)


def test_list_orders_walks_cursor_pages_and_detail_batches():
    orders = [_order(n, NOW - 7200 + n) for n in range(7)]
    orders.append(_order(99, NOW - 40 * 24 * 3600))  # outside the window
    with FakeShopee(PARTNER_ID, PARTNER_KEY, SHOP_ID, TOKEN, orders) as fake:
        client = _client(fake)
        seen, cursor, pages = [], None, 0
        while True:
            page = client.list_orders(utc(2024, 6, 1), cursor=cursor, page_size=3)
            pages += 1
            seen += [o["order_sn"] for o in page.orders]
            if not page.has_more:
                break
            cursor = page.next_cursor
        assert pages == 3
        assert sorted(seen) == sorted(o["order_sn"] for o in orders[:7])
        assert len(seen) == len(set(seen))
        list_calls = [r for r in fake.requests if r.path.endswith("get_order_list")]
        assert [r.query["cursor"] for r in list_calls] == ["", "3", "6"]
        assert all(r.query["time_range_field"] == "update_time" for r in list_calls)


def test_order_details_are_fetched_fifty_at_a_time():
    orders = [_order(n, NOW - 3000 + n) for n in range(120)]
    with FakeShopee(PARTNER_ID, PARTNER_KEY, SHOP_ID, TOKEN, orders) as fake:
        page = _client(fake).list_orders(utc(2024, 6, 1), page_size=100)
        details = [r for r in fake.requests if r.path.endswith("get_order_detail")]
        assert [len(r.query["order_sn_list"].split(",")) for r in details] == [50, 50]
        assert len(page.orders) == 100 and page.next_cursor == "100"


def test_throttled_then_success():
    with FakeShopee(PARTNER_ID, PARTNER_KEY, SHOP_ID, TOKEN, [_order(1, NOW - 10)]) as fake:
        client = _client(fake)
        fake.fail_next(1, status=429, retry_after="7")
        with pytest.raises(RetryableError) as caught:
            client.list_orders(utc(2024, 6, 1))
        assert caught.value.retry_after == 7.0
        fake.fail_next(1, status=500)
        with pytest.raises(RetryableError) as caught:
            client.list_orders(utc(2024, 6, 1))
        assert caught.value.retry_after is None and caught.value.http_status == 500
        # the message names the call, never its query (access token, signature)
        assert TOKEN not in str(caught.value) and "get_order_list" in str(caught.value)
        # no answer within the client's timeout: retryable too
        fake.timeout_delay = 1.5
        fake.fail_next(1, status="timeout")
        with pytest.raises(RetryableError) as caught:
            _client(fake, timeout=0.5).list_orders(utc(2024, 6, 1))
        assert caught.value.retry_after is None and "timed out" in str(caught.value)
        assert TOKEN not in str(caught.value)
        assert [o["order_sn"] for o in client.list_orders(utc(2024, 6, 1)).orders] == [
            "240600000001"
        ]


def test_wrong_partner_key_is_refused_with_shopee_error():
    with FakeShopee(PARTNER_ID, PARTNER_KEY, SHOP_ID, TOKEN) as fake:
        with pytest.raises(PlatformError) as caught:
            _client(fake, key="not-the-key").list_orders(utc(2024, 6, 1))
        assert caught.value.code == "error_sign"
        assert caught.value.http_status == 403


def test_out_of_stock_cancel_without_items_is_refused_before_sending():
    with FakeShopee(PARTNER_ID, PARTNER_KEY, SHOP_ID, TOKEN) as fake:
        client = _client(fake)
        with pytest.raises(PlatformError) as caught:
            client.cancel_order("240600000003")
        assert caught.value.code == "item_list_required"
        client.cancel_order("240600000003", reason="CUSTOMER_REQUEST")
        assert not [r for r in fake.requests if r.body and b"OUT_OF_STOCK" in r.body]
    assert fake.cancellations == [{"order_sn": "240600000003", "cancel_reason": "CUSTOMER_REQUEST"}]


def test_push_stock_shipment_and_cancel_are_sent_signed():
    ready = {
        "order_sn": "240600000001",
        "order_status": "READY_TO_SHIP",
        "update_time": 1717000000,
        "item_list": [{"item_id": 800999, "model_id": 0, "model_quantity_purchased": 1}],
    }
    with FakeShopee(PARTNER_ID, PARTNER_KEY, SHOP_ID, TOKEN, [ready]) as fake:
        client = _client(fake)
        client.push_stock(
            [
                StockItem("KAOS-M", 12, item_id="800123", variant_id="5001"),
                StockItem("KAOS-L", 0, item_id="800123", variant_id="5002"),
                StockItem("TOPI", 4, item_id="800999"),
            ]
        )
        client.push_shipment("240600000001", "jne", "JNE0012345678")
        client.cancel_order("240600000002", items=[StockItem("TOPI", 1, item_id="800999")])
    assert fake.stock_updates == [
        {
            "item_id": 800123,
            "stock_list": [
                {"model_id": 5001, "seller_stock": [{"stock": 12}]},
                {"model_id": 5002, "seller_stock": [{"stock": 0}]},
            ],
        },
        {"item_id": 800999, "stock_list": [{"model_id": 0, "seller_stock": [{"stock": 4}]}]},
    ]
    assert fake.shipments == [
        {"order_sn": "240600000001", "non_integrated": {"tracking_number": "JNE0012345678"}}
    ]
    assert fake.cancellations == [
        {
            "order_sn": "240600000002",
            "cancel_reason": "OUT_OF_STOCK",
            "item_list": [{"item_id": 800999, "model_id": 0}],
        }
    ]


# An Indonesian order in the shape of the get_order_detail response (optional fields
# on), written for these tests. The documented response example (a Vietnamese order)
# is tests/fakes/samples.py ``shopee_order``, tested in test_tools_order_fidelity.py.
SAMPLE = {
    "order_sn": "240602ABCDEF12",
    "region": "ID",
    "currency": "IDR",
    "cod": True,
    "total_amount": 232000,
    "order_status": "READY_TO_SHIP",
    "shipping_carrier": "J&T Express",
    "payment_method": "COD",
    "estimated_shipping_fee": 18000,
    "actual_shipping_fee": 0,
    "message_to_seller": "Tolong bungkus rapi",
    "note": "",
    "create_time": 1717300000,
    "update_time": 1717300600,
    "buyer_username": "siti.buyer",
    "recipient_address": {
        "name": "Siti Rahma",
        "phone": "6281234567890",
        "town": "Dago",
        "district": "Coblong",
        "city": "Kota Bandung",
        "state": "Jawa Barat",
        "region": "ID",
        "zipcode": "40135",
        "full_address": "Jl. Ir. H. Juanda No. 10, Dago, Coblong, Kota Bandung, Jawa Barat, ID",
    },
    "item_list": [
        {
            "item_id": 800123,
            "item_name": "Kaos Polos",
            "item_sku": "KAOS",
            "model_id": 5001,
            "model_name": "M",
            "model_sku": "KAOS-M",
            "model_quantity_purchased": 2,
            "model_original_price": 100000,
            "model_discounted_price": 90000,
        },
        {
            "item_id": 800999,
            "item_name": "Topi",
            "item_sku": "TOPI",
            "model_id": 0,
            "model_sku": "",
            "model_quantity_purchased": 1,
            "model_original_price": 34000,
            "model_discounted_price": 34000,
        },
    ],
    "pay_time": None,
}


def test_parse_order_maps_indonesian_order():
    payload = shopee.parse_order(SAMPLE, "shopee-id").to_dict()
    assert payload["external_ref"] == "240602ABCDEF12"
    assert payload["order_date"] == "2024-06-02T03:46:40Z"
    assert payload["customer"] == {"name": "Siti Rahma", "email": None, "phone": "6281234567890"}
    assert payload["shipping_address"] == {
        "name": "Siti Rahma",
        "street": "Jl. Ir. H. Juanda No. 10, Dago, Coblong, Kota Bandung, Jawa Barat, ID",
        "street2": "Dago, Coblong",
        "city": "Kota Bandung",
        "state": "Jawa Barat",
        "zip": "40135",
        "country": "ID",
        "phone": "6281234567890",
    }
    assert payload["lines"] == [
        {"sku": "KAOS-M", "quantity": 2.0, "unit_price": 100000.0, "discount": 10.0},
        {"sku": "TOPI", "quantity": 1.0, "unit_price": 34000.0, "discount": 0.0},
    ]
    assert payload["shipping"] == {"fee": 18000.0, "carrier": "jnt", "service_level": "regular"}
    assert payload["payment"] == {"method": "cod", "status": "unpaid", "amount": 232000.0}
    assert payload["platform_status"] == "READY_TO_SHIP"
    assert payload["oms_status_hint"] == "paid"
    assert payload["notes"] == "Tolong bungkus rapi"
    assert "billing_address" not in payload
    json.dumps(payload)  # serialisable as the capture API body


@pytest.mark.parametrize(
    ("status", "hint"),
    [
        ("UNPAID", "pending"),
        ("READY_TO_SHIP", "paid"),
        ("PROCESSED", "paid"),
        ("SHIPPED", "shipped"),
        ("TO_CONFIRM_RECEIVE", "delivered"),
        ("COMPLETED", "delivered"),
        ("IN_CANCEL", "pending"),
        ("CANCELLED", "cancelled"),
        ("TO_RETURN", "returned"),
    ],
)
def test_status_hints(status, hint):
    assert shopee.status_hint(status) == hint


def test_shop_with_warehouses_needs_the_location_the_listing_sync_found():
    """A shop with seller warehouses refuses ``seller_stock`` without ``location_id``
    ("Lack of location_id"); the listing sync reads the location from
    ``get_model_list``/``get_item_base_info`` and the stock push sends it."""
    with FakeShopee(PARTNER_ID, PARTNER_KEY, SHOP_ID, TOKEN) as fake:
        fake.locations = ["IDZ-JKT01"]
        fake.stock = {800123: {5001: 3, 5002: 1}, 800999: {0: 7}}
        fake.skus = {800123: {5001: "KAOS-M", 5002: "KAOS-L"}, 800999: {0: "TOPI"}}
        client = _client(fake)
        with pytest.raises(PlatformError) as caught:
            client.push_stock([StockItem("TOPI", 4, item_id="800999")])
        assert caught.value.code == "error_auth"
        assert "location_id" in caught.value.message
        page = shopee.list_listings(client)
        rows = {row.sku: row for row in page.listings}
        client.push_stock(
            [
                StockItem(sku, 9, row.item_id, row.variant_id, row.location_id)
                for sku, row in rows.items()
            ]
        )
    assert page.next_cursor is None
    assert {(r.item_id, r.variant_id, r.location_id) for r in rows.values()} == {
        ("800123", "5001", "IDZ-JKT01"),
        ("800123", "5002", "IDZ-JKT01"),
        ("800999", "0", "IDZ-JKT01"),
    }
    assert fake.stock_updates[-1] == {
        "item_id": 800999,
        "stock_list": [{"model_id": 0, "seller_stock": [{"location_id": "IDZ-JKT01", "stock": 9}]}],
    }
    assert fake.stock[800123] == {5001: 9, 5002: 9}


def test_ship_order_is_refused_outside_the_documented_shape():
    """v2.logistics.ship_order: a split order needs its package_number, one shipping
    mode among get_shipping_parameter's, and a package ships once."""
    split = {
        "order_sn": "240600000009",
        "order_status": "READY_TO_SHIP",
        "update_time": 1717000000,
        "item_list": [
            {"item_id": 1, "model_id": 0, "model_quantity_purchased": 1},
            {"item_id": 2, "model_id": 0, "model_quantity_purchased": 1},
        ],
        "package_list": [
            {"package_number": "OFG1", "item_list": [{"item_id": 1, "model_id": 0}]},
            {"package_number": "OFG2", "item_list": [{"item_id": 2, "model_id": 0}]},
        ],
    }
    with FakeShopee(PARTNER_ID, PARTNER_KEY, SHOP_ID, TOKEN, [split]) as fake:
        client = _client(fake)

        def ship(body):
            with pytest.raises(PlatformError) as caught:
                client._call("POST", shopee.PATH_SHIP_ORDER, body=body)
            return caught.value.code

        tracking = {"tracking_number": "JNE1"}
        sn = split["order_sn"]
        assert ship({"order_sn": sn, "non_integrated": tracking}) == (
            "logistics.package_number_not_exist"
        )
        assert ship({"order_sn": sn, "package_number": "OFG9", "non_integrated": tracking}) == (
            "error_param"
        )
        both = {"order_sn": sn, "package_number": "OFG1", "dropoff": {}, "non_integrated": {}}
        assert ship(both) == "error_param"
        # the channel is non-integrated: no tracking number, no shipment
        assert ship({"order_sn": sn, "package_number": "OFG1", "non_integrated": {}}) == (
            "logistics.ship_order_need_tracking_number"
        )
        # the adapter ships only the package of the rows asked
        client.push_shipment(sn, "jne", "JNE1", line_keys=["2:0"])
        assert ship({"order_sn": sn, "package_number": "OFG2", "non_integrated": tracking}) == (
            "logistics.package_already_shipped"
        )
        # a package holding rows of two deliveries is not shipped by halves
        fake.orders[0]["package_list"] = [
            {"package_number": "OFG3", "item_list": [{"item_id": 1}, {"item_id": 2}]},
            {"package_number": "OFG4", "item_list": []},
        ]
        with pytest.raises(PlatformError) as caught:
            client.push_shipment(sn, "jne", "JNE2", line_keys=["1:0"])
        assert caught.value.code == "package_not_split"
    assert fake.shipments == [
        {"order_sn": sn, "package_number": "OFG2", "non_integrated": {"tracking_number": "JNE1"}}
    ]


def test_part_of_a_single_package_order_is_not_shipped():
    """One Shopee package has one tracking number: a delivery of part of it (others
    still to ship) is refused until the order is split on Shopee."""
    order = {
        "order_sn": "240600000010",
        "order_status": "READY_TO_SHIP",
        "update_time": 1717000000,
        "item_list": [{"item_id": 1, "model_id": 0, "model_quantity_purchased": 2}],
    }
    with FakeShopee(PARTNER_ID, PARTNER_KEY, SHOP_ID, TOKEN, [order]) as fake:
        client = _client(fake)
        with pytest.raises(PlatformError) as caught:
            client.push_shipment(
                "240600000010", "jne", "JNE1", line_keys=["1:0"], whole_order=False
            )
        assert caught.value.code == "package_not_split"
        client.push_shipment("240600000010", "jne", "JNE2", line_keys=["1:0"])
    assert fake.shipments == [
        {"order_sn": "240600000010", "non_integrated": {"tracking_number": "JNE2"}}
    ]
