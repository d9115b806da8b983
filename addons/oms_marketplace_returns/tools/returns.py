# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The platforms' returns and refunds, read through the order adapters' clients
(plain Python, no Odoo).

Each platform has a reader: ``fetch(client, since, cursor, page_size)`` returns one
:class:`ReturnPage` of :class:`PlatformReturn`, the platform's after-sales record in
one shape: its id, the order it belongs to, its status in our words, the items and
quantities going back, the amount the platform refunds (tax included) and whether
the goods come back at all. The documentation each reader follows is named in its
docstring.
"""

import hashlib
import json
from dataclasses import dataclass, field
from datetime import UTC, datetime

from odoo.addons.oms_marketplace_sync.tools.common import epoch_seconds, iso_utc, to_number
from odoo.addons.oms_marketplace_sync.tools.shopify import next_page_info

# our statuses of a platform return, in the order they happen
REQUESTED = "requested"
APPROVED = "approved"
SHIPPED = "shipped"  # the buyer sent the parcel back
RECEIVED = "received"  # the platform or the seller confirmed the parcel
REFUNDED = "refunded"
CANCELLED = "cancelled"  # cancelled by the buyer, rejected or closed without refund
STATUSES = (REQUESTED, APPROVED, SHIPPED, RECEIVED, REFUNDED, CANCELLED)


@dataclass
class ReturnLine:
    sku: str
    quantity: float
    item_id: str = ""
    variant_id: str = ""


@dataclass
class PlatformReturn:
    ref: str
    order_ref: str
    status: str
    platform_status: str
    lines: list = field(default_factory=list)
    refund_amount: float = 0.0
    currency: str = ""
    goods_back: bool = True
    reason: str = ""
    tracking: str = ""
    update_time: datetime | None = None
    raw: dict = field(default_factory=dict)

    def digest(self):
        canonical = json.dumps(self.raw, sort_keys=True, separators=(",", ":"), default=str)
        return hashlib.sha256(canonical.encode()).hexdigest()


@dataclass
class ReturnPage:
    returns: list
    next_cursor: str | None = None

    @property
    def has_more(self):
        return self.next_cursor is not None


def _epoch(value):
    return datetime.fromtimestamp(int(value), UTC).replace(tzinfo=None) if value else None


def _iso(value):
    """A naive UTC datetime from an ISO date (no offset: UTC)."""
    text = iso_utc(value) if value else None
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ") if text else None


# ---------------------------------------------------------------------------
# Shopee
# ---------------------------------------------------------------------------

SHOPEE_PATH_RETURN_LIST = "/api/v2/returns/get_return_list"
SHOPEE_PATH_RETURN_DETAIL = "/api/v2/returns/get_return_detail"
SHOPEE_STATUSES = {
    "REQUESTED": REQUESTED,
    "JUDGING": REQUESTED,
    "SELLER_DISPUTE": REQUESTED,
    "ACCEPTED": APPROVED,
    "PROCESSING": SHIPPED,
    "REFUND_PAID": REFUNDED,
    "CANCELLED": CANCELLED,
    "CLOSED": CANCELLED,
}
SHOPEE_MAX_RANGE = 15 * 24 * 3600


def shopee_parse(raw):
    """One return of ``v2.returns.get_return_list`` / ``get_return_detail``
    (Shopee Open Platform, API reference > returns: ``return_sn``, ``order_sn``,
    ``status``, ``needs_logistics``, ``refund_amount``, ``item[]`` with
    ``item_id``, ``model_id``, ``item_sku``, ``variation_sku``, ``amount``)."""
    lines = [
        ReturnLine(
            sku=(item.get("variation_sku") or item.get("item_sku") or "").strip(),
            quantity=to_number(item.get("amount"), 0),
            item_id=str(item.get("item_id") or ""),
            variant_id=str(item.get("model_id") or ""),
        )
        for item in raw.get("item") or []
    ]
    status = raw.get("status") or ""
    return PlatformReturn(
        ref=str(raw["return_sn"]),
        order_ref=str(raw["order_sn"]),
        status=SHOPEE_STATUSES.get(status, REQUESTED),
        platform_status=status,
        lines=lines,
        refund_amount=to_number(raw.get("refund_amount")),
        currency=raw.get("currency") or "",
        goods_back=bool(raw.get("needs_logistics", True)),
        reason=" - ".join(filter(None, (raw.get("reason"), raw.get("text_reason")))),
        tracking=raw.get("tracking_number") or "",
        update_time=_epoch(raw.get("update_time")),
        raw=raw,
    )


def shopee_fetch(client, since, cursor=None, page_size=50):
    """``GET /api/v2/returns/get_return_list``: ``page_no``/``page_size`` pages of
    the returns updated in a window of at most 15 days (``update_time_from``,
    ``update_time_to``); ``more`` says whether a next page exists."""
    page_no = int(cursor or 0)
    time_from = epoch_seconds(since)
    time_to = min(int(client.clock()), time_from + SHOPEE_MAX_RANGE)
    data = client._call(
        "GET",
        SHOPEE_PATH_RETURN_LIST,
        params={
            "page_no": page_no,
            "page_size": min(page_size, 100),
            "update_time_from": time_from,
            "update_time_to": time_to,
        },
    )
    response = data.get("response") or {}
    returns = [shopee_parse(raw) for raw in response.get("return") or []]
    return ReturnPage(returns, str(page_no + 1) if response.get("more") else None)


# ---------------------------------------------------------------------------
# WooCommerce
# ---------------------------------------------------------------------------

# relative to the client's API root, /wp-json/wc/v3
WOO_RESOURCE_REFUNDS = "refunds"


def woocommerce_parse(raw):
    """One refund of ``GET /wp-json/wc/v3/refunds`` (WooCommerce REST API docs,
    "Refunds" and "Order refunds": ``id``, ``parent_id`` (the order), ``amount``
    (the total refunded, taxes included), ``reason``, ``date_created_gmt``,
    ``line_items[]`` with negative ``quantity``). A refund is money that has been
    given back: its status is *refunded*. WooCommerce does not say whether the
    goods came back; a refund naming line items is recorded as a return of them,
    one without (an amount only) as a refund with no goods back."""
    lines = [
        ReturnLine(
            sku=(item.get("sku") or "").strip(),
            quantity=abs(to_number(item.get("quantity"), 0)),
            item_id=str(item.get("product_id") or ""),
            variant_id=str(item.get("variation_id") or ""),
        )
        for item in raw.get("line_items") or []
        if to_number(item.get("quantity"), 0)
    ]
    return PlatformReturn(
        ref=str(raw["id"]),
        order_ref=str(raw["parent_id"]),
        status=REFUNDED,
        platform_status="refunded",
        lines=lines,
        refund_amount=abs(to_number(raw.get("amount"))),
        goods_back=bool(lines),
        reason=raw.get("reason") or "",
        update_time=_iso(raw.get("date_created_gmt")),
        raw=raw,
    )


def woocommerce_fetch(client, since, cursor=None, page_size=50):
    """``GET /wp-json/wc/v3/refunds?after=…&dates_are_gmt=true&page=&per_page=``;
    the ``X-WP-TotalPages`` header says how many pages there are."""
    page = int(cursor or 1)
    response = client._request(
        "GET",
        WOO_RESOURCE_REFUNDS,
        params={
            "after": since.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S"),
            "dates_are_gmt": "true",
            "page": page,
            "per_page": min(page_size, 100),
            "orderby": "date",
            "order": "asc",
        },
    )
    rows = response.json()
    total_pages = int(response.headers.get("X-WP-TotalPages") or 1)
    returns = [woocommerce_parse(raw) for raw in rows]
    return ReturnPage(returns, str(page + 1) if page < total_pages else None)


# ---------------------------------------------------------------------------
# TikTok Shop
# ---------------------------------------------------------------------------

TIKTOK_PATH_RETURNS_SEARCH = "/return_refund/202309/returns/search"
TIKTOK_STATUSES = {
    "RETURN_OR_REFUND_REQUEST_PENDING": REQUESTED,
    "AWAITING_BUYER_RESPONSE": REQUESTED,
    "AWAITING_BUYER_SHIP": APPROVED,
    "BUYER_SHIPPED_ITEM": SHIPPED,
    "REJECT_RECEIVE_PACKAGE": RECEIVED,
    "RETURN_OR_REFUND_REQUEST_SUCCESS": RECEIVED,
    "RETURN_OR_REFUND_REQUEST_COMPLETE": REFUNDED,
    "REFUND_OR_RETURN_REQUEST_REJECT": CANCELLED,
    "REFUND_RETURN_REQUEST_REJECT": CANCELLED,
    "RETURN_OR_REFUND_REQUEST_CANCEL": CANCELLED,
}


def tiktok_parse(raw):
    """One ``return_orders[]`` row of Search Returns 202309 (TikTok Shop Partner
    Center, Return and Refund API > Search Returns; the SDK's
    ``SearchReturnsResponseV202309``): ``return_id``, ``order_id``,
    ``return_type`` (REFUND: no goods back; RETURN_AND_REFUND; REPLACEMENT),
    ``return_status``, ``return_reason``/``return_reason_text``,
    ``return_tracking_number``, ``refund_amount.refund_total`` (a string, tax
    included), ``return_line_items[]`` (one row per unit: ``seller_sku``,
    ``sku_id``, ``order_line_item_id``), ``create_time``/``update_time``."""
    status = raw.get("return_status") or ""
    if (
        raw.get("return_type") == "RETURN_AND_REFUND"
        and status == "RETURN_OR_REFUND_REQUEST_SUCCESS"
    ):
        mapped = RECEIVED
    elif status == "RETURN_OR_REFUND_REQUEST_SUCCESS":
        mapped = APPROVED
    else:
        mapped = TIKTOK_STATUSES.get(status, REQUESTED)
    return PlatformReturn(
        ref=str(raw["return_id"]),
        order_ref=str(raw["order_id"]),
        status=mapped,
        platform_status=status,
        lines=[
            ReturnLine(
                sku=(row.get("seller_sku") or "").strip(),
                quantity=1.0,
                item_id=str(row.get("product_id") or ""),
                variant_id=str(row.get("sku_id") or ""),
            )
            for row in raw.get("return_line_items") or []
        ],
        refund_amount=to_number((raw.get("refund_amount") or {}).get("refund_total")),
        currency=(raw.get("refund_amount") or {}).get("currency") or "",
        goods_back=raw.get("return_type") != "REFUND",
        reason=" - ".join(filter(None, (raw.get("return_reason"), raw.get("return_reason_text")))),
        tracking=raw.get("return_tracking_number") or "",
        update_time=_epoch(raw.get("update_time") or raw.get("create_time")),
        raw=raw,
    )


def tiktok_fetch(client, since, cursor=None, page_size=50):
    """``POST /return_refund/202309/returns/search``: query ``page_size``,
    ``page_token``, ``sort_field=update_time``; body ``update_time_ge`` (epoch
    seconds); the answer's ``next_page_token`` names the next page."""
    data = client._call(
        "POST",
        TIKTOK_PATH_RETURNS_SEARCH,
        query={
            "page_size": min(page_size, 50),
            "page_token": cursor,
            "sort_field": "update_time",
            "sort_order": "ASC",
        },
        body={"update_time_ge": epoch_seconds(since)},
    )
    returns = [tiktok_parse(raw) for raw in data.get("return_orders") or []]
    return ReturnPage(returns, data.get("next_page_token") or None)


