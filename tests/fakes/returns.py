"""After-sales endpoints of the fake platforms: returns and refunds.

Subclasses of the order fakes (same signing and errors), so that the returns
pulls are checked by the same independent reading of each platform's rules.

- Shopee Open Platform v2, API reference > returns > ``v2.returns.get_return_list``
  (``GET /api/v2/returns/get_return_list``; request ``page_no``, ``page_size``
  (1-100), optional ``create_time_from/to``, ``update_time_from/to`` (at most 15
  days), ``status``; response ``{"more", "return": [...]}``, each return with
  ``return_sn``, ``order_sn``, ``status`` (REQUESTED, ACCEPTED, CANCELLED, JUDGING,
  CLOSED, PROCESSING, SELLER_DISPUTE, REFUND_PAID), ``needs_logistics``,
  ``refund_amount``, ``amount_before_discount``, ``currency``, ``reason``,
  ``text_reason``, ``tracking_number``, ``create_time``, ``update_time``, ``user``
  and ``item[]`` (``item_id``, ``model_id``, ``name``, ``item_sku``,
  ``variation_sku``, ``amount``, ``item_price``, ``is_add_on_deal``,
  ``is_main_item``)); the field list as the shopee-openapi-v2 SDK types it
  (unpkg ``shopee-openapi-v2/dist/returns.d.ts``), the statuses as the
  LightsoftHub/open-platforms ``ShopeeSdk.Core/Enums/ReturnStatus.cs`` enum.
- WooCommerce REST API v3, "Refunds" (``GET /wp-json/wc/v3/refunds``,
  https://developer.woocommerce.com/docs/apis/rest-api/v3/refunds/) and "Order
  refunds" (https://developer.woocommerce.com/docs/apis/rest-api/v3/order-refunds/):
  a list of refunds with ``parent_id`` (the order), ``amount`` (string),
  ``reason``, ``date_created_gmt``, ``refunded_payment``, ``line_items[]`` (negative
  ``quantity`` and ``total``); ``page``/``per_page`` (1-100) with the
  ``X-WP-Total``/``X-WP-TotalPages`` headers; ``after`` filters on the creation date.
"""

import math
from datetime import datetime

from .base import FakeResponse
from .shopee import FakeShopee
from .woocommerce import FakeWooCommerce

SHOPEE_RETURN_STATUSES = (
    "REQUESTED",
    "ACCEPTED",
    "CANCELLED",
    "JUDGING",
    "REFUND_PAID",
    "CLOSED",
    "PROCESSING",
    "SELLER_DISPUTE",
)
SHOPEE_MAX_RANGE_SECONDS = 15 * 24 * 3600


class FakeShopeeReturns(FakeShopee):
    """``returns`` are ``get_return_list`` rows (see the module docstring)."""

    def __init__(self, *args, returns=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.returns = list(returns)

    def route(self, request):
        if request.path == "/api/v2/returns/get_return_list":
            if not self._authentic(request):
                return self._error(403, "error_sign", "Wrong sign.")
            if request.query.get("access_token") != self.access_token:
                return self._error(403, "invalid_acceess_token", "Invalid access_token.")
            if request.method != "GET":
                return self._error(404, "error_not_found", "Wrong API path.")
            return self._return_list(request)
        return super().route(request)

    def _return_list(self, request):
        q = request.query
        for name in ("page_no", "page_size"):
            if name not in q:
                return self._error(400, "error_param", f"{name} is required.")
        page_no, page_size = int(q["page_no"]), int(q["page_size"])
        if not 1 <= page_size <= 100:
            return self._error(400, "error_param", "page_size must be between 1 and 100.")
        if q.get("status") and q["status"] not in SHOPEE_RETURN_STATUSES:
            return self._error(400, "error_param", "status is invalid.")
        matching = sorted(self.returns, key=lambda r: (r["update_time"], r["return_sn"]))
        for field in ("create_time", "update_time"):
            low, high = q.get(f"{field}_from"), q.get(f"{field}_to")
            if (low is None) != (high is None):
                return self._error(400, "error_param", f"{field}_from and _to go together.")
            if low is None:
                continue
            if int(high) - int(low) > SHOPEE_MAX_RANGE_SECONDS:
                return self._error(400, "error_param", "Time range must be within 15 days.")
            matching = [r for r in matching if int(low) <= r[field] <= int(high)]
        if q.get("status"):
            matching = [r for r in matching if r["status"] == q["status"]]
        start = page_no * page_size
        rows = matching[start : start + page_size]
        return self._ok({"more": start + page_size < len(matching), "return": rows})


class FakeWooCommerceReturns(FakeWooCommerce):
    """``refunds`` are ``wc/v3/refunds`` rows (see the module docstring)."""

    def __init__(self, *args, refunds=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.refunds = list(refunds)

    def route(self, request):
        if request.path == "/wp-json/wc/v3/refunds":
            if not self._authentic(request):
                return self._error(
                    401, "woocommerce_rest_cannot_view", "Sorry, you cannot list resources."
                )
            if request.method != "GET":
                return self._error(
                    404, "rest_no_route", "No route was found matching the URL and request method."
                )
            return self._refunds(request)
        return super().route(request)

    def _refunds(self, request):
        q = request.query
        per_page = int(q.get("per_page") or 10)
        if not 1 <= per_page <= 100:
            return self._error(400, "rest_invalid_param", "Invalid parameter(s): per_page")
        page = int(q.get("page") or 1)
        after = datetime.fromisoformat(q["after"]) if q.get("after") else None
        key = "date_created_gmt" if q.get("dates_are_gmt") == "true" else "date_created"
        matching = [
            r
            for r in sorted(self.refunds, key=lambda r: r["id"])
            if after is None or datetime.fromisoformat(r[key]) > after
        ]
        total_pages = math.ceil(len(matching) / per_page)
        rows = matching[(page - 1) * per_page : page * per_page]
        headers = {"X-WP-Total": str(len(matching)), "X-WP-TotalPages": str(total_pages)}
        return FakeResponse(200, rows, headers)
