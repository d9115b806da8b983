# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Seller authorization of a shop ("Authorize shop"), per platform (plain Python).

Each flow builds the platform's authorization link (the seller approves the app on
the platform's page) and, when the platform sends the seller back to our callback,
turns the callback's parameters into credentials (token exchange). The ``state`` the
link carries is made and checked by the account model; here it is only passed on.

Documented flows followed (pages named in each function):

* Shopee: ``/api/v2/shop/auth_partner?partner_id&timestamp&sign&redirect`` (public
  signature) -> ``redirect?code&shop_id`` -> ``POST /api/v2/auth/token/get`` (public
  signature, body ``code``, ``shop_id``, ``partner_id``; answer ``access_token``,
  ``refresh_token``, ``expire_in`` seconds; ``invalid_code`` when used or expired) --
  open.shopee.com developer guide "Authorization and Authentication" (public copy
  lazykern/ecommerce-api-docs data/processed/shopee/guides/getting-started/
  authorization-and-authentication.md) and API reference v2.public.get_access_token.
* TikTok Shop: ``https://services.tiktokshop.com/open/authorize?service_id&state`` ->
  ``{redirect_url}?code&state`` -> ``GET auth.tiktok-shops.com/api/v2/token/get``
  (``app_key``, ``app_secret``, ``auth_code``, ``grant_type=authorized_code``; ``data``
  with epoch expiries) -> Get Authorized Shops ``GET /authorization/202309/shops`` for
  the ``cipher`` -- partner.tiktokshop.com/docv2 "Authorization overview" (202407) and
  "Authorization guide" (202309); public copy as above.
* Lazada: ``https://auth.lazada.com/oauth/authorize?response_type=code&force_auth=true
  &redirect_uri&client_id&state`` -> ``redirect_uri?code&state`` -> ``/auth/token/create``
  on https://auth.lazada.com/rest (signed system call, ``code``; answer ``access_token``,
  ``refresh_token``, ``expires_in``, ``refresh_expires_in``) -- open.lazada.com "Seller
  authorization introduction" and GenerateAccessToken (public copy as above).
* Shopify: ``https://{shop}/admin/oauth/authorize?client_id&scope&redirect_uri&state`` ->
  ``redirect_uri?code&hmac&shop&state&timestamp`` (``hmac`` = hex HMAC-SHA256 of the
  other parameters sorted and joined ``k=v&...`` under the client secret; ``shop`` must
  be the shop asked) -> ``POST https://{shop}/admin/oauth/access_token`` (``client_id``,
  ``client_secret``, ``code``; answer ``access_token``, ``scope``) -- shopify.dev
  "Implement authorization code grant manually".
* WooCommerce: ``{site}/wc-auth/v1/authorize?app_name&scope=read_write&user_id
  &return_url&callback_url``; the site POSTs ``{"key_id", "user_id", "consumer_key",
  "consumer_secret", "key_permissions"}`` as JSON to ``callback_url`` (HTTPS only) --
  developer.woocommerce.com "REST API authentication" (Application Authentication
  Endpoint); ``user_id`` carries our state.
"""

import json
import time
from dataclasses import dataclass, field
from urllib.parse import urlencode, urlsplit

from . import lazada, shopee, shopify, tiktok
from .common import BaseClient, PlatformError, hmac_sha256_hex, json_body, same_signature

TIKTOK_AUTHORIZE_URL = "https://services.tiktokshop.com/open/authorize"
TIKTOK_PATH_TOKEN = "/api/v2/token/get"
TIKTOK_PATH_SHOPS = "/authorization/202309/shops"
LAZADA_PATH_TOKEN = "/auth/token/create"
SHOPEE_PATH_AUTH = "/api/v2/shop/auth_partner"
SHOPEE_PATH_TOKEN = "/api/v2/auth/token/get"
SHOPIFY_SCOPES = (
    "read_orders,write_orders,read_products,read_inventory,write_inventory,read_locations,"
    "read_merchant_managed_fulfillment_orders,write_merchant_managed_fulfillment_orders"
)
WOOCOMMERCE_APP_NAME = "Odoo OMS"

# credential fields the authorization link itself needs, per platform
NEEDS = {
    "shopee": ("partner_id", "partner_key"),
    "tiktok": ("app_key", "app_secret", "service_id"),
    "lazada": ("app_key", "app_secret"),
    "shopify": ("app_key", "webhook_secret"),
    "woocommerce": (),
}
# the callback is a server-to-server POST (WooCommerce), not the seller's browser
SERVER_CALLBACK = ("woocommerce",)


@dataclass
class Authorization:
    """What a completed authorization gives: credential field values to store and the
    tokens' expiries (epoch seconds, None: unknown or none)."""

    values: dict = field(default_factory=dict)
    access_expires_at: int | None = None
    refresh_expires_at: int | None = None


