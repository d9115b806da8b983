# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Stock pushes triggered by stock moves, and stock reconciliation against the
platform's own levels (platform returns: addon ``oms_marketplace_returns``)."""

from odoo import Command
from odoo.tests import TransactionCase, tagged

from odoo.addons.queue_job.tests.common import trap_jobs

from .common import MarketplaceFixture, shopee_order

KAOS_ONLY = [
    {
        "item_id": 100001,
        "item_sku": "KAOS",
        "model_id": 200001,
        "model_sku": "KAOS-M",
        "model_quantity_purchased": 2,
        "model_original_price": 80000,
        "model_discounted_price": 70000,
    }
]


@tagged("post_install", "-at_install")
class TestStockChangesAndReturns(MarketplaceFixture, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_marketplace()

    def _map(self, account):
        return self.env["oms.marketplace.product"].create(
            [
                {
                    "account_id": account.id,
                    "product_id": self.products["KAOS-M"].id,
                    "platform_sku": "KAOS-M",
                    "platform_item_id": "100001",
                    "platform_variant_id": "200001",
                },
                {
                    "account_id": account.id,
                    "product_id": self.products["STIKER"].id,
                    "platform_sku": "STIKER",
                    "platform_item_id": "100002",
                },
            ]
        )

    def _stock_jobs(self, trap, account):
        return [
            job
            for job in trap.enqueued_jobs
            if job.method_name == "_job_push_stock_changes" and job.recordset == account
        ]

    # -- stock pushed on stock changes ---------------------------------------------

    def test_delivery_queues_one_debounced_push_of_that_sku_only(self):
        with self._fake_shopee() as fake:
            account = self._account("shopee", fake.base_url)
            kaos, stiker = self._map(account)
            account._job_push_stock()
            self.assertEqual(len(fake.stock_updates), 2)
            picking_type = self.wh1.out_type_id
            with trap_jobs() as trap:
                picking = self.env["stock.picking"].create(
                    {
                        "picking_type_id": picking_type.id,
                        "location_id": self.wh1.lot_stock_id.id,
                        "location_dest_id": self.env.ref("stock.stock_location_customers").id,
                        "move_ids": [
                            Command.create(
                                {
                                    "product_id": self.products["KAOS-M"].id,
                                    "product_uom_qty": 3,
                                    "location_id": self.wh1.lot_stock_id.id,
                                    "location_dest_id": self.env.ref(
                                        "stock.stock_location_customers"
                                    ).id,
                                }
                            )
                        ],
                    }
                )
                picking.action_confirm()
                picking.action_assign()
                picking.move_ids.picked = True
                picking.button_validate()
                self.assertEqual(picking.state, "done")
                # confirmation, reservation and validation: one job for the account,
                # deduplicated by its identity key, a few seconds ahead
                jobs = self._stock_jobs(trap, account)
                self.assertEqual(len(jobs), 1)
                self.assertEqual(jobs[0].identity_key, f"oms-mkt-stock-changes-{account.id}")
                self.assertTrue(jobs[0].eta)
                self.assertEqual((kaos.stock_dirty, stiker.stock_dirty), (True, False))
                message = jobs[0].perform()
            self.assertIn("1 stock level(s) pushed, 0 unchanged", message)
            self.assertEqual(
                fake.stock_updates[2:],
                [
                    {
                        "item_id": 100001,
                        "stock_list": [{"model_id": 200001, "seller_stock": [{"stock": 47}]}],
                    }
                ],
            )
            self.assertFalse(kaos.stock_dirty)
            self.assertEqual((kaos.last_pushed_qty, stiker.last_pushed_qty), (47, 50))

    def test_imported_order_reservation_pushes_the_reserved_sku(self):
        with self._fake_shopee() as fake:
            account = self._account("shopee", fake.base_url)
            self._map(account)
            account._job_push_stock()
            with trap_jobs() as trap:
                account._import_orders([shopee_order(31, items=KAOS_ONLY, total_amount=152000)])
                order = self._orders(self.shopee_channel)
                self.assertEqual(order.state, "sale")
                jobs = self._stock_jobs(trap, account)
                self.assertEqual(len(jobs), 1)
                jobs[0].perform()
        self.assertEqual(
            [
                (u["item_id"], u["stock_list"][0]["seller_stock"][0]["stock"])
                for u in fake.stock_updates[2:]
            ],
            [(100001, 48)],
        )

    def test_accounts_without_stock_push_are_not_queued(self):
        with self._fake_shopee() as fake:
            account = self._account("shopee", fake.base_url, push_stock=False)
            kaos, _stiker = self._map(account)
            with trap_jobs() as trap:
                self.env["oms.marketplace.product"]._mark_stock_changed(self.products["KAOS-M"])
                self.assertFalse(self._stock_jobs(trap, account))
        self.assertFalse(kaos.stock_dirty)

    # -- stock reconciliation --------------------------------------------------------

    def test_reconciliation_corrects_the_platform_stock(self):
        with self._fake_shopee() as fake:
            account = self._account("shopee", fake.base_url)
            kaos, stiker = self._map(account)
            self.env["oms.marketplace.product"].create(
                {
                    "account_id": account.id,
                    "product_id": self.products["SPLIT-A"].id,
                    "platform_sku": "SPLIT-A",
                    "platform_item_id": "100999",
                }
            )
            account._job_push_stock()
            self.assertEqual(fake.stock, {100001: {200001: 50}, 100002: {0: 50}, 100999: {0: 50}})
            del fake.stock[100999]  # the listing was deleted in the seller centre
            # a manual edit in the seller centre, and a stock change no push carried
            fake.stock[100002][0] = 7
            self.env["stock.quant"]._update_available_quantity(
                self.products["KAOS-M"], self.wh1.lot_stock_id, 5
            )
            pushed_before = len(fake.stock_updates)
            summary = account._job_reconcile()
        self.assertIn("Stock: 2 listing(s) compared, 2 corrected.", summary)
        self.assertIn("Not found on the platform: SPLIT-A.", summary)
        self.assertEqual(fake.stock[100001], {200001: 55})
        self.assertEqual(fake.stock[100002], {0: 50})
        self.assertEqual(len(fake.stock_updates), pushed_before + 2)
        self.assertEqual((kaos.last_pushed_qty, stiker.last_pushed_qty), (55, 50))
        corrected = account.log_ids.filtered(
            lambda log: log.kind == "reconcile" and log.platform_ref == "STIKER"
        )
        self.assertIn("the platform showed 7, 50 pushed", corrected.message)
        # in line now: the next reconciliation corrects nothing
        with self._fake_shopee() as fake2:
            fake2.stock = {100001: {200001: 55}, 100002: {0: 50}}
            account.base_url = fake2.base_url
            summary = account._job_reconcile()
            self.assertFalse(fake2.stock_updates)
        self.assertIn("2 listing(s) compared, 0 corrected", summary)