# ---------------------------------------------------------------------------
# Lazada
# ---------------------------------------------------------------------------

LAZADA_API_REVERSE_ORDERS = "/reverse/getreverseordersforseller"
# the reverse order's status words, from the most advanced state down
LAZADA_STATUS_WORDS = (
    (("CANCEL", "REJECT", "REFUSE"), CANCELLED),
    (("REFUND_SUCCESS", "REFUND_ISSUED", "REFUND_PAID", "REFUNDED"), REFUNDED),
    (("RECEIVE", "DELIVERED", "QC"), RECEIVED),
    (("SHIPPING_BACK", "PICKUP", "PICKED", "SHIPPED", "IN_TRANSIT"), SHIPPED),
    (("AGREE", "APPROVE", "ACCEPT", "PENDING_PICKUP", "WAITING"), APPROVED),
)
STATUS_RANK = {status: rank for rank, status in enumerate(STATUSES)}


def _lazada_status(word):
    word = (word or "").upper()
    for keys, status in LAZADA_STATUS_WORDS:
        if any(key in word for key in keys):
            return status
    return REQUESTED


def lazada_parse(raw):
    """One ``result.items[]`` reverse order of GetReverseOrdersForSeller (Lazada
    Open Platform API reference, Returns & Refund > GetReverseOrdersForSeller,
    ``/reverse/getreverseordersforseller``): ``reverse_order_id``,
    ``trade_order_id``, ``request_type`` (CANCEL, RETURN, ONLY_REFUND),
    ``reverse_order_lines[]`` (one per unit: ``reverse_status``, ``ofc_status``,
    ``seller_sku_id``, ``platform_sku_id``, ``refund_amount`` in cents - except
    Vietnam -, ``reason_text``, ``tracking_number``,
    ``return_order_line_gmt_modified``). The order's status is its least advanced
    active line's; a reverse order whose lines are all cancelled is cancelled.
    ``None`` for a CANCEL request (a cancellation before shipping, which the
    order sync handles)."""
    if raw.get("request_type") == "CANCEL":
        return None
    lines = raw.get("reverse_order_lines") or []
    statuses = [_lazada_status(line.get("reverse_status")) for line in lines]
    active = [s for s in statuses if s != CANCELLED]
    status = min(active, key=STATUS_RANK.get) if active else CANCELLED
    modified = [line.get("return_order_line_gmt_modified") for line in lines]
    modified = [m for m in modified if m]
    cents = sum(to_number(line.get("refund_amount")) for line in lines)
    return PlatformReturn(
        ref=str(raw["reverse_order_id"]),
        order_ref=str(raw["trade_order_id"]),
        status=status,
        platform_status=",".join(sorted({line.get("reverse_status") or "" for line in lines})),
        lines=[
            ReturnLine(
                sku=(line.get("seller_sku_id") or "").strip(),
                quantity=1.0,
                item_id=str((line.get("product") or {}).get("product_id") or ""),
                variant_id=str(line.get("platform_sku_id") or ""),
            )
            for line in lines
            if _lazada_status(line.get("reverse_status")) != CANCELLED
        ],
        refund_amount=cents / 100.0,
        goods_back=raw.get("request_type") != "ONLY_REFUND",
        reason=next((line.get("reason_text") for line in lines if line.get("reason_text")), ""),
        tracking=next(
            (line.get("tracking_number") for line in lines if line.get("tracking_number")), ""
        ),
        update_time=_iso(max(modified)) if modified else None,
        raw=raw,
    )