def _with_query(url, **params):
    return f"{url}{'&' if '?' in url else '?'}{urlencode(params)}"


def _need(params, *names):
    missing = [name for name in names if not params.get(name)]
    if missing:
        raise PlatformError("callback_incomplete", f"the callback lacks {', '.join(missing)}")


def authorize_url(platform, settings, credentials, redirect_uri, state, clock=time.time):
    """The platform's authorization link for this account."""
    if platform == "shopee":
        timestamp = int(clock())
        partner_id = int(credentials.partner_id)
        return _with_query(
            settings.base_url.rstrip("/") + SHOPEE_PATH_AUTH,
            partner_id=partner_id,
            timestamp=timestamp,
            sign=shopee.sign(credentials.partner_key, partner_id, SHOPEE_PATH_AUTH, timestamp),
            redirect=_with_query(redirect_uri, state=state),
        )
    if platform == "tiktok":
        return _with_query(TIKTOK_AUTHORIZE_URL, service_id=settings.service_id, state=state)
    if platform == "lazada":
        auth_root = (settings.auth_base_url or lazada.DEFAULT_AUTH_URL).rstrip("/")
        auth_root = auth_root.removesuffix("/rest")
        return _with_query(
            f"{auth_root}/oauth/authorize",
            response_type="code",
            force_auth="true",
            redirect_uri=redirect_uri,
            client_id=credentials.app_key,
            state=state,
        )
    if platform == "shopify":
        return _with_query(
            settings.base_url.rstrip("/") + "/admin/oauth/authorize",
            client_id=credentials.app_key,
            scope=SHOPIFY_SCOPES,
            redirect_uri=redirect_uri,
            state=state,
        )
    if platform == "woocommerce":
        return _with_query(
            settings.base_url.rstrip("/") + "/wc-auth/v1/authorize",
            app_name=WOOCOMMERCE_APP_NAME,
            scope="read_write",
            user_id=state,
            return_url=settings.return_url or redirect_uri,
            callback_url=redirect_uri,
        )
    raise PlatformError("no_authorization", f"{platform}: no seller authorization")


def complete(platform, settings, credentials, params, session=None, clock=time.time):
    """Turn the callback's parameters into an :class:`Authorization` (token exchange)."""
    handler = {
        "shopee": _shopee,
        "tiktok": _tiktok,
        "lazada": _lazada,
        "shopify": _shopify,
        "woocommerce": _woocommerce,
    }.get(platform)
    if handler is None:
        raise PlatformError("no_authorization", f"{platform}: no seller authorization")
    return handler(settings, credentials, params, session, clock)


def _shopee(settings, credentials, params, session, clock):
    _need(params, "code", "shop_id")
    client = BaseClient(settings.base_url, session=session)
    timestamp = int(clock())
    partner_id = int(credentials.partner_id)
    query = {
        "partner_id": partner_id,
        "timestamp": timestamp,
        "sign": shopee.sign(credentials.partner_key, partner_id, SHOPEE_PATH_TOKEN, timestamp),
    }
    body = {"code": params["code"], "shop_id": int(params["shop_id"]), "partner_id": partner_id}
    response = client._send(
        "POST",
        client.base_url + SHOPEE_PATH_TOKEN,
        params=query,
        data=json.dumps(body, separators=(",", ":")),
        headers={"Content-Type": "application/json"},
    )
    data = json_body(response)
    if response.status_code >= 400 or data.get("error") or not data.get("access_token"):
        raise PlatformError(
            data.get("error") or f"http_{response.status_code}",
            data.get("message") or "token exchange refused",
            http_status=response.status_code,
        )
    return Authorization(
        values={
            "shop_id": str(params["shop_id"]),
            "access_token": data["access_token"],
            "refresh_token": data.get("refresh_token") or "",
        },
        access_expires_at=timestamp + int(data.get("expire_in") or 0) or None,
        refresh_expires_at=timestamp + shopee.REFRESH_TOKEN_LIFETIME,
    )


