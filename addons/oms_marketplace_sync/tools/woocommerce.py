# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""WooCommerce REST API v3 (``/wp-json/wc/v3``) adapter (plain Python, no Odoo).

Documented rules implemented here (woocommerce.github.io/woocommerce-rest-api-docs,
sections "Authentication", "Pagination", "Errors", "Orders", "Webhooks"):

* Authentication over HTTPS: HTTP Basic with the consumer key as user name and the
  consumer secret as password, or - for servers that do not pass the
  ``Authorization`` header to PHP - ``consumer_key``/``consumer_secret`` as query
  string parameters. Plain HTTP would need OAuth 1.0a one-legged signing, which is
  not implemented: this client refuses ``http://`` except on a loopback host.
* Pagination: ``page`` and ``per_page`` (<= 100); the ``X-WP-Total`` and
  ``X-WP-TotalPages`` response headers give the totals.
* Errors: ``{"code": "woocommerce_rest_...", "message": "...", "data": {"status": 401}}``.
* Webhooks: ``X-WC-Webhook-Signature`` is ``base64(HMAC-SHA256(secret, raw_body))``;
  ``X-WC-Webhook-Topic`` names the topic (``order.created``, ``order.updated``,
  ``order.deleted``, ``order.restored``, ``product.updated``...; developer.woocommerce.com
  docs/apis/rest-api/v3/webhooks "Topics"; the delivery headers are set by
  ``WC_Webhook::get_delivery_args()`` in includes/class-wc-webhook.php). ``order.created``,
  ``order.updated`` and ``order.restored`` carry the order; ``order.deleted`` carries
  only ``{"id"}`` (the updated orders are pulled); other topics are acknowledged and
  ignored.
* Webhook creation ping: on saving a webhook WooCommerce POSTs the body
  ``webhook_id=<id>`` with only a User-Agent header, no signature and no topic, and
  disables the webhook unless it is answered 200 (``WC_Webhook::deliver_ping()`` in
  woocommerce/woocommerce plugins/woocommerce/includes/class-wc-webhook.php). Exactly
  that shape is answered 200 unsigned; nothing is written.
* Order statuses: pending, processing, on-hold, completed, cancelled, refunded,
  failed, trash (and checkout-draft for block checkout drafts).
* Core WooCommerce has no shipment-tracking field: a shipment is recorded as a
  customer-visible order note and the order is set to ``completed``.

Verification against the documentation:

Verified items (item -- source -- status):
* ``modified_after`` + ``dates_are_gmt`` on ``GET orders`` -- source: WooCommerce REST
  v3 collection parameters (woocommerce.github.io/woocommerce-rest-api-docs; core
  controller behaviour: GMT column when ``dates_are_gmt``) -- status: verified
* Batch stock ``POST products/batch`` and ``products/{id}/variations/batch`` with
  ``update[]`` (100 a call) -- source: WooCommerce REST API docs, "Batch update products
  / product variations" -- status: not re-read this session (kept)
* Listings: ``GET products`` (``page``, ``per_page`` <= 100, ``X-WP-TotalPages``;
  ``id``, ``sku``, ``type``, ``variations``) and ``GET products/{id}/variations``
  (``id``, ``sku``) -- source: WooCommerce REST API docs "List all products", "List
  all product variations" -- status: implemented
* Webhook ``X-WC-Webhook-Signature = base64(HMAC-SHA256(secret, raw body))`` -- source:
  WooCommerce webhook delivery; public verifiers -- status: verified (secondary)
