# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, TransactionCase, new_test_user, tagged

from ..models.oms_capture import CaptureError
from .order_types_common import OmsOrderTypesFixture


@tagged("post_install", "-at_install")
class TestOrderTypesB2B(OmsOrderTypesFixture, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_order_types_fixture()
        env = cls.env
        cls.rule = env.ref("oms_omnichannel.exception_rule_b2b_approval")
        cls.oms_manager = new_test_user(
            env, login="b2b_manager", groups="oms_omnichannel.group_oms_manager"
        )
        cls.salesman = new_test_user(
            env,
            login="b2b_salesman",
            groups="sales_team.group_sale_salesman,oms_omnichannel.group_oms_user",
        )
        # "Pricelists" enabled in the settings, as a B2B seller has them
        env.ref("base.group_user").implied_ids = [
            Command.link(env.ref("product.group_product_pricelist").id)
        ]
        cls.pricelist = env["product.pricelist"].create(
            {
                "name": "Harga Grosir",
                "item_ids": [
                    Command.create(
                        {
                            "applied_on": "0_product_variant",
                            "product_id": cls.coffee.id,
                            "compute_price": "fixed",
                            "fixed_price": 80_000,
                        }
                    )
                ],
            }
        )
        cls.term_30 = env.ref("account.account_payment_term_30days")
        cls.customer.write(
            {
                "property_product_pricelist": cls.pricelist.id,
                "property_payment_term_id": cls.term_30.id,
            }
        )
        cls._stock_class(cls.coffee, 500)
        cls._stock_class(cls.tea, 500)

    @classmethod
    def _stock_class(cls, product, qty):
        cls.env["stock.quant"]._update_available_quantity(product, cls.wh_main.lot_stock_id, qty)

    def _capture_payload(self, ref, lines):
        return {
            "channel": "B2BT",
            "external_ref": ref,
            "customer": {"name": "PT Makmur Jaya", "email": "buyer@makmur.example", "phone": None},
            "shipping_address": {
                "name": "PT Makmur Jaya",
                "street": "Jl. Kemang Raya 10",
                "city": "Jakarta Selatan",
                "state": "JK",
                "zip": "12730",
                "country": "ID",
            },
            "lines": [
                {"sku": product.default_code, "quantity": qty, "unit_price": 80_000}
                for product, qty in lines
            ],
            "payment": {"method": "bank_transfer", "status": "unpaid", "amount": 0},
        }

    # ------------------------------------------------------------------
    # quotations with the customer's pricelist and payment terms
    # ------------------------------------------------------------------
    def test_quotation_uses_customer_pricelist_and_payment_terms(self):
        form = Form(self.env["sale.order"].with_user(self.salesman))
        form.partner_id = self.customer
        form.channel_id = self.b2b
        with form.order_line.new() as line:
            line.product_id = self.coffee
            line.product_uom_qty = 12
        order = form.save()
        self.assertEqual(order.pricelist_id, self.pricelist)
        self.assertEqual(order.payment_term_id, self.term_30)
        self.assertEqual(order.order_line.price_unit, 80_000)
        self.assertEqual(order.amount_total, 960_000)
        order._oms_place_repeat_orders()
        self.assertEqual(order.state, "sale")
        invoice = order._create_invoices()
        self.assertEqual(invoice.invoice_payment_term_id, self.term_30)
        self.assertEqual(invoice.amount_total, 960_000)

    # ------------------------------------------------------------------
    # approval above an amount / over the credit limit
    # ------------------------------------------------------------------
    def test_order_above_approval_amount_is_held_until_a_manager_releases_it(self):
        self.b2b.oms_approval_amount = 5_000_000
        small = self._order([(self.coffee, 10)])  # 800,000
        big = self._order([(self.coffee, 100)])  # 8,000,000
        held = (small | big)._oms_process_captured()
        self.assertEqual(held, big)
        self.assertEqual(big.exception_ids, self.rule)
        self.assertEqual(big.oms_status, "on_hold")
        self.assertFalse(small.exception_ids)
        # nothing is reserved for a held order
        self.assertFalse(big.picking_ids)
        # a plain OMS user cannot approve
        with self.assertRaises(AccessError):
            big.with_user(self.salesman).action_oms_release_hold()
        action = big.with_user(self.oms_manager).action_oms_release_hold()
        wizard = (
            self.env[action["res_model"]]
            .with_user(self.oms_manager)
            .with_context(**action["context"])
            .create({"reason": "Annual contract signed, approved by sales director"})
        )
        self.assertEqual(wizard.exception_ids, self.rule)
        wizard.action_apply()
        self.assertEqual(big.state, "sale")
        self.assertEqual(big.picking_ids.move_ids.quantity, 100)
        self.assertTrue(
            big.message_ids.filtered(lambda m: "Annual contract signed" in (m.body or ""))
        )

    def test_customer_over_credit_limit_is_held(self):
        self.company.account_use_credit_limit = True
        self.customer.credit_limit = 2_000_000
        # 1,600,000 confirmed and not invoiced yet
        first = self._order([(self.coffee, 20)])
        first._oms_place_repeat_orders()
        self.assertEqual(first.state, "sale")
        # 480,000 more would be 2,080,000: above the limit
        second = self._order([(self.coffee, 6)])
        self.assertEqual(second._oms_process_captured(), second)
        self.assertEqual(second.exception_ids, self.rule)
        # 320,000 more stays within the limit
        third = self._order([(self.coffee, 4)])
        self.assertFalse(third._oms_process_captured())
        # a customer without a limit is not concerned
        other = self._order([(self.coffee, 50)], partner=self.customer2)
        self.assertFalse(other._oms_process_captured())
        # the limit only applies when the company uses credit limits
        self.company.account_use_credit_limit = False
        second.action_oms_recheck()
        self.assertEqual(second.state, "sale")

    # ------------------------------------------------------------------
    # minimum order quantity and pack size
    # ------------------------------------------------------------------
    def test_min_quantity_and_pack_size_refused_at_capture(self):
        self.coffee.write({"oms_min_order_qty": 12, "oms_pack_size": 6})
        capture = self.env["oms.capture"]
        count = self.env["sale.order"].search_count([])
        with self.assertRaises(CaptureError) as caught:
            capture.capture(self._capture_payload("PO-1", [(self.tea, 3), (self.coffee, 6)]))
        self.assertEqual(caught.exception.code, "validation_error")
        self.assertEqual([f["field"] for f in caught.exception.fields], ["lines[1].quantity"])
        self.assertIn("at least 12", caught.exception.fields[0]["message"])
        with self.assertRaises(CaptureError) as caught:
            capture.capture(self._capture_payload("PO-2", [(self.coffee, 20)]))
        self.assertIn("packs of 6", caught.exception.fields[0]["message"])
        self.assertEqual(self.env["sale.order"].search_count([]), count, "nothing written")
        order, created = capture.capture(self._capture_payload("PO-3", [(self.coffee, 18)]))
        self.assertTrue(created)
        self.assertEqual(order.order_line.product_uom_qty, 18)

    def test_min_quantity_and_pack_size_refused_at_confirmation(self):
        self.coffee.write({"oms_min_order_qty": 12, "oms_pack_size": 6})
        order = self._order([(self.coffee, 10)])
        with self.assertRaisesRegex(UserError, "at least 12"):
            order.action_confirm()
        self.assertEqual(order.state, "draft")
        order.order_line.product_uom_qty = 14
        with self.assertRaisesRegex(UserError, "packs of 6"):
            order.action_confirm()
        order.order_line.product_uom_qty = 24
        order.action_confirm()
        self.assertEqual(order.state, "sale")
        # consumers of the web shop buy by the piece
        retail = self._order([(self.coffee, 1)], channel=self.web)
        retail.action_confirm()
        self.assertEqual(retail.state, "sale")

    # ------------------------------------------------------------------
    # partial deliveries per customer
    # ------------------------------------------------------------------
    def test_partial_deliveries_follow_the_customer(self):
        # these orders ask for more than the stock on purpose: the stock rule
        # (test_validation) would hold them
        self.env.ref("oms_omnichannel.exception_rule_stock_unavailable").active = False
        self.customer.oms_partial_delivery = "allowed"
        self.customer2.oms_partial_delivery = "complete"
        # the channel would rather wait for everything: the customer's choice wins
        self.b2b.partial_policy = "wait"
        scarce = self.env["product.product"].create(
            {"name": "Kopi Luwak", "is_storable": True, "taxes_id": [Command.clear()]}
        )
        self._stock(scarce, self.wh_main, 5)
        partial = self._order([(scarce, 4), (self.tea, 2)])
        complete = self._order([(scarce, 4), (self.tea, 2)], partner=self.customer2)
        partial.action_confirm()
        complete.action_confirm()
        self.assertEqual(partial.picking_policy, "direct")
        self.assertEqual(complete.picking_policy, "one")
        # 4 of 5 go to the first order; the second only gets 1: it waits for all
        self.assertEqual(partial.picking_ids.move_type, "direct")
        self.assertEqual(partial.picking_ids.state, "assigned")
        self.assertEqual(complete.picking_ids.move_type, "one")
        self.assertNotEqual(complete.picking_ids.state, "assigned")
        # the form proposes the customer's policy
        form = Form(self.env["sale.order"])
        form.partner_id = self.customer2
        self.assertEqual(form.picking_policy, "one")

    # ------------------------------------------------------------------
    # repeat orders
    # ------------------------------------------------------------------
    def test_reorder_places_the_same_lines_again_through_the_oms_flow(self):
        original = self._order([(self.coffee, 12), (self.tea, 24)], client_order_ref="PO-77")
        original._oms_place_repeat_orders()
        self.assertEqual(original.state, "sale")
        self.pricelist.item_ids.fixed_price = 85_000  # prices changed since
        action = original.with_user(self.salesman).action_oms_reorder()
        reorder = self.env["sale.order"].browse(action["res_id"])
        self.assertNotEqual(reorder, original)
        self.assertEqual(reorder.oms_reorder_of_id, original)
        self.assertEqual(reorder.channel_id, self.b2b)
        self.assertEqual(reorder.partner_id, self.customer)
        self.assertEqual(reorder.payment_term_id, self.term_30)
        self.assertEqual(
            [(line.product_id, line.product_uom_qty) for line in reorder.order_line],
            [(self.coffee, 12), (self.tea, 24)],
        )
        self.assertEqual(reorder.order_line[0].price_unit, 85_000, "today's price")
        # confirmed and reserved like any other order
        self.assertEqual(reorder.state, "sale")
        self.assertEqual(sum(reorder.picking_ids.move_ids.mapped("quantity")), 36)
        self.assertEqual(original.order_line[0].price_unit, 80_000)

    def test_reorder_is_validated_like_a_captured_order(self):
        original = self._order([(self.coffee, 10)])
        original._oms_place_repeat_orders()
        self.b2b.oms_approval_amount = 500_000
        reorder = self.env["sale.order"].browse(original.action_oms_reorder()["res_id"])
        self.assertEqual(reorder.state, "draft")
        self.assertEqual(reorder.exception_ids, self.rule)
        self.assertEqual(reorder.oms_status, "on_hold")

    def test_recurring_order_generated_on_its_date_once(self):
        template = self._order([(self.coffee, 12)])
        template._oms_place_repeat_orders()
        recurring = self.env["oms.recurring.order"].create(
            {
                "name": "Makmur weekly coffee",
                "template_order_id": template.id,
                "interval_number": 1,
                "interval_type": "weeks",
                "next_date": date(2026, 3, 2),
            }
        )
        cron = self.env["oms.recurring.order"]
        with freeze_time("2026-03-01 12:00:00"):
            self.assertFalse(cron._cron_generate_orders())
        with freeze_time("2026-03-02 12:00:00"):
            order = cron._cron_generate_orders()
            self.assertEqual(len(order), 1)
            # the job runs again the same day: no second order
            self.assertFalse(cron._cron_generate_orders())
        self.assertEqual(order.oms_recurring_id, recurring)
        self.assertEqual(order.oms_recurring_date, date(2026, 3, 2))
        self.assertEqual(order.state, "sale")
        self.assertEqual(order.oms_status, "allocated")
        self.assertEqual(order.order_line.product_uom_qty, 12)
        self.assertEqual(recurring.next_date, date(2026, 3, 9))
        self.assertEqual(recurring.order_count, 1)
        # the job did not run for two weeks: one order, the missed week is skipped
        with freeze_time("2026-03-17 12:00:00"):
            late = cron._cron_generate_orders()
        self.assertEqual(late.oms_recurring_date, date(2026, 3, 9))
        self.assertEqual(recurring.next_date, date(2026, 3, 23))
        self.assertEqual(recurring.order_count, 2)

    def test_recurring_order_that_fails_is_retried(self):
        template = self._order([(self.coffee, 12)])
        template._oms_place_repeat_orders()
        recurring = self.env["oms.recurring.order"].create(
            {
                "name": "Makmur monthly",
                "template_order_id": template.id,
                "next_date": date(2026, 3, 2),
            }
        )
        # the product now sells by cartons of 24: 12 is refused
        self.coffee.oms_pack_size = 24
        with freeze_time("2026-03-02 12:00:00"):
            self.assertFalse(self.env["oms.recurring.order"]._cron_generate_orders())
        self.assertIn("packs of 24", recurring.last_error)
        self.assertEqual(recurring.next_date, date(2026, 3, 2), "retried on the next run")
        self.assertFalse(recurring.order_ids)
