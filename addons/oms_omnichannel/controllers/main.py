# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The capture REST API: a thin HTTP layer over the ``oms.capture`` service."""

import functools
import logging
import re

import psycopg2
from werkzeug.exceptions import BadRequest, RequestEntityTooLarge

from odoo import http
from odoo.exceptions import AccessError
from odoo.http import request
from odoo.service.model import retrying

from ..models.ir_http import database_unavailable_response, is_connection_lost
from ..models.oms_capture import CaptureError
from ..tools import capture_schema, json_body

_logger = logging.getLogger(__name__)

API = capture_schema.API_PREFIX
ORDER_PATH = f"{API}/orders/<string:channel_code>/<string:external_ref>"
STATUS_BY_CODE = {
    "invalid_json": 400,
    "unauthorized": 401,
    "forbidden": 403,
    "not_found": 404,
    "method_not_allowed": 405,
    "conflict": 409,
    "payload_too_large": 413,
    "validation_error": 422,
}
# an Odoo API key is printable ASCII: anything else (a NUL) is refused before any lookup
_BEARER = re.compile(r"^bearer\s+([!-~]+)\s*$", re.IGNORECASE)


class ApiError(Exception):
    def __init__(self, code, message, fields=None):
        super().__init__(message)
        self.code = code
        self.fields = fields


def _error_response(code, message, fields=None, headers=None):
    error = {"code": code, "message": message}
    if fields:
        error["fields"] = fields
    headers = [("Cache-Control", "no-store"), *(headers or [])]
    if code == "unauthorized":
        headers.append(("WWW-Authenticate", "Bearer"))
    return request.make_json_response(
        {"error": error}, headers=headers, status=STATUS_BY_CODE[code]
    )


def method_not_allowed(methods):
    """405 with the methods the route serves (``Allow``)."""
    allowed = ", ".join(methods)
    return _error_response(
        "method_not_allowed",
        f"{request.httprequest.method} is not served here; use {allowed}.",
        headers=[("Allow", allowed)],
    )


def served_methods(methods, refuse=method_not_allowed):
    """Run the decorated handler only for ``methods`` (HEAD with GET); answer 405 else.

    Odoo adds OPTIONS to every route's methods (for CORS preflights), so a route
    declared POST-only would run its handler, and write, on an OPTIONS request; and a
    method not declared at all gets werkzeug's HTML 405. API routes are therefore
    declared for every method and filter here. ``refuse(allowed)`` gives the 405.
    """
    allowed = list(methods) + (["HEAD"] if "GET" in methods else [])

    def decorator(func):
        @functools.wraps(func)
        def wrapper(self, *args, **kwargs):
            if request.httprequest.method not in allowed:
                return refuse(allowed)
            return func(self, *args, **kwargs)

        wrapper.oms_methods = allowed
        return wrapper

    return decorator


_NO_BODY = object()


def read_json_body(max_bytes=capture_schema.MAX_BODY_BYTES, empty=_NO_BODY):
    """The JSON document of the request's body; raise :class:`json_body.JsonBodyError`.

    The body is read at most ``max_bytes`` long, with or without a Content-Length
    (a chunked body is cut at the limit by werkzeug), and parsed strictly
    (``json_body.loads``: no NaN/Infinity, bounded nesting). A blank body gives
    ``empty`` when one is given, else it is not JSON.
    """
    httprequest = request.httprequest
    too_large = json_body.JsonBodyError(
        "payload_too_large", f"The body is larger than {max_bytes // 1024} KB."
    )
    if httprequest.content_length is not None and httprequest.content_length > max_bytes:
        raise too_large
    httprequest.max_content_length = max_bytes
    try:
        # cached: a request retried after a concurrency error reads it again
        body = httprequest.get_data(cache=True)
    except RequestEntityTooLarge as exc:
        raise too_large from exc
    except (BadRequest, OSError) as exc:
        # a broken chunked encoding, a client gone in the middle of its body
        raise json_body.JsonBodyError("invalid_json", "The body could not be read.") from exc
    if len(body) > max_bytes:
        raise too_large
    if empty is not _NO_BODY and not body.strip():
        return empty
    return json_body.loads(body)


