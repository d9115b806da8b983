# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The one interface between the Odoo models and the marketplaces (plain Python).

Each platform module (``shopee``, ``tiktok``, ``lazada``, ``shopify``,
``woocommerce``) defines one :class:`MarketplaceAdapter` subclass, registered
under its platform code with :func:`register`. The subclass carries what is
particular to the platform - its constants, its HTTP client (signing,
pagination), its payload mapping and its stock, shipment and cancel calls - and
the base class carries what every platform shares. The models build an adapter
with :meth:`MarketplaceAdapter.for_platform` and call the interface; they never
branch on the platform.
"""

import abc
import dataclasses
import hashlib
import json
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import quote, quote_plus

import requests

from .common import PlatformError, header, iso_utc, to_number

# platform code -> adapter class
REGISTRY = {}

# what replaces a credential in an error text
MASK = "***"
# shorter values are not masked: they would mangle ordinary text and are no secret
MIN_SECRET_LENGTH = 4


def register(cls):
    """Class decorator: make ``cls`` the adapter of its platform ``code``."""
    if not (cls.code and cls.label and cls.order_parser and cls.webhook_verifier):
        raise TypeError(f"{cls.__name__} needs a code, a label, a parser and a verifier")
    REGISTRY[cls.code] = cls
    return cls


def adapter_class(code):
    """The adapter class of a platform code (``ValueError`` for an unknown one)."""
    try:
        return REGISTRY[code]
    except KeyError:
        raise ValueError(f"no marketplace adapter for platform {code!r}") from None


def platform_selection():
    """``[(code, label)]`` of the registered platforms, for a selection field."""
    ordered = sorted(REGISTRY.values(), key=lambda cls: (cls.sequence, cls.code))
    return [(cls.code, cls.label) for cls in ordered]


def codes_where(attribute):
    """Codes of the platforms whose adapter class has a true ``attribute``."""
    return [code for code, cls in sorted(REGISTRY.items()) if getattr(cls, attribute)]


def scrub(text, secrets):
    """``text`` with every secret (and its URL-encoded forms) replaced by ``***``."""
    if not text:
        return text
    text = str(text)
    variants = set()
    for secret in secrets:
        secret = str(secret or "")
        if len(secret) >= MIN_SECRET_LENGTH:
            variants.update({secret, quote(secret, safe=""), quote_plus(secret)})
    # longest first: a secret containing another one is masked whole
    for variant in sorted(variants, key=len, reverse=True):
        text = text.replace(variant, MASK)
    return text


@dataclass
class Credentials:
    """The account's secrets (administrator-only fields of the account)."""

    partner_id: str = ""
    partner_key: str = ""
    shop_id: str = ""
    shop_cipher: str = ""
    access_token: str = ""
    refresh_token: str = ""
    app_key: str = ""
    app_secret: str = ""
    consumer_key: str = ""
    consumer_secret: str = ""
    webhook_secret: str = ""

    @classmethod
    def names(cls):
        return [f.name for f in dataclasses.fields(cls)]

    def values(self):
        return [value for value in dataclasses.astuple(self) if value]


@dataclass
class Settings:
    """The account's settings an adapter needs (no secrets)."""

    base_url: str
    auth_base_url: str = ""
    timeout: int = 30
    shipping_provider_ref: str = ""
    cancel_reason: str = ""
    # seller authorization: TikTok Shop's service id, and where WooCommerce sends the
    # seller back (the account's form)
    service_id: str = ""
    return_url: str = ""


@dataclass
class Listing:
    """An order row as the platform lists it: the SKU the adapter puts in the
    capture payload, the listing's ids (``item_id``, ``variant_id``) and the id of
    the row itself (``line_id``)."""

    sku: str
    item_id: str | None = None
    variant_id: str | None = None
    line_id: str | None = None


@dataclass
class Shipment:
    """One delivery of a platform order that left the warehouse."""

    order_ref: str
    carrier_name: str
    tracking: str
    # the OMS carrier code (``delivery.carrier.oms_code``), empty for none
    carrier_code: str = ""
    # platform row ids of the order rows this delivery holds
    line_ids: list[str] = field(default_factory=list)
    # {platform row id: quantity this delivery carries of that row}, for the
    # platforms that fulfil quantities (a partial delivery sends only its part)
    line_quantities: dict = field(default_factory=dict)
    # {platform row id: SKU} of those rows, for the notes naming what left
    line_skus: dict = field(default_factory=dict)
    # False while other deliveries of the order are still to ship
    last: bool = True


@dataclass
class Cancellation:
    """A platform order the OMS cancelled."""

    order_ref: str
    reason: str | None = None
    # the mapped listings of the order's products (StockItem with platform ids)
    items: list = field(default_factory=list)
    # platform row ids of the order's rows
    line_ids: list[str] = field(default_factory=list)


def _id_text(value):
    return None if value in (None, "", 0, "0") else str(value)


