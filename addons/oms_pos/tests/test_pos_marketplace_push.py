# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""A store sale queues a marketplace stock push that publishes the lowered ATP.

oms_marketplace_sync is installed in the test database (scripts/test installs all
OMS addons) but this addon does not depend on it: the sale only calls the generic
hook ``product.product._oms_stock_changed()`` of oms_omnichannel, which the
marketplace addon implements. The fake Shopee is a real HTTP server on 127.0.0.1
(repository folder ``tests/fakes``).
"""

from odoo.tests import TransactionCase, tagged

from odoo.addons.oms_marketplace_sync.tests.common import SHOPEE, SHOPEE_TOKEN, FakeShopee
from odoo.addons.queue_job.tests.common import trap_jobs

from .common import OmsPosFixture


@tagged("post_install", "-at_install")
class TestPosMarketplacePush(OmsPosFixture, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_pos_fixture()

    def _shop(self, fake):
        account = self.env["oms.marketplace.account"].create(
            {
                "name": "Shopee Braga",
                "platform": "shopee",
                "channel_id": self.marketplace.id,
                "base_url": fake.base_url,
                "access_token": SHOPEE_TOKEN,
                **SHOPEE,
            }
        )
        mapping = self.env["oms.marketplace.product"].create(
            {
                "account_id": account.id,
                "product_id": self.tea.id,
                "platform_sku": "TEH-MLT",
                "platform_item_id": "300001",
            }
        )
        account._job_push_stock()
        self.assertEqual(mapping.last_pushed_qty, 30)
        return account, mapping

    def _sell_and_push(self, stock_update, qty):
        with FakeShopee(
            SHOPEE["partner_id"], SHOPEE["partner_key"], SHOPEE["shop_id"], SHOPEE_TOKEN, ()
        ) as fake:
            account, mapping = self._shop(fake)
            session = self._open_session(stock_update)
            with trap_jobs() as trap:
                self._sell(session, [(self.tea, qty)])
                jobs = [
                    job
                    for job in trap.enqueued_jobs
                    if job.method_name == "_job_push_stock_changes" and job.recordset == account
                ]
                self.assertEqual(len(jobs), 1)
                self.assertTrue(mapping.stock_dirty)
                message = jobs[0].perform()
            self.assertIn("1 stock level(s) pushed, 0 unchanged", message)
            self.assertEqual(
                fake.stock_updates[-1],
                {
                    "item_id": 300001,
                    "stock_list": [{"model_id": 0, "seller_stock": [{"stock": 30 - qty}]}],
                },
            )
            self.assertEqual(mapping.last_pushed_qty, 30 - qty)
        return session

    def test_real_time_sale_pushes_lowered_stock(self):
        self._sell_and_push("real", 3)

    def test_closing_sale_pushes_lowered_stock_before_closing(self):
        session = self._sell_and_push("closing", 4)
        self.assertFalse(session.picking_ids)
