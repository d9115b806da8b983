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
- TikTok Shop Partner Center, Return and Refund API 202309 > Search Returns
  (``POST /return_refund/202309/returns/search``; query ``page_size`` (1-50),
  ``page_token``, ``sort_field`` (create_time, update_time), ``sort_order``; body
  filters ``update_time_ge``/``update_time_lt``, ``create_time_ge``/``_lt``,
  ``return_status``, ``return_ids`` and ``order_ids`` (string lists; another type
  is 25001001 "An invalid request parameter was passed", search-returns-202309)...;
  answer ``data.return_orders[]``, ``next_page_token``, ``total_count``); the fields
  as the open TikTok Shop SDK types ``SearchReturnsResponseV202309`` (``return_id``, ``order_id``,
  ``return_type`` REFUND / RETURN_AND_REFUND / REPLACEMENT, ``return_status``
  RETURN_OR_REFUND_REQUEST_PENDING, REFUND_OR_RETURN_REQUEST_REJECT,
  AWAITING_BUYER_SHIP, BUYER_SHIPPED_ITEM, REJECT_RECEIVE_PACKAGE,
  RETURN_OR_REFUND_REQUEST_SUCCESS, RETURN_OR_REFUND_REQUEST_CANCEL,
  RETURN_OR_REFUND_REQUEST_COMPLETE, AWAITING_BUYER_RESPONSE,
  ``return_line_items[]`` one per unit, ``refund_amount.refund_total``).
- Lazada Open Platform API reference, Returns & Refund > GetReverseOrdersForSeller
  (``/reverse/getreverseordersforseller``, GET/POST; required ``page_no``,
  ``page_size``; optional ``ReverseOrderLineModifiedTimeRangeStart``/``End`` in
  milliseconds, ``reverse_order_id``, ``trade_order_id``, ``request_type_list``,
  ``reverse_status_list``... (public copy lazykern/ecommerce-api-docs
  data/raw/lazada/apis/return-and-refund-api/getreverseordersforseller.json); answer
  ``result`` {``page_no``, ``page_size``, ``total``, ``success``, ``items[]``} with
  ``reverse_order_id``, ``trade_order_id``, ``request_type`` (CANCEL, RETURN,
  ONLY_REFUND), ``is_rtm``, ``shipping_type``, ``reverse_order_lines[]``
  (``reverse_status``, ``ofc_status``, ``seller_sku_id``, ``platform_sku_id``,
  ``refund_amount`` and ``item_unit_price`` in cents except Vietnam,
  ``reason_text``, ``tracking_number``, ``return_order_line_gmt_modified``...)).
- Shopify REST Admin API, Order (``GET /admin/api/<version>/orders.json`` with
  ``fields``: only the named fields come back) and Refund resources (``refunds[]``
  of an order: ``id``, ``order_id``, ``created_at``, ``processed_at``, ``note``,
  ``refund_line_items[]`` with ``quantity``, ``restock_type`` and ``line_item``,
  ``transactions[]`` with ``kind``, ``status``, ``amount``).
