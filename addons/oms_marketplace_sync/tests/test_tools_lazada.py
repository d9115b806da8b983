# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Lazada adapter against a fake Lazada Open Platform gateway (no database)."""

import hashlib
import hmac
import json

import pytest
import requests

from ..tools import lazada
from ..tools.common import PlatformError, RetryableError, StockItem
from .platform_fakes import load, utc

FakeLazada = load("lazada").FakeLazada

APP_KEY = "123456"
APP_SECRET = "helloworld"
TOKEN = "test"
NOW = 1717300000


def _order(n, updated_at, statuses=("pending",)):
    return {
        "order_id": 260000000 + n,
        "order_number": 260000000 + n,
        "updated_at": updated_at,
        "created_at": updated_at,
        "statuses": list(statuses),
        "order_items": [{"order_item_id": 900000 + n, "sku": f"SKU-{n}", "item_price": "10000.00"}],
    }


def _client(fake, secret=APP_SECRET):
    return lazada.LazadaClient(
        fake.base_url_rest, APP_KEY, secret, TOKEN, requests.Session(), clock=lambda: NOW
    )


def test_sign_matches_the_documented_sample():
    # "HTTP request sample": GetOrder with app secret "helloworld".
    params = {
        "app_key": "123456",
        "access_token": "test",
        "timestamp": "1517820392000",
        "sign_method": "sha256",
        "order_id": "1234",
    }
    assert lazada.sign_base("/order/get", params) == (
        "/order/getaccess_tokentestapp_key123456order_id1234sign_methodsha256timestamp1517820392000"
    )
    assert (
        lazada.sign("helloworld", "/order/get", params)
        == "4190D32361CFB9581350222F345CB77F3B19F0E31D162316848A2C1FFD5FAB4A"
    )
    # "sign" itself never takes part; the documented sort example
    assert lazada.sign_base("/test/api", {"foo": 1, "bar": 2, "foo_bar": 3, "foobar": 4}) == (
        "/test/apibar2foo1foo_bar3foobar4"
    )


def test_push_verification():
    body = (
        b'{"seller_id":"1234567","message_type":0,"data":{"order_status":"unpaid",'
        b'"status_update_time":1603698638,"trade_order_id":"260422900198363",'
        b'"trade_order_line_id":"260422900298363"},"timestamp":1603766859530,"site":"lazada_vn"}'
    )
    good = hmac.new(b"3412gyo124goi3124", b"123456" + body, hashlib.sha256).hexdigest()
    verify = lazada.verify_webhook
    assert verify("3412gyo124goi3124", {"Authorization": good}, body, app_key="123456")
    assert verify("3412gyo124goi3124", {"authorization": good.upper()}, body, app_key="123456")
    assert not verify("3412gyo124goi3124", {"Authorization": good}, body[:-1], app_key="123456")
    assert not verify("3412gyo124goi3124", {"Authorization": good}, body, app_key="654321")
    assert not verify("3412gyo124goi3124", {}, body, app_key="123456")


def test_list_orders_pages_by_offset_and_attaches_items():
    orders = [_order(n, f"2024-06-01 1{n}:00:00 +0700") for n in range(7)]
    orders.append(_order(99, "2024-05-01 10:00:00 +0700"))
    with FakeLazada(APP_KEY, APP_SECRET, TOKEN, orders) as fake:
        client = _client(fake)
        seen, cursor, pages = [], None, 0
        while True:
            page = client.list_orders(utc(2024, 5, 31, 17), cursor=cursor, limit=3)
            pages += 1
            seen += [(o["order_id"], o["order_items"][0]["sku"]) for o in page.orders]
            cursor = page.next_cursor
            if not cursor:
                break
        assert pages == 3
        assert seen == [(260000000 + n, f"SKU-{n}") for n in range(7)]
        offsets = [r.query["offset"] for r in fake.requests if r.path.endswith("/orders/get")]
        assert offsets == ["0", "3", "6"]
        assert all(r.query["sign_method"] == "sha256" for r in fake.requests)


def test_throttled_then_success():
    with FakeLazada(APP_KEY, APP_SECRET, TOKEN, [_order(1, "2024-06-01 10:00:00 +0700")]) as fake:
        client = _client(fake)
        fake.fail_next(1, status=429, retry_after="5")
        with pytest.raises(RetryableError) as caught:
            client.list_orders(utc(2024, 5, 31))
        assert caught.value.retry_after == 5.0
        fake.fail_next(1, status=502)
        with pytest.raises(RetryableError):
            client.list_orders(utc(2024, 5, 31))
        assert len(client.list_orders(utc(2024, 5, 31)).orders) == 1


