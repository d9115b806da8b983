# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Return webhooks over HTTP (POST /oms/marketplace/<account>/webhook) with the
platforms' documented sample events: TikTok Shop's "Return status change" (type 12)
and Lazada's reverse order push (message type 10). The signature is checked before
anything is written; the return the event names is read from the platform (fakes of
Search Returns and GetReverseOrdersForSeller) and recorded: return request, posted
credit note reconciled with the invoice. A delivery replayed makes one update."""

import json

from odoo.tests import HttpCase, tagged

from odoo.addons.oms_marketplace_sync.tests.common import TIKTOK, TIKTOK_TOKEN, now
from odoo.addons.oms_marketplace_sync.tests.platform_fakes import load
from odoo.addons.oms_marketplace_sync.tools import lazada, tiktok
from odoo.addons.queue_job.job import Job

from .common import MarketplaceReturnsCommon

fakes = load("returns")
samples = load("samples")

LAZADA = {"app_key": "lzd-key", "app_secret": "lzd-secret", "access_token": "lzd-token"}


def tiktok_return_row(event, status, update_time):
    """The Search Returns 202309 row of the return the event names: a REFUND (the
    buyer keeps the item) of one T-shirt, 111 000 tax included."""
    data = event["data"]
    money = {
        "currency": "IDR",
        "refund_total": "111000",
        "refund_subtotal": "111000",
        "refund_shipping_fee": "0",
        "refund_tax": "0",
    }
    return {
        "return_id": data["return_id"],
        "order_id": data["order_id"],
        "return_type": data["return_type"],
        "return_status": status,
        "role": data["return_role"],
        "return_reason": "ecom_order_delivered_refund_and_return_reason_damaged_item",
        "return_reason_text": "Item arrived damaged",
        "return_tracking_number": "",
        "create_time": data["create_time"],
        "update_time": update_time,
        "return_line_items": [
            {
                "return_line_item_id": "4035318504086604101",
                "order_line_item_id": "576486316948490101",
                "sku_id": "1729582718312380123",
                "seller_sku": "KAOS-01",
                "product_name": "Kaos Polos",
                "refund_amount": money,
            }
        ],
        "refund_amount": money,
    }


def lazada_reverse_order(push, status, modified):
    """The GetReverseOrdersForSeller row of the reverse order the push names: a RETURN
    of one pair of jeans, 280 000 (in cents)."""
    data = push["data"]
    return {
        "reverse_order_id": data["reverse_order_id"],
        "trade_order_id": data["trade_order_id"],
        "request_type": "RETURN",
        "is_rtm": True,
        "shipping_type": "DROP_OFF",
        "reverse_order_lines": [
            {
                "reverse_order_line_id": data["reverse_order_line_id"],
                "trade_order_line_id": data["trade_order_line_id"],
                "reverse_status": status,
                "ofc_status": "",
                "product": {"product_id": 3390012, "product_sku": "3390012_ID-1240010"},
                "refund_amount": 28000000,
                "item_unit_price": 28000000,
                "reason_text": "Wrong size",
                "return_order_line_gmt_modified": modified * 1000,
                "seller_sku_id": "JEANS-01",
                "platform_sku_id": "1240010",
                "tracking_number": "",
            }
        ],
    }


@tagged("post_install", "-at_install")
class TestReturnWebhooks(MarketplaceReturnsCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setUpMarketplaceReturns({"tiktok": "TIKTOKID", "lazada": "LAZADAID"})

    def _order(self, platform, lines, ref):
        order = self._make_order(lines)
        order.write({"channel_id": self.channels[platform].id, "external_ref": ref})
        return order

    def _post(self, account, event, secret, app_key):
        """POST the event signed as the account's platform signs: ``Authorization`` is
        the HMAC-SHA256 of app key + body under the app secret (TikTok and Lazada)."""
        body = json.dumps(event).encode()
        signer = tiktok if account.platform == "tiktok" else lazada
        signature = signer.webhook_signature(app_key, secret, body)
        return self.url_open(
            f"/oms/marketplace/{account.id}/webhook",
            data=body,
            headers={"Content-Type": "application/json", "Authorization": signature},
            timeout=30,
        )

    def _return_jobs(self, account):
        jobs = self.env["queue.job"].search([("method_name", "=", "_job_import_return_refs")])
        return jobs.filtered(lambda job: job.records.ids == account.ids)

    def _run(self, jobs):
        results = [Job.load(self.env, job.uuid).perform() for job in jobs]
        jobs.state = "done"
        return results

    def test_tiktok_return_status_change_webhook_records_the_return(self):
        event = samples.tiktok_return_webhook()
        order = self._order("tiktok", [(self.kaos, 1, 111000)], event["data"]["order_id"])
        invoice = order.invoice_ids
        row = tiktok_return_row(event, "RETURN_OR_REFUND_REQUEST_PENDING", now() - 300)
        fake = fakes.FakeTikTokShopReturns(
            TIKTOK["app_key"], TIKTOK["app_secret"], TIKTOK_TOKEN, TIKTOK["shop_cipher"]
        )
        fake.returns = [row]
        account = self._start("tiktok", fake, dict(TIKTOK, access_token=TIKTOK_TOKEN))
        # a wrong signature: refused before anything is written
        response = self._post(account, event, "not-the-secret", TIKTOK["app_key"])
        self.assertEqual(response.status_code, 401)
        self.assertFalse(self._return_jobs(account))
        self.assertFalse(account.log_ids)

        # the documented event, delivered twice: one job, one return recorded
        for _delivery in range(2):
            response = self._post(account, event, TIKTOK["app_secret"], TIKTOK["app_key"])
            self.assertEqual(response.status_code, 200)
        jobs = self._return_jobs(account)
        self.assertEqual(len(jobs), 1, "the identity key folds the replay into one job")
        self._run(jobs)
        binding = self._binding(account)
        self.assertEqual(binding.state, "done", binding.error_message)
        self.assertEqual(binding.platform_return_ref, event["data"]["return_id"])
        self.assertEqual(binding.status, "requested")
        self.assertEqual(binding.return_request_id.rma_ids.product_id, self.kaos)
        self.assertFalse(self._credit_notes(order))
        search = [r for r in fake.requests if r.path == "/return_refund/202309/returns/search"]
        self.assertEqual(search[-1].json(), {"return_ids": [event["data"]["return_id"]]})

        # the refund is completed: the next event records the credit note
        row.update(return_status="RETURN_OR_REFUND_REQUEST_COMPLETE", update_time=now() - 60)
        event["data"].update(
            return_status="RETURN_OR_REFUND_REQUEST_COMPLETE", update_time=now() - 60
        )
        self._post(account, event, TIKTOK["app_secret"], TIKTOK["app_key"])
        done = self._return_jobs(account)
        self._run(done - jobs)
        refund = self._credit_notes(order)
        self.assertEqual(binding.status, "refunded")
        self.assertEqual(len(refund), 1)
        self.assertEqual(refund.state, "posted")
        self.assertAlmostEqual(refund.amount_total, 111000)
        self.assertAlmostEqual(refund.amount_tax, 11000)
        self.assertAlmostEqual(invoice.amount_residual, 0)
        # the same delivery once more, after its job ran: read again, unchanged
        self._post(account, event, TIKTOK["app_secret"], TIKTOK["app_key"])
        again = self._return_jobs(account) - done
        self.assertEqual(len(again), 1)
        [result] = self._run(again)
        self.assertIn("unchanged 1", result)
        self.assertEqual(self._credit_notes(order), refund)
        self.assertEqual(self._binding(account), binding)

    def test_lazada_reverse_order_push_records_the_return(self):
        push = samples.lazada_reverse_order_push()
        ref = str(push["data"]["trade_order_id"])
        order = self._order("lazada", [(self.kaos, 1, 111000), (self.celana, 1, 280000)], ref)
        invoice = order.invoice_ids
        reverse = lazada_reverse_order(push, "REQUEST_INITIATE", now() - 300)
        other = dict(
            lazada_reverse_order(push, "REQUEST_INITIATE", now() - 300),
            reverse_order_id=658960600102999,
        )
        fake = fakes.FakeLazadaReturns(
            LAZADA["app_key"],
            LAZADA["app_secret"],
            LAZADA["access_token"],
            reverse_orders=[other, reverse],
        )
        account = self._start("lazada", fake, LAZADA)
        response = self._post(account, push, "not-the-secret", LAZADA["app_key"])
        self.assertEqual(response.status_code, 401)
        self.assertFalse(self._return_jobs(account))
        self.assertFalse(self.env["oms.marketplace.return"].search([]))

        for _delivery in range(2):
            response = self._post(account, push, LAZADA["app_secret"], LAZADA["app_key"])
            self.assertEqual(response.status_code, 200)
        jobs = self._return_jobs(account)
        self.assertEqual(len(jobs), 1)
        self._run(jobs)
        binding = self._binding(account)
        self.assertEqual(len(binding), 1, "only the reverse order the push names")
        self.assertEqual(binding.platform_return_ref, "658960600102006")
        self.assertEqual(binding.state, "done", binding.error_message)
        self.assertEqual(binding.return_request_id.rma_ids.product_id, self.celana)
        calls = [r for r in fake.requests if r.path.endswith("/reverse/getreverseordersforseller")]
        self.assertEqual(calls[-1].query["reverse_order_id"], "658960600102006")

        # the refund is issued; the next push (delivered twice) records the credit note
        reverse["reverse_order_lines"][0].update(
            reverse_status="REFUND_SUCCESS", return_order_line_gmt_modified=(now() - 30) * 1000
        )
        push["data"].update(reverse_status="RTM_RECEIVE_ITEM", status_update_time=now() - 30)
        for _delivery in range(2):
            self._post(account, push, LAZADA["app_secret"], LAZADA["app_key"])
            self._run(self._return_jobs(account) - jobs)
            jobs = self._return_jobs(account)
        refund = self._credit_notes(order)
        self.assertEqual(len(refund), 1, "the replayed push makes no second credit note")
        self.assertEqual(refund.state, "posted")
        self.assertAlmostEqual(refund.amount_total, 280000)
        self.assertAlmostEqual(refund.amount_tax, 30000)
        self.assertAlmostEqual(invoice.amount_residual, 111000)
        self.assertEqual(self._binding(account), binding)
