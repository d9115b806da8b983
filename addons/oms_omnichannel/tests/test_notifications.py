# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import hashlib
import hmac
import json
import logging
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from odoo.exceptions import AccessError
from odoo.tests import TransactionCase, new_test_user, tagged

from odoo.addons.queue_job.exception import RetryableJobError
from odoo.addons.queue_job.tests.common import trap_jobs

from .status_common import OmsStatusFixture

SECRET = "whsec-test-7f3a9c"


class _RecordingHandler(BaseHTTPRequestHandler):
    """Receiver of the webhooks: checks the signature like a channel would."""

    def do_POST(self):
        server = self.server
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        timestamp = self.headers.get("X-OMS-Timestamp", "")
        expected = hmac.new(
            server.secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256
        ).hexdigest()
        signature = self.headers.get("X-OMS-Signature", "")
        server.requests.append(
            {
                "path": self.path,
                "headers": dict(self.headers),
                "body": body,
                "signature_valid": hmac.compare_digest(signature, "sha256=" + expected),
            }
        )
        code, headers = server.responses.pop(0) if server.responses else (200, {})
        payload = b'{"ok": true}' if code < 300 else b'{"error": "nope"}'
        self.send_response(code)
        for key, value in headers.items():
            self.send_header(key, value)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args):
        pass


class _Receiver:
    def __init__(self, secret):
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _RecordingHandler)
        self.server.secret = secret
        self.server.requests = []
        self.server.responses = []
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self):
        return f"http://127.0.0.1:{self.server.server_address[1]}/hooks/oms"

    def __enter__(self):
        self.thread.start()
        return self.server

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(5)


