# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Cancel after invoice, on an Indonesian company (l10n_id, IDR, PPN included): the
posted invoice gets its own credit note, reconciled with it, and what the customer
paid is prepared as an outgoing payment for the accountant."""

from odoo import Command
from odoo.tests import TransactionCase, tagged

from .l10n_id_common import IndonesianCompanyCommon


@tagged("post_install", "-at_install")
class TestCancelAfterInvoice(IndonesianCompanyCommon, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setUpIndonesianCompany()
        env = cls.env
        # many similar orders of one customer: the duplicate rule would hold them
        env["exception.rule"].search([("method", "=like", "_oms_rule_%")]).active = False
        cls.batik = cls._idr_stocked_product("Kemeja Batik", 333000, 10)
        cls.prepaid = cls._idr_prepaid_workflow()
        cls.channel = env["oms.channel"].create(
            {
                "name": "Toko Online",
                "code": "IDWEB",
                "channel_type": "web",
                "warehouse_id": cls.wh.id,
                "workflow_process_id": cls.prepaid.id,
            }
        )
        cls.customer = env["res.partner"].create(
            {"name": "Budi Santoso", "email": "budi@example.com", "city": "Jakarta"}
        )

    def _invoiced_order(self, qty=2, paid=True):
        order = self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "channel_id": self.channel.id,
                "warehouse_id": self.wh.id,
                "payment_method": "prepaid",
                "order_line": [
                    Command.create(
                        {"product_id": self.batik.id, "product_uom_qty": qty, "price_unit": 333000}
                    )
                ],
            }
        )
        order.action_confirm()
        invoice = order._create_invoices()
        invoice.action_post()
        self.assertEqual(invoice.currency_id, self.idr)
        # PPN included: 2 x 333 000 = 600 000 + 66 000 PPN
        self.assertAlmostEqual(invoice.amount_total, 333000 * qty)
        if paid:
            self._pay(invoice)
        return order, invoice

    def _refund_payments(self):
        return self.env["account.payment"].search(
            [
                ("partner_id", "=", self.customer.id),
                ("payment_type", "=", "outbound"),
                ("company_id", "=", self.company.id),
            ]
        )

    def _assert_credit_note(self, invoice):
        refund = invoice.reversal_move_ids
        self.assertEqual(len(refund), 1, "one credit note for the invoice")
        self.assertEqual(refund.move_type, "out_refund")
        self.assertEqual(refund.state, "posted")
        self.assertEqual(refund.reversed_entry_id, invoice)
        self.assertAlmostEqual(refund.amount_total, invoice.amount_total)
        self.assertAlmostEqual(refund.amount_tax, invoice.amount_tax)
        return refund

    def test_cancel_paid_order_prepares_draft_refund_payment(self):
        order, invoice = self._invoiced_order()
        self.env["oms.capture"].cancel(order, "Customer cancelled")
        self.assertEqual(order.state, "cancel")
        refund = self._assert_credit_note(invoice)
        # the invoice was paid: the credit note stays open, the money is owed back
        self.assertIn(invoice.payment_state, ("paid", "in_payment"))
        self.assertAlmostEqual(refund.amount_residual, 666000)
        payment = self._refund_payments()
        self.assertEqual(len(payment), 1)
        self.assertEqual(payment.state, "draft", "waiting for the accountant")
        self.assertAlmostEqual(payment.amount, 666000)
        self.assertEqual(payment.currency_id, self.idr)
        self.assertEqual(payment.partner_type, "customer")
        self.assertEqual(payment.invoice_ids, refund, "the payment's source")
        self.assertEqual(payment.journal_id, self.bank_journal)
        self.assertAlmostEqual(self._partner_receivable_balance(self.customer), -666000)
        # nothing is invoiced again
        self.env["automatic.workflow.job"].run()
        self.assertEqual(
            order.invoice_ids.filtered(lambda m: m.move_type == "out_invoice"), invoice
        )
        self.assertEqual(self._refund_payments(), payment)
        # the accountant confirms it: the credit note is settled
        payment.action_post()
        self.assertIn(refund.payment_state, ("in_payment", "paid"))
        self.assertIn(refund, payment.reconciled_invoice_ids)
        self.assertAlmostEqual(self._partner_receivable_balance(self.customer), 0)

    def test_cancel_paid_order_channel_registers_refund(self):
        self.channel.cancel_refund_payment = "register"
        order, invoice = self._invoiced_order(qty=1)
        order.action_cancel()
        refund = self._assert_credit_note(invoice)
        payment = self._refund_payments()
        self.assertEqual(len(payment), 1)
        self.assertNotEqual(payment.state, "draft")
        self.assertAlmostEqual(payment.amount, 333000)
        self.assertIn(refund.payment_state, ("paid", "in_payment"))
        self.assertIn(refund, payment.reconciled_invoice_ids)
        self.assertAlmostEqual(self._partner_receivable_balance(self.customer), 0)

    def test_cancel_unpaid_invoice_credit_note_reconciled(self):
        order, invoice = self._invoiced_order(paid=False)
        order.action_cancel()
        refund = self._assert_credit_note(invoice)
        self.assertEqual(invoice.payment_state, "reversed")
        self.assertTrue(invoice.currency_id.is_zero(invoice.amount_residual))
        self.assertTrue(refund.currency_id.is_zero(refund.amount_residual))
        self.assertFalse(self._refund_payments(), "nothing was paid: nothing to pay back")
        self.assertAlmostEqual(self._partner_receivable_balance(self.customer), 0)
        self.assertTrue(any(refund.name in (m.body or "") for m in order.message_ids))
