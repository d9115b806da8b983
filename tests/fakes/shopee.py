"""Fake Shopee Open Platform v2 (shop APIs used by the order sync).

Stock follows ``v2.product.update_stock`` (open.shopee.com API reference, api_id 652;
public copy lazykern/ecommerce-api-docs data/raw/shopee/apis/product/
v2.product.update_stock.json): ``item_id`` and 1 to 50 ``stock_list[model_id,
seller_stock[location_id, stock]]``. A shop with warehouses (``locations``) refuses a
row without ``location_id`` ("Lack of location_id, please double check.") or with a
location that is not the shop's; a shop without warehouses refuses a location ("You do
not have right to use seller location_id, please only fill seller_stock filed.").
Listings follow ``v2.product.get_item_list`` (``offset``, ``page_size`` <= 100,
``item_status``; ``has_next_page``/``next_offset``), ``get_item_base_info`` and
``get_model_list``.
Orders are ``v2.order.get_order_detail`` bodies (api_id 557): the reference's response
example is ``samples.shopee_order()``; the optional fields come back only when asked.

Shipment follows the Logistics module (public copies in lazykern/ecommerce-api-docs
data/raw/shopee/apis/logistics/: v2.logistics.get_shipping_parameter.json (api_id 550),
v2.logistics.ship_order.json (553), v2.logistics.get_tracking_number.json (552); and
data/processed/shopee/guides/api-best-practices/order-management.md section 8):
``get_shipping_parameter`` (GET, ``order_sn``, ``package_number``) answers
``info_needed`` with the modes the package's channel offers; ``ship_order`` (POST)
takes ``order_sn``, ``package_number`` (a split order refuses a call without it:
logistics.package_number_not_exist) and one of ``pickup{address_id, pickup_time_id}``
/ ``dropoff{...}`` / ``non_integrated{tracking_number}`` among those offered; a package
ships once (logistics.package_already_shipped); only READY_TO_SHIP orders ship; a
channel whose info_needed names the tracking number refuses a call without one
(logistics.ship_order_need_tracking_number), a pickup without its address
(logistics.ship_order_need_address_pickup_time).
``get_tracking_number`` gives the integrated carrier's number once shipped."""

import hashlib
import hmac
import uuid

from .base import FakePlatform, FakeResponse

MAX_RANGE_SECONDS = 15 * 24 * 3600


CANCEL_REASONS = ("OUT_OF_STOCK", "CUSTOMER_REQUEST", "UNDELIVERABLE_AREA", "COD_NOT_SUPPORTED")

# v2.order.get_order_detail (open.shopee.com/documents/v2/v2.order.get_order_detail):
# these fields come back only when named in ``response_optional_fields``; the others
# (order_sn, region, currency, cod, order_status, create_time, update_time,
# days_to_ship, ship_by_date, message_to_seller...) always do.
ORDER_OPTIONAL_FIELDS = frozenset(
    {
        "buyer_user_id",
        "buyer_username",
        "estimated_shipping_fee",
        "recipient_address",
        "actual_shipping_fee",
        "goods_to_declare",
        "note",
        "note_update_time",
        "item_list",
        "pay_time",
        "dropshipper",
        "dropshipper_phone",
        "split_up",
        "buyer_cancel_reason",
        "cancel_by",
        "cancel_reason",
        "actual_shipping_fee_confirmed",
        "buyer_cpf_id",
        "fulfillment_flag",
        "pickup_done_time",
        "package_list",
        "shipping_carrier",
        "payment_method",
        "total_amount",
        "invoice_data",
        "order_chargeable_weight_gram",
        "return_request_due_date",
        "edt",
        "payment_info",
    }
)


