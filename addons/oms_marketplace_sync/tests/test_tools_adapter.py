# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The adapter interface and registry (no database): every platform is one class
behind the same interface, the adapters share code only through their base, and
``tools/`` stays free of Odoo."""

import ast
import inspect
from datetime import datetime
from pathlib import Path

import pytest

from ..tools import adapter, lazada, shopee, shopify, tiktok, woocommerce
from ..tools.adapter import Credentials, MarketplaceAdapter, Settings
from .test_tools_shopee import _order as shopee_raw

TOOLS = Path(adapter.__file__).parent
MODULES = {
    "shopee": shopee,
    "tiktok": tiktok,
    "lazada": lazada,
    "shopify": shopify,
    "woocommerce": woocommerce,
}


def _adapter(code, **creds):
    return MarketplaceAdapter.for_platform(
        code, Settings(base_url="https://127.0.0.1"), Credentials(**creds)
    )


def test_one_registered_class_per_platform_in_its_module():
    assert [code for code, _label in adapter.platform_selection()] == list(MODULES)
    for code, module in MODULES.items():
        cls = adapter.adapter_class(code)
        assert issubclass(cls, MarketplaceAdapter)
        assert inspect.getmodule(cls) is module
        assert not inspect.isabstract(cls)
    assert adapter.codes_where("refreshable") == ["lazada", "shopee", "tiktok"]
    assert adapter.codes_where("stock_readable") == ["shopee", "tiktok"]
    with pytest.raises(ValueError):
        adapter.adapter_class("ebay")


def test_adapters_share_no_copied_method():
    """No two adapter classes define a method with the same body: what they share
    lives in MarketplaceAdapter."""
    seen = {}
    for code in MODULES:
        cls = adapter.adapter_class(code)
        tree = ast.parse(inspect.getsource(cls))
        for node in tree.body[0].body:
            if isinstance(node, ast.FunctionDef):
                body = ast.dump(ast.Module(body=node.body, type_ignores=[]))
                assert body not in seen, f"{code}.{node.name} repeats {seen.get(body)}"
                seen[body] = f"{code}.{node.name}"


def test_tools_import_no_odoo():
    for path in TOOLS.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            else:
                continue
            assert not any(n == "odoo" or n.startswith("odoo.") for n in names), path.name


def test_order_identity_and_rows_through_the_interface():
    raw = shopee_raw(
        7,
        1717300000,
        item_list=[{"item_id": 11, "model_id": 0, "item_sku": "KAOS"}],
    )
    shop = _adapter("shopee")
    assert shop.order_ref(raw) == "240600000007"
    assert shop.update_time(raw) == datetime(2024, 6, 2, 3, 46, 40)
    # a Shopee row is named by item and model (as in the order's package_list)
    assert shop.listings(raw) == [adapter.Listing("KAOS", "11", None, "11:0")]
    assert shop.return_reference("X1") == "SHOPEE-RET-X1"
    woo = _adapter("woocommerce")
    row = {"id": 5, "product_id": 9, "variation_id": 0, "sku": ""}
    # an empty SKU stays empty (the product id is no SKU): bindings find it by id
    assert woo.listings({"line_items": [row]}) == [adapter.Listing("", "9", None, "5")]
    assert woo.webhook_target({"id": 3}, topic="order.created") == ("order", {"id": 3})
    # routed by the topic header (X-WC-Webhook-Topic / X-Shopify-Topic), not the body
    assert woo.webhook_target({"id": 3}, topic="product.updated") == ("ignore", "product.updated")
    assert woo.webhook_target({"id": 3}) == ("ignore", "")
    assert woo.webhook_target({"id": 3}, topic="order.deleted") == ("pull", None)
    assert woo.webhook_topic({"x-wc-webhook-topic": "Order.Updated"}) == "order.updated"
    shopify_adapter = _adapter("shopify")
    assert shopify_adapter.webhook_target({"id": 3}, topic="products/update")[0] == "ignore"
    assert shopify_adapter.webhook_target({"id": 3}, topic="orders/cancelled")[0] == "order"
    assert shopify_adapter.webhook_target({"id": 9, "order_id": 3}, topic="refunds/create") == (
        "pull",
        None,
    )
    assert _adapter("tiktok").webhook_topic({"X-Shopify-Topic": "products/update"}) == ""
    assert _adapter("tiktok").webhook_target({"type": 1}) == ("pull", None)
    assert shop.webhook_target({"data": {"ordersn": "A1"}}) == ("refs", ["A1"])


def test_woocommerce_ping_shape():
    """``WC_Webhook::deliver_ping()`` (woocommerce/woocommerce, includes/class-wc-webhook.php)
    posts ``webhook_id=<id>`` with no signature header; nothing else passes unsigned."""
    woo = _adapter("woocommerce", webhook_secret="whs")
    assert woo.is_webhook_ping({"User-Agent": "WooCommerce/9.4.2 Hookshot"}, b"webhook_id=17")
    assert woo.is_webhook_ping({}, b"", {"webhook_id": ["17"]})
    assert not woo.is_webhook_ping({}, b"", {"webhook_id": ["17", "18"]})
    assert not woo.is_webhook_ping({}, b"", {"webhook_id": ["17"], "x": ["1"]})
    assert not woo.is_webhook_ping({}, b"", {})
    assert not woo.is_webhook_ping({}, b"webhook_id=17\n")
    assert not woo.is_webhook_ping({}, b"webhook_id=-1")
    assert not woo.is_webhook_ping({"X-WC-Webhook-Signature": ""}, b"webhook_id=17")
    assert not _adapter("shopify").is_webhook_ping({}, b"webhook_id=17")


def test_webhooks_need_their_credentials():
    body = b'{"id": 1}'
    signed = {"X-WC-Webhook-Signature": woocommerce.webhook_signature("whs", body)}
    assert _adapter("woocommerce", webhook_secret="whs").verify_webhook(signed, body)
    assert not _adapter("woocommerce").verify_webhook(signed, body)
    headers = {"Authorization": tiktok.webhook_signature("key", "secret", body)}
    assert _adapter("tiktok", app_key="key", app_secret="secret").verify_webhook(headers, body)
    assert not _adapter("tiktok", app_secret="secret").verify_webhook(headers, body)
    url = "https://shop.example/oms/marketplace/1/webhook"
    headers = {"Authorization": shopee.push_signature("pk", url, body)}
    assert _adapter("shopee", partner_key="pk").verify_webhook(headers, body, urls=["", url])
    assert not _adapter("shopee", partner_key="pk").verify_webhook(headers, body, urls=[])


def test_pull_windows_follow_the_platform():
    now = datetime(2024, 6, 30)
    since = datetime(2024, 6, 1)
    assert adapter.adapter_class("shopee").pull_window(since, now) == (
        since,
        since + shopee.MAX_RANGE,
    )
    assert adapter.adapter_class("lazada").pull_window(since, now) == (since, now)
    assert adapter.adapter_class("shopee").earliest_since(since, now) == now - shopee.MAX_RANGE


def test_platforms_without_token_refresh_or_stock_reading_say_so():
    with pytest.raises(adapter.PlatformError) as refused:
        _adapter("shopify").refresh_tokens()
    assert refused.value.code == "no_refresh"
    with pytest.raises(adapter.PlatformError) as refused:
        _adapter("woocommerce").get_stock([])
    assert refused.value.code == "stock_unreadable"