"""

import re
from datetime import UTC, datetime
from urllib.parse import urlsplit

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
    allocate,
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

API_ROOT = "/wp-json/wc/v3"
BATCH_LIMIT = 100

STATUS_HINTS = {
    "pending": "pending",
    "checkout-draft": "pending",
    # Awaiting a manual payment (bank transfer, cheque) to be confirmed.
    "on-hold": "pending",
    "processing": "paid",
    "completed": "shipped",
    "cancelled": "cancelled",
    "failed": "cancelled",
    "trash": "cancelled",
    "refunded": "returned",
}

# WooCommerce's own state codes for Indonesia (i18n/states.php) -> province name.
ID_STATES = {
    "AC": "Daerah Istimewa Aceh",
    "SU": "Sumatera Utara",
    "SB": "Sumatera Barat",
    "RI": "Riau",
    "KR": "Kepulauan Riau",
    "JA": "Jambi",
    "SS": "Sumatera Selatan",
    "BB": "Bangka Belitung",
    "BE": "Bengkulu",
    "LA": "Lampung",
    "JK": "DKI Jakarta",
    "JB": "Jawa Barat",
    "BT": "Banten",
    "JT": "Jawa Tengah",
    "JI": "Jawa Timur",
    "YO": "Daerah Istimewa Yogyakarta",
    "BA": "Bali",
    "NB": "Nusa Tenggara Barat",
    "NT": "Nusa Tenggara Timur",
    "KB": "Kalimantan Barat",
    "KT": "Kalimantan Tengah",
    "KI": "Kalimantan Timur",
    "KS": "Kalimantan Selatan",
    "KU": "Kalimantan Utara",
    "SA": "Sulawesi Utara",
    "ST": "Sulawesi Tengah",
    "SG": "Sulawesi Tenggara",
    "SR": "Sulawesi Barat",
    "SN": "Sulawesi Selatan",
    "GO": "Gorontalo",
    "MA": "Maluku",
    "MU": "Maluku Utara",
    "PA": "Papua",
    "PB": "Papua Barat",
}


def webhook_signature(secret, raw_body):
    return hmac_sha256_b64(secret, raw_body)


def verify_webhook(secret, headers, raw_body, url=None):
    received = header(headers, "X-WC-Webhook-Signature")
    return same_signature(webhook_signature(secret, raw_body), received)


PING_BODY = re.compile(rb"webhook_id=[0-9]{1,20}")


def is_ping(headers, raw_body, form=None):
    """The webhook creation ping: ``webhook_id=<digits>`` and nothing else, no
    signature header. ``form`` is the body already parsed as a form (the server
    parses ``application/x-www-form-urlencoded`` bodies, leaving ``raw_body`` empty)."""
    if header(headers, "X-WC-Webhook-Signature") is not None:
        return False
    if raw_body:
        return PING_BODY.fullmatch(raw_body) is not None and not form
    if not form or set(form) != {"webhook_id"}:
        return False
    values = form["webhook_id"] if isinstance(form["webhook_id"], list) else [form["webhook_id"]]
    return len(values) == 1 and PING_BODY.fullmatch(f"webhook_id={values[0]}".encode()) is not None


def status_hint(status):
    return STATUS_HINTS.get((status or "").lower(), "pending")


def _check_transport(base_url):
    parts = urlsplit(base_url)
    if parts.scheme != "https" and parts.hostname not in ("127.0.0.1", "localhost", "::1"):
        raise ValueError("WooCommerce key authentication needs HTTPS (OAuth 1.0a is not supported)")


class WooCommerceClient(BaseClient):
    """``base_url`` is the WordPress site, e.g. ``https://shop.example.co.id``."""

    def __init__(
        self,
        base_url,
        consumer_key,
        consumer_secret,
        session=None,
        timeout=30,
        query_string_auth=False,
    ):
        _check_transport(base_url)
        super().__init__(base_url, session=session, timeout=timeout)
        self.consumer_key = consumer_key
        self.consumer_secret = consumer_secret
        self.query_string_auth = query_string_auth

    def _request(self, method, resource, params=None, body=None):
        params = dict(params or {})
        kwargs = {}
        if self.query_string_auth:
            params.update(consumer_key=self.consumer_key, consumer_secret=self.consumer_secret)
        else:
            kwargs["auth"] = (self.consumer_key, self.consumer_secret)
        response = self._send(
            method, f"{self.base_url}{API_ROOT}/{resource}", params=params, json=body, **kwargs
        )
        if response.status_code >= 400:
            data = json_body(response)
            raise PlatformError(
                data.get("code") or f"http_{response.status_code}",
                data.get("message") or response.text[:500],
                response.status_code,
            )
        return response

    def list_orders(self, updated_since, cursor=None, per_page=100):
        page = int(cursor or 1)
        response = self._request(
            "GET",
            "orders",
            params={
                "modified_after": iso_utc(updated_since).rstrip("Z"),
                "dates_are_gmt": "true",
                "orderby": "id",
                "order": "asc",
                "page": page,
                "per_page": per_page,
            },
        )
        total_pages = int(response.headers.get("X-WP-TotalPages") or 0)
        return OrderPage(
            orders=json_body(response) or [],
            next_cursor=str(page + 1) if page < total_pages else None,
        )

    def push_stock(self, items):
        """Batch stock update; ``item_id`` is the product id and ``variant_id``
        the variation id (variations are updated under their parent)."""
        groups = {}
        for item in items:
            if item.variant_id:
                resource = f"products/{int(item.item_id)}/variations/batch"
                row = {"id": int(item.variant_id), "manage_stock": True}
            else:
                resource = "products/batch"
                row = {"id": int(item.item_id), "manage_stock": True}
            row["stock_quantity"] = int(item.quantity)
            groups.setdefault(resource, []).append(row)
        responses = []
        for resource, rows in groups.items():
            for start in range(0, len(rows), BATCH_LIMIT):
                body = {"update": rows[start : start + BATCH_LIMIT]}
                responses.append(json_body(self._request("POST", resource, body=body)))
        return CallResult(ok=True, responses=responses)

    def push_shipment(self, order_ref, carrier, tracking_number, complete=True, lines=()):
        """WooCommerce core has no shipment or tracking resource: the delivery is an
        order note shown to the customer (REST API docs "Create an order note":
        ``POST orders/<id>/notes``, ``note`` mandatory, ``customer_note`` true to
        notify the customer), naming ``lines`` (``[(sku, quantity)]``) for a partial
        delivery; the order is set ``completed`` ("Update an order": ``PUT
        orders/<id>`` with ``status``) once its last delivery left."""
        note = f"Shipped with {carrier}"
        if tracking_number:
            note += f", tracking number {tracking_number}"
        if lines:
            note += ": " + ", ".join(f"{_qty_text(qty)} x {sku}" for sku, qty in lines)
        responses = [
            json_body(
                self._request(
                    "POST",
                    f"orders/{int(order_ref)}/notes",
                    body={"note": note, "customer_note": True},
                )
            )
        ]
        if complete:
            body = {"status": "completed"}
            responses.append(json_body(self._request("PUT", f"orders/{int(order_ref)}", body=body)))
        return CallResult(ok=True, responses=responses)

    def cancel_order(self, order_ref):
        body = {"status": "cancelled"}
        return CallResult(
            ok=True,
            responses=[json_body(self._request("PUT", f"orders/{int(order_ref)}", body=body))],
        )


