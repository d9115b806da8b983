# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""POST /oms/marketplace/<account>/webhook: signatures checked before anything is written."""

import json

from odoo.tests import HttpCase, tagged

from odoo.addons.queue_job.job import Job

from ..tools import shopee, tiktok
from .common import TIKTOK, MarketplaceFixture, now, shopee_order, tiktok_order


@tagged("post_install", "-at_install")
class TestMarketplaceWebhook(MarketplaceFixture, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_marketplace()

    def _jobs(self, account):
        """Jobs the webhooks queued (not the stock pushes the imports' reservations queue)."""
        jobs = self.env["queue.job"].search(
            [
                ("model_name", "=", "oms.marketplace.account"),
                ("method_name", "!=", "_job_push_stock_changes"),
            ]
        )
        return jobs.filtered(lambda job: job.records.ids == account.ids)

    def _post(self, account, body, headers):
        return self.url_open(
            f"/oms/marketplace/{account.id}/webhook",
            data=body,
            headers=dict(headers, **{"Content-Type": "application/json"}),
            timeout=30,
        )

    def _tiktok_body(self, order):
        return json.dumps(
            {
                "type": 1,
                "tts_notification_id": "7380066284010030890",
                "shop_id": "7495540735365777507",
                "timestamp": now(),
                "data": {
                    "order_id": order["id"],
                    "order_status": order["status"],
                    "update_time": order["update_time"],
                },
            }
        ).encode()

    def _signed(self, body, secret=TIKTOK["app_secret"]):
        return {"Authorization": tiktok.webhook_signature(TIKTOK["app_key"], secret, body)}

    def test_tiktok_good_signature_queues_one_import_and_replays_make_no_duplicate(self):
        order = tiktok_order(71)
        with self._fake_tiktok([order]) as fake:
            account = self._account("tiktok", fake.base_url)
            body = self._tiktok_body(order)
            for _replay in range(2):
                response = self._post(account, body, self._signed(body))
                self.assertEqual(response.status_code, 200)
                self.assertEqual(response.json()["message"], "accepted")
            jobs = self._jobs(account)
            self.assertEqual(len(jobs), 1, "the identity key folds replays into one job")
            self.assertEqual(jobs.method_name, "_job_import_orders")
            self.assertEqual(jobs.channel, "root.marketplace")
            Job.load(self.env, jobs.uuid).perform()
            jobs.state = "done"
            self.assertEqual(len(self._orders(self.tiktok_channel)), 1)
            # the same webhook once more, after the import: a new job, still one order
            response = self._post(account, body, self._signed(body))
            self.assertEqual(response.status_code, 200)
            new_job = self._jobs(account) - jobs
            self.assertEqual(len(new_job), 1)
            Job.load(self.env, new_job.uuid).perform()
        self.assertEqual(len(self._orders(self.tiktok_channel)), 1)
        received = account.log_ids.filtered(lambda line: line.kind == "webhook")
        self.assertEqual(len(received), 3)

    def test_tiktok_bad_or_missing_signature_is_refused_with_nothing_written(self):
        order = tiktok_order(72)
        with self._fake_tiktok([order]) as fake:
            account = self._account("tiktok", fake.base_url)
            body = self._tiktok_body(order)
            for headers in (self._signed(body, secret="forged"), {}, self._signed(body + b" ")):
                response = self._post(account, body, headers)
                self.assertEqual(response.status_code, 401)
            self.assertFalse(fake.requests)
        self.assertFalse(self._jobs(account))
        self.assertFalse(account.log_ids)
        self.assertFalse(self._orders(self.tiktok_channel))
        self.assertFalse(
            self.env["oms.marketplace.order"].search([("account_id", "=", account.id)])
        )

    def test_shopee_push_names_the_order_to_fetch(self):
        order = shopee_order(73)
        with self._fake_shopee([order]) as fake:
            account = self._account("shopee", fake.base_url)
            body = json.dumps(
                {
                    "shop_id": 99001,
                    "code": 3,
                    "timestamp": now(),
                    "data": {"ordersn": order["order_sn"], "status": "READY_TO_SHIP"},
                }
            ).encode()
            url = f"{self.base_url()}/oms/marketplace/{account.id}/webhook"
            bad = self._post(account, body, {"Authorization": "0" * 64})
            self.assertEqual(bad.status_code, 401)
            self.assertFalse(self._jobs(account))
            signature = shopee.push_signature(account.partner_key, url, body)
            response = self._post(account, body, {"Authorization": signature})
            self.assertEqual(response.status_code, 200)
            job = self._jobs(account)
            self.assertEqual(job.method_name, "_job_import_refs")
            Job.load(self.env, job.uuid).perform()
            details = [r for r in fake.requests if r.path.endswith("get_order_detail")]
            self.assertEqual(details[0].query["order_sn_list"], order["order_sn"])
        sale_order = self._orders(self.shopee_channel)
        self.assertEqual(sale_order.external_ref, order["order_sn"])
        self.assertEqual(sale_order.state, "sale")

    def test_unknown_account_is_not_found(self):
        response = self.url_open(
            "/oms/marketplace/999999/webhook",
            data=b"{}",
            headers={"Content-Type": "application/json"},
        )
        self.assertEqual(response.status_code, 404)