def _api_route(path, methods, readonly=False):
    """A JSON route of the API: bearer-key authentication is done by the handler.

    The parameters of the URL (path and query string) are refused with a 422 when
    one holds a NUL character, which PostgreSQL cannot take in a query."""
    route = http.route(
        path,
        type="http",
        auth="none",
        methods=None,  # every method: served_methods answers 405 for the others
        csrf=False,
        readonly=readonly,
        save_session=False,
    )

    def decorator(func):
        @functools.wraps(func)
        def checked(self, *args, **kwargs):
            problems = capture_schema.nul_characters(kwargs)
            if problems:
                return _error_response(
                    "validation_error", "The parameters of the URL are not valid.", problems
                )
            return func(self, *args, **kwargs)

        return route(served_methods(methods)(checked))

    return decorator


class OmsCaptureController(http.Controller):
    # ------------------------------------------------------------------
    # Plumbing
    # ------------------------------------------------------------------

    def _authenticate(self):
        """Switch the request to the user of the bearer API key, or raise 401."""
        match = _BEARER.match(request.httprequest.headers.get("Authorization", ""))
        uid = match and request.env["res.users.apikeys"]._check_credentials(
            scope="rpc", key=match.group(1)
        )
        if not uid:
            raise ApiError(
                "unauthorized", "Missing or invalid API key (Authorization: Bearer <key>)."
            )
        request.update_env(user=uid)
        request.update_context(allowed_company_ids=request.env.user.company_ids.ids)
        return request.env

    def _read_json(self, empty=_NO_BODY):
        """The JSON body of the request, at most ``MAX_BODY_BYTES`` long.

        ``empty``: the value of a blank body, if one is allowed."""
        try:
            return read_json_body(empty=empty)
        except json_body.JsonBodyError as exc:
            fields = None
            if exc.code == "validation_error":
                fields = [{"field": "(body)", "message": exc.args[0]}]
            raise ApiError(exc.code, exc.args[0], fields) from exc

    def _call(self, handler, *args):
        """Run ``handler`` as the key's user and turn refusals into JSON errors."""
        if not request.db:
            # Odoo serves the request without a database when it cannot reach
            # PostgreSQL (no database listed, or RegistryError on the cursor): the
            # route is then found in the no-database routing map because this
            # module is loaded server-wide (``server_wide_modules``).
            return database_unavailable_response("no database")
        if "oms.capture" not in request.env.registry:
            # a server-wide route seen from a database without the OMS
            return _error_response("not_found", "No OMS in this database.")
        try:
            env = self._authenticate()
            # Captures of a best-seller wait for each other's stock lock, and under
            # PostgreSQL's repeatable read the waiter then fails with a serialization
            # error. Odoo retries the request 5 times; a burst of captures on one SKU
            # can outlast that, so the capture itself is also run in Odoo's retry loop
            # (which commits on success): a client gets an answer, never a 500.
            status, data = retrying(functools.partial(handler, env["oms.capture"], *args), env)
        except ApiError as error:
            return _error_response(error.code, error.args[0], error.fields)
        except CaptureError as error:
            return _error_response(error.code, error.args[0], error.fields)
        except AccessError as error:
            return _error_response("forbidden", error.args[0])
        except (psycopg2.OperationalError, psycopg2.InterfaceError) as error:
            # PostgreSQL went away during the request: its transaction is lost
            # (nothing of it is committed) and the connection is dead, so Odoo
            # neither commits nor returns it to the pool.
            if not is_connection_lost(error):
                raise
            return database_unavailable_response(type(error).__name__)
        return request.make_json_response(
            data, headers=[("Cache-Control", "no-store")], status=status
        )

    # ------------------------------------------------------------------
    # Routes
    # ------------------------------------------------------------------

    @_api_route(f"{API}/orders", ["POST"])
    def capture_order(self):
        def handler(capture):
            payload = self._read_json()
            order, created = capture.capture(payload, check_api_user=True)
            return (201 if created else 200), capture.order_result(order, created)

        return self._call(handler)

    @_api_route(f"{API}/orders/batch", ["POST"])
    def capture_orders(self):
        def handler(capture):
            data = self._read_json()
            if isinstance(data, dict) and isinstance(data.get("orders"), list):
                if len(data["orders"]) > capture_schema.MAX_BATCH_ORDERS:
                    raise ApiError(
                        "payload_too_large",
                        f"At most {capture_schema.MAX_BATCH_ORDERS} orders per batch.",
                    )
            problems = capture_schema.validate(data, "BatchRequest")
            if problems:
                raise ApiError("validation_error", "The batch is not valid.", problems)
            return 200, {"results": capture.capture_batch(data["orders"], check_api_user=True)}

        return self._call(handler)

    @_api_route(ORDER_PATH, ["GET"], readonly=True)
    def order_status(self, channel_code, external_ref):
        def handler(capture):
            order = capture.get_order(channel_code, external_ref, check_api_user=True)
            return 200, capture.order_status(order)

        return self._call(handler)

    @_api_route(f"{ORDER_PATH}/cancel", ["POST"])
    def order_cancel(self, channel_code, external_ref):
        def handler(capture):
            # no body, or null: no reason given
            data = self._read_json(empty=None)
            if data is None:
                data = {}
            elif not isinstance(data, dict):
                raise ApiError(
                    "validation_error",
                    "The body must be a JSON object (or empty).",
                    [{"field": "(body)", "message": "Must be of type object."}],
                )
            reason = data.get("reason")
            if reason is not None and (
                not isinstance(reason, str) or len(reason) > 256 or "\x00" in reason
            ):
                raise ApiError(
                    "validation_error",
                    "The reason must be a text of at most 256 characters.",
                    [{"field": "reason", "message": "a string of at most 256 characters, no NUL"}],
                )
            order = capture.get_order(channel_code, external_ref, check_api_user=True)
            return 200, capture.order_status(capture.cancel(order, reason))

        return self._call(handler)

    @_api_route(f"{ORDER_PATH}/address", ["POST"])
    def order_address(self, channel_code, external_ref):
        def handler(capture):
            data = self._read_json()
            order = capture.get_order(channel_code, external_ref, check_api_user=True)
            return 200, capture.order_status(capture.change_shipping_address(order, data))

        return self._call(handler)

    @_api_route(f"{ORDER_PATH}/reorder", ["POST"])
    def order_reorder(self, channel_code, external_ref):
        def handler(capture):
            data = self._read_json()
            source = capture.get_order(channel_code, external_ref, check_api_user=True)
            order, created = capture.reorder(source, data)
            return (201 if created else 200), capture.order_result(order, created)

        return self._call(handler)

    @http.route(
        f"{API}/openapi.json",
        type="http",
        auth="none",
        methods=None,
        # no session: Odoo's CSRF check would answer the other methods an HTML 400
        csrf=False,
        readonly=True,
        save_session=False,
    )
    @served_methods(["GET"])
    def openapi(self):
        document = capture_schema.openapi_document(
            server_url=request.httprequest.host_url.rstrip("/"),
            oms_statuses=request.env["sale.order"]._fields["oms_status"].get_values(request.env),
        )
        return request.make_json_response(document)

    @_api_route(f"{API}/atp", ["GET"], readonly=True)
    def available_to_promise(self, channel=None, skus=None, **_kwargs):
        def handler(capture):
            codes = [code.strip() for code in (skus or "").split(",") if code.strip()]
            problems = []
            if not channel:
                problems.append({"field": "channel", "message": "The channel code is required."})
            if not codes:
                problems.append({"field": "skus", "message": "At least one SKU is required."})
            elif len(codes) > capture_schema.MAX_ATP_SKUS:
                problems.append(
                    {
                        "field": "skus",
                        "message": f"At most {capture_schema.MAX_ATP_SKUS} SKUs per call.",
                    }
                )
            if problems:
                raise ApiError("validation_error", "The request is not valid.", problems)
            oms_channel = capture._get_channel(channel, check_api_user=True, not_found=True)
            env = capture.env
            # one search for every SKU; products are read as the API user
            products = env["product.product"].search(
                [("default_code", "in", codes), ("is_storable", "=", True)]
            )
            by_code = {product.default_code: product for product in products}
            atp = env["oms.atp"]._get_channel_atp(oms_channel, products.ids)
            warehouses = env["stock.warehouse"].browse(
                {wh_id for figures in atp.values() for wh_id in figures["warehouses"]}
            )
            code_of = {wh.id: wh.code for wh in warehouses}
            items = [
                {
                    "sku": code,
                    "atp": atp[by_code[code].id]["total"],
                    "warehouses": {
                        code_of[wh_id]: qty
                        for wh_id, qty in atp[by_code[code].id]["warehouses"].items()
                    },
                }
                for code in codes
                if code in by_code
            ]
            unknown = [code for code in codes if code not in by_code]
            return 200, {"channel": oms_channel.code, "items": items, "unknown_skus": unknown}

        return self._call(handler)

    @http.route(
        [API, f"{API}/", f"{API}/<path:_unknown>"],
        type="http",
        auth="none",
        methods=None,
        csrf=False,
        readonly=True,
        save_session=False,
    )
    def unknown_route(self, _unknown=None, **_kwargs):
        """Any other path of the API: a JSON 404, as every error of the API."""
        return _error_response("not_found", "No such route in the OMS API.")
