# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Order import fidelity on the platforms' own documented sample orders (no
database): taxes, refunded quantities, discounts to the cent, empty SKUs,
address levels. The samples are those of ``tests/fakes/samples.py`` (each names
its documentation page)."""

from decimal import Decimal

import requests

from ..tools import lazada, shopee, shopify, tiktok, woocommerce
from ..tools.common import allocate, exact_lines, odoo_line_total
from .platform_fakes import load, utc

samples = load("samples")
FakeShopify = load("shopify").FakeShopify
FakeShopee = load("shopee").FakeShopee
FakeLazada = load("lazada").FakeLazada
FakeTikTokShop = load("tiktok").FakeTikTokShop


def _odoo_total(payload):
    """What the OMS order totals: tax-included lines as Odoo rounds them + shipping."""
    lines = sum(
        odoo_line_total(line["unit_price"], line["quantity"], line["discount"])
        for line in payload["lines"]
    )
    return lines + Decimal(str(payload["shipping"]["fee"]))


def test_shopify_documented_order_imports_current_quantities_with_taxes():
    """Order 450789469: three lines at 199.00, TENOFF 10.00 spread 3.34/3.33/3.33,
    State Tax 3.98 a line on top (taxes_included false); the green and black lines
    were refunded (current_quantity 0). Only the red line is still ordered, and the
    order totals the platform's current_total_price, 199.65."""
    parsed = shopify.parse_order(samples.shopify_order(), "shopify-us")
    payload = parsed.to_dict()
    assert [(line["sku"], line["quantity"]) for line in payload["lines"]] == [("IPOD2008RED", 1.0)]
    assert _odoo_total(payload) == Decimal("199.65")
    assert payload["payment"] == {"method": "prepaid", "status": "paid", "amount": 199.65}
    assert [(line.item_id, line.variant_id) for line in parsed.lines] == [(None, "49148385")]


def test_shopify_refunds_without_current_quantity():
    """An order body without ``current_quantity`` (older API versions): the
    refund_line_items of ``refunds[]`` take the refunded units off."""
    raw = samples.shopify_order()
    for row in raw["line_items"]:
        del row["current_quantity"]
    payload = shopify.parse_order(raw, "shopify-us").to_dict()
    assert [line["sku"] for line in payload["lines"]] == ["IPOD2008RED"]
    assert _odoo_total(payload) == Decimal("199.65")


def test_shopify_partly_refunded_line_keeps_what_is_still_due():
    """The red line bought 3 times, one refunded: 2 units stay, at the line's amount
    less the refund line's subtotal and tax."""
    raw = samples.shopify_order()
    red = raw["line_items"][1]
    red.update(quantity=3, current_quantity=2)
    red["tax_lines"][0]["price"] = "11.94"
    raw["refunds"][0]["refund_line_items"].append(
        {"id": 1, "line_item_id": red["id"], "quantity": 1, "subtotal": 197.89, "total_tax": 3.98}
    )
    payload = shopify.parse_order(raw, "shopify-us").to_dict()
    assert sum(line["quantity"] for line in payload["lines"]) == 2
    # 3 x 199.00 - 3.33 + 11.94 - (197.89 + 3.98)
    assert _odoo_total(payload) == Decimal("403.74")


def test_shopify_taxes_included_are_not_added_twice():
    raw = samples.shopify_order()
    raw["taxes_included"] = True
    raw["line_items"][1]["current_quantity"] = 1
    payload = shopify.parse_order(raw, "shopify-us").to_dict()
    # 199.00 - 3.33: the State Tax is inside the price
    assert _odoo_total(payload) == Decimal("195.67")


def test_shopify_empty_sku_is_not_replaced_by_the_variant_id():
    raw = samples.shopify_order()
    raw["line_items"][1]["sku"] = ""
    parsed = shopify.parse_order(raw, "shopify-us")
    assert parsed.to_dict()["lines"][0]["sku"] == ""
    assert parsed.lines[0].variant_id == "49148385"


def test_shopify_client_uses_a_current_api_version():
    """The documented sample is served by the fake under the pinned version."""
    assert shopify.API_VERSION == "2026-01"
    raw = samples.shopify_order()
    raw["updated_at"] = "2026-01-10T11:00:00-05:00"
    with FakeShopify("shpat", api_version="2026-01", orders=[raw]) as fake:
        client = shopify.ShopifyClient(fake.base_url, "shpat", requests.Session())
        page = client.list_orders(utc(2026, 1, 1))
    assert [order["id"] for order in page.orders] == [450789469]


