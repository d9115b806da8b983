# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Lazada payouts from its Finance API (QueryTransactionDetails,
/finance/transaction/details/get) against a fake Lazada speaking the documented API
(tests/fakes/lazada_finance.py), on an Indonesian company: one settlement per
Lazada statement, imported by the job of the statement's last day; fees booked
exactly on their accounts; an adjustment and a transaction of no order flagged; the
order Lazada has not paid out stays on the clearing; the clearing is at zero once
the payout is matched with its bank line; a statement imported twice writes
nothing; a 5xx retries the day's job; a wrong signature is refused."""

from datetime import UTC, date, datetime, timedelta, timezone

import pytest
import requests

from odoo.tests import TransactionCase, tagged

from odoo.addons.oms_omnichannel.tests.l10n_id_common import IndonesianCompanyCommon
from odoo.addons.queue_job.exception import FailedJobError, RetryableJobError
from odoo.addons.queue_job.tests.common import trap_jobs

from ..tools import lazada
from ..tools.common import PlatformError
from .platform_fakes import load

finance = load("lazada_finance")

WIB = timezone(timedelta(hours=7))
APP = {"app_key": "105827", "app_secret": "lzd-finance-secret", "access_token": "lzd-tok-id"}
DAY = date(2026, 12, 1)
STATEMENT = "25 Nov 2026 - 01 Dec 2026"
PREVIOUS = "18 Nov 2026 - 24 Nov 2026"
ORDER_TOTAL = 666000
COMMISSION = 46620
PAYMENT_FEE = 14652
# Lazada order ids (``order_no`` of the finance rows, ``external_ref`` of the orders)
ORDER_REFS = ("26112500001", "26112500002", "26112500003", "26112500004")


def lazada_order(ref):
    """A GetOrders order (documented fields, see test_tools_lazada.SAMPLE) of two
    batik shirts paid by e-wallet, with its GetOrderItems items, updated just now."""
    recent = (datetime.now(UTC) - timedelta(minutes=10)).astimezone(WIB)
    recent = recent.strftime("%Y-%m-%d %H:%M:%S %z")
    item = {
        "sku": "BATIK-LZ",
        "item_price": "333000.00",
        "paid_price": "333000.00",
        "voucher_amount": "0.00",
        "shipment_provider": "LEX ID",
        "shipping_type": "Dropshipping",
        "currency": "IDR",
        "status": "pending",
    }
    address = {
        "first_name": f"Pembeli {ref}",
        "last_name": "",
        "phone": "6281311112222",
        "address1": "Jl. Sudirman Kav. 1",
        "address3": "DKI Jakarta",
        "address4": "Kota Jakarta Pusat",
        "address5": "Tanah Abang",
        "city": "Kota Jakarta Pusat",
        "post_code": "10220",
        "country": "Indonesia",
    }
    return {
        "order_id": ref,
        "order_number": ref,
        "created_at": recent,
        "updated_at": recent,
        "customer_first_name": "Pembeli",
        "customer_last_name": ref,
        "payment_method": "DANA wallet",
        "price": "666,000.00",
        "shipping_fee": 0,
        "statuses": ["pending", "pending"],
        "address_shipping": address,
        "address_billing": address,
        "order_items": [dict(item, order_item_id=n) for n in (1, 2)],
    }


def transactions():
    """Three orders in the statement closing on DAY (one with two items, one with a
    Lazada adjustment), a fee tied to no order, and the previous statement's
    transaction of a fourth order."""
    t = finance.transaction
    nov = date(2026, 11, 26)
    return [
        # order 1: two items, shipping paid by the seller
        t("26112500001", "Item Price Credit", 333000, nov, STATEMENT, order_item_no="81"),
        t("26112500001", "Item Price Credit", 333000, nov, STATEMENT, order_item_no="82"),
        t(
            "26112500001",
            "Commission",
            -COMMISSION,
            nov,
            STATEMENT,
            transaction_type="Orders-Lazada Fees",
        ),
        t("26112500001", "Payment Fee", -PAYMENT_FEE, nov, STATEMENT, fee_type="13"),
        t("26112500001", "Shipping Fee Paid by Seller", -5000, nov, STATEMENT),
        # order 2: an adjustment in the seller's favour
        t("26112500002", "Item Price Credit", 666000, nov, STATEMENT),
        t("26112500002", "Commission", -COMMISSION, nov, STATEMENT),
        t("26112500002", "Payment Fee", -PAYMENT_FEE, nov, STATEMENT, fee_type="13"),
        t(
            "26112500002",
            "Lost Claim",
            10000,
            DAY,
            STATEMENT,
            transaction_type="Adjustments Others",
        ),
        # order 3: the free shipping programme's fee
        t("26112500003", "Item Price Credit", 666000, date(2026, 11, 28), STATEMENT),
        t("26112500003", "Commission", -COMMISSION, date(2026, 11, 28), STATEMENT),
        t("26112500003", "Payment Fee", -PAYMENT_FEE, date(2026, 11, 28), STATEMENT, fee_type="13"),
        t("26112500003", "Free Shipping Max Fee", -19980, date(2026, 11, 28), STATEMENT),
        # no order: a sponsored-ads top-up taken from the payout
        t("", "Sponsored Discovery Top Up", -50000, DAY, STATEMENT),
        # the previous statement (imported by its own day's job): not in this payout
        t("26112500004", "Item Price Credit", 666000, date(2026, 11, 24), PREVIOUS),
    ]