def list_listings(client, cursor=None, per_page=BATCH_LIMIT):
    """One ``products`` page: a simple product is one listing, a variable product one
    per variation (read with ``products/{id}/variations``)."""
    page = int(cursor or 1)
    response = client._request("GET", "products", params={"page": page, "per_page": per_page})
    listings = []
    for product in json_body(response) or []:
        if product.get("type") != "variable":
            listings.append(
                ShopListing(
                    product.get("sku") or "", str(product["id"]), name=product.get("name") or ""
                )
            )
            continue
        variations = client._request(
            "GET", f"products/{int(product['id'])}/variations", params={"per_page": per_page}
        )
        for variation in json_body(variations) or []:
            listings.append(
                ShopListing(
                    variation.get("sku") or "",
                    str(product["id"]),
                    variant_id=str(variation["id"]),
                    name=product.get("name") or "",
                )
            )
    total_pages = int(response.headers.get("X-WP-TotalPages") or 0)
    return ListingPage(listings, str(page + 1) if page < total_pages else None)


def _qty_text(qty):
    return str(int(qty)) if float(qty).is_integer() else str(qty)


# -- mapping ----------------------------------------------------------------------


def _address(raw, fallback_phone=""):
    raw = raw or {}
    country = country_code(raw.get("country"))
    state = raw.get("state") or ""
    if country == "ID":
        state = ID_STATES.get(state.upper(), state)
    return Address(
        name=join(raw.get("first_name"), raw.get("last_name"), sep=" ") or raw.get("company") or "",
        street=raw.get("address_1") or "",
        street2=raw.get("address_2") or "",
        city=raw.get("city") or "",
        state=state,
        zip=raw.get("postcode") or "",
        country=country,
        phone=raw.get("phone") or fallback_phone or "",
    )