def test_woocommerce_documented_order_totals_with_tax():
    """Order 727: prices without tax (prices_include_tax false), total_tax 1.35,
    flat rate 10.00, total 29.35; line 315 has ``"sku": ""``."""
    parsed = woocommerce.parse_order(samples.woocommerce_order(), "woo-us")
    payload = parsed.to_dict()
    assert _odoo_total(payload) == Decimal("29.35")
    assert payload["payment"]["amount"] == 29.35
    # the SKU-less product keeps no SKU (never its product id): bindings find it
    assert {line["sku"] for line in payload["lines"]} == {"", "Bar3"}
    assert {(line.item_id, line.variant_id) for line in parsed.lines} == {
        ("93", None),
        ("22", "23"),
    }
    assert sum(line["quantity"] for line in payload["lines"] if not line["sku"]) == 2


def test_woocommerce_order_discount_fee_spread_to_the_cent():
    """A negative fee line (an order-level discount) is spread over the lines by the
    largest remainder: the order still totals the platform's total."""
    raw = samples.woocommerce_order()
    raw["fee_lines"] = [{"id": 9, "name": "Diskon", "total": "-1.00", "total_tax": "0.00"}]
    raw["total"] = "28.35"
    payload = woocommerce.parse_order(raw, "woo-us").to_dict()
    assert _odoo_total(payload) == Decimal("28.35")


def test_allocate_by_largest_remainder():
    assert allocate("10.00", [199, 199, 199]) == [
        Decimal("3.34"),
        Decimal("3.33"),
        Decimal("3.33"),
    ]
    parts = allocate("1000.01", [3, 7, 11, 13])
    assert sum(parts) == Decimal("1000.01")
    assert allocate("0", [1, 2]) == [Decimal(0), Decimal(0)]


def test_exact_lines_reach_the_amount_to_the_cent():
    for quantity, unit, net in [
        (3, "100.00", "100.00"),
        (7, "149999.00", "1000000.00"),
        (1, "202.98", "199.65"),
        (2, "3.225", "6.45"),
    ]:
        lines = exact_lines("X", quantity, unit, net)
        assert sum(line.quantity for line in lines) == quantity
        total = sum(
            odoo_line_total(line.unit_price, line.quantity, line.discount) for line in lines
        )
        assert total == Decimal(net)


def test_tiktok_city_when_district_info_stops_at_the_country():
    recipient = {
        "name": "Budi",
        "address_detail": "Jl. Kemang Raya No. 5",
        "full_address": "Jl. Kemang Raya No. 5, Mampang Prapatan, Jakarta Selatan, "
        "DKI Jakarta, Indonesia",
        "region_code": "ID",
        "postal_code": "12730",
        "district_info": [
            {"address_level_name": "Country", "address_name": "Indonesia", "address_level": "L0"}
        ],
    }
    assert tiktok.city_of(recipient) == "Jakarta Selatan"


def test_tiktok_us_city_is_not_the_county():
    recipient = {
        "region_code": "US",
        "district_info": [
            {
                "address_level_name": "Country",
                "address_name": "United States",
                "address_level": "L0",
            },
            {"address_level_name": "State", "address_name": "California", "address_level": "L1"},
            {"address_level_name": "County", "address_name": "Orange", "address_level": "L2"},
            {"address_level_name": "City", "address_name": "Irvine", "address_level": "L3"},
        ],
    }
    assert tiktok.city_of(recipient) == "Irvine"


def test_shopee_detail_returns_optional_fields_only_when_asked():
    """get_order_detail answers ``item_list``, ``recipient_address``, ``total_amount``
    ... only when named in ``response_optional_fields``: the client names every one
    it maps, so the parsed order still has its lines, address and amount."""
    order = {
        "order_sn": "201218V2Y6E59M",
        "order_status": "READY_TO_SHIP",
        "region": "ID",
        "currency": "IDR",
        "cod": False,
        "create_time": 1717290000,
        "update_time": 1717299000,
        "total_amount": 182000,
        "payment_method": "ShopeePay",
        "pay_time": 1717290100,
        "recipient_address": {
            "name": "Budi",
            "phone": "6281234567890",
            "city": "Jakarta Pusat",
            "state": "DKI Jakarta",
            "region": "ID",
            "zipcode": "10350",
            "full_address": "Jl. Sudirman 1",
        },
        "item_list": [
            {
                "item_id": 100001,
                "item_sku": "KAOS",
                "model_id": 200001,
                "model_sku": "KAOS-M",
                "model_quantity_purchased": 2,
                "model_original_price": 80000,
                "model_discounted_price": 70000,
            },
            {
                "item_id": 100002,
                "item_sku": "STIKER",
                "model_id": 0,
                "model_sku": "",
                "model_quantity_purchased": 1,
                "model_original_price": 30000,
                "model_discounted_price": 30000,
            },
        ],
        "estimated_shipping_fee": 12000,
        "shipping_carrier": "JNE Reguler",
    }
    fake_class = load("shopee").FakeShopee
    with fake_class(2001234, "shpk", 99001, "tok", [order]) as fake:
        bare = requests.get(
            f"{fake.base_url}/api/v2/order/get_order_detail",
            params={"order_sn_list": order["order_sn"]},
            timeout=10,
        )
        client = shopee.ShopeeClient(
            fake.base_url,
            2001234,
            "shpk",
            99001,
            "tok",
            requests.Session(),
            clock=lambda: 1717300000,
        )
        details = client.get_order_details([order["order_sn"]])
    # the fake refuses unsigned calls or answers without the optional blocks
    assert "item_list" not in str(bare.json().get("response") or {})
    assert len(details) == 1 and "item_list" in details[0]
    payload = shopee.parse_order(details[0], "shopee-id").to_dict()
    assert [(line["sku"], line["quantity"]) for line in payload["lines"]] == [
        ("KAOS-M", 2.0),
        ("STIKER", 1.0),
    ]
    assert _odoo_total(payload) == Decimal("182000.00")
    assert payload["payment"]["amount"] == 182000.0


