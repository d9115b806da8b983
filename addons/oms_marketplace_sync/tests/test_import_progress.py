# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The connection test refuses to run without credentials and names them; the
account shows its imports' progress (imported / failed / retrying, with reasons) and
retries them on request."""

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import TransactionCase, new_test_user, tagged

from odoo.addons.queue_job.exception import RetryableJobError

from .common import SHOPEE, SHOPEE_TOKEN, MarketplaceFixture, shopee_order

UNKNOWN_SKU = [
    {
        "item_id": 100009,
        "item_sku": "",
        "model_id": 200009,
        "model_sku": "PAYUNG-BIRU",
        "model_quantity_purchased": 1,
        "model_original_price": 45000,
        "model_discounted_price": 45000,
    }
]


@tagged("post_install", "-at_install")
class TestConnectionAndProgress(MarketplaceFixture, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_marketplace()

    def _start(self, orders=()):
        fake = self._fake_shopee(orders)
        fake.__enter__()
        self.addCleanup(fake.__exit__, None, None, None)
        return fake

    def test_connection_test_names_the_missing_credentials_and_calls_nothing(self):
        fake = self._start()
        account = self._account("shopee", fake.base_url, access_token=False, partner_key=False)
        with self.assertRaises(UserError) as caught:
            account.action_test_connection()
        self.assertIn("Partner Key", str(caught.exception))
        self.assertIn("Access Token", str(caught.exception))
        self.assertNotIn("Shop ID", str(caught.exception))
        self.assertEqual(fake.requests, [])
        self.assertEqual(account.error_count, 0)
        # complete: the test runs and reports success
        account.write({"access_token": "tok-shop-99001", "partner_key": "shpk-test"})
        result = account.action_test_connection()
        self.assertEqual(result["params"]["type"], "success")
        self.assertEqual(account.health, "ok")

    def test_progress_counts_failed_and_retrying_imports_with_reasons(self):
        fake = self._start([shopee_order(1), shopee_order(2, items=UNKNOWN_SKU)])
        account = self._account("shopee", fake.base_url)
        self._pull(account)
        self.assertEqual(account.import_imported_count, 1)
        self.assertEqual(account.import_failed_count, 1)
        [failed] = account.import_failed_binding_ids
        self.assertIn("PAYUNG-BIRU", failed.error_message)
        # a pull throttled by the platform: the job waits for its next attempt
        job = account._enqueue_import()
        fake.fail_next(1, status=429, retry_after="7")
        with self.assertRaises(RetryableJobError) as caught:
            job.perform()
        job.postpone(result=str(caught.exception), seconds=caught.exception.seconds)
        job.set_pending(reset_retry=False)
        job.store()
        account.invalidate_recordset()
        self.assertEqual(account.import_retrying_count, 1)
        [waiting] = account.import_job_ids
        self.assertEqual(waiting.retry, 1)
        self.assertIn("429", waiting.result)
        # the product is created; "Retry now" imports the kept order and runs the job now
        self.env["product.product"].create(
            {"name": "Payung", "default_code": "PAYUNG-BIRU", "is_storable": True}
        )
        account.action_retry_imports()
        self.assertEqual(failed.state, "imported")
        self.assertEqual(len(self._orders(self.shopee_channel)), 2)
        self.assertLessEqual(waiting.eta, fields.Datetime.now())
        account.invalidate_recordset()
        self.assertEqual(account.import_failed_count, 0)

    def test_oms_user_reads_every_field_but_credentials_and_jobs(self):
        """An OMS user of the account's channel opens the account (the web client
        reads every field it may see): the import counts are there, credentials and
        the import jobs (queue.job, managers only) are not."""
        fake = self._start([shopee_order(1), shopee_order(2, items=UNKNOWN_SKU)])
        account = self._account("shopee", fake.base_url)
        self._pull(account)
        job = account._enqueue_import()
        fake.fail_next(1, status=429, retry_after="7")
        with self.assertRaises(RetryableJobError) as caught:
            job.perform()
        job.postpone(result=str(caught.exception), seconds=caught.exception.seconds)
        job.set_pending(reset_retry=False)
        job.store()
        self.env.flush_all()
        user = new_test_user(
            self.env, login="oms_mkt_reader", groups="oms_omnichannel.group_oms_user"
        )
        user.oms_channel_ids = self.shopee_channel
        [row] = (
            self.env["oms.marketplace.account"]
            .with_user(user)
            .search_read([("id", "=", account.id)])
        )
        self.assertEqual(row["name"], "shopee test shop")
        self.assertEqual(row["import_imported_count"], 1)
        self.assertEqual(row["import_failed_count"], 1)
        self.assertEqual(row["import_retrying_count"], 1)
        self.assertEqual(len(row["import_failed_binding_ids"]), 1)
        for secret in ("partner_key", "access_token", "refresh_token", "auth_state_hash"):
            self.assertNotIn(secret, row)
        self.assertNotIn("import_job_ids", row)
        for value in row.values():
            self.assertNotIn(SHOPEE_TOKEN, str(value))
            self.assertNotIn(SHOPEE["partner_key"], str(value))
        # a manager sees the waiting import job itself
        manager = new_test_user(
            self.env, login="oms_mkt_boss", groups="oms_omnichannel.group_oms_manager"
        )
        [row] = (
            self.env["oms.marketplace.account"]
            .with_user(manager)
            .search_read([("id", "=", account.id)], ["import_job_ids"])
        )
        self.assertEqual(len(row["import_job_ids"]), 1)
