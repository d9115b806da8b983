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


READERS = {
    "shopee": shopee_fetch,
    "woocommerce": woocommerce_fetch,
}
PARSERS = {
    "shopee": shopee_parse,
    "woocommerce": woocommerce_parse,
}


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
