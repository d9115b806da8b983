# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""TikTok Shop after-sales, Lazada reverse orders, Shopify and WooCommerce refunds,
pulled from fakes answering as each platform's documentation says, on the
Indonesian company: return requests, posted credit notes of the platform's
refunded amount reconciled with the original invoice, and stock."""

from datetime import UTC, datetime

from odoo.tests import TransactionCase, tagged

from odoo.addons.oms_marketplace_sync.tests.common import TIKTOK, TIKTOK_TOKEN, now
from odoo.addons.oms_marketplace_sync.tests.platform_fakes import load
from odoo.addons.queue_job.tests.common import trap_jobs

from .common import MarketplaceReturnsCommon

fakes = load("returns")


def iso(epoch):
    return datetime.fromtimestamp(epoch, UTC).strftime("%Y-%m-%dT%H:%M:%S")


@tagged("post_install", "-at_install")
class TestPlatformRefunds(MarketplaceReturnsCommon, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setUpMarketplaceReturns(
            {
                "tiktok": "TIKTOKID",
                "lazada": "LAZADAID",
                "shopify": "SHOPIFYID",
                "woocommerce": "WOOID",
            }
        )

    def _start(self, platform, fake, creds):
        return super()._start(platform, fake, creds, initial_import_days=7)

    def _order(self, platform, lines, ref, delivery_fee=0):
        order = self._make_order(lines, delivery_fee=delivery_fee)
        order.write({"channel_id": self.channels[platform].id, "external_ref": ref})
        self.invoice = order.invoice_ids
        self.assertEqual(len(self.invoice), 1)
        return order

    def _pull(self, account):
        with trap_jobs():
            return account._job_import_returns()

    def _assert_reconciled(self, refund, invoice):
        self.assertEqual(refund.state, "posted")
        receivable = refund.line_ids.filtered(
            lambda aml: aml.account_id.account_type == "asset_receivable"
        )
        self.assertTrue(receivable.reconciled)
        self.assertEqual(receivable.matched_debit_ids.debit_move_id.move_id, invoice)

    def test_tiktok_refund_only_after_sale(self):
        """Search Returns 202309: a REFUND (no goods back) of two T-shirts (two
        ``return_line_items``, one per unit), completed."""
        order = self._order("tiktok", [(self.kaos, 2, 111000)], "576461413038785752")
        before = self._free_qty(self.kaos)
        row = {
            "return_id": "4035318504086851",
            "order_id": order.external_ref,
            "return_type": "REFUND",
            "return_status": "RETURN_OR_REFUND_REQUEST_COMPLETE",
            "arbitration_status": "CLOSED",
            "role": "BUYER",
            "return_reason": "ecom_order_delivered_refund_and_return_reason_damaged_item",
            "return_reason_text": "Item arrived damaged",
            "shipment_type": "",
            "handover_method": "",
            "return_tracking_number": "",
            "return_provider_name": "",
            "can_buyer_keep_item": True,
            "create_time": now() - 3600,
            "update_time": now() - 100,
            "return_line_items": [
                {
                    "return_line_item_id": f"403531850408685{n}",
                    "order_line_item_id": f"57646141303878575{n}",
                    "sku_id": "1729582718312380123",
                    "sku_name": "M",
                    "product_name": "Kaos Polos",
                    "seller_sku": "KAOS-01",
                    "refund_amount": {
                        "currency": "IDR",
                        "refund_total": "111000",
                        "refund_subtotal": "111000",
                        "refund_shipping_fee": "0",
                        "refund_tax": "0",
                    },
                }
                for n in (1, 2)
            ],
            "refund_amount": {
                "currency": "IDR",
                "refund_total": "222000",
                "refund_subtotal": "222000",
                "refund_shipping_fee": "0",
                "refund_tax": "0",
            },
        }
        fake = fakes.FakeTikTokShopReturns(
            TIKTOK["app_key"],
            TIKTOK["app_secret"],
            TIKTOK_TOKEN,
            TIKTOK["shop_cipher"],
            returns=[row],
        )
        account = self._start("tiktok", fake, dict(TIKTOK, access_token=TIKTOK_TOKEN))
        self._pull(account)
        binding = self._binding(account)
        self.assertEqual(binding.state, "done", binding.error_message)
        self.assertEqual(binding.status, "refunded")
        rma = binding.return_request_id.rma_ids
        self.assertEqual([(r.product_id, r.product_uom_qty) for r in rma], [(self.kaos, 2)])
        self.assertEqual(rma.reason_id.code, "damaged")
        self.assertFalse(rma.reception_move_id)
        refund = self._credit_notes(order)
        self.assertAlmostEqual(refund.amount_total, 222000)
        self.assertAlmostEqual(refund.amount_tax, 22000)
        self._assert_reconciled(refund, self.invoice)
        self.assertAlmostEqual(self.invoice.amount_residual, 0)
        self.assertEqual(self.invoice.payment_state, "reversed")
        self.assertEqual(self._free_qty(self.kaos), before)
        search = [r for r in fake.requests if r.path.endswith("/returns/search")]
        self.assertEqual(search[0].query["sort_field"], "update_time")
        self.assertIn("update_time_ge", search[0].json())
        # pulled again: nothing new
        self._pull(account)
        self.assertEqual(self._credit_notes(order), refund)
        self.assertEqual(self._binding(account), binding)

    def test_lazada_reverse_order_refunded_before_the_parcel_arrives(self):
        """GetReverseOrdersForSeller: a RETURN whose refund (cents) is issued while
        the parcel travels; the reception, later, changes no money."""
        order = self._order(
            "lazada", [(self.kaos, 1, 111000), (self.celana, 1, 280000)], "391204223345678"
        )
        modified = now() - 200
        line = {
            "reverse_order_line_id": 663790000102006,
            "trade_order_line_id": 391204223445678,
            "reverse_status": "REQUEST_INITIATE",
            "ofc_status": "",
            "product": {"product_id": 3390012, "product_sku": "3390012_ID-1240010"},
            "buyer": {"buyer_id": 100112802006},
            "trade_order_gmt_create": (modified - 86400) * 1000,
            "refund_amount": 28000000,
            "reason_text": "Wrong size",
            "reason_code": 10000021,
            "refund_payment_method": "LAZADA_WALLET",
            "return_order_line_gmt_create": (modified - 600) * 1000,
            "return_order_line_gmt_modified": modified * 1000,
            "is_dispute": False,
            "seller_sku_id": "JEANS-01",
            "item_unit_price": 28000000,
            "platform_sku_id": "1240010",
            "tracking_number": "",
            "reverse_order_line_id_str": "663790000102006",
        }
        reverse = {
            "reverse_order_id": 658960600102006,
            "trade_order_id": int(order.external_ref),
            "request_type": "RETURN",
            "is_rtm": True,
            "shipping_type": "DROP_OFF",
            "reverse_order_lines": [line],
        }
        fake = fakes.FakeLazadaReturns(
            "lzd-key", "lzd-secret", "lzd-token", reverse_orders=[reverse]
        )
        account = self._start(
            "lazada",
            fake,
            {"app_key": "lzd-key", "app_secret": "lzd-secret", "access_token": "lzd-token"},
        )
        self._pull(account)
        binding = self._binding(account)
        self.assertEqual(binding.state, "done", binding.error_message)
        request = binding.return_request_id
        rma = request.rma_ids
        self.assertEqual(rma.product_id, self.celana)
        self.assertEqual(rma.reason_id.code, "size_fit")
        self.assertEqual(rma.state, "draft", "no policy on this channel: waits for approval")

        line.update(
            reverse_status="REFUND_SUCCESS",
            tracking_number="LXAD-1234567",
            return_order_line_gmt_modified=(modified + 30) * 1000,
        )
        self._pull(account)
        self.assertEqual(rma.state, "confirmed")
        self.assertEqual(rma.return_label, "LXAD-1234567")
        refund = self._credit_notes(order)
        self.assertAlmostEqual(refund.amount_total, 280000)
        self.assertAlmostEqual(refund.amount_tax, 30000)
        self._assert_reconciled(refund, self.invoice)
        self.assertAlmostEqual(self.invoice.amount_residual, 111000)
        self.assertEqual(rma.refund_id, refund)

        before = self._free_qty(self.celana)
        picking = rma.reception_move_id.picking_id
        for move in picking.move_ids:
            move.quantity = move.product_uom_qty
        picking.move_ids.picked = True
        picking.button_validate()
        self.assertEqual(self._free_qty(self.celana), before + 1)
        self.assertEqual(rma.state, "refunded")
        self.assertFalse(rma.can_be_refunded)
        self.assertEqual(self._credit_notes(order), refund)

    def test_shopify_refund_with_shipping(self):
        """Order ``refunds[]``: one T-shirt returned (``restock_type`` return) and
        the shipping fee, in one successful refund transaction."""
        order = self._order("shopify", [(self.kaos, 2, 111000)], "450789469", delivery_fee=12000)
        invoice = order.invoice_ids
        self.assertAlmostEqual(invoice.amount_total, 234000)
        updated = now() - 100
        shopify_order = {
            "id": 450789469,
            "name": "#1001",
            "updated_at": iso(updated) + "+00:00",
            "financial_status": "partially_refunded",
            "refunds": [
                {
                    "id": 509562969,
                    "order_id": 450789469,
                    "created_at": iso(updated) + "+00:00",
                    "processed_at": iso(updated) + "+00:00",
                    "note": "wrong size",
                    "restock": True,
                    "user_id": 548380009,
                    "refund_line_items": [
                        {
                            "id": 104689539,
                            "line_item_id": 703073504,
                            "quantity": 1,
                            "restock_type": "return",
                            "location_id": 487838322,
                            "subtotal": 111000.0,
                            "total_tax": 11000.0,
                            "line_item": {
                                "id": 703073504,
                                "variant_id": 457924702,
                                "product_id": 632910392,
                                "sku": "KAOS-01",
                                "quantity": 2,
                                "price": "111000.00",
                            },
                        }
                    ],
                    "transactions": [
                        {
                            "id": 179259969,
                            "order_id": 450789469,
                            "kind": "refund",
                            "gateway": "bogus",
                            "status": "success",
                            "amount": "123000.00",
                            "currency": "IDR",
                        }
                    ],
                    "order_adjustments": [
                        {
                            "id": 3330969,
                            "kind": "shipping_refund",
                            "amount": "-12000.00",
                            "tax_amount": "0.00",
                        }
                    ],
                }
            ],
        }
        fake = fakes.FakeShopifyReturns("shpat-token", orders=[shopify_order])
        account = self._start("shopify", fake, {"access_token": "shpat-token"})
        self._pull(account)
        binding = self._binding(account)
        self.assertEqual(binding.state, "done", binding.error_message)
        self.assertTrue(binding.goods_back)
        rma = binding.return_request_id.rma_ids
        self.assertEqual(rma.product_uom_qty, 1)
        self.assertTrue(rma.reception_move_id, "the T-shirt comes back")
        refund = self._credit_notes(order)
        self.assertAlmostEqual(refund.amount_total, 123000)
        self.assertAlmostEqual(refund.amount_tax, 11000)
        self.assertEqual(
            refund.invoice_line_ids.mapped("product_id"), self.kaos | self.delivery_product
        )
        self._assert_reconciled(refund, invoice)
        self.assertAlmostEqual(invoice.amount_residual, 111000)
        calls = [r for r in fake.requests if r.path.endswith("/orders.json")]
        self.assertEqual(calls[0].query["fields"], "id,refunds")

    def test_shopify_refunds_create_webhook_records_the_refund(self):
        """The ``refunds/create`` webhook body is the Refund resource: recorded by a
        job of its own (besides the order pull), once per delivery."""
        order = self._order("shopify", [(self.kaos, 1, 111000)], "450789470")
        fake = fakes.FakeShopifyReturns("shpat-token", orders=[])
        account = self._start("shopify", fake, {"access_token": "shpat-token"})
        body = {
            "id": 509562970,
            "order_id": 450789470,
            "created_at": iso(now() - 60) + "+00:00",
            "processed_at": iso(now() - 60) + "+00:00",
            "note": "",
            "refund_line_items": [
                {
                    "id": 104689540,
                    "line_item_id": 703073505,
                    "quantity": 1,
                    "restock_type": "no_restock",
                    "line_item": {"id": 703073505, "sku": "KAOS-01", "quantity": 1},
                }
            ],
            "transactions": [
                {"kind": "refund", "status": "success", "amount": "111000.00", "currency": "IDR"},
                {"kind": "refund", "status": "failure", "amount": "111000.00", "currency": "IDR"},
            ],
        }
        with trap_jobs() as trap:
            account._enqueue_webhook(body, "d1g3st", topic="refunds/create")
            jobs = [j for j in trap.enqueued_jobs if j.method_name == "_job_import_return_payload"]
            self.assertEqual(len(jobs), 1)
            self.assertEqual(jobs[0].identity_key, f"oms-mkt-refund-{account.id}-d1g3st")
            self.assertIn("_job_import_orders", [j.method_name for j in trap.enqueued_jobs])
            jobs[0].perform()
            jobs[0].perform()  # a replayed delivery
        binding = self._binding(account)
        self.assertEqual(len(binding), 1)
        self.assertFalse(binding.goods_back, "no_restock: the buyer keeps the item")
        refund = self._credit_notes(order)
        self.assertEqual(len(refund), 1)
        self.assertAlmostEqual(refund.amount_total, 111000, msg="failed transactions are not money")
        self._assert_reconciled(refund, self.invoice)
        self.assertFalse(binding.return_request_id.rma_ids.reception_move_id)

    def test_woocommerce_refund_of_an_amount(self):
        """``GET /wc/v3/refunds``: a goodwill refund of an amount, no line items."""
        order = self._order("woocommerce", [(self.celana, 1, 280000)], "727")
        created = now() - 100
        refund_row = {
            "id": 726,
            "parent_id": 727,
            "date_created": iso(created + 7 * 3600),
            "date_created_gmt": iso(created),
            "amount": "50000.00",
            "reason": "Late delivery voucher",
            "refunded_by": 1,
            "refunded_payment": False,
            "meta_data": [],
            "line_items": [],
            "shipping_lines": [],
            "tax_lines": [],
            "fee_lines": [],
        }
        fake = fakes.FakeWooCommerceReturns("ck_test", "cs_test", refunds=[refund_row])
        account = self._start(
            "woocommerce", fake, {"consumer_key": "ck_test", "consumer_secret": "cs_test"}
        )
        self._pull(account)
        binding = self._binding(account)
        self.assertEqual(binding.state, "done", binding.error_message)
        self.assertEqual(binding.sale_order_id, order)
        self.assertFalse(binding.return_request_id, "no goods, no return request")
        refund = binding.refund_id
        self.assertAlmostEqual(refund.amount_total, 50000)
        self._assert_reconciled(refund, self.invoice)
        self.assertAlmostEqual(self.invoice.amount_residual, 230000)
        calls = [r for r in fake.requests if r.path.endswith("/refunds")]
        self.assertEqual(calls[0].query["dates_are_gmt"], "true")