@tagged("post_install", "-at_install")
class TestNotifications(OmsStatusFixture, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_oms_status_fixture()
        cls.receiver = _Receiver(SECRET)
        cls.server = cls.receiver.__enter__()
        cls.addClassCleanup(cls.receiver.__exit__)
        cls.channel.sudo().write({"webhook_url": cls.receiver.url, "webhook_secret": SECRET})
        cls.quiet_channel = cls.env["oms.channel"].create(
            {"name": "Shopee", "code": "SHOPEE", "channel_type": "marketplace"}
        )
        cls.quiet_channel.notify_customer = False
        cls.templates = (
            cls.env.ref("oms_omnichannel.mail_template_oms_order_confirmed")
            | cls.env.ref("oms_omnichannel.mail_template_oms_order_shipped")
            | cls.env.ref("oms_omnichannel.mail_template_oms_order_delivered")
        )

    def setUp(self):
        super().setUp()
        self.server.requests.clear()
        self.server.responses.clear()

    # helpers
    def _customer_mails(self, order):
        return (
            self.env["mail.mail"]
            .sudo()
            .search(
                [
                    ("model", "=", "sale.order"),
                    ("res_id", "=", order.id),
                    ("recipient_ids", "in", self.customer.ids),
                ],
                order="id",
            )
        )

    def _webhook_jobs(self, trap):
        return [job for job in trap.enqueued_jobs if job.method_name == "_oms_send"]

    # emails
    def test_customer_emails_confirmed_shipped_delivered(self):
        self._stock(self.wh1, 10)
        order = self._order(self.wh1)
        self._commit_point()
        self.assertFalse(self._customer_mails(order), "no email for a received order")

        order.action_confirm()  # stock is there: straight to allocated
        self._commit_point()
        self.assertEqual(order.oms_status, "allocated")
        mails = self._customer_mails(order)
        self.assertEqual(len(mails), 1)
        self.assertIn("confirmed", mails.subject)
        self.assertIn(order.name, mails.body_html)
        self.assertIn("siti@example.com", mails.recipient_ids.email)

        delivery = order.picking_ids
        delivery.action_oms_mark_packed()
        self._commit_point()
        self.assertEqual(len(self._customer_mails(order)), 1, "packing is no milestone")

        self._ship(delivery, "JNE0099887766")
        self._commit_point()
        mails = self._customer_mails(order)
        self.assertEqual(len(mails), 2)
        shipped = mails[-1]
        self.assertIn("on its way", shipped.subject)
        link = "https://www.jne.co.id/tracking-package?awb=JNE0099887766"
        self.assertIn(f'href="{link}"', shipped.body_html)
        self.assertIn("JNE", shipped.body_html)
        message = shipped.mail_message_id
        self.assertIn(link, message.body)
        self.assertEqual(message.model, "sale.order")
        self.assertEqual(message.res_id, order.id)

        delivery.action_oms_mark_delivered()
        self._commit_point()
        mails = self._customer_mails(order)
        self.assertEqual(len(mails), 3)
        self.assertIn("delivered", mails[-1].subject)

        self._invoice_and_post(order)
        self._commit_point()
        self.assertEqual(order.oms_status, "done")
        self.assertEqual(len(self._customer_mails(order)), 3, "done is not mailed again")

    def test_delivered_email_when_invoice_was_posted_first(self):
        """Prepaid orders are invoiced before delivery: shipped -> done sends 'delivered'."""
        self._stock(self.wh1, 10)
        self.product.invoice_policy = "order"
        order = self._order(self.wh1)
        self._commit_point()
        order.action_confirm()
        order._create_invoices().action_post()
        self._commit_point()
        self._ship(order.picking_ids)
        self._commit_point()
        self.assertEqual(order.oms_status, "shipped")
        order.picking_ids.action_oms_mark_delivered()
        self._commit_point()
        self.assertEqual(order.oms_status, "done")
        subjects = self._customer_mails(order).mapped("subject")
        self.assertEqual(len(subjects), 3)
        self.assertIn("delivered", subjects[-1])

    def test_captured_and_confirmed_in_one_transaction(self):
        """Mail does not track records created in the same transaction: still one email."""
        self._stock(self.wh1, 10)
        with trap_jobs() as trap:
            order = self._order(self.wh1)
            order.action_confirm()
            self._commit_point()
        self.assertEqual(order.oms_status, "allocated")
        mails = self._customer_mails(order)
        self.assertEqual(len(mails), 1)
        self.assertIn("confirmed", mails.subject)
        jobs = self._webhook_jobs(trap)
        self.assertEqual(len(jobs), 1)
        delivery = order.oms_webhook_delivery_ids
        payload = json.loads(delivery.payload)
        self.assertEqual(payload["previous_status"], "received")
        self.assertEqual(payload["status"], "allocated")

    def test_notify_customer_off_sends_nothing(self):
        self._stock(self.wh1, 10)
        order = self._order(self.wh1, channel=self.quiet_channel, external_ref="SHP-1")
        self._commit_point()
        with trap_jobs() as trap:
            order.action_confirm()
            self._commit_point()
            self._ship(order.picking_ids)
            self._commit_point()
            order.picking_ids.action_oms_mark_delivered()
            self._commit_point()
        self.assertEqual(order.oms_status, "delivered")
        self.assertFalse(self._customer_mails(order))
        self.assertFalse(
            self.env["mail.message"].search(
                [
                    ("model", "=", "sale.order"),
                    ("res_id", "=", order.id),
                    ("message_type", "=", "auto_comment"),
                ]
            )
        )
        self.assertFalse(self._webhook_jobs(trap), "the channel has no webhook URL either")
        self.assertFalse(order.oms_webhook_delivery_ids)

    def test_order_without_channel_is_notified(self):
        self._stock(self.wh1, 10)
        order = self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "warehouse_id": self.wh1.id,
                "order_line": [(0, 0, {"product_id": self.product.id, "product_uom_qty": 1})],
            }
        )
        self._commit_point()
        order.action_confirm()
        self._commit_point()
        self.assertEqual(len(self._customer_mails(order)), 1)

    def test_templates_are_editable_and_translatable(self):
        for template in self.templates:
            self.assertEqual(template.model, "sale.order")
            self.assertEqual(template.lang, "{{ object.partner_id.lang }}")
            self.assertTrue(template._fields["body_html"].translate)
            self.assertTrue(template._fields["subject"].translate)
        admin = self.env.ref("base.user_admin")
        self.templates[0].with_user(admin).body_html = "<p>Terima kasih!</p>"
        self._stock(self.wh1, 10)
        order = self._order(self.wh1)
        self._commit_point()
        order.action_confirm()
        self._commit_point()
        self.assertIn("Terima kasih!", self._customer_mails(order).body_html)

    # webhook
    def test_webhook_signed_and_received(self):
        self._stock(self.wh1, 10)
        order = self._order(self.wh1)
        self._commit_point()
        with trap_jobs() as trap:
            order.action_confirm()
            self._commit_point()
            self._ship(order.picking_ids, "JNE777")
            self._commit_point()
            jobs = self._webhook_jobs(trap)
            self.assertEqual(len(jobs), 2)
            self.assertEqual({job.channel for job in jobs}, {"root.oms_webhook"})
            self.assertTrue(all(job.identity_key for job in jobs))
            trap.perform_enqueued_jobs()
        self.assertEqual(len(self.server.requests), 2)
        for request in self.server.requests:
            self.assertTrue(request["signature_valid"])
            self.assertEqual(request["path"], "/hooks/oms")
            self.assertTrue(request["headers"]["X-OMS-Timestamp"].isdigit())
            self.assertNotIn(SECRET, json.dumps(request["headers"]))
            self.assertNotIn(SECRET.encode(), request["body"])
        bodies = [json.loads(r["body"]) for r in self.server.requests]
        bodies.sort(key=lambda b: ["allocated", "shipped"].index(b["status"]))
        first, second = bodies
        self.assertEqual(first["event"], "order.status_changed")
        self.assertEqual(first["channel"], "WEB")
        self.assertEqual(first["external_ref"], "WEB-1001")
        self.assertEqual(first["order"], order.name)
        self.assertEqual(first["previous_status"], "received")
        self.assertEqual(second["previous_status"], "allocated")
        self.assertTrue(second["timestamp"].endswith("Z"))
        self.assertEqual(len(second["tracking"]), 1)
        self.assertEqual(second["tracking"][0]["carrier"], "jne")
        self.assertEqual(second["tracking"][0]["tracking_number"], "JNE777")
        self.assertEqual(
            second["tracking"][0]["tracking_url"],
            "https://www.jne.co.id/tracking-package?awb=JNE777",
        )
        deliveries = order.oms_webhook_delivery_ids
        self.assertEqual(set(deliveries.mapped("state")), {"sent"})
        self.assertEqual(set(deliveries.mapped("response_code")), {200})

    def test_webhook_retries_500_then_succeeds(self):
        self.server.responses.extend([(500, {}), (200, {})])
        order = self._order(self.wh1)
        self._commit_point()
        with trap_jobs() as trap:
            order.action_confirm()
            self._commit_point()
            (job,) = self._webhook_jobs(trap)
            with self.assertRaises(RetryableJobError) as caught:
                job.perform()
            self.assertIn("HTTP 500", str(caught.exception))
            self.assertEqual(order.oms_webhook_delivery_ids.state, "pending")
            job.perform()
        self.assertEqual(len(self.server.requests), 2)
        self.assertTrue(all(r["signature_valid"] for r in self.server.requests))
        self.assertEqual(self.server.requests[0]["body"], self.server.requests[1]["body"])
        delivery = order.oms_webhook_delivery_ids
        self.assertEqual(delivery.state, "sent")
        self.assertEqual(delivery.response_code, 200)

    def test_webhook_429_uses_retry_after(self):
        self.server.responses.append((429, {"Retry-After": "17"}))
        order = self._order(self.wh1)
        self._commit_point()
        with trap_jobs() as trap:
            order.action_confirm()
            self._commit_point()
            (job,) = self._webhook_jobs(trap)
            with self.assertRaises(RetryableJobError) as caught:
                job.perform()
        self.assertEqual(caught.exception.seconds, 17)

    def test_webhook_4xx_is_a_recorded_failure(self):
        self.server.responses.append((410, {}))
        order = self._order(self.wh1)
        self._commit_point()
        with trap_jobs() as trap:
            order.action_confirm()
            self._commit_point()
            (job,) = self._webhook_jobs(trap)
            job.perform()  # no retry
        delivery = order.oms_webhook_delivery_ids
        self.assertEqual(delivery.state, "failed")
        self.assertEqual(delivery.response_code, 410)
        self.assertEqual(delivery.attempts, 1)
        self.assertIn("410", delivery.error)
        self.assertIn("nope", delivery.response_body)

    def test_webhook_unreachable_is_retried_and_secret_not_logged(self):
        with socket.socket() as sock:  # a port nobody listens on
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        self.channel.webhook_url = f"http://127.0.0.1:{port}/gone"
        order = self._order(self.wh1)
        self._commit_point()
        with trap_jobs() as trap:
            order.action_confirm()
            self._commit_point()
            (job,) = self._webhook_jobs(trap)
            logger = logging.getLogger("odoo.addons.oms_omnichannel.models.oms_webhook")
            records = []
            handler = logging.Handler(logging.INFO)
            handler.emit = records.append
            old_level = logger.level
            logger.addHandler(handler)
            logger.setLevel(logging.INFO)
            try:
                with self.assertRaises(RetryableJobError):
                    job.perform()
            finally:
                logger.removeHandler(handler)
                logger.setLevel(old_level)
        output = "\n".join(record.getMessage() for record in records)
        self.assertIn("ConnectionError", output)
        self.assertNotIn(SECRET, output)

    def test_webhook_log_is_for_managers(self):
        user = new_test_user(self.env, login="oms_op", groups="oms_omnichannel.group_oms_user")
        manager = new_test_user(
            self.env, login="oms_boss", groups="oms_omnichannel.group_oms_manager"
        )
        order = self._order(self.wh1)
        self._commit_point()
        with trap_jobs():
            order.action_confirm()
            self._commit_point()
        delivery = order.oms_webhook_delivery_ids
        self.assertEqual(len(delivery), 1)
        self.assertEqual(delivery.with_user(manager).read(["state"])[0]["state"], "pending")
        with self.assertRaises(AccessError):
            delivery.with_user(user).read(["state"])
        with self.assertRaises(AccessError):
            delivery.with_user(manager).write({"state": "sent"})

    def test_status_emails_sent_in_background(self):
        """With background notifications, the email is a job; the order's transaction only
        queues it, and performing the job sends it."""
        self.channel.notify_async = True
        self._stock(self.wh1, 10)
        order = self._order(self.wh1)
        self._commit_point()
        with trap_jobs() as trap:
            order.action_confirm()
            self._commit_point()
            self.assertEqual(order.oms_status, "allocated")
            self.assertFalse(self._customer_mails(order), "nothing rendered in the transaction")
            jobs = [
                job for job in trap.enqueued_jobs if job.method_name == "_oms_job_send_status_mail"
            ]
            self.assertEqual(len(jobs), 1)
            self.assertEqual(jobs[0].channel, "root.oms_notify")
            jobs[0].perform()
        mails = self._customer_mails(order)
        self.assertEqual(len(mails), 1)
        self.assertIn("confirmed", mails.subject)
        self.assertIn("siti@example.com", mails.recipient_ids.email)
