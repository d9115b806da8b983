# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import logging
import re

from psycopg2 import IntegrityError

from odoo import http
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Domain
from odoo.http import request
from odoo.tools import float_is_zero

from odoo.addons.oms_omnichannel.controllers.main import read_json_body, served_methods
from odoo.addons.oms_omnichannel.tools import capture_schema, json_body

from ..models.oms_return_request import ReturnRequestRefused, payload_fingerprint

_logger = logging.getLogger(__name__)

_API_KEY = re.compile(r"^[!-~]+$")
# a return reference is bounded as an order's external_ref (the capture's schema)
MAX_REFERENCE_LENGTH = 128
# a carrier's return label or tracking number
MAX_LABEL_LENGTH = 256


class _Refused(Exception):
    """Abort the request's savepoint and answer with a status and errors."""

    def __init__(self, status, errors):
        super().__init__(status)
        self.status = status
        self.errors = errors


def _fingerprint(payload):
    return payload_fingerprint(payload)


def _is_number(value):
    return isinstance(value, int | float) and not isinstance(value, bool)


def _is_quantity(value):
    """A number above 0 and at most ``capture_schema.MAX_QUANTITY``.

    NaN fails both comparisons, infinities and giant integers the second (a
    comparison, unlike ``math.isfinite``, never overflows on an integer)."""
    return _is_number(value) and 0 < value <= capture_schema.MAX_QUANTITY


_BODY_STATUS = {"invalid_json": 400, "payload_too_large": 413, "validation_error": 422}
# the error code of each status, as the capture API names them
_CODE_OF_STATUS = {
    400: "invalid_json",
    401: "unauthorized",
    403: "forbidden",
    405: "method_not_allowed",
    409: "conflict",
    413: "payload_too_large",
    422: "validation_error",
}


def _errors_response(status, errors, headers=None):
    """A refusal: ``errors`` ({field: message}) and, as every error of the OMS API,
    ``error`` ({"code", "message", "fields"})."""
    error = {
        "code": _CODE_OF_STATUS.get(status, "error"),
        "message": " ".join(str(message) for message in errors.values()),
        "fields": [{"field": field, "message": message} for field, message in errors.items()],
    }
    return request.make_json_response(
        {"error": error, "errors": errors}, headers=headers, status=status
    )


def _method_not_allowed(allowed):
    return _errors_response(
        405,
        {"method": f"{request.httprequest.method} is not served; use POST."},
        headers=[("Allow", ", ".join(allowed))],
    )


