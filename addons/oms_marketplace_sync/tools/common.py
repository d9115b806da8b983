# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Shared shapes of the marketplace adapters (plain Python, no Odoo).

Every platform module turns the platform's order JSON into a
:class:`CapturePayload`, whose :meth:`CapturePayload.to_dict` is exactly the
body of ``POST /oms/api/v1/orders``. Every client raises
:class:`RetryableError` for HTTP 429 and 5xx (with the server's Retry-After)
and :class:`PlatformError` for any other refusal, carrying the platform's own
error code and message.
"""

import base64
import email.utils
import hashlib
import hmac
import re
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal, InvalidOperation

import requests

DEFAULT_TIMEOUT = 30

OMS_STATUS_HINTS = ("pending", "paid", "cancelled", "shipped", "delivered", "returned")
PAYMENT_METHODS = ("prepaid", "bank_transfer", "ewallet", "card", "cod")
PAYMENT_STATUSES = ("paid", "pending", "unpaid")
SERVICE_LEVELS = ("regular", "express", "same_day")


class PlatformError(Exception):
    """The platform refused the request; retrying the same call will not help."""

    def __init__(self, code, message, http_status=None):
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message
        self.http_status = http_status


class RetryableError(Exception):
    """Throttled (429) or server-side failure (5xx): try again later."""

    def __init__(self, retry_after=None, http_status=None, message=""):
        super().__init__(message or f"retryable HTTP {http_status} (retry after {retry_after})")
        self.retry_after = retry_after
        self.http_status = http_status


@dataclass
class Customer:
    name: str
    email: str | None = None
    phone: str | None = None


@dataclass
class Address:
    name: str = ""
    street: str = ""
    street2: str = ""
    city: str = ""
    state: str = ""
    zip: str = ""
    country: str = ""
    phone: str = ""
    latitude: float | None = None
    longitude: float | None = None

    def to_dict(self):
        data = asdict(self)
        for key in ("latitude", "longitude"):
            if data[key] is None:
                del data[key]
        return data


@dataclass
class Line:
    sku: str
    quantity: float
    unit_price: float
    discount: float = 0.0
    # the platform's listing ids of the row (product/item, variant/model): used to
    # find the product through the account's bindings when the SKU is empty or
    # unknown; not part of the capture payload
    item_id: str | None = field(default=None, compare=False)
    variant_id: str | None = field(default=None, compare=False)


@dataclass
class Shipping:
    fee: float = 0.0
    carrier: str = "own"
    service_level: str = "regular"


@dataclass
class Payment:
    method: str
    status: str
    amount: float


@dataclass
class CapturePayload:
    """The neutral order of the capture API, built by each ``parse_order``."""

    channel: str
    external_ref: str
    order_date: str
    customer: Customer
    shipping_address: Address
    lines: list[Line]
    shipping: Shipping
    payment: Payment
    currency: str = "IDR"
    notes: str = ""
    platform_status: str = ""
    oms_status_hint: str = "pending"
    billing_address: Address | None = None

    def to_dict(self):
        data = {
            "channel": self.channel,
            "external_ref": self.external_ref,
            "order_date": self.order_date,
            "customer": asdict(self.customer),
            "shipping_address": self.shipping_address.to_dict(),
            "lines": [line_dict(line) for line in self.lines],
            "shipping": asdict(self.shipping),
            "payment": asdict(self.payment),
            "currency": self.currency,
            "notes": self.notes,
            "platform_status": self.platform_status,
            "oms_status_hint": self.oms_status_hint,
        }
        if self.billing_address is not None:
            data["billing_address"] = self.billing_address.to_dict()
        return data


@dataclass
class OrderPage:
    """One page of raw platform orders and the cursor of the next page (None: last)."""

    orders: list[dict]
    next_cursor: str | None = None

    @property
    def has_more(self):
        return self.next_cursor is not None


@dataclass
class StockItem:
    """A stock level to publish. ``item_id``/``variant_id``/``location_id`` are the
    platform's own identifiers of the listing (kept on the binding)."""

    sku: str
    quantity: int
    item_id: str | None = None
    variant_id: str | None = None
    location_id: str | None = None


@dataclass
class TokenSet:
    """What a token refresh returned. Expiries are epoch seconds (None: unknown)."""

    access_token: str
    refresh_token: str
    access_expires_at: int | None = None
    refresh_expires_at: int | None = None


@dataclass
class CallResult:
    """What a write call returned, for logging on the job."""

    ok: bool
    responses: list[dict] = field(default_factory=list)
    # a shipment whose tracking number the platform gives (integrated carriers)
    tracking_number: str | None = None


# --- signatures --------------------------------------------------------------


def hmac_sha256(key, message):
    """Raw HMAC-SHA256 digest; ``key``/``message`` may be str (UTF-8) or bytes."""
    return hmac.new(_bytes(key), _bytes(message), hashlib.sha256).digest()


def hmac_sha256_hex(key, message):
    return hmac_sha256(key, message).hex()


def hmac_sha256_hex_of_body(key, prefix, raw_body):
    """Hex HMAC-SHA256 of ``prefix`` followed by a raw request body (bytes or str):
    the shape of the webhook signatures that sign the body behind a known string.
    Computed on the bytes, so that a body that is not UTF-8 gets a digest (that does
    not match) rather than an error."""
    return hmac_sha256_hex(key, _bytes(prefix) + _bytes(raw_body))


def hmac_sha256_b64(key, message):
    return base64.b64encode(hmac_sha256(key, message)).decode("ascii")


def same_signature(expected, received):
    """Constant-time comparison; a missing signature never matches."""
    if not expected or not received:
        return False
    return hmac.compare_digest(_bytes(expected.strip()), _bytes(received.strip()))


def header(headers, name):
    """Case-insensitive header lookup on any mapping (dict, requests, werkzeug)."""
    if headers is None:
        return None
    value = headers.get(name)
    if value is not None:
        return value
    lowered = name.lower()
    for key, val in headers.items():
        if key.lower() == lowered:
            return val
    return None


def _bytes(value):
    if isinstance(value, bytes):
        return value
    return str(value).encode("utf-8")


# --- HTTP outcome --------------------------------------------------------------


def parse_retry_after(value):
    """Seconds to wait from a Retry-After header (delta-seconds or HTTP date)."""
    if value in (None, ""):
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def without_query(url):
    """The URL without its query string: platforms put tokens and signatures there,
    and error messages end up in job records and logs."""
    return str(url).split("?", 1)[0]


def raise_for_retryable(response):
    """Raise :class:`RetryableError` for 429 and 5xx answers."""
    status = response.status_code
    if status == 429 or status >= 500:
        raise RetryableError(
            retry_after=parse_retry_after(response.headers.get("Retry-After")),
            http_status=status,
            message=f"HTTP {status} from {without_query(response.url)}",
        )


def json_body(response):
    try:
        return response.json()
    except ValueError:
        return {}


# --- mapping helpers --------------------------------------------------------------


def to_number(value, default=0.0):
    """Platform amounts come as numbers or strings ("1,250.00"); return a float."""
    if value in (None, ""):
        return default
    if isinstance(value, int | float):
        return float(value)
    try:
        return float(Decimal(str(value).replace(",", "").strip()))
    except (InvalidOperation, ValueError):
        return default


def discount_percent(gross, discount_amount):
    """An amount off a line's gross, as a percentage 0-100 (4 decimals)."""
    gross = to_number(gross)
    amount = to_number(discount_amount)
    if gross <= 0 or amount <= 0:
        return 0.0
    return round(min(100.0, amount * 100.0 / gross), 4)


def iso_utc(value):
    """ISO-8601 UTC ("2024-05-01T03:04:05Z") from epoch seconds/millis or a date string.

    Strings without an offset are taken as UTC; "2024-05-01 10:00:00 +0700" and
    "2024-05-01T10:00:00+07:00" are both understood.
    """
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, int | float) or str(value).isdigit():
        number = float(value)
        if number > 1e11:  # milliseconds
            number /= 1000.0
        moment = datetime.fromtimestamp(number, UTC)
    else:
        text = str(value).strip().replace("Z", "+00:00")
        text = re.sub(r"\s+([+-]\d{2}):?(\d{2})$", r"\1:\2", text)
        moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def epoch_seconds(moment):
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return int(moment.timestamp())


