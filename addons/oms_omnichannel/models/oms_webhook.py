# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Outgoing status webhooks: one ``oms.webhook.delivery`` per status change.

The delivery row is written when the status changes (``pending``) and sent by
a queue job. Timeouts, HTTP 429 and 5xx are retried by queue_job
(``RetryableJobError``, honouring ``Retry-After``): the retry count and the last
error of those attempts live on the job, because queue_job rolls the job's
transaction back before it retries. The final outcome (``sent``, or ``failed``
on a 4xx answer) is written on the delivery row.
"""

import hashlib
import hmac
import logging
import time

import requests

from odoo import api, fields, models

from odoo.addons.queue_job.exception import RetryableJobError

_logger = logging.getLogger(__name__)

WEBHOOK_TIMEOUT = 10
WEBHOOK_MAX_RETRIES = 10
RESPONSE_KEEP_CHARS = 1000


def sign_payload(secret, timestamp, body):
    """Hex HMAC-SHA256 of ``"<timestamp>.<body>"`` (body as raw bytes)."""
    message = str(timestamp).encode() + b"." + body
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


class OmsWebhookDelivery(models.Model):
    _name = "oms.webhook.delivery"
    _description = "OMS Webhook Delivery"
    _order = "id desc"
    _check_company_auto = True

    order_id = fields.Many2one(
        "sale.order", required=True, index=True, ondelete="cascade", check_company=True
    )
    channel_id = fields.Many2one(
        "oms.channel", required=True, index=True, ondelete="cascade", check_company=True
    )
    company_id = fields.Many2one(related="order_id.company_id", store=True)
    event = fields.Char(required=True, default="order.status_changed")
    previous_status = fields.Char()
    status = fields.Char(required=True)
    url = fields.Char(required=True)
    payload = fields.Text(required=True, help="The JSON body, exactly as sent.")
    state = fields.Selection(
        [("pending", "Pending"), ("sent", "Sent"), ("failed", "Failed")],
        default="pending",
        required=True,
        index=True,
    )
    attempts = fields.Integer(help="HTTP attempts made, retries included.")
    response_code = fields.Integer(string="HTTP Status")
    response_body = fields.Text(string="Response")
    error = fields.Text()
    sent_date = fields.Datetime(string="Last Attempt")
    job_uuid = fields.Char(string="Job UUID", index="btree_not_null", readonly=True)

    def action_view_job(self):
        self.ensure_one()
        job = self.env["queue.job"].search([("uuid", "=", self.job_uuid)], limit=1)
        return {
            "type": "ir.actions.act_window",
            "res_model": "queue.job",
            "view_mode": "form",
            "res_id": job.id,
        }

    @api.private
    def _oms_enqueue(self):
        """Send each delivery through queue_job (channel root.oms_webhook)."""
        for delivery in self:
            job = delivery.with_delay(
                channel="root.oms_webhook",
                identity_key=f"oms.webhook.delivery:{delivery.id}",
                max_retries=WEBHOOK_MAX_RETRIES,
                description=self.env._(
                    "Webhook %(order)s: %(status)s",
                    order=delivery.order_id.name,
                    status=delivery.status,
                ),
            )._oms_send()
            if job:
                delivery.job_uuid = job.uuid

    def _oms_attempt_number(self):
        """Attempts made so far, this one included (queue_job counts the retries)."""
        self.ensure_one()
        job_uuid = self.env.context.get("job_uuid")
        job = job_uuid and self.env["queue.job"].sudo().search([("uuid", "=", job_uuid)], limit=1)
        if job:
            return job.retry + 1
        return self.attempts + 1

    def _oms_send(self):
        """Job: POST the payload, signed with the channel's secret."""
        self.ensure_one()
        delivery = self.sudo()
        if delivery.state == "sent":
            return "already sent"
        secret = delivery.channel_id.webhook_secret
        attempt = delivery._oms_attempt_number()
        if not secret:
            delivery.write(
                {
                    "state": "failed",
                    "attempts": attempt,
                    "error": self.env._("The channel has no webhook secret: nothing was sent."),
                }
            )
            return "no secret"
        body = delivery.payload.encode()
        timestamp = str(int(time.time()))
        headers = {
            "Content-Type": "application/json",
            "User-Agent": "Odoo-OMS-Webhook/1.0",
            "X-OMS-Event": delivery.event,
            "X-OMS-Delivery": str(delivery.id),
            "X-OMS-Timestamp": timestamp,
            "X-OMS-Signature": "sha256=" + sign_payload(secret, timestamp, body),
        }
        try:
            response = requests.post(
                delivery.url,
                data=body,
                headers=headers,
                timeout=WEBHOOK_TIMEOUT,
                allow_redirects=False,
            )
        except requests.exceptions.RequestException as exc:
            _logger.info(
                "OMS webhook %s of channel %s: %s",
                delivery.id,
                delivery.channel_id.code,
                type(exc).__name__,
            )
            raise RetryableJobError(
                f"Webhook {delivery.id}: {type(exc).__name__}", seconds=None
            ) from exc
        code = response.status_code
        if code == 429 or code >= 500:
            raise RetryableJobError(
                f"Webhook {delivery.id}: HTTP {code}",
                seconds=_retry_after(response),
            )
        vals = {
            "attempts": attempt,
            "response_code": code,
            "response_body": (response.text or "")[:RESPONSE_KEEP_CHARS],
            "sent_date": fields.Datetime.now(),
        }
        if 200 <= code < 300:
            vals.update(state="sent", error=False)
        else:
            vals.update(
                state="failed",
                error=self.env._("The endpoint refused the webhook (HTTP %s).", code),
            )
        delivery.write(vals)
        return f"HTTP {code}"


def _retry_after(response):
    """Seconds asked by a Retry-After header (delta-seconds form), else None."""
    value = (response.headers.get("Retry-After") or "").strip()
    if value.isdigit():
        return max(int(value), 1)
    return None
