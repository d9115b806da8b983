# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Platform returns recorded as return requests of the Returns app."""

from odoo.tests import TransactionCase, tagged

from odoo.addons.oms_marketplace_sync.tests.common import MarketplaceFixture, now, shopee_order
from odoo.addons.queue_job.tests.common import trap_jobs


@tagged("post_install", "-at_install")
class TestMarketplaceReturns(MarketplaceFixture, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_marketplace()

    def _return_requests(self):
        return self.env["oms.return.request"].search([("channel_id", "=", self.shopee_channel.id)])

    def test_platform_return_becomes_one_return_request(self):
        start = now() - 3000
        with self._fake_shopee() as fake:
            account = self._account("shopee", fake.base_url)
            account._import_orders([shopee_order(41, start)])
            order = self._orders(self.shopee_channel)
            with trap_jobs():
                self._ship(order.picking_ids, "JNE0041")
            returned = shopee_order(41, start + 60, status="TO_RETURN")
            outcomes = account._import_orders([returned])
            self.assertEqual(outcomes["updated"], 1)
            request = self._return_requests()
            self.assertEqual(len(request), 1)
            self.assertEqual(request.return_reference, "SHOPEE-RET-2406SHP00041")
            self.assertEqual(request.order_ids, order)
            self.assertEqual(
                {(r.product_id.default_code, r.product_uom_qty) for r in request.rma_ids},
                {("KAOS-M", 2), ("STIKER", 1)},
            )
            self.assertEqual(set(request.rma_ids.reason_id.mapped("code")), {"changed_mind"})
            # replayed, then updated again by the platform: still one request
            account._import_orders([returned])
            outcomes = account._import_orders([shopee_order(41, start + 120, status="TO_RETURN")])
            self.assertEqual(outcomes["failed"], 0)
            self.assertEqual(self._return_requests(), request)
            self.assertEqual(len(request.rma_ids), 2)
        self.assertTrue(
            account.log_ids.filtered(
                lambda log: "Return SHOPEE-RET-2406SHP00041" in (log.message or "")
            )
        )

    def test_return_before_delivery_is_kept_and_recorded_once_delivered(self):
        start = now() - 3000
        with self._fake_shopee() as fake:
            account = self._account("shopee", fake.base_url)
            account._import_orders([shopee_order(42, start)])
            order = self._orders(self.shopee_channel)
            outcomes = account._import_orders([shopee_order(42, start + 60, status="TO_RETURN")])
            self.assertEqual(outcomes["failed"], 1)
            binding = self.env["oms.marketplace.order"].search([("account_id", "=", account.id)])
            self.assertEqual(binding.state, "error")
            self.assertIn("no delivered quantity left to return", binding.error_message)
            self.assertFalse(self._return_requests())
            with trap_jobs():
                self._ship(order.picking_ids, "JNE0042")
            binding.action_retry_import()
        self.assertEqual(binding.state, "imported")
        self.assertEqual(self._return_requests().order_ids, order)
