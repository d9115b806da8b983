# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import hashlib
import json
import logging

from odoo import SUPERUSER_ID, http
from odoo.exceptions import UserError
from odoo.http import request

_logger = logging.getLogger(__name__)

ACCOUNT_ACTION = "oms_marketplace_sync.action_oms_marketplace_account"
# platforms send order notifications of a few kB; anything above is refused unread
MAX_WEBHOOK_BYTES = 1024 * 1024


class OmsMarketplaceWebhook(http.Controller):
    @http.route(
        "/oms/marketplace/<int:account_id>/webhook",
        type="http",
        auth="public",
        methods=["POST"],
        csrf=False,
        save_session=False,
    )
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
        try:
            body = json.loads(raw or b"{}")
        except ValueError:
            return self._answer(400, "body is not JSON")
        if not isinstance(body, dict):
            return self._answer(400, "body is not a JSON object")
        topic = account._webhook_topic(httprequest.headers)
        kind, _job = account._enqueue_webhook(
            body, hashlib.sha256(raw).hexdigest()[:32], topic=topic
        )
        if kind == "ignore":
            return self._answer(200, "ignored", kind=kind, topic=topic)
        return self._answer(200, "accepted", kind=kind)

    def _answer(self, status, message, **extra):
        body = json.dumps(dict(extra, status=status, message=message))
        return request.make_response(
            body, headers=[("Content-Type", "application/json")], status=status
        )


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
        methods=["POST"],
        csrf=False,
        save_session=False,
    )
    def oms_marketplace_auth_woocommerce(self, **kwargs):
        """WooCommerce's Application Authentication Endpoint posts the new REST API keys
        here as JSON, server to server; ``user_id`` carries the state of the account's
        "Authorize shop"."""
        raw = request.httprequest.get_data()
        if len(raw) > MAX_WEBHOOK_BYTES:
            return self._answer(413, "body too large")
        try:
            body = json.loads(raw or b"{}")
        except ValueError:
            return self._answer(400, "body is not JSON")
        if not isinstance(body, dict):
            return self._answer(400, "body is not a JSON object")
        accounts = request.env["oms.marketplace.account"].with_user(SUPERUSER_ID)
        try:
            accounts._complete_authorization(str(body.get("user_id") or ""), body)
        except UserError as error:
            _logger.warning("WooCommerce key delivery refused: %s", error.args[0])
            return self._answer(400, error.args[0])
        return self._answer(200, "keys stored")

    def _answer(self, status, message):
        body = json.dumps({"status": status, "message": message})
        return request.make_response(
            body, headers=[("Content-Type", "application/json")], status=status
        )
