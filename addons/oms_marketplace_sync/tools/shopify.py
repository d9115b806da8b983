# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Shopify Admin REST API (2026-01) adapter for a custom app with an Admin API
access token (plain Python, no Odoo).

Documented rules implemented here (shopify.dev: "REST Admin API authentication",
"Make paginated requests to the REST Admin API", "Verify webhooks", "REST Admin
API rate limits"):

* Authentication: the ``X-Shopify-Access-Token`` header on every request.
* Webhooks: ``X-Shopify-Hmac-Sha256`` is ``base64(HMAC-SHA256(client_secret, raw_body))``;
  the ``X-Shopify-Topic`` header names the topic (shopify.dev "Webhooks" overview /
  "Deliver webhooks through HTTPS": headers ``X-Shopify-Topic``,
  ``X-Shopify-Hmac-Sha256``, ``X-Shopify-Shop-Domain``, ``X-Shopify-API-Version``,
  ``X-Shopify-Webhook-Id``). The ``orders/*`` topics carry the order; ``refunds/create``
  carries a refund (``order_id``), so the updated orders are pulled; any other topic
  (``products/update``, ``customers/create``...) is acknowledged and ignored.
* Pagination is cursor-based: the ``Link`` response header carries the URL of the
  ``rel="next"`` page with a ``page_info`` parameter; a request with ``page_info``
  may only add ``limit`` (and ``fields``) - the original filters are not sent
  again. No ``Link`` header (or no ``next``) means the last page. ``limit`` <= 250.
* Throttling answers HTTP 429 with a ``Retry-After`` header (seconds).
* Errors are ``{"errors": ...}`` (a string or a field -> messages object).
* Fulfilment uses fulfillment orders: ``GET orders/{id}/fulfillment_orders.json``
  then ``POST fulfillments.json`` with ``line_items_by_fulfillment_order`` and
  ``tracking_info``; stock uses ``POST inventory_levels/set.json``; cancel uses
  ``POST orders/{id}/cancel.json``.
* Order state: ``financial_status`` (pending, authorized, partially_paid, paid,
  partially_refunded, refunded, voided), ``fulfillment_status`` (null, partial,
  fulfilled, restocked) and ``cancelled_at``.

Verification against the documentation:

Verified items (item -- source -- status):
* ``GET orders/{id}/fulfillment_orders.json`` then ``POST fulfillments.json`` with
  ``line_items_by_fulfillment_order[fulfillment_order_id]``, ``tracking_info{number,
  company, url}``, ``notify_customer`` -- source: shopify.dev REST "Fulfillment"
  (api/admin-rest/2025-01/resources/fulfillment) -- status: verified
* ``POST inventory_levels/set.json`` with ``location_id``, ``inventory_item_id``,
  ``available`` -- source: @shopify/shopify-api REST resource 2024-07
  ``inventory_level`` paths -- status: verified
* Listings: ``GET products.json`` (``limit`` <= 250, ``fields``, ``Link`` pages) gives
  ``variants[].id/sku/inventory_item_id``; ``GET inventory_levels.json`` with
  ``inventory_item_ids`` (50 at most) gives each item's ``location_id`` -- source:
  shopify.dev REST Admin "Product", "InventoryLevel" (GET inventory_levels.json: "at
  least one of inventory_item_ids or location_ids must be provided"; POST
  inventory_levels/set.json: ``location_id``, ``inventory_item_id`` and ``available``
  required, 422 otherwise) -- status: implemented: stock pushes use the ids found by
  the listing sync instead of ids typed by hand
* Webhook ``X-Shopify-Hmac-Sha256 = base64(HMAC-SHA256(secret, raw body))`` -- source:
  shopify.dev "Verify webhooks" and many public handlers -- status: verified
"""

from datetime import UTC, datetime
from urllib.parse import parse_qs, urlsplit

from .adapter import MarketplaceAdapter, register
from .common import (
    CENT,
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
    Shipping,
    ShopListing,
    carrier_code,
    cents,
    country_code,
    discount_percent,
    exact_lines,
    header,
    hmac_sha256_b64,
    iso_utc,
    join,
    json_body,
    payment_method,
    same_signature,
    service_level,
    to_number,
)

# current stable version; the Order resource fields read here (current_quantity,
# tax_lines, taxes_included, refunds[].refund_line_items, current_total_price) are
# those of shopify.dev/docs/api/admin-rest/2026-01/resources/order
API_VERSION = "2026-01"
OPEN_FULFILLMENT_STATES = ("open", "in_progress")


def webhook_signature(secret, raw_body):
    return hmac_sha256_b64(secret, raw_body)


def verify_webhook(secret, headers, raw_body, url=None):
    received = header(headers, "X-Shopify-Hmac-Sha256")
    return same_signature(webhook_signature(secret, raw_body), received)


def platform_status(raw):
    if raw.get("cancelled_at"):
        return "cancelled"
    financial = raw.get("financial_status") or "pending"
    return f"{financial}/{raw.get('fulfillment_status') or 'unfulfilled'}"


def status_hint(raw):
    financial = raw.get("financial_status") or "pending"
    fulfillment = raw.get("fulfillment_status")
    if raw.get("cancelled_at") or financial == "voided":
        return "cancelled"
    if financial in ("refunded", "partially_refunded") and fulfillment in (
        "fulfilled",
        "restocked",
    ):
        return "returned"
    if fulfillment == "fulfilled":
        return "shipped"
    if financial in ("paid", "partially_paid", "authorized", "partially_refunded"):
        return "paid"
    return "pending"


def next_page_info(response):
    """``page_info`` of the ``rel="next"`` link, or None on the last page."""
    link = response.links.get("next") if response.headers.get("Link") else None
    if not link:
        return None
    values = parse_qs(urlsplit(link["url"]).query).get("page_info")
    return values[0] if values else None


class ShopifyClient(BaseClient):
    """``base_url`` is the shop, e.g. ``https://my-shop.myshopify.com``."""

    def __init__(self, base_url, access_token, session=None, timeout=30, api_version=API_VERSION):
        super().__init__(base_url, session=session, timeout=timeout)
        self.access_token = access_token
        self.api_version = api_version

    def _url(self, resource):
        return f"{self.base_url}/admin/api/{self.api_version}/{resource}"

    def _request(self, method, resource, params=None, body=None):
        response = self._send(
            method,
            self._url(resource),
            params=params,
            json=body,
            headers={"X-Shopify-Access-Token": self.access_token, "Accept": "application/json"},
        )
        if response.status_code >= 400:
            errors = json_body(response).get("errors") or response.text[:500]
            raise PlatformError(f"http_{response.status_code}", errors, response.status_code)
        return response

    def list_orders(self, updated_since, cursor=None, limit=250):
        if cursor:
            params = {"limit": limit, "page_info": cursor}
        else:
            params = {
                "limit": limit,
                "status": "any",
                "updated_at_min": iso_utc(updated_since),
            }
        response = self._request("GET", "orders.json", params=params)
        return OrderPage(
            orders=json_body(response).get("orders") or [], next_cursor=next_page_info(response)
        )

    def push_stock(self, items):
        """``inventory_levels/set``: ``item_id`` is the inventory item id and
        ``location_id`` the Shopify location."""
        responses = []
        for item in items:
            body = {
                "location_id": int(item.location_id),
                "inventory_item_id": int(item.item_id),
                "available": int(item.quantity),
            }
            response = self._request("POST", "inventory_levels/set.json", body=body)
            responses.append(json_body(response))
        return CallResult(ok=True, responses=responses)

    def push_shipment(
        self,
        order_ref,
        carrier,
        tracking_number,
        tracking_url=None,
        notify=False,
        line_quantities=None,
    ):
        """Fulfil an order from its fulfillment orders (shopify.dev REST Admin
        "FulfillmentOrder": ``GET orders/{id}/fulfillment_orders.json``; "Fulfillment":
        ``POST fulfillments.json``). Only the fulfillment orders whose
        ``supported_actions`` hold ``create_fulfillment`` (status open or in_progress)
        are used. ``line_quantities`` ({order line id: quantity}) sends only what the
        delivery carries, as ``fulfillment_order_line_items[{id, quantity}]`` (at most
        each row's ``fulfillable_quantity``); without it every open fulfillment order
        is fulfilled whole (the documented meaning of an empty line list). One
        fulfillment per assigned location: a fulfillment's fulfillment orders must
        share their location."""
        response = self._request("GET", f"orders/{int(order_ref)}/fulfillment_orders.json")
        open_orders = [
            fo
            for fo in json_body(response).get("fulfillment_orders") or []
            if fo.get("status") in OPEN_FULFILLMENT_STATES
            and "create_fulfillment" in fo.get("supported_actions", ["create_fulfillment"])
        ]
        if not open_orders:
            raise PlatformError(
                "no_open_fulfillment_order", f"order {order_ref} has nothing to fulfil"
            )
        groups = {}
        if line_quantities:
            wanted = {str(k): round(v) for k, v in line_quantities.items() if v}
            for fo in open_orders:
                rows = []
                for item in fo.get("line_items") or []:
                    line_id = str(item.get("line_item_id"))
                    take = min(wanted.get(line_id, 0), int(item.get("fulfillable_quantity") or 0))
                    if take > 0:
                        rows.append({"id": item["id"], "quantity": take})
                        wanted[line_id] -= take
                if rows:
                    groups.setdefault(fo.get("assigned_location_id"), []).append(
                        {"fulfillment_order_id": fo["id"], "fulfillment_order_line_items": rows}
                    )
            missing = sorted(line for line, qty in wanted.items() if qty > 0)
            if missing:
                raise PlatformError(
                    "no_open_fulfillment_order",
                    f"order {order_ref}: line(s) {', '.join(missing)} have no open "
                    "fulfillment order quantity left to fulfil",
                )
        else:
            for fo in open_orders:
                groups.setdefault(fo.get("assigned_location_id"), []).append(
                    {"fulfillment_order_id": fo["id"]}
                )
        tracking = {"company": carrier}
        if tracking_number:
            tracking["number"] = tracking_number
        if tracking_url:
            tracking["url"] = tracking_url
        responses = []
        for rows in groups.values():
            body = {
                "fulfillment": {
                    "line_items_by_fulfillment_order": rows,
                    "tracking_info": tracking,
                    "notify_customer": bool(notify),
                }
            }
            responses.append(json_body(self._request("POST", "fulfillments.json", body=body)))
        return CallResult(ok=True, responses=responses)

    def cancel_order(self, order_ref, reason="other", restock=False):
        """``reason``: customer, inventory, fraud, declined or other."""
        body = {"reason": reason, "restock": bool(restock)}
        response = self._request("POST", f"orders/{int(order_ref)}/cancel.json", body=body)
        return CallResult(ok=True, responses=[json_body(response)])


# inventory_levels.json takes 50 inventory item ids a call
LEVELS_BATCH = 50


def list_listings(client, cursor=None, limit=250):
    """One ``products.json`` page: one listing per variant (``item_id`` is its
    inventory item, ``variant_id`` the variant), located by ``inventory_levels.json``
    (the first location the item is stocked at)."""
    params = {"limit": limit, "fields": "id,title,variants"}
    if cursor:
        params["page_info"] = cursor
    response = client._request("GET", "products.json", params=params)
    rows = [
        (product, variant)
        for product in json_body(response).get("products") or []
        for variant in product.get("variants") or []
        if variant.get("inventory_item_id")
    ]
    item_ids = [str(variant["inventory_item_id"]) for _product, variant in rows]
    locations = {}
    for start in range(0, len(item_ids), LEVELS_BATCH):
        batch = item_ids[start : start + LEVELS_BATCH]
        levels = client._request(
            "GET", "inventory_levels.json", params={"inventory_item_ids": ",".join(batch)}
        )
        for level in json_body(levels).get("inventory_levels") or []:
            locations.setdefault(str(level["inventory_item_id"]), str(level["location_id"]))
    listings = [
        ShopListing(
            sku=variant.get("sku") or "",
            item_id=str(variant["inventory_item_id"]),
            variant_id=str(variant["id"]),
            location_id=locations.get(str(variant["inventory_item_id"])),
            name=product.get("title") or "",
        )
        for product, variant in rows
    ]
    return ListingPage(listings, next_page_info(response))


# -- mapping ----------------------------------------------------------------------


def _address(raw):
    if not raw:
        return None
    return Address(
        name=raw.get("name") or join(raw.get("first_name"), raw.get("last_name"), sep=" "),
        street=raw.get("address1") or "",
        street2=raw.get("address2") or "",
        city=raw.get("city") or "",
        state=raw.get("province") or "",
        zip=raw.get("zip") or "",
        country=country_code(raw.get("country_code") or raw.get("country")),
        phone=raw.get("phone") or "",
        latitude=raw.get("latitude"),
        longitude=raw.get("longitude"),
    )


def _line(row):
    quantity = to_number(row.get("quantity"), 1.0)
    price = to_number(row.get("price"))
    allocations = row.get("discount_allocations") or []
    amount = sum(to_number(a.get("amount")) for a in allocations) if allocations else None
    if amount is None:
        amount = to_number(row.get("total_discount"))
    return Line(
        sku=row.get("sku") or str(row.get("variant_id") or row.get("id")),
        quantity=quantity,
        unit_price=price,
        discount=discount_percent(price * quantity, amount),
    )


def _shipping(raw):
    rows = [r for r in raw.get("shipping_lines") or [] if not r.get("is_removed")]
    fee = sum(to_number(r.get("discounted_price", r.get("price"))) for r in rows)
    if not raw.get("taxes_included"):
        # the OMS channel's prices include tax: the fee carries its tax too
        fee += sum(to_number(t.get("price")) for r in rows for t in r.get("tax_lines") or [])
    title = rows[0].get("title") if rows else ""
    source = rows[0].get("source") if rows else ""
    return Shipping(
        fee=fee, carrier=carrier_code(title or source), service_level=service_level(title)
    )


def _payment(raw):
    gateways = " ".join(raw.get("payment_gateway_names") or [raw.get("gateway") or ""])
    method = payment_method(gateways)
    financial = raw.get("financial_status") or "pending"
    if financial in ("paid", "partially_refunded", "refunded"):
        paid = "paid"
    elif method == "cod":
        paid = "unpaid"
    else:
        paid = "pending"
    # after refunds the customer paid the current total
    total = raw.get("current_total_price")
    if total in (None, ""):
        total = raw.get("total_price")
    return Payment(method=method, status=paid, amount=to_number(total))


def parse_order(raw, channel):
    customer = raw.get("customer") or {}
    shipping_address = _address(raw.get("shipping_address")) or Address()
    return CapturePayload(
        channel=channel,
        external_ref=str(raw["id"]),
        order_date=iso_utc(raw.get("created_at")) or iso_utc(datetime.now(UTC)),
        customer=Customer(
            name=join(customer.get("first_name"), customer.get("last_name"), sep=" ")
            or shipping_address.name,
            email=raw.get("email") or customer.get("email") or None,
            phone=raw.get("phone") or customer.get("phone") or shipping_address.phone or None,
        ),
        shipping_address=shipping_address,
        billing_address=_address(raw.get("billing_address")),
        lines=order_lines(raw),
        shipping=_shipping(raw),
        payment=_payment(raw),
        currency=raw.get("currency") or "IDR",
        notes=join(raw.get("name"), raw.get("note"), sep="\n"),
        platform_status=platform_status(raw),
        oms_status_hint=status_hint(raw),
    )


# -- adapter ----------------------------------------------------------------------


@register
class ShopifyAdapter(MarketplaceAdapter):
    """Shopify Admin REST API: access-token header, ``Link`` pagination, webhooks
    carrying the order, stock by inventory item and location."""

    code = "shopify"
    label = "Shopify"
    sequence = 40
    update_keys = ("updated_at",)
    rows_key = "line_items"
    page_size_arg = "limit"
    stock_ids = ("platform_item_id", "platform_location_id")
    webhook_carries_order = True
    topic_header = "X-Shopify-Topic"
    order_topics = {
        "orders/create": "order",
        "orders/updated": "order",
        "orders/paid": "order",
        "orders/cancelled": "order",
        "orders/fulfilled": "order",
        "orders/partially_fulfilled": "order",
        # the body is the refund, not the order: pull the order's new state
        "refunds/create": "pull",
    }
    order_parser = staticmethod(parse_order)
    webhook_verifier = staticmethod(verify_webhook)
    listing_lister = staticmethod(list_listings)
    required_credentials = ("access_token",)

    def _make_client(self):
        return ShopifyClient(
            self.settings.base_url,
            self.credentials.access_token or "",
            self.session,
            timeout=self.settings.timeout,
        )

    def _row_ids(self, row):
        # bindings keep the inventory item as listing id (stock): rows match by variant
        return row.get("sku") or "", None, row.get("variant_id"), row.get("id")

    def row_quantities(self, raw):
        # refunded units are not shipped
        rows = raw.get(self.rows_key) or []
        return list(
            zip(self.listings(raw), (current_quantity(raw, row) for row in rows), strict=True)
        )

    def push_shipment(self, shipment):
        # tracking_info.company: the carrier's name as the seller set it on the
        # carrier (shopify.dev "FulfillmentTrackingInfo": a name of the supported
        # list makes the number clickable; any other name is kept as given)
        return self.client.push_shipment(
            shipment.order_ref,
            shipment.carrier_name,
            shipment.tracking,
            line_quantities=shipment.line_quantities,
        )


# -- order lines (taxes, refunds, discounts to the cent) -----------------------------


def current_quantity(raw, row):
    """Units of a line still ordered: ``current_quantity`` (the quantity minus what was
    refunded or removed), or the quantity minus its ``refunds[].refund_line_items``
    when the field is absent."""
    if row.get("current_quantity") is not None:
        return to_number(row.get("current_quantity"))
    refunded = sum(
        to_number(item.get("quantity"))
        for refund in raw.get("refunds") or []
        for item in refund.get("refund_line_items") or []
        if item.get("line_item_id") == row.get("id")
    )
    return max(0.0, to_number(row.get("quantity"), 1.0) - refunded)


def order_lines(raw):
    """The lines still ordered, priced tax included (the OMS channel's prices
    include tax) so that their total is the platform's to the cent.

    A line's amount is ``price x quantity - discount_allocations (+ tax_lines when
    taxes_included is false)``; a line partly refunded keeps its share for its
    ``current_quantity``; a line refunded whole is left out. The SKU is the
    line's ``sku`` (empty when the variant has none: the product is then found by
    its variant id through the account's bindings)."""
    included = bool(raw.get("taxes_included"))
    lines = []
    for row in raw.get("line_items") or []:
        quantity = to_number(row.get("quantity"), 1.0)
        current = current_quantity(raw, row)
        if current <= 0 or quantity <= 0:
            continue
        price = cents(row.get("price"))
        allocations = row.get("discount_allocations") or []
        if allocations:
            discount = sum((cents(a.get("amount")) for a in allocations), CENT * 0)
        else:
            discount = cents(row.get("total_discount"))
        tax = CENT * 0
        if not included:
            tax = sum((cents(t.get("price")) for t in row.get("tax_lines") or []), CENT * 0)
        qty = cents(quantity)
        net = price * qty - discount + tax
        listed = price + tax / qty
        if listed.quantize(CENT) * qty != price * qty + tax:
            listed = net / qty
        if current != quantity:
            net = _current_amount(raw, row, net, qty, cents(current), included)
        lines += exact_lines(
            row.get("sku") or "",
            current,
            listed.quantize(CENT),
            net,
            variant_id=_id(row.get("variant_id")),
        )
    return lines


def _id(value):
    return None if value in (None, "", 0) else str(value)


def _current_amount(raw, row, net, qty, current, included):
    """What is still due for a partly refunded line: its amount less what its
    ``refund_line_items`` gave back (``subtotal``, plus ``total_tax`` when taxes are
    not included), or its share for ``current`` units when the refunds are absent."""
    refunded = [
        item
        for refund in raw.get("refunds") or []
        for item in refund.get("refund_line_items") or []
        if item.get("line_item_id") == row.get("id")
    ]
    if not refunded:
        return (net * current / qty).quantize(CENT)
    back = sum((cents(item.get("subtotal")) for item in refunded), CENT * 0)
    if not included:
        back += sum((cents(item.get("total_tax")) for item in refunded), CENT * 0)
    return max(CENT * 0, net - back)


# -- Shopify Payments: payouts and their balance transactions ------------------------
#
# Documented by shopify.dev REST Admin API "Payouts"
# (shopify.dev/docs/api/admin-rest/latest/resources/payouts: ``GET
# shopify_payments/payouts.json`` filtered by ``date_min``/``date_max`` (inclusive) and
# ``status``; ``GET shopify_payments/payouts/{payout_id}.json``; a payout has ``id``,
# ``status`` (scheduled, in_transit, paid, failed, canceled), ``date``, ``currency``,
# ``amount`` and a ``summary`` of ``<kind>_gross_amount``/``<kind>_fee_amount`` for
# charges, refunds, adjustments, reserved funds and retried payouts) and "Transactions"
# (shopify.dev/docs/api/admin-rest/latest/resources/transactions: ``GET
# shopify_payments/balance/transactions.json?payout_id=...``; a balance transaction has
# ``id``, ``type`` (charge, refund, adjustment, dispute, payout, ...), ``amount``, ``fee``
# and ``net`` = amount - fee (decimal strings), ``source_type``, ``source_order_id``,
# ``payout_id``, ``payout_status``, ``processed_at``). Both lists page with the
# ``Link`` header (``page_info``) like every REST list. The sample responses of
# those pages (payout 623721858, its transactions) are the fixtures of
# tests/fakes/shopify_finance.py.
#
# The REST Admin API is "legacy" since 2024-10 (new public apps must use GraphQL),
# but both resources are still published for the pinned version: a custom app with
# an Admin API token keeps using them.

# payouts whose money has left Shopify Payments: the bank line will come
PAYOUT_SENT = ("in_transit", "paid")
# payouts that will not reach the bank (a failed payout is retried in a later one)
PAYOUT_VOID = ("failed", "canceled", "cancelled")


def list_payouts(client, date_min, date_max, cursor=None, limit=250):
    """One ``shopify_payments/payouts.json`` page of the payouts dated in
    [date_min, date_max] (dates, inclusive): (payouts, next cursor)."""
    if cursor:
        params = {"limit": limit, "page_info": cursor}
    else:
        params = {
            "limit": limit,
            "date_min": date_min.isoformat(),
            "date_max": date_max.isoformat(),
        }
    response = client._request("GET", "shopify_payments/payouts.json", params=params)
    return json_body(response).get("payouts") or [], next_page_info(response)


def get_payout(client, payout_id):
    response = client._request("GET", f"shopify_payments/payouts/{int(payout_id)}.json")
    return json_body(response).get("payout") or {}


def list_balance_transactions(client, payout_id, cursor=None, limit=250):
    """One ``shopify_payments/balance/transactions.json`` page of the payout's
    balance transactions: (transactions, next cursor)."""
    if cursor:
        params = {"limit": limit, "page_info": cursor}
    else:
        params = {"limit": limit, "payout_id": int(payout_id)}
    response = client._request("GET", "shopify_payments/balance/transactions.json", params=params)
    return json_body(response).get("transactions") or [], next_page_info(response)


def all_pages(fetch, *args):
    """Every row of a Link-paginated list: ``fetch(*args, cursor=...)`` returns
    (rows, next cursor)."""
    rows, cursor = fetch(*args)
    while cursor:
        more, cursor = fetch(*args, cursor=cursor)
        rows += more
    return rows


def payout_rows(payout, transactions):
    """The settlement rows of a payout: ``[(reference, amounts)]`` with
    amounts signed for the seller (``Decimal``), whose total is the payout's
    ``amount``.

    * a ``charge`` is its order's income (``amount``) less its payment fee (``fee``);
    * a ``refund`` of an order charged in the same payout lowers that order's income
      (the fee Shopify gives back lowers the payment fee); a refund of an order paid
      out before is an adjustment of that order;
    * every other type (``adjustment``, ``dispute``, ``reserve``, ``credit``,
      ``debit``...) is an adjustment: on its order when it names one, otherwise
      referenced ``<type> <transaction id>`` - never dropped;
    * the ``payout`` transaction (the transfer to the bank) is the payout itself;
    * what the transactions do not explain of the payout's amount is an adjustment
      "unexplained" line (never silently written off)."""
    charged = {
        str(t["source_order_id"])
        for t in transactions
        if t.get("type") == "charge" and t.get("source_order_id")
    }
    orders, others = {}, []
    for tx in transactions:
        kind = tx.get("type") or ""
        if kind == "payout":
            continue
        amount, fee = cents(tx.get("amount")), cents(tx.get("fee"))
        order_id = str(tx["source_order_id"]) if tx.get("source_order_id") else ""
        if kind == "charge" or (kind == "refund" and order_id in charged):
            row = orders.setdefault(order_id or f"charge {tx.get('id')}", {})
            row["income"] = row.get("income", CENT * 0) + amount
            if fee:
                row["payment_fee"] = row.get("payment_fee", CENT * 0) - fee
            continue
        amounts = {"adjustment": amount}
        if fee:
            amounts["payment_fee"] = -fee
        others.append((order_id or f"{kind} {tx.get('id')}", amounts))
    rows = list(orders.items()) + others
    total = sum((a for _ref, amounts in rows for a in amounts.values()), CENT * 0)
    gap = cents(payout.get("amount")) - total
    if gap:
        rows.append((f"unexplained payout {payout.get('id')}", {"adjustment": gap}))
    return rows
