# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""TikTok Shop (and Tokopedia) adapter against a fake Partner API (no database)."""

import json

import pytest
import requests

from ..tools import tiktok
from ..tools.common import PlatformError, RetryableError, StockItem
from .platform_fakes import load, utc

FakeTikTokShop = load("tiktok").FakeTikTokShop

APP_KEY = "6abc123def"
APP_SECRET = "tts-secret"
TOKEN = "ROW_token"
CIPHER = "ROW_cipher"
NOW = 1717300000


def _order(n, update_time, status="AWAITING_SHIPMENT"):
    return {"id": f"5770{n:014d}", "status": status, "update_time": update_time, "line_items": []}


def _client(fake, secret=APP_SECRET):
    return tiktok.TikTokShopClient(
        fake.base_url, APP_KEY, secret, TOKEN, CIPHER, requests.Session(), clock=lambda: NOW
    )


def test_sign_follows_documented_steps():
    # Inputs of the "Sign your API request" walk-through; sign and access_token are
    # left out, the rest sorted, path first, body appended, secret on both sides.
    params = {
        "timestamp": "1696909648",
        "app_key": "68xu9ks5p4i8",
        "shop_cipher": "ROW_xkMbgAAAeVAQra0eZWebFQq5aIK",
        "access_token": "never-signed",
        "sign": "never-signed",
    }
    body = '{"address":"https://partner.tiktokshop.com","event_type":"PACKAGE_UPDATE"}'
    assert tiktok.sign_base("e59af819cc", "/event/202309/webhooks", params, body) == (
        "e59af819cc/event/202309/webhooksapp_key68xu9ks5p4i8"
        "shop_cipherROW_xkMbgAAAeVAQra0eZWebFQq5aIKtimestamp1696909648"
        '{"address":"https://partner.tiktokshop.com","event_type":"PACKAGE_UPDATE"}e59af819cc'
    )
    assert (
        tiktok.sign("e59af819cc", "/event/202309/webhooks", params, body)
        == "cd0d6268252f4ba293bf7ea4c0a2873bf9beec600d22530638564ab301435f7a"
    )
    # multipart bodies are not signed
    assert tiktok.sign_base("s", "/p", {}, "file-bytes", "multipart/form-data") == "s/ps"


def test_webhook_vector_from_the_docs():
    # "Header and signature verification" example: app_key abcdef, app_secret 123.
    body = (
        b'{"type":1,"tts_notification_id":"7380066284010030890","shop_id":"7495540735365777507",'
        b'"timestamp":1718305585,"data":{"is_on_hold_order":true,"order_id":"576653688135258178",'
        b'"order_status":"UNPAID","update_time":1718305585}}'
    )
    good = "5dec0f11ec2f6783b8deee53c9ffbf8d024302f7c7e7fa55a35d17629031ac05"
    assert tiktok.verify_webhook("123", {"Authorization": good}, body, app_key="abcdef")
    assert not tiktok.verify_webhook("123", {"Authorization": good}, body + b" ", app_key="abcdef")
    assert not tiktok.verify_webhook(
        "123", {"Authorization": "Bearer " + good}, body, app_key="abcdef"
    )
    assert not tiktok.verify_webhook("123", {}, body, app_key="abcdef")
    assert not tiktok.verify_webhook("124", {"Authorization": good}, body, app_key="abcdef")


def test_list_orders_follows_page_tokens():
    orders = [_order(n, NOW - 5000 + n) for n in range(8)] + [_order(50, NOW - 90 * 86400)]
    with FakeTikTokShop(APP_KEY, APP_SECRET, TOKEN, CIPHER, orders) as fake:
        client = _client(fake)
        seen, cursor, pages = [], None, 0
        while True:
            page = client.list_orders(utc(2024, 6, 1), cursor=cursor, page_size=3)
            pages += 1
            seen += [o["id"] for o in page.orders]
            cursor = page.next_cursor
            if cursor is None:
                break
        assert pages == 3
        assert seen == [o["id"] for o in orders[:8]]
        tokens = [r.query.get("page_token") for r in fake.requests]
        assert tokens[0] is None and all(tokens[1:])
        assert all(r.headers["x-tts-access-token"] == TOKEN for r in fake.requests)
        assert all("access_token" not in r.query for r in fake.requests)