def test_wrong_secret_gets_lazada_error():
    with FakeLazada(APP_KEY, APP_SECRET, TOKEN) as fake:
        with pytest.raises(PlatformError) as caught:
            _client(fake, secret="nope").list_orders(utc(2024, 5, 31))
        assert caught.value.code == "IncompleteSignature"


def test_push_stock_shipment_and_cancel():
    with FakeLazada(APP_KEY, APP_SECRET, TOKEN) as fake:
        client = _client(fake)
        client.push_stock(
            [StockItem("KAOS-M", 5, item_id="2341", variant_id="77"), StockItem("A&B", 0)]
        )
        result = client.push_shipment(
            "260000001", "JNE", "JNE00123", order_item_ids=[900001, 900002]
        )
        client.cancel_order(900003, reason_id=15)
        client.cancel_items(260000002, [900004, 900005], reason_id="10000021")
        apis = [r.path for r in fake.requests]
    # UpdateSellableQuantity (not UpdatePriceQuantity's total <Quantity>)
    assert fake.stock_updates == [
        "<Request><Product><Skus>"
        "<Sku><ItemId>2341</ItemId><SkuId>77</SkuId>"
        "<SellerSku>KAOS-M</SellerSku><SellableQuantity>5</SellableQuantity></Sku>"
        "<Sku><SellerSku>A&amp;B</SellerSku><SellableQuantity>0</SellableQuantity></Sku>"
        "</Skus></Product></Request>"
    ]
    assert fake.sellable == {"KAOS-M": {"": 5}, "A&B": {"": 0}}
    assert fake.price_quantity_updates == []
    # Pack (Lazada allocates carrier and tracking), then ReadyToShip of the package
    assert apis[0] == "/rest/product/stock/sellable/update"
    assert apis[1:3] == ["/rest/order/fulfill/pack", "/rest/order/package/rts"]
    [shipment] = fake.shipments
    assert shipment["order_id"] == 260000001
    assert shipment["order_item_ids"] == [900001, 900002]
    assert shipment["ready_to_ship"] is True
    packed = result.responses[0]["result"]["data"]["pack_order_list"][0]["order_item_list"]
    assert {row["tracking_number"] for row in packed} == {shipment["tracking_number"]}
    assert fake.cancellations == [
        {"order_item_id": "900003", "reason_id": "15"},
        {"order_id": "260000002", "order_item_id_list": [900004, 900005], "reason_id": "10000021"},
    ]


def test_stock_is_sent_in_batches_of_twenty():
    items = [StockItem(f"SKU-{n}", n) for n in range(45)]
    with FakeLazada(APP_KEY, APP_SECRET, TOKEN) as fake:
        _client(fake).push_stock(items)
    assert [u.count("<Sku>") for u in fake.stock_updates] == [20, 20, 5]


def test_throttling_code_901_is_retryable():
    with FakeLazada(APP_KEY, APP_SECRET, TOKEN) as fake:
        fake.route = lambda request: fake._error("901", "The request is too frequent")
        with pytest.raises(RetryableError):
            _client(fake).push_stock([StockItem("KAOS-M", 1)])


def test_items_already_packed_are_refused_row_by_row():
    with FakeLazada(APP_KEY, APP_SECRET, TOKEN) as fake:
        client = _client(fake)
        client.push_shipment("260000001", "own", "x", order_item_ids=[900001])
        with pytest.raises(PlatformError) as caught:
            client.push_shipment("260000001", "own", "x", order_item_ids=[900001])
    assert caught.value.code == "700026"
    assert len(fake.shipments) == 1