_CARRIERS = (
    ("jne", ("jne",)),
    ("jnt", ("j&t", "jnt", "j & t", "j and t")),
    ("sicepat", ("sicepat", "si cepat")),
    ("anteraja", ("anteraja", "anter aja")),
)

# Brand names that contain a service keyword but say nothing about the service.
_BRAND_WORDS = ("j&t express", "jnt express", "shopee xpress", "ninja xpress", "lion parcel")


def carrier_code(name):
    """``jne|jnt|sicepat|anteraja`` for the big four, a slug of the name otherwise."""
    text = (name or "").strip().lower()
    if not text:
        return "own"
    for code, needles in _CARRIERS:
        if any(needle in text for needle in needles):
            return code
    slug = re.sub(r"[^a-z0-9]+", "_", text).strip("_")
    return slug or "own"


def service_level(*names):
    """``same_day``/``express``/``regular`` from a carrier or delivery-option name."""
    text = " ".join(n for n in names if n).lower()
    for brand in _BRAND_WORDS:
        text = text.replace(brand, "")
    if re.search(r"same ?day|sameday|instant|\bsds\b", text):
        return "same_day"
    if re.search(r"express|\byes\b|next ?day|\bkilat\b|\bbest\b|priority|\bons\b", text):
        return "express"
    return "regular"


