"""Fake Lazada Open Platform gateway (``/rest`` prefix), orders and fulfilment."""

import hashlib
import hmac
import json
import uuid
from datetime import datetime

from .base import FakePlatform, FakeResponse

PREFIX = "/rest"


def _when(text):
    """Lazada's documented date format: ``2024-05-01 10:00:00 +0700``."""
    return datetime.strptime(text, "%Y-%m-%d %H:%M:%S %z")


class FakeLazada(FakePlatform):
    """Orders are ``/orders/get`` dicts plus ``order_items`` and ``updated_at``."""

    def __init__(self, app_key, app_secret, access_token, orders=(), refresh_token="rt-1"):
        super().__init__(orders)
        self.app_key = app_key
        self.app_secret = app_secret
        self.access_token = access_token
        self.refresh_token = refresh_token
        self.refreshes = []

    def expire_token(self):
        self.access_token = f"expired-{uuid.uuid4().hex[:6]}"

    @property
    def base_url_rest(self):
        return self.base_url + PREFIX

    def _error(self, code, message, status=200):
        body = {"type": "ISV", "code": code, "message": message, "request_id": uuid.uuid4().hex}
        return FakeResponse(status, body)

    def _ok(self, data):
        return FakeResponse(200, {"code": "0", "data": data, "request_id": uuid.uuid4().hex})

    def fault_body(self, status):
        return {"type": "SYSTEM", "code": str(status), "message": "scripted fault"}

    def _params(self, request):
        params = dict(request.query)
        if request.method == "POST":
            params.update(request.form())
        return params

    def _expected_sign(self, api, params):
        text = api + "".join(
            f"{k}{params[k]}" for k in sorted(params) if k != "sign" and params[k] != ""
        )
        return hmac.new(self.app_secret.encode(), text.encode(), hashlib.sha256).hexdigest().upper()

    def route(self, request):
        if not request.path.startswith(PREFIX):
            return self._error("InvalidApiPath", "The specified API path is invalid", 404)
        api = request.path[len(PREFIX) :]
        params = self._params(request)
        if params.get("app_key") != self.app_key:
            return self._error("InvalidAppKey", "Invalid app key")
        if not hmac.compare_digest(self._expected_sign(api, params), params.get("sign", "")):
            return self._error(
                "IncompleteSignature", "The request signature does not conform to lazada standards"
            )
        if api == "/auth/token/refresh":
            return self._refresh(params)
        if params.get("access_token") != self.access_token:
            return self._error(
                "IllegalAccessToken", "The specified access token is invalid or expired"
            )
        handlers = {
            "/orders/get": self._orders,
            "/orders/items/get": self._items,
            "/product/price_quantity/update": self._stock,
            "/order/rts": self._rts,
            "/order/cancel": self._cancel,
        }
        handler = handlers.get(api)
        if handler is None:
            return self._error("InvalidApiPath", "The specified API path is invalid", 404)
        return handler(params)

    def _refresh(self, params):
        if params.get("refresh_token") != self.refresh_token:
            return self._error(
                "IllegalRefreshToken", "The specified refresh token is invalid or expired"
            )
        self.refreshes.append(params)
        self.access_token = f"50000{uuid.uuid4().hex[:12]}"
        self.refresh_token = f"50001{uuid.uuid4().hex[:12]}"
        return FakeResponse(
            200,
            {
                "access_token": self.access_token,
                "refresh_token": self.refresh_token,
                "expires_in": 604800,
                "refresh_expires_in": 2592000,
                "country": "id",
                "account_platform": "seller_center",
                "account": "seller@example.co.id",
                "code": "0",
                "request_id": uuid.uuid4().hex,
            },
        )

    def _orders(self, params):
        since = datetime.fromisoformat(params["update_after"])
        limit = int(params.get("limit") or 100)
        if not 1 <= limit <= 100:
            return self._error("InvalidParameter", "limit must be between 1 and 100")
        matching = [o for o in self.orders if _when(o["updated_at"]) >= since]
        matching.sort(key=lambda o: _when(o["updated_at"]))
        offset = int(params.get("offset") or 0)
        page = [
            {k: v for k, v in o.items() if k != "order_items"}
            for o in matching[offset : offset + limit]
        ]
        return self._ok({"count": len(page), "countTotal": len(matching), "orders": page})

    def _items(self, params):
        ids = json.loads(params["order_ids"])
        if len(ids) > 50:
            return self._error("InvalidParameter", "order_ids accepts at most 50 ids")
        by_id = {int(o["order_id"]): o for o in self.orders}
        return self._ok(
            [
                {
                    "order_id": i,
                    "order_number": by_id[i]["order_number"],
                    "order_items": by_id[i]["order_items"],
                }
                for i in ids
                if i in by_id
            ]
        )

    def _stock(self, params):
        self.stock_updates.append(params["payload"])
        return self._ok({})

    def _rts(self, params):
        self.shipments.append(
            {
                k: params[k]
                for k in ("delivery_type", "order_item_ids", "shipment_provider", "tracking_number")
            }
        )
        return self._ok({"order_items": []})

    def _cancel(self, params):
        self.cancellations.append({k: params[k] for k in ("order_item_id", "reason_id")})
        return self._ok({})
