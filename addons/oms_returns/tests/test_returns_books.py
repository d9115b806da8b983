# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The books after a return, on an Indonesian company (l10n_id, IDR, PPN included):
one credit note per original invoice, reconciled with it, and nothing invoiced or
paid again by the automatic workflow."""

from odoo.tests import TransactionCase, tagged

from odoo.addons.oms_omnichannel.tests.l10n_id_common import IndonesianCompanyCommon

from .common import ReturnsCommon


@tagged("post_install", "-at_install")
class TestReturnsBooks(IndonesianCompanyCommon, ReturnsCommon, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setUpIndonesianCompany()
        cls.setUpReturns()
        # shop prices include PPN: 111 000 = 100 000 + 11% ; 280 000 = 250 000 + 12%
        cls.kaos.taxes_id = cls.ppn_11
        cls.celana.taxes_id = cls.ppn_12
        cls.prepaid = cls._idr_prepaid_workflow()
        cls.channel.workflow_process_id = cls.prepaid

    def _order(self, lines, paid=True, payment_method="prepaid", workflow=None):
        order = self._make_order(lines, payment_method=payment_method)
        order.workflow_process_id = workflow or self.prepaid
        self.assertEqual(order.currency_id, self.idr)
        if paid:
            self._pay(order.invoice_ids)
        return order

    def _request(self, order, lines):
        action = order.action_create_rma()
        wizard = self.env["sale.order.rma.wizard"].browse(action["res_id"])
        for wiz_line in wizard.line_ids:
            wanted = lines.get(wiz_line.product_id)
            if wanted:
                wiz_line.write({"quantity": wanted[0], "reason_id": self.reason[wanted[1]].id})
            else:
                wiz_line.quantity = 0
        return wizard.create_rma()

    def _payments(self):
        return self.env["account.payment"].search(
            [("partner_id", "=", self.customer.id), ("company_id", "=", self.company.id)]
        )

    def test_returned_goods_are_not_invoiced_again(self):
        order = self._order([(self.kaos, 2, 111000), (self.celana, 1, 280000)])
        invoice = order.invoice_ids
        self.assertEqual(invoice.state, "posted")
        self.assertAlmostEqual(invoice.amount_total, 502000)
        self.assertAlmostEqual(invoice.amount_tax, 22000 + 30000)
        self.assertIn(invoice.payment_state, ("paid", "in_payment"))
        payments = self._payments()
        self.assertEqual(len(payments), 1)

        rma = self._request(order, {self.kaos: (1, "damaged")})
        self._receive_and_restock(rma)
        refund = rma.refund_id
        self.assertEqual(refund.state, "posted")
        self.assertEqual(refund.move_type, "out_refund")
        self.assertEqual(refund.reversed_entry_id, invoice)
        # the returned goods, PPN included
        self.assertAlmostEqual(refund.amount_total, 111000)
        self.assertAlmostEqual(refund.amount_tax, 11000)

        # the scheduled job of the automatic workflow (prepaid: invoice, post, pay)
        self.env["automatic.workflow.job"].run()
        self.assertEqual(
            order.invoice_ids.filtered(lambda m: m.move_type == "out_invoice"),
            invoice,
            "no new invoice for the returned goods",
        )
        self.assertEqual(order.invoice_status, "invoiced")
        self.assertFalse(any(order.order_line.mapped("qty_to_invoice")))
        self.assertEqual(self._payments(), payments, "no payment without a source")
        # the invoice was paid: the customer is owed the credit note, nothing else
        self.assertIn(invoice.payment_state, ("paid", "in_payment"))
        self.assertAlmostEqual(refund.amount_residual, 111000)
        self.assertAlmostEqual(self._partner_receivable_balance(self.customer), -111000)

    def test_return_over_two_orders_one_credit_note_per_invoice(self):
        # bank-transfer orders invoiced by the workflow, not paid yet
        on_terms = self.env["sale.workflow.process"].create(
            {"name": "On terms", "create_invoice": True, "validate_invoice": True}
        )
        order_a, order_b = (
            self._order(lines, paid=False, payment_method="bank_transfer", workflow=on_terms)
            for lines in ([(self.kaos, 2, 111000)], [(self.celana, 1, 280000)])
        )
        invoice_a, invoice_b = order_a.invoice_ids, order_b.invoice_ids
        damaged = self.reason["damaged"].id
        request = self.env["oms.return.request"]._oms_create_from_portal(
            self.customer,
            {
                order_a.order_line.id: (1, damaged),
                order_b.order_line.id: (1, damaged),
            },
        )
        rmas = request.rma_ids
        self.assertEqual(len(rmas), 2)
        self._receive_and_restock(rmas)
        refunds = rmas.refund_id
        self.assertEqual(len(refunds), 2, "one credit note per original invoice")
        refund_a = rmas.filtered(lambda r: r.order_id == order_a).refund_id
        refund_b = rmas.filtered(lambda r: r.order_id == order_b).refund_id
        self.assertEqual(refund_a.reversed_entry_id, invoice_a)
        self.assertEqual(refund_b.reversed_entry_id, invoice_b)
        self.assertEqual(set(refunds.mapped("state")), {"posted"})
        self.assertAlmostEqual(refund_a.amount_total, 111000)
        self.assertAlmostEqual(refund_b.amount_total, 280000)
        # each credit note is reconciled with its own invoice
        for refund, invoice in ((refund_a, invoice_a), (refund_b, invoice_b)):
            receivable = refund.line_ids.filtered(
                lambda aml: aml.account_id.account_type == "asset_receivable"
            )
            self.assertTrue(receivable.reconciled)
            self.assertEqual(
                receivable.matched_debit_ids.debit_move_id.move_id,
                invoice,
                f"{refund.name} is reconciled with {invoice.name} only",
            )
        self.assertAlmostEqual(invoice_a.amount_residual, 111000)
        self.assertEqual(invoice_a.payment_state, "partial")
        self.assertEqual(invoice_b.payment_state, "reversed")

        self.env["automatic.workflow.job"].run()
        for order, invoice in ((order_a, invoice_a), (order_b, invoice_b)):
            self.assertEqual(
                order.invoice_ids.filtered(lambda m: m.move_type == "out_invoice"), invoice
            )
        self.assertFalse(self._payments(), "no payment without a source")
        balance = self._partner_receivable_balance(self.customer)
        outstanding = sum((invoice_a | invoice_b).mapped("amount_residual"))
        self.assertAlmostEqual(balance, outstanding)

    def test_exchange_difference_is_not_paid_by_the_workflow(self):
        premium = self.env["product.product"].create(
            {
                "name": "Kaos Premium XL",
                "is_storable": True,
                "list_price": 166500,
                "invoice_policy": "order",
                "taxes_id": [(6, 0, self.ppn_11.ids)],
            }
        )
        self.env["stock.quant"]._update_available_quantity(premium, self.wh.lot_stock_id, 5)
        order = self._order([(self.kaos, 1, 111000)])
        invoice = order.invoice_ids
        payments = self._payments()
        action = order.action_create_rma()
        wizard = self.env["sale.order.rma.wizard"].browse(action["res_id"])
        wizard.line_ids.write(
            {
                "quantity": 1,
                "reason_id": self.reason["size_fit"].id,
                "exchange_product_id": premium.id,
            }
        )
        rma = wizard.create_rma()
        self._receive_and_restock(rma)
        exchange = rma.exchange_order_id
        difference = rma.exchange_invoice_id
        # 150 000 - 100 000 untaxed, + 11% PPN
        self.assertAlmostEqual(difference.amount_total, 55500)
        self.assertEqual(difference.state, "posted")

        self.env["automatic.workflow.job"].run()
        self.assertEqual(
            order.invoice_ids.filtered(lambda m: m.move_type == "out_invoice"), invoice
        )
        self.assertEqual(
            exchange.invoice_ids.filtered(lambda m: m.move_type == "out_invoice"), difference
        )
        # the customer has not paid the difference yet: nobody may mark it paid
        self.assertEqual(self._payments(), payments, "no payment without a source")
        self.assertEqual(difference.payment_state, "not_paid")
        self.assertNotEqual(exchange.payment_status, "paid")
        self.assertAlmostEqual(self._partner_receivable_balance(self.customer), 55500)

    def test_cheaper_exchange_credits_the_difference_incl_ppn(self):
        basic = self.env["product.product"].create(
            {
                "name": "Kaos Basic",
                "is_storable": True,
                "list_price": 88800,
                "invoice_policy": "order",
                "taxes_id": [(6, 0, self.ppn_11.ids)],
            }
        )
        self.env["stock.quant"]._update_available_quantity(basic, self.wh.lot_stock_id, 5)
        order = self._order([(self.kaos, 1, 111000)])
        invoice = order.invoice_ids
        payments = self._payments()
        action = order.action_create_rma()
        wizard = self.env["sale.order.rma.wizard"].browse(action["res_id"])
        wizard.line_ids.write(
            {
                "quantity": 1,
                "reason_id": self.reason["size_fit"].id,
                "exchange_product_id": basic.id,
            }
        )
        rma = wizard.create_rma()
        self._receive_and_restock(rma)
        self.assertTrue(
            rma.exchange_order_id.currency_id.is_zero(rma.exchange_order_id.amount_total)
        )
        refund = rma.refund_id
        self.assertEqual(refund.state, "posted")
        self.assertEqual(refund.reversed_entry_id, invoice)
        # 111 000 paid - 88 800 for the replacement, PPN included
        self.assertAlmostEqual(refund.amount_total, 22200)
        self.assertAlmostEqual(refund.amount_tax, 2200)

        self.env["automatic.workflow.job"].run()
        self.assertEqual(
            order.invoice_ids.filtered(lambda m: m.move_type == "out_invoice"), invoice
        )
        self.assertEqual(self._payments(), payments, "no payment without a source")
        # the invoice was paid: the customer is owed the difference
        self.assertAlmostEqual(self._partner_receivable_balance(self.customer), -22200)