# An /orders/get order (Indonesia) with /orders/items/get items attached, written for
# these tests in the documented shape (an Indonesian order with a cancelled item). The
# documented GetOrder/GetOrderItems examples are tests/fakes/samples.py ``lazada_order``,
# tested in test_tools_order_fidelity.py and test_order_fidelity.py.
SAMPLE = {
    "order_id": 260422900198363,
    "order_number": 260422900198363,
    "created_at": "2024-06-01 10:15:30 +0700",
    "updated_at": "2024-06-01 10:20:00 +0700",
    "customer_first_name": "Andi",
    "customer_last_name": "Wijaya",
    "payment_method": "COD",
    "price": "215,000.00",
    "shipping_fee": 15000,
    "shipping_fee_discount_seller": 5000,
    "voucher": 10000,
    "remarks": "",
    "gift_message": "Selamat ulang tahun",
    "statuses": ["pending", "pending", "canceled"],
    "address_shipping": {
        "first_name": "Andi Wijaya",
        "last_name": "",
        "phone": "6281311112222",
        "address1": "Jl. Sudirman Kav. 1",
        "address2": "Tower A lt. 5",
        "address3": "DKI Jakarta",
        "address4": "Kota Jakarta Pusat",
        "address5": "Tanah Abang",
        "city": "Kota Jakarta Pusat",
        "post_code": "10220",
        "country": "Indonesia",
    },
    "address_billing": {
        "first_name": "Andi",
        "last_name": "Wijaya",
        "phone": "6281311112222",
        "address1": "Jl. Sudirman Kav. 1",
        "address3": "DKI Jakarta",
        "city": "Kota Jakarta Pusat",
        "post_code": "10220",
        "country": "Indonesia",
    },
    "order_items": [
        {
            "order_item_id": 1,
            "sku": "SEPATU-42",
            "item_price": "100000.00",
            "paid_price": "95000.00",
            "voucher_amount": "5000.00",
            "shipment_provider": "SiCepat REG",
            "shipping_type": "Dropshipping",
            "currency": "IDR",
            "status": "pending",
        },
        {
            "order_item_id": 2,
            "sku": "SEPATU-42",
            "item_price": "100000.00",
            "paid_price": "95000.00",
            "voucher_amount": "5000.00",
            "shipment_provider": "SiCepat REG",
            "shipping_type": "Dropshipping",
            "currency": "IDR",
            "status": "pending",
        },
        {
            "order_item_id": 3,
            "sku": "KAOS-KAKI",
            "item_price": "20000.00",
            "paid_price": "20000.00",
            "voucher_amount": "0.00",
            "shipment_provider": "SiCepat REG",
            "currency": "IDR",
            "status": "canceled",
        },
    ],
}


def test_parse_order_maps_indonesian_order():
    payload = lazada.parse_order(SAMPLE, "lazada-id").to_dict()
    assert payload["external_ref"] == "260422900198363"
    assert payload["order_date"] == "2024-06-01T03:15:30Z"
    assert payload["customer"] == {"name": "Andi Wijaya", "email": None, "phone": "6281311112222"}
    assert payload["shipping_address"] == {
        "name": "Andi Wijaya",
        "street": "Jl. Sudirman Kav. 1",
        "street2": "Tower A lt. 5, Tanah Abang",
        "city": "Kota Jakarta Pusat",
        "state": "DKI Jakarta",
        "zip": "10220",
        "country": "ID",
        "phone": "6281311112222",
    }
    assert payload["billing_address"]["name"] == "Andi Wijaya"
    assert payload["lines"] == [
        {"sku": "SEPATU-42", "quantity": 2.0, "unit_price": 100000.0, "discount": 5.0},
    ]  # the cancelled KAOS-KAKI item is not captured
    assert payload["shipping"] == {"fee": 10000.0, "carrier": "sicepat", "service_level": "regular"}
    # the order's price less the cancelled item's paid price: the buyer pays 195 000
    assert payload["payment"] == {"method": "cod", "status": "unpaid", "amount": 195000.0}
    assert payload["platform_status"] == "pending,pending,canceled"
    assert payload["oms_status_hint"] == "paid"
    assert payload["notes"] == "Selamat ulang tahun"
    json.dumps(payload)


@pytest.mark.parametrize(
    ("statuses", "hint"),
    [
        (["unpaid"], "pending"),
        (["pending"], "paid"),
        (["ready_to_ship"], "paid"),
        (["shipped", "delivered"], "shipped"),
        (["delivered"], "delivered"),
        (["canceled", "canceled"], "cancelled"),
        (["returned"], "returned"),
        (["shipped", "canceled"], "shipped"),
    ],
)
def test_status_hints(statuses, hint):
    assert lazada.status_hint(statuses) == hint


