# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""TikTok Shop payouts from its Finance API (Get Statements, Get Transactions by
Statement) against a fake TikTok Shop speaking the documented pages
(tests/fakes/tiktok_finance.py), on an Indonesian company: TikTok orders captured
and invoiced, one settlement per statement, fees booked on their accounts, an
adjustment of no order flagged, the order TikTok has not paid out left on the
clearing, a statement imported twice writes nothing, 429/5xx retry the job, a
request with a bad signature is refused."""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
import requests

from odoo.tests import TransactionCase, tagged

from odoo.addons.oms_omnichannel.tests.l10n_id_common import IndonesianCompanyCommon
from odoo.addons.queue_job.exception import FailedJobError, RetryableJobError
from odoo.addons.queue_job.job import Job

from ..tools import tiktok
from ..tools.common import PlatformError
from .common import TIKTOK, TIKTOK_TOKEN, tiktok_order
from .platform_fakes import load

finance = load("tiktok_finance")

DAY = date(2026, 12, 3)
# statements are generated at 00:00 UTC: 07:00 on DAY in Western Indonesia Time
STATEMENT_TIME = int(datetime(2026, 12, 3, 0, 0, tzinfo=UTC).timestamp())
STATEMENT_ID = "7238804564097517339"
# tiktok_order(): 2 x KAOS-M at 70,000 + STIKER 30,000 + shipping 12,000
ORDER_TOTAL = 182000
COMMISSION, TRANSACTION_FEE, SERVICE_FEE = 14560, 3640, 5460
SHIPPING = 12000
SUBSIDY = 5000  # TikTok's shipping subsidy on the second order
PENALTY = -25000  # PLATFORM_PENALTY adjustment of no order
PER_ORDER = ORDER_TOTAL - SHIPPING - COMMISSION - TRANSACTION_FEE - SERVICE_FEE
NET = 3 * PER_ORDER + SUBSIDY + PENALTY


def _order_id(n):
    return tiktok_order(n)["id"]


def _statements():
    """DAY's statement: orders 1-3 with fees, one penalty; order 4 not paid out.
    The next day's statement holds order 4's payout (not DAY's)."""
    txns = [
        finance.order_transaction(
            f"16367000414135992{n}",
            _order_id(n),
            ORDER_TOTAL,
            commission=COMMISSION,
            transaction_fee=TRANSACTION_FEE,
            service_fee=SERVICE_FEE,
            customer_shipping=SHIPPING,
            actual_shipping=SHIPPING,
            shipping_subsidy=SUBSIDY if n == 2 else 0,
            order_create_time=STATEMENT_TIME - 86400 * 3 + n,
        )
        for n in (1, 2, 3)
    ]
    txns.append(
        finance.adjustment_transaction(
            "1636700041413599299", "7238804564097517332", "PLATFORM_PENALTY", PENALTY
        )
    )
    later = finance.order_transaction(
        "1636700041413599304", _order_id(4), ORDER_TOTAL, commission=COMMISSION
    )
    return [
        finance.statement(STATEMENT_ID, STATEMENT_TIME, txns),
        finance.statement("7238804564097517400", STATEMENT_TIME + 86400, [later]),
    ]


@tagged("post_install", "-at_install")
class TestTikTokSettlementApi(IndonesianCompanyCommon, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setUpIndonesianCompany("PT Statement Nusantara")
        env = cls.env
        env["exception.rule"].search([("method", "=like", "_oms_rule_%")]).active = False
        for code, name in (("KAOS-M", "Kaos Polos M"), ("STIKER", "Stiker Pack")):
            cls._idr_stocked_product(name, 1.0, 20, default_code=code)
        cls._idr_marketplace_channel(
            "TikTok Shop", "TTSAPI", duplicate_window_minutes=0, velocity_limit=0
        )
        cls.clearing_journal = cls.channel.oms_clearing_journal_id
        cls.account = env["oms.marketplace.account"].create(
            {
                "name": "TikTok API",
                "platform": "tiktok",
                "channel_id": cls.channel.id,
                "base_url": "http://127.0.0.1:9",
                "access_token": TIKTOK_TOKEN,
                "settlement_sync_date": DAY - timedelta(days=1),
                "page_size": 2,
                **TIKTOK,
            }
        )
        # four prepaid TikTok orders, captured through the account as the order
        # pull does, then confirmed, invoiced and paid into the clearing
        outcome = cls.account._import_orders([tiktok_order(n, cod=False) for n in (1, 2, 3, 4)])
        assert outcome["created"] == 4, outcome
        env["automatic.workflow.job"].run()
        cls.orders = env["sale.order"].search([("channel_id", "=", cls.channel.id)])

    def _fake(self, **kwargs):
        return finance.FakeTikTokFinance(
            TIKTOK["app_key"],
            TIKTOK["app_secret"],
            TIKTOK_TOKEN,
            TIKTOK["shop_cipher"],
            statements=_statements(),
            **kwargs,
        )

    def _settlements(self):
        return self.env["oms.settlement"].search([("channel_id", "=", self.channel.id)])

    def _order(self, n):
        return self.orders.filtered(lambda o: o.external_ref == _order_id(n))

    def _run_day_job(self):
        """Queue DAY's import as the cron does and run the stored job as the
        queue_job runner does (load it from the database, perform it)."""
        days = self.account._enqueue_settlement_days(today=DAY + timedelta(days=1))
        self.assertEqual(days, [DAY])
        jobs = self.env["queue.job"].search(
            [("method_name", "=", "_job_import_settlement_day"), ("state", "=", "pending")]
        )
        jobs = jobs.filtered(lambda job: job.records == self.account)
        self.assertEqual(len(jobs), 1)
        self.assertEqual(jobs.args, [DAY.isoformat()])
        job = Job.load(self.env, jobs.uuid)
        job.set_started()
        result = job.perform()
        job.set_done(result=result)
        job.store()
        return jobs, result

    def test_statement_becomes_one_posted_settlement(self):
        self.assertEqual(len(self.orders), 4)
        self.assertEqual(set(self.orders.mapped("amount_total")), {ORDER_TOTAL})
        invoices = self.orders.invoice_ids
        self.assertEqual(len(invoices), 4)
        self.assertEqual(set(invoices.mapped("state")), {"posted"})
        self.assertAlmostEqual(self._balance(self.clearing), 4 * ORDER_TOTAL)

        with self._fake() as fake:
            self.account.base_url = fake.base_url
            job, message = self._run_day_job()
            self.assertEqual(job.state, "done")
            lists = [r for r in fake.requests if r.path == "/finance/202309/statements"]
            self.assertEqual(len(lists), 1)
            query = lists[0].query
            self.assertEqual(query["sort_field"], "statement_time")
            self.assertEqual(
                int(query["statement_time_ge"]),
                int(datetime(2026, 12, 2, 17, 0, tzinfo=UTC).timestamp()),
                "the seller's day, in Western Indonesia Time",
            )
            self.assertEqual(
                int(query["statement_time_lt"]), int(query["statement_time_ge"]) + 86400
            )
            pages = [r for r in fake.requests if "statement_transactions" in r.path]
            self.assertEqual(
                {r.path for r in pages},
                {f"/finance/202501/statements/{STATEMENT_ID}/statement_transactions"},
            )
            # 4 transactions, 2 a page: the second page asked with the first's token
            self.assertEqual(len(pages), 2)
            self.assertNotIn("page_token", pages[0].query)
            self.assertTrue(pages[1].query["page_token"])
            self.assertEqual({r.query["page_size"] for r in pages}, {"2"})
        self.assertIn("4 order(s)", message)

        settlement = self._settlements()
        self.assertEqual(len(settlement), 1)
        self.assertEqual(settlement.name, STATEMENT_ID)
        self.assertEqual(settlement.identity, f"tiktok_escrow:{self.account.id}:{STATEMENT_ID}")
        self.assertEqual((settlement.state, settlement.date), ("posted", DAY))
        self.assertAlmostEqual(settlement.amount_net, NET)

        # the journal entry, line by line: income out of the clearing per order,
        # fees on the company's settlement accounts, the payout on the clearing
        company = self.company
        move = settlement.move_id
        self.assertEqual(move.state, "posted")
        by_account = {}
        for aml in move.line_ids:
            by_account.setdefault(aml.account_id, []).append(aml.balance)
        expected = {
            company.oms_commission_account_id: [COMMISSION] * 3,
            company.oms_payment_fee_account_id: [TRANSACTION_FEE] * 3,
            company.oms_service_fee_account_id: [SERVICE_FEE] * 3,
            company.oms_shipping_fee_account_id: [SHIPPING, SHIPPING - SUBSIDY, SHIPPING],
            company.oms_adjustment_account_id: [-PENALTY],
            self.clearing: [-ORDER_TOTAL] * 3 + [NET],
        }
        self.assertEqual(
            {acc: sorted(vals) for acc, vals in by_account.items()},
            {acc: sorted(vals) for acc, vals in expected.items()},
        )
        self.assertEqual(settlement.payout_line_id.balance, NET)
        # the paid-out orders' invoices: paid from the clearing, payments matched
        settled = self.orders - self._order(4)
        self.assertEqual(set(settled.invoice_ids.mapped("amount_residual")), {0.0})
        payments = settled.invoice_ids.matched_payment_ids
        self.assertEqual(payments.journal_id, self.clearing_journal)
        income = move.line_ids.filtered(lambda aml: aml.account_id == self.clearing)
        self.assertTrue(all((income - settlement.payout_line_id).mapped("reconciled")))

        # the penalty is of no order: flagged for the accountant, not written off
        flagged = settlement.line_ids.filtered("difference")
        self.assertEqual(flagged.mapped("difference"), ["adjustment"])
        self.assertEqual(flagged.amount, PENALTY)
        self.assertFalse(flagged.order_id)
        self.assertIn("PLATFORM_PENALTY", flagged.reference)
        self.assertEqual(set(settled.mapped("oms_settlement_state")), {"settled"})
        self.assertEqual(self._order(4).oms_settlement_state, "unsettled")
        self.assertEqual(self.account.settlement_sync_date, DAY)

        # the payout reaches the bank: the clearing keeps order 4's money only
        st_line = self.env["account.bank.statement.line"].create(
            {
                "journal_id": self.bank_journal.id,
                "date": DAY + timedelta(days=1),
                "amount": NET,
                "payment_ref": f"TIKTOK PAYOUT {STATEMENT_ID}",
            }
        )
        settlement._oms_match_statement_line(st_line)
        self.assertEqual(settlement.state, "matched")
        self.assertAlmostEqual(self._balance(self.clearing), ORDER_TOTAL)

        # the same day imported again: the statement is found, nothing written
        counts = (
            self.env["account.move"].search_count([("company_id", "=", company.id)]),
            self.env["account.move.line"].search_count([("company_id", "=", company.id)]),
            self.env["oms.settlement.line"].search_count([]),
        )
        with self._fake() as fake:
            self.account.base_url = fake.base_url
            self.account._job_import_settlement_day(DAY.isoformat())
            self.assertTrue(fake.requests)
        self.assertEqual(self._settlements(), settlement)
        self.assertEqual(
            (
                self.env["account.move"].search_count([("company_id", "=", company.id)]),
                self.env["account.move.line"].search_count([("company_id", "=", company.id)]),
                self.env["oms.settlement.line"].search_count([]),
            ),
            counts,
        )
        self.assertAlmostEqual(self._balance(self.clearing), ORDER_TOTAL)

    def test_throttled_and_failing_api_retry_with_nothing_written(self):
        with self._fake() as fake:
            self.account.base_url = fake.base_url
            fake.fail_next(1, status=429, retry_after="30")
            with self.assertRaises(RetryableJobError) as caught:
                self.account._job_import_settlement_day(DAY.isoformat())
            self.assertEqual(caught.exception.seconds, 30)
            # TikTok's internal error (36009003, HTTP 500): retried as well
            fake.fail_next(1, status=500)
            with self.assertRaises(RetryableJobError):
                self.account._job_import_settlement_day(DAY.isoformat())
            self.assertEqual(fake.faults_by_kind, {429: 1, 500: 1})
        self.assertFalse(self._settlements())
        self.assertEqual(self.account.settlement_sync_date, DAY - timedelta(days=1))
        # the platform answers again: the retried job imports the statement
        with self._fake() as fake:
            self.account.base_url = fake.base_url
            self.account._job_import_settlement_day(DAY.isoformat())
        self.assertEqual(self._settlements().name, STATEMENT_ID)

    def test_bad_signature_is_refused_and_nothing_written(self):
        with self._fake() as fake:
            self.account.write({"base_url": fake.base_url, "app_secret": "not-the-secret"})
            with self.assertRaises(FailedJobError) as caught:
                self.account._job_import_settlement_day(DAY.isoformat())
            self.assertIn("106001", str(caught.exception))
            self.assertNotIn("not-the-secret", str(caught.exception))
            self.assertEqual(len(fake.requests), 1)
        self.assertFalse(self._settlements())

    def test_statement_in_another_currency_is_refused(self):
        statements = _statements()
        statements[0]["currency"] = "MYR"
        with self._fake() as fake:
            fake.statements = statements
            self.account.base_url = fake.base_url
            with self.assertRaises(FailedJobError) as caught:
                self.account._job_import_settlement_day(DAY.isoformat())
        self.assertIn("MYR", str(caught.exception))
        self.assertFalse(self._settlements())


# -- the adapter and the fake, without the database ---------------------------------


def _client(fake, secret=TIKTOK["app_secret"]):
    return tiktok.TikTokShopClient(
        fake.base_url,
        TIKTOK["app_key"],
        secret,
        TIKTOK_TOKEN,
        TIKTOK["shop_cipher"],
        requests.Session(),
    )


def _fake():
    return finance.FakeTikTokFinance(
        TIKTOK["app_key"],
        TIKTOK["app_secret"],
        TIKTOK_TOKEN,
        TIKTOK["shop_cipher"],
        statements=_statements(),
    )


def test_order_transaction_amounts_sum_to_its_settlement():
    txn = finance.order_transaction(
        "1",
        "5770",
        ORDER_TOTAL,
        commission=COMMISSION,
        transaction_fee=TRANSACTION_FEE,
        service_fee=SERVICE_FEE,
        customer_shipping=SHIPPING,
        actual_shipping=SHIPPING,
        shipping_subsidy=SUBSIDY,
    )
    amounts = tiktok.transaction_amounts(txn)
    assert amounts == {
        "income": Decimal(ORDER_TOTAL),
        "commission": Decimal(-COMMISSION),
        "payment_fee": Decimal(-TRANSACTION_FEE),
        "service_fee": Decimal(-SERVICE_FEE),
        "shipping": Decimal(SUBSIDY - SHIPPING),
    }
    assert sum(amounts.values()) == Decimal(txn["settlement_amount"])
    # an amount the breakdown does not explain is kept as an adjustment
    txn["settlement_amount"] = str(int(txn["settlement_amount"]) - 700)
    assert tiktok.transaction_amounts(txn)["adjustment"] == Decimal(-700)


def test_adjustment_of_no_order_is_named_by_type_and_id():
    txn = finance.adjustment_transaction("9", "ADJ1", "PLATFORM_PENALTY", -25000)
    assert tiktok.transaction_reference(txn) == "PLATFORM_PENALTY ADJ1"
    assert tiktok.transaction_amounts(txn) == {"adjustment": Decimal(-25000)}
    tied = finance.adjustment_transaction("9", "ADJ2", "SHIPPING_FEE_ADJUSTMENT", 3000, "5770")
    assert tiktok.transaction_reference(tied) == "5770"


def test_statements_and_transactions_are_read_page_by_page():
    since = datetime(2026, 12, 1, tzinfo=UTC)
    until = datetime(2026, 12, 6, tzinfo=UTC)
    with _fake() as fake:
        client = _client(fake)
        statements = tiktok.all_statements(client, since, until, page_size=1)
        assert [s["id"] for s in statements] == [STATEMENT_ID, "7238804564097517400"]
        assert "transactions" not in statements[0]
        txns, total = tiktok.statement_transactions(client, STATEMENT_ID, page_size=3)
        assert len(txns) == 4
        assert total == Decimal(NET)
        rows = tiktok.statement_rows(statements[0], txns, total)
        assert sum(sum(a.values()) for _ref, a in rows) == NET
        # a page lost on the way: the statement does not add up, refused
        with pytest.raises(PlatformError, match="statement_mismatch"):
            tiktok.statement_rows(statements[0], txns[:3], total)
        assert len(fake.requests) == 2 + 2


def test_fake_refuses_bad_signature_and_missing_sort_field():
    with _fake() as fake:
        with pytest.raises(PlatformError) as caught:
            tiktok.list_statements(
                _client(fake, secret="wrong"),
                datetime(2026, 12, 1, tzinfo=UTC),
                datetime(2026, 12, 6, tzinfo=UTC),
            )
        assert caught.value.code == 106001
        assert caught.value.http_status == 401
        client = _client(fake)
        with pytest.raises(PlatformError) as caught:
            client._call("GET", "/finance/202309/statements", query={"page_size": 5})
        assert "sort_field" in caught.value.message
        with pytest.raises(PlatformError) as caught:
            client._call(
                "GET",
                "/finance/202309/statements",
                query={"sort_field": "statement_time", "page_size": 101},
            )
        assert caught.value.http_status == 400
