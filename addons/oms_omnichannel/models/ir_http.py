# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""HTTP answers of the OMS API when PostgreSQL cannot be reached.

Without these, a request that finds the database gone gets Odoo's HTML 404
(Odoo falls back to serving it without a database, where the API has no route)
or an HTML 500 (the connection broke while the request was running). API
clients get a JSON 503 with ``Retry-After`` instead: the capture is idempotent
on (channel, external_ref), so retrying is always safe.
"""

import logging

import psycopg2
from werkzeug.exceptions import HTTPException

from odoo import models
from odoo.http import request

from ..tools.capture_schema import API_PREFIX

_logger = logging.getLogger(__name__)

# seconds a client should wait before it retries (a PostgreSQL restart or
# fail-over takes a few seconds)
RETRY_AFTER_SECONDS = 2


def is_api_path(path):
    return path == API_PREFIX or path.startswith(API_PREFIX + "/")


def is_connection_lost(exc):
    """True when ``exc`` says the connection to PostgreSQL is gone.

    A restart of PostgreSQL ends every session: the statement under way fails
    with an ``OperationalError`` and psycopg2 marks the connection closed; any
    later use of it (rollback included) raises ``InterfaceError``. Other
    operational errors (serialization failures, lock timeouts) keep the
    connection open and are not this case.
    """
    if isinstance(exc, psycopg2.InterfaceError):
        return True
    if isinstance(exc, psycopg2.OperationalError):
        if request.env is None:
            return True
        connection = getattr(request.env.cr, "_cnx", None)
        return bool(getattr(connection, "closed", False))
    return False


def database_unavailable_response(reason):
    """503, a JSON error and Retry-After; needs no database."""
    _logger.warning(
        "OMS API %s: database unavailable (%s), answered 503", request.httprequest.path, reason
    )
    error = {
        "code": "database_unavailable",
        "message": "The order database is not available right now; retry after the "
        "number of seconds in the Retry-After header.",
    }
    return request.make_json_response(
        {"error": error},
        headers=[("Cache-Control", "no-store"), ("Retry-After", str(RETRY_AFTER_SECONDS))],
        status=503,
    )


# the error codes of the HTTP statuses Odoo or werkzeug may raise on a JSON route
HTTP_ERROR_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "payload_too_large",
    415: "unsupported_media_type",
    422: "validation_error",
}


def json_error_response(exception):
    """The JSON answer of an error no handler answered, for JSON clients: the HTTP
    error's own status, else a 500 (the request's transaction is rolled back)."""
    if isinstance(exception, HTTPException) and exception.code:
        status = exception.code
        code = HTTP_ERROR_CODES.get(status, "http_error")
        message = exception.description or code
    else:
        status, code = 500, "internal_error"
        message = "The server could not process this request; nothing of it was saved."
    return request.make_json_response(
        {"error": {"code": code, "message": message}},
        headers=[("Cache-Control", "no-store")],
        status=status,
    )


class IrHttp(models.AbstractModel):
    _inherit = "ir.http"

    @classmethod
    def _oms_is_json_path(cls, path):
        """True for the paths whose clients read JSON only (the API); add-ons add
        theirs (marketplace webhooks)."""
        return is_api_path(path)

    @classmethod
    def _serve_fallback(cls):
        """No route matched: Odoo looks the path up as an attachment's URL (and a
        website page), and PostgreSQL refuses a NUL character in a query, a 500 for
        ``/my/returns/%00``. Such a path is nothing to look up: a 404."""
        if "\x00" in request.httprequest.path:
            return None
        return super()._serve_fallback()

    @classmethod
    def _handle_error(cls, exception):
        """A lost PostgreSQL connection outside the API handler is a 503 too.

        The capture controller answers 503 itself when the connection breaks
        during its work; this covers what Odoo does around it (the request's
        final commit, authentication) and the other ``/oms/api/`` routes
        (returns), for those paths only. Any other error on those paths is
        answered in JSON too, never with Odoo's HTML error page.
        """
        if cls._oms_is_json_path(request.httprequest.path):
            if is_connection_lost(exception):
                return database_unavailable_response(type(exception).__name__)
            return json_error_response(exception)
        return super()._handle_error(exception)