class FakeShopee(FakePlatform):
    """Orders are ``get_order_detail`` dicts that also carry ``update_time``."""

    def __init__(
        self, partner_id, partner_key, shop_id, access_token, orders=(), refresh_token="rt-1"
    ):
        super().__init__(orders)
        self.partner_id = str(partner_id)
        self.partner_key = partner_key
        self.shop_id = str(shop_id)
        self.access_token = access_token
        self.refresh_token = refresh_token
        self.refreshes = []
        # the platform's listings: {item_id: {model_id: stock}} (model 0: no models)
        self.stock = {}
        # seller SKUs of the listings: {item_id: {model_id: sku}} (model 0: item_sku)
        self.skus = {}
        # the shop's seller warehouses (v2.shop.get_warehouse_detail); none by default
        self.locations = []
        # authorization codes the shop authorization page handed out: {code: shop_id};
        # a code is spent by its token exchange
        self.auth_codes = {}
        self.token_grants = []
        # logistics: {order_sn: info_needed} (default: the seller's own carrier,
        # non_integrated with a tracking number); the shop's pickup addresses; the
        # packages shipped {package_number: tracking number}
        self.info_needed = {}
        self.pickup_addresses = [
            {
                "address_id": 2826,
                "region": "ID",
                "state": "DKI Jakarta",
                "city": "Jakarta Pusat",
                "address": "Jl. Kebon Sirih 12",
                "zipcode": "10340",
                "address_flag": ["default_address", "pickup_address", "return_address"],
                "time_slot_list": [
                    {"date": 1639472400, "pickup_time_id": "1639472400", "flags": []},
                    {"date": 1639558800, "pickup_time_id": "1639558800", "flags": ["recommended"]},
                ],
            }
        ]
        self.shipped = {}

    def expire_token(self):
        """The current access token stops working (as after its 4 hours)."""
        self.access_token = f"expired-{uuid.uuid4().hex[:6]}"

    def _sign(self, base):
        return hmac.new(self.partner_key.encode(), base.encode(), hashlib.sha256).hexdigest()

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
        base = f"{q['partner_id']}{request.path}{q.get('timestamp', '')}"
        base += q.get("access_token", "") + q["shop_id"]
        return hmac.compare_digest(self._sign(base), q.get("sign", ""))

    def route(self, request):
        if (request.method, request.path) == ("POST", "/api/v2/auth/access_token/get"):
            return self._refresh(request)
        if (request.method, request.path) == ("POST", "/api/v2/auth/token/get"):
            return self._token_get(request)
        if not self._authentic(request):
            return self._error(403, "error_sign", "Wrong sign.")
        if request.query.get("access_token") != self.access_token:
            return self._error(403, "invalid_acceess_token", "Invalid access_token.")
        handlers = {
            ("GET", "/api/v2/order/get_order_list"): self._order_list,
            ("GET", "/api/v2/order/get_order_detail"): self._order_detail,
            ("POST", "/api/v2/product/update_stock"): self._update_stock,
            ("POST", "/api/v2/logistics/ship_order"): self._ship_order,
            ("GET", "/api/v2/logistics/get_shipping_parameter"): self._shipping_parameter,
            ("GET", "/api/v2/logistics/get_tracking_number"): self._tracking_number,
            ("POST", "/api/v2/order/cancel_order"): self._cancel_order,
            ("GET", "/api/v2/product/get_item_base_info"): self._item_base_info,
            ("GET", "/api/v2/product/get_model_list"): self._model_list,
            ("GET", "/api/v2/product/get_item_list"): self._item_list,
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
        asked = {
            name.strip()
            for name in request.query.get("response_optional_fields", "").split(",")
            if name.strip()
        }
        # optional fields only when asked for, as the platform answers
        hidden = ORDER_OPTIONAL_FIELDS - asked
        return self._ok(
            {
                "order_list": [
                    {key: value for key, value in by_sn[sn].items() if key not in hidden}
                    for sn in wanted
                    if sn in by_sn
                ]
            }
        )

    def _token_get(self, request):
        """GetAccessToken (developer guide "Authorization and Authentication"): a public
        API; body ``code``, ``shop_id``, ``partner_id``; the code is single use."""
        q = request.query
        base = f"{q.get('partner_id', '')}{request.path}{q.get('timestamp', '')}"
        if q.get("partner_id") != self.partner_id or not hmac.compare_digest(
            self._sign(base), q.get("sign", "")
        ):
            return self._error(403, "error_sign", "Wrong sign.")
        body = request.json()
        if str(body.get("partner_id")) != self.partner_id:
            return self._error(400, "error_param", "Invalid partner_id.")
        if self.auth_codes.get(body.get("code")) != body.get("shop_id"):
            return self._error(
                400,
                "invalid_code",
                "The code is expired or used or invalid, please check the code.",
            )
        del self.auth_codes[body["code"]]
        self.token_grants.append(body)
        self.access_token = f"tok-{uuid.uuid4().hex[:8]}"
        self.refresh_token = f"rt-{uuid.uuid4().hex[:8]}"
        return FakeResponse(
            200,
            {
                "refresh_token": self.refresh_token,
                "access_token": self.access_token,
                "expire_in": 14400,
                "request_id": uuid.uuid4().hex,
                "error": "",
                "message": "",
            },
        )

    def _refresh(self, request):
        """Public API: signed with partner id, path and timestamp only."""
        q = request.query
        base = f"{q.get('partner_id', '')}{request.path}{q.get('timestamp', '')}"
        if q.get("partner_id") != self.partner_id or not hmac.compare_digest(
            self._sign(base), q.get("sign", "")
        ):
            return self._error(403, "error_sign", "Wrong sign.")
        body = request.json()
        if str(body.get("shop_id")) != self.shop_id or str(body.get("partner_id")) != str(
            self.partner_id
        ):
            return self._error(400, "error_param", "shop_id or partner_id is invalid.")
        if body.get("refresh_token") != self.refresh_token:
            return self._error(403, "error_auth", "Invalid refresh_token.")
        self.refreshes.append(body)
        self.access_token = f"tok-{uuid.uuid4().hex[:8]}"
        self.refresh_token = f"rt-{uuid.uuid4().hex[:8]}"
        return FakeResponse(
            200,
            {
                "refresh_token": self.refresh_token,
                "access_token": self.access_token,
                "expire_in": 14400,
                "request_id": uuid.uuid4().hex,
                "error": "",
                "message": "",
                "partner_id": int(self.partner_id),
                "shop_id": int(self.shop_id),
            },
        )

    def _stock_info(self, stock):
        return {
            "summary_info": {"total_available_stock": stock},
            "seller_stock": [
                dict(
                    {"stock": stock},
                    **({"location_id": self.locations[0]} if self.locations else {}),
                )
            ],
        }

    def _item_base_info(self, request):
        ids = [int(i) for i in request.query.get("item_id_list", "").split(",") if i]
        if not 1 <= len(ids) <= 50:
            return self._error(400, "error_param", "item_id_list must hold 1 to 50 items.")
        items = []
        for item_id in ids:
            models = self.stock.get(item_id)
            if models is None:
                continue
            row = {"item_id": item_id, "item_status": "NORMAL", "has_model": 0 not in models}
            row["item_sku"] = self.skus.get(item_id, {}).get(0, "")
            row["item_name"] = f"Item {item_id}"
            if 0 in models:
                row["stock_info_v2"] = self._stock_info(models[0])
            items.append(row)
        return self._ok({"item_list": items})

    def _model_list(self, request):
        models = self.stock.get(int(request.query.get("item_id") or 0)) or {}
        return self._ok(
            {
                "tier_variation": [],
                "model": [
                    {
                        "model_id": model_id,
                        "model_sku": self.skus.get(int(request.query.get("item_id") or 0), {}).get(
                            model_id, ""
                        ),
                        "stock_info_v2": self._stock_info(stock),
                    }
                    for model_id, stock in models.items()
                ],
            }
        )

    def _item_list(self, request):
        q = request.query
        page_size = int(q.get("page_size") or 0)
        if not 1 <= page_size <= 100 or "offset" not in q or not q.get("item_status"):
            return self._error(
                400, "error_param", "offset, page_size and item_status are required."
            )
        offset = int(q["offset"])
        ids = sorted(self.stock)
        page = ids[offset : offset + page_size]
        more = offset + page_size < len(ids)
        return self._ok(
            {
                "item": [
                    {"item_id": i, "item_status": "NORMAL", "update_time": 1700000000} for i in page
                ],
                "total_count": len(ids),
                "has_next_page": more,
                "next_offset": offset + page_size if more else 0,
            }
        )

    def _update_stock(self, request):
        body = request.json()
        rows = body.get("stock_list") or []
        if not body.get("item_id") or not 1 <= len(rows) <= 50:
            return self._error(400, "error_param", "Wrong parameters, detail: stock_list.")
        for row in rows:
            for stock in row.get("seller_stock") or []:
                location = stock.get("location_id")
                if self.locations and not location:
                    return self._error(
                        400, "error_auth", "Lack of location_id, please double check."
                    )
                if location and not self.locations:
                    return self._error(
                        400,
                        "error_auth",
                        "You do not have right to use seller location_id, please only fill "
                        "seller_stock filed.",
                    )
                if location and location not in self.locations:
                    return self._error(
                        400,
                        "error_auth",
                        "The location_id input is not matched the shop's location_id(more/wrong). "
                        "Please double check.",
                    )
        self.stock_updates.append(body)
        models = self.stock.setdefault(body["item_id"], {})
        for row in rows:
            models[row["model_id"]] = sum(s["stock"] for s in row.get("seller_stock") or [])
        return self._ok({"success_list": [], "failure_list": []})

    def _packages(self, order):
        """The order's ``package_list``: its own, else one package of every row."""
        return order.get("package_list") or [
            {
                "package_number": f"OFG{order['order_sn']}",
                "logistics_status": "LOGISTICS_READY",
                "shipping_carrier": order.get("shipping_carrier", ""),
                "item_list": [
                    {
                        "item_id": row["item_id"],
                        "model_id": row.get("model_id", 0),
                        "model_quantity": row.get("model_quantity_purchased", 1),
                    }
                    for row in order.get("item_list") or []
                ],
            }
        ]

    def _package_of(self, where):
        """``(order, package, error response)`` of a logistics call's order_sn and
        package_number."""
        order = next((o for o in self.orders if o["order_sn"] == where.get("order_sn")), None)
        if order is None:
            return (
                None,
                None,
                self._error(
                    400, "error_not_found", "Wrong parameters, detail: the order is not found."
                ),
            )
        packages = self._packages(order)
        number = where.get("package_number")
        if number in (None, ""):
            if number == "" or len(packages) > 1:
                return (
                    order,
                    None,
                    self._error(
                        400,
                        "logistics.package_number_not_exist",
                        "Please request with package_number for this split order.",
                    ),
                )
            return order, packages[0], None
        package = next((p for p in packages if p["package_number"] == number), None)
        if package is None:
            return (
                order,
                None,
                self._error(
                    400,
                    "error_param",
                    "Invalid package number, please get package number from field "
                    "`package_number` in get_order_detail.",
                ),
            )
        return order, package, None

    def _shipping_parameter(self, request):
        order, _package, error = self._package_of(request.query)
        if error:
            return error
        needed = self.info_needed.get(order["order_sn"], {"non_integrated": ["tracking_no"]})
        answer = {"info_needed": needed}
        if "pickup" in needed:
            answer["pickup"] = {"address_list": self.pickup_addresses}
        if "dropoff" in needed:
            answer["dropoff"] = {"branch_list": None}
        return self._ok(answer)

    def _ship_order(self, request):
        body = request.json()
        if not isinstance(body.get("order_sn"), str) or not body["order_sn"]:
            return self._error(
                400, "error_param", "Wrong parameters, detail: order_sn is required."
            )
        order, package, error = self._package_of(body)
        if error:
            return error
        if package["package_number"] in self.shipped:
            return self._error(
                400,
                "logistics.package_already_shipped",
                "This package has already been arranged shipment and you can't call this "
                "API again.",
            )
        if order.get("order_status") != "READY_TO_SHIP":
            return self._error(400, "logistics.error_param", "Logistic status is not supported.")
        modes = [m for m in ("pickup", "dropoff", "non_integrated") if m in body]
        needed = self.info_needed.get(order["order_sn"], {"non_integrated": ["tracking_no"]})
        if len(modes) != 1 or modes[0] not in needed or not isinstance(body[modes[0]], dict):
            return self._error(
                400,
                "error_param",
                f"Wrong parameters, detail: ship with one of {sorted(needed)}.",
            )
        mode, values = modes[0], body[modes[0]]
        tracking = values.get("tracking_number", "")
        if not isinstance(tracking, str):
            return self._error(
                400, "error_param", "Wrong parameters, detail: tracking_number must be a string."
            )
        if {"tracking_no", "tracking_number"} & set(needed[mode]) and not tracking:
            return self._error(
                400,
                "logistics.ship_order_need_tracking_number",
                "Parameter tracking_number can not be null.",
            )
        if len(tracking) > 64:
            return self._error(
                400,
                "logistics.ship_order_long_tracking_number",
                "Parameter tracking_number can not be longer than 64.",
            )
        if (
            mode != "non_integrated"
            and tracking
            and not {"tracking_no", "tracking_number"} & set(needed[mode])
        ):
            return self._error(
                400,
                "error_param",
                "Please do not request with tracking_no for this channel which does not "
                "require tracking_no.",
            )
        if mode == "pickup":
            address = next(
                (a for a in self.pickup_addresses if a["address_id"] == values.get("address_id")),
                None,
            )
            slots = {t["pickup_time_id"] for t in (address or {}).get("time_slot_list") or []}
            if not values.get("address_id"):
                return self._error(
                    400,
                    "logistics.ship_order_need_address_pickup_time",
                    "Parameter address_id and pickup_time_id are required.",
                )
            if address is None:
                return self._error(400, "logistics.address_not_found", "Address is not found.")
            if slots and values.get("pickup_time_id") not in slots:
                return self._error(
                    400,
                    "logistics.error_cutoff_time",
                    "Pickup time is not invalid. Please check the pickup time.",
                )
        self.shipped[package["package_number"]] = tracking or f"SPXID0{len(self.shipped) + 1:09d}"
        self.shipments.append(body)
        return self._ok({})

    def _tracking_number(self, request):
        _order, package, error = self._package_of(request.query)
        if error:
            return error
        return self._ok({"tracking_number": self.shipped.get(package["package_number"], "")})

    def _cancel_order(self, request):
        """``item_list`` is required when the reason is OUT_OF_STOCK."""
        body = request.json()
        if body.get("cancel_reason") not in CANCEL_REASONS:
            return self._error(400, "error_param", "cancel_reason is invalid.")
        if body["cancel_reason"] == "OUT_OF_STOCK" and not body.get("item_list"):
            return self._error(400, "error_param", "item_list is required for OUT_OF_STOCK.")
        self.cancellations.append(body)
        return self._ok({"update_time": 1700000000})
