# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo.exceptions import ValidationError
from odoo.tests import TransactionCase, tagged

from .common import ReturnsCommon


@tagged("post_install", "-at_install")
class TestReturnsFlow(ReturnsCommon, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setUpReturns()

    def _request(self, order, lines, **wizard_vals):
        """Backend request from the sale order: rma_sale's wizard, several lines."""
        action = order.action_create_rma()
        wizard = self.env["sale.order.rma.wizard"].browse(action["res_id"])
        wizard.write(wizard_vals)
        for wiz_line in wizard.line_ids:
            wanted = lines.get(wiz_line.product_id)
            if wanted:
                qty, reason = wanted
                wiz_line.write({"quantity": qty, "reason_id": self.reason[reason].id})
            else:
                wiz_line.quantity = 0
        return wizard.create_rma()

    def test_mail_templates_render_for_a_return_not_refunded_yet(self):
        # Odoo renders a template against the model's first record whenever the
        # template is written, module updates included: with a return that has no
        # credit note yet, the refund e-mail must still render (it once stopped
        # "-u oms_returns" on any database holding such a return)
        order = self._make_order([(self.kaos, 1, 100000)])
        rma = self._request(order, {self.kaos: (1, "size_fit")})
        self.assertFalse(rma.refund_id)
        templates = self.env["mail.template"].search([("model", "=", "rma")])
        ours = templates.filtered(lambda t: t.get_external_id()[t.id].startswith("oms_returns."))
        self.assertGreaterEqual(len(ours), 2)
        for template in ours:
            body = template._render_field("body_html", rma.ids)[rma.id]
            self.assertIn(self.customer.name, body)
        refunded = self.env.ref("oms_returns.mail_template_return_refunded")
        self.assertIn(
            rma.company_id.currency_id.symbol,
            refunded._render_field("body_html", rma.ids)[rma.id],
        )
        # what a module update does: write the body, which checks it renders
        refunded.body_html = refunded.body_html

    # policy

    def test_refused_outside_window(self):
        order = self._make_order([(self.kaos, 1, 100000)], delivered_days_ago=10)
        with (
            self.assertRaisesRegex(ValidationError, "return window of 7 days"),
            self.env.cr.savepoint(),
        ):
            self._request(order, {self.kaos: (1, "changed_mind")})
        self.assertFalse(self.env["rma"].search([("order_id", "=", order.id)]))

    def test_refused_reason_not_accepted(self):
        order = self._make_order([(self.kaos, 1, 100000)])
        with self.assertRaisesRegex(ValidationError, "Late delivery"):
            self._request(order, {self.kaos: (1, "late_delivery")})

    def test_auto_approved_inside_window_one_request_one_reception(self):
        order = self._make_order([(self.kaos, 2, 100000), (self.celana, 1, 250000)])
        rmas = self._request(order, {self.kaos: (1, "size_fit"), self.celana: (1, "changed_mind")})
        self.assertEqual(len(rmas), 2)
        self.assertEqual(set(rmas.mapped("state")), {"confirmed"})
        self.assertEqual(len(rmas.return_request_id), 1, "one request for several lines")
        self.assertEqual(rmas.return_request_id.state, "approved")
        self.assertEqual(rmas.policy_id, self.policy)
        self.assertEqual(len(rmas.reception_move_id.picking_id), 1)
        self.assertIn("Approved automatically", " ".join(rmas[0].message_ids.mapped("preview")))
        # approval email to the customer, in the timeline
        approved = rmas[0].message_ids.filtered(lambda m: m.subject and "is approved" in m.subject)
        self.assertEqual(approved.partner_ids, self.customer)

    def test_manual_approval_above_limit_and_blacklist_free(self):
        self.policy.auto_approve_max_amount = 150000
        order = self._make_order([(self.kaos, 2, 100000)])
        rmas = self._request(order, {self.kaos: (2, "changed_mind")})
        self.assertEqual(rmas.state, "draft")
        self.assertIn("manual approval", " ".join(rmas.message_ids.mapped("preview")))
        rmas.return_request_id.action_approve()
        self.assertEqual(rmas.state, "confirmed")

    def test_manual_policy(self):
        self.policy.approval = "manual"
        order = self._make_order([(self.kaos, 1, 100000)])
        rmas = self._request(order, {self.kaos: (1, "changed_mind")})
        self.assertEqual(rmas.state, "draft")

    # reception, inspection, disposition

    def test_receipt_into_shipping_warehouse(self):
        order = self._make_order([(self.kaos, 1, 100000)])
        rma = self._request(order, {self.kaos: (1, "size_fit")})
        self.assertEqual(rma.warehouse_id, self.wh)
        picking = self._receive(rma)
        self.assertEqual(picking.picking_type_id.warehouse_id, self.wh)
        self.assertEqual(rma.state, "received")
        self.assertEqual(rma.reception_move_id.move_line_ids.location_dest_id, self.wh.rma_loc_id)
        received = rma.message_ids.filtered(lambda m: m.subject and "received" in m.subject)
        self.assertTrue(received)

    def test_receipt_into_central_returns_warehouse(self):
        self.policy.write({"warehouse_mode": "central", "return_warehouse_id": self.wh_central.id})
        order = self._make_order([(self.kaos, 1, 100000)])
        rma = self._request(order, {self.kaos: (1, "size_fit")})
        self.assertEqual(rma.warehouse_id, self.wh_central)
        picking = self._receive(rma)
        self.assertEqual(picking.picking_type_id.warehouse_id, self.wh_central)
        self.assertEqual(
            rma.reception_move_id.move_line_ids.location_dest_id, self.wh_central.rma_loc_id
        )

    def test_restock_quarantine_scrap_and_atp(self):
        self.policy.refund_after_inspection = False
        order = self._make_order(
            [(self.kaos, 3, 100000), (self.celana, 1, 250000), (self.kaos_l, 1, 100000)]
        )
        free_kaos = self._free_qty(self.kaos)
        free_celana = self._free_qty(self.celana)
        free_kaos_l = self._free_qty(self.kaos_l)
        rmas = self._request(
            order,
            {
                self.kaos: (3, "size_fit"),
                self.celana: (1, "damaged"),
                self.kaos_l: (1, "wrong_item"),
            },
        )
        self._receive(rmas)
        # received into the RMA location: not sellable yet
        self.assertEqual(self._free_qty(self.kaos), free_kaos)
        rma_kaos = rmas.filtered(lambda r: r.product_id == self.kaos)
        rma_celana = rmas.filtered(lambda r: r.product_id == self.celana)
        rma_kaos_l = rmas.filtered(lambda r: r.product_id == self.kaos_l)
        with self.assertRaisesRegex(Exception, "grade and the disposition"):
            rma_kaos.action_oms_apply_disposition()

        rma_kaos.write({"grade": "as_new", "disposition": "restock"})
        rma_kaos.action_oms_apply_disposition()
        self.assertEqual(self._free_qty(self.kaos), free_kaos + 3)
        self.assertTrue(rma_kaos.disposition_done)

        rma_celana.write({"grade": "damaged", "disposition": "quarantine"})
        rma_celana.action_oms_apply_disposition()
        self.assertEqual(self._free_qty(self.celana), free_celana)
        quarantine = self.wh.oms_quarantine_location_id
        self.assertTrue(quarantine)
        self.assertEqual(self.celana.with_context(location=quarantine.id).qty_available, 1)

        rma_kaos_l.write({"grade": "defective", "disposition": "scrap"})
        rma_kaos_l.action_oms_apply_disposition()
        self.assertEqual(self._free_qty(self.kaos_l), free_kaos_l)
        self.assertEqual(rma_kaos_l.scrap_id.state, "done")
        self.assertEqual(self.kaos_l.with_context(location=self.wh.rma_loc_id.id).qty_available, 0)

    # refund

    def test_refund_posted_with_restocking_fee(self):
        order = self._make_order([(self.kaos, 2, 100000), (self.celana, 1, 250000)])
        invoice = order.invoice_ids
        rmas = self._request(order, {self.kaos: (2, "changed_mind"), self.celana: (1, "damaged")})
        self._receive(rmas)
        for rma in rmas:
            rma.write({"grade": "opened", "disposition": "restock"})
        rmas[0].action_oms_apply_disposition()
        self.assertFalse(rmas.refund_id, "waits for every line of the request")
        rmas[1].action_oms_apply_disposition()
        refund = rmas.refund_id
        self.assertEqual(len(refund), 1)
        self.assertEqual(refund.state, "posted")
        self.assertEqual(refund.move_type, "out_refund")
        self.assertEqual(refund.reversed_entry_id, invoice)
        rma_kaos = rmas.filtered(lambda r: r.product_id == self.kaos)
        # changed mind: 10% fee on 200 000; damaged (seller fault): no fee
        self.assertEqual(rma_kaos.restocking_fee, 20000)
        self.assertFalse(rmas.filtered(lambda r: r.product_id == self.celana).restocking_fee)
        # (200 000 - 20 000 + 250 000) + 11% tax
        self.assertAlmostEqual(refund.amount_total, 477300)
        self.assertAlmostEqual(rma_kaos.refund_amount, 477300)
        self.assertEqual(set(rmas.mapped("state")), {"refunded"})
        self.assertEqual(rmas.return_request_id.state, "done")
        refunded = rma_kaos.message_ids.filtered(lambda m: m.subject and "refund" in m.subject)
        self.assertTrue(refunded)
        self.assertFalse(rma_kaos.refund_to_pay, "prepaid orders are refunded by the PSP")
        # the posted credit note is reconciled against the original (open) invoice
        self.assertIn(refund.payment_state, ("paid", "in_payment", "reversed"))
        self.assertAlmostEqual(invoice.amount_residual, invoice.amount_total - 477300)

    def test_customer_pays_return_shipping(self):
        self.policy.write({"return_shipping_payer": "customer", "return_shipping_cost": 15000})
        order = self._make_order([(self.kaos, 1, 100000)], payment_method="cod")
        # the courier collected the cash: the invoice is paid
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=order.invoice_ids.ids
        ).create({})._create_payments()
        self.assertIn(order.invoice_ids.payment_state, ("paid", "in_payment"))
        rma = self._request(order, {self.kaos: (1, "size_fit")})
        self._receive(rma)
        rma.write({"grade": "as_new", "disposition": "restock"})
        rma.action_oms_apply_disposition()
        # (100 000 - 10 000) * 1.11 - 15 000
        self.assertAlmostEqual(rma.refund_id.amount_total, 84900)
        self.assertTrue(rma.refund_to_pay, "COD refunds are paid back by hand")
        to_pay = self.env["rma"].search([("refund_to_pay", "=", True)])
        self.assertIn(rma, to_pay)

    # exchange

    def test_exchange_creates_confirmed_reserved_order(self):
        order = self._make_order([(self.kaos, 1, 100000)])
        action = order.action_create_rma()
        wizard = self.env["sale.order.rma.wizard"].browse(action["res_id"])
        wizard.line_ids.write(
            {
                "quantity": 1,
                "reason_id": self.reason["size_fit"].id,
                "exchange_product_id": self.kaos_l.id,
            }
        )
        rma = wizard.create_rma()
        self.assertEqual(rma.operation_id, self.env.ref("oms_returns.rma_operation_exchange"))
        self._receive(rma)
        rma.write({"grade": "as_new", "disposition": "restock"})
        rma.action_oms_apply_disposition()
        exchange = rma.exchange_order_id
        self.assertTrue(exchange)
        self.assertFalse(rma.refund_id)
        self.assertEqual(rma.state, "replaced")
        self.assertEqual(exchange.state, "sale", "confirmed by the channel's workflow")
        self.assertEqual(exchange.channel_id, self.channel)
        self.assertEqual(exchange.partner_shipping_id, order.partner_shipping_id)
        credit = self.env.ref("oms_returns.product_exchange_credit")
        self.assertEqual(exchange.order_line.product_id, self.kaos_l | credit)
        self.assertAlmostEqual(exchange.amount_total, 0, msg="same price: nothing to pay")
        self.assertEqual(exchange.picking_ids.state, "assigned", "sourced and reserved")

    # status

    def test_order_status_partially_then_fully_returned(self):
        self.policy.refund_after_inspection = False
        order = self._make_order([(self.kaos, 2, 100000)])
        self.assertIn(order.oms_status, ("delivered", "done"))
        first = self._request(order, {self.kaos: (1, "size_fit")})
        self._receive(first)
        self.assertEqual(order.oms_status, "partially_returned")
        second = self._request(order, {self.kaos: (1, "size_fit")})
        self._receive(second)
        self.assertEqual(order.oms_status, "returned")

    def test_policy_per_category_wins(self):
        fashion = self.env["oms.return.policy"].create(
            {
                "name": "Fashion 30 days",
                "channel_id": self.channel.id,
                "categ_id": self.categ_fashion.id,
                "window_days": 30,
                "approval": "manual",
                "sequence": 20,
            }
        )
        order = self._make_order(
            [(self.kaos, 1, 100000), (self.celana, 1, 250000)], delivered_days_ago=10
        )
        # the general 7-day policy refuses the jeans, the fashion one accepts the shirt
        with self.assertRaisesRegex(ValidationError, "Celana Jeans"):
            self._request(order, {self.kaos: (1, "changed_mind"), self.celana: (1, "changed_mind")})
        rma = self._request(order, {self.kaos: (1, "changed_mind")})
        self.assertEqual(rma.policy_id, fashion)
        self.assertEqual(rma.state, "draft")

    def test_policy_validation(self):
        with self.assertRaises(ValidationError):
            self.env["oms.return.policy"].create(
                {
                    "name": "Bad",
                    "channel_id": self.channel.id,
                    "warehouse_mode": "central",
                }
            )
        with self.assertRaises(ValidationError):
            self.policy.restocking_fee_percent = 120

    def test_menus(self):
        manager_menus = self.env.ref("oms_returns.menu_oms_return_policies")
        user = self.api_user
        visible = self.env["ir.ui.menu"].with_user(user)._visible_menu_ids()
        self.assertNotIn(manager_menus.id, visible)
        self.assertIn(self.env.ref("oms_returns.menu_oms_returns_to_inspect").id, visible)
        self.assertIn(self.env.ref("oms_returns.menu_oms_returns_refund_to_pay").id, visible)
