# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Shopee payouts from its finance API (v2.payment.get_escrow_list and
get_escrow_detail) against a fake Shopee speaking the documented Payment module
(tests/fakes/shopee_finance.py), on an Indonesian company: one settlement per day
of released escrows, fees on their accounts, the order not released stays on the
clearing, a day imported twice writes nothing, a 429 retries the day's job."""

from datetime import UTC, date, datetime, timedelta, timezone

from odoo import Command
from odoo.tests import TransactionCase, tagged

from odoo.addons.oms_omnichannel.tests.l10n_id_common import IndonesianCompanyCommon
from odoo.addons.queue_job.exception import RetryableJobError
from odoo.addons.queue_job.tests.common import trap_jobs

from .common import SHOPEE, SHOPEE_TOKEN
from .platform_fakes import load

finance = load("shopee_finance")

WIB = timezone(timedelta(hours=7))
DAY = date(2026, 12, 3)
ORDER_TOTAL = 666000


def released(hour):
    """An escrow release time on DAY (WIB), as epoch seconds."""
    return int(datetime(2026, 12, 3, hour, 0, tzinfo=WIB).timestamp())


@tagged("post_install", "-at_install")
class TestShopeeSettlementApi(IndonesianCompanyCommon, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setUpIndonesianCompany("PT Escrow Nusantara")
        env = cls.env
        env["exception.rule"].search([("method", "=like", "_oms_rule_%")]).active = False
        cls.batik = cls._idr_stocked_product("Kemeja Batik", 333000, 20)
        cls._idr_marketplace_channel("Shopee", "SHPAPI")
        cls.orders = env["sale.order"].create(
            [
                {
                    "partner_id": env["res.partner"].create({"name": f"Pembeli {n}"}).id,
                    "channel_id": cls.channel.id,
                    "external_ref": f"241203SHP{n}",
                    "warehouse_id": cls.wh.id,
                    "payment_method": "ewallet",
                    "workflow_process_id": cls.channel.workflow_process_id.id,
                    "order_line": [
                        Command.create(
                            {"product_id": cls.batik.id, "product_uom_qty": 2, "price_unit": 333000}
                        )
                    ],
                }
                for n in (1, 2, 3)
            ]
        )
        env["automatic.workflow.job"].run()

    def _fake(self):
        escrows = [
            finance.escrow(
                "241203SHP1",
                released(10),
                ORDER_TOTAL,
                commission_fee=53280,
                service_fee=26640,
                seller_transaction_fee=13320,
            ),
            finance.escrow(
                "241203SHP2",
                released(15),
                ORDER_TOTAL,
                commission_fee=53280,
                service_fee=26640,
                seller_transaction_fee=13320,
                escrow_tax=5000,
            ),
            # released the next day: not in DAY's payout
            finance.escrow("241203SHP3", released(10) + 86400, ORDER_TOTAL, commission_fee=53280),
        ]
        return finance.FakeShopeeFinance(
            SHOPEE["partner_id"],
            SHOPEE["partner_key"],
            SHOPEE["shop_id"],
            SHOPEE_TOKEN,
            escrows=escrows,
        )

    def _account(self, base_url):
        return self.env["oms.marketplace.account"].create(
            {
                "name": "Shopee API",
                "platform": "shopee",
                "channel_id": self.channel.id,
                "base_url": base_url,
                "access_token": SHOPEE_TOKEN,
                "settlement_sync_date": DAY - timedelta(days=1),
                **SHOPEE,
            }
        )

    def test_day_of_escrows_becomes_one_posted_settlement(self):
        self.assertAlmostEqual(self._balance(self.clearing), 3 * ORDER_TOTAL)
        with self._fake() as fake:
            account = self._account(fake.base_url)
            with trap_jobs() as trap:
                days = account._enqueue_settlement_days(today=DAY + timedelta(days=1))
                self.assertEqual(days, [DAY])
                trap.assert_jobs_count(1, only=account._job_import_settlement_day)
                message = trap.enqueued_jobs[0].perform()
            list_calls = [r for r in fake.requests if r.path.endswith("get_escrow_list")]
            self.assertEqual(len(list_calls), 1)
            query = list_calls[0].query
            self.assertEqual(
                int(query["release_time_from"]),
                int(datetime(2026, 12, 2, 17, 0, tzinfo=UTC).timestamp()),
                "the seller's day, in Western Indonesia Time",
            )
            self.assertEqual(query["page_no"], "1")
            details = [
                r.query["order_sn"] for r in fake.requests if r.path.endswith("get_escrow_detail")
            ]
            self.assertEqual(sorted(details), ["241203SHP1", "241203SHP2"])
        self.assertIn("2 order(s)", message)
        settlement = self.env["oms.settlement"].search([("channel_id", "=", self.channel.id)])
        self.assertEqual(settlement.name, "Shopee API 2026-12-03")
        self.assertEqual(settlement.state, "posted")
        self.assertEqual(settlement.date, DAY)
        net = 2 * (ORDER_TOTAL - 53280 - 26640 - 13320) - 5000
        self.assertAlmostEqual(settlement.amount_net, net)
        self.assertAlmostEqual(settlement.payout_line_id.balance, net)
        company = self.company
        self.assertAlmostEqual(self._balance(company.oms_commission_account_id), 2 * 53280)
        self.assertAlmostEqual(self._balance(company.oms_service_fee_account_id), 2 * 26640)
        self.assertAlmostEqual(self._balance(company.oms_payment_fee_account_id), 2 * 13320)
        # the escrow tax is not a fee the formula names a type for: flagged adjustment
        flagged = settlement.line_ids.filtered("difference")
        self.assertEqual(flagged.mapped("difference"), ["adjustment"])
        self.assertAlmostEqual(flagged.amount, -5000)
        # the payout is on the clearing, to be matched with the bank; order 3 waits
        self.assertAlmostEqual(self._balance(self.clearing), ORDER_TOTAL + net)
        third = self.orders.filtered(lambda o: o.external_ref == "241203SHP3")
        self.assertEqual(third.oms_settlement_state, "unsettled")
        self.assertEqual(set((self.orders - third).mapped("oms_settlement_state")), {"settled"})
        self.assertEqual(account.settlement_sync_date, DAY)

        # the same day imported again: nothing written
        moves = self.env["account.move"].search_count([("company_id", "=", company.id)])
        with self._fake() as fake:
            account.base_url = fake.base_url
            account._job_import_settlement_day(DAY.isoformat())
        self.assertEqual(
            self.env["oms.settlement"].search([("channel_id", "=", self.channel.id)]),
            settlement,
        )
        self.assertEqual(
            self.env["account.move"].search_count([("company_id", "=", company.id)]), moves
        )

    def test_throttled_day_retries_with_nothing_written(self):
        with self._fake() as fake:
            account = self._account(fake.base_url)
            fake.fail_next(1, status=429, retry_after="30")
            with self.assertRaises(RetryableJobError) as caught:
                account._job_import_settlement_day(DAY.isoformat())
            self.assertEqual(caught.exception.seconds, 30)
        self.assertFalse(self.env["oms.settlement"].search([("channel_id", "=", self.channel.id)]))
        self.assertEqual(account.settlement_sync_date, DAY - timedelta(days=1))
