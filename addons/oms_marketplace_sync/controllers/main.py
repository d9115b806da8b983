# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import hashlib
import json
import logging

from odoo import SUPERUSER_ID, http
from odoo.exceptions import UserError
from odoo.http import request

from odoo.addons.oms_omnichannel.controllers.main import served_methods
from odoo.addons.oms_omnichannel.tools import capture_schema, json_body

_logger = logging.getLogger(__name__)

ACCOUNT_ACTION = "oms_marketplace_sync.action_oms_marketplace_account"
# platforms send order notifications of a few kB; anything above is refused unread
MAX_WEBHOOK_BYTES = 1024 * 1024
# the error code of each refusal, as the OMS API names them
ERROR_CODES = {
    400: "invalid_json",
    401: "unauthorized",
    404: "not_found",
    405: "method_not_allowed",
    413: "payload_too_large",
}


def _answer(status, message, headers=None, code=None, **extra):
    """The JSON answer of these routes; a refusal also carries
    ``error: {"code", "message"}``, as every error of the OMS API."""
    body = dict(extra, status=status, message=message)
    if status >= 400:
        code = code or ERROR_CODES.get(status, "bad_request")
        body["error"] = {"code": code, "message": message}
    return request.make_response(
        json.dumps(body),
        headers=[("Content-Type", "application/json"), *(headers or [])],
        status=status,
    )


def _method_not_allowed(allowed):
    return _answer(
        405,
        f"{request.httprequest.method} is not served here; use {', '.join(allowed)}.",
        headers=[("Allow", ", ".join(allowed))],
    )


def _json_object(raw):
    """``(body, None)``: the JSON object of a raw body (blank: ``{}``), parsed strictly
    (no NaN nor infinite number, bounded nesting, no NUL nor lone surrogate);
    ``(None, answer)``: its refusal."""
    try:
        body = json_body.loads(raw or b"{}")
    except json_body.JsonBodyError as exc:
        return None, _answer(400, f"body is not JSON: {exc.args[0]}")
    if not isinstance(body, dict):
        return None, _answer(400, "body is not a JSON object")
    if capture_schema.nul_characters(body):
        return None, _answer(400, "body holds NUL characters")
    if capture_schema.non_finite_numbers(body):
        # 1e400 is parsed as an infinity, which no platform sends
        return None, _answer(400, "body holds a number that is not finite")
    return body, None


class OmsMarketplaceWebhook(http.Controller):
    @http.route(
        "/oms/marketplace/<int:account_id>/webhook",
        type="http",
        auth="public",
        # every method: served_methods answers 405 in JSON to the others (Odoo would
        # run the handler on OPTIONS, and answer other methods in HTML)
        methods=None,
        csrf=False,
        save_session=False,
    )
    @served_methods(["POST"], refuse=_method_not_allowed)
    def oms_marketplace_webhook(self, account_id, **kwargs):
        """Verify the platform's signature, queue the import, answer at once.

        Nothing is written before the signature is checked: a bad or missing
        signature is answered 401 and leaves no trace but a server log line.
        """
        httprequest = request.httprequest
        if (httprequest.content_length or 0) > MAX_WEBHOOK_BYTES:
            return self._answer(413, "body too large")
        # the account runs the jobs as the superuser: a webhook has no Odoo user
        account = (
            request.env["oms.marketplace.account"]
            .with_user(SUPERUSER_ID)
            .search([("id", "=", account_id)], limit=1)
        )
        if not account:
            return self._answer(404, "unknown account")
        raw = httprequest.get_data()
        if len(raw) > MAX_WEBHOOK_BYTES:
            return self._answer(413, "body too large")
        urls = [account.webhook_url, httprequest.url]
        if not account._verify_webhook(httprequest.headers, raw, urls=urls):
            form = {key: httprequest.form.getlist(key) for key in httprequest.form}
            if not httprequest.files and account._is_webhook_ping(httprequest.headers, raw, form):
                # the platform checks a newly registered URL (WooCommerce disables a
                # webhook whose ping is not answered 200): nothing is written
                _logger.info("Marketplace webhook for account %s: ping answered", account_id)
                return self._answer(200, "ping")
            _logger.warning("Marketplace webhook for account %s: bad signature", account_id)
            return self._answer(401, "invalid signature")
        body, refusal = _json_object(raw)
        if refusal:
            return refusal
        topic = account._webhook_topic(httprequest.headers)
        kind, _job = account._enqueue_webhook(
            body, hashlib.sha256(raw).hexdigest()[:32], topic=topic
        )
        if kind == "ignore":
            return self._answer(200, "ignored", kind=kind, topic=topic)
        return self._answer(200, "accepted", kind=kind)

    @http.route(
        "/oms/marketplace/<path:_unknown>",
        type="http",
        auth="none",
        methods=None,
        csrf=False,
        readonly=True,
        save_session=False,
    )
    def oms_marketplace_unknown(self, _unknown=None, **_kwargs):
        """Any other path under /oms/marketplace/ (an account id that is not a
        number): a JSON 404, as the webhook's own refusals."""
        return _answer(404, "no such route")

    def _answer(self, status, message, **extra):
        return _answer(status, message, **extra)


class OmsMarketplaceAuthorization(http.Controller):
    """Callbacks of the seller authorization ("Authorize shop" on the account)."""

    @http.route("/oms/marketplace/auth/callback", type="http", auth="user", methods=["GET"])
    def oms_marketplace_auth_callback(self, state=None, **params):
        """The platform sends the seller's browser back here with a code (Shopee
        also the shop id, Shopify its hmac): the state must be the one the same user's
        "Authorize shop" made for the account, unexpired and unused."""
        accounts = request.env["oms.marketplace.account"]
        try:
            account = accounts._complete_authorization(
                state, dict(params, state=state), user=request.env.user
            )
        except UserError as error:
            _logger.warning("Marketplace authorization refused: %s", error.args[0])
            return request.make_response(
                error.args[0], headers=[("Content-Type", "text/plain; charset=utf-8")], status=400
            )
        return request.redirect(f"/odoo/action-{ACCOUNT_ACTION}/{account.id}")

    @http.route(
        "/oms/marketplace/auth/woocommerce",
        type="http",
        auth="public",
        methods=None,  # served_methods: a JSON 405 to the others
        csrf=False,
        save_session=False,
    )
    @served_methods(["POST"], refuse=_method_not_allowed)
    def oms_marketplace_auth_woocommerce(self, **kwargs):
        """WooCommerce's Application Authentication Endpoint posts the new REST API keys
        here as JSON, server to server; ``user_id`` carries the state of the account's
        "Authorize shop"."""
        raw = request.httprequest.get_data()
        if len(raw) > MAX_WEBHOOK_BYTES:
            return self._answer(413, "body too large")
        body, refusal = _json_object(raw)
        if refusal:
            return refusal
        accounts = request.env["oms.marketplace.account"].with_user(SUPERUSER_ID)
        try:
            accounts._complete_authorization(str(body.get("user_id") or ""), body)
        except UserError as error:
            _logger.warning("WooCommerce key delivery refused: %s", error.args[0])
            return _answer(400, error.args[0], code="invalid_state")
        return self._answer(200, "keys stored")

    def _answer(self, status, message):
        return _answer(status, message)