def _line(row):
    quantity = to_number(row.get("quantity"), 1.0)
    gross = to_number(row.get("subtotal"))
    net = to_number(row.get("total"), gross)
    unit = round(gross / quantity, 2) if quantity else to_number(row.get("price"))
    return Line(
        sku=row.get("sku") or str(row.get("variation_id") or row.get("product_id")),
        quantity=quantity,
        unit_price=unit,
        discount=discount_percent(gross, gross - net),
    )


def _payment(raw, status):
    method = payment_method(raw.get("payment_method_title"), cod=raw.get("payment_method") == "cod")
    if raw.get("payment_method") == "bacs":
        method = "bank_transfer"
    if raw.get("date_paid_gmt") or raw.get("date_paid"):
        paid = "paid"
    elif method == "cod":
        paid = "paid" if status == "completed" else "unpaid"
    else:
        paid = "pending"
    return Payment(method=method, status=paid, amount=to_number(raw.get("total")))


def parse_order(raw, channel):
    status = (raw.get("status") or "").lower()
    billing = raw.get("billing") or {}
    shipping_rows = raw.get("shipping_lines") or []
    title = shipping_rows[0].get("method_title") if shipping_rows else ""
    shipping_address = _address(raw.get("shipping"), billing.get("phone"))
    if not shipping_address.street:
        shipping_address = _address(billing)
    return CapturePayload(
        channel=channel,
        external_ref=str(raw["id"]),
        order_date=iso_utc(raw.get("date_created_gmt") or raw.get("date_created"))
        or iso_utc(datetime.now(UTC)),
        customer=Customer(
            name=join(billing.get("first_name"), billing.get("last_name"), sep=" ")
            or shipping_address.name,
            email=billing.get("email") or None,
            phone=billing.get("phone") or None,
        ),
        shipping_address=shipping_address,
        billing_address=_address(billing) if billing.get("address_1") else None,
        lines=order_lines(raw),
        shipping=Shipping(
            fee=shipping_fee(raw),
            carrier=carrier_code(title) if title else "own",
            service_level=service_level(title),
        ),
        payment=_payment(raw, status),
        currency=raw.get("currency") or "IDR",
        notes=raw.get("customer_note") or "",
        platform_status=status,
        oms_status_hint=status_hint(status),
    )


# -- adapter ----------------------------------------------------------------------