class MarketplaceAdapter(abc.ABC):
    """One shop's connection to its platform.

    Subclasses set the class attributes below and implement the abstract
    methods; everything else is shared. ``client`` is the platform's HTTP client
    (signing, pagination, error mapping), built on first use.
    """

    # -- what a platform declares -------------------------------------------------
    code = None
    label = None
    sequence = 100
    # the raw order's key holding the platform's order number
    order_ref_key = "id"
    # the raw order's keys holding its last update time, first found wins
    update_keys = ("update_time",)
    # the raw order's key holding its rows
    rows_key = "line_items"
    # name of the page-size argument of the client's ``list_orders``
    page_size_arg = "page_size"
    # listings per ``push_stock`` call (the clients split further where needed)
    stock_batch = 50
    # mapping fields (``oms.marketplace.product``) a listing needs before its stock
    # can be pushed
    stock_ids = ("platform_item_id",)
    # the access token expires and is renewed with a refresh token: by the
    # platform module's ``token_refresh`` function, called with the settings and
    # credentials named by ``token_refresh_args`` (then ``session=``)
    refreshable = False
    token_refresh = None
    token_refresh_args = ()
    # the client can read the platform's own stock levels (reconciliation)
    stock_readable = False
    # the cancellation reason sent when the account names none
    default_cancel_reason = None
    # the longest window of one order pull (None: no limit)
    max_range = None
    # a webhook body is the order itself (``id`` set): imported as it is
    webhook_carries_order = False
    # credential fields a webhook signature needs: the key first, then the ones
    # passed to ``webhook_verifier`` by name
    webhook_credentials = ("webhook_secret",)
    # the signature covers the callback URL (tried in each form it may have)
    webhook_signs_url = False
    # the request header naming a webhook's topic (None: the platform sends none and
    # every verified webhook is about orders), and the topics that are about orders:
    # ``{topic: "order"}`` (the body is the order) or ``{topic: "pull"}`` (the body
    # names an order's change, e.g. a refund: pull the updated orders)
    topic_header = None
    order_topics = {}
    # the platform module's functions: ``parse_order(raw, channel)`` and
    # ``verify_webhook(secret, headers, raw_body, url=None, **credentials)``
    order_parser = None
    webhook_verifier = None
    # the platform module's ``list_listings(client, cursor=None)``: one
    # :class:`ListingPage` of the shop's catalogue
    listing_lister = None
    # credential fields the shop calls need (the connection test names the missing)
    required_credentials = ()

    def __init__(self, settings, credentials, session=None, token_refresher=None):
        self.settings = settings
        self.credentials = credentials
        self.session = session if session is not None else requests.Session()
        # a callable returning a fresh access token, given to the client
        self.token_refresher = token_refresher
        self._client = None

    @classmethod
    def for_platform(cls, code, settings, credentials, session=None, token_refresher=None):
        return adapter_class(code)(
            settings, credentials, session=session, token_refresher=token_refresher
        )

    # -- client ---------------------------------------------------------------------

    @property
    def client(self):
        if self._client is None:
            self._client = self._make_client()
            if self.refreshable and self.credentials.refresh_token and self.token_refresher:
                self._client.token_refresher = self.token_refresher
        return self._client

    @abc.abstractmethod
    def _make_client(self):
        """The platform's client for these settings and credentials."""

    def refresh_tokens(self):
        """Renew the access token with the refresh token: a :class:`TokenSet`."""
        if not self.refreshable:
            raise PlatformError("no_refresh", "This platform has no token refresh.")
        values = dataclasses.asdict(self.settings) | dataclasses.asdict(self.credentials)
        args = [values[name] for name in self.token_refresh_args]
        return self.token_refresh(*args, session=self.session)

    # -- raw orders -----------------------------------------------------------------

    def parse_order(self, raw, channel):
        """The capture payload (:class:`CapturePayload`) of a raw platform order."""
        return self.order_parser(raw, channel)

    def order_ref(self, raw):
        """The platform's own order number (the OMS ``external_ref``)."""
        return str(raw[self.order_ref_key])

    def update_time(self, raw):
        """When the platform last changed the order, naive UTC (None if unknown)."""
        for key in self.update_keys:
            if raw.get(key) not in (None, ""):
                return datetime.strptime(iso_utc(raw[key]), "%Y-%m-%dT%H:%M:%SZ")
        return None

    @staticmethod
    def payload_hash(raw):
        """Digest of a raw order, to skip re-imports of an unchanged order."""
        text = json.dumps(raw, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        return hashlib.sha256(text.encode()).hexdigest()

    def listings(self, raw):
        """One :class:`Listing` per row of a raw order."""
        result = []
        for row in raw.get(self.rows_key) or []:
            sku, item_id, variant_id, line_id = self._row_ids(row)
            result.append(Listing(sku, _id_text(item_id), _id_text(variant_id), _id_text(line_id)))
        return result

    @abc.abstractmethod
    def _row_ids(self, row):
        """``(sku, item_id, variant_id, line_id)`` of one raw order row."""

    def row_quantities(self, raw):
        """``[(Listing, quantity)]`` of a raw order's rows, for shipments."""
        rows = raw.get(self.rows_key) or []
        return list(zip(self.listings(raw), (self._row_quantity(row) for row in rows), strict=True))

    def _row_quantity(self, row):
        return to_number(row.get("quantity"), 1.0)

    def return_reference(self, order_ref):
        """The return reference of an order the platform reports as returned.

        The order feeds say that an order is being returned but carry no return
        id, so the order number identifies its one return: replays and later
        updates of the same order find the same return."""
        return f"{self.code.upper()}-RET-{order_ref}"

    # -- pulls ----------------------------------------------------------------------

    @classmethod
    def pull_window(cls, since, now):
        """``(since, until)`` of a pull starting at ``since``: until now, or the
        platform's longest window."""
        until = now if cls.max_range is None else min(now, since + cls.max_range)
        return since, until

    @classmethod
    def earliest_since(cls, since, now):
        """``since`` moved forward to the oldest moment the platform can be asked."""
        return since if cls.max_range is None else max(since, now - cls.max_range)

    def list_orders(self, since, cursor=None, page_size=50):
        """One :class:`OrderPage` of the orders updated since ``since``."""
        return self.client.list_orders(since, cursor=cursor, **{self.page_size_arg: page_size})

    def get_order_details(self, refs):
        return self.client.get_order_details(refs)

    # -- webhooks -------------------------------------------------------------------

    def verify_webhook(self, headers, raw_body, urls=()):
        """True when the webhook carries the platform's signature under our secret;
        never without the credentials the signature needs."""
        values = [getattr(self.credentials, name) for name in self.webhook_credentials]
        if not all(values):
            return False
        secret = values[0]
        named = dict(zip(self.webhook_credentials[1:], values[1:], strict=True))
        if not self.webhook_signs_url:
            return self.webhook_verifier(secret, headers, raw_body, **named)
        return any(
            self.webhook_verifier(secret, headers, raw_body, url=url, **named)
            for url in urls
            if url
        )

    def is_webhook_ping(self, headers, raw_body, form=None):
        """True for the platform's unsigned check of a newly registered webhook URL,
        which must be answered 200 and changes nothing (none by default)."""
        return False

    def webhook_topic(self, headers):
        """The topic a webhook announces in its topic header ("" for none)."""
        if not self.topic_header:
            return ""
        return (header(headers, self.topic_header) or "").strip().lower()

    def webhook_target(self, body, topic=None):
        """What a verified webhook asks for: ``("refs", [order numbers])`` to fetch,
        ``("order", raw order)`` when it carries the order, ``("pull", None)``, or
        ``("ignore", topic)`` for a topic that is not about orders (a platform with
        a topic header: ``topic`` is its value, routed through ``order_topics``)."""
        if self.topic_header:
            route = self.order_topics.get(topic or "")
            if route is None:
                return ("ignore", topic or "")
            if route == "pull":
                return ("pull", None)
        order_id = body.get("id")
        # an order id is a number (or a text): a body with another "id" asks for a pull
        if (
            self.webhook_carries_order
            and isinstance(order_id, int | str)
            and not isinstance(order_id, bool)
            and order_id
        ):
            return ("order", body)
        return ("pull", None)

    # -- stock, shipments, cancellations out -----------------------------------------

    def push_stock(self, items):
        """Publish the levels of ``items`` (:class:`StockItem`)."""
        return self.client.push_stock(items)

    def get_stock(self, items):
        """``{(item_id, variant_id or "0"): quantity}`` the platform shows."""
        if not self.stock_readable:
            raise PlatformError("stock_unreadable", f"{self.label} stock cannot be read.")
        return self.client.get_stock(items)

    def push_shipment(self, shipment):
        """Tell the platform that a :class:`Shipment` left: carrier and tracking."""
        return self.client.push_shipment(
            shipment.order_ref, shipment.carrier_name, shipment.tracking
        )

    def cancel_reason(self):
        return self.settings.cancel_reason or self.default_cancel_reason

    def cancel_order(self, cancellation):
        """Cancel a platform order (:class:`Cancellation`)."""
        return self.client.cancel_order(cancellation.order_ref)

    # -- secrets ------------------------------------------------------------------

    def scrub(self, text):
        """``text`` without any of this account's credentials."""
        return scrub(text, self.credentials.values())

    # -- listings and connection ------------------------------------------------------

    def list_listings(self, cursor=None):
        """One :class:`ListingPage` of the shop's listings (SKUs, listing, variant and
        warehouse ids), for the bindings."""
        if self.listing_lister is None:
            raise PlatformError("no_listings", f"{self.label} listings cannot be read.")
        return self.listing_lister(self.client, cursor)

    def missing_credentials(self):
        """Names of the credential fields the shop calls need and that are empty."""
        return [name for name in self.required_credentials if not getattr(self.credentials, name)]