class OmsReturnsController(http.Controller):
    @http.route(
        "/oms/api/v1/returns",
        type="http",
        auth="none",
        # every method: served_methods answers 405 to the others (Odoo would run the
        # handler on OPTIONS, and answer other methods in HTML)
        methods=None,
        csrf=False,
        # auth="none" routes are read-only by default: this one writes
        readonly=False,
        save_session=False,
    )
    @served_methods(["POST"], refuse=_method_not_allowed)
    def create_return(self, **_kw):
        """Create a return request for a captured order.

        Body: {"channel", "external_ref", "return_reference", "return_label"?,
        "lines": [{"sku", "quantity", "reason", "exchange_sku"?}]}. Idempotent on
        (channel, return_reference): a replay answers 200 with the same RMAs, other
        content under the same reference answers 409."""
        user = self._authenticate()
        if not user:
            return self._error(401, {"authorization": "A valid API key is required."})
        try:
            # at most 1 MB, no NaN/Infinity, bounded nesting (as the capture)
            payload = read_json_body(empty=None)
        except json_body.JsonBodyError as exc:
            return self._error(_BODY_STATUS[exc.code], {"body": exc.args[0]})
        if not isinstance(payload, dict):
            return self._error(400, {"body": "The body must be a JSON object."})
        errors = self._check_shape(payload)
        if errors:
            return self._error(422, errors)
        env = request.env
        channel = (
            env["oms.channel"]
            .sudo()
            .search(Domain("code", "=", payload["channel"].strip().upper()), limit=1)
        )
        if not channel:
            return self._error(422, {"channel": "Unknown channel."})
        if user not in channel.api_user_ids:
            return self._error(403, {"channel": "This API key may not post to this channel."})
        env = env(context=dict(env.context, allowed_company_ids=channel.company_id.ids))
        fingerprint = _fingerprint(payload)
        existing = self._find_existing(env, channel, payload["return_reference"])
        if existing:
            return self._replay(existing, fingerprint)
        try:
            with env.cr.savepoint():
                return_request = self._create(env, channel, payload, fingerprint)
        except _Refused as refused:
            return self._error(refused.status, refused.errors)
        except (ValidationError, UserError) as error:
            return self._error(422, {"return": str(error)})
        except AccessError:
            return self._error(403, {"channel": "This user may not create returns."})
        except IntegrityError:
            # a concurrent call created the same reference first
            existing = self._find_existing(env, channel, payload["return_reference"])
            if existing:
                return self._replay(existing, fingerprint)
            raise
        return self._response(return_request, 201)

    # helpers

    def _authenticate(self):
        header = request.httprequest.headers.get("Authorization") or ""
        scheme, _sep, key = header.partition(" ")
        # an Odoo API key is printable ASCII: anything else (a NUL) is not looked up
        if scheme.lower() != "bearer" or not _API_KEY.match(key.strip()):
            return None
        uid = request.env["res.users.apikeys"]._check_credentials(scope="rpc", key=key.strip())
        if not uid:
            return None
        request.update_env(user=uid)
        return request.env.user

    def _error(self, status, errors):
        return _errors_response(status, errors)

    def _check_shape(self, payload):
        errors = {}
        for field in capture_schema.non_finite_numbers(payload):
            errors[field] = "Must be a finite number."
        for problem in capture_schema.nul_characters(payload):
            errors[problem["field"]] = problem["message"]
        for key in ("channel", "external_ref", "return_reference"):
            if not isinstance(payload.get(key), str) or not payload[key].strip():
                errors[key] = "Required, a non-empty string."
        # stored and indexed: a reference of kilobytes does not fit PostgreSQL's index (a 500)
        if (
            isinstance(payload.get("return_reference"), str)
            and len(payload["return_reference"]) > MAX_REFERENCE_LENGTH
        ):
            errors["return_reference"] = f"Too long (at most {MAX_REFERENCE_LENGTH} characters)."
        label = payload.get("return_label")
        if "return_label" in payload and not isinstance(label, str | None):
            errors["return_label"] = "Must be a string."
        elif isinstance(label, str) and len(label) > MAX_LABEL_LENGTH:
            errors["return_label"] = f"Too long (at most {MAX_LABEL_LENGTH} characters)."
        lines = payload.get("lines")
        if not isinstance(lines, list) or not lines:
            errors["lines"] = "Required, a non-empty list."
            return errors
        digits = request.env["decimal.precision"].precision_get("Product Unit")
        for index, line in enumerate(lines):
            prefix = f"lines[{index}]"
            if not isinstance(line, dict):
                errors[prefix] = "Must be an object."
                continue
            if not isinstance(line.get("sku"), str) or not line["sku"].strip():
                errors[f"{prefix}.sku"] = "Required, a non-empty string."
            if not _is_quantity(line.get("quantity")):
                errors[f"{prefix}.quantity"] = (
                    f"Required, a number above 0, at most {capture_schema.MAX_QUANTITY}."
                )
            elif float_is_zero(line["quantity"], precision_digits=digits):
                errors[f"{prefix}.quantity"] = f"Rounds to 0 at {digits} decimals."
            if not isinstance(line.get("reason"), str) or not line["reason"].strip():
                errors[f"{prefix}.reason"] = "Required, a return reason code."
            if "exchange_sku" in line and not isinstance(line["exchange_sku"], str | None):
                errors[f"{prefix}.exchange_sku"] = "Must be a string."
        return errors

    def _find_existing(self, env, channel, reference):
        return (
            env["oms.return.request"]
            .sudo()
            .search(
                Domain("channel_id", "=", channel.id) & Domain("return_reference", "=", reference),
                limit=1,
            )
        )

    def _replay(self, existing, fingerprint):
        if existing.payload_fingerprint != fingerprint:
            return self._error(
                409,
                {"return_reference": "This return reference was already used with other content."},
            )
        return self._response(existing, 200)

    def _response(self, return_request, status):
        return_request = return_request.sudo()
        body = {
            "return_reference": return_request.return_reference,
            "request": return_request.name,
            "state": return_request.state,
            "rmas": [
                {
                    "name": rma.name,
                    "sku": rma.product_id.default_code,
                    "quantity": rma.product_uom_qty,
                    "reason": rma.reason_id.code,
                    "state": rma.state,
                }
                for rma in return_request.rma_ids.sorted("id")
            ],
        }
        return request.make_json_response(body, status=status)

    def _create(self, env, channel, payload, fingerprint):
        try:
            return env["oms.return.request"]._oms_create_from_payload(
                channel, payload, fingerprint, origin=env._("the API")
            )
        except ReturnRequestRefused as refused:
            raise _Refused(422, refused.errors) from refused
