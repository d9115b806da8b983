"""Fake Shopify Admin REST API (orders with Link pagination, inventory, fulfilment).

``POST inventory_levels/set.json`` follows shopify.dev REST Admin "InventoryLevel"
(Set the inventory level...): ``location_id``, ``inventory_item_id`` and ``available``
are required; a missing or unknown one is refused ``{"errors": {...: "Required
parameter missing or invalid"}}`` (HTTP 400) / 422 for an unknown location. Listings:
``GET products.json`` (``limit`` <= 250, ``fields``, Link pages) and ``GET
inventory_levels.json`` (``inventory_item_ids``, 50 at most; one of
``inventory_item_ids``/``location_ids`` required).

Fulfilment follows shopify.dev REST Admin "FulfillmentOrder" (GET
orders/{order_id}/fulfillment_orders.json: ``id``, ``status``, ``supported_actions``,
``assigned_location_id``, ``line_items[{id, line_item_id, quantity,
fulfillable_quantity}]``) and "Fulfillment" (POST fulfillments.json: "Creates a
fulfillment for one or many fulfillment orders. The fulfillment orders are associated
with the same order and are assigned to the same location"; "Each fulfillment supports
a single tracking number"; ``line_items_by_fulfillment_order`` required, an empty
``fulfillment_order_line_items`` fulfils the whole fulfillment order;
``tracking_info{number, url, company}``; ``notify_customer``). A fulfillment order
that is closed, or a quantity above what is left to fulfil, is refused with HTTP 422
and ``errors``; an unknown fulfillment order id with 404."""

import base64
import re
from datetime import datetime

from .base import FakePlatform, FakeResponse

INVALID_TOKEN = "[API] Invalid API key or access token (unrecognized login or wrong password)"


def _cursor(offset):
    return base64.urlsafe_b64encode(f"offset:{offset}".encode()).decode()


def _offset(page_info):
    return int(base64.urlsafe_b64decode(page_info).decode().split(":", 1)[1])