@register
class WooCommerceAdapter(MarketplaceAdapter):
    """WooCommerce REST API v3: key authentication, page numbers, webhooks carrying
    the order, batch stock updates, shipments as order notes."""

    code = "woocommerce"
    label = "WooCommerce"
    sequence = 50
    update_keys = ("date_modified_gmt", "date_modified")
    rows_key = "line_items"
    page_size_arg = "per_page"
    stock_batch = BATCH_LIMIT
    stock_ids = ("platform_item_id",)
    webhook_carries_order = True
    topic_header = "X-WC-Webhook-Topic"
    order_topics = {
        "order.created": "order",
        "order.updated": "order",
        "order.restored": "order",
        # the body is ``{"id": ...}`` only: pull the order's new state
        "order.deleted": "pull",
    }
    order_parser = staticmethod(parse_order)
    webhook_verifier = staticmethod(verify_webhook)

    listing_lister = staticmethod(list_listings)
    required_credentials = ("consumer_key", "consumer_secret")

    def is_webhook_ping(self, headers, raw_body, form=None):
        return is_ping(headers, raw_body, form)

    def _make_client(self):
        creds = self.credentials
        return WooCommerceClient(
            self.settings.base_url,
            creds.consumer_key or "",
            creds.consumer_secret or "",
            self.session,
            timeout=self.settings.timeout,
        )

    def _row_ids(self, row):
        return row.get("sku") or "", row.get("product_id"), row.get("variation_id"), row.get("id")

    def push_shipment(self, shipment):
        lines = []
        if not shipment.last:
            lines = [
                (shipment.line_skus.get(line) or line, qty)
                for line, qty in shipment.line_quantities.items()
            ]
        return self.client.push_shipment(
            shipment.order_ref,
            shipment.carrier_name,
            shipment.tracking,
            complete=shipment.last,
            lines=lines,
        )


# -- order lines (taxes, fees, discounts to the cent) --------------------------------


def _fee_totals(raw):
    """Each fee line's amount tax included (negative fees are discounts)."""
    return [cents(f.get("total")) + cents(f.get("total_tax")) for f in raw.get("fee_lines") or []]


def shipping_fee(raw):
    """Shipping tax included (``total`` + ``total_tax`` of the shipping lines; the
    OMS channel's prices include tax), plus the order's positive fees."""
    rows = raw.get("shipping_lines") or []
    fee = sum(cents(r.get("total")) + cents(r.get("total_tax")) for r in rows)
    fee += sum(amount for amount in _fee_totals(raw) if amount > 0)
    return float(fee)


def order_lines(raw):
    """The order's lines priced tax included, so that lines + shipping make the
    order's ``total`` to the cent.

    WooCommerce keeps a line's ``subtotal``/``total`` without tax whatever
    ``prices_include_tax`` says, and its tax in ``subtotal_tax``/``total_tax``: the
    list price is ``(subtotal + subtotal_tax) / quantity`` and the amount due
    ``total + total_tax`` (coupons are already off ``total``). Negative fee lines
    (order-level discounts) are spread over the lines in proportion to their
    amounts, to the cent (largest remainder). The SKU is the line's ``sku``, empty
    when the product has none: the product is then found by its product/variation
    id through the account's bindings, never by taking the id for a SKU."""
    rows = [row for row in raw.get("line_items") or [] if to_number(row.get("quantity")) > 0]
    nets = [cents(row.get("total")) + cents(row.get("total_tax")) for row in rows]
    discount = -sum(amount for amount in _fee_totals(raw) if amount < 0)
    shares = allocate(discount, nets) if discount else [0] * len(rows)
    lines = []
    for row, net, share in zip(rows, nets, shares, strict=True):
        quantity = to_number(row.get("quantity"), 1.0)
        gross = cents(row.get("subtotal")) + cents(row.get("subtotal_tax"))
        listed = gross / cents(quantity)
        if listed.quantize(CENT) * cents(quantity) != gross:
            # no list price to the cent: the line is priced at what is due
            listed = net / cents(quantity)
        lines += exact_lines(
            row.get("sku") or "",
            quantity,
            listed,
            net - share,
            item_id=_id(row.get("product_id")),
            variant_id=_id(row.get("variation_id")),
        )
    return lines


def _id(value):
    return None if value in (None, "", 0, "0") else str(value)