NET = (
    (ORDER_TOTAL - COMMISSION - PAYMENT_FEE - 5000)
    + (ORDER_TOTAL - COMMISSION - PAYMENT_FEE + 10000)
    + (ORDER_TOTAL - COMMISSION - PAYMENT_FEE - 19980)
    - 50000
)


def _fake(**kwargs):
    return finance.FakeLazadaFinance(
        APP["app_key"],
        APP["app_secret"],
        APP["access_token"],
        transactions=transactions(),
        **kwargs,
    )


def _client(fake, secret=APP["app_secret"]):
    return lazada.LazadaClient(
        fake.base_url_rest, APP["app_key"], secret, APP["access_token"], requests.Session()
    )


# --- the adapter against the fake (no database) ------------------------------------


def test_transactions_are_read_page_by_page_with_offset_and_limit():
    with _fake() as fake:
        rows = lazada.list_transactions(_client(fake), date(2026, 11, 1), DAY, page_size=4)
        calls = [r for r in fake.requests if r.path.endswith("/finance/transaction/details/get")]
    assert len(rows) == 15
    assert len({r["transaction_number"] for r in rows}) == 15
    assert [c.query["offset"] for c in calls] == ["0", "4", "8", "12"]
    assert {c.query["limit"] for c in calls} == {"4"}
    assert {c.method for c in calls} == {"GET"}
    assert calls[0].query["start_time"] == "2026-11-01"
    assert calls[0].query["end_time"] == "2026-12-01"
    assert calls[0].query["sign_method"] == "sha256"


def test_statement_closing_on_a_day_grouped_per_order():
    with _fake() as fake:
        by_statement = lazada.statement_transactions(_client(fake), DAY)
        assert lazada.statement_transactions(_client(fake), DAY - timedelta(days=1)) == {}
    assert list(by_statement) == [STATEMENT]
    entries = {e.reference: e for e in lazada.statement_orders(STATEMENT, by_statement[STATEMENT])}
    assert entries["26112500001"].amounts == {
        "income": 666000,
        "commission": -COMMISSION,
        "payment_fee": -PAYMENT_FEE,
        "shipping": -5000,
    }
    assert entries["26112500002"].amounts["adjustment"] == 10000
    assert entries["26112500003"].amounts["service_fee"] == -19980
    alone = [e for e in entries.values() if not e.order_ref]
    assert len(alone) == 1
    assert alone[0].amounts == {"adjustment": -50000}
    assert alone[0].reference.startswith("Sponsored Discovery Top Up IDLZF-")
    assert "26112500004" not in entries
    assert lazada.statement_period(STATEMENT) == (date(2026, 11, 25), DAY)


def test_statement_longer_than_the_window_is_read_from_its_first_day():
    """A statement starting before the searched window: its first days are read too."""
    with _fake() as fake:
        by_statement = lazada.statement_transactions(_client(fake), DAY, max_days=3)
        calls = [r for r in fake.requests if r.path.endswith("/finance/transaction/details/get")]
    assert [(c.query["start_time"], c.query["end_time"]) for c in calls] == [
        ("2026-11-29", "2026-12-01"),
        ("2026-11-25", "2026-11-28"),
    ]
    assert len(by_statement[STATEMENT]) == 14


def test_payout_statements_by_creation_date():
    statements = [
        {
            "statement_number": "ID1KXR4-20261201",
            "created_at": "2026-12-02 01:10:00",
            "updated_at": "2026-12-02 01:10:00",
            "paid": "0",
            "payout": f"{NET}.00 IDR",
            "opening_balance": "0.00",
        },
        {
            "statement_number": "ID1KXR4-20261124",
            "created_at": "2026-11-25 01:10:00",
            "updated_at": "2026-11-26 09:00:00",
            "paid": "1",
            "payout": "666000.00 IDR",
            "opening_balance": "0.00",
        },
    ]
    with _fake(statements=statements) as fake:
        rows = lazada.list_statements(_client(fake), DAY)
        query = fake.requests[-1].query
        with pytest.raises(PlatformError) as caught:
            _client(fake)._call("GET", lazada.API_PAYOUT_STATUS, {})
    assert query["created_after"] == "2026-12-01"
    assert [r["statement_number"] for r in rows] == ["ID1KXR4-20261201"]
    assert lazada.money(rows[0]["payout"]) == NET
    assert caught.value.code == "MissingParameter"


