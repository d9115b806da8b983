"""Fake TikTok Shop Partner API (orders, products, inventory, fulfilment), each
endpoint at the version its reference page documents (partner.tiktokshop.com/docv2;
public copy lazykern/ecommerce-api-docs data/raw/tiktok/api-reference/*.spec.json):
Get Order Detail ``GET /order/202507/orders`` (get-order-detail-202507), Search
Products ``POST /product/202502/products/search`` (search-products-202502); Get Order
List, Update Inventory, Inventory Search, Ship Package, Cancel Order and Get Authorized
Shops at 202309, their newest documented version. A path of another version (the
202309 Get Order Detail or Search Products) is refused as the "Common errors" page
says of a path that matches no endpoint: 36009009 "Invalid path. The specified path
does not match any available endpoint."; expired tokens are 105002 (same page).

Search Products 202502: ``page_size`` 1-100 (else 12019109 "page size is invalid"),
body ``status`` one of ALL, DRAFT, PENDING, FAILED, ACTIVATE, SELLER_DEACTIVATED,
PLATFORM_DEACTIVATED, FREEZE, DELETED (default ALL; anything else 12052910 "Invalid
input parameters"), no more than 10000 results reachable (12052180); answer
``products[]`` with ``id``, ``title``, ``status``, ``create_time``, ``update_time``,
``skus[]`` (``id``, ``seller_sku``, ``price``, ``inventory[].warehouse_id/quantity``),
``total_count`` and ``next_page_token``.

Update Inventory follows partner.tiktokshop.com/docv2 "Update Inventory"
(update-inventory-202309; public copy lazykern/ecommerce-api-docs
data/raw/tiktok/api-reference/products/update-inventory.spec.json): ``skus[].id`` and
``inventory[].quantity``; ``warehouse_id`` "optional if there is only 1 warehouse",
else every warehouse of the SKU must be named: a row without it is refused 12019028
"Multiple warehouses detected...", a warehouse that is not the SKU's 12052530, a
warehouse left out 12052037. Orders are Get Order Detail bodies: the reference's response
example (get-order-detail-202507) is ``samples.tiktok_order()``.
"""

import base64
import hashlib
import hmac
import re
import time
import uuid

from .base import FakePlatform, FakeResponse

PATH_ORDER_DETAIL = "/order/202507/orders"
PATH_PRODUCT_SEARCH = "/product/202502/products/search"
PRODUCT_STATUSES = (
    "ALL",
    "DRAFT",
    "PENDING",
    "FAILED",
    "ACTIVATE",
    "SELLER_DEACTIVATED",
    "PLATFORM_DEACTIVATED",
    "FREEZE",
    "DELETED",
)
SEARCH_RESULT_CAP = 10000
# endpoints served here, for 36009010 "Invalid method" ("Common errors")
KNOWN_PATHS = (
    PATH_ORDER_DETAIL,
    PATH_PRODUCT_SEARCH,
    "/order/202309/orders/search",
    "/product/202309/inventory/search",
    "/return_refund/202309/cancellations",
)
INVALID_PATH = (36009009, "Invalid path. The specified path does not match any available endpoint.")


