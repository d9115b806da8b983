# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The automatic workflows shipped as data, on an Indonesian company (l10n_id, IDR,
PPN included), with no workflow record made by hand: prepaid orders are confirmed,
invoiced and paid on the channel's journal; COD orders are invoiced once delivered
and stay "awaiting remittance" (not Done) until the courier's remittance is
registered; B2B orders are invoiced on delivery with their payment terms, unpaid."""

from datetime import timedelta

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import Form, TransactionCase, tagged

from .l10n_id_common import IndonesianCompanyCommon


@tagged("post_install", "-at_install")
class TestShippedWorkflows(IndonesianCompanyCommon, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setUpIndonesianCompany("PT Workflow Nusantara")
        env = cls.env
        # many similar orders of one customer: the duplicate rule would hold them
        env["exception.rule"].search([("method", "=like", "_oms_rule_%")]).active = False
        cls.batik = cls._idr_stocked_product("Kemeja Batik", 333000, 50)
        Journal = env["account.journal"]
        cls.gateway_journal = Journal.create({"name": "Midtrans", "code": "MDT", "type": "bank"})
        cls.ewallet_journal = Journal.create({"name": "GoPay", "code": "GOPAY", "type": "bank"})
        cls.courier_journal = Journal.create(
            {"name": "JNE COD Remittance", "code": "JNECOD", "type": "bank"}
        )
        cls.web = env["oms.channel"].create(
            {
                "name": "Toko Online",
                "code": "WFWEB",
                "channel_type": "web",
                "warehouse_id": cls.wh.id,
                "payment_journal_id": cls.gateway_journal.id,
                "ewallet_journal_id": cls.ewallet_journal.id,
                "cod_journal_id": cls.courier_journal.id,
            }
        )
        cls.b2b = env["oms.channel"].create(
            {"name": "Grosir", "code": "WFB2B", "channel_type": "b2b", "warehouse_id": cls.wh.id}
        )
        cls.customer = env["res.partner"].create(
            {"name": "Budi Santoso", "email": "budi@example.com", "city": "Jakarta"}
        )
        cls.term_30 = env.ref("account.account_payment_term_30days")
        cls.shop = env["res.partner"].create(
            {
                "name": "CV Maju Jaya",
                "is_company": True,
                "city": "Surabaya",
                "property_payment_term_id": cls.term_30.id,
            }
        )

    def _order(self, channel, payment_method, partner=None, qty=2, prepaid=True):
        workflow = channel.workflow_process_id if prepaid else channel.cod_workflow_process_id
        return self.env["sale.order"].create(
            {
                "partner_id": (partner or self.customer).id,
                "channel_id": channel.id,
                "warehouse_id": self.wh.id,
                "payment_method": payment_method,
                "workflow_process_id": workflow.id,
                "order_line": [
                    Command.create(
                        {"product_id": self.batik.id, "product_uom_qty": qty, "price_unit": 333000}
                    )
                ],
            }
        )

    def _run(self):
        self.env["automatic.workflow.job"].run()

    def _invoices(self, order):
        return order.invoice_ids.filtered(lambda m: m.move_type == "out_invoice")

    def test_channel_workflow_defaults_by_type(self):
        prepaid = self.env.ref("oms_omnichannel.oms_workflow_prepaid")
        cod = self.env.ref("oms_omnichannel.oms_workflow_cod")
        b2b = self.env.ref("oms_omnichannel.oms_workflow_b2b")
        self.assertEqual(self.web.workflow_process_id, prepaid)
        self.assertEqual(self.web.cod_workflow_process_id, cod)
        self.assertEqual(self.b2b.workflow_process_id, b2b)
        self.assertEqual(self.b2b.cod_workflow_process_id, b2b)
        self.assertTrue(prepaid.register_payment and prepaid.create_invoice)
        self.assertFalse(cod.register_payment)
        self.assertFalse(b2b.register_payment)
        # still editable
        self.b2b.cod_workflow_process_id = cod
        self.assertEqual(self.b2b.cod_workflow_process_id, cod)
        marketplace = self.env["oms.channel"].create(
            {"name": "Shopee", "code": "WFSHP", "channel_type": "marketplace"}
        )
        self.assertEqual(marketplace.workflow_process_id, prepaid)

    def test_prepaid_order_confirmed_invoiced_paid_on_channel_journal(self):
        order = self._order(self.web, "card")
        ewallet_order = self._order(self.web, "ewallet", qty=1)
        self.assertEqual(order.state, "draft")
        self._run()
        self.assertEqual(order.state, "sale")
        invoice = self._invoices(order)
        self.assertEqual(len(invoice), 1)
        self.assertEqual(invoice.state, "posted")
        self.assertEqual(invoice.currency_id, self.idr)
        self.assertAlmostEqual(invoice.amount_total, 666000, msg="PPN included")
        self.assertIn(invoice.payment_state, ("paid", "in_payment"))
        payment = invoice.matched_payment_ids
        self.assertEqual(len(payment), 1)
        self.assertEqual(payment.journal_id, self.gateway_journal, "the channel's journal")
        self.assertAlmostEqual(payment.amount, 666000)
        self.assertIn(invoice, payment.reconciled_invoice_ids)
        # an e-wallet payment goes to the channel's e-wallet journal
        ewallet_payment = self._invoices(ewallet_order).matched_payment_ids
        self.assertEqual(ewallet_payment.journal_id, self.ewallet_journal)
        self.assertAlmostEqual(self._partner_receivable_balance(self.customer), 0)
        # a second run pays nothing twice
        self._run()
        self.assertEqual(invoice.matched_payment_ids, payment)

    def test_cod_invoiced_at_delivery_done_at_remittance(self):
        order = self._order(self.web, "cod", prepaid=False)
        self._run()
        self.assertEqual(order.state, "sale")
        self.assertEqual(order.oms_cod_state, "unpaid")
        self.assertFalse(order.invoice_ids, "not invoiced before delivery")
        picking = self._ship_order(order)
        self._run()
        self.assertEqual(order.oms_status, "shipped")
        self.assertFalse(order.invoice_ids, "on its way: not invoiced yet")
        with self.assertRaises(UserError):
            order._oms_register_cod_remittance(self.courier_journal)
        picking.action_oms_mark_delivered()
        self.assertEqual(order.oms_cod_state, "collected")
        self._run()
        invoice = self._invoices(order)
        self.assertEqual(invoice.state, "posted")
        self.assertAlmostEqual(invoice.amount_total, 666000)
        self.assertEqual(invoice.payment_state, "not_paid", "no payment without a remittance")
        self.assertFalse(invoice.matched_payment_ids)
        self.assertEqual(order.oms_status, "delivered", "delivered but not settled: not Done")
        self.assertEqual(order.oms_cod_state, "collected")
        self.assertAlmostEqual(self._partner_receivable_balance(self.customer), 666000)
        awaiting = self.env["sale.order"].search([("oms_cod_state", "=", "collected")])
        self.assertIn(order, awaiting)
        # the courier's remittance arrives: registered from the orders' list
        action = order.action_oms_register_cod_remittance()
        wizard = Form(self.env[action["res_model"]].with_context(**action["context"])).save()
        self.assertEqual(wizard.journal_id, self.courier_journal, "the channel's COD journal")
        self.assertAlmostEqual(wizard.amount, 666000)
        wizard.action_apply()
        self.assertIn(invoice.payment_state, ("paid", "in_payment"))
        payment = invoice.matched_payment_ids
        self.assertEqual(payment.journal_id, self.courier_journal)
        self.assertAlmostEqual(payment.amount, 666000)
        self.assertIn(invoice, payment.reconciled_invoice_ids)
        self.assertEqual(order.oms_cod_state, "paid")
        self.assertEqual(order.oms_status, "done")
        self.assertAlmostEqual(self._partner_receivable_balance(self.customer), 0)
        with self.assertRaises(UserError):
            order._oms_register_cod_remittance(self.courier_journal)

    def test_b2b_invoiced_on_delivery_with_terms_unpaid(self):
        order = self._order(self.b2b, "bank_transfer", partner=self.shop, qty=3, prepaid=False)
        self.assertEqual(order.payment_term_id, self.term_30)
        self._run()
        self.assertEqual(order.state, "sale")
        self.assertFalse(order.invoice_ids, "not invoiced before the goods leave")
        self._ship_order(order)
        self._run()
        invoice = self._invoices(order)
        self.assertEqual(len(invoice), 1)
        self.assertEqual(invoice.state, "posted")
        self.assertEqual(invoice.invoice_payment_term_id, self.term_30)
        self.assertEqual(invoice.invoice_date_due, invoice.invoice_date + timedelta(days=30))
        self.assertEqual(invoice.payment_state, "not_paid")
        self.assertFalse(invoice.matched_payment_ids)
        self.assertFalse(
            self.env["account.payment"].search([("partner_id", "=", self.shop.id)]),
            "no payment without a source",
        )
        self.assertAlmostEqual(invoice.amount_total, 999000)
        self.assertAlmostEqual(self._partner_receivable_balance(self.shop), 999000)

    def test_cod_credit_note_before_remittance_stays_to_pay(self):
        """Returned before the courier remitted: the credit note is owed to the customer
        (who paid the courier), not matched against the invoice the remittance pays."""
        order = self._order(self.web, "cod", qty=1, prepaid=False)
        self._run()
        self._ship_order(order).action_oms_mark_delivered()
        self._run()
        invoice = self._invoices(order)
        self.assertEqual(invoice.state, "posted")
        refund = invoice._reverse_moves([{"invoice_date": invoice.invoice_date}])
        refund.action_post()
        self.assertEqual(refund.reversed_entry_id, invoice)
        self.assertEqual(refund.payment_state, "not_paid", "still to pay back")
        self.assertAlmostEqual(invoice.amount_residual, 333000, msg="the remittance pays it all")
        order._oms_register_cod_remittance(self.courier_journal)
        self.assertIn(invoice.payment_state, ("paid", "in_payment"))
        self.assertAlmostEqual(invoice.matched_payment_ids.amount, 333000)
        self.assertAlmostEqual(refund.amount_residual, 333000)
        # the customer is owed the refund
        self.assertAlmostEqual(self._partner_receivable_balance(self.customer), -333000)
        # a prepaid invoice's credit note is still matched against the open invoice
        prepaid_order = self._order(self.web, "card", qty=1)
        prepaid_order.workflow_process_id = self.b2b.workflow_process_id  # no payment
        self._run()
        self._ship_order(prepaid_order)
        self._run()
        prepaid_invoice = self._invoices(prepaid_order)
        prepaid_refund = prepaid_invoice._reverse_moves(
            [{"invoice_date": prepaid_invoice.invoice_date}]
        )
        prepaid_refund.action_post()
        self.assertIn(prepaid_refund.payment_state, ("paid", "reversed"))
        self.assertAlmostEqual(prepaid_invoice.amount_residual, 0)

    def test_new_channel_registers_payments_without_setup(self):
        """No journal chosen: the channel ships with the company's bank journal as its
        payment journal and a COD remittance journal (made once per company)."""
        channel = self.env["oms.channel"].create(
            {
                "name": "Toko Baru",
                "code": "WFNEW",
                "channel_type": "web",
                "warehouse_id": self.wh.id,
            }
        )
        self.assertEqual(channel.payment_journal_id, self.bank_journal)
        # the payment methods without a journal of their own use the payment journal
        self.assertFalse(channel.card_journal_id)
        self.assertEqual(channel._oms_payment_journal("card"), self.bank_journal)
        cod_journal = channel.cod_journal_id
        self.assertEqual(cod_journal.code, "CODR")
        self.assertEqual(cod_journal.type, "bank")
        self.assertEqual(cod_journal.company_id, self.company)
        self.assertTrue(cod_journal.default_account_id, "its own liquidity account")
        other = self.env["oms.channel"].create(
            {"name": "Shopee", "code": "WFNEW2", "channel_type": "marketplace"}
        )
        self.assertEqual(other.cod_journal_id, cod_journal, "one COD journal per company")
        # a chosen journal is kept
        self.assertEqual(self.web.payment_journal_id, self.gateway_journal)

        order = self._order(channel, "bank_transfer", qty=1)
        self._run()
        payment = self._invoices(order).matched_payment_ids
        self.assertEqual(payment.journal_id, self.bank_journal)
        self.assertAlmostEqual(payment.amount, 333000)

        cod = self._order(channel, "cod", qty=1, prepaid=False)
        self._run()
        self._ship_order(cod).action_oms_mark_delivered()
        self._run()
        action = cod.action_oms_register_cod_remittance()
        wizard = Form(self.env[action["res_model"]].with_context(**action["context"])).save()
        self.assertEqual(wizard.journal_id, cod_journal)
        wizard.action_apply()
        self.assertEqual(cod.oms_cod_state, "paid")
        self.assertEqual(self._invoices(cod).matched_payment_ids.journal_id, cod_journal)
        self.assertAlmostEqual(self._partner_receivable_balance(self.customer), 0)