def _tiktok(settings, credentials, params, session, clock):
    _need(params, "code")
    client = BaseClient(settings.auth_base_url or tiktok.DEFAULT_AUTH_URL, session=session)
    response = client._send(
        "GET",
        client.base_url + TIKTOK_PATH_TOKEN,
        params={
            "app_key": credentials.app_key,
            "app_secret": credentials.app_secret,
            "auth_code": params["code"],
            "grant_type": "authorized_code",
        },
    )
    body = json_body(response)
    data = body.get("data") or {}
    if response.status_code >= 400 or body.get("code", 0) != 0 or not data.get("access_token"):
        raise PlatformError(
            body.get("code", f"http_{response.status_code}"),
            body.get("message") or "token exchange refused",
            http_status=response.status_code,
        )
    shops_client = tiktok.TikTokShopClient(
        settings.base_url,
        credentials.app_key,
        credentials.app_secret,
        data["access_token"],
        "",
        session=session,
        timeout=settings.timeout,
        clock=clock,
    )
    shops = shops_client._call("GET", TIKTOK_PATH_SHOPS).get("shops") or []
    if not shops:
        raise PlatformError("no_shop", "the authorization covers no shop")
    return Authorization(
        values={
            "access_token": data["access_token"],
            "refresh_token": data.get("refresh_token") or "",
            # one account is one shop: the first authorized shop
            "shop_cipher": shops[0].get("cipher") or "",
        },
        access_expires_at=int(data.get("access_token_expire_in") or 0) or None,
        refresh_expires_at=int(data.get("refresh_token_expire_in") or 0) or None,
    )


def _lazada(settings, credentials, params, session, clock):
    _need(params, "code")
    client = BaseClient(settings.auth_base_url or lazada.DEFAULT_AUTH_URL, session=session)
    now = clock()
    query = {
        "app_key": credentials.app_key,
        "timestamp": str(int(now * 1000)),
        "sign_method": "sha256",
        "code": params["code"],
    }
    query["sign"] = lazada.sign(credentials.app_secret, LAZADA_PATH_TOKEN, query)
    response = client._send("POST", client.base_url + LAZADA_PATH_TOKEN, data=query)
    data = json_body(response)
    code = str(data.get("code", f"http_{response.status_code}"))
    if response.status_code >= 400 or code != "0" or not data.get("access_token"):
        raise PlatformError(code, data.get("message") or "token exchange refused")
    return Authorization(
        values={
            "access_token": data["access_token"],
            "refresh_token": data.get("refresh_token") or "",
        },
        access_expires_at=int(now) + int(data.get("expires_in") or 0) or None,
        refresh_expires_at=int(now) + int(data.get("refresh_expires_in") or 0) or None,
    )


def shopify_hmac(secret, params):
    """The documented ``hmac`` of a Shopify OAuth redirect: hex HMAC-SHA256 of the
    other query parameters, sorted by name and joined as ``k=v&k=v``."""
    message = "&".join(f"{key}={params[key]}" for key in sorted(params) if key != "hmac")
    return hmac_sha256_hex(secret, message)


def _shopify(settings, credentials, params, session, clock):
    _need(params, "code", "hmac", "shop")
    if not same_signature(shopify_hmac(credentials.webhook_secret, params), params["hmac"]):
        raise PlatformError("bad_hmac", "the callback's hmac does not match")
    if params["shop"] != urlsplit(settings.base_url).netloc:
        raise PlatformError("wrong_shop", "the callback names another shop")
    client = shopify.ShopifyClient(settings.base_url, "", session=session)
    response = client._send(
        "POST",
        client.base_url + "/admin/oauth/access_token",
        json={
            "client_id": credentials.app_key,
            "client_secret": credentials.webhook_secret,
            "code": params["code"],
        },
    )
    data = json_body(response)
    if response.status_code >= 400 or not data.get("access_token"):
        raise PlatformError(
            f"http_{response.status_code}", str(data.get("error_description") or data)[:300]
        )
    return Authorization(values={"access_token": data["access_token"]})


def _woocommerce(settings, credentials, params, session, clock):
    _need(params, "consumer_key", "consumer_secret")
    if params.get("key_permissions") not in (None, "read_write"):
        raise PlatformError("scope", "the key is not read/write")
    return Authorization(
        values={
            "consumer_key": str(params["consumer_key"]),
            "consumer_secret": str(params["consumer_secret"]),
        }
    )
