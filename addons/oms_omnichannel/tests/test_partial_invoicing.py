# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Partly shipped orders invoiced on delivery, by the channel's setting, on an
Indonesian company (l10n_id, IDR, PPN): per shipment (B2B by default: the invoice
travels with the goods) or once fully shipped; either way for what was delivered,
and a cancelled backorder is never invoiced. The automatic workflow's job does the
invoicing; the test reads the posted invoices."""

from odoo import Command
from odoo.tests import Form, TransactionCase, tagged

from .l10n_id_common import IndonesianCompanyCommon


@tagged("post_install", "-at_install")
class TestPartialInvoicing(IndonesianCompanyCommon, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setUpIndonesianCompany("PT Grosir Nusantara")
        env = cls.env
        env["exception.rule"].search([("method", "=like", "_oms_rule_%")]).active = False
        # PPN added to B2B prices, as the chart ships it
        cls.ppn_11.price_include_override = "tax_excluded"
        cls.kaos = env["product.product"].create(
            {
                "name": "Kaos Polos",
                "is_storable": True,
                "list_price": 100000,
                "invoice_policy": "order",
                "taxes_id": [Command.set(cls.ppn_11.ids)],
            }
        )
        env["stock.quant"]._update_available_quantity(cls.kaos, cls.wh.lot_stock_id, 100)
        cls.b2b = env["oms.channel"].create(
            {"name": "Grosir", "code": "PIB2B", "channel_type": "b2b", "warehouse_id": cls.wh.id}
        )
        cls.shop = env["res.partner"].create(
            {
                "name": "CV Maju Jaya",
                "is_company": True,
                "property_payment_term_id": env.ref("account.account_payment_term_30days").id,
            }
        )

    def _order(self, qty=10):
        order = self.env["sale.order"].create(
            {
                "partner_id": self.shop.id,
                "channel_id": self.b2b.id,
                "warehouse_id": self.wh.id,
                "payment_method": "bank_transfer",
                "workflow_process_id": self.b2b.workflow_process_id.id,
                "order_line": [
                    Command.create(
                        {"product_id": self.kaos.id, "product_uom_qty": qty, "price_unit": 100000}
                    )
                ],
            }
        )
        self.env["automatic.workflow.job"].run()
        self.assertEqual(order.state, "sale")
        return order

    def _ship(self, order, qty, backorder=True):
        picking = order.picking_ids.filtered(
            lambda p: p.oms_is_customer_delivery and p.state not in ("done", "cancel")
        )
        picking.move_ids.quantity = qty
        picking.move_ids.picked = True
        res = picking.button_validate()
        if isinstance(res, dict):
            wizard = Form.from_action(self.env, res).save()
            if backorder:
                wizard.process()
            else:
                wizard.process_cancel_backorder()
        self.env["automatic.workflow.job"].run()

    def _invoices(self, order):
        return order.invoice_ids.filtered(
            lambda m: m.move_type == "out_invoice" and m.state == "posted"
        ).sorted("id")

    def test_defaults_by_channel_type(self):
        self.assertEqual(self.b2b.shipment_invoicing, "per_shipment")
        for channel_type in ("web", "marketplace", "social"):
            channel = self.env["oms.channel"].create(
                {"name": channel_type, "code": f"PI{channel_type}", "channel_type": channel_type}
            )
            self.assertEqual(channel.shipment_invoicing, "complete", channel_type)

    def test_per_shipment_invoices_what_each_shipment_delivered(self):
        order = self._order()
        self._ship(order, 4)
        self.assertEqual(order.oms_status, "partially_shipped")
        first = self._invoices(order)
        self.assertEqual(len(first), 1, "the first shipment is invoiced")
        self.assertEqual(first.invoice_line_ids.quantity, 4)
        self.assertAlmostEqual(first.amount_untaxed, 400000)
        self.assertAlmostEqual(first.amount_total, 444000, msg="PPN 11% on top for B2B")
        self.assertEqual(first.invoice_payment_term_id, self.shop.property_payment_term_id)
        self.assertEqual(first.payment_state, "not_paid")
        # the job runs again: nothing more is invoiced before the rest ships
        self.env["automatic.workflow.job"].run()
        self.assertEqual(self._invoices(order), first)
        self._ship(order, 6)
        invoices = self._invoices(order)
        self.assertEqual(len(invoices), 2)
        second = invoices - first
        self.assertEqual(second.invoice_line_ids.quantity, 6)
        self.assertAlmostEqual(second.amount_total, 666000)
        self.assertEqual(order.invoice_status, "invoiced")
        self.assertAlmostEqual(self._partner_receivable_balance(self.shop), 1110000)

    def test_once_fully_shipped_one_invoice(self):
        self.b2b.shipment_invoicing = "complete"
        order = self._order()
        self._ship(order, 4)
        self.assertEqual(order.oms_status, "partially_shipped")
        self.assertFalse(self._invoices(order), "not invoiced before everything shipped")
        self._ship(order, 6)
        invoice = self._invoices(order)
        self.assertEqual(len(invoice), 1)
        self.assertEqual(invoice.invoice_line_ids.quantity, 10)
        self.assertAlmostEqual(invoice.amount_total, 1110000)
        self.assertAlmostEqual(self._partner_receivable_balance(self.shop), 1110000)

    def test_cancelled_backorder_is_not_invoiced(self):
        self.b2b.shipment_invoicing = "complete"
        order = self._order()
        self._ship(order, 7, backorder=False)
        invoice = self._invoices(order)
        self.assertEqual(len(invoice), 1)
        self.assertEqual(invoice.invoice_line_ids.quantity, 7, "what left, not what was ordered")
        self.assertAlmostEqual(invoice.amount_total, 777000)
        self.assertAlmostEqual(self._partner_receivable_balance(self.shop), 777000)