def lazada_fetch(client, since, cursor=None, page_size=50):
    """``GET /reverse/getreverseordersforseller``: ``page_no`` (from 1),
    ``page_size``, ``ReverseOrderLineModifiedTimeRangeStart``/``End`` (epoch
    milliseconds); ``result.total`` counts the reverse orders."""
    page_no = int(cursor or 1)
    size = min(page_size, 100)
    start = epoch_seconds(since) * 1000
    data = (
        client._call(
            "GET",
            LAZADA_API_REVERSE_ORDERS,
            {
                "page_no": page_no,
                "page_size": size,
                "ReverseOrderLineModifiedTimeRangeStart": start,
                "ReverseOrderLineModifiedTimeRangeEnd": int(client.clock() * 1000),
            },
        )
        or {}
    )
    result = data.get("result") or data
    items = result.get("items") or []
    returns = [r for r in (lazada_parse(raw) for raw in items) if r is not None]
    more = items and page_no * size < int(result.get("total") or 0)
    return ReturnPage(returns, str(page_no + 1) if more else None)


# ---------------------------------------------------------------------------
# Shopify
# ---------------------------------------------------------------------------

SHOPIFY_GOODS_BACK = ("return", "legacy_restock")


def shopify_refunds(order):
    """The refunds of one REST Admin API order (``refunds[]`` of the Order
    resource; Refund resource: ``id``, ``order_id``, ``created_at``,
    ``processed_at``, ``note``, ``refund_line_items[]`` with ``quantity``,
    ``restock_type`` (no_restock, cancel, return, legacy_restock) and
    ``line_item`` (``sku``, ``product_id``, ``variant_id``), ``transactions[]``
    with ``kind`` refund, ``status`` success and ``amount``)."""
    return [
        dict(refund, order_id=refund.get("order_id") or order["id"])
        for refund in order.get("refunds") or []
    ]


