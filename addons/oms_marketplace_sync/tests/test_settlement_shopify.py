# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Shopify Payments payouts from the Admin REST API (``shopify_payments/payouts.json``
and ``shopify_payments/balance/transactions.json``) against a fake Shopify speaking
the documented resources (tests/fakes/shopify_finance.py), on an Indonesian
company: orders imported through the fake, one settlement per payout, charges on
their orders, Shopify's fees on the payment fee account, a refund and an adjustment
flagged (booked, never written off), a payout imported twice writes nothing, a 429
retries the day's job."""

import functools
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from odoo.tests import TransactionCase, tagged

from odoo.addons.oms_omnichannel.tests.l10n_id_common import IndonesianCompanyCommon
from odoo.addons.queue_job.exception import RetryableJobError
from odoo.addons.queue_job.tests.common import trap_jobs

from ..tools import shopify
from .platform_fakes import load

finance = load("shopify_finance")

TOKEN = "shpat_finance_token"
DAY = date(2026, 12, 3)
PAYOUT_ID = 623721858
# Shopify order ids of the three orders, and their totals (tax included)
ORDER_A, ORDER_B, ORDER_C = 5500000101, 5500000102, 5500000103
TOTAL_A, TOTAL_B, TOTAL_C = 500000, 300000, 200000
FEE_A, FEE_B, REFUND_B, REFUND_FEE_B, ADJUSTMENT = 14500, 8700, -50000, -1450, -10000
NET = (TOTAL_A - FEE_A) + (TOTAL_B - FEE_B) + (REFUND_B - REFUND_FEE_B) + ADJUSTMENT


def shopify_order(order_id, quantity, price):
    """A paid Shopify Payments order in the Admin REST Order resource's shape."""
    updated = (datetime.now(UTC) - timedelta(minutes=5)).isoformat(timespec="seconds")
    total = f"{quantity * price:.2f}"
    return {
        "id": order_id,
        "name": f"#{order_id % 10000}",
        "email": f"pembeli{order_id % 1000}@example.co.id",
        "created_at": "2026-11-28T09:30:00+07:00",
        "updated_at": updated,
        "currency": "IDR",
        "financial_status": "paid",
        "fulfillment_status": None,
        "cancelled_at": None,
        "gateway": "shopify_payments",
        "payment_gateway_names": ["shopify_payments"],
        "taxes_included": True,
        "total_price": total,
        "current_total_price": total,
        "customer": {"first_name": "Sari", "last_name": f"Pembeli {order_id % 1000}"},
        "shipping_address": {
            "name": f"Sari Pembeli {order_id % 1000}",
            "address1": "Jl. Asia Afrika 8",
            "city": "Bandung",
            "province": "Jawa Barat",
            "zip": "40111",
            "country_code": "ID",
            "phone": "+6281311112222",
        },
        "line_items": [
            {
                "id": order_id * 10,
                "sku": "TENUN-01",
                "variant_id": 808950810,
                "quantity": quantity,
                "price": f"{price:.2f}",
                "total_discount": "0.00",
                "discount_allocations": [],
                "tax_lines": [],
            }
        ],
        "shipping_lines": [],
    }


