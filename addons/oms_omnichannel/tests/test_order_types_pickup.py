# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import TransactionCase, tagged

from odoo.addons.queue_job.tests.common import trap_jobs

from .order_types_common import OmsOrderTypesFixture


@tagged("post_install", "-at_install")
class TestOrderTypesPickup(OmsOrderTypesFixture, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_order_types_fixture()

    def _pickup_order(self, qty=2):
        order = self._order(
            [(self.coffee, qty)],
            channel=self.web,
            oms_pickup_store_id=self.store.id,
            payment_method="ewallet",
            payment_status="paid",
            workflow_process_id=self.workflow.id,
        )
        order.payment_amount = order.amount_total
        order._oms_process_captured()
        self.assertEqual(order.state, "sale", order.exception_ids.mapped("name"))
        return order

    def test_store_with_stock_serves_the_order_through_pickup(self):
        self._stock(self.coffee, self.store, 3)
        # the warehouse has more: sourcing alone would ship from it
        self._stock(self.coffee, self.wh_main, 100)
        order = self._pickup_order(qty=2)
        self.assertEqual(order.warehouse_id, self.store)
        self.assertTrue(order.oms_warehouse_locked)
        delivery = order.picking_ids
        self.assertEqual(len(delivery), 1)
        self.assertEqual(delivery.picking_type_id.warehouse_id, self.store)
        self.assertEqual(delivery.state, "assigned")
        self.assertFalse(order.oms_pickup_transfer_ids)
        self.assertEqual(order.oms_pickup_state, "waiting")
        self.assertEqual(order.oms_pickup_date, fields.Date.context_today(order))
        self.assertEqual(self._free_qty(self.coffee, self.store), 1)

        # the store clerk marks it ready from the delivery
        delivery.action_oms_ready_for_pickup()
        self.assertEqual(order.oms_pickup_state, "ready")
        self.assertEqual(order.oms_status, "ready_for_pickup")
        self.assertEqual(order.oms_pickup_deadline - order.oms_pickup_ready_date, timedelta(days=3))
        email = self._customer_emails(order, "ready for pickup")
        self.assertEqual(len(email), 1)
        self.assertIn("Toko Kemang", email.body)

        order.action_oms_confirm_pickup()
        self.assertEqual(delivery.state, "done")
        self.assertTrue(delivery.oms_delivered_date)
        self.assertEqual(order.oms_pickup_state, "collected")
        self.assertIn(order.oms_status, ("delivered", "done"))
        self.assertEqual(order.order_line.qty_delivered, 2)
        self.assertEqual(self.coffee.with_context(warehouse_id=self.store.id).qty_available, 1)
        self.assertEqual(self.coffee.with_context(warehouse_id=self.wh_main.id).qty_available, 100)

    def test_store_without_stock_gets_a_transfer_and_a_later_pickup_date(self):
        self._stock(self.coffee, self.store, 1)
        self._stock(self.coffee, self.wh_main, 10)
        order = self._pickup_order(qty=3)
        transfer = order.oms_pickup_transfer_ids
        self.assertEqual(len(transfer), 1)
        self.assertEqual(transfer.location_id, self.wh_main.lot_stock_id)
        self.assertEqual(transfer.location_dest_id, self.store.lot_stock_id)
        self.assertEqual(transfer.move_ids.product_uom_qty, 2)
        self.assertEqual(transfer.state, "assigned")
        today = fields.Date.context_today(order)
        self.assertEqual(order.oms_pickup_date, today + timedelta(days=2))
        self.assertEqual(transfer.scheduled_date.date(), today + timedelta(days=2))
        # not everything is in the store yet
        with self.assertRaisesRegex(UserError, "not complete in the store"):
            order.action_oms_ready_for_pickup()
        # the transfer arrives: the store delivery reserves it
        transfer.move_ids.quantity = 2
        transfer.move_ids.picked = True
        transfer.button_validate()
        self.assertEqual(transfer.state, "done")
        delivery = order.picking_ids.filtered("oms_is_customer_delivery")
        self.assertEqual(delivery.state, "assigned")
        order.action_oms_ready_for_pickup()
        self.assertEqual(order.oms_status, "ready_for_pickup")
        order.action_oms_confirm_pickup()
        self.assertEqual(order.oms_pickup_state, "collected")
        self.assertEqual(self.coffee.with_context(warehouse_id=self.store.id).qty_available, 0)
        self.assertEqual(self.coffee.with_context(warehouse_id=self.wh_main.id).qty_available, 8)

    def test_uncollected_order_is_cancelled_and_restocked(self):
        self._stock(self.coffee, self.store, 5)
        self.web.oms_pickup_hold_days = 1  # the channel's setting wins over the store's 3
        order = self._pickup_order(qty=2)
        self.assertEqual(self._free_qty(self.coffee, self.store), 3)
        order.action_oms_ready_for_pickup()
        deadline = order.oms_pickup_deadline
        self.assertEqual(deadline - order.oms_pickup_ready_date, timedelta(days=1))
        Order = self.env["sale.order"]
        with freeze_time(deadline - timedelta(hours=1)):
            self.assertFalse(Order._cron_oms_cancel_uncollected())
        self.assertEqual(order.state, "sale")
        with freeze_time(deadline + timedelta(hours=1)):
            self.assertEqual(Order._cron_oms_cancel_uncollected(), order)
        self.assertEqual(order.state, "cancel")
        self.assertEqual(order.oms_pickup_state, "no_show")
        self.assertEqual(order.oms_status, "cancelled")
        self.assertEqual(order.picking_ids.state, "cancel")
        self.assertEqual(self._free_qty(self.coffee, self.store), 5, "back in stock")
        with self.assertRaisesRegex(UserError, "ready for pickup"):
            order.action_oms_confirm_pickup()

    def test_only_prepared_pickup_orders_can_be_ready(self):
        self._stock(self.coffee, self.wh_main, 5)
        order = self._order([(self.coffee, 1)], channel=self.web)
        order.action_confirm()
        with self.assertRaisesRegex(UserError, "not a pickup order"):
            order.action_oms_ready_for_pickup()

    def test_ready_for_pickup_email_is_a_job_when_the_channel_notifies_in_background(self):
        """With *Send Notifications in Background*, Ready for Pickup queues the email on
        the OMS notification channel; performing the job sends it."""
        self.web.notify_async = True
        self._stock(self.coffee, self.store, 2)
        order = self._pickup_order(qty=2)
        with trap_jobs() as trap:
            order.action_oms_ready_for_pickup()
            self.assertEqual(order.oms_status, "ready_for_pickup")
            self.assertFalse(self._customer_emails(order, "ready for pickup"), "not sent yet")
            jobs = [
                job
                for job in trap.enqueued_jobs
                if job.method_name == "_oms_job_send_customer_mail"
            ]
            self.assertEqual(len(jobs), 1)
            self.assertEqual(jobs[0].channel, "root.oms_notify")
            self.assertEqual(jobs[0].recordset, order)
            jobs[0].perform()
        email = self._customer_emails(order, "ready for pickup")
        self.assertEqual(len(email), 1)
        self.assertIn("Toko Kemang", email.body)
        # a channel that emails nobody queues nothing
        self.web.notify_customer = False
        self._stock(self.coffee, self.store, 1)
        silent = self._pickup_order(qty=1)
        with trap_jobs() as trap:
            silent.action_oms_ready_for_pickup()
            trap.assert_jobs_count(0, only=silent._oms_job_send_customer_mail)
        self.assertFalse(self._customer_emails(silent, "ready for pickup"))