def payment_method(name, cod=False):
    """Our payment method from a platform's method label."""
    text = (name or "").lower()
    if cod or "cod" in text.split() or "cash on delivery" in text or text == "cod":
        return "cod"
    if any(word in text for word in ("transfer", "virtual account", "bacs", " va", "bank")):
        return "bank_transfer"
    if any(
        word in text
        for word in ("wallet", "shopeepay", "gopay", "ovo", "dana", "linkaja", "paylater")
    ):
        return "ewallet"
    if "card" in text or "kartu" in text or "stripe" in text:
        return "card"
    return "prepaid"


_COUNTRIES = {"indonesia": "ID", "singapore": "SG", "malaysia": "MY", "philippines": "PH"}
_COUNTRIES.update({"thailand": "TH", "vietnam": "VN", "viet nam": "VN"})


def country_code(value, default="ID"):
    """ISO-3166 alpha-2 from a code or an English country name."""
    text = (value or "").strip()
    if len(text) == 2:
        return text.upper()
    return _COUNTRIES.get(text.lower(), default if not text else text[:2].upper())


def join(*parts, sep=", "):
    return sep.join(str(p).strip() for p in parts if p not in (None, "") and str(p).strip())


def merge_lines(lines):
    """Platforms that send one row per unit: merge rows of the same SKU, price and discount."""
    merged = {}
    for line in lines:
        key = (line.sku, line.unit_price, line.discount, line.item_id, line.variant_id)
        if key in merged:
            merged[key].quantity += line.quantity
        else:
            merged[key] = Line(
                line.sku,
                line.quantity,
                line.unit_price,
                line.discount,
                item_id=line.item_id,
                variant_id=line.variant_id,
            )
    return list(merged.values())


class BaseClient:
    """HTTP plumbing shared by the platform clients.

    Every call passes ``timeout=``; connection failures, 429 and 5xx become
    :class:`RetryableError`. Platform-specific clients add signing and error bodies.
    """

    # platform error codes that mean "the access token expired or was revoked"
    EXPIRED_TOKEN_CODES = ()

    def __init__(self, base_url, session=None, timeout=DEFAULT_TIMEOUT):
        self.base_url = base_url.rstrip("/")
        self.session = session if session is not None else requests.Session()
        self.timeout = timeout
        # a callable returning a fresh access token; called once when the platform
        # answers with one of EXPIRED_TOKEN_CODES, then the call is made again
        self.token_refresher = None

    def _call(self, *args, **kwargs):
        try:
            return self._call_once(*args, **kwargs)
        except PlatformError as error:
            if not self.token_refresher or error.code not in self.EXPIRED_TOKEN_CODES:
                raise
        self.access_token = self.token_refresher()
        return self._call_once(*args, **kwargs)

    def _call_once(self, *args, **kwargs):  # pragma: no cover - platform clients implement it
        raise NotImplementedError

    def _send(self, method, url, **kwargs):
        try:
            response = self.session.request(method, url, timeout=self.timeout, **kwargs)
        except requests.Timeout as exc:
            # no answer in time: the platform is slow or down, try again later
            raise RetryableError(
                message=f"{method} {without_query(url)}: no answer within {self.timeout} s "
                f"(timed out)"
            ) from exc
        except requests.ConnectionError as exc:
            # the exception's text repeats the URL with its query (tokens): not kept
            raise RetryableError(
                message=f"{method} {without_query(url)}: connection failed ({type(exc).__name__})"
            ) from exc
        raise_for_retryable(response)
        return response


# --- exact amounts -------------------------------------------------------------------

CENT = Decimal("0.01")
# digits of a sale order line's discount (Odoo's "Discount" decimal precision)
DISCOUNT_DIGITS = Decimal("0.01")


