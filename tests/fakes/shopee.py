"""Fake Shopee Open Platform v2 (shop APIs used by the order sync)."""

import hashlib
import hmac
import uuid

from .base import FakePlatform, FakeResponse

MAX_RANGE_SECONDS = 15 * 24 * 3600


class FakeShopee(FakePlatform):
    """Orders are ``get_order_detail`` dicts that also carry ``update_time``."""

    def __init__(self, partner_id, partner_key, shop_id, access_token, orders=()):
        super().__init__(orders)
        self.partner_id = str(partner_id)
        self.partner_key = partner_key
        self.shop_id = str(shop_id)
        self.access_token = access_token

    def _error(self, status, code, message):
        body = {"error": code, "message": message, "request_id": uuid.uuid4().hex}
        return FakeResponse(status, body)

    def _ok(self, response):
        body = {"error": "", "message": "", "response": response}
        body["request_id"] = uuid.uuid4().hex
        return FakeResponse(200, body)

    def fault_body(self, status):
        if status == 429:
            return {"error": "error_rate_limit", "message": "Too many requests"}
        return {"error": "error_server", "message": "Internal error"}

    def _authentic(self, request):
        q = request.query
        if q.get("partner_id") != self.partner_id or q.get("shop_id") != self.shop_id:
            return False
        if q.get("access_token") != self.access_token:
            return False
        base = f"{q['partner_id']}{request.path}{q.get('timestamp', '')}{q['access_token']}"
        base += q["shop_id"]
        expected = hmac.new(self.partner_key.encode(), base.encode(), hashlib.sha256).hexdigest()
        return hmac.compare_digest(expected, q.get("sign", ""))

    def route(self, request):
        if not self._authentic(request):
            return self._error(403, "error_sign", "Wrong sign.")
        handlers = {
            ("GET", "/api/v2/order/get_order_list"): self._order_list,
            ("GET", "/api/v2/order/get_order_detail"): self._order_detail,
            ("POST", "/api/v2/product/update_stock"): self._update_stock,
            ("POST", "/api/v2/logistics/ship_order"): self._ship_order,
            ("POST", "/api/v2/order/cancel_order"): self._cancel_order,
        }
        handler = handlers.get((request.method, request.path))
        if handler is None:
            return self._error(404, "error_not_found", "Wrong API path.")
        return handler(request)

    def _order_list(self, request):
        q = request.query
        if q.get("time_range_field") not in ("create_time", "update_time"):
            return self._error(400, "error_param", "time_range_field is invalid.")
        time_from, time_to = int(q["time_from"]), int(q["time_to"])
        if time_to - time_from > MAX_RANGE_SECONDS:
            return self._error(400, "error_param", "Time range must be within 15 days.")
        page_size = int(q.get("page_size", 0))
        if not 1 <= page_size <= 100:
            return self._error(400, "error_param", "page_size must be between 1 and 100.")
        field = q["time_range_field"]
        matching = [o for o in self.orders if time_from <= o[field] <= time_to]
        start = int(q.get("cursor") or 0)
        page = matching[start : start + page_size]
        more = start + page_size < len(matching)
        return self._ok(
            {
                "more": more,
                "next_cursor": str(start + page_size) if more else "",
                "order_list": [
                    {"order_sn": o["order_sn"], "order_status": o["order_status"]} for o in page
                ],
            }
        )

    def _order_detail(self, request):
        wanted = [sn for sn in request.query.get("order_sn_list", "").split(",") if sn]
        if not 1 <= len(wanted) <= 50:
            return self._error(400, "error_param", "order_sn_list must hold 1 to 50 orders.")
        by_sn = {o["order_sn"]: o for o in self.orders}
        return self._ok({"order_list": [by_sn[sn] for sn in wanted if sn in by_sn]})

    def _update_stock(self, request):
        self.stock_updates.append(request.json())
        return self._ok({"success_list": [], "failure_list": []})

    def _ship_order(self, request):
        self.shipments.append(request.json())
        return self._ok({})

    def _cancel_order(self, request):
        self.cancellations.append(request.json())
        return self._ok({"update_time": 1700000000})
