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
from decimal import Decimal, InvalidOperation

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
            "lines": [asdict(line) for line in self.lines],
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


# --- signatures --------------------------------------------------------------


def hmac_sha256(key, message):
    """Raw HMAC-SHA256 digest; ``key``/``message`` may be str (UTF-8) or bytes."""
    return hmac.new(_bytes(key), _bytes(message), hashlib.sha256).digest()


def hmac_sha256_hex(key, message):
    return hmac_sha256(key, message).hex()


def hmac_sha256_hex_of_body(key, prefix, raw_body):
    """Hex HMAC-SHA256 of ``prefix`` followed by a raw request body (bytes or str):
    the shape of the webhook signatures that sign the body behind a known string."""
    body = raw_body.decode("utf-8") if isinstance(raw_body, bytes) else raw_body
    return hmac_sha256_hex(key, f"{prefix}{body}")


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
        key = (line.sku, line.unit_price, line.discount)
        if key in merged:
            merged[key].quantity += line.quantity
        else:
            merged[key] = Line(line.sku, line.quantity, line.unit_price, line.discount)
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