"""

import json
import math
from datetime import datetime

from .base import FakeResponse
from .lazada import FakeLazada
from .shopee import FakeShopee
from .shopify import FakeShopify
from .tiktok import FakeTikTokShop
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


TIKTOK_RETURN_STATUSES = (
    "RETURN_OR_REFUND_REQUEST_PENDING",
    "REFUND_OR_RETURN_REQUEST_REJECT",
    "AWAITING_BUYER_SHIP",
    "BUYER_SHIPPED_ITEM",
    "REJECT_RECEIVE_PACKAGE",
    "RETURN_OR_REFUND_REQUEST_SUCCESS",
    "RETURN_OR_REFUND_REQUEST_CANCEL",
    "RETURN_OR_REFUND_REQUEST_COMPLETE",
    "AWAITING_BUYER_RESPONSE",
)


class FakeTikTokShopReturns(FakeTikTokShop):
    """``returns`` are ``return_orders[]`` rows that also carry ``update_time``."""

    def __init__(self, *args, returns=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.returns = list(returns)

    def route(self, request):
        if request.path == "/return_refund/202309/returns/search":
            answer = super().route(request)  # signature, token and cipher checks
            if answer.status != 404 or request.method != "POST":
                return answer
            return self._returns_search(request)
        return super().route(request)

    def _returns_search(self, request):
        q = request.query
        page_size = int(q.get("page_size") or 10)
        if not 1 <= page_size <= 50:
            return self._answer(400, 36009003, "page_size must be between 1 and 50.")
        if q.get("sort_field") not in (None, "create_time", "update_time"):
            return self._answer(400, 36009003, "Invalid sort_field.")
        body = request.json()
        statuses = body.get("return_status") or []
        if any(s not in TIKTOK_RETURN_STATUSES for s in statuses):
            return self._answer(400, 36009003, "Invalid return_status.")
        rows = sorted(self.returns, key=lambda r: (r["update_time"], r["return_id"]))
        low, high = body.get("update_time_ge"), body.get("update_time_lt")
        for name in ("return_ids", "order_ids"):
            if name in body and not (
                isinstance(body[name], list) and all(isinstance(i, str) for i in body[name])
            ):
                return self._answer(
                    400,
                    25001001,
                    "An invalid request parameter was passed. Please check that you have "
                    "the correct parameter type(s) and format.",
                )
        return_ids, order_ids = body.get("return_ids"), body.get("order_ids")
        rows = [
            r
            for r in rows
            if (low is None or r["update_time"] >= low)
            and (high is None or r["update_time"] < high)
            and (not statuses or r["return_status"] in statuses)
            and (not return_ids or r["return_id"] in return_ids)
            and (not order_ids or r["order_id"] in order_ids)
        ]
        start = int(q.get("page_token") or 0)
        page = rows[start : start + page_size]
        more = start + page_size < len(rows)
        data = {
            "return_orders": page,
            "next_page_token": str(start + page_size) if more else "",
            "total_count": len(rows),
        }
        return self._answer(200, 0, "Success", data)


class FakeLazadaReturns(FakeLazada):
    """``reverse_orders`` are GetReverseOrdersForSeller ``items[]`` rows."""

    def __init__(self, *args, reverse_orders=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.reverse_orders = list(reverse_orders)

    def route(self, request):
        answer = super().route(request)
        api = request.path[len("/rest") :] if request.path.startswith("/rest") else ""
        if api != "/reverse/getreverseordersforseller" or answer.body.get("code") != (
            "InvalidApiPath"
        ):
            return answer
        return self._reverse_orders(self._params(request))

    def _reverse_orders(self, params):
        for name in ("page_no", "page_size"):
            if not params.get(name):
                return self._error("MissingParameter", f"The input parameter {name} is missing")
        page_no, page_size = int(params["page_no"]), int(params["page_size"])
        if page_no < 1 or not 1 <= page_size <= 100:
            return self._error("InvalidParameter", "page_no or page_size is invalid")
        rows = self.reverse_orders
        low = params.get("ReverseOrderLineModifiedTimeRangeStart")
        high = params.get("ReverseOrderLineModifiedTimeRangeEnd")
        if low or high:
            rows = [
                r
                for r in rows
                if any(
                    (not low or line["return_order_line_gmt_modified"] >= int(low))
                    and (not high or line["return_order_line_gmt_modified"] <= int(high))
                    for line in r.get("reverse_order_lines") or []
                )
            ]
        for name in ("reverse_order_id", "trade_order_id"):
            if params.get(name):
                rows = [r for r in rows if str(r[name]) == str(params[name])]
        if params.get("request_type_list"):
            wanted = json.loads(params["request_type_list"])
            rows = [r for r in rows if r["request_type"] in wanted]
        items = rows[(page_no - 1) * page_size : page_no * page_size]
        result = {
            "page_no": page_no,
            "page_size": page_size,
            "total": len(rows),
            "success": True,
            "items": items,
        }
        return FakeResponse(
            200, {"code": "0", "result": result, "request_id": "0ba2887315178178017221014"}
        )


class FakeShopifyReturns(FakeShopify):
    """Orders carry their ``refunds[]``; ``fields`` selects the fields returned."""

    def _orders(self, request):
        answer = super()._orders(request)
        fields = request.query.get("fields")
        if answer.status == 200 and fields:
            wanted = {f.strip() for f in fields.split(",")}
            answer.body = {
                "orders": [
                    {k: v for k, v in o.items() if k in wanted} for o in answer.body["orders"]
                ]
            }
        return answer
