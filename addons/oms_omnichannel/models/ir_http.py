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


class IrHttp(models.AbstractModel):
    _inherit = "ir.http"

    @classmethod
    def _handle_error(cls, exception):
        """A lost PostgreSQL connection outside the API handler is a 503 too.

        The capture controller answers 503 itself when the connection breaks
        during its work; this covers what Odoo does around it (the request's
        final commit, authentication) and the other ``/oms/api/`` routes
        (returns), for those paths only.
        """
        if is_api_path(request.httprequest.path) and is_connection_lost(exception):
            return database_unavailable_response(type(exception).__name__)
        return super()._handle_error(exception)
