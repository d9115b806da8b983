# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The Omnichannel Overview read from the stored KPI figures (issue 19, item 3)
gives exactly the figures computed live from the base tables: after the refresh
cron, on orders of several statuses, channels and warehouses, over date ranges
whose edge is a local midnight (Asia/Jakarta, UTC+7), and when an order changes
after the refresh (its stored row is then stale: the dashboard computes it live)."""

from datetime import datetime, time, timedelta

from odoo import Command, fields
from odoo.tests import Form, TransactionCase, new_test_user, tagged
from odoo.tools import SQL


@tagged("post_install", "-at_install")
class TestDashboardMaterialised(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        env.company.partner_id.tz = "Asia/Jakarta"
        env["exception.rule"].search([("method", "=like", "_oms_rule_%")]).active = False
        cls.manager = new_test_user(
            env,
            login="mat_manager",
            groups="oms_omnichannel.group_oms_manager,sales_team.group_sale_manager",
            tz="Asia/Jakarta",
        )
        Warehouse = env["stock.warehouse"]
        cls.jkt = Warehouse.create({"name": "Mat Jakarta", "code": "MJKT"})
        cls.sby = Warehouse.create({"name": "Mat Surabaya", "code": "MSBY"})
        (cls.jkt | cls.sby).delivery_steps = "ship_only"
        cls.product = env["product.product"].create(
            {
                "name": "Tenun Ikat",
                "is_storable": True,
                "list_price": 200000.0,
                "invoice_policy": "order",
                "taxes_id": [Command.clear()],
            }
        )
        for wh in cls.jkt | cls.sby:
            env["stock.quant"]._update_available_quantity(cls.product, wh.lot_stock_id, 100)
        cls.customer = env["res.partner"].create({"name": "Made Wirawan"})
        cls.web = env["oms.channel"].create(
            {"name": "Mat Web", "code": "MWEB", "velocity_limit": 0, "duplicate_window_minutes": 0}
        )
        cls.shp = env["oms.channel"].create(
            {
                "name": "Mat Shopee",
                "code": "MSHP",
                "velocity_limit": 0,
                "duplicate_window_minutes": 0,
            }
        )
        cls.channels = cls.web | cls.shp
        # local midnight starting yesterday (Jakarta) is 17:00 UTC the day before
        today = fields.Date.context_today(cls.manager.with_context(tz="Asia/Jakarta"))
        cls.today = today
        midnight = datetime.combine(today - timedelta(days=1), time.min) - timedelta(hours=7)
        cls.midnight = midnight
        plan = [
            # channel, warehouse, date_order (UTC), what happens, quantity
            (cls.web, cls.jkt, midnight - timedelta(seconds=1), "ship", 2),
            (cls.web, cls.jkt, midnight, "ship_partial", 3),
            (cls.web, cls.sby, midnight + timedelta(hours=3), "invoice", 1),
            (cls.shp, cls.jkt, midnight - timedelta(days=3), "cancel", 1),
            (cls.shp, cls.sby, midnight - timedelta(days=10), "confirm", 2),
            (cls.shp, cls.jkt, midnight - timedelta(days=40), "ship", 1),
            (cls.web, cls.sby, midnight - timedelta(days=6, hours=1), "hold", 1),
            (cls.web, cls.jkt, midnight - timedelta(days=2), "draft", 1),
        ]
        cls.orders = env["sale.order"]
        for index, (channel, warehouse, when, what, qty) in enumerate(plan):
            order = env["sale.order"].create(
                {
                    "partner_id": cls.customer.id,
                    "channel_id": channel.id,
                    "external_ref": f"MAT-{index}",
                    "warehouse_id": warehouse.id,
                    "oms_warehouse_locked": True,
                    "order_line": [
                        Command.create({"product_id": cls.product.id, "product_uom_qty": qty})
                    ],
                }
            )
            if what != "draft":
                order.action_confirm()
            if what in ("ship", "ship_partial", "invoice"):
                picking = order.picking_ids
                if what == "ship_partial":
                    picking.move_ids.quantity = 1
                cls._ship(picking)
                order.picking_ids.filtered(lambda p: p.state == "done").date_done = (
                    when + timedelta(hours=30)
                )
            if what == "invoice":
                invoice = order._create_invoices()
                invoice.action_post()
            if what == "cancel":
                order.with_context(disable_cancel_warning=True).action_cancel()
            if what == "hold":
                order.oms_hold_since = when + timedelta(hours=1)
            order.write({"date_order": when, "oms_promised_ship_date": when.date()})
            cls.orders |= order
        env.flush_all()
        # everything above was written a day ago, before the first refresh
        for table in ("sale_order", "stock_picking", "account_move"):
            env.cr.execute(
                SQL(
                    "UPDATE %s SET write_date = write_date - interval '1 day'",
                    SQL.identifier(table),
                )
            )
        cls.cron = env.ref("oms_omnichannel.ir_cron_oms_order_kpi_refresh")

    @classmethod
    def _ship(cls, picking):
        res = picking.button_validate()
        if isinstance(res, dict):  # backorder wizard: keep a backorder
            Form.from_action(cls.env, res).save().process()

    def _run_cron(self, cron=None):
        cron = cron or self.cron
        cron.ir_actions_server_id.with_user(cron.user_id).run()
        self.env.invalidate_all()

    def _dirty(self):
        self.env.flush_all()
        self.env.cr.execute(self.env["oms.order.kpi.fact"]._oms_dirty_orders_sql())
        return {row[0] for row in self.env.cr.fetchall()}

    def _data(self, live, **filters):
        dashboard = self.env["oms.dashboard"].with_user(self.manager)
        if live:
            dashboard = dashboard.with_context(oms_dashboard_live=True)
        return dashboard._oms_dashboard_data(filters=dashboard._oms_dashboard_filters(filters))

    def _assert_same(self, live, stored, path="data"):
        if isinstance(live, dict):
            self.assertEqual(set(live), set(stored), path)
            for key in live:
                self._assert_same(live[key], stored[key], f"{path}.{key}")
        elif isinstance(live, list):
            self.assertEqual(len(live), len(stored), path)
            for index, (a, b) in enumerate(zip(live, stored, strict=True)):
                self._assert_same(a, b, f"{path}[{index}]")
        elif isinstance(live, float) or isinstance(stored, float):
            self.assertAlmostEqual(live, stored, places=9, msg=path)
        else:
            self.assertEqual(live, stored, path)

    def _assert_exact(self):
        today = self.today
        yesterday = today - timedelta(days=1)
        filter_sets = [
            {},
            {"channel_ids": self.web.ids},
            {"channel_ids": self.shp.ids},
            {"warehouse_ids": self.sby.ids},
            {"channel_ids": self.channels.ids, "warehouse_ids": self.jkt.ids},
            # one day: the order placed one second before its local midnight is out
            {"date_from": str(yesterday), "date_to": str(yesterday)},
            {
                "date_from": str(today - timedelta(days=2)),
                "date_to": str(today - timedelta(days=2)),
            },
            {"date_from": str(today - timedelta(days=60)), "date_to": str(today)},
            {"date_to": str(today - timedelta(days=5)), "channel_ids": self.web.ids},
        ]
        for filters in filter_sets:
            with self.subTest(filters=filters):
                live = self._data(True, **filters)
                stored = self._data(False, **filters)
                self._assert_same(live, stored)
        return self._data(False, channel_ids=self.channels.ids)

    def test_stored_figures_equal_live_ones(self):
        self.assertTrue(set(self.orders.ids) <= self._dirty(), "before any refresh: all live")
        self._run_cron()
        fact = self.env["oms.order.kpi.fact"].sudo().search([("order_id", "in", self.orders.ids)])
        self.assertEqual(fact.order_id, self.orders, "one stored row per order")
        self.assertFalse(set(self.orders.ids) & self._dirty(), "all read from stored rows")
        data = self._assert_exact()
        week = data["kpis"]["7"]["current"]
        # the last 7 local days: not the orders of 7 (at 23:00), 10 and 40 days ago
        self.assertEqual(week["orders"], 5)
        # the day boundary: yesterday (local) holds the orders of midnight and 3 h later
        day = self._data(
            False,
            date_from=str(self.today - timedelta(days=1)),
            date_to=str(self.today - timedelta(days=1)),
        )
        self.assertEqual(day["kpis"]["range"]["current"]["orders"], 2)
        self.assertEqual(day["kpis"]["range"]["previous"]["orders"], 1)
        self.assertGreater(week["revenue"], 0)
        self.assertIsNotNone(week["line_fill_rate"])

    def test_order_changed_after_refresh(self):
        self._run_cron()
        confirmed = self.orders[4]
        shipped = self.orders[0]
        # the test's channels only, as _assert_exact answers: other tests of the same
        # database may have committed orders of their own
        before = self._data(False, channel_ids=self.channels.ids)["kpis"]["30"]["current"]
        # after the refresh: a confirmed order is cancelled, a shipped one goes on hold
        confirmed.with_context(disable_cancel_warning=True).action_cancel()
        shipped.oms_hold_since = fields.Datetime.now()
        self.env.flush_all()
        self.assertTrue({confirmed.id, shipped.id} <= self._dirty())
        stale = self.env["oms.order.kpi.fact"].sudo().search([("order_id", "=", confirmed.id)])
        self.assertEqual(stale.state, "sale", "the stored row is stale...")
        after = self._assert_exact()["kpis"]["30"]["current"]  # ...the figures are not
        self.assertGreater(after["cancel_rate"], before["cancel_rate"])
        self.assertGreater(after["hold_rate"], before["hold_rate"])
        # the next refresh rewrites the changed orders only
        self._run_cron()
        fresh = self.env["oms.order.kpi.fact"].sudo().search([("order_id", "=", confirmed.id)])
        self.assertEqual(fresh.state, "cancel")
        state = self.env["oms.order.kpi.state"].sudo().search([])
        self.assertEqual(len(state), 1)
        self.assertLess(state.refreshed_count, len(self.orders) + 10)
        self.assertTrue({confirmed.id, shipped.id} <= self._dirty(), "still within the margin")
        self._assert_exact()

    def test_full_refresh_cron_and_deleted_order(self):
        self._run_cron(self.env.ref("oms_omnichannel.ir_cron_oms_order_kpi_refresh_full"))
        draft = self.orders[7]
        self.assertTrue(
            self.env["oms.order.kpi.fact"].sudo().search_count([("order_id", "=", draft.id)])
        )
        draft.unlink()
        self.env.flush_all()
        self.assertFalse(
            self.env["oms.order.kpi.fact"].sudo().search_count([("order_id", "=", draft.id)])
        )
        self._assert_exact()

    def test_channel_restricted_user(self):
        self._run_cron()
        self.manager.oms_scope_channel_ids = self.shp
        live = self._data(True)
        stored = self._data(False)
        self._assert_same(live, stored)
        self.assertEqual(
            {s["channel_id"] for s in stored["daily"]["series"]} - {self.shp.id}, set()
        )