def shopify_parse(raw):
    """A Shopify refund: money given back (status *refunded*) for the amount of its
    successful refund transactions; goods come back when a refunded line is
    restocked as a return."""
    rows = raw.get("refund_line_items") or []
    amount = sum(
        to_number(t.get("amount"))
        for t in raw.get("transactions") or []
        if t.get("kind") == "refund" and t.get("status") == "success"
    )
    return PlatformReturn(
        ref=str(raw["id"]),
        order_ref=str(raw["order_id"]),
        status=REFUNDED,
        platform_status="refunded",
        lines=[
            ReturnLine(
                sku=((row.get("line_item") or {}).get("sku") or "").strip(),
                quantity=to_number(row.get("quantity"), 0),
                item_id=str((row.get("line_item") or {}).get("product_id") or ""),
                variant_id=str((row.get("line_item") or {}).get("variant_id") or ""),
            )
            for row in rows
            if to_number(row.get("quantity"), 0)
        ],
        refund_amount=amount,
        goods_back=any(row.get("restock_type") in SHOPIFY_GOODS_BACK for row in rows),
        reason=raw.get("note") or "",
        update_time=_iso(raw.get("processed_at") or raw.get("created_at")),
        raw=raw,
    )


def shopify_fetch(client, since, cursor=None, page_size=50):
    """``GET /admin/api/<version>/orders.json?status=any&updated_at_min=…
    &fields=id,refunds`` (a refund updates its order), paged with the ``Link``
    header's ``page_info``; each order's ``refunds[]`` are its refunds."""
    if cursor:
        params = {"limit": min(page_size, 250), "page_info": cursor, "fields": "id,refunds"}
    else:
        params = {
            "limit": min(page_size, 250),
            "status": "any",
            "updated_at_min": iso_utc(since),
            "fields": "id,refunds",
        }
    response = client._request("GET", "orders.json", params=params)
    orders = (response.json() or {}).get("orders") or []
    returns = [shopify_parse(refund) for order in orders for refund in shopify_refunds(order)]
    return ReturnPage(returns, next_page_info(response))


