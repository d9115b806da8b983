"""Fake WooCommerce REST API v3 (orders with page/per_page, products, notes).

Products follow the WooCommerce REST API docs "List all products" (``page``,
``per_page`` <= 100, ``X-WP-Total``/``X-WP-TotalPages``) and "List all product
variations" (``GET products/<id>/variations``).

Shipments follow "Create an order note" (``POST orders/<id>/notes``: ``note`` string,
mandatory; ``customer_note`` boolean, default false) and "Update an order" (``PUT
orders/<id>``; ``status`` one of pending, processing, on-hold, completed, cancelled,
refunded, failed, trash). The WordPress REST errors: a missing mandatory parameter is
400 ``rest_missing_callback_param``, a wrong type or value 400 ``rest_invalid_param``,
an unknown order 404 ``woocommerce_rest_shop_order_invalid_id`` ("Invalid ID.")."""

import base64
import math
import re
from datetime import datetime

from .base import FakePlatform, FakeResponse


class FakeWooCommerce(FakePlatform):
    """Orders are ``wc/v3`` order dicts (``date_modified_gmt`` without offset)."""

    def __init__(self, consumer_key, consumer_secret, orders=()):
        super().__init__(orders)
        self.consumer_key = consumer_key
        self.consumer_secret = consumer_secret
        self.notes = []
        self.order_updates = []
        # products ({"id", "name", "sku", "type", "variations": [{"id", "sku"}]})
        self.products = []

    def fault_body(self, status):
        return {"code": "fault", "message": f"scripted HTTP {status}", "data": {"status": status}}

    def _error(self, status, code, message):
        return FakeResponse(status, {"code": code, "message": message, "data": {"status": status}})

    def _authentic(self, request):
        auth = request.headers.get("authorization", "")
        if auth.startswith("Basic "):
            user, _, password = base64.b64decode(auth[6:]).decode().partition(":")
        else:
            user = request.query.get("consumer_key", "")
            password = request.query.get("consumer_secret", "")
        return user == self.consumer_key and password == self.consumer_secret

    def route(self, request):
        if not request.path.startswith("/wp-json/wc/v3/"):
            return self._error(404, "rest_no_route", "No route was found matching the URL.")
        if not self._authentic(request):
            return self._error(
                401, "woocommerce_rest_cannot_view", "Sorry, you cannot list resources."
            )
        resource = request.path[len("/wp-json/wc/v3/") :]
        if request.method == "GET" and resource == "orders":
            return self._orders(request)
        if request.method == "POST" and re.fullmatch(r"products(/\d+/variations)?/batch", resource):
            self.stock_updates.append({"resource": resource, **request.json()})
            return FakeResponse(200, {"update": request.json()["update"]})
        if request.method == "GET" and resource == "products":
            return self._products(request)
        match = re.fullmatch(r"products/(\d+)/variations", resource)
        if request.method == "GET" and match:
            product = next((p for p in self.products if p["id"] == int(match.group(1))), None)
            if product is None:
                return self._error(404, "woocommerce_rest_product_invalid_id", "Invalid ID.")
            return FakeResponse(200, product.get("variations") or [])
        match = re.fullmatch(r"orders/(\d+)/notes", resource)
        if request.method == "POST" and match:
            return self._add_note(int(match.group(1)), request.json())
        match = re.fullmatch(r"orders/(\d+)", resource)
        if request.method == "PUT" and match:
            return self._update_order(int(match.group(1)), request.json())
        return self._error(
            404, "rest_no_route", "No route was found matching the URL and request method."
        )

    ORDER_STATUSES = (
        "pending",
        "processing",
        "on-hold",
        "completed",
        "cancelled",
        "refunded",
        "failed",
        "trash",
    )

    def _order(self, order_id):
        return next((o for o in self.orders if o["id"] == order_id), None)

    def _add_note(self, order_id, body):
        if self._order(order_id) is None:
            return self._error(404, "woocommerce_rest_shop_order_invalid_id", "Invalid ID.")
        if not body.get("note"):
            return self._error(400, "rest_missing_callback_param", "Missing parameter(s): note")
        if not isinstance(body["note"], str) or not isinstance(
            body.get("customer_note", False), bool
        ):
            return self._error(
                400, "rest_invalid_param", "Invalid parameter(s): note, customer_note"
            )
        self.notes.append({"order_id": order_id, **body})
        return FakeResponse(201, {"id": len(self.notes), **body})

    def _update_order(self, order_id, body):
        order = self._order(order_id)
        if order is None:
            return self._error(404, "woocommerce_rest_shop_order_invalid_id", "Invalid ID.")
        if "status" in body and body["status"] not in self.ORDER_STATUSES:
            return self._error(400, "rest_invalid_param", "Invalid parameter(s): status")
        self.order_updates.append({"order_id": order_id, **body})
        order.update(body)
        return FakeResponse(200, {**order, "id": order_id})

    def _orders(self, request):
        q = request.query
        per_page = int(q.get("per_page") or 10)
        if not 1 <= per_page <= 100:
            return self._error(400, "rest_invalid_param", "Invalid parameter(s): per_page")
        page = int(q.get("page") or 1)
        since = datetime.fromisoformat(q["modified_after"]) if q.get("modified_after") else None
        matching = [
            o
            for o in sorted(self.orders, key=lambda o: o["id"])
            if since is None or datetime.fromisoformat(o["date_modified_gmt"]) > since
        ]
        total_pages = math.ceil(len(matching) / per_page)
        rows = matching[(page - 1) * per_page : page * per_page]
        headers = {"X-WP-Total": str(len(matching)), "X-WP-TotalPages": str(total_pages)}
        return FakeResponse(200, rows, headers)

    def _products(self, request):
        per_page = int(request.query.get("per_page") or 10)
        if not 1 <= per_page <= 100:
            return self._error(400, "rest_invalid_param", "Invalid parameter(s): per_page")
        page = int(request.query.get("page") or 1)
        rows = [
            {k: v for k, v in p.items() if k != "variations"}
            | {"variations": [v["id"] for v in p.get("variations") or []]}
            for p in self.products[(page - 1) * per_page : page * per_page]
        ]
        total_pages = math.ceil(len(self.products) / per_page)
        headers = {"X-WP-Total": str(len(self.products)), "X-WP-TotalPages": str(total_pages)}
        return FakeResponse(200, rows, headers)