def test_fake_refuses_wrong_signature_missing_dates_and_oversized_pages():
    with _fake() as fake:
        with pytest.raises(PlatformError) as caught:
            lazada.list_transactions(_client(fake, secret="not-the-secret"), DAY, DAY)
        assert caught.value.code == "IncompleteSignature"
        client = _client(fake)
        with pytest.raises(PlatformError) as caught:
            client._call("GET", lazada.API_TRANSACTIONS, {"end_time": "2026-12-01"})
        assert caught.value.code == "MissingParameter"
        with pytest.raises(PlatformError) as caught:
            lazada.list_transactions(client, date(2026, 1, 1), DAY)
        assert caught.value.code == "1000012"
        with pytest.raises(PlatformError) as caught:
            lazada.list_transactions(client, DAY, DAY, page_size=501)
        assert caught.value.code == "InvalidParameter"
        with pytest.raises(PlatformError) as caught:
            client._call(
                "GET",
                lazada.API_TRANSACTIONS,
                {"start_time": "2026-12-01", "end_time": "2026-12-01", "trans_type": "999"},
            )
        assert caught.value.code == "1000014"


# --- the settlement, posted (database) ----------------------------------------------


@tagged("post_install", "-at_install")
class TestLazadaSettlementApi(IndonesianCompanyCommon, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setUpIndonesianCompany("PT Lazada Nusantara")
        env = cls.env
        env["exception.rule"].search([("method", "=like", "_oms_rule_%")]).active = False
        cls.batik = cls._idr_stocked_product("Kemeja Batik", 333000, 20, default_code="BATIK-LZ")
        cls._idr_marketplace_channel("Lazada", "LZDAPI")
        # the orders come in through the Lazada import (GetOrders/GetOrderItems of the
        # same fake, mapped by the adapter, captured by the capture service)
        with _fake(orders=[lazada_order(ref) for ref in ORDER_REFS]) as fake:
            cls.account = env["oms.marketplace.account"].create(
                {
                    "name": "Lazada API",
                    "platform": "lazada",
                    "channel_id": cls.channel.id,
                    "base_url": fake.base_url_rest,
                    "settlement_sync_date": DAY - timedelta(days=1),
                    **APP,
                }
            )
            cls.account._job_import_orders()
        cls.orders = env["sale.order"].search([("channel_id", "=", cls.channel.id)])
        assert sorted(cls.orders.mapped("external_ref")) == list(ORDER_REFS)
        env["automatic.workflow.job"].run()

    def _account(self, fake, **values):
        self.account.write({"base_url": fake.base_url_rest, **values})
        return self.account

    def _settlements(self):
        return self.env["oms.settlement"].search([("channel_id", "=", self.channel.id)])

    def _moves(self):
        return self.env["account.move"].search_count([("company_id", "=", self.company.id)])

    def test_statement_becomes_one_posted_settlement_matched_with_the_bank(self):
        company = self.company
        self.assertAlmostEqual(self._balance(self.clearing), 4 * ORDER_TOTAL)
        with _fake() as fake:
            account = self._account(fake)
            with trap_jobs() as trap:
                days = account._enqueue_settlement_days(today=DAY + timedelta(days=1))
                self.assertEqual(days, [DAY])
                trap.assert_jobs_count(1, only=account._job_import_settlement_day)
                trap.assert_enqueued_job(
                    account._job_import_settlement_day,
                    args=(DAY.isoformat(),),
                    properties={"identity_key": f"oms-mkt-settlement-{account.id}-2026-12-01"},
                )
                message = trap.enqueued_jobs[0].perform()
            calls = [
                r for r in fake.requests if r.path.endswith("/finance/transaction/details/get")
            ]
            self.assertEqual(len(calls), 1, "one page of at most 500 rows")
            self.assertEqual(calls[0].query["start_time"], "2026-11-01")
            self.assertEqual(calls[0].query["end_time"], "2026-12-01")
            self.assertEqual(calls[0].query["limit"], "500")
            self.assertEqual(calls[0].query["access_token"], APP["access_token"])
        self.assertIn("4 order(s)", message)  # three orders and the fee of no order

        settlement = self._settlements()
        self.assertEqual(len(settlement), 1)
        self.assertEqual(settlement.name, STATEMENT)
        self.assertEqual(settlement.state, "posted")
        self.assertEqual(settlement.date, DAY)
        self.assertAlmostEqual(settlement.amount_net, NET)
        self.assertAlmostEqual(settlement.payout_line_id.balance, NET)
        self.assertEqual(account.settlement_sync_date, DAY)

        # fees booked exactly: the posted journal items of the settlement's entry
        move = settlement.move_id
        self.assertEqual(move.state, "posted")

        def booked(field):
            account_ = company[field]
            return sorted(
                move.line_ids.filtered(lambda aml: aml.account_id == account_).mapped("balance")
            )

        self.assertEqual(booked("oms_commission_account_id"), [COMMISSION] * 3)
        self.assertEqual(booked("oms_payment_fee_account_id"), [PAYMENT_FEE] * 3)
        self.assertEqual(booked("oms_service_fee_account_id"), [19980])
        self.assertEqual(booked("oms_shipping_fee_account_id"), [5000])
        self.assertEqual(booked("oms_adjustment_account_id"), [-10000, 50000])
        self.assertAlmostEqual(self._balance(company.oms_commission_account_id), 3 * COMMISSION)
        self.assertAlmostEqual(self._balance(company.oms_payment_fee_account_id), 3 * PAYMENT_FEE)

        # the adjustment and the transaction of no order are flagged, not written off
        flagged = settlement.line_ids.filtered("difference")
        self.assertEqual(flagged.mapped("difference"), ["adjustment", "adjustment"])
        self.assertEqual(sorted(flagged.mapped("amount")), [-50000, 10000])
        alone = flagged.filtered(lambda line: not line.order_id)
        self.assertTrue(alone.reference.startswith("Sponsored Discovery Top Up"))
        income = settlement.line_ids.filtered(lambda line: line.line_type == "income")
        self.assertEqual(len(income), 3)
        self.assertFalse(income.filtered("difference"), "each order paid in full")

        # the invoices are paid from the clearing, the customers owe nothing more
        settled = self.orders.filtered(lambda o: o.external_ref != "26112500004")
        unpaid = self.orders - settled
        self.assertEqual(set(settled.mapped("oms_settlement_state")), {"settled"})
        self.assertEqual(unpaid.oms_settlement_state, "unsettled")
        self.assertFalse(
            settled._oms_posted_invoices().filtered(lambda m: m.amount_residual),
        )
        self.assertAlmostEqual(self._balance(self.clearing), ORDER_TOTAL + NET)

        # the bank line of the payout arrives: the clearing holds only the order never paid
        st_line = self.env["account.bank.statement.line"].create(
            {
                "journal_id": self.bank_journal.id,
                "date": DAY + timedelta(days=2),
                "payment_ref": f"LAZADA {STATEMENT}",
                "amount": NET,
            }
        )
        settlement.action_match_bank()
        self.assertEqual(settlement.state, "matched")
        self.assertTrue(st_line.is_reconciled)
        self.assertAlmostEqual(self._balance(self.clearing), ORDER_TOTAL)

        # the same day imported again: nothing written
        moves = self._moves()
        with _fake() as fake:
            account.base_url = fake.base_url_rest
            account._job_import_settlement_day(DAY.isoformat())
            self.assertEqual(account._enqueue_settlement_days(today=DAY + timedelta(days=1)), [])
        self.assertEqual(self._settlements(), settlement)
        self.assertEqual(len(settlement.line_ids), 13)
        self.assertEqual(self._moves(), moves)

    def test_server_error_retries_the_day_with_nothing_written(self):
        moves = self._moves()
        with _fake() as fake:
            account = self._account(fake)
            fake.fail_next(1, status=503, retry_after="20")
            with trap_jobs() as trap:
                account._enqueue_settlement_days(today=DAY + timedelta(days=1))
                job = trap.enqueued_jobs[0]
                with self.assertRaises(RetryableJobError):
                    job.perform()
                self.assertFalse(self._settlements())
                self.assertEqual(self._moves(), moves)
                self.assertEqual(account.settlement_sync_date, DAY - timedelta(days=1))
                # the retry gets the answer
                job.perform()
        self.assertAlmostEqual(self._settlements().amount_net, NET)
        self.assertEqual(account.settlement_sync_date, DAY)

    def test_wrong_signature_fails_the_job_with_nothing_written(self):
        moves = self._moves()
        with _fake() as fake:
            account = self._account(fake, app_secret="a-wrong-secret")
            with self.assertRaises(FailedJobError) as caught:
                account._job_import_settlement_day(DAY.isoformat())
            self.assertEqual(len(fake.requests), 1)
        self.assertIn("IncompleteSignature", str(caught.exception))
        self.assertNotIn("a-wrong-secret", str(caught.exception))
        self.assertFalse(self._settlements())
        self.assertEqual(self._moves(), moves)
        self.assertEqual(account.settlement_sync_date, DAY - timedelta(days=1))