def test_throttled_then_success():
    with FakeTikTokShop(APP_KEY, APP_SECRET, TOKEN, CIPHER, [_order(1, NOW)]) as fake:
        client = _client(fake)
        fake.fail_next(2, status=429, retry_after="3")
        for _attempt in range(2):
            with pytest.raises(RetryableError) as caught:
                client.list_orders(utc(2024, 6, 1))
            assert caught.value.retry_after == 3.0
        fake.fail_next(1, status=503)
        with pytest.raises(RetryableError):
            client.list_orders(utc(2024, 6, 1))
        assert len(client.list_orders(utc(2024, 6, 1)).orders) == 1


def test_bad_signature_is_refused_with_tiktok_error():
    with FakeTikTokShop(APP_KEY, APP_SECRET, TOKEN, CIPHER) as fake:
        with pytest.raises(PlatformError) as caught:
            _client(fake, secret="wrong").list_orders(utc(2024, 6, 1))
        assert caught.value.code == 106001
        assert caught.value.http_status == 401


def _split_order():
    """An order split on TikTok into two packages (rows 1+2 and row 3)."""
    rows = [("1", "1153000001"), ("2", "1153000001"), ("3", "1153000002")]
    items = [{"id": i, "package_id": p, "seller_sku": "KAOS-M"} for i, p in rows]
    return {"id": "577000000000000001", "status": "AWAITING_SHIPMENT", "line_items": items}


def test_push_stock_shipment_and_cancel():
    with FakeTikTokShop(APP_KEY, APP_SECRET, TOKEN, CIPHER, [_split_order()]) as fake:
        client = _client(fake)
        client.push_stock(
            [
                StockItem(
                    "KAOS-M", 7, item_id="1729000001", variant_id="1729100001", location_id="W1"
                ),
                StockItem(
                    "KAOS-L", 2, item_id="1729000001", variant_id="1729100002", location_id="W1"
                ),
            ]
        )
        client.push_shipment(
            "577000000000000001", "6617675021119438849", "JP1234567890", line_item_ids=["3"]
        )
        client.cancel_order("577000000000000002")
        ship = [r for r in fake.requests if r.path.endswith("/ship")]
    assert fake.stock_updates == [
        {
            "product_id": "1729000001",
            "skus": [
                {"id": "1729100001", "inventory": [{"quantity": 7, "warehouse_id": "W1"}]},
                {"id": "1729100002", "inventory": [{"quantity": 2, "warehouse_id": "W1"}]},
            ],
        }
    ]
    # Ship Package of the package holding row 3, seller shipping in self_shipment
    assert [r.path for r in ship] == ["/fulfillment/202309/packages/1153000002/ship"]
    assert json.loads(ship[0].body) == {
        "self_shipment": {
            "tracking_number": "JP1234567890",
            "shipping_provider_id": "6617675021119438849",
        }
    }
    assert fake.shipments == [
        {
            "package_id": "1153000002",
            "order_id": "577000000000000001",
            "order_line_item_ids": ["3"],
            "tracking_number": "JP1234567890",
            "shipping_provider_id": "6617675021119438849",
        }
    ]
    assert fake.cancellations == [
        {"order_id": "577000000000000002", "cancel_reason": "seller_cancel_reason_out_of_stock"}
    ]


def test_shipment_of_part_of_an_unsplit_package_is_refused():
    with FakeTikTokShop(APP_KEY, APP_SECRET, TOKEN, CIPHER, [_split_order()]) as fake:
        client = _client(fake)
        with pytest.raises(PlatformError) as caught:
            client.push_shipment("577000000000000001", "66176750", "JP1", line_item_ids=["1"])
        assert caught.value.code == "package_not_split"
        # the whole order ships both of its packages
        client.push_shipment("577000000000000001", "66176750", "JP2")
    assert sorted(s["package_id"] for s in fake.shipments) == ["1153000001", "1153000002"]