READERS = {
    "shopee": shopee_fetch,
    "tiktok": tiktok_fetch,
    "lazada": lazada_fetch,
    "shopify": shopify_fetch,
    "woocommerce": woocommerce_fetch,
}
PARSERS = {
    "shopee": shopee_parse,
    "tiktok": tiktok_parse,
    "lazada": lazada_parse,
    "shopify": shopify_parse,
    "woocommerce": woocommerce_parse,
}


# ---------------------------------------------------------------------------
# Webhooks announcing a return
# ---------------------------------------------------------------------------

# TikTok Shop "Return status change" webhook, ``type`` 12 (partner.tiktokshop.com/docv2,
# Webhooks > Return and refund > 12 Return status change; public copy
# lazykern/ecommerce-api-docs data/processed/tiktok/guides/webhooks/return-and-refund/
# 12-return-status-change.md): ``data`` carries ``order_id``, ``return_id``,
# ``return_role``, ``return_type``, ``return_status``, ``create_time``, ``update_time``.
TIKTOK_RETURN_WEBHOOK_TYPE = 12
# Lazada "Reverse order" push, ``message_type`` 10, "Triggered when Reverse order status
# is updated" (open.lazada.com Push Mechanism > Webhook APIs > Reverse order; public
# copies jaq-doc.alibaba.com articleId=120232 and lazykern/ecommerce-api-docs
# data/processed/lazada/guides/push-mechanismwebhook-application/webhook-apis/
# webhook-api-reverse-order.md): ``data`` carries ``reverse_order_id``,
# ``trade_order_id``, ``reverse_order_line_id``, ``reverse_status`` and
# ``status_update_time``.
LAZADA_REVERSE_PUSH_TYPE = 10