def line_dict(line):
    """A :class:`Line` as the capture payload has it (without the listing ids)."""
    return {
        "sku": line.sku,
        "quantity": line.quantity,
        "unit_price": line.unit_price,
        "discount": line.discount,
    }


def line_listings(payload):
    """``[(item_id, variant_id)]`` of a :class:`CapturePayload`'s lines, in the order
    of ``to_dict()["lines"]``."""
    return [(line.item_id, line.variant_id) for line in payload.lines]


def cents(value):
    """A platform amount (number or string) as an exact Decimal to the cent."""
    if value in (None, ""):
        return Decimal(0)
    if isinstance(value, float):
        value = repr(value)
    try:
        amount = Decimal(str(value).replace(",", "").strip())
    except InvalidOperation:
        return Decimal(0)
    return amount.quantize(CENT, ROUND_HALF_UP)


def allocate(total, weights):
    """Split ``total`` over ``weights`` to the cent by the largest remainder: the
    parts add up to ``total`` exactly (Decimals, in the order of ``weights``)."""
    total = cents(total)
    weights = [max(Decimal(0), Decimal(str(w))) for w in weights]
    whole = sum(weights)
    if not weights:
        return []
    if not whole or not total:
        return [Decimal(0)] * len(weights)
    units = int(total / CENT)
    sign = 1 if units >= 0 else -1
    shares = [abs(units) * w / whole for w in weights]
    floors = [int(share) for share in shares]
    rest = abs(units) - sum(floors)
    by_remainder = sorted(
        range(len(weights)), key=lambda i: (shares[i] - floors[i], weights[i]), reverse=True
    )
    for index in by_remainder[:rest]:
        floors[index] += 1
    return [sign * Decimal(units_of) * CENT for units_of in floors]


def odoo_line_total(unit_price, quantity, discount):
    """What Odoo makes of a tax-included line: price x quantity x (1 - discount %),
    to the cent."""
    unit = Decimal(str(unit_price))
    qty = Decimal(str(quantity))
    pct = Decimal(str(discount))
    return (unit * qty * (100 - pct) / 100).quantize(CENT, ROUND_HALF_UP)


def exact_lines(sku, quantity, unit_price, net_total, item_id=None, variant_id=None):
    """Line(s) of ``quantity`` units listed at ``unit_price`` whose Odoo total is
    ``net_total`` to the cent (all amounts tax included).

    The discount is kept as a percentage when one with Odoo's two decimals gives the
    exact amount; otherwise the line is priced at its net unit price, and split in
    two rows (``quantity - 1`` units and one unit carrying the odd cents) when the
    net total does not divide by the quantity."""
    ids = {"item_id": item_id, "variant_id": variant_id}
    qty = Decimal(str(quantity))
    if qty <= 0:
        return []
    unit = cents(unit_price)
    net = max(Decimal(0), cents(net_total))
    gross = unit * qty
    if unit != Decimal(str(unit_price)):
        # no list price to the cent: price the line at what is due
        gross = Decimal(-1)
    if gross == net:
        return [Line(sku, float(qty), float(unit), 0.0, **ids)]
    if gross > 0 and net < gross:
        pct = ((gross - net) * 100 / gross).quantize(DISCOUNT_DIGITS, ROUND_HALF_UP)
        if odoo_line_total(unit, qty, pct) == net:
            return [Line(sku, float(qty), float(unit), float(pct), **ids)]
    per_unit = (net / qty).quantize(CENT, ROUND_DOWN)
    if odoo_line_total(per_unit, qty, 0) == net:
        return [Line(sku, float(qty), float(per_unit), 0.0, **ids)]
    if qty == qty.to_integral_value() and qty > 1:
        last = net - per_unit * (qty - 1)
        return [
            Line(sku, float(qty - 1), float(per_unit), 0.0, **ids),
            Line(sku, 1.0, float(last), 0.0, **ids),
        ]
    return [Line(sku, float(qty), float((net / qty).quantize(CENT, ROUND_HALF_UP)), 0.0, **ids)]


# --- listings (the shop's catalogue, for the bindings) ----------------------------


@dataclass
class ShopListing:
    """One sellable row of the shop's catalogue: the seller's SKU and the platform's
    ids a stock update needs (listing, variant, warehouse/location)."""

    sku: str
    item_id: str
    variant_id: str | None = None
    location_id: str | None = None
    name: str = ""


@dataclass
class ListingPage:
    """One page of the shop's listings and the cursor of the next page (None: last)."""

    listings: list[ShopListing]
    next_cursor: str | None = None

    @property
    def has_more(self):
        return self.next_cursor is not None
