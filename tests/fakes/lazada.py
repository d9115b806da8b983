"""Fake Lazada Open Platform gateway (``/rest`` prefix), orders, fulfilment, stock.

Stock follows UpdateSellableQuantity (open.lazada.com/apps/doc/api?path=
%2Fproduct%2Fstock%2Fsellable%2Fupdate, docId 1331): an XML ``payload`` of ``Sku`` rows
with ``ItemId``/``SkuId``/``SellerSku`` and ``SellableQuantity`` (or
``MultiWarehouseInventories``); 50 SKUs at most (E204); a row without a sellable
quantity is refused E005 "Invalid Request Format". UpdatePriceQuantity
(``/product/price_quantity/update``) sets the total quantity, not the sellable stock:
it is kept apart (``price_quantity_updates``). Listings follow GetProducts
(?path=%2Fproducts%2Fget; public copy lazykern/ecommerce-api-docs
data/raw/lazada/apis/product-api/getproducts.json): ``filter`` mandatory (all, live,
inactive, deleted, pending, rejected, sold-out; else E036 "Invalid status filter"),
``limit`` <= 50 (E019 "Invalid Limit"), ``offset`` "Deprecated ... The maximum offset
is 10000" (E014 "Invalid Offset" beyond it), ``create_after``/``create_before``/
``update_after``/``update_before`` in ISO 8601 (E017 "Invalid Date Format"); answer
``total_products`` and ``products[].item_id/created_time/skus[]``. Orders are GetOrder/GetOrders
bodies with their GetOrderItems rows (``samples.lazada_order()``: the documented examples
of ?path=%2Forder%2Fget and ?path=%2Forder%2Fitems%2Fget), served by ``/orders/get`` and
``/orders/items/get``."""

import hashlib
import hmac
import json
import uuid
import xml.etree.ElementTree as ET
from datetime import datetime

from .base import FakePlatform, FakeResponse