@tagged("post_install", "-at_install")
class TestShopifyPayouts(IndonesianCompanyCommon, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setUpIndonesianCompany("PT Tenun Payout")
        cls.env["exception.rule"].search([("method", "=like", "_oms_rule_%")]).active = False
        cls.tenun = cls._idr_stocked_product("Kain Tenun", 100000, 50, default_code="TENUN-01")
        cls._idr_marketplace_channel(
            "Shopify", "SHOPIFYPAY", duplicate_window_minutes=0, velocity_limit=0
        )

    def _fake(self):
        fake = finance.FakeShopifyFinance(
            TOKEN,
            orders=[
                shopify_order(ORDER_A, 2, 250000),
                shopify_order(ORDER_B, 1, 300000),
                shopify_order(ORDER_C, 1, 200000),
            ],
        )
        tx = finance.transaction
        fake.add_payout(
            PAYOUT_ID,
            DAY.isoformat(),
            [
                tx(9001, "charge", TOTAL_A, FEE_A, source_order_id=ORDER_A),
                tx(9002, "charge", TOTAL_B, FEE_B, source_order_id=ORDER_B),
                tx(9003, "refund", REFUND_B, REFUND_FEE_B, source_order_id=ORDER_B),
                tx(9004, "adjustment", ADJUSTMENT, source_type="adjustment"),
            ],
        )
        # the next day's payout (ORDER_C): not in DAY's import
        fake.add_payout(
            PAYOUT_ID + 100,
            (DAY + timedelta(days=1)).isoformat(),
            [tx(9101, "charge", TOTAL_C, 5800, source_order_id=ORDER_C)],
        )
        return fake

    def _account(self, fake):
        account = self.env["oms.marketplace.account"].create(
            {
                "name": "Shopify Tenun",
                "platform": "shopify",
                "channel_id": self.channel.id,
                "base_url": fake.base_url,
                "access_token": TOKEN,
                "settlement_sync_date": DAY - timedelta(days=1),
            }
        )
        account._job_import_orders()
        self.env["automatic.workflow.job"].run()
        return account

    def _orders(self):
        orders = self.env["sale.order"].search([("channel_id", "=", self.channel.id)])
        return {int(order.external_ref): order for order in orders}

    def test_payout_becomes_one_posted_settlement(self):
        with self._fake() as fake:
            account = self._account(fake)
            orders = self._orders()
            self.assertEqual(set(orders), {ORDER_A, ORDER_B, ORDER_C})
            self.assertEqual(
                [orders[o].amount_total for o in (ORDER_A, ORDER_B, ORDER_C)],
                [TOTAL_A, TOTAL_B, TOTAL_C],
            )
            # the orders are invoiced and paid from the channel's clearing
            self.assertAlmostEqual(self._balance(self.clearing), TOTAL_A + TOTAL_B + TOTAL_C)
            with trap_jobs() as trap:
                days = account._enqueue_settlement_days(today=DAY + timedelta(days=1))
                self.assertEqual(days, [DAY])
                trap.assert_jobs_count(1, only=account._job_import_settlement_day)
                message = trap.enqueued_jobs[0].perform()
            calls = [r for r in fake.requests if "/shopify_payments/" in r.path]
            self.assertEqual(
                [(r.path.rsplit("/", 1)[-1], r.query) for r in calls],
                [
                    (
                        "payouts.json",
                        {"limit": "250", "date_min": "2026-12-03", "date_max": "2026-12-03"},
                    ),
                    ("transactions.json", {"limit": "250", "payout_id": str(PAYOUT_ID)}),
                ],
            )
            self.assertTrue(all(r.headers.get("x-shopify-access-token") == TOKEN for r in calls))
        self.assertIn("settlement Shopify 623721858", message)
        settlement = self.env["oms.settlement"].search([("channel_id", "=", self.channel.id)])
        self.assertEqual(settlement.name, f"Shopify {PAYOUT_ID}")
        self.assertEqual(settlement.state, "posted")
        self.assertEqual(settlement.date, DAY)
        self.assertAlmostEqual(settlement.amount_net, NET)
        self.assertAlmostEqual(settlement.payout_line_id.balance, NET)

        # the settlement's lines, exact: orders' income, Shopify's fee, refund, adjustment
        lines = [
            (line.reference, line.order_id, line.line_type, line.amount, line.difference)
            for line in settlement.line_ids
        ]
        a, b = orders[ORDER_A], orders[ORDER_B]
        no_order = self.env["sale.order"]
        self.assertEqual(
            lines,
            [
                (str(ORDER_A), a, "income", TOTAL_A, False),
                (str(ORDER_A), a, "payment_fee", -FEE_A, False),
                (str(ORDER_B), b, "income", TOTAL_B + REFUND_B, "short"),
                (str(ORDER_B), b, "payment_fee", -FEE_B - REFUND_FEE_B, False),
                ("adjustment 9004", no_order, "adjustment", ADJUSTMENT, "adjustment"),
            ],
        )
        # the order a binding names is the one paid out
        binding = self.env["oms.marketplace.order"].search(
            [("account_id", "=", account.id), ("platform_order_ref", "=", str(ORDER_A))]
        )
        self.assertEqual(binding.sale_order_id, a)

        # the journal entry: fees on the payment fee account, the adjustment booked
        # on the adjustment account, the net payout back on the clearing
        company = self.company
        move = settlement.move_id
        self.assertEqual(move.state, "posted")
        self.assertAlmostEqual(
            self._balance(company.oms_payment_fee_account_id), FEE_A + FEE_B + REFUND_FEE_B
        )
        self.assertAlmostEqual(self._balance(company.oms_adjustment_account_id), -ADJUSTMENT)
        self.assertAlmostEqual(sum(move.line_ids.mapped("balance")), 0)

        # the bank line of the payout matched: the clearing holds exactly the order
        # not paid out (C) and the refund flagged on B (its invoice was not credited)
        st_line = self.env["account.bank.statement.line"].create(
            {
                "journal_id": self.bank_journal.id,
                "date": DAY + timedelta(days=1),
                "payment_ref": f"SHOPIFY PAYOUT {PAYOUT_ID}",
                "amount": NET,
            }
        )
        settlement.action_match_bank()
        self.assertEqual(settlement.state, "matched")
        self.assertTrue(st_line.is_reconciled)
        self.assertAlmostEqual(self._balance(self.clearing), TOTAL_C - REFUND_B)
        self.assertEqual(a.oms_settlement_state, "settled")
        self.assertEqual(b.oms_settlement_state, "difference")
        self.assertEqual(orders[ORDER_C].oms_settlement_state, "unsettled")
        self.assertAlmostEqual(a.oms_net_revenue, TOTAL_A - FEE_A)
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
        self.assertEqual(len(settlement.line_ids), 5)

    def test_throttled_day_retries_with_nothing_written(self):
        with self._fake() as fake:
            account = self._account(fake)
            fake.fail_next(1, status=429, retry_after="30")
            with self.assertRaises(RetryableJobError) as caught:
                account._job_import_settlement_day(DAY.isoformat())
            self.assertEqual(caught.exception.seconds, 30)
            self.assertFalse(
                self.env["oms.settlement"].search([("channel_id", "=", self.channel.id)])
            )
            self.assertEqual(account.settlement_sync_date, DAY - timedelta(days=1))
            # the retry imports the day
            account._job_import_settlement_day(DAY.isoformat())
        self.assertEqual(
            self.env["oms.settlement"].search([("channel_id", "=", self.channel.id)]).name,
            f"Shopify {PAYOUT_ID}",
        )

    def test_scheduled_payout_waits_and_failed_payout_is_left_out(self):
        with self._fake() as fake:
            account = self._account(fake)
            fake.payouts[0]["status"] = "scheduled"
            with self.assertRaises(RetryableJobError):
                account._job_import_settlement_day(DAY.isoformat())
            fake.payouts[0]["status"] = "failed"
            account._job_import_settlement_day(DAY.isoformat())
        self.assertFalse(self.env["oms.settlement"].search([("channel_id", "=", self.channel.id)]))
        self.assertEqual(account.settlement_sync_date, DAY)


def test_payout_rows_follow_the_documented_sample():
    """The documented sample's kinds: a refund of an order charged in the same payout
    nets its income, a refund of an order paid out before and every other type are
    adjustments, the ``payout`` transfer is the payout itself; the rows add up to the
    payout's amount (what they do not explain is an adjustment)."""
    tx = finance.transaction
    transactions = [
        tx(1, "charge", "11.50", "0.63", source_order_id=625362839),
        tx(2, "refund", "-2.00", "0.00", source_order_id=625362839),
        tx(3, "refund", "-3.45", "0.00", source_order_id=217130470),
        tx(4, "adjustment", "-1.50", "-0.25"),
        tx(5, "dispute", "-100.00", "15.00", source_order_id=625362839),
        tx(6, "payout", "-95.42", "0.00"),
    ]
    payout = {"id": 623721858, "amount": "-110.82"}
    rows = shopify.payout_rows(payout, transactions)
    assert rows == [
        ("625362839", {"income": Decimal("9.50"), "payment_fee": Decimal("-0.63")}),
        ("217130470", {"adjustment": Decimal("-3.45")}),
        ("adjustment 4", {"adjustment": Decimal("-1.50"), "payment_fee": Decimal("0.25")}),
        ("625362839", {"adjustment": Decimal("-100.00"), "payment_fee": Decimal("-15.00")}),
        ("unexplained payout 623721858", {"adjustment": Decimal("0.01")}),
    ]


def test_balance_transactions_follow_link_pages():
    fake = finance.FakeShopifyFinance(TOKEN)
    fake.add_payout(
        700, "2026-12-03", [finance.transaction(n, "charge", 1000, 30) for n in range(1, 6)]
    )
    with fake:
        client = shopify.ShopifyClient(fake.base_url, TOKEN)
        fetch = functools.partial(shopify.list_balance_transactions, limit=2)
        rows = shopify.all_pages(fetch, client, 700)
        assert sorted(t["id"] for t in rows) == [1, 2, 3, 4, 5, 701]
        pages = [r.query for r in fake.requests]
        assert pages[0] == {"limit": "2", "payout_id": "700"}
        assert set(pages[1]) == {"limit", "page_info"}
        assert len(pages) == 3
        payouts, cursor = shopify.list_payouts(client, date(2026, 12, 1), date(2026, 12, 3))
        assert [p["id"] for p in payouts] == [700] and cursor is None
        assert shopify.get_payout(client, 700)["amount"] == "4850.00"
        client.access_token = "wrong"
        try:
            shopify.get_payout(client, 700)
        except shopify.PlatformError as error:
            assert error.http_status == 401
        else:  # pragma: no cover
            raise AssertionError("a wrong token must be refused")
