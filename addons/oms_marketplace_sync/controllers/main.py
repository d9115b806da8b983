# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import hashlib
import json
import logging

from odoo import SUPERUSER_ID, http
from odoo.http import request

_logger = logging.getLogger(__name__)

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
