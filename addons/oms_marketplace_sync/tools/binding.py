# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""What the model layer needs to know about a raw platform order, per platform.

Plain Python, no Odoo: the platform's order reference, its update time, the
listing identifiers of its lines (kept on the product mappings and used to push
stock, shipments and cancellations back) and what a webhook names.
"""

import hashlib
import json
from datetime import datetime

from . import lazada, shopee, shopify, tiktok, woocommerce
from .common import iso_utc

MODULES = {
    "shopee": shopee,
    "tiktok": tiktok,
    "lazada": lazada,
    "shopify": shopify,
    "woocommerce": woocommerce,
}

_UPDATE_KEYS = {
    "shopee": ("update_time",),
    "tiktok": ("update_time",),
    "lazada": ("updated_at",),
    "shopify": ("updated_at",),
    "woocommerce": ("date_modified_gmt", "date_modified"),
}


def order_ref(platform, raw):
    """The platform's own order number (the OMS ``external_ref``)."""
    if platform == "shopee":
        return str(raw["order_sn"])
    if platform == "lazada":
        return str(raw["order_id"])
    return str(raw["id"])


def update_time(platform, raw):
    """When the platform last changed the order, as a naive UTC datetime (None if unknown)."""
    for key in _UPDATE_KEYS[platform]:
        if raw.get(key) not in (None, ""):
            text = iso_utc(raw[key])
            return datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ")
    return None


def payload_hash(raw):
    """Digest of a raw order, to skip re-imports of an unchanged order."""
    text = json.dumps(raw, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def _rows(platform, raw):
    key = {
        "shopee": "item_list",
        "tiktok": "line_items",
        "lazada": "order_items",
        "shopify": "line_items",
        "woocommerce": "line_items",
    }[platform]
    return raw.get(key) or []


def _text(value):
    return None if value in (None, "", 0, "0") else str(value)


def listings(platform, raw):
    """One dict per order row: the SKU the adapter puts in the capture payload and
    the platform's identifiers of the listing (``item_id``, ``variant_id``) and of
    the row itself (``line_id``, used by TikTok and Lazada shipments)."""
    result = []
    for row in _rows(platform, raw):
        if platform == "shopee":
            sku = row.get("model_sku") or row.get("item_sku") or str(row.get("item_id"))
            ids = (row.get("item_id"), row.get("model_id"), None)
        elif platform == "tiktok":
            sku = row.get("seller_sku") or str(row.get("sku_id"))
            ids = (row.get("product_id"), row.get("sku_id"), row.get("id"))
        elif platform == "lazada":
            sku = row.get("sku") or row.get("shop_sku") or ""
            ids = (row.get("product_id"), row.get("sku_id"), row.get("order_item_id"))
        elif platform == "shopify":
            sku = row.get("sku") or str(row.get("variant_id") or row.get("id"))
            ids = (None, row.get("variant_id"), row.get("id"))
        else:
            sku = row.get("sku") or str(row.get("variation_id") or row.get("product_id"))
            ids = (row.get("product_id"), row.get("variation_id"), row.get("id"))
        item_id, variant_id, line_id = (_text(value) for value in ids)
        result.append(
            {"sku": sku, "item_id": item_id, "variant_id": variant_id, "line_id": line_id}
        )
    return result


def return_reference(platform, order_ref):
    """The return reference of a platform order the platform reports as returned.

    The order feeds (Shopee ``TO_RETURN``, Lazada ``returned``/``shipped_back``/
    ``failed_delivery``) say that an order is being returned but carry no return id,
    so the order number identifies its one return: replays and later updates of the
    same order find the same return request."""
    return f"{platform.upper()}-RET-{order_ref}"


def webhook_target(platform, body):
    """What a verified webhook asks for: ``("refs", [order numbers])`` to fetch,
    ``("order", raw order)`` when the webhook carries the order itself, or
    ``("pull", None)`` when an incremental pull is the way to read it."""
    if platform == "shopee":
        data = body.get("data") or {}
        ref = data.get("ordersn") or data.get("order_sn")
        return ("refs", [str(ref)]) if ref else ("pull", None)
    if platform in ("shopify", "woocommerce"):
        return ("order", body) if body.get("id") else ("pull", None)
    return ("pull", None)
