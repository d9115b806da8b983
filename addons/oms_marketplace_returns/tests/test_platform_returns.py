# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Returns and refunds pulled from the platforms' after-sales APIs, on an
Indonesian company (l10n_id, IDR, PPN included): the return request, the posted
credit note of the platform's refund (amount to the rupiah, reconciled with the
original invoice) and the stock.

The fakes (``tests/fakes/returns.py``) answer as the platforms' documentation
says; the returns below are shaped after the documented responses."""

from odoo.tests import TransactionCase, tagged

from odoo.addons.oms_marketplace_sync.tests.common import SHOPEE, SHOPEE_TOKEN, now
from odoo.addons.oms_marketplace_sync.tests.platform_fakes import load
from odoo.addons.oms_omnichannel.tests.l10n_id_common import IndonesianCompanyCommon
from odoo.addons.oms_returns.tests.common import ReturnsCommon
from odoo.addons.queue_job.exception import RetryableJobError
from odoo.addons.queue_job.tests.common import trap_jobs

fakes = load("returns")


def shopee_return(n, order_sn, status, update_time, items, refund_amount, **extra):
    """A ``v2.returns.get_return_list`` row (Shopee Open Platform, returns)."""
    row = {
        "image": [],
        "reason": "ITEM_DAMAGED",
        "text_reason": "Jahitan robek",
        "return_sn": f"2412RET{n:05d}",
        "refund_amount": refund_amount,
        "currency": "IDR",
        "create_time": update_time - 3600,
        "update_time": update_time,
        "status": status,
        "due_date": update_time + 3 * 86400,
        "tracking_number": "",
        "dispute_reason": [],
        "dispute_text_reason": [],
        "needs_logistics": True,
        "amount_before_discount": refund_amount,
        "user": {"username": "budi_s", "email": "b***@gmail.com", "portrait": ""},
        "item": [
            {
                "model_id": model_id,
                "name": name,
                "images": [],
                "amount": qty,
                "item_price": price,
                "is_add_on_deal": False,
                "is_main_item": False,
                "add_on_deal_id": 0,
                "item_id": item_id,
                "item_sku": sku,
                "variation_sku": "",
            }
            for item_id, model_id, name, sku, qty, price in items
        ],
        "order_sn": order_sn,
        "return_ship_due_date": update_time + 7 * 86400,
        "return_seller_due_date": update_time + 10 * 86400,
        "negotiation_status": "TERMINATED",
        "seller_proof_status": "NOT_NEEDED",
        "seller_compensation_status": "NOT_REQUIRED",
    }
    row.update(extra)
    return row


@tagged("post_install", "-at_install")
class TestPlatformReturns(IndonesianCompanyCommon, ReturnsCommon, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setUpIndonesianCompany()
        cls.setUpReturns()
        # shop prices include PPN: 111 000 = 100 000 + 11% ; 280 000 = 250 000 + 12%
        cls.kaos.taxes_id = cls.ppn_11
        cls.celana.taxes_id = cls.ppn_12
        cls.channel.write({"channel_type": "marketplace", "code": "SHOPEEID"})
        cls.kaos_row = (100001, 200001, "Kaos Polos", "KAOS-01", 1, 111000)
        cls.celana_row = (100002, 0, "Celana Jeans", "JEANS-01", 1, 280000)

    def _shopee(self, returns=()):
        fake = fakes.FakeShopeeReturns(
            SHOPEE["partner_id"],
            SHOPEE["partner_key"],
            SHOPEE["shop_id"],
            SHOPEE_TOKEN,
            returns=returns,
        )
        fake.__enter__()
        self.addCleanup(fake.__exit__, None, None, None)
        account = self.env["oms.marketplace.account"].create(
            {
                "name": "Shopee returns shop",
                "platform": "shopee",
                "channel_id": self.channel.id,
                "base_url": fake.base_url,
                "initial_import_days": 7,
                "access_token": SHOPEE_TOKEN,
                **SHOPEE,
            }
        )
        return fake, account

    def _marketplace_order(self, lines, order_sn):
        """A delivered Shopee order, invoiced (posted) and not paid out yet by the
        platform: the marketplace pays the seller after the return window."""
        order = self._make_order(lines)
        order.external_ref = order_sn
        return order

    def _pull(self, account):
        with trap_jobs() as trap:
            message = account._job_import_returns()
            self.assertFalse(
                [j for j in trap.enqueued_jobs if j.method_name == "_job_import_returns"],
                "one page",
            )
        return message

    def _bindings(self, account):
        return self.env["oms.marketplace.return"].search([("account_id", "=", account.id)])

    def _credit_notes(self, order):
        return self.env["account.move"].search(
            [("move_type", "=", "out_refund"), ("reversed_entry_id", "in", order.invoice_ids.ids)]
        )

    def _assert_reconciled(self, refund, invoice):
        receivable = refund.line_ids.filtered(
            lambda aml: aml.account_id.account_type == "asset_receivable"
        )
        self.assertTrue(receivable.reconciled)
        self.assertEqual(receivable.matched_debit_ids.debit_move_id.move_id, invoice)

    def test_shopee_return_followed_to_its_refund(self):
        order = self._marketplace_order(
            [(self.kaos, 2, 111000), (self.celana, 1, 280000)], "241204SHP0001"
        )
        invoice = order.invoice_ids
        self.assertAlmostEqual(invoice.amount_total, 502000)
        start = now() - 300
        row = shopee_return(1, order.external_ref, "REQUESTED", start, [self.kaos_row], 111000)
        fake, account = self._shopee([row])

        # the buyer asks to return one T-shirt: a return request of one line
        self._pull(account)
        binding = self._bindings(account)
        self.assertEqual(len(binding), 1)
        request = binding.return_request_id
        self.assertEqual(request.order_ids, order)
        self.assertEqual(request.channel_id, self.channel)
        self.assertEqual(
            [(r.product_id, r.product_uom_qty, r.reason_id.code) for r in request.rma_ids],
            [(self.kaos, 1, "damaged")],
        )
        self.assertEqual(binding.status, "requested")
        self.assertFalse(self._credit_notes(order))
        list_calls = [r for r in fake.requests if r.path == "/api/v2/returns/get_return_list"]
        self.assertEqual(list_calls[0].query["page_no"], "0")
        self.assertTrue(account.return_sync_date)

        # the platform accepts, the buyer ships the parcel back
        row.update(status="PROCESSING", tracking_number="SPXID0412345", update_time=start + 20)
        self._pull(account)
        rma = request.rma_ids
        self.assertEqual(request.state, "approved")
        self.assertEqual(rma.return_label, "SPXID0412345")
        self.assertFalse(self._credit_notes(order))

        # the parcel arrives: the warehouse validates the reception
        before = self._free_qty(self.kaos)
        self._receive(rma)
        self.assertEqual(self._free_qty(self.kaos), before + 1)
        self.assertFalse(rma.can_be_refunded, "the platform's refund makes the credit note")

        # the platform refunds the buyer: the credit note of its amount, posted,
        # reconciled with the original invoice
        row.update(status="REFUND_PAID", update_time=start + 40)
        self._pull(account)
        refund = self._credit_notes(order)
        self.assertEqual(len(refund), 1)
        self.assertEqual(refund.state, "posted")
        self.assertEqual(binding.refund_id, refund)
        self.assertAlmostEqual(refund.amount_total, 111000)
        self.assertAlmostEqual(refund.amount_tax, 11000)
        self.assertEqual(refund.invoice_line_ids.product_id, self.kaos)
        self._assert_reconciled(refund, invoice)
        self.assertAlmostEqual(invoice.amount_residual, 502000 - 111000)
        self.assertEqual(rma.refund_id, refund)
        self.assertEqual(rma.state, "refunded")
        self.assertEqual(request.state, "done")

        # the same return pulled again changes nothing
        self._pull(account)
        row.update(update_time=start + 40)
        account.return_sync_date = False
        self._pull(account)
        self.assertEqual(self._bindings(account), binding)
        self.assertEqual(self._credit_notes(order), refund)
        requests = self.env["oms.return.request"].search([("order_ids", "=", order.id)])
        self.assertEqual(requests, request)
        self.assertEqual(self._free_qty(self.kaos), before + 1)

    def test_shopee_refund_without_goods_back(self):
        """The buyer keeps the damaged jeans and gets half back: a posted credit
        note of exactly the platform's amount, no reception, stock unchanged."""
        order = self._marketplace_order([(self.celana, 1, 280000)], "241204SHP0002")
        invoice = order.invoice_ids
        before = self._free_qty(self.celana)
        row = shopee_return(
            2,
            order.external_ref,
            "REFUND_PAID",
            now() - 200,
            [self.celana_row],
            140000,
            needs_logistics=False,
        )
        _fake, account = self._shopee([row])
        self._pull(account)
        binding = self._bindings(account)
        self.assertEqual(binding.state, "done", binding.error_message)
        self.assertFalse(binding.goods_back)
        rma = binding.return_request_id.rma_ids
        self.assertEqual(len(rma), 1)
        self.assertFalse(rma.reception_move_id, "no goods come back")
        self.assertEqual(rma.state, "refunded")
        refund = self._credit_notes(order)
        self.assertEqual(refund.state, "posted")
        self.assertAlmostEqual(refund.amount_total, 140000)
        # PPN 12% of the 140 000 refunded, tax included
        self.assertAlmostEqual(refund.amount_tax, 15000)
        self._assert_reconciled(refund, invoice)
        self.assertAlmostEqual(invoice.amount_residual, 140000)
        self.assertEqual(self._free_qty(self.celana), before)
        self.assertFalse(
            self.env["stock.picking"].search([("origin", "ilike", rma.name)]),
            "no receipt",
        )

    def test_shopee_return_cancelled_by_the_buyer(self):
        order = self._marketplace_order([(self.kaos, 1, 111000)], "241204SHP0003")
        start = now() - 200
        row = shopee_return(3, order.external_ref, "REQUESTED", start, [self.kaos_row], 111000)
        _fake, account = self._shopee([row])
        self._pull(account)
        request = self._bindings(account).return_request_id
        receipt = request.rma_ids.reception_move_id.picking_id
        row.update(status="CANCELLED", update_time=start + 20)
        self._pull(account)
        self.assertEqual(request.state, "cancelled")
        self.assertEqual(set(receipt.mapped("state")) or {"cancel"}, {"cancel"})
        self.assertFalse(self._credit_notes(order))

    def test_return_of_an_order_not_imported_is_kept_and_retried(self):
        row = shopee_return(4, "241204SHP0004", "REQUESTED", now() - 100, [self.kaos_row], 111000)
        _fake, account = self._shopee([row])
        self._pull(account)
        binding = self._bindings(account)
        self.assertEqual(binding.state, "error")
        self.assertIn("241204SHP0004", binding.error_message)
        failures = account.log_ids.filtered(lambda log: log.status == "failed")
        self.assertEqual(len(failures), 1)
        self._pull(account)  # still no order: retried without a new log line
        self.assertEqual(account.log_ids.filtered(lambda log: log.status == "failed"), failures)
        order = self._marketplace_order([(self.kaos, 1, 111000)], "241204SHP0004")
        # the next pull retries it
        self._pull(account)
        self.assertEqual(binding.state, "done")
        self.assertEqual(binding.return_request_id.order_ids, order)
        binding.action_retry()  # by hand: nothing more
        self.assertEqual(len(binding.return_request_id), 1)

    def test_scheduled_pull_queues_one_job_per_account(self):
        _fake, account = self._shopee()
        self.env["oms.marketplace.account"]._cron_import_returns()
        self.env["oms.marketplace.account"]._cron_import_returns()
        jobs = (
            self.env["queue.job"]
            .search([("method_name", "=", "_job_import_returns"), ("records", "!=", False)])
            .filtered(lambda j: j.records == account)
        )
        self.assertEqual(len(jobs), 1)
        self.assertEqual(jobs.identity_key, f"oms-mkt-returns-{account.id}")
        self.assertEqual(jobs.channel, "root.marketplace")

    def test_pull_pages_and_retries_like_the_order_pulls(self):
        """One page per job: the next page is queued with the platform's cursor; a
        429 retries the page after the platform's Retry-After."""
        orders = [
            self._marketplace_order([(self.kaos, 1, 111000)], f"241204SHP001{n}") for n in (1, 2)
        ]
        start = now() - 300
        rows = [
            shopee_return(
                10 + n, order.external_ref, "REQUESTED", start + n, [self.kaos_row], 111000
            )
            for n, order in enumerate(orders)
        ]
        fake, account = self._shopee(rows)
        account.page_size = 1
        fake.fail_next(1, status=429, retry_after="7")
        with self.assertRaises(RetryableJobError) as caught:
            account._job_import_returns()
        self.assertEqual(caught.exception.seconds, 7)
        self.assertFalse(self._bindings(account))
        with trap_jobs() as trap:
            account._job_import_returns()
            pages = [j for j in trap.enqueued_jobs if j.method_name == "_job_import_returns"]
            self.assertEqual(len(pages), 1)
            self.assertEqual(pages[0].kwargs["cursor"], "1")
            self.assertEqual(pages[0].kwargs["page"], 2)
            self.assertFalse(account.return_sync_date, "moved on by the last page only")
            trap.enqueued_jobs = []
            pages[0].perform()
            self.assertFalse(
                [j for j in trap.enqueued_jobs if j.method_name == "_job_import_returns"]
            )
        self.assertTrue(account.return_sync_date)
        self.assertEqual(self._bindings(account).return_request_id.order_ids, orders[0] | orders[1])

    def test_return_reported_by_the_order_feed_is_not_recorded_twice(self):
        """The order feed's ``TO_RETURN`` made the order's return request first; the
        returns pull then links the platform return to it."""
        order = self._marketplace_order([(self.kaos, 1, 111000)], "241204SHP0020")
        row = shopee_return(
            20, order.external_ref, "REQUESTED", now() - 100, [self.kaos_row], 111000
        )
        _fake, account = self._shopee([row])
        first = self.env["oms.return.request"].oms_create_return(
            self.channel,
            {
                "channel": self.channel.code,
                "external_ref": order.external_ref,
                "return_reference": account._platform_return_reference(order),
                "lines": [{"sku": "KAOS-01", "quantity": 1, "reason": "changed_mind"}],
            },
        )
        self._pull(account)
        self.assertEqual(self._bindings(account).return_request_id, first)
        self.assertEqual(
            self.env["oms.return.request"].search([("order_ids", "=", order.id)]), first
        )
