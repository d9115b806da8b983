# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Shopee account against a fake Shopee Open Platform on 127.0.0.1, real database."""

from odoo.exceptions import AccessError
from odoo.tests import TransactionCase, new_test_user, tagged

from odoo.addons.queue_job.controllers.main import RunJobController
from odoo.addons.queue_job.exception import FailedJobError, RetryableJobError
from odoo.addons.queue_job.tests.common import trap_jobs

from .common import MarketplaceFixture, now, shopee_order


@tagged("post_install", "-at_install")
class TestShopeeSync(MarketplaceFixture, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_marketplace()

    def _bindings(self, account):
        return self.env["oms.marketplace.order"].search([("account_id", "=", account.id)])

    def test_paginated_pull_creates_orders_through_capture(self):
        orders = [shopee_order(n, now() - 900 + n, cod=n % 2 == 0) for n in range(1, 6)]
        with self._fake_shopee(orders) as fake:
            account = self._account("shopee", fake.base_url, page_size=2)
            summaries = self._pull(account)
            list_calls = [r for r in fake.requests if r.path.endswith("get_order_list")]
            self.assertEqual([r.query["cursor"] for r in list_calls], ["", "2", "4"])
            self.assertEqual([r.query["page_size"] for r in list_calls], ["2"] * 3)
        # one job per page
        self.assertEqual(len(summaries), 3)
        self.assertIn("page 1: created 2; next page queued", summaries[0])
        self.assertIn("page 3 (last): created 1", summaries[2])
        sale_orders = self._orders(self.shopee_channel)
        self.assertEqual(
            sorted(sale_orders.mapped("external_ref")), sorted(o["order_sn"] for o in orders)
        )
        self.assertEqual(set(sale_orders.mapped("state")), {"sale"})
        prepaid = sale_orders.filtered(lambda o: o.external_ref == "2406SHP00001")
        cod = sale_orders.filtered(lambda o: o.external_ref == "2406SHP00002")
        self.assertEqual((prepaid.payment_method, prepaid.payment_status), ("ewallet", "paid"))
        self.assertEqual((cod.payment_method, cod.payment_status), ("cod", "unpaid"))
        # lines: the platform's discounted price becomes a discount on the list price
        kaos = prepaid.order_line.filtered(lambda line: line.product_id.default_code == "KAOS-M")
        self.assertEqual((kaos.product_uom_qty, kaos.price_unit, kaos.discount), (2, 80000, 12.5))
        delivery = prepaid.order_line.filtered("is_delivery")
        self.assertEqual(delivery.price_unit, 12000)
        self.assertEqual(prepaid.carrier_id, self.jne)
        self.assertEqual(prepaid.amount_total, 182000)
        self.assertEqual(prepaid.partner_shipping_id.state_id.code, "JK")
        self.assertEqual(prepaid.partner_shipping_id.zip, "10350")
        # bindings, mappings created by SKU with the listing ids, cursor moved on
        bindings = self._bindings(account)
        self.assertEqual(len(bindings), 5)
        self.assertEqual(set(bindings.mapped("state")), {"imported"})
        self.assertEqual(bindings.sale_order_id, sale_orders)
        mapping = self.env["oms.marketplace.product"].search(
            [("account_id", "=", account.id), ("platform_sku", "=", "KAOS-M")]
        )
        self.assertEqual(mapping.product_id, self.products["KAOS-M"])
        self.assertEqual(
            (mapping.platform_item_id, mapping.platform_variant_id), ("100001", "200001")
        )
        self.assertTrue(account.order_sync_date)
        self.assertEqual(account.health, "ok")
        self.assertEqual(
            len(account.log_ids.filtered(lambda log: log.kind == "import" and log.platform_ref)), 5
        )

    def test_reimport_creates_no_duplicate(self):
        orders = [shopee_order(n) for n in range(1, 4)]
        with self._fake_shopee(orders) as fake:
            account = self._account("shopee", fake.base_url)
            account._job_import_orders()
            account.order_sync_date = False  # pull the same window again
            summary = account._job_import_orders()
        self.assertIn("unchanged 3", summary)
        self.assertEqual(len(self._orders(self.shopee_channel)), 3)
        self.assertEqual(len(self._bindings(account)), 3)

    def test_older_update_ignored_newer_cancellation_applied(self):
        start = now() - 3000
        with self._fake_shopee() as fake:
            account = self._account("shopee", fake.base_url)
            current = shopee_order(7, start + 100)
            account._import_orders([current])
            order = self._orders(self.shopee_channel)
            self.assertEqual(order.state, "sale")
            # an older state arriving late (e.g. a delayed webhook): ignored
            older = shopee_order(7, start, status="CANCELLED")
            with trap_jobs() as trap:
                outcomes = account._import_orders([older])
                self.assertEqual(outcomes["stale"], 1)
                self.assertEqual(order.state, "sale")
                # the platform cancels later: the order is cancelled, and not pushed back
                newer = shopee_order(7, start + 200, status="CANCELLED")
                outcomes = account._import_orders([newer])
                trap.assert_jobs_count(0, only=account._job_push_cancel)
            self.assertEqual(outcomes["updated"], 1)
            self.assertEqual(order.state, "cancel")
            binding = self._bindings(account)
            self.assertEqual(binding.platform_status, "CANCELLED")
            self.assertFalse(fake.cancellations)

    def test_payment_and_address_updates_apply_to_the_order(self):
        start = now() - 3000
        with self._fake_shopee() as fake:
            account = self._account("shopee", fake.base_url, import_unpaid=True)
            unpaid = shopee_order(8, start, status="UNPAID", pay_time=None)
            account._import_orders([unpaid])
            order = self._orders(self.shopee_channel)
            self.assertEqual(order.payment_status, "pending")
            paid = shopee_order(8, start + 60)
            paid["recipient_address"]["full_address"] = "Jl. Thamrin No. 9"
            outcomes = account._import_orders([paid])
        self.assertEqual(outcomes["updated"], 1)
        self.assertEqual(order.payment_status, "paid")
        self.assertEqual(order.partner_shipping_id.street, "Jl. Thamrin No. 9")
        self.assertEqual(len(self._orders(self.shopee_channel)), 1)

    def test_platform_status_after_shipping_keeps_the_order(self):
        start = now() - 3000
        with self._fake_shopee() as fake:
            account = self._account("shopee", fake.base_url)
            account._import_orders([shopee_order(10, start)])
            order = self._orders(self.shopee_channel)
            with trap_jobs():
                self._ship(order.picking_ids, "JNE0099")
            outcomes = account._import_orders([shopee_order(10, start + 60, status="SHIPPED")])
        self.assertEqual(outcomes["unchanged"], 1)
        binding = self._bindings(account)
        self.assertEqual((binding.state, binding.platform_status), ("imported", "SHIPPED"))
        self.assertFalse(account.log_ids.filtered(lambda line: line.status == "failed"))

    def test_unpaid_orders_wait_for_payment(self):
        start = now() - 3000
        with self._fake_shopee() as fake:
            account = self._account("shopee", fake.base_url)
            account._import_orders([shopee_order(9, start, status="UNPAID", pay_time=None)])
            self.assertFalse(self._orders(self.shopee_channel))
            self.assertEqual(self._bindings(account).state, "skipped")
            account._import_orders([shopee_order(9, start + 60)])
        self.assertEqual(self._orders(self.shopee_channel).payment_status, "paid")
        self.assertEqual(self._bindings(account).state, "imported")

    def test_unknown_sku_recorded_then_retried(self):
        items = [
            {
                "item_id": 100777,
                "model_id": 0,
                "item_sku": "BATIK-NEW",
                "model_quantity_purchased": 1,
                "model_original_price": 170000,
                "model_discounted_price": 170000,
            }
        ]
        raw = shopee_order(11, items=items, total_amount=182000)
        with self._fake_shopee() as fake:
            account = self._account("shopee", fake.base_url)
            outcomes = account._import_orders([raw])
            self.assertEqual(outcomes["failed"], 1)
            self.assertFalse(self._orders(self.shopee_channel))
            binding = self._bindings(account)
            self.assertEqual(binding.state, "error")
            self.assertIn("Unknown SKU BATIK-NEW", binding.error_message)
            log = account.log_ids.filtered(lambda line: line.status == "failed")
            self.assertEqual(log.platform_ref, "2406SHP00011")
            self.assertIn("BATIK-NEW", log.message)
            # the product is created: the kept platform order imports on retry
            product = self.env["product.product"].create(
                {"name": "Batik Baru", "default_code": "BATIK-NEW", "is_storable": True}
            )
            self.env["stock.quant"]._update_available_quantity(product, self.wh1.lot_stock_id, 5)
            binding.action_retry_import()
        self.assertEqual(binding.state, "imported")
        self.assertEqual(binding.sale_order_id.order_line.product_id[:1], product)
        self.assertFalse(binding.error_message)

    def test_stock_push_sends_only_changed_levels(self):
        with self._fake_shopee() as fake:
            account = self._account("shopee", fake.base_url)
            mappings = self.env["oms.marketplace.product"].create(
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
                        "platform_variant_id": "0",
                    },
                ]
            )
            account._job_push_stock()
            self.assertEqual(
                sorted(fake.stock_updates, key=lambda u: u["item_id"]),
                [
                    {
                        "item_id": 100001,
                        "stock_list": [{"model_id": 200001, "seller_stock": [{"stock": 50}]}],
                    },
                    {
                        "item_id": 100002,
                        "stock_list": [{"model_id": 0, "seller_stock": [{"stock": 50}]}],
                    },
                ],
            )
            self.assertEqual(mappings.mapped("last_pushed_qty"), [50, 50])
            # nothing changed: nothing sent
            requests_before = len(fake.requests)
            message = account._job_push_stock()
            self.assertEqual(len(fake.requests), requests_before)
            self.assertIn("0 stock level(s) pushed", message)
            # one product changes: only its listing is sent
            self.env["stock.quant"]._update_available_quantity(
                self.products["KAOS-M"], self.wh1.lot_stock_id, 5
            )
            account._job_push_stock()
            self.assertEqual(
                fake.stock_updates[2:],
                [
                    {
                        "item_id": 100001,
                        "stock_list": [{"model_id": 200001, "seller_stock": [{"stock": 55}]}],
                    }
                ],
            )

    def test_published_warehouses_limit_the_stock_pushed(self):
        with self._fake_shopee() as fake:
            account = self._account("shopee", fake.base_url, warehouse_ids=[(6, 0, self.wh2.ids)])
            self.env["oms.marketplace.product"].create(
                [
                    {
                        "account_id": account.id,
                        "product_id": self.products[code].id,
                        "platform_sku": code,
                        "platform_item_id": item_id,
                    }
                    for code, item_id in (("SPLIT-A", "300001"), ("SPLIT-B", "300002"))
                ]
            )
            account._job_push_stock()
        stock = {
            u["item_id"]: u["stock_list"][0]["seller_stock"][0]["stock"] for u in fake.stock_updates
        }
        # SPLIT-A sits in the main warehouse only, which this account does not publish
        self.assertEqual(stock, {300001: 0, 300002: 50})

    def test_throttled_pull_is_retried_later_with_nothing_written(self):
        with self._fake_shopee([shopee_order(n) for n in range(1, 3)]) as fake:
            account = self._account("shopee", fake.base_url)
            fake.fail_next(1, status=429, retry_after="7")
            with self.assertRaises(RetryableJobError) as caught:
                account._job_import_orders()
            self.assertEqual(caught.exception.seconds, 7)
            fake.fail_next(1, status=500)
            with self.assertRaises(RetryableJobError) as caught:
                account._job_import_orders()
            self.assertIsNone(caught.exception.seconds)
            self.assertFalse(account.order_sync_date)
            account._job_import_orders()
        self.assertEqual(len(self._orders(self.shopee_channel)), 2)
        self.assertEqual(len(self._bindings(account)), 2)

    def test_pull_pages_are_jobs_a_fault_retries_one_page(self):
        """429, 500, 503 and a timeout on the pages of a pull: each retries its page
        only; the pages already imported stay, nothing is imported twice, and the
        last page moves the sync date on."""
        orders = [shopee_order(n, now() - 900 + n) for n in range(1, 6)]
        with self._fake_shopee(orders) as fake:
            account = self._account("shopee", fake.base_url, page_size=2, request_timeout=1)
            # Odoo's test case raises timeouts under 10 s to 10 s: answer after 11 s
            fake.timeout_delay = 11
            with trap_jobs() as trap:
                account._job_import_orders()
                self.assertEqual(len(self._orders(self.shopee_channel)), 2)
                self.assertFalse(account.order_sync_date)
                trap.assert_jobs_count(1, only=account._job_import_orders)
                page2 = trap.enqueued_jobs[-1]
                self.assertEqual((page2.kwargs["cursor"], page2.kwargs["page"]), ("2", 2))
                self.assertEqual(page2.max_retries, 20)
                # a new trigger of the same page while it waits queues no copy of it
                account._enqueue_import_page(page2.kwargs["since"], page2.kwargs["until"], "2", 2)
                trap.assert_jobs_count(1, only=account._job_import_orders)
                trap.enqueued_jobs = []
                for status, seconds in ((429, 7), (500, None), (503, None), ("timeout", None)):
                    fake.fail_next(1, status=status, retry_after="7")
                    with self.assertRaises(RetryableJobError, msg=status) as caught:
                        page2.perform()
                    self.assertEqual(caught.exception.seconds, seconds, status)
                    # page 1 stays imported; nothing of page 2 was written
                    self.assertEqual(len(self._orders(self.shopee_channel)), 2)
                    self.assertFalse(trap.enqueued_jobs)
                self.assertEqual(fake.faults_by_kind, {429: 1, 500: 1, 503: 1, "timeout": 1})
                self.assertIn("page 2: created 2", page2.perform())
                # the same page job run again (e.g. after a worker crash) changes nothing
                self.assertIn("unchanged 2", page2.perform())
                page3 = trap.enqueued_jobs[-1]
                self.assertEqual(page3.kwargs["cursor"], "4")
                trap.enqueued_jobs = []
                self.assertIn("page 3 (last): created 1", page3.perform())
                trap.assert_jobs_count(0, only=account._job_import_orders)
        self.assertEqual(len(self._orders(self.shopee_channel)), 5)
        self.assertEqual(len(self._bindings(account)), 5)
        self.assertEqual(account.order_sync_date, page3.kwargs["until"])
        self.assertEqual(account.health, "ok")

    def test_reconciliation_imports_its_other_pages_in_page_jobs(self):
        orders = [shopee_order(n, now() - 900 + n) for n in range(1, 4)]
        with self._fake_shopee(orders) as fake:
            account = self._account("shopee", fake.base_url, page_size=2)
            # the cursor moved past these orders: only the reconciliation finds them
            account.order_sync_date = "2099-01-01 00:00:00"
            with trap_jobs() as trap:
                summary = account._job_reconcile()
                self.assertIn("2 missing order(s) imported", summary)
                self.assertIn("other pages are imported by their own jobs", summary)
                trap.assert_jobs_count(1, only=account._job_import_orders)
                page2 = trap.enqueued_jobs[-1]
                self.assertEqual(page2.kwargs["cursor"], "2")
                self.assertIsNone(page2.kwargs["until"])
                self.assertIn("page 2 (last): created 1", page2.perform())
        self.assertEqual(len(self._orders(self.shopee_channel)), 3)
        # a reconciliation does not move the sync date
        self.assertEqual(str(account.order_sync_date), "2099-01-01 00:00:00")

    def test_new_pull_waits_for_the_pages_of_a_running_pull(self):
        with self._fake_shopee([shopee_order(1)]) as fake:
            account = self._account("shopee", fake.base_url)
            since, until = account._pull_window()
            # a stored page job of an earlier pull, still to run
            job = account._enqueue_import_page(since, until, "50", 2)
            self.assertEqual(job.db_record().state, "pending")
            summary = account._job_import_orders()
            self.assertIn("already in progress", summary)
            self.assertFalse(fake.requests)
            job.db_record().state = "done"
            self.assertIn("(last): created 1", account._job_import_orders())

    def test_permanent_error_fails_the_job_and_is_recorded_on_the_account(self):
        with self._fake_shopee([shopee_order(1)]) as fake:
            account = self._account("shopee", fake.base_url, partner_key="wrong-key")
            with trap_jobs() as trap:
                account._enqueue_import()
                job = trap.enqueued_jobs[0]
            # what the job runner does: perform, and on failure call the on_fail hook
            with self.assertRaises(FailedJobError) as caught:
                job.perform()
            self.assertIn("error_sign", str(caught.exception))
            vals = RunJobController._get_failure_values(job, "traceback", caught.exception)
            job.on_fail(vals)
        self.assertFalse(self._orders(self.shopee_channel))
        self.assertEqual(account.health, "error")
        self.assertEqual(account.error_count, 1)
        self.assertIn("[error_sign] Wrong sign.", account.last_error)
        failed = account.log_ids.filtered(lambda line: line.status == "failed")
        self.assertEqual(failed.kind, "import")

    def test_test_connection_reports_and_records(self):
        with self._fake_shopee() as fake:
            account = self._account("shopee", fake.base_url)
            action = account.action_test_connection()
            self.assertEqual(action["params"]["type"], "success")
            self.assertEqual(account.health, "ok")
            account.partner_key = "wrong-key"
            action = account.action_test_connection()
        self.assertEqual(action["params"]["type"], "danger")
        self.assertIn("Wrong sign", action["params"]["message"])
        self.assertEqual(account.health, "error")

    def test_credentials_readable_by_admins_only(self):
        with self._fake_shopee() as fake:
            account = self._account("shopee", fake.base_url)
        manager = new_test_user(
            self.env, login="mkt_manager", groups="oms_omnichannel.group_oms_manager"
        )
        self.assertFalse(manager.has_group("base.group_system"))
        as_manager = account.with_user(manager)
        self.assertEqual(as_manager.read(["name"])[0]["name"], "shopee test shop")
        for fname in ("partner_key", "access_token", "app_secret", "webhook_secret"):
            with self.assertRaises(AccessError):
                as_manager.read([fname])
        # the manager may still run the sync: the job reads the credentials itself
        self.assertEqual(as_manager._get_client().partner_key, "shpk-test")
        self.assertEqual(account.read(["partner_key"])[0]["partner_key"], "shpk-test")
        user = new_test_user(self.env, login="mkt_user", groups="oms_omnichannel.group_oms_user")
        with self.assertRaises(AccessError):
            account.with_user(user).write({"name": "renamed"})
        # the sync log is for every OMS user to read
        account._log("import", "done", "Order imported.", "2406SHP00001")
        logs = (
            self.env["oms.marketplace.log"]
            .with_user(user)
            .search([("account_id", "=", account.id)])
        )
        self.assertEqual(logs.read(["message"])[0]["message"], "Order imported.")