# An Indonesian order in the shape of Get Order Detail (202309), one line_items row per
# unit, written for these tests: the documented example (tests/fakes/samples.py
# ``tiktok_order``, tested in test_tools_order_fidelity.py) has placeholder amounts.
SAMPLE = {
    "id": "576653688135258178",
    "status": "AWAITING_SHIPMENT",
    "create_time": 1718305585,
    "update_time": 1718305600,
    "paid_time": None,
    "is_cod": True,
    "payment_method_name": "Cash on delivery",
    "buyer_email": "v2-xyz@scs.tiktokw.us",
    "buyer_message": "Kirim sore",
    "shipping_provider": "J&T Express",
    "delivery_option_name": "Standard shipping",
    "payment": {
        "currency": "IDR",
        "sub_total": "170000",
        "shipping_fee": "12000",
        "seller_discount": "10000",
        "platform_discount": "10000",
        "total_amount": "182000",
        "original_total_product_price": "190000",
    },
    "recipient_address": {
        "name": "Budi Santoso",
        "phone_number": "(+62)81298765432",
        "address_line1": "Jl. Merdeka No. 5",
        "address_line2": "RT 02 RW 03",
        "address_detail": "Jl. Merdeka No. 5",
        "postal_code": "60111",
        "region_code": "ID",
        "district_info": [
            {"address_level_name": "Country", "address_name": "Indonesia", "address_level": "L0"},
            {"address_level_name": "Province", "address_name": "Jawa Timur", "address_level": "L1"},
            {"address_level_name": "City", "address_name": "Surabaya", "address_level": "L2"},
            {"address_level_name": "District", "address_name": "Gubeng", "address_level": "L3"},
        ],
    },
    "line_items": [
        {
            "id": "1",
            "sku_id": "1729100001",
            "seller_sku": "KAOS-M",
            "original_price": "80000",
            "sale_price": "70000",
            "seller_discount": "5000",
            "platform_discount": "5000",
            "currency": "IDR",
        },
        {
            "id": "2",
            "sku_id": "1729100001",
            "seller_sku": "KAOS-M",
            "original_price": "80000",
            "sale_price": "70000",
            "seller_discount": "5000",
            "platform_discount": "5000",
            "currency": "IDR",
        },
        {
            "id": "3",
            "sku_id": "1729100009",
            "seller_sku": "STIKER",
            "original_price": "30000",
            "sale_price": "30000",
            "seller_discount": "0",
            "platform_discount": "0",
            "currency": "IDR",
        },
    ],
}


def test_parse_order_maps_indonesian_order():
    payload = tiktok.parse_order(SAMPLE, "tiktok-id").to_dict()
    assert payload["external_ref"] == "576653688135258178"
    assert payload["order_date"] == "2024-06-13T19:06:25Z"
    assert payload["customer"] == {
        "name": "Budi Santoso",
        "email": "v2-xyz@scs.tiktokw.us",
        "phone": "(+62)81298765432",
    }
    assert payload["shipping_address"] == {
        "name": "Budi Santoso",
        "street": "Jl. Merdeka No. 5",
        "street2": "RT 02 RW 03, Gubeng",
        "city": "Surabaya",
        "state": "Jawa Timur",
        "zip": "60111",
        "country": "ID",
        "phone": "(+62)81298765432",
    }
    assert payload["lines"] == [
        {"sku": "KAOS-M", "quantity": 2.0, "unit_price": 80000.0, "discount": 12.5},
        {"sku": "STIKER", "quantity": 1.0, "unit_price": 30000.0, "discount": 0.0},
    ]
    assert payload["shipping"] == {"fee": 12000.0, "carrier": "jnt", "service_level": "regular"}
    assert payload["payment"] == {"method": "cod", "status": "unpaid", "amount": 182000.0}
    assert (payload["platform_status"], payload["oms_status_hint"]) == ("AWAITING_SHIPMENT", "paid")
    assert payload["notes"] == "Kirim sore"
    json.dumps(payload)