class FakeTikTokShop(FakePlatform):
    """Orders are 202309 order dicts that also carry ``update_time``."""

    def __init__(
        self, app_key, app_secret, access_token, shop_cipher, orders=(), refresh_token="rt-1"
    ):
        super().__init__(orders)
        self.app_key = app_key
        self.app_secret = app_secret
        self.access_token = access_token
        self.shop_cipher = shop_cipher
        self.refresh_token = refresh_token
        self.refreshes = []
        # {product_id: {sku_id: quantity}}
        self.stock = {}
        # warehouses of each SKU: {sku_id: [warehouse_id, ...]}; an SKU not named has
        # the shop's one warehouse
        self.warehouses = {}
        # seller SKUs: {sku_id: seller_sku}
        self.seller_skus = {}
        # authorization codes handed out by the authorization page (single use)
        self.auth_codes = set()
        self.token_grants = []

    def expire_token(self):
        self.access_token = f"expired-{uuid.uuid4().hex[:6]}"

    def _answer(self, status, code, message, data=None):
        body = {"code": code, "message": message, "request_id": uuid.uuid4().hex, "data": data}
        return FakeResponse(status, body)

    def fault_body(self, status):
        if status == 429:
            return {"code": 429, "message": "Too many requests", "data": None}
        return {"code": 500, "message": "Internal error", "data": None}

    def _expected_sign(self, request):
        params = {k: v for k, v in request.query.items() if k not in ("sign", "access_token")}
        text = request.path + "".join(f"{k}{params[k]}" for k in sorted(params))
        if "multipart/form-data" not in request.headers.get("content-type", ""):
            text += request.body.decode("utf-8")
        wrapped = f"{self.app_secret}{text}{self.app_secret}"
        return hmac.new(self.app_secret.encode(), wrapped.encode(), hashlib.sha256).hexdigest()

    def _token_get(self, request):
        """Get Access Token (authorization host): ``app_key``, ``app_secret``,
        ``auth_code``, ``grant_type=authorized_code``; a code is single use."""
        q = request.query
        if q.get("app_key") != self.app_key or q.get("app_secret") != self.app_secret:
            return self._answer(401, 106001, "Invalid credentials.")
        if q.get("grant_type") != "authorized_code" or q.get("auth_code") not in self.auth_codes:
            return self._answer(400, 36004004, "Invalid auth_code.")
        self.auth_codes.discard(q["auth_code"])
        self.token_grants.append(dict(q))
        self.access_token = f"ROW_{uuid.uuid4().hex[:10]}"
        now = int(time.time())
        data = {
            "access_token": self.access_token,
            "access_token_expire_in": now + 7 * 24 * 3600,
            "refresh_token": self.refresh_token,
            "refresh_token_expire_in": now + 60 * 24 * 3600,
            "open_id": "7010736057180325637",
            "seller_name": "Toko Test",
            "seller_base_region": "ID",
            "user_type": 0,
            "granted_scopes": ["seller.order.info", "seller.product.basic"],
        }
        return self._answer(200, 0, "success", data)

    def _refresh(self, request):
        """Refresh Access Token (authorization host): no signature, the app secret
        travels as a parameter."""
        q = request.query
        if q.get("app_key") != self.app_key or q.get("app_secret") != self.app_secret:
            return self._answer(401, 106001, "Invalid credentials.")
        if q.get("grant_type") != "refresh_token" or q.get("refresh_token") != self.refresh_token:
            return self._answer(400, 36004004, "Invalid refresh token.")
        self.refreshes.append(dict(q))
        self.access_token = f"ROW_{uuid.uuid4().hex[:10]}"
        now = int(time.time())
        data = {
            "access_token": self.access_token,
            "access_token_expire_in": now + 7 * 24 * 3600,
            "refresh_token": self.refresh_token,
            "refresh_token_expire_in": now + 60 * 24 * 3600,
            "open_id": "7010736057180325637",
            "seller_name": "Toko Test",
            "seller_base_region": "ID",
            "user_type": 0,
        }
        return self._answer(200, 0, "success", data)

    def route(self, request):
        if request.method == "GET" and request.path == "/api/v2/token/refresh":
            return self._refresh(request)
        if request.method == "GET" and request.path == "/api/v2/token/get":
            return self._token_get(request)
        if request.query.get("app_key") != self.app_key or not hmac.compare_digest(
            self._expected_sign(request), request.query.get("sign", "")
        ):
            return self._answer(401, 106001, "Invalid credentials. The 'sign' is invalid.")
        if request.headers.get("x-tts-access-token") != self.access_token:
            return self._answer(401, 105002, "Expired credentials.")
        if request.method == "GET" and request.path == "/authorization/202309/shops":
            # Get Authorized Shops: no shop_cipher (the call that gives it)
            shop = {"id": "7000714532876273420", "name": "Toko Test", "region": "ID"}
            shop.update({"seller_type": "LOCAL", "cipher": self.shop_cipher, "code": "IDLCX5"})
            return self._answer(200, 0, "Success", {"shops": [shop]})
        if request.query.get("shop_cipher") != self.shop_cipher:
            return self._answer(400, 400, "Invalid shop_cipher.")
        if request.method == "POST" and request.path == "/order/202309/orders/search":
            return self._search(request)
        match = re.fullmatch(r"/product/202309/products/([^/]+)/inventory/update", request.path)
        if request.method == "POST" and match:
            body = request.json()
            refused = self._check_inventory(body)
            if refused:
                return refused
            self.stock_updates.append({"product_id": match.group(1), **body})
            skus = self.stock.setdefault(match.group(1), {})
            for sku in body.get("skus") or []:
                skus[sku["id"]] = sum(i["quantity"] for i in sku.get("inventory") or [])
            return self._answer(200, 0, "Success", {})
        if request.method == "POST" and request.path == PATH_PRODUCT_SEARCH:
            return self._products(request)
        if request.method == "POST" and request.path == "/product/202309/inventory/search":
            return self._inventory(request)
        if request.method == "GET" and request.path == PATH_ORDER_DETAIL:
            return self._detail(request)
        match = re.fullmatch(r"/fulfillment/202309/packages/([^/]+)/ship", request.path)
        if request.method == "POST" and match:
            return self._ship(match.group(1), request.json())
        if request.method == "POST" and request.path == "/return_refund/202309/cancellations":
            self.cancellations.append(request.json())
            return self._answer(200, 0, "Success", {"cancel_id": "C1"})
        if request.path in KNOWN_PATHS:
            return self._answer(
                405, 36009010, "Invalid method. The HTTP method used is not supported."
            )
        return self._answer(404, *INVALID_PATH)

    def _check_inventory(self, body):
        for sku in body.get("skus") or []:
            if not sku.get("id"):
                return self._answer(400, 12052036, "The SKU ID is necessary")
            own = self.warehouses.get(sku["id"], ["W1"])
            rows = sku.get("inventory") or []
            named = [row.get("warehouse_id") for row in rows]
            if len(own) > 1 and not all(named):
                return self._answer(
                    400,
                    12019028,
                    "Multiple warehouses detected. Include all warehouse IDs and the "
                    "corresponding details and try again.",
                )
            for warehouse in filter(None, named):
                if warehouse not in own:
                    return self._answer(
                        400,
                        12052530,
                        f"The warehouse '{warehouse}' does not belong to this shop/seller.",
                    )
            if len(own) > 1 and set(named) != set(own):
                return self._answer(
                    400, 12052037, "Couldn't update inventory: missing warehouse IDs"
                )
        return None

    def _products(self, request):
        """Search Products 202502 (see the module docstring)."""
        page_size = int(request.query.get("page_size") or 0)
        if not 1 <= page_size <= 100:
            return self._answer(400, 12019109, "page size is invalid")
        body = request.json() if request.body else {}
        if not isinstance(body, dict) or body.get("status", "ALL") not in PRODUCT_STATUSES:
            return self._answer(
                400, 12052910, "Invalid input parameters. Refer to the API documentation."
            )
        # every product of the fake is live (ACTIVATE)
        ids = sorted(self.stock) if body.get("status", "ALL") in ("ALL", "ACTIVATE") else []
        token = request.query.get("page_token")
        start = int(base64.urlsafe_b64decode(token).decode()) if token else 0
        end = start + page_size
        if end > SEARCH_RESULT_CAP:
            return self._answer(
                400, 12052180, "The total number of search results can not exceed 10000."
            )
        products = [
            {
                "id": product_id,
                "title": f"Product {product_id}",
                "status": "ACTIVATE",
                "create_time": 1694309208,
                "update_time": 1694319208,
                "skus": [
                    {
                        "id": sku_id,
                        "seller_sku": self.seller_skus.get(sku_id, ""),
                        "price": {"currency": "IDR", "sale_price": "100000"},
                        "inventory": [
                            {"warehouse_id": w, "quantity": qty if i == 0 else 0}
                            for i, w in enumerate(self.warehouses.get(sku_id, ["W1"]))
                        ],
                    }
                    for sku_id, qty in self.stock[product_id].items()
                ],
            }
            for product_id in ids[start:end]
        ]
        next_token = base64.urlsafe_b64encode(str(end).encode()).decode() if end < len(ids) else ""
        data = {"products": products, "total_count": len(ids), "next_page_token": next_token}
        return self._answer(200, 0, "Success", data)

    @staticmethod
    def _package_of(order, row):
        """Rows without a ``package_id`` share one package per order."""
        return str(row.get("package_id") or f"PKG{order['id']}")

    def _with_packages(self, order):
        rows = [{**row, "package_id": self._package_of(order, row)} for row in order["line_items"]]
        packages = sorted({row["package_id"] for row in rows})
        return {**order, "line_items": rows, "packages": [{"id": p} for p in packages]}

    def _detail(self, request):
        ids = [i for i in request.query.get("ids", "").split(",") if i]
        if not 1 <= len(ids) <= 50:
            return self._answer(400, 400, "ids must hold 1 to 50 order ids")
        orders = [self._with_packages(o) for o in self.orders if o["id"] in ids]
        return self._answer(200, 0, "Success", {"orders": orders})

    def _ship(self, package_id, body):
        """Ship Package: a seller-shipped package needs ``self_shipment`` with the
        tracking number and the shipping provider id; a package ships once."""
        shipment = body.get("self_shipment") or {}
        if not shipment.get("tracking_number") or not shipment.get("shipping_provider_id"):
            return self._answer(400, 21011001, "self_shipment needs tracking_number and provider")
        for order in self.orders:
            rows = [r for r in order["line_items"] if self._package_of(order, r) == package_id]
            if rows:
                break
        else:
            return self._answer(404, 21001001, "Package not found")
        if any(s["package_id"] == package_id for s in self.shipments):
            return self._answer(400, 21011002, "Package already shipped")
        self.shipments.append(
            {
                "package_id": package_id,
                "order_id": order["id"],
                "order_line_item_ids": [r["id"] for r in rows],
                **shipment,
            }
        )
        return self._answer(200, 0, "Success", {})

    def _inventory(self, request):
        rows = []
        for product_id in request.json().get("product_ids") or []:
            skus = self.stock.get(product_id)
            if skus is None:
                continue
            rows.append(
                {
                    "product_id": product_id,
                    "skus": [
                        {
                            "id": sku_id,
                            "total_available_quantity": qty,
                            "warehouse_inventory": [
                                {"warehouse_id": "W1", "available_quantity": qty}
                            ],
                        }
                        for sku_id, qty in skus.items()
                    ],
                }
            )
        return self._answer(200, 0, "Success", {"inventory": rows})

    def _search(self, request):
        page_size = int(request.query.get("page_size") or 0)
        if not 1 <= page_size <= 100:
            return self._answer(400, 400, "page_size must be between 1 and 100")
        since = request.json().get("update_time_ge", 0)
        matching = sorted(
            (o for o in self.orders if o["update_time"] >= since), key=lambda o: o["update_time"]
        )
        token = request.query.get("page_token")
        start = int(base64.urlsafe_b64decode(token).decode()) if token else 0
        end = start + page_size
        next_token = (
            base64.urlsafe_b64encode(str(end).encode()).decode() if end < len(matching) else ""
        )
        data = {
            "orders": matching[start:end],
            "next_page_token": next_token,
            "total_count": len(matching),
        }
        return self._answer(200, 0, "Success", data)