class FakeShopify(FakePlatform):
    """Orders are Admin API order dicts (``updated_at`` with offset)."""

    def __init__(self, access_token, api_version="2026-01", orders=(), fulfillment_orders=None):
        super().__init__(orders)
        self.access_token = access_token
        self.api_version = api_version
        self.fulfillment_orders = fulfillment_orders or {}
        # products.json rows ({"id", "title", "variants": [{"id", "sku",
        # "inventory_item_id"}]}) and {inventory_item_id: [location_id, ...]}
        self.products = []
        self.levels = {}
        self.locations = {655441491}
        # OAuth (authorization code grant): the app's client credentials and the codes
        # the install page handed out (single use)
        self.client_id = None
        self.client_secret = None
        self.auth_codes = set()
        self._since = datetime.fromisoformat("1970-01-01T00:00:00+00:00")

    def fault_body(self, status):
        if status == 429:
            return {"errors": "Exceeded 2 calls per second for api client. Reduce request rates."}
        return {"errors": "Internal Server Error"}

    def route(self, request):
        if (request.method, request.path) == ("POST", "/admin/oauth/access_token"):
            return self._access_token(request.json())
        if request.headers.get("x-shopify-access-token") != self.access_token:
            return FakeResponse(401, {"errors": INVALID_TOKEN})
        prefix = f"/admin/api/{self.api_version}/"
        if not request.path.startswith(prefix):
            return FakeResponse(404, {"errors": "Not Found"})
        resource = request.path[len(prefix) :]
        if request.method == "GET" and resource == "orders.json":
            return self._orders(request)
        if request.method == "POST" and resource == "inventory_levels/set.json":
            return self._set_level(request.json())
        if request.method == "GET" and resource == "products.json":
            return self._products(request)
        if request.method == "GET" and resource == "inventory_levels.json":
            return self._levels(request)
        match = re.fullmatch(r"orders/(\d+)/fulfillment_orders\.json", resource)
        if request.method == "GET" and match:
            rows = self._fulfillment_orders_of(int(match.group(1)))
            return FakeResponse(200, {"fulfillment_orders": rows})
        if request.method == "POST" and resource == "fulfillments.json":
            return self._fulfil(request.json())
        match = re.fullmatch(r"orders/(\d+)/cancel\.json", resource)
        if request.method == "POST" and match:
            self.cancellations.append({"order_id": int(match.group(1)), **request.json()})
            return FakeResponse(200, {"order": {"id": int(match.group(1))}})
        return FakeResponse(404, {"errors": "Not Found"})

    def _fulfillment_orders_of(self, order_id):
        """The order's fulfillment orders: those given, else one open fulfillment order
        at the first location holding every line (made on first read, then kept)."""
        if order_id not in self.fulfillment_orders:
            order = next((o for o in self.orders if o["id"] == order_id), None)
            if order is None:
                return []
            self.fulfillment_orders[order_id] = [
                {
                    "id": 1046000000 + order_id % 1000000,
                    "order_id": order_id,
                    "status": "open",
                    "assigned_location_id": min(self.locations),
                    "supported_actions": ["create_fulfillment", "hold", "move"],
                    "line_items": [
                        {
                            "id": 1466000000 + n,
                            "fulfillment_order_id": 1046000000 + order_id % 1000000,
                            "line_item_id": row["id"],
                            "variant_id": row.get("variant_id"),
                            "quantity": row["quantity"],
                            "fulfillable_quantity": row.get("current_quantity", row["quantity"]),
                        }
                        for n, row in enumerate(order.get("line_items") or [], start=1)
                    ],
                }
            ]
        return self.fulfillment_orders[order_id]

    def _fulfil(self, body):
        fulfillment = body.get("fulfillment")
        if not isinstance(fulfillment, dict):
            return FakeResponse(
                400, {"errors": {"fulfillment": "Required parameter missing or invalid"}}
            )
        pairs = fulfillment.get("line_items_by_fulfillment_order")
        if not isinstance(pairs, list) or not pairs:
            return FakeResponse(
                400,
                {
                    "errors": {
                        "line_items_by_fulfillment_order": "Required parameter missing or invalid"
                    }
                },
            )
        tracking = fulfillment.get("tracking_info") or {}
        if not isinstance(tracking, dict) or any(
            not isinstance(tracking.get(key, ""), str) for key in ("number", "url", "company")
        ):
            return FakeResponse(400, {"errors": {"tracking_info": "must be an object of strings"}})
        if not isinstance(fulfillment.get("notify_customer", False), bool):
            return FakeResponse(400, {"errors": {"notify_customer": "must be a boolean"}})
        by_id = {fo["id"]: fo for rows in self.fulfillment_orders.values() for fo in rows}
        chosen, plan = [], []
        for pair in pairs:
            fo = by_id.get(pair.get("fulfillment_order_id"))
            if fo is None:
                return FakeResponse(404, {"errors": "Not Found"})
            if fo["status"] not in ("open", "in_progress") or "create_fulfillment" not in fo.get(
                "supported_actions", ["create_fulfillment"]
            ):
                return FakeResponse(
                    422,
                    {
                        "errors": [
                            f"Fulfillment order {fo['id']} has an unfulfillable "
                            f"status= {fo['status']}."
                        ]
                    },
                )
            chosen.append(fo)
            rows = {row["id"]: row for row in fo.get("line_items") or []}
            asked = pair.get("fulfillment_order_line_items") or [
                {"id": r["id"], "quantity": r.get("fulfillable_quantity", 0)} for r in rows.values()
            ]
            for item in asked:
                row = rows.get(item.get("id"))
                quantity = item.get("quantity")
                if row is None or not isinstance(quantity, int) or quantity <= 0:
                    return FakeResponse(
                        422, {"errors": ["Invalid fulfillment order line item id or quantity."]}
                    )
                if quantity > row.get("fulfillable_quantity", 0):
                    return FakeResponse(
                        422,
                        {"errors": ["Invalid fulfillment order line item quantity requested."]},
                    )
                plan.append((row, quantity))
        if (
            len({fo.get("order_id") for fo in chosen}) > 1
            or len({fo.get("assigned_location_id") for fo in chosen}) > 1
        ):
            return FakeResponse(
                422,
                {"errors": ["All fulfillment orders must belong to the same order and location."]},
            )
        for row, quantity in plan:
            row["fulfillable_quantity"] = row.get("fulfillable_quantity", 0) - quantity
        for fo in chosen:
            left = sum(r.get("fulfillable_quantity", 0) for r in fo.get("line_items") or [])
            fo["status"] = "closed" if not left else "in_progress"
        self.shipments.append(fulfillment)
        return FakeResponse(
            201, {"fulfillment": {"id": 255858046 + len(self.shipments), "status": "success"}}
        )

    def _access_token(self, body):
        """``POST /admin/oauth/access_token`` (client_id, client_secret, code)."""
        if (body.get("client_id"), body.get("client_secret")) != (
            self.client_id,
            self.client_secret,
        ) or body.get("code") not in self.auth_codes:
            return FakeResponse(
                400,
                {
                    "error": "invalid_request",
                    "error_description": "The authorization code was not found or was already used",
                },
            )
        self.auth_codes.discard(body["code"])
        self.access_token = "shpat_" + base64.b16encode(body["code"].encode()).decode().lower()
        return FakeResponse(200, {"access_token": self.access_token, "scope": "read_orders"})

    def _set_level(self, body):
        for key in ("location_id", "inventory_item_id", "available"):
            if not isinstance(body.get(key), int):
                return FakeResponse(400, {"errors": {key: "Required parameter missing or invalid"}})
        if body["location_id"] not in self.locations:
            return FakeResponse(422, {"errors": ["Location not found"]})
        self.stock_updates.append(body)
        return FakeResponse(200, {"inventory_level": body})

    def _products(self, request):
        limit = int(request.query.get("limit") or 50)
        if not 1 <= limit <= 250:
            return FakeResponse(400, {"errors": {"limit": ["must be between 1 and 250"]}})
        start = _offset(request.query["page_info"]) if "page_info" in request.query else 0
        page = self.products[start : start + limit]
        headers = {}
        if start + limit < len(self.products):
            url = f"{self.base_url}/admin/api/{self.api_version}/products.json"
            headers["Link"] = (
                f'<{url}?limit={limit}&page_info={_cursor(start + limit)}>; rel="next"'
            )
        return FakeResponse(200, {"products": page}, headers)

    def _levels(self, request):
        ids = [i for i in request.query.get("inventory_item_ids", "").split(",") if i]
        if not ids and not request.query.get("location_ids"):
            return FakeResponse(
                422, {"errors": ["inventory_item_ids or location_ids must be provided"]}
            )
        if len(ids) > 50:
            return FakeResponse(422, {"errors": ["inventory_item_ids: at most 50"]})
        rows = [
            {"inventory_item_id": int(i), "location_id": location, "available": 0}
            for i in ids
            for location in self.levels.get(int(i), [])
        ]
        return FakeResponse(200, {"inventory_levels": rows})

    def _orders(self, request):
        q = request.query
        limit = int(q.get("limit") or 50)
        if not 1 <= limit <= 250:
            return FakeResponse(400, {"errors": {"limit": ["must be between 1 and 250"]}})
        if "page_info" in q:
            extra = set(q) - {"page_info", "limit", "fields"}
            if extra:
                return FakeResponse(400, {"errors": {"page_info": ["Invalid value."]}})
            since = self._since
            start = _offset(q["page_info"])
        else:
            since = datetime.fromisoformat(q["updated_at_min"].replace("Z", "+00:00"))
            self._since = since
            start = 0
        matching = [o for o in self.orders if datetime.fromisoformat(o["updated_at"]) >= since]
        page = matching[start : start + limit]
        links = []
        url = f"{self.base_url}/admin/api/{self.api_version}/orders.json"
        if start > 0:
            links.append(
                f'<{url}?limit={limit}&page_info={_cursor(max(0, start - limit))}>; rel="previous"'
            )
        if start + limit < len(matching):
            links.append(f'<{url}?limit={limit}&page_info={_cursor(start + limit)}>; rel="next"')
        headers = {"Link": ", ".join(links)} if links else {}
        return FakeResponse(200, {"orders": page}, headers)
