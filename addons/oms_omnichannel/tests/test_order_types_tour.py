# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import HttpCase, new_test_user, tagged

from .order_types_common import OmsOrderTypesFixture


@tagged("post_install", "-at_install")
class TestOrderTypesTour(OmsOrderTypesFixture, HttpCase):
    """The order form's order-type buttons clicked in headless Chromium (desktop)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_order_types_fixture()
        cls.manager = new_test_user(
            cls.env,
            login="types_tour_mgr",
            groups="oms_omnichannel.group_oms_manager,sales_team.group_sale_manager",
        )

    def _form_url(self, order):
        return f"/odoo/action-oms_omnichannel.action_oms_orders/{order.id}"

    def test_ready_for_pickup_confirm_pickup_and_reorder_buttons(self):
        self._stock(self.coffee, self.store, 5)
        order = self._order(
            [(self.coffee, 2)],
            channel=self.web,
            oms_pickup_store_id=self.store.id,
            workflow_process_id=self.workflow.id,
        )
        order._oms_process_captured()
        self.assertEqual(order.oms_pickup_state, "waiting", order.exception_ids.mapped("name"))
        self.start_tour(self._form_url(order), "oms_pickup_reorder_tour", login="types_tour_mgr")
        # Ready for Pickup, then Confirm Pickup
        self.assertEqual(order.oms_pickup_state, "collected")
        self.assertTrue(order.oms_pickup_ready_date)
        self.assertEqual(order.picking_ids.state, "done")
        self.assertEqual(order.order_line.qty_delivered, 2)
        self.assertEqual(self.coffee.with_context(warehouse_id=self.store.id).qty_available, 3)
        self.assertTrue(self._customer_emails(order, "ready for pickup"))
        # Reorder
        repeat = self.env["sale.order"].search([("oms_reorder_of_id", "=", order.id)])
        self.assertEqual(len(repeat), 1)
        self.assertEqual(repeat.create_uid, self.manager)
        self.assertEqual(repeat.channel_id, self.web)
        self.assertEqual(repeat.partner_id, self.customer)
        self.assertEqual(repeat.order_line.product_id, self.coffee)
        self.assertEqual(repeat.order_line.product_uom_qty, 2)
        self.assertEqual(repeat.state, "sale", repeat.exception_ids.mapped("name"))
        self.assertEqual(repeat.oms_pickup_store_id, self.store)
        self.assertEqual(repeat.oms_pickup_state, "waiting")

    def test_release_hold_button(self):
        self._stock(self.coffee, self.wh_main, 10)
        self.b2b.oms_approval_amount = 150_000
        order = self._order([(self.coffee, 2)], channel=self.b2b)
        order._oms_process_captured()
        self.assertTrue(order.oms_hold)
        self.assertEqual(order.state, "draft")
        self.start_tour(self._form_url(order), "oms_release_hold_tour", login="types_tour_mgr")
        self.assertEqual(order.state, "sale")
        self.assertFalse(order.oms_hold)
        self.assertNotEqual(order.oms_status, "on_hold")
        self.assertTrue(
            order.message_ids.filtered(
                lambda m: "Customer confirmed the order by phone" in (m.body or "")
            )
        )
