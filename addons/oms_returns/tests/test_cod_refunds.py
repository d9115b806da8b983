# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""COD returns before the courier's remittance, on an Indonesian company (l10n_id,
IDR, PPN included): the customer paid the courier, so the credit note is a refund to
pay back (it shows in "Refunds to Pay"), not a reduction of the invoice the
remittance will pay."""

from odoo.tests import TransactionCase, tagged

from odoo.addons.oms_omnichannel.tests.l10n_id_common import IndonesianCompanyCommon

from .common import ReturnsCommon


@tagged("post_install", "-at_install")
class TestCodRefunds(IndonesianCompanyCommon, ReturnsCommon, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setUpIndonesianCompany()
        cls.setUpReturns()
        cls.kaos.taxes_id = cls.ppn_11

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

    def test_cod_refund_before_remittance_is_to_pay(self):
        order = self._make_order([(self.kaos, 2, 111000)], payment_method="cod")
        invoice = order.invoice_ids
        self.assertEqual(invoice.state, "posted")
        self.assertEqual(invoice.payment_state, "not_paid")
        self.assertEqual(order.oms_cod_state, "collected")
        self.assertEqual(order.oms_status, "delivered", "awaiting the remittance: not Done")

        rma = self._request(order, {self.kaos: (1, "damaged")})
        self._receive_and_restock(rma)
        refund = rma.refund_id
        self.assertEqual(refund.state, "posted")
        self.assertEqual(refund.reversed_entry_id, invoice)
        self.assertAlmostEqual(refund.amount_total, 111000)
        # not matched against the invoice the courier's remittance pays
        self.assertEqual(refund.payment_state, "not_paid")
        self.assertAlmostEqual(invoice.amount_residual, 222000)
        self.assertTrue(rma.refund_to_pay)
        to_pay = self.env["rma"].search([("refund_to_pay", "=", True)])
        self.assertIn(rma, to_pay, "listed in Refunds to Pay")

        # the courier remits what the customer paid at the door
        order._oms_register_cod_remittance(self.bank_journal)
        self.assertIn(invoice.payment_state, ("paid", "in_payment"))
        self.assertAlmostEqual(invoice.matched_payment_ids.amount, 222000)
        self.assertEqual(order.oms_cod_state, "paid")
        self.assertTrue(rma.refund_to_pay, "the customer is still owed the refund")
        self.assertAlmostEqual(self._partner_receivable_balance(self.customer), -111000)

        # the accountant pays the refund back
        self._pay(refund)
        self.assertIn(refund.payment_state, ("paid", "in_payment"))
        self.assertFalse(rma.refund_to_pay)
        self.assertAlmostEqual(self._partner_receivable_balance(self.customer), 0)
