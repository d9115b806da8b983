# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The Omnichannel order screens: why an order is held (screen and chatter), the
bulk actions of the order list, the late marker, and the views a user sees (list,
kanban, held order form) in headless Chromium."""

from datetime import timedelta

from lxml import etree

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.fields import Command
from odoo.tests import HttpCase, new_test_user, tagged

from .l10n_id_common import IndonesianCompanyCommon


@tagged("post_install", "-at_install")
class TestOrderScreens(IndonesianCompanyCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        company = cls.setUpIndonesianCompany("PT Layar Nusantara")
        env = cls.env
        cls.indonesia = env.ref("base.id")
        cls.jakarta = env.ref("base.state_id_jk")
        user_vals = {"company_id": company.id, "company_ids": [Command.set(company.ids)]}
        cls.clerk = new_test_user(
            env, login="screens_clerk", groups="oms_omnichannel.group_oms_user", **user_vals
        )
        cls.manager = new_test_user(
            env,
            login="screens_manager",
            groups="oms_omnichannel.group_oms_manager,sales_team.group_sale_manager",
            **user_vals,
        )
        cls.workflow = env.ref("sale_automatic_workflow.automatic_validation")
        cls.channel = env["oms.channel"].create(
            {
                "name": "Toko Layar",
                "code": "LAYAR",
                "channel_type": "web",
                "company_id": company.id,
                "allowed_warehouse_ids": [Command.set(cls.wh.ids)],
                "workflow_process_id": cls.workflow.id,
            }
        )
        Product = env["product.product"]
        vals = {"type": "consu", "is_storable": True, "taxes_id": [Command.set(cls.ppn_11.ids)]}
        cls.batik = Product.create(dict(vals, name="Kemeja Batik Parang", list_price=250_000))
        cls.sarong = Product.create(dict(vals, name="Sarung Tenun Ikat", list_price=400_000))
        Quant = env["stock.quant"]
        Quant._update_available_quantity(cls.batik, cls.wh.lot_stock_id, 50)
        Quant._update_available_quantity(cls.sarong, cls.wh.lot_stock_id, 4)
        cls.stock_rule = env.ref("oms_omnichannel.exception_rule_stock_unavailable")
        cls.address_rule = env.ref("oms_omnichannel.exception_rule_incomplete_address")

    @classmethod
    def _customer(cls, name, **vals):
        values = {
            "name": name,
            "street": "Jl. Braga No. 9",
            "city": "Bandung",
            "state_id": cls.env.ref("base.state_id_jb").id,
            "zip": "40111",
            "country_id": cls.indonesia.id,
        }
        values.update(vals)
        return cls.env["res.partner"].create(values)

    def _capture(self, partner, lines):
        order = self.env["sale.order"].create(
            {
                "partner_id": partner.id,
                "channel_id": self.channel.id,
                "company_id": self.company.id,
                "warehouse_id": self.wh.id,
                "workflow_process_id": self.workflow.id,
                "payment_method": "prepaid",
                "order_line": [
                    Command.create({"product_id": product.id, "product_uom_qty": qty})
                    for product, qty in lines
                ],
            }
        )
        order._oms_process_captured()
        return order

    def _held_orders(self):
        short = self._capture(self._customer("Rina Wulandari"), [(self.sarong, 7)])
        no_zip = self._capture(self._customer("Agus Salim", zip=False), [(self.batik, 2)])
        self.assertEqual(short.exception_ids, self.stock_rule)
        self.assertEqual(no_zip.exception_ids, self.address_rule)
        self.assertTrue((short | no_zip).mapped("oms_hold"))
        return short, no_zip

    # ------------------------------------------------------------------
    # why an order is held: on the screen and in the chatter
    # ------------------------------------------------------------------
    def test_hold_reasons_name_product_quantity_and_field(self):
        short, no_zip = self._held_orders()
        self.assertIn("Sarung Tenun Ikat: 7 Units ordered, 4 free", short.oms_hold_details)
        self.assertIn("Agus Salim lacks: 5-digit postal code", no_zip.oms_hold_details)
        # the hold is logged in the chatter, with the same reasons
        for order, text in [
            (short, "Sarung Tenun Ikat: 7 Units ordered, 4 free"),
            (no_zip, "5-digit postal code"),
        ]:
            logged = order.message_ids.filtered(lambda m: "Order put on hold" in (m.body or ""))
            self.assertEqual(len(logged), 1)
            self.assertIn(text, logged.body)
        # a re-check that still fails does not log a second hold
        short.with_user(self.clerk).action_oms_recheck()
        self.assertEqual(
            len(short.message_ids.filtered(lambda m: "Order put on hold" in (m.body or ""))), 1
        )
        self.assertFalse(self._capture(self._customer("Sri"), [(self.batik, 1)]).oms_hold_details)

    # ------------------------------------------------------------------
    # bulk actions of the list
    # ------------------------------------------------------------------
    def test_bulk_recheck_then_release(self):
        short, no_zip = self._held_orders()
        no_zip.partner_shipping_id.zip = "40112"
        (short | no_zip).with_user(self.clerk).action_oms_recheck()
        self.assertEqual(no_zip.state, "sale", "its address is fixed: confirmed")
        self.assertTrue(no_zip.picking_ids)
        self.assertTrue(short.oms_hold, "still short of stock")
        # releasing from the list opens the wizard for the held orders only
        with self.assertRaises(AccessError):
            (short | no_zip).with_user(self.clerk).action_oms_release_hold()
        action = (short | no_zip).with_user(self.manager).action_oms_release_hold()
        self.assertEqual(action["context"]["default_order_ids"], short.ids)
        wizard = (
            self.env["oms.hold.release"]
            .with_user(self.manager)
            .with_context(action["context"])
            .create({"reason": "Supplier delivers on Monday"})
        )
        wizard.action_apply()
        self.assertEqual(short.state, "sale")
        self.assertIn(
            "Supplier delivers on Monday", short.message_ids[0].body, "the reason is logged"
        )

    def test_bulk_cancel_with_reason(self):
        short, _no_zip = self._held_orders()
        confirmed = self._capture(self._customer("Dewi Lestari"), [(self.batik, 3)])
        self.assertEqual(confirmed.state, "sale")
        orders = short | confirmed
        with self.assertRaises(AccessError):
            orders.with_user(self.clerk).action_oms_cancel_orders()
        action = orders.with_user(self.manager).action_oms_cancel_orders()
        wizard = (
            self.env["oms.hold.release"]
            .with_user(self.manager)
            .with_context(action["context"])
            .create({"reason": "Customer asked by WhatsApp"})
        )
        self.assertEqual(wizard.decision, "cancel")
        self.assertEqual(wizard.order_ids, orders)
        wizard.action_apply()
        self.assertEqual(orders.mapped("state"), ["cancel", "cancel"])
        self.assertEqual(orders.mapped("oms_status"), ["cancelled", "cancelled"])
        self.assertEqual(set(orders.mapped("oms_cancel_reason")), {"Customer asked by WhatsApp"})
        # the confirmed order's delivery is cancelled: the stock is free again
        self.assertEqual(set(confirmed.picking_ids.mapped("state")), {"cancel"})
        self.assertIn("Customer asked by WhatsApp", confirmed.message_ids[0].body)
        # a reason is required
        again = self._capture(self._customer("Wayan"), [(self.batik, 1)])
        with self.assertRaises(UserError):
            again.with_user(self.manager)._oms_cancel_with_reason("  ")
        self.assertEqual(again.state, "sale")

    def test_bulk_reroute(self):
        orders = self._capture(self._customer("Made"), [(self.batik, 1)]) | self._capture(
            self._customer("Ketut"), [(self.batik, 2)]
        )
        old = orders.picking_ids
        orders.with_user(self.manager).action_oms_reroute()
        self.assertEqual(set(old.mapped("state")), {"cancel"})
        for order in orders:
            fresh = order.picking_ids - old
            self.assertEqual(fresh.state, "assigned")
            self.assertIn("Re-routed by", order.message_ids[0].body)

    # ------------------------------------------------------------------
    # late marker
    # ------------------------------------------------------------------
    def test_late_marker(self):
        order = self._capture(self._customer("Putu"), [(self.batik, 1)])
        on_time = self._capture(self._customer("Nyoman"), [(self.batik, 1)])
        today = fields.Date.context_today(order)
        order.oms_promised_ship_date = today - timedelta(days=3)
        on_time.oms_promised_ship_date = today
        self.assertTrue(order.oms_is_late)
        self.assertEqual(order.oms_late_label, "3 d late")
        self.assertFalse(on_time.oms_is_late)
        Order = self.env["sale.order"]
        self.assertEqual(
            Order.search([("channel_id", "=", self.channel.id), ("oms_is_late", "=", True)]), order
        )
        self.assertEqual(
            Order.search([("id", "in", (order | on_time).ids), ("oms_is_late", "=", False)]),
            on_time,
        )
        # once shipped it is no longer late
        picking = order.picking_ids
        picking.move_ids.quantity = 1
        picking.move_ids.picked = True
        picking.button_validate()
        self.assertEqual(order.oms_status, "shipped")
        self.assertFalse(order.oms_is_late)

    # ------------------------------------------------------------------
    # the views
    # ------------------------------------------------------------------
    def test_oms_columns_only_in_omnichannel_views(self):
        Order = self.env["sale.order"]
        action = self.env.ref("oms_omnichannel.action_oms_orders")
        views = Order.get_views(
            [(v, t) for v, t in action.views if t in ("list", "kanban")]
            + [(action.search_view_id.id, "search")]
        )["views"]
        columns = {
            node.get("name") for node in etree.fromstring(views["list"]["arch"]).iter("field")
        }
        self.assertLessEqual(
            {
                "channel_id",
                "oms_status",
                "payment_status",
                "oms_tracking_refs",
                "oms_promised_ship_date",
                "oms_late_label",
            },
            columns,
        )
        search = etree.fromstring(views["search"]["arch"])
        self.assertEqual(
            [f.get("name") for f in search.find("searchpanel").iter("field")],
            ["channel_id", "oms_status"],
        )
        kanban = etree.fromstring(views["kanban"]["arch"])
        self.assertEqual(kanban.get("quick_create"), "false")
        # the Sales app's own lists and search stay without the OMS columns
        for xmlid, view_type in [
            ("sale.view_order_tree", "list"),
            ("sale.view_quotation_tree", "list"),
            ("sale.view_sales_order_filter", "search"),
        ]:
            arch = Order.get_view(self.env.ref(xmlid).id, view_type)["arch"]
            for name in ("channel_id", "oms_status", "oms_risk_level", "oms_promised_ship_date"):
                self.assertNotIn(f'name="{name}"', arch, xmlid)

    def test_tour_order_screens(self):
        _short, _no_zip = self._held_orders()
        budi = self._capture(self._customer("Budi Santoso"), [(self.batik, 2)])
        self.assertEqual(budi.state, "sale")
        self.start_tour(
            "/odoo/action-oms_omnichannel.action_oms_orders",
            "oms_order_screens_tour",
            login="screens_manager",
        )
        # the tour cancelled Budi's order from the list, with its reason
        self.assertEqual(budi.state, "cancel")
        self.assertEqual(budi.oms_cancel_reason, "Customer changed their mind")