def test_shopee_documented_order_totals_the_buyers_total_amount():
    """Order 2404098R48U37H, the response example of get_order_detail, served by the
    fake and read by the client: one item listed at 300000 and sold at 48000, estimated
    shipping 5000, ``total_amount`` 32119 (the vouchers making up the difference are not
    itemised in this answer). The order totals what the buyer pays, 32119, exactly."""
    raw = samples.shopee_order()
    with FakeShopee(2001234, "shpk", 99001, "tok", [raw]) as fake:
        client = shopee.ShopeeClient(
            fake.base_url,
            2001234,
            "shpk",
            99001,
            "tok",
            requests.Session(),
            clock=lambda: 1713140000,
        )
        details = client.get_order_details(["2404098R48U37H"])
    assert len(details) == 1
    parsed = shopee.parse_order(details[0], "shopee-vn")
    payload = parsed.to_dict()
    assert [(line["sku"], line["quantity"]) for line in payload["lines"]] == [
        ("QAZ-SADOER-05", 1.0)
    ]
    assert [(line.item_id, line.variant_id) for line in parsed.lines] == [
        ("23620853561", "221404189791")
    ]
    assert payload["currency"] == "VND"
    assert payload["shipping"]["fee"] == 5000.0
    assert _odoo_total(payload) == Decimal("32119")
    assert payload["payment"] == {"method": "cod", "status": "paid", "amount": 32119.0}


def test_lazada_documented_order_with_its_documented_item():
    """GetOrder's example order 16090 (COD, price 99.00, shipping_fee 0.00) with
    GetOrderItems' example item BRSD#02 (item_price and paid_price 99.00), pulled
    through the fake gateway (``/orders/get`` then ``/orders/items/get``)."""
    raw = samples.lazada_order()
    with FakeLazada("123456", "helloworld", "test", [raw]) as fake:
        client = lazada.LazadaClient(
            fake.base_url_rest,
            "123456",
            "helloworld",
            "test",
            requests.Session(),
            clock=lambda: 1717300000,
        )
        page = client.list_orders(utc(2014, 10, 1))
    assert [order["order_id"] for order in page.orders] == ["16090"]
    payload = lazada.parse_order(page.orders[0], "lazada-sg").to_dict()
    assert [(line["sku"], line["quantity"]) for line in payload["lines"]] == [("BRSD#02", 1.0)]
    assert payload["currency"] == "SGD"
    assert _odoo_total(payload) == Decimal("99.00")
    assert payload["payment"] == {"method": "cod", "status": "unpaid", "amount": 99.0}


def test_tiktok_documented_order_rows_and_its_placeholder_total():
    """Get Order Detail's response example, pulled through the fake: one row
    red_iphone_256 at 0.01 with 21.2 sales tax on top, shipping 5000 + 11 tax. The
    example's ``payment`` amounts are placeholders ("5000" for sub_total, tax,
    discounts and total_amount alike) that its own rows contradict: the parsed order
    keeps the rows' amounts and the documented total_amount, so the import holds the
    difference for review instead of inventing a discount."""
    raw = samples.tiktok_order()
    with FakeTikTokShop("6abc123def", "tts-secret", "tok", "ROW_cipher", [raw]) as fake:
        client = tiktok.TikTokShopClient(
            fake.base_url,
            "6abc123def",
            "tts-secret",
            "tok",
            "ROW_cipher",
            requests.Session(),
            clock=lambda: 1717300000,
        )
        page = client.list_orders(utc(2021, 1, 1))
    assert [order["id"] for order in page.orders] == ["576461413038785752"]
    parsed = tiktok.parse_order(page.orders[0], "tiktok-id")
    payload = parsed.to_dict()
    assert [(line["sku"], line["quantity"]) for line in payload["lines"]] == [
        ("red_iphone_256", 1.0)
    ]
    assert [(line.item_id, line.variant_id) for line in parsed.lines] == [
        ("1729582718312380123", "2729382476852921560")
    ]
    assert payload["currency"] == "IDR"
    assert payload["shipping"]["fee"] == 5011.0
    assert _odoo_total(payload) == Decimal("5032.21")
    assert payload["payment"]["amount"] == 5000.0