@pytest.mark.parametrize(
    ("status", "hint"),
    [
        ("UNPAID", "pending"),
        ("ON_HOLD", "paid"),
        ("AWAITING_SHIPMENT", "paid"),
        ("AWAITING_COLLECTION", "paid"),
        ("IN_TRANSIT", "shipped"),
        ("DELIVERED", "delivered"),
        ("COMPLETED", "delivered"),
        ("CANCELLED", "cancelled"),
    ],
)
def test_status_hints(status, hint):
    assert tiktok.status_hint(status) == hint


def test_multi_warehouse_sku_needs_every_warehouse_from_the_listing_sync():
    """Update Inventory refuses a row without ``warehouse_id`` for an SKU stocked in
    several warehouses (12019028); Search Products gives the warehouses and the push
    names them all."""
    with FakeTikTokShop(APP_KEY, APP_SECRET, TOKEN, CIPHER) as fake:
        fake.stock = {"1729000001": {"1729100001": 5}}
        fake.seller_skus = {"1729100001": "KAOS-M"}
        fake.warehouses = {"1729100001": ["7068517275539719942", "7068517275539719943"]}
        client = _client(fake)
        with pytest.raises(PlatformError) as caught:
            client.push_stock([StockItem("KAOS-M", 4, "1729000001", "1729100001")])
        assert caught.value.code == 12019028
        [row] = tiktok.list_listings(client).listings
        client.push_stock([StockItem(row.sku, 4, row.item_id, row.variant_id, row.location_id)])
    assert (row.sku, row.item_id, row.variant_id) == ("KAOS-M", "1729000001", "1729100001")
    assert row.location_id == "7068517275539719942,7068517275539719943"
    assert fake.stock_updates[-1]["skus"] == [
        {
            "id": "1729100001",
            "inventory": [
                {"warehouse_id": "7068517275539719942", "quantity": 4},
                {"warehouse_id": "7068517275539719943", "quantity": 0},
            ],
        }
    ]


def test_endpoints_at_their_newest_documented_versions():
    """Get Order Detail is called at 202507 and Search Products at 202502 (their
    reference pages get-order-detail-202507 and search-products-202502); the 202309
    paths of both are refused by the fake as any unknown path: 36009009."""
    order = {**_split_order(), "update_time": NOW}
    with FakeTikTokShop(APP_KEY, APP_SECRET, TOKEN, CIPHER, [order]) as fake:
        fake.stock = {"1729000001": {"1729100001": 5}}
        fake.seller_skus = {"1729100001": "KAOS-M"}
        client = _client(fake)
        [detail] = client.get_order_details([order["id"]])
        page = tiktok.list_listings(client)
        with pytest.raises(PlatformError) as old_detail:
            client._call("GET", "/order/202309/orders", query={"ids": order["id"]})
        with pytest.raises(PlatformError) as old_search:
            client._call(
                "POST", "/product/202309/products/search", query={"page_size": 10}, body={}
            )
        with pytest.raises(PlatformError) as bad_status:
            client._call(
                "POST",
                tiktok.PATH_PRODUCT_SEARCH,
                query={"page_size": 10},
                body={"status": "LIVE"},
            )
        with pytest.raises(PlatformError) as bad_method:
            client._call("GET", tiktok.PATH_PRODUCT_SEARCH, query={"page_size": 10})
        with pytest.raises(PlatformError) as bad_size:
            client._call("POST", tiktok.PATH_PRODUCT_SEARCH, query={"page_size": 101}, body={})
        paths = [r.path for r in fake.requests]
    assert detail["id"] == order["id"]
    assert [(row.sku, row.variant_id) for row in page.listings] == [("KAOS-M", "1729100001")]
    assert paths[:2] == ["/order/202507/orders", "/product/202502/products/search"]
    assert json.loads(fake.requests[1].body) == {"status": "ACTIVATE"}
    assert old_detail.value.code == old_search.value.code == 36009009
    assert bad_status.value.code == 12052910
    assert bad_size.value.code == 12019109
    assert bad_method.value.code == 36009010
