# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, TransactionCase, new_test_user, tagged

from .status_common import OmsStatusFixture


@tagged("post_install", "-at_install")
class TestStatusTracking(OmsStatusFixture, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_oms_status_fixture()
        cls.stock_user = new_test_user(cls.env, login="oms_stock", groups="stock.group_stock_user")

    def test_carriers_shipped_with_the_module(self):
        carriers = {
            code: self.env.ref(f"oms_omnichannel.carrier_{code}")
            for code in ("jne", "jnt", "sicepat", "anteraja", "own")
        }
        for code, carrier in carriers.items():
            self.assertEqual(carrier.oms_code, code)
            self.assertEqual(carrier.delivery_type, "fixed")
            self.assertEqual(carrier.fixed_price, 0.0)
            self.assertEqual(carrier.product_id.type, "service")
        for code in ("jne", "jnt", "sicepat", "anteraja"):
            self.assertIn("<shipmenttrackingnumber>", carriers[code].tracking_url)
            self.assertTrue(carriers[code].tracking_url.startswith("https://"))
        self.assertFalse(carriers["own"].tracking_url)
        menu = self.env.ref("oms_omnichannel.menu_oms_delivery_carrier")
        self.assertEqual(menu.parent_id, self.env.ref("oms_omnichannel.menu_oms_config_fulfilment"))
        self.assertEqual(menu.action.res_model, "delivery.carrier")

    def test_full_flow_one_step_warehouse(self):
        order = self._order(self.wh1)
        self._commit_point()
        self.assertEqual(order.oms_status, "received")

        order.action_confirm()  # no stock yet: nothing reserved
        self._commit_point()
        self.assertEqual(order.oms_status, "confirmed")
        delivery = order.picking_ids
        self.assertEqual(len(delivery), 1)
        self.assertTrue(delivery.oms_is_customer_delivery)

        self._stock(self.wh1, 10)
        delivery.action_assign()
        self._commit_point()
        self.assertEqual(order.oms_status, "allocated")

        delivery.move_ids.picked = True
        self._commit_point()
        self.assertEqual(order.oms_status, "picking")

        delivery.with_user(self.stock_user).action_oms_mark_packed()
        self._commit_point()
        self.assertTrue(delivery.oms_packed)
        self.assertEqual(order.oms_status, "packed")

        with self.assertRaises(UserError):  # not shipped yet
            delivery.action_oms_mark_delivered()

        self._ship(delivery, "JNE0012345678")
        self._commit_point()
        self.assertEqual(order.oms_status, "shipped")
        url = "https://www.jne.co.id/tracking-package?awb=JNE0012345678"
        self.assertEqual(order.oms_tracking_refs, "JNE0012345678")
        self.assertEqual(order.oms_tracking_url, url)
        shipment_notes = order.message_ids.filtered(
            lambda m: m.message_type == "notification" and url in (m.body or "")
        )
        self.assertEqual(len(shipment_notes), 1, "the shipment is logged once on the order")
        self.assertIn("JNE", shipment_notes.body)
        self.assertIn(delivery.name, shipment_notes.body)

        delivery.with_user(self.stock_user).action_oms_mark_delivered()
        self._commit_point()
        self.assertTrue(delivery.oms_delivered_date)
        self.assertEqual(order.oms_status, "delivered")

        self._invoice_and_post(order)
        self._commit_point()
        self.assertEqual(order.oms_status, "done")
        self.assertEqual(
            self._status_history(order),
            [
                "Received",
                "Confirmed",
                "Allocated",
                "Picking",
                "Packed",
                "Shipped",
                "Delivered",
                "Done",
            ],
        )

    def test_full_flow_three_step_warehouse(self):
        self._stock(self.wh3, 10)
        order = self._order(self.wh3)
        self._commit_point()
        self.assertEqual(order.oms_status, "received")
        order.action_confirm()
        self._commit_point()
        pick = order.picking_ids
        self.assertEqual(pick.picking_type_id, self.wh3.pick_type_id)
        self.assertEqual(pick.state, "assigned")
        self.assertFalse(order.delivery_picking_ids)
        # stock is reserved on the pick: the order is allocated
        self.assertEqual(order.oms_status, "allocated")

        pick.button_validate()
        self._commit_point()
        self.assertEqual(order.oms_status, "picking")

        pack = order.picking_ids.filtered(lambda p: p.picking_type_id == self.wh3.pack_type_id)
        self.assertEqual(pack.state, "assigned")
        pack.button_validate()
        self._commit_point()
        self.assertEqual(order.oms_status, "packed")

        out = order.picking_ids.filtered(lambda p: p.picking_type_id == self.wh3.out_type_id)
        self.assertEqual(order.delivery_picking_ids, out, "only the last step is the delivery")
        self._ship(out, "SBY-778899", carrier=self.env.ref("oms_omnichannel.carrier_sicepat"))
        self._commit_point()
        self.assertEqual(order.oms_status, "shipped")
        self.assertEqual(order.oms_tracking_url, "https://www.sicepat.com/checkAwb/SBY-778899")

        out.action_oms_mark_delivered()
        self._commit_point()
        self.assertEqual(order.oms_status, "delivered")
        self._invoice_and_post(order)
        self._commit_point()
        self.assertEqual(order.oms_status, "done")
        self.assertEqual(
            self._status_history(order),
            # the confirmation reserved at once: confirmed, then allocated
            [
                "Received",
                "Confirmed",
                "Allocated",
                "Picking",
                "Packed",
                "Shipped",
                "Delivered",
                "Done",
            ],
        )

    def test_partial_shipment_with_backorder_and_split_message(self):
        self._stock(self.wh1, 3)
        order = self._order(self.wh1, qty=5)
        order.action_confirm()
        self._commit_point()
        first = order.picking_ids
        # 3 of 5 reserved: not "Allocated"
        self.assertEqual(order.oms_status, "partially_allocated")
        self.assertEqual(first.move_ids.quantity, 3)

        self._ship(first, "JP1111")  # 3 of 5 leave, backorder for 2
        self._commit_point()
        backorder = order.picking_ids - first
        self.assertEqual(len(backorder), 1)
        self.assertEqual(backorder.backorder_id, first)
        self.assertEqual(order.oms_status, "partially_shipped")
        split = order.message_ids.filtered(lambda m: "split into 2 deliveries" in (m.body or ""))
        self.assertEqual(len(split), 1)
        self.assertIn(first.name, split.body)
        self.assertIn(backorder.name, split.body)

        self._stock(self.wh1, 2)
        backorder.action_assign()
        self._ship(backorder, "JP2222")
        self._commit_point()
        self.assertEqual(order.oms_status, "shipped")
        self.assertEqual(set(order.oms_tracking_refs.split(", ")), {"JP1111", "JP2222"})
        self.assertFalse(order.oms_tracking_url, "two parcels: no single link")
        self.assertEqual(self._status_history(order)[-2:], ["Partially Shipped", "Shipped"])

        (first | backorder).action_oms_mark_delivered()
        self._commit_point()
        self.assertEqual(order.oms_status, "delivered")

    def test_cancelled(self):
        order = self._order(self.wh1)
        order.action_confirm()
        self._commit_point()
        order._action_cancel()
        self._commit_point()
        self.assertEqual(order.oms_status, "cancelled")
        self.assertEqual(self._status_history(order)[-1], "Cancelled")

    def test_mark_buttons_refuse_wrong_pickings(self):
        self._stock(self.wh3, 5)
        order = self._order(self.wh3)
        order.action_confirm()
        pick = order.picking_ids
        with self.assertRaises(UserError):
            pick.action_oms_mark_packed()  # an internal step, not a delivery
        self._stock(self.wh1, 5)
        order1 = self._order(self.wh1, external_ref="WEB-1002")
        order1.action_confirm()
        out = order1.delivery_picking_ids
        self.assertEqual(len(out), 1)
        plain = new_test_user(self.env, login="oms_plain", groups="base.group_user")
        self.assertFalse(plain.has_group("stock.group_stock_user"))
        with self.assertRaises(AccessError):
            out.with_user(plain).action_oms_mark_packed()
        self.assertFalse(out.oms_packed)


@tagged("post_install", "-at_install")
class TestPortalTracking(OmsStatusFixture, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_oms_status_fixture()

    def test_portal_order_page_shows_tracking_link(self):
        self._stock(self.wh1, 5)
        order = self._order(self.wh1)
        order.action_confirm()
        anteraja = self.env.ref("oms_omnichannel.carrier_anteraja")
        self._ship(order.picking_ids, "AA-55501", carrier=anteraja)
        response = self.url_open(order.get_portal_url())
        self.assertEqual(response.status_code, 200)
        self.assertIn('href="https://anteraja.id/tracking/AA-55501"', response.text)
        self.assertIn("AnterAja", response.text)
        self.assertIn("Shipped", response.text)