PREFIX = "/rest"
# GetProducts ``filter`` values
PRODUCT_FILTERS = ("all", "live", "inactive", "deleted", "pending", "rejected", "sold-out")
# a row without ``created_time``/``updated_time`` has the documented example's
DEFAULT_CREATED_MS = 1645176573000
SYSTEM_PARAMS = ("app_key", "timestamp", "access_token", "sign_method", "sign")


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
        # {package_id: {"order_id", "order_item_ids", "tracking_number", "shipment_provider"}}
        self.packages = {}
        # sellable stock by SellerSku (UpdateSellableQuantity), with the warehouse code
        # when the multi-warehouse form was used: {seller_sku: {warehouse or "": qty}}
        self.sellable = {}
        self.price_quantity_updates = []
        # codes the authorization page handed out (single use)
        self.auth_codes = set()
        self.token_grants = []
        # GetProducts rows: {"item_id", "created_time", "attributes": {"name"},
        # "skus": [{"SkuId", ...}]}
        self.products = []
        # "The maximum offset is 10000" (GetProducts); a lower cap reproduces a
        # platform refusing offsets earlier (E014)
        self.offset_cap = 10000
        # the business parameters of each GetProducts call
        self.product_calls = []

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
        if api == "/auth/token/create":
            return self._token_create(params)
        if params.get("access_token") != self.access_token:
            return self._error(
                "IllegalAccessToken", "The specified access token is invalid or expired"
            )
        handlers = {
            "/orders/get": self._orders,
            "/orders/items/get": self._items,
            "/product/price_quantity/update": self._price_quantity,
            "/product/stock/sellable/update": self._sellable,
            "/products/get": self._products,
            "/order/fulfill/pack": self._pack,
            "/order/package/rts": self._rts,
            "/order/cancel": self._cancel,
            "/order/reverse/cancel/create": self._reverse_cancel,
        }
        handler = handlers.get(api)
        if handler is None:
            return self._error("InvalidApiPath", "The specified API path is invalid", 404)
        return handler(params)

    def _token_create(self, params):
        """GenerateAccessToken: a signed system call with the ``code`` of the callback."""
        if params.get("code") not in self.auth_codes:
            return self._error("InvalidCode", "Invalid authorization code")
        self.auth_codes.discard(params["code"])
        self.token_grants.append(params)
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

    def _price_quantity(self, params):
        payload = params["payload"]
        if payload.count("<Sku>") > 50:
            return self._error("4171", "The updated SKU quantity exceeds the maximum number 50")
        self.price_quantity_updates.append(payload)
        return self._ok({})

    def _sellable(self, params):
        try:
            root = ET.fromstring(params.get("payload") or "")
        except ET.ParseError:
            return self._error("5", "E005: Invalid Request Format")
        rows = root.findall("./Product/Skus/Sku")
        if not rows:
            return self._error("30", "E030: Empty Request")
        if len(rows) > 50:
            return self._error("204", "E204: Too many SKU in one request")
        levels = {}
        for row in rows:
            seller_sku = row.findtext("SellerSku")
            if not (seller_sku or row.findtext("SkuId")):
                return self._error("5", "E005: Invalid Request Format")
            single = row.findtext("SellableQuantity")
            multi = row.findall("./MultiWarehouseInventories/MultiWarehouseInventory")
            if single is None and not multi:
                return self._error("5", "E005: Invalid Request Format")
            if single is not None:
                levels[seller_sku] = {"": int(single)}
            else:
                levels[seller_sku] = {
                    m.findtext("WarehouseCode"): int(m.findtext("SellableQuantity")) for m in multi
                }
        self.stock_updates.append(params["payload"])
        self.sellable.update(levels)
        return self._ok({})

    def _products(self, params):
        """GetProducts (see the module docstring): ``filter`` mandatory, ``limit`` 1-50,
        ``offset`` up to ``offset_cap``, ``create_after``/``create_before`` and
        ``update_after``/``update_before`` bounds (ISO 8601, both ends included) on the
        rows' ``created_time``/``updated_time`` (epoch milliseconds as strings, as in
        the documented example); ``total_products`` counts the rows in the bounds."""
        if params.get("filter") not in PRODUCT_FILTERS:
            return self._error("36", "E036: Invalid status filter")
        limit = int(params.get("limit") or 20)
        offset = int(params.get("offset") or 0)
        if not 1 <= limit <= 50:
            return self._error("19", "Invalid Limit: the limit should not exceed a maximum of 50")
        if not 0 <= offset <= self.offset_cap:
            return self._error("14", f'E014: "{offset}" Invalid Offset')
        rows = self.products
        for name, key, keep in (
            ("create_after", "created_time", lambda t, b: t >= b),
            ("create_before", "created_time", lambda t, b: t <= b),
            ("update_after", "updated_time", lambda t, b: t >= b),
            ("update_before", "updated_time", lambda t, b: t <= b),
        ):
            if not params.get(name):
                continue
            try:
                bound = datetime.fromisoformat(params[name]).timestamp() * 1000
            except ValueError:
                return self._error("17", f'E017: "{params[name]}" Invalid Date Format')
            rows = [r for r in rows if keep(int(r.get(key) or DEFAULT_CREATED_MS), bound)]
        self.product_calls.append({k: params[k] for k in params if k not in SYSTEM_PARAMS})
        page = rows[offset : offset + limit]
        return self._ok({"total_products": len(rows), "products": page})

    @staticmethod
    def _result(data):
        """Fulfilment answers: ``result`` instead of ``data``."""
        body = {"result": {"success": True, "data": data}, "code": "0"}
        return FakeResponse(200, {**body, "request_id": uuid.uuid4().hex})

    def _pack(self, params):
        req = json.loads(params["packReq"])
        orders = req.get("pack_order_list") or []
        if req.get("delivery_type") != "dropship" or not req.get("shipping_allocate_type"):
            return self._error("700004", "PARAM_ILLEGAL")
        if not 1 <= len(orders) <= 20:
            return self._error("700022", "BATCH_SIZE_OUT_OF_LIMIT")
        answer = []
        packed = {i for p in self.packages.values() for i in p["order_item_ids"]}
        for row in orders:
            if packed & set(row["order_item_list"]):
                items = [
                    {"order_item_id": i, "item_err_code": "700026", "msg": "FO_ITEM_NOT_ALLOW"}
                    for i in row["order_item_list"]
                ]
                answer.append({"order_id": row["order_id"], "order_item_list": items})
                continue
            package_id = f"FP{row['order_id']}{len(self.packages):03d}"
            tracking = f"LXAD-{len(self.packages) + 1:08d}"
            self.packages[package_id] = {
                "order_id": row["order_id"],
                "order_item_ids": row["order_item_list"],
                "tracking_number": tracking,
                "shipment_provider": "LEX ID",
                "ready_to_ship": False,
            }
            items = [
                {
                    "order_item_id": item,
                    "msg": "success",
                    "item_err_code": "0",
                    "tracking_number": tracking,
                    "shipment_provider": "LEX ID",
                    "package_id": package_id,
                    "retry": False,
                }
                for item in row["order_item_list"]
            ]
            answer.append({"order_id": row["order_id"], "order_item_list": items})
        return self._result({"pack_order_list": answer})

    def _rts(self, params):
        packages = json.loads(params["readyToShipReq"]).get("packages") or []
        if not 1 <= len(packages) <= 20:
            return self._error("700022", "BATCH_SIZE_OUT_OF_LIMIT")
        answer = []
        for row in packages:
            package = self.packages.get(row["package_id"])
            if package is None:
                code, msg = "600001", "package not found"
            elif package["ready_to_ship"]:
                code, msg = "700000", "current package status not allow to operation"
            else:
                code, msg = "0", "success"
                package["ready_to_ship"] = True
                self.shipments.append({"package_id": row["package_id"], **package})
            answer.append(
                {"package_id": row["package_id"], "item_err_code": code, "msg": msg, "retry": False}
            )
        return self._result({"packages": answer})

    def _cancel(self, params):
        self.cancellations.append({k: params[k] for k in ("order_item_id", "reason_id")})
        return self._ok({})

    def _reverse_cancel(self, params):
        if not all(params.get(k) for k in ("order_id", "order_item_id_list", "reason_id")):
            return self._error("104", "E0104: reason is empty or invalid")
        self.cancellations.append(
            {
                "order_id": params["order_id"],
                "order_item_id_list": json.loads(params["order_item_id_list"]),
                "reason_id": params["reason_id"],
            }
        )
        return self._ok({"tip_content": "", "tip_type": ""})
