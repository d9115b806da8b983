# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""TikTok Shop (Tokopedia) account against a fake Partner API on 127.0.0.1, real database."""

from odoo.tests import TransactionCase, tagged

from odoo.addons.queue_job.exception import FailedJobError, RetryableJobError
from odoo.addons.queue_job.tests.common import trap_jobs

from .common import MarketplaceFixture, now, tiktok_order

SPLIT_ROWS = [
    ("SPLIT-A", "1729200001", "1729000101", 250000, 250000),
    ("SPLIT-B", "1729200002", "1729000102", 90000, 90000),
]


@tagged("post_install", "-at_install")
class TestTikTokSync(MarketplaceFixture, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_marketplace()

    def _bindings(self, account):
        return self.env["oms.marketplace.order"].search([("account_id", "=", account.id)])

    def test_paginated_pull_maps_cod_and_prepaid(self):
        orders = [tiktok_order(n, now() - 900 + n, cod=n != 3) for n in range(1, 6)]
        with self._fake_tiktok(orders) as fake:
            account = self._account("tiktok", fake.base_url, page_size=2)
            self.assertEqual(len(self._pull(account)), 3)
            tokens = [r.query.get("page_token") for r in fake.requests]
        self.assertEqual(len(tokens), 3)
        self.assertIsNone(tokens[0])
        self.assertTrue(all(tokens[1:]))
        sale_orders = self._orders(self.tiktok_channel)
        self.assertEqual(len(sale_orders), 5)
        self.assertEqual(set(sale_orders.mapped("state")), {"sale"})
        prepaid = sale_orders.filtered(lambda o: o.external_ref == orders[2]["id"])
        cod = sale_orders.filtered(lambda o: o.external_ref == orders[0]["id"])
        self.assertEqual((prepaid.payment_method, prepaid.payment_status), ("ewallet", "paid"))
        self.assertEqual((cod.payment_method, cod.payment_status), ("cod", "unpaid"))
        # one row per unit on TikTok: merged into one line of 2, discount kept
        kaos = cod.order_line.filtered(lambda line: line.product_id.default_code == "KAOS-M")
        self.assertEqual((kaos.product_uom_qty, kaos.price_unit, kaos.discount), (2, 80000, 12.5))
        self.assertEqual(cod.order_line.filtered("is_delivery").price_unit, 12000)
        self.assertEqual(cod.carrier_id, self.env.ref("oms_omnichannel.carrier_jnt"))
        self.assertEqual(cod.amount_total, 182000)
        self.assertEqual(cod.partner_shipping_id.state_id.code, "JI")
        self.assertEqual(cod.partner_id.email, "buyer1@scs.tiktokw.us")
        mapping = self.env["oms.marketplace.product"].search(
            [("account_id", "=", account.id), ("platform_sku", "=", "STIKER")]
        )
        self.assertEqual(
            (mapping.platform_item_id, mapping.platform_variant_id), ("1729000009", "1729100009")
        )

    def test_replayed_and_out_of_order_updates_make_no_duplicate(self):
        start = now() - 3000
        with self._fake_tiktok() as fake:
            account = self._account("tiktok", fake.base_url)
            first = tiktok_order(21, start + 100)
            account._import_orders([first, first])
            account._import_orders([first])
            self.assertEqual(len(self._orders(self.tiktok_channel)), 1)
            order = self._orders(self.tiktok_channel)
            older = tiktok_order(21, start, status="CANCELLED")
            self.assertEqual(account._import_orders([older])["stale"], 1)
            self.assertEqual(order.state, "sale")
            newer = tiktok_order(21, start + 200, status="CANCELLED")
            self.assertEqual(account._import_orders([newer])["updated"], 1)
        self.assertEqual(order.state, "cancel")
        self.assertEqual(len(self._bindings(account)), 1)

    def test_split_order_pushes_one_shipment_per_delivery(self):
        # split on TikTok Shop: one package per row, each shipped on its own
        raw = tiktok_order(31, rows=SPLIT_ROWS, split_packages=True)
        with self._fake_tiktok([raw]) as fake:
            account = self._account(
                "tiktok", fake.base_url, shipping_provider_ref="7208502187360519982"
            )
            account._import_orders([raw])
            order = self._orders(self.tiktok_channel)
            deliveries = order.picking_ids.filtered("oms_is_customer_delivery")
            self.assertEqual(len(deliveries), 2, "SPLIT-A and SPLIT-B sit in two warehouses")
            with trap_jobs() as trap:
                for index, picking in enumerate(deliveries.sorted("id"), start=1):
                    self._ship(picking, f"JNE00{index}")
                trap.assert_jobs_count(2, only=account._job_push_shipment)
                trap.perform_enqueued_jobs()
            by_tracking = {s["tracking_number"]: s for s in fake.shipments}
        self.assertEqual(set(by_tracking), {"JNE001", "JNE002"})
        self.assertEqual(
            {s["package_id"] for s in fake.shipments},
            {row["package_id"] for row in raw["line_items"]},
        )
        self.assertTrue(all(s["order_id"] == raw["id"] for s in fake.shipments))
        self.assertTrue(
            all(s["shipping_provider_id"] == "7208502187360519982" for s in fake.shipments)
        )
        # each push names the order rows of the products that delivery carried
        rows_by_sku = {row["seller_sku"]: row["id"] for row in raw["line_items"]}
        for index, picking in enumerate(deliveries.sorted("id"), start=1):
            sku = picking.move_ids.product_id.default_code
            self.assertEqual(
                by_tracking[f"JNE00{index}"]["order_line_item_ids"], [rows_by_sku[sku]]
            )
            self.assertTrue(picking.oms_marketplace_push_date)
        self.assertEqual(
            len(
                account.log_ids.filtered(
                    lambda line: line.kind == "shipment" and line.status == "done"
                )
            ),
            2,
        )

    def test_shipment_push_retried_after_throttling_then_done_once(self):
        raw = tiktok_order(32)
        with self._fake_tiktok([raw]) as fake:
            account = self._account("tiktok", fake.base_url)
            account._import_orders([raw])
            picking = self._orders(self.tiktok_channel).picking_ids
            with trap_jobs() as trap:
                self._ship(picking, "JNT777")
                job = trap.enqueued_jobs[0]
            fake.fail_next(1, status=429, retry_after="3")
            with self.assertRaises(RetryableJobError) as caught:
                job.perform()
            self.assertEqual(caught.exception.seconds, 3)
            self.assertFalse(picking.oms_marketplace_push_date)
            job.perform()
            job.perform()  # a duplicate run after success sends nothing more
        self.assertEqual([s["tracking_number"] for s in fake.shipments], ["JNT777"])

    def test_oms_cancellation_is_pushed(self):
        raw = tiktok_order(41)
        with self._fake_tiktok() as fake:
            account = self._account("tiktok", fake.base_url)
            account._import_orders([raw])
            order = self._orders(self.tiktok_channel)
            with trap_jobs() as trap:
                self.env["oms.capture"].cancel(order)
                trap.assert_jobs_count(1, only=account._job_push_cancel)
                trap.perform_enqueued_jobs()
        self.assertEqual(
            fake.cancellations,
            [{"order_id": raw["id"], "cancel_reason": "seller_cancel_reason_out_of_stock"}],
        )

    def test_wrong_secret_fails_for_good(self):
        with self._fake_tiktok([tiktok_order(51)]) as fake:
            account = self._account("tiktok", fake.base_url, app_secret="not-the-secret")
            with self.assertRaises(FailedJobError) as caught:
                account._job_import_orders()
        self.assertIn("106001", str(caught.exception))
        self.assertFalse(self._orders(self.tiktok_channel))

    def test_reconciliation_imports_the_missed_order(self):
        start = now() - 3000
        known = tiktok_order(61, start)
        missed = tiktok_order(62, start + 10)
        with self._fake_tiktok([known, missed]) as fake:
            account = self._account("tiktok", fake.base_url)
            account._import_orders([known])
            # the webhook of the second order never came, and the cursor moved past it
            account.order_sync_date = "2099-01-01 00:00:00"
            summary = account._job_reconcile()
        self.assertIn("1 missing order(s) imported", summary)
        self.assertEqual(
            sorted(self._orders(self.tiktok_channel).mapped("external_ref")),
            sorted([known["id"], missed["id"]]),
        )
        self.assertTrue(account.log_ids.filtered(lambda line: line.kind == "reconcile"))