def webhook_return_refs(platform, body):
    """The platform return ids a verified webhook announces ([] for any other one)."""
    if not isinstance(body, dict) or not isinstance(body.get("data"), dict):
        return []
    data = body["data"]
    if platform == "tiktok" and _int(body.get("type")) == TIKTOK_RETURN_WEBHOOK_TYPE:
        ref = data.get("return_id")
    elif platform == "lazada" and _int(body.get("message_type")) == LAZADA_REVERSE_PUSH_TYPE:
        ref = data.get("reverse_order_id")
    else:
        return []
    return [str(ref)] if ref not in (None, "") else []


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def tiktok_fetch_refs(client, refs):
    """Search Returns 202309 filtered on the announced ``return_ids`` (a documented
    body filter of search-returns-202309)."""
    data = client._call(
        "POST",
        TIKTOK_PATH_RETURNS_SEARCH,
        query={"page_size": 50},
        body={"return_ids": [str(ref) for ref in refs]},
    )
    return [tiktok_parse(raw) for raw in data.get("return_orders") or []]


def lazada_fetch_refs(client, refs):
    """GetReverseOrdersForSeller filtered on ``reverse_order_id`` ("Specify reverse
    order id"), one call per announced reverse order; a cancellation request (CANCEL)
    is left to the order sync."""
    returns = []
    for ref in refs:
        data = (
            client._call(
                "GET",
                LAZADA_API_REVERSE_ORDERS,
                {"page_no": 1, "page_size": 10, "reverse_order_id": int(ref)},
            )
            or {}
        )
        result = data.get("result") or data
        returns += [lazada_parse(raw) for raw in result.get("items") or []]
    return [ret for ret in returns if ret is not None]


REF_READERS = {"tiktok": tiktok_fetch_refs, "lazada": lazada_fetch_refs}


def fetch_return_refs(platform, client, refs):
    """The :class:`PlatformReturn` of the named platform returns, read from the
    platform (a webhook names a return, the platform's API gives it whole)."""
    reader = REF_READERS.get(platform)
    return reader(client, refs) if reader and refs else []


def parse_return(platform, raw):
    """The :class:`PlatformReturn` of one raw platform return."""
    return PARSERS[platform](raw)


def fetch_returns(platform, client, since, cursor=None, page_size=50):
    """One :class:`ReturnPage` of the returns of ``platform`` updated since
    ``since``; ``None`` for a platform without a reader."""
    reader = READERS.get(platform)
    if reader is None:
        return None
    return reader(client, since, cursor=cursor, page_size=page_size)
