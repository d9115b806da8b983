# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import TransactionCase, tagged

from .common import ReturnsCommon


@tagged("post_install", "-at_install")
class TestReturnsRules(ReturnsCommon, TransactionCase):
    """Approval through OCA's "Create and open RMA", blacklist, return to vendor,
    exchanges with a price difference, delivery fee refunds."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setUpReturns()

    def _wizard(self, order, lines):
        action = order.action_create_rma()
        wizard = self.env["sale.order.rma.wizard"].browse(action["res_id"])
        for wiz_line in wizard.line_ids:
            wanted = lines.get(wiz_line.product_id)
            if wanted:
                qty, reason, *exchange = wanted
                vals = {"quantity": qty, "reason_id": self.reason[reason].id}
                if exchange:
                    vals["exchange_product_id"] = exchange[0].id
                wiz_line.write(vals)
            else:
                wiz_line.quantity = 0
        return wizard

    def _inspect(self, rmas, disposition="restock", grade="as_new"):
        self._receive(rmas)
        rmas.write({"grade": grade, "disposition": disposition})
        rmas.action_oms_apply_disposition()

    # approval

    def test_create_and_open_keeps_manual_policy_drafts(self):
        self.policy.approval = "manual"
        order = self._make_order([(self.kaos, 1, 100000), (self.celana, 1, 250000)])
        wizard = self._wizard(order, {self.kaos: (1, "size_fit"), self.celana: (1, "damaged")})
        action = wizard.create_and_open_rma()
        rmas = self.env["rma"].search([("order_id", "=", order.id)])
        self.assertEqual(len(rmas), 2)
        self.assertEqual(action["domain"], [("id", "in", rmas.ids)])
        self.assertEqual(set(rmas.mapped("state")), {"draft"}, "waiting for approval")
        self.assertFalse(rmas.reception_move_id, "nothing to receive before approval")
        self.assertEqual(rmas.return_request_id.state, "draft")
        rmas.return_request_id.action_approve()
        self.assertEqual(set(rmas.mapped("state")), {"confirmed"})

    def test_create_and_open_auto_policy_confirms(self):
        order = self._make_order([(self.kaos, 1, 100000)])
        self._wizard(order, {self.kaos: (1, "size_fit")}).create_and_open_rma()
        rma = self.env["rma"].search([("order_id", "=", order.id)])
        self.assertEqual(rma.state, "confirmed")
        self.assertTrue(rma.reception_move_id)

    def test_blacklisted_customer_not_auto_approved(self):
        order = self._make_order([(self.kaos, 1, 100000)])
        self.env["oms.blacklist"].create(
            {"kind": "email", "value": "SITI@example.com ", "reason": "Chargeback fraud"}
        )
        rma = self._wizard(order, {self.kaos: (1, "size_fit")}).create_rma()
        self.assertEqual(rma.state, "draft")
        self.assertIn(
            "the customer is blacklisted (Chargeback fraud)",
            " ".join(rma.message_ids.mapped("preview")),
        )
        # another customer of the same channel is still approved automatically
        other = self.env["res.partner"].create({"name": "Budi", "email": "budi@example.com"})
        other_order = self._make_order([(self.kaos, 1, 100000)], partner=other)
        other_rma = self._wizard(other_order, {self.kaos: (1, "size_fit")}).create_rma()
        self.assertEqual(other_rma.state, "confirmed")

    def test_blacklisted_phone_of_shipping_contact(self):
        shipping = self.env["res.partner"].create(
            {"name": "Siti (rumah)", "parent_id": self.customer.id, "phone": "0812-3456-7890"}
        )
        order = self._make_order([(self.kaos, 1, 100000)])
        order.partner_shipping_id = shipping
        self.env["oms.blacklist"].create(
            {"kind": "phone", "value": "+62 812 3456 7890", "reason": "Refused COD parcels"}
        )
        rma = self._wizard(order, {self.kaos: (1, "size_fit")}).create_rma()
        self.assertEqual(rma.state, "draft")

    # return to vendor

    def test_return_to_vendor(self):
        self.policy.refund_after_inspection = False
        vendor = self.env["res.partner"].create({"name": "PT Konveksi Bandung"})
        second_vendor = self.env["res.partner"].create({"name": "CV Lain"})
        self.env["product.supplierinfo"].create(
            [
                {"partner_id": vendor.id, "product_tmpl_id": self.kaos.product_tmpl_id.id},
                {
                    "partner_id": second_vendor.id,
                    "product_tmpl_id": self.kaos.product_tmpl_id.id,
                    "sequence": 50,
                },
            ]
        )
        order = self._make_order([(self.kaos, 2, 100000)])
        free_kaos = self._free_qty(self.kaos)
        rma = self._wizard(order, {self.kaos: (2, "damaged")}).create_rma()
        self._inspect(rma, disposition="vendor", grade="defective")
        picking = rma.vendor_picking_id
        self.assertTrue(rma.disposition_done)
        self.assertEqual(picking.partner_id, vendor, "the main (first) vendor")
        self.assertEqual(picking.state, "assigned")
        self.assertEqual(picking.location_id, self.wh.rma_loc_id)
        self.assertEqual(picking.location_dest_id.usage, "supplier")
        self.assertEqual(picking.move_ids.product_id, self.kaos)
        self.assertEqual(picking.move_ids.product_uom_qty, 2)
        self.assertEqual(self._free_qty(self.kaos), free_kaos, "never sellable again")
        picking.button_validate()
        self.assertEqual(picking.state, "done")
        self.assertEqual(self.kaos.with_context(location=self.wh.rma_loc_id.id).qty_available, 0)

    def test_return_to_vendor_without_vendor(self):
        order = self._make_order([(self.celana, 1, 250000)])
        rma = self._wizard(order, {self.celana: (1, "damaged")}).create_rma()
        self._receive(rma)
        rma.write({"grade": "defective", "disposition": "vendor"})
        pickings_before = self.env["stock.picking"].search_count([])
        with self.assertRaisesRegex(UserError, "Celana Jeans has no vendor"):
            rma.action_oms_apply_disposition()
        self.assertFalse(rma.disposition_done)
        self.assertFalse(rma.vendor_picking_id)
        self.assertEqual(self.env["stock.picking"].search_count([]), pickings_before)

    # exchange with a price difference

    def _variant(self, name, code, price):
        product = self.env["product.product"].create(
            {
                "name": name,
                "default_code": code,
                "is_storable": True,
                "list_price": price,
                "invoice_policy": "order",
                "taxes_id": [Command.set(self.tax.ids)],
            }
        )
        self.env["stock.quant"]._update_available_quantity(product, self.wh.lot_stock_id, 10)
        return product

    def test_exchange_for_pricier_product_invoices_difference(self):
        premium = self._variant("Kaos Premium XL", "KAOS-PREM-XL", 150000)
        order = self._make_order([(self.kaos, 2, 100000)])
        rma = self._wizard(order, {self.kaos: (2, "size_fit", premium)}).create_rma()
        self._inspect(rma)
        exchange = rma.exchange_order_id
        self.assertEqual(exchange.state, "sale")
        self.assertEqual(exchange.picking_ids.state, "assigned", "sourced and reserved")
        premium_line = exchange.order_line.filtered(lambda sol: sol.product_id == premium)
        self.assertEqual(premium_line.price_unit, 150000, "priced at the new product's price")
        self.assertEqual(premium_line.product_uom_qty, 2)
        # 2 x 150 000 - 2 x 100 000 paid for the returned shirts
        self.assertAlmostEqual(exchange.amount_untaxed, 100000)
        invoice = rma.exchange_invoice_id
        self.assertEqual(invoice.move_type, "out_invoice")
        self.assertEqual(invoice.state, "posted")
        self.assertAlmostEqual(invoice.amount_total, 111000)
        self.assertEqual(invoice.partner_id, order.partner_invoice_id)
        self.assertEqual(exchange.invoice_ids, invoice)
        self.assertFalse(rma.refund_id, "nothing refunded")

    def test_exchange_for_cheaper_product_refunds_difference(self):
        basic = self._variant("Kaos Basic", "KAOS-BASIC", 80000)
        order = self._make_order([(self.kaos, 1, 100000)])
        rma = self._wizard(order, {self.kaos: (1, "size_fit", basic)}).create_rma()
        self._inspect(rma)
        exchange = rma.exchange_order_id
        self.assertEqual(exchange.state, "sale")
        self.assertEqual(
            exchange.order_line.filtered(lambda sol: sol.product_id == basic).price_unit, 80000
        )
        self.assertAlmostEqual(exchange.amount_total, 0, msg="covered by the returned shirt")
        self.assertFalse(rma.exchange_invoice_id)
        refund = rma.refund_id
        self.assertEqual(refund.move_type, "out_refund")
        self.assertEqual(refund.state, "posted")
        invoice = order.invoice_ids.filtered(lambda m: m.move_type == "out_invoice")
        self.assertEqual(refund.reversed_entry_id, invoice)
        # (100 000 - 80 000) + 11% tax
        self.assertAlmostEqual(refund.amount_total, 22200)
        self.assertAlmostEqual(rma.refund_amount, 22200)

    def test_even_exchange_neither_invoices_nor_refunds(self):
        order = self._make_order([(self.kaos, 1, 100000)])
        rma = self._wizard(order, {self.kaos: (1, "size_fit", self.kaos_l)}).create_rma()
        self._inspect(rma)
        self.assertAlmostEqual(rma.exchange_order_id.amount_total, 0)
        self.assertFalse(rma.exchange_invoice_id)
        self.assertFalse(rma.refund_id)

    # delivery fee refund

    def test_delivery_fee_refunded_for_seller_fault_once(self):
        order = self._make_order([(self.kaos, 2, 100000)], delivery_fee=15000)
        self.assertAlmostEqual(order.invoice_ids.amount_total, 237000)
        first = self._wizard(order, {self.kaos: (1, "damaged")}).create_rma()
        self._inspect(first)
        refund = first.refund_id
        fee_line = refund.invoice_line_ids.filtered(
            lambda line: line.product_id == self.env.ref("oms_returns.product_delivery_fee_refund")
        )
        self.assertAlmostEqual(fee_line.price_subtotal, 15000)
        # 100 000 + 11% (seller fault: no restocking fee) + 15 000 delivery fee
        self.assertAlmostEqual(refund.amount_total, 126000)
        self.assertEqual(order.oms_delivery_fee_refund_id, refund)
        second = self._wizard(order, {self.kaos: (1, "wrong_item")}).create_rma()
        self._inspect(second)
        self.assertAlmostEqual(second.refund_id.amount_total, 111000, msg="fee refunded once")

    def test_delivery_fee_kept_when_customer_changed_mind(self):
        order = self._make_order([(self.kaos, 1, 100000)], delivery_fee=15000)
        rma = self._wizard(order, {self.kaos: (1, "changed_mind")}).create_rma()
        self._inspect(rma)
        # (100 000 - 10% restocking fee) + 11%, no delivery fee
        self.assertAlmostEqual(rma.refund_id.amount_total, 99900)
        self.assertFalse(order.oms_delivery_fee_refund_id)

    def test_delivery_fee_policy_always_and_never(self):
        self.policy.refund_shipping_fee = "always"
        order = self._make_order([(self.kaos, 1, 100000)], delivery_fee=15000)
        rma = self._wizard(order, {self.kaos: (1, "changed_mind")}).create_rma()
        self._inspect(rma)
        self.assertAlmostEqual(rma.refund_id.amount_total, 114900)
        self.policy.refund_shipping_fee = "never"
        order = self._make_order([(self.kaos, 1, 100000)], delivery_fee=15000)
        rma = self._wizard(order, {self.kaos: (1, "damaged")}).create_rma()
        self._inspect(rma)
        self.assertAlmostEqual(rma.refund_id.amount_total, 111000)
