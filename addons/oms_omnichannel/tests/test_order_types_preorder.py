# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import Command, fields
from odoo.tests import Form, TransactionCase, tagged

from odoo.addons.queue_job.tests.common import trap_jobs

from .order_types_common import OmsOrderTypesFixture


@tagged("post_install", "-at_install")
class TestOrderTypesPreorder(OmsOrderTypesFixture, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_order_types_fixture()
        env = cls.env
        cls.phone = env["product.product"].create(
            {
                "name": "Ponsel Nusantara X",
                "default_code": "PNX-1",
                "is_storable": True,
                "taxes_id": [Command.clear()],
                "list_price": 3_000_000,
                "oms_preorder_ok": True,
                "oms_preorder_limit": 5,
            }
        )
        cls.vip = cls.web.copy({"name": "VIP", "code": "VIPT", "priority": cls.web.priority + 5})
        cls.today = fields.Date.context_today(cls.phone)
        cls.receipt = cls._receipt(10, days=10)

    @classmethod
    def _receipt(cls, qty, days):
        wh = cls.wh_main
        receipt = cls.env["stock.picking"].create(
            {
                "picking_type_id": wh.in_type_id.id,
                "location_id": cls.env.ref("stock.stock_location_suppliers").id,
                "location_dest_id": wh.lot_stock_id.id,
                "scheduled_date": fields.Datetime.now() + timedelta(days=days),
                "move_ids": [
                    Command.create(
                        {
                            "product_id": cls.phone.id,
                            "product_uom_qty": qty,
                            "location_id": cls.env.ref("stock.stock_location_suppliers").id,
                            "location_dest_id": wh.lot_stock_id.id,
                        }
                    )
                ],
            }
        )
        receipt.action_confirm()
        return receipt

    def _place(self, qty, channel=None, partner=None):
        order = self._order(
            [(self.phone, qty)],
            channel=channel or self.web,
            partner=partner,
            workflow_process_id=self.workflow.id,
        )
        order._oms_process_captured()
        return order

    def _receive(self, receipt, qty):
        receipt.move_ids.quantity = qty
        receipt.move_ids.picked = True
        res = receipt.button_validate()
        if isinstance(res, dict):  # backorder wizard: keep the rest coming
            Form.from_action(self.env, res).save().process()
        self.assertEqual(receipt.state, "done")

    def test_preorder_beyond_stock_is_promised_on_the_receipt_date(self):
        self._stock(self.phone, self.wh_main, 2)
        order = self._place(4)
        self.assertFalse(order.exception_ids, "covered by the receipt: not short of stock")
        self.assertEqual(order.state, "sale")
        self.assertEqual(order.oms_preorder_state, "waiting")
        self.assertEqual(order.order_line.oms_preorder_qty, 2)
        receipt_day = self.today + timedelta(days=10)
        self.assertEqual(order.oms_preorder_date, receipt_day)
        self.assertGreaterEqual(order.oms_promised_ship_date, receipt_day)
        self.assertGreater(order.oms_promised_delivery_from, receipt_day)
        # the 2 units on hand are reserved for it now
        self.assertEqual(order.picking_ids.move_ids.quantity, 2)

    def test_preorder_limit_and_products_without_preorders(self):
        first = self._place(3)
        self.assertEqual(first.oms_preorder_state, "waiting")
        # a pre-order another rule holds is no pre-order until it is confirmed
        self.web.oms_approval_amount = 1_000_000
        held = self._place(1)
        held.action_confirm()
        self.assertEqual(held.state, "draft")
        self.assertEqual(held.exception_ids.method, "_oms_rule_b2b_approval")
        self.assertFalse(held.oms_preorder_state)
        self.assertFalse(held.order_line.oms_preorder_qty)
        self.web.oms_approval_amount = 0
        # 3 of the limit of 5 are taken: 3 more is too many
        second = self._place(3, partner=self.customer2)
        self.assertEqual(second.state, "draft")
        self.assertEqual(
            second.exception_ids, self.env.ref("oms_omnichannel.exception_rule_stock_unavailable")
        )
        self.assertFalse(second.oms_preorder_state)
        # confirming it by hand runs the rules again: still held, still no pre-order
        second.action_confirm()
        self.assertEqual(second.state, "draft")
        self.assertFalse(second.oms_preorder_state)
        self.assertFalse(second.order_line.oms_preorder_qty)
        third = self._place(2, partner=self.customer2)
        self.assertEqual(third.state, "sale")
        self.assertEqual(third.oms_preorder_state, "waiting")
        # no pre-orders for a product that does not allow them, receipt or not
        self.phone.oms_preorder_ok = False
        fourth = self._place(1)
        self.assertEqual(fourth.state, "draft")
        self.assertTrue(fourth.exception_ids)

    def test_receipt_serves_preorders_by_priority_and_tells_customers(self):
        web_order = self._place(3)
        vip_order = self._place(2, channel=self.vip, partner=self.customer2)
        self.assertGreater(vip_order.oms_priority, web_order.oms_priority)
        self.assertEqual((web_order | vip_order).mapped("oms_preorder_state"), ["waiting"] * 2)
        # only 3 of the 10 arrive: the VIP order, placed later, is served first
        self._receive(self.receipt, 3)
        self.assertEqual(vip_order.picking_ids.move_ids.quantity, 2)
        self.assertEqual(web_order.picking_ids.move_ids.quantity, 1)
        self.assertEqual(vip_order.oms_preorder_state, "served")
        self.assertEqual(web_order.oms_preorder_state, "waiting")
        self.assertEqual(len(self._customer_emails(vip_order, "is in stock")), 1)
        self.assertFalse(self._customer_emails(web_order, "is in stock"))
        # the rest arrives with the backorder
        backorder = self.receipt.backorder_ids
        self._receive(backorder, 7)
        self.assertEqual(web_order.picking_ids.move_ids.quantity, 3)
        self.assertEqual(web_order.oms_preorder_state, "served")
        self.assertEqual(len(self._customer_emails(web_order, "is in stock")), 1)

    def test_receipt_slips_and_preorders_are_re_promised(self):
        order = self._place(2)
        promised_to = order.oms_promised_delivery_to
        self.receipt.scheduled_date = fields.Datetime.now() + timedelta(days=17)
        self.assertEqual(order.oms_preorder_date, self.today + timedelta(days=17))
        self.assertEqual(order.oms_promised_delivery_to, promised_to + timedelta(days=7))
        email = self._customer_emails(order, "new date")
        self.assertEqual(len(email), 1)
        # an order served from stock is not concerned (2 of the 3 units are owed
        # to the pre-order, which is still waiting)
        self._stock(self.phone, self.wh_main, 3)
        from_stock = self._place(1, partner=self.customer2)
        self.assertFalse(from_stock.oms_preorder_state)

    def _mail_jobs(self, trap):
        jobs = [
            job for job in trap.enqueued_jobs if job.method_name == "_oms_job_send_customer_mail"
        ]
        for job in jobs:
            self.assertEqual(job.channel, "root.oms_notify")
        return jobs

    def test_preorder_emails_are_jobs_when_the_channel_notifies_in_background(self):
        """Pre-order Date Changed and Pre-order Available follow *Send Notifications in
        Background*: queued by the receipt's change, sent when the job runs."""
        self.web.notify_async = True
        order = self._place(2)
        self.assertEqual(order.oms_preorder_state, "waiting")
        with trap_jobs() as trap:
            self.receipt.scheduled_date = fields.Datetime.now() + timedelta(days=17)
            self.assertEqual(order.oms_preorder_date, self.today + timedelta(days=17))
            self.assertFalse(self._customer_emails(order, "new date"), "not sent yet")
            jobs = self._mail_jobs(trap)
            self.assertEqual(len(jobs), 1)
            self.assertEqual(jobs[0].recordset, order)
            jobs[0].perform()
        self.assertEqual(len(self._customer_emails(order, "new date")), 1)
        with trap_jobs() as trap:
            self._receive(self.receipt, 10)
            self.assertEqual(order.oms_preorder_state, "served")
            self.assertFalse(self._customer_emails(order, "is in stock"), "not sent yet")
            jobs = self._mail_jobs(trap)
            self.assertEqual(len(jobs), 1)
            jobs[0].perform()
        email = self._customer_emails(order, "is in stock")
        self.assertEqual(len(email), 1)
        self.assertIn(order.name, email.body)
