# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Lazada Open Platform adapter (plain Python, no Odoo).

Documented rules implemented here (Lazada Open Platform docs, "Signature
algorithm" and "HTTP request sample", open.lazada.com/apps/doc; and "Lazada Push
Mechanism", docId 120168):

* Signature: sort all request parameters except ``sign`` (and byte-array ones)
  by name in ASCII order, concatenate ``name + value``, put the API name (e.g.
  ``/order/get``) in front, append the body if any, take HMAC-SHA256 with the app
  secret and write it as upper-case hex. System parameters are ``app_key``,
  ``timestamp`` (milliseconds), ``sign_method=sha256``, ``access_token``, ``sign``.
  The documented sample (secret ``helloworld``) gives
  ``4190D32361CFB9581350222F345CB77F3B19F0E31D162316848A2C1FFD5FAB4A``.
* Push verification: ``Authorization = HEX(HMAC-SHA256(app_secret, app_key + body))``
  (lower-case hex).
* ``/orders/get``: ``update_after`` (ISO 8601), ``sort_by=updated_at``,
  ``sort_direction``, ``offset`` and ``limit`` (<= 100); the answer has
  ``data.count``, ``data.countTotal`` and ``data.orders``. Items come from
  ``/orders/items/get`` with ``order_ids`` as a JSON list (<= 50 ids). Each order
  item is one unit.
* Answers are ``{"code": "0", "data": ..., "request_id": ...}``; errors are
  ``{"type": "ISV", "code": "...", "message": "...", "request_id": ...}``.
* Token refresh: ``/auth/token/refresh`` on https://auth.lazada.com/rest, signed like any
  call but without ``access_token``; ``expires_in``/``refresh_expires_in`` in seconds at the
  top level. An expired token is refused with ``IllegalAccessToken``.
* Statuses (``statuses`` of an order, one per item): unpaid, pending, packed,
  ready_to_ship, ready_to_ship_pending, shipped, delivered, confirmed,
  failed_delivery, lost_by_3pl, damaged_by_3pl, canceled, returned, shipped_back*.

Verification against the documentation (open.lazada.com/apps/doc/api pages, public
copies scraped 2026-05):

Verified items (item -- source -- status):
* ``/orders/get``: ``update_after`` (ISO 8601), ``sort_by`` created_at/updated_at,
  ``sort_direction`` ASC/DESC, ``offset``, ``limit`` <= 100, ``status``; answer
  ``data.count/countTotal/orders`` -- source: GetOrders,
  open.lazada.com/apps/doc/api?path=%2Forders%2Fget -- status: verified
* Fulfilment -- source: Pack (?path=%2Forder%2Ffulfill%2Fpack), ReadyToShip
  (?path=%2Forder%2Fpackage%2Frts), "Fulfillment orders - Lazada" guide
  (developer.alibaba.com articleId=121328) -- status: fixed: ``/order/rts`` replaced by
  Pack (``packReq``: ``pack_order_list[order_id, order_item_list]``,
  ``delivery_type=dropship``, ``shipping_allocate_type``) then ReadyToShip
  (``readyToShipReq.packages[].package_id``); answers under ``result``, per-row
  ``item_err_code``
* Cancel -- source: InitReverseOrderCancel (?path=%2Forder%2Freverse%2Fcancel%2Fcreate):
  ``order_id``, ``order_item_id_list``, ``reason_id`` -- status: fixed in part:
  ``cancel_items`` implements it; ``cancel_order`` (legacy ``/order/cancel``, per item)
  stays because the account model calls it per order item; not in the current reference:
  could not verify
* Stock: UpdateSellableQuantity ``/product/stock/sellable/update`` (docId 1331), XML
  ``payload`` ``<Request><Product><Skus><Sku>`` with ``ItemId``, ``SkuId``,
  ``SellerSku`` and ``SellableQuantity`` (single warehouse) or
  ``MultiWarehouseInventories/MultiWarehouseInventory[WarehouseCode, SellableQuantity]``;
  50 SKUs max, 20 recommended; errors E204 (too many SKUs), E501 (per-SKU ``detail``),
  E901 (throttled) -- source: UpdateSellableQuantity,
  open.lazada.com/apps/doc/api?path=%2Fproduct%2Fstock%2Fsellable%2Fupdate
  (public copy: lazykern/ecommerce-api-docs data/raw/lazada/apis/product-api/
  updatesellablequantity.json) -- status: fixed: was UpdatePriceQuantity with
  ``<Quantity>`` (which sets the total, not the sellable stock); batches of 20
* Listings: GetProducts ``/products/get`` (``filter`` mandatory: all, live, inactive,
  deleted, pending, rejected, sold-out; ``limit`` <= 50; ``offset`` "Deprecated ... It is
  recommended to use date for scrolling query. The maximum offset is 10000";
  ``create_after``/``create_before``/``update_after``/``update_before`` ISO 8601, "after
  or on"/"before or on"); answer ``data.total_products`` and ``data.products[]`` with
  ``item_id``, ``created_time`` (epoch ms) and ``skus[]`` (``SkuId``, ``SellerSku``,
  ``quantity``, ``multiWarehouseInventories[].warehouseCode``); errors E014 "Invalid
  Offset", E019 "Invalid Limit", E036 "Invalid status filter" -- source: GetProducts
  (?path=%2Fproducts%2Fget; public copy lazykern/ecommerce-api-docs
  data/raw/lazada/apis/product-api/getproducts.json) -- status: fixed: read in
  creation-time windows split until their products fit under the offset cap (the
  offset-only paging stopped at the cap)
* Throttling -- source: UpdatePriceQuantity error table (E901 "request is too frequent")
  -- status: fixed: 901 retryable; ``ApiCallLimit`` (gateway) kept, not found in the
  stored pages: could not verify
* Address: ``address3`` = province (state name), ``address4``/``city`` = city,
  ``address5`` = third level; ``post_code`` "not used in Lazada ID" -- source: GetOrders
  response parameters -- status: verified (Indonesian orders may come without a
  postcode)
* ``/auth/token/refresh`` on the auth gateway -- source: none stored -- status: could
  not verify
"""

import json
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal, InvalidOperation
from xml.sax.saxutils import escape

from .adapter import MarketplaceAdapter, register
from .common import (
    Address,
    BaseClient,
    CallResult,
    CapturePayload,
    Customer,
    Line,
    ListingPage,
    OrderPage,
    Payment,
    PlatformError,
    RetryableError,
    Shipping,
    ShopListing,
    TokenSet,
    carrier_code,
    country_code,
    discount_percent,
    header,
    hmac_sha256,
    hmac_sha256_hex_of_body,
    iso_utc,
    join,
    json_body,
    merge_lines,
    payment_method,
    same_signature,
    service_level,
    to_number,
)

API_ORDERS = "/orders/get"
API_ORDER_ITEMS = "/orders/items/get"
# UpdateSellableQuantity (docId 1331); UpdatePriceQuantity sets the total quantity
API_STOCK = "/product/stock/sellable/update"
API_PRODUCTS = "/products/get"
# GetProducts: 50 products a page at most ("Invalid Limit ... should not exceed a
# maximum of 50"); "The maximum offset is 10000" (offset is deprecated, scroll by date);
# E014 "Invalid Offset" when an offset is refused
PRODUCTS_PAGE = 50
OFFSET_CAP = 10000
INVALID_OFFSET = "14"
API_PACK = "/order/fulfill/pack"
API_RTS = "/order/package/rts"
# legacy seller cancellation by order item; the current reference documents
# InitReverseOrderCancel (/order/reverse/cancel/create) instead, see cancel_items()
API_CANCEL = "/order/cancel"
API_REVERSE_CANCEL = "/order/reverse/cancel/create"
API_REFRESH_TOKEN = "/auth/token/refresh"
# token calls go to the authorization gateway, not the regional API gateway
DEFAULT_AUTH_URL = "https://auth.lazada.com/rest"
# "The specified access token is invalid or expired"
EXPIRED_TOKEN_CODES = ("IllegalAccessToken",)

ITEMS_BATCH = 50
# UpdatePriceQuantity takes 50 SKUs at most and recommends 20
STOCK_BATCH = 20
# Pack and ReadyToShip take 20 orders / packages a call
PACK_BATCH = 20
# Throttling, answered with HTTP 200: the gateway's ApiCallLimit and the API-level
# "E901: The request is too frequent" of UpdatePriceQuantity.
THROTTLE_CODES = ("ApiCallLimit", "901")

STATUS_HINTS = {
    "unpaid": "pending",
    "pending": "paid",
    "packed": "paid",
    "ready_to_ship": "paid",
    "ready_to_ship_pending": "paid",
    "shipped": "shipped",
    "delivered": "delivered",
    "confirmed": "delivered",
    "failed_delivery": "returned",
    "shipped_back": "returned",
    "shipped_back_success": "returned",
    "shipped_back_failed": "returned",
    "returned": "returned",
    "lost_by_3pl": "cancelled",
    "damaged_by_3pl": "cancelled",
    "canceled": "cancelled",
}
# When items disagree, the order is as far as its least advanced live item.
_PROGRESS = ("pending", "paid", "shipped", "delivered", "returned")


def sign_base(api_name, params, body=None):
    pairs = "".join(
        f"{key}{params[key]}"
        for key in sorted(params)
        if key != "sign" and key and params[key] not in (None, "")
    )
    return f"{api_name}{pairs}{body or ''}"


def sign(app_secret, api_name, params, body=None):
    return hmac_sha256(app_secret, sign_base(api_name, params, body)).hex().upper()


def webhook_signature(app_key, app_secret, raw_body):
    return hmac_sha256_hex_of_body(app_secret, app_key, raw_body)


def verify_webhook(secret, headers, raw_body, url=None, *, app_key):
    received = header(headers, "Authorization")
    return same_signature(webhook_signature(app_key, secret, raw_body), (received or "").lower())


def status_hint(statuses):
    """Hint from the order's item statuses (a list, or one status)."""
    if isinstance(statuses, str):
        statuses = [statuses]
    hints = [STATUS_HINTS.get((s or "").lower(), "pending") for s in statuses or []]
    live = [h for h in hints if h != "cancelled"]
    if not hints:
        return "pending"
    if not live:
        return "cancelled"
    return min(live, key=_PROGRESS.index)


def refresh_access_token(
    auth_url, app_key, app_secret, refresh_token, session=None, clock=time.time
):
    """``/auth/token/refresh``: a system call signed like any other (no access token)
    whose answer carries ``access_token``, ``refresh_token``, ``expires_in`` and
    ``refresh_expires_in`` (seconds) at the top level."""
    client = BaseClient(auth_url or DEFAULT_AUTH_URL, session=session)
    now = clock()
    params = {
        "app_key": app_key,
        "timestamp": str(int(now * 1000)),
        "sign_method": "sha256",
        "refresh_token": refresh_token,
    }
    params["sign"] = sign(app_secret, API_REFRESH_TOKEN, params)
    response = client._send("POST", client.base_url + API_REFRESH_TOKEN, data=params)
    data = json_body(response)
    code = str(data.get("code", f"http_{response.status_code}"))
    if response.status_code >= 400 or code != "0" or not data.get("access_token"):
        raise PlatformError(code, data.get("message") or response.text[:500], response.status_code)
    return TokenSet(
        access_token=data["access_token"],
        refresh_token=data.get("refresh_token") or refresh_token,
        access_expires_at=int(now) + int(data.get("expires_in") or 0) or None,
        refresh_expires_at=int(now) + int(data.get("refresh_expires_in") or 0) or None,
    )


class LazadaClient(BaseClient):
    """Seller client; ``base_url`` is the regional gateway, e.g.
    ``https://api.lazada.co.id/rest``."""

    def __init__(
        self,
        base_url,
        app_key,
        app_secret,
        access_token,
        session=None,
        timeout=30,
        clock=time.time,
    ):
        super().__init__(base_url, session=session, timeout=timeout)
        self.app_key = app_key
        self.app_secret = app_secret
        self.access_token = access_token
        self.clock = clock

    EXPIRED_TOKEN_CODES = EXPIRED_TOKEN_CODES

    def _call_once(self, method, api_name, params=None):
        query = {
            "app_key": self.app_key,
            "timestamp": str(int(self.clock() * 1000)),
            "sign_method": "sha256",
            "access_token": self.access_token,
        }
        query.update({k: str(v) for k, v in (params or {}).items() if v is not None})
        query["sign"] = sign(self.app_secret, api_name, query)
        url = self.base_url + api_name
        if method == "GET":
            response = self._send("GET", url, params=query)
        else:
            response = self._send("POST", url, data=query)
        data = json_body(response)
        code = str(data.get("code", f"http_{response.status_code}"))
        if code in THROTTLE_CODES:
            raise RetryableError(http_status=response.status_code, message=data.get("message", ""))
        if response.status_code >= 400 or code != "0":
            raise PlatformError(
                code, data.get("message") or response.text[:500], response.status_code
            )
        if "data" not in data and "result" in data:
            # the fulfilment APIs (Pack, ReadyToShip) answer under ``result``
            return {"result": data["result"]}
        return data.get("data")

    def list_orders(self, updated_since, cursor=None, limit=100):
        offset = int(cursor or 0)
        data = (
            self._call(
                "GET",
                API_ORDERS,
                {
                    "update_after": iso_utc(updated_since).replace("Z", "+00:00"),
                    "sort_by": "updated_at",
                    "sort_direction": "ASC",
                    "offset": offset,
                    "limit": limit,
                },
            )
            or {}
        )
        orders = data.get("orders") or []
        self._attach_items(orders)
        seen = offset + len(orders)
        total = int(data.get("countTotal") or 0)
        return OrderPage(orders=orders, next_cursor=str(seen) if orders and seen < total else None)

    def _attach_items(self, orders):
        by_id = {str(order["order_id"]): order for order in orders}
        ids = list(by_id)
        for start in range(0, len(ids), ITEMS_BATCH):
            batch = ids[start : start + ITEMS_BATCH]
            rows = self._call(
                "GET", API_ORDER_ITEMS, {"order_ids": json.dumps([int(i) for i in batch])}
            )
            for row in rows or []:
                by_id[str(row["order_id"])]["order_items"] = row.get("order_items") or []

    def push_stock(self, items):
        """UpdateSellableQuantity, ``STOCK_BATCH`` SKUs a call; ``item_id``/``variant_id``
        are Lazada's ItemId/SkuId when known, the SellerSku always; a ``location_id``
        (the listing's warehouse code) sends the quantity to that warehouse."""
        responses = []
        for start in range(0, len(items), STOCK_BATCH):
            skus = "".join(_stock_sku(item) for item in items[start : start + STOCK_BATCH])
            payload = f"<Request><Product><Skus>{skus}</Skus></Product></Request>"
            responses.append(self._call("POST", API_STOCK, {"payload": payload}))
        return CallResult(ok=True, responses=responses)

    def push_shipment(
        self, order_ref, carrier, tracking_number, order_item_ids=(), allocate_type="TFS"
    ):
        """Pack then ReadyToShip (the documented fulfilment flow): Pack groups the
        order items into a package for which Lazada allocates the carrier and the
        tracking number (``shipping_allocate_type`` TFS for local stores); the
        package is then marked ready to ship. ``carrier``/``tracking_number`` of the
        OMS are not sent: Lazada has no field for them; its own come back in the
        responses."""
        pack_req = {
            "pack_order_list": [
                {"order_id": int(order_ref), "order_item_list": [int(i) for i in order_item_ids]}
            ],
            "delivery_type": "dropship",
            "shipping_allocate_type": allocate_type,
        }
        packed = self._call("POST", API_PACK, {"packReq": _compact(pack_req)}) or {}
        rows = _result_rows(packed, "pack_order_list", "order_item_list")
        _raise_item_errors(rows)
        package_ids = sorted({row["package_id"] for row in rows if row.get("package_id")})
        if not package_ids:
            raise PlatformError("not_packed", f"order {order_ref}: no package came back from Pack")
        responses = [packed]
        for start in range(0, len(package_ids), PACK_BATCH):
            batch = package_ids[start : start + PACK_BATCH]
            rts_req = {"packages": [{"package_id": pid} for pid in batch]}
            responses.append(self._call("POST", API_RTS, {"readyToShipReq": _compact(rts_req)}))
        for response in responses[1:]:
            _raise_item_errors(_result_rows(response, "packages"))
        return CallResult(ok=True, responses=responses)

    def cancel_order(self, order_item_id, reason_id, reason_detail=""):
        """Legacy per-item seller cancellation (see ``cancel_items``)."""
        params = {"order_item_id": order_item_id, "reason_id": reason_id}
        if reason_detail:
            params["reason_detail"] = reason_detail
        return CallResult(ok=True, responses=[self._call("POST", API_CANCEL, params)])

    def cancel_items(self, order_id, order_item_ids, reason_id):
        """InitReverseOrderCancel: ``order_id``, ``order_item_id_list`` (JSON list)
        and ``reason_id`` (from GetReverseOrderReasonList)."""
        params = {
            "order_id": int(order_id),
            "order_item_id_list": json.dumps([int(i) for i in order_item_ids]),
            "reason_id": reason_id,
        }
        return CallResult(ok=True, responses=[self._call("GET", API_REVERSE_CANCEL, params)])


def _stock_sku(item):
    ids = ""
    if item.item_id:
        ids += f"<ItemId>{escape(str(item.item_id))}</ItemId>"
    if item.variant_id:
        ids += f"<SkuId>{escape(str(item.variant_id))}</SkuId>"
    quantity = f"<SellableQuantity>{int(item.quantity)}</SellableQuantity>"
    if item.location_id:
        quantity = (
            "<MultiWarehouseInventories><MultiWarehouseInventory>"
            f"<WarehouseCode>{escape(str(item.location_id))}</WarehouseCode>{quantity}"
            "</MultiWarehouseInventory></MultiWarehouseInventories>"
        )
    return f"<Sku>{ids}<SellerSku>{escape(item.sku)}</SellerSku>{quantity}</Sku>"


def _raise_item_errors(rows):
    """``item_err_code`` "0" is success; anything else is the row's own error."""
    failed = [row for row in rows if str(row.get("item_err_code", "0")) != "0"]
    if failed:
        raise PlatformError(failed[0].get("item_err_code"), failed[0].get("msg") or "")


def _compact(value):
    return json.dumps(value, separators=(",", ":"))


def _result_rows(data, *path):
    """Rows under ``result.data`` (Pack/ReadyToShip answers); ``path`` walks lists.
    ``result.success`` false fails the whole batch with ``result.error_code``."""
    result = (data or {}).get("result") or {}
    if str(result.get("success", "true")).lower() == "false":
        raise PlatformError(result.get("error_code") or "failed", result.get("error_msg") or "")
    rows = [result.get("data") or {}]
    for key in path:
        rows = [child for row in rows for child in (row.get(key) or [])]
    return rows


# -- mapping ----------------------------------------------------------------------


def _address(raw):
    raw = raw or {}
    return Address(
        name=join(raw.get("first_name"), raw.get("last_name"), sep=" "),
        street=raw.get("address1") or "",
        street2=join(raw.get("address2"), raw.get("address5")),
        city=raw.get("city") or raw.get("address4") or "",
        state=raw.get("address3") or "",
        zip=raw.get("post_code") or "",
        country=country_code(raw.get("country")),
        phone=raw.get("phone") or raw.get("phone2") or "",
    )


def _line(item):
    price = to_number(item.get("item_price"))
    voucher = to_number(item.get("voucher_amount"))
    if not voucher and item.get("paid_price") not in (None, ""):
        voucher = max(0.0, price - to_number(item.get("paid_price")))
    return Line(
        sku=item.get("sku") or item.get("shop_sku") or "",
        quantity=1.0,
        unit_price=price,
        discount=discount_percent(price, voucher),
    )


# item statuses (GetOrderItems ``status``) of units that will not be shipped any more:
# cancelled, lost or damaged by the carrier, or on their way back / back
NOT_TO_SHIP = ("cancelled", "returned")


def _gone(item):
    return STATUS_HINTS.get((item.get("status") or "").lower()) in NOT_TO_SHIP


def _live_items(items):
    """Items still to deliver. GetOrderItems gives each item its own ``status``
    (unpaid, pending, packed, ready_to_ship, shipped, delivered, canceled, returned,
    shipped_back...); an item cancelled or returned before the import is no quantity
    to ship and is left out. When every item is gone the order itself is cancelled or
    returned (see :func:`order_hint`) and not imported; its items are kept for the
    record."""
    live = [i for i in items if not _gone(i)]
    return live or items


def order_hint(raw):
    """The order's hint from its items' own statuses when it has items (each item is
    one unit with its status, the finest the platform gives), else from the order's
    ``statuses`` (a published order may carry ``statuses: []`` while its item says
    ``canceled``)."""
    items = raw.get("order_items") or []
    statuses = [i.get("status") for i in items if i.get("status")]
    return status_hint(statuses or raw.get("statuses") or [])


def _gone_amount(items):
    """What the buyer no longer pays for the items left out: their paid price (the
    item price less its vouchers)."""
    return sum(
        to_number(i.get("paid_price"))
        if i.get("paid_price") not in (None, "")
        else to_number(i.get("item_price")) - to_number(i.get("voucher_amount"))
        for i in items
        if _gone(i)
    )


def _payment(raw, hint):
    """The buyer's payment: the order's ``price`` less the items cancelled or
    returned before the import (see :func:`_gone_amount`), when some items remain."""
    method = payment_method(raw.get("payment_method"))
    if hint == "delivered" or (method != "cod" and hint in ("paid", "shipped")):
        paid = "paid"
    elif method == "cod":
        paid = "unpaid"
    else:
        paid = "pending"
    items = raw.get("order_items") or []
    amount = to_number(raw.get("price"))
    if any(not _gone(i) for i in items):
        amount = max(0.0, amount - _gone_amount(items))
    return Payment(method=method, status=paid, amount=amount)


def parse_order(raw, channel):
    """Map an ``/orders/get`` order with its ``order_items`` attached."""
    statuses = raw.get("statuses") or []
    hint = order_hint(raw)
    items = _live_items(raw.get("order_items") or [])
    first = items[0] if items else {}
    shipping = _address(raw.get("address_shipping"))
    fee = to_number(raw.get("shipping_fee"))
    fee_discount = to_number(raw.get("shipping_fee_discount_seller")) + to_number(
        raw.get("shipping_fee_discount_platform")
    )
    return CapturePayload(
        channel=channel,
        external_ref=str(raw["order_id"]),
        order_date=iso_utc(raw.get("created_at")) or iso_utc(datetime.now(UTC)),
        customer=Customer(
            name=join(raw.get("customer_first_name"), raw.get("customer_last_name"), sep=" ")
            or shipping.name,
            email=None,
            phone=shipping.phone or None,
        ),
        shipping_address=shipping,
        billing_address=_address(raw.get("address_billing"))
        if raw.get("address_billing")
        else None,
        lines=merge_lines([_line(item) for item in items]),
        shipping=Shipping(
            fee=max(0.0, fee - fee_discount),
            carrier=carrier_code(first.get("shipment_provider")),
            service_level=service_level(first.get("shipping_type"), first.get("shipment_provider")),
        ),
        payment=_payment(raw, hint),
        currency=first.get("currency") or "IDR",
        notes=join(raw.get("remarks"), raw.get("gift_message"), sep="\n"),
        platform_status=",".join(statuses),
        oms_status_hint=hint,
    )


# -- listings -----------------------------------------------------------------------


def _lazada_listings(product):
    rows = []
    for sku in product.get("skus") or []:
        warehouses = [
            str(row.get("warehouseCode"))
            for row in sku.get("multiWarehouseInventories") or []
            if row.get("warehouseCode")
        ]
        rows.append(
            ShopListing(
                sku=str(sku.get("SellerSku") or ""),
                item_id=str(product.get("item_id")),
                variant_id=str(sku.get("SkuId") or "") or None,
                # one warehouse: the stock goes there; several (or none): the
                # single-warehouse form, Lazada spreads it
                location_id=warehouses[0] if len(warehouses) == 1 else None,
                name=(product.get("attributes") or {}).get("name") or "",
            )
        )
    return rows


def _window_cursor(offset, cap, windows):
    """``offset;cap;a-b,a-b...``: the offset in the first window, the largest offset
    the platform is known to accept, the creation windows (epoch seconds, both ends
    included) still to read."""
    spans = ",".join(f"{a}-{b}" for a, b in windows)
    return f"{offset};{cap};{spans}"


def _read_cursor(cursor, clock):
    if not cursor:
        return 0, OFFSET_CAP, [(0, int(clock()) + 86400)]
    offset, cap, spans = cursor.split(";")
    windows = [tuple(int(x) for x in span.split("-")) for span in spans.split(",") if span]
    return int(offset), int(cap), windows


def _iso_second(epoch):
    return datetime.fromtimestamp(epoch, UTC).strftime("%Y-%m-%dT%H:%M:%S+00:00")


def list_listings(client, cursor=None, limit=PRODUCTS_PAGE):
    """GetProducts (``filter=all``), one page a call: a :class:`ListingPage`.

    GetProducts documents ``offset`` as deprecated, "the maximum offset is 10000", and
    recommends scrolling by date; ``create_after``/``create_before`` (ISO 8601, "after
    or on"/"before or on") bound the products by creation time and ``total_products``
    counts those in the bounds. So the catalogue is read in creation-time windows: a
    window holding more products than the offsets can reach is split in two halves
    (disjoint: ``[a, m]`` and ``[m + 1 s, b]``) before it is paged with ``offset``;
    when the platform refuses an offset (E014 "Invalid Offset") below the documented
    10000, that offset becomes the cap and the window is split. A window of one second
    holding more products than the cap is read as far as the cap allows (a limit of
    the platform that no parameter lifts)."""
    offset, cap, windows = _read_cursor(cursor, client.clock)
    for _attempt in range(64):
        if not windows:
            return ListingPage([], None)
        start, end = windows[0]
        params = {
            "filter": "all",
            "create_after": _iso_second(start),
            "create_before": _iso_second(end),
            "offset": offset,
            "limit": limit,
        }
        try:
            data = client._call("GET", API_PRODUCTS, params) or {}
        except PlatformError as error:
            if str(error.code) != INVALID_OFFSET or offset == 0:
                raise
            cap, total, data = offset, offset + 1, {}
            if end <= start:
                windows, offset = windows[1:], 0
                continue
        else:
            total = int(data.get("total_products") or 0)
        if total > cap and end > start:
            middle = (start + end) // 2
            windows = [(start, middle), (middle + 1, end), *windows[1:]]
            offset = 0
            continue
        products = data.get("products") or []
        listings = [row for product in products for row in _lazada_listings(product)]
        offset += len(products)
        if not products or offset >= total or offset >= cap:
            windows, offset = windows[1:], 0
        next_cursor = _window_cursor(offset, cap, windows) if windows else None
        return ListingPage(listings, next_cursor)
    raise PlatformError("listing_windows", "GetProducts: the creation windows do not narrow")


# -- adapter ----------------------------------------------------------------------


@register
class LazadaAdapter(MarketplaceAdapter):
    """Lazada Open Platform: signed calls, offset pagination, Pack + ReadyToShip
    shipments and item-level cancellations; stock pushed by seller SKU."""

    code = "lazada"
    label = "Lazada"
    sequence = 30
    order_ref_key = "order_id"
    update_keys = ("updated_at",)
    rows_key = "order_items"
    page_size_arg = "limit"
    # the SellerSku alone identifies a listing
    stock_ids = ()
    refreshable = True
    token_refresh = staticmethod(refresh_access_token)
    token_refresh_args = ("auth_base_url", "app_key", "app_secret", "refresh_token")
    default_cancel_reason = "15"
    # pushes are signed with the app secret over the app key and the body
    webhook_credentials = ("app_secret", "app_key")
    order_parser = staticmethod(parse_order)
    webhook_verifier = staticmethod(verify_webhook)
    listing_lister = staticmethod(list_listings)
    required_credentials = ("app_key", "app_secret", "access_token")

    def _make_client(self):
        creds = self.credentials
        return LazadaClient(
            self.settings.base_url,
            creds.app_key or "",
            creds.app_secret or "",
            creds.access_token or "",
            self.session,
            timeout=self.settings.timeout,
        )

    def _row_ids(self, row):
        sku = row.get("sku") or row.get("shop_sku") or ""
        return sku, row.get("product_id"), row.get("sku_id"), row.get("order_item_id")

    def push_shipment(self, shipment):
        return self.client.push_shipment(
            shipment.order_ref,
            shipment.carrier_name,
            shipment.tracking,
            order_item_ids=shipment.line_ids,
        )

    def cancel_order(self, cancellation):
        # InitReverseOrderCancel: one call for the order's item lines
        return self.client.cancel_items(
            cancellation.order_ref, list(cancellation.line_ids), cancellation.reason
        )


# --- finance: transaction details and statements ------------------------------------
#
# QueryTransactionDetails, GET /finance/transaction/details/get (Lazada Open Platform,
# Finance API, docId 1294: open.lazada.com/apps/doc/api?path=%2Ffinance%2Ftransaction
# %2Fdetails%2Fget; public copy lazykern/ecommerce-api-docs data/raw/lazada/apis/
# finance-api/querytransactiondetails.json): ``start_time`` and ``end_time`` (dates,
# ``2021-01-05``, mandatory, less than 180 days apart: error 1000012), ``trans_type``
# (transaction type id, optional; an unknown one is error 1000014), ``trade_order_id``,
# ``trade_order_line_id``, ``offset`` and ``limit`` (at most 500). The answer's ``data``
# is a plain list of rows (no total): ``order_no``, ``orderItem_no``, ``fee_type``,
# ``transaction_type`` (type or fee name, e.g. "Payment Fee"), ``fee_name``, ``amount``
# (signed for the seller: fees negative, e.g. "-0.62"), ``VAT_in_amount``,
# ``WHT_amount``, ``WHT_included_in_amount``, ``statement`` (the statement period,
# "11 May 2016 - 17 May 2016"), ``paid_status``, ``transaction_date`` ("17 May 2016"),
# ``transaction_number`` ("SG103EF-1P9VK1A", unique).
# GetPayoutStatus, GET /finance/payout/status/get (docId 1293, same public copy,
# getpayoutstatus.json): ``created_after`` (date, mandatory); ``data`` lists the
# statements: ``statement_number``, ``created_at``, ``paid`` (1 paid, 0 not), ``payout``
# ("3962.41 EUR"), ``opening_balance``, ``item_revenue``, ``fees_total``... It names the
# statement by its number, the transactions by its period: nothing links the two, so
# the settlement follows the transactions' period (see ``statement_transactions``).
#
# Fee names: the transaction types of Lazada's account statement (the "Transaction
# Overview" report: "Item Price Credit", "Commission", "Payment Fee", "Shipping Fee
# (Paid By Customer)", "Shipping Fee Paid by Seller", "Free Shipping Max Fee",
# reversals "Reversal ..."), also the columns of our Lazada settlement report format.
# A fee name not listed below is booked as an adjustment, which the settlement flags.

API_TRANSACTIONS = "/finance/transaction/details/get"
API_PAYOUT_STATUS = "/finance/payout/status/get"
# QueryTransactionDetails: "The supported maximum number is 500"
TRANSACTIONS_PAGE = 500
# a statement period is a week (or two); the window searched for the statements that
# close on a day
STATEMENT_MAX_DAYS = 31
LAZADA_DATE = "%d %b %Y"

# settlement line type of each fee name (compared lower-case, spaces collapsed)
FEE_LINE_TYPES = {
    # what the customer paid: compared with the order's invoices
    "item price credit": "income",
    "reversal item price": "income",
    "shipping fee (paid by customer)": "income",
    "reversal shipping fee (paid by customer)": "income",
    "commission": "commission",
    "reversal commission": "commission",
    "payment fee": "payment_fee",
    "reversal payment fee": "payment_fee",
    "free shipping max fee": "service_fee",
    "lazcoins discount promotion fee": "service_fee",
    "shipping fee paid by seller": "shipping",
    "reversal shipping fee paid by seller": "shipping",
    "shipping fee voucher (by lazada)": "subsidy",
    "lazada bonus": "subsidy",
}


@dataclass
class StatementOrder:
    """The amounts of one order in one statement, signed for the seller; an entry
    without ``order_ref`` is one transaction tied to no order (always an adjustment)."""

    statement: str
    reference: str
    order_ref: str
    amounts: dict = field(default_factory=dict)
    transactions: list = field(default_factory=list)


def _norm_name(text):
    return " ".join(str(text or "").split()).lower()


def money(value):
    """A Lazada amount ("-0.62", "3962.41 EUR", "1,234.50") as a Decimal."""
    text = str(value or "0").strip().split(" ")[0].replace(",", "")
    try:
        return Decimal(text or "0")
    except InvalidOperation as exc:
        raise PlatformError("bad_amount", f"not an amount: {value!r}") from exc


def lazada_date(text):
    """``17 May 2016`` (the finance API's date format) as a date."""
    try:
        return datetime.strptime(" ".join(str(text).split()), LAZADA_DATE).date()
    except ValueError as exc:
        raise PlatformError("bad_date", f"not a Lazada date: {text!r}") from exc


def statement_period(label):
    """``(first day, last day)`` of a statement named ``11 May 2016 - 17 May 2016``."""
    first, sep, last = str(label or "").partition(" - ")
    if not sep:
        raise PlatformError("bad_statement", f"not a statement period: {label!r}")
    return lazada_date(first), lazada_date(last)


def transaction_line_type(row):
    """The settlement line type of a transaction row: by its fee name, else its
    transaction type; unknown names, and any transaction of no order, are
    adjustments."""
    if not str(row.get("order_no") or "").strip():
        return "adjustment"
    for name in (row.get("fee_name"), row.get("transaction_type")):
        line_type = FEE_LINE_TYPES.get(_norm_name(name))
        if line_type:
            return line_type
    return "adjustment"


def list_transactions(client, start_date, end_date, page_size=TRANSACTIONS_PAGE):
    """Every transaction row dated ``start_date`` to ``end_date`` (dates, both
    included), read ``page_size`` rows a call with ``offset``: the answer has no
    total, a page shorter than ``page_size`` is the last one."""
    rows, offset = [], 0
    while True:
        page = (
            client._call(
                "GET",
                API_TRANSACTIONS,
                {
                    "start_time": start_date.isoformat(),
                    "end_time": end_date.isoformat(),
                    "offset": offset,
                    "limit": page_size,
                },
            )
            or []
        )
        rows += page
        if len(page) < page_size:
            return rows
        offset += page_size


def list_statements(client, created_after):
    """GetPayoutStatus: the statements created after ``created_after`` (a date)."""
    return (
        client._call("GET", API_PAYOUT_STATUS, {"created_after": created_after.isoformat()}) or []
    )


def statement_transactions(client, day, max_days=STATEMENT_MAX_DAYS):
    """``{statement: [rows]}`` of the statements whose period ends on ``day``, each
    with all its transactions (a statement is complete once its last day is over).
    Transactions dated before the statement (late reversals) are found when they are
    dated in the ``max_days`` before ``day``."""
    window_start = day - timedelta(days=max_days - 1)
    rows = list_transactions(client, window_start, day)
    closing = {}
    for row in rows:
        label = str(row.get("statement") or "").strip()
        if label and label not in closing:
            closing[label] = statement_period(label)
    closing = {label: period for label, period in closing.items() if period[1] == day}
    earliest = min((first for first, _last in closing.values()), default=window_start)
    if earliest < window_start:
        rows = list_transactions(client, earliest, window_start - timedelta(days=1)) + rows
    by_statement = {label: [] for label in closing}
    seen = set()
    for row in rows:
        label = str(row.get("statement") or "").strip()
        number = row.get("transaction_number")
        if label not in by_statement or (number and number in seen):
            continue
        seen.add(number)
        by_statement[label].append(row)
    return by_statement


def statement_orders(statement, rows):
    """The statement's transactions grouped per order into settlement amounts (income
    = item price and shipping paid by the customer, commission, payment fee, service
    fees, shipping paid by the seller, Lazada subsidies, adjustments); a transaction
    of no order stays alone, as an adjustment named by its fee and number."""
    orders = {}
    alone = []
    for row in rows:
        order_ref = str(row.get("order_no") or "").strip()
        line_type = transaction_line_type(row)
        amount = money(row.get("amount"))
        if not order_ref:
            name = row.get("fee_name") or row.get("transaction_type") or "Transaction"
            reference = f"{name} {row.get('transaction_number') or ''}".strip()
            alone.append(StatementOrder(statement, reference, "", {line_type: amount}, [row]))
            continue
        entry = orders.setdefault(order_ref, StatementOrder(statement, order_ref, order_ref))
        entry.amounts[line_type] = entry.amounts.get(line_type, Decimal(0)) + amount
        entry.transactions.append(row)
    result = list(orders.values()) + alone
    for entry in result:
        entry.amounts = {key: value for key, value in entry.amounts.items() if value}
    return result