def test_sellable_update_refuses_the_price_quantity_shape():
    """A ``<Quantity>`` row (UpdatePriceQuantity's shape) sent to the sellable-stock
    API is refused E005, as Lazada documents; the adapter sends SellableQuantity."""
    with FakeLazada(APP_KEY, APP_SECRET, TOKEN) as fake:
        client = _client(fake)
        bad = (
            "<Request><Product><Skus><Sku><SellerSku>X</SellerSku>"
            "<Quantity>1</Quantity></Sku></Skus></Product></Request>"
        )
        with pytest.raises(PlatformError) as caught:
            client._call("POST", "/product/stock/sellable/update", {"payload": bad})
        assert caught.value.code == "5"
        client.push_stock(
            [StockItem("KAOS-M", 3, item_id="2341", variant_id="77", location_id="WH-JKT")]
        )
    assert fake.sellable == {"KAOS-M": {"WH-JKT": 3}}


def test_listings_are_read_page_by_page_with_their_warehouse():
    with FakeLazada(APP_KEY, APP_SECRET, TOKEN) as fake:
        fake.products = [
            {
                "item_id": 3000 + n,
                "attributes": {"name": f"Kaos {n}"},
                "skus": [
                    {
                        "SkuId": 7000 + n,
                        "SellerSku": f"KAOS-{n}",
                        "multiWarehouseInventories": [{"warehouseCode": "WH-JKT", "quantity": 1}],
                    }
                ],
            }
            for n in range(60)
        ]
        client = _client(fake)
        first = lazada.list_listings(client)
        second = lazada.list_listings(client, first.next_cursor)
    assert len(first.listings) == 50 and first.next_cursor.startswith("50;10000;")
    assert len(second.listings) == 10 and second.next_cursor is None
    # filter all, the whole creation range, 50 a page
    assert fake.product_calls[0]["filter"] == "all"
    assert fake.product_calls[0]["create_after"] == "1970-01-01T00:00:00+00:00"
    assert [c["offset"] for c in fake.product_calls] == ["0", "50"]
    row = first.listings[1]
    assert (row.sku, row.item_id, row.variant_id, row.location_id) == (
        "KAOS-1",
        "3001",
        "7001",
        "WH-JKT",
    )


def _catalogue(count, start_ms=1645176573000, step_ms=3_600_000):
    """GetProducts rows created an hour apart (``created_time`` in epoch ms)."""
    return [
        {
            "item_id": 5000 + n,
            "created_time": str(start_ms + n * step_ms),
            "attributes": {"name": f"Batik {n}"},
            "skus": [{"SkuId": 9000 + n, "SellerSku": f"BATIK-{n}"}],
        }
        for n in range(count)
    ]


def _read_all(client, max_pages=400):
    listings, cursor = [], None
    for _page in range(max_pages):
        page = lazada.list_listings(client, cursor)
        listings += page.listings
        cursor = page.next_cursor
        if cursor is None:
            return listings
    raise AssertionError("the listing pages do not end")


def test_a_catalogue_beyond_the_offset_cap_is_read_by_creation_windows():
    """1,200 products while the platform refuses offsets past 150 (E014 "Invalid
    Offset"; the documented cap is 10000): the catalogue is read in creation-time
    windows, every product once at least, no refused offset after the first."""
    with FakeLazada(APP_KEY, APP_SECRET, TOKEN) as fake:
        fake.products = _catalogue(1200)
        fake.offset_cap = 150
        client = _client(fake)
        listings = _read_all(client)
        refused = [r for r in fake.requests if int(r.query.get("offset") or 0) > 150]
    assert {row.sku for row in listings} == {f"BATIK-{n}" for n in range(1200)}
    assert len(refused) == 1, "the cap is learnt from the first refusal"
    assert all(int(c["limit"]) <= 50 for c in fake.product_calls)
    # disjoint windows: each product read about once (those of a refused window twice)
    assert len(listings) < 1200 * 1.2


def test_a_large_catalogue_splits_windows_before_paging():
    """Over the documented offset cap (10000 here lowered by the platform to 100 after
    one refusal), a window whose ``total_products`` exceeds the cap is split before
    any page of it is read."""
    with FakeLazada(APP_KEY, APP_SECRET, TOKEN) as fake:
        fake.products = _catalogue(300, step_ms=1000)
        fake.offset_cap = 100
        listings = _read_all(_client(fake))
    assert sorted({row.item_id for row in listings}) == [str(5000 + n) for n in range(300)]
