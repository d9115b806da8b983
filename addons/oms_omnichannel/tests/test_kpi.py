# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""KPI reports and dashboard on a small data set whose figures are checked by hand.

Company time zone Asia/Jakarta (UTC+7). Channel WEB, warehouse JKT, four orders
of 2 units at 150 000 placed 2026-01-09 08:00 UTC, promised to ship on 2026-01-10:

===== ============================ ============ ============ =====================
order first shipment (UTC)         local day    on time      promised delivery by
===== ============================ ============ ============ =====================
o1    2026-01-09 20:00 (12 h)      01-10        yes          01-12, delivered 01-12
o2    2026-01-10 16:00 (32 h)      01-10 23:00  yes          01-12, delivered 01-13
o3    2026-01-10 18:00 (34 h)      01-11 01:00  no           -
o4    2026-01-10 04:00 (20 h), 1/2 01-10        yes          - (1 unit backordered)
===== ============================ ============ ============ =====================

Channel SHP: o5 cancelled. Channel B2B: o6 split over JKT and SBY (not shipped).
"""

from datetime import date, datetime, timedelta

from odoo import Command, fields
from odoo.exceptions import AccessError
from odoo.tests import Form, HttpCase, TransactionCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestKpi(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        env.company.partner_id.tz = "Asia/Jakarta"
        env["exception.rule"].search([("method", "=like", "_oms_rule_%")]).active = False
        country = env.ref("base.id")
        jk = env["res.country.state"].search([("country_id", "=", country.id), ("code", "=", "JK")])
        ji = env["res.country.state"].search([("country_id", "=", country.id), ("code", "=", "JI")])
        cls.jkt = env["stock.warehouse"].create(
            {
                "name": "KPI Jakarta",
                "code": "KJKT",
                "delivery_steps": "ship_only",
                "partner_id": env["res.partner"]
                .create({"name": "WH JKT", "state_id": jk.id, "country_id": country.id})
                .id,
            }
        )
        cls.sby = env["stock.warehouse"].create(
            {
                "name": "KPI Surabaya",
                "code": "KSBY",
                "delivery_steps": "ship_only",
                "partner_id": env["res.partner"]
                .create({"name": "WH SBY", "state_id": ji.id, "country_id": country.id})
                .id,
            }
        )
        cls.categ = env["product.category"].create({"name": "Batik"})
        cls.product = env["product.product"].create(
            {
                "name": "Batik Shirt",
                "default_code": "KPI-BATIK",
                "is_storable": True,
                "list_price": 150000.0,
                "categ_id": cls.categ.id,
                "taxes_id": [Command.clear()],
            }
        )
        cls.product_b = env["product.product"].create(
            {"name": "Sarong", "default_code": "KPI-SARONG", "is_storable": True}
        )
        env["stock.quant"]._update_available_quantity(cls.product, cls.jkt.lot_stock_id, 100)
        env["stock.quant"]._update_available_quantity(cls.product_b, cls.sby.lot_stock_id, 10)
        cls.customer = env["res.partner"].create(
            {
                "name": "Siti Rahayu",
                "street": "Jl. Tunjungan 1",
                "city": "Surabaya",
                "zip": "60261",
                "state_id": ji.id,
                "country_id": country.id,
            }
        )
        channel_vals = {
            "channel_type": "web",
            "warehouse_id": cls.jkt.id,
            "allowed_warehouse_ids": [Command.set((cls.jkt | cls.sby).ids)],
            "velocity_limit": 0,
            "duplicate_window_minutes": 0,
        }
        cls.web = env["oms.channel"].create({"name": "KPI Web", "code": "KWEB", **channel_vals})
        cls.shp = env["oms.channel"].create({"name": "KPI Shopee", "code": "KSHP", **channel_vals})
        cls.b2b = env["oms.channel"].create(
            {
                "name": "KPI B2B",
                "code": "KB2B",
                "sourcing_strategies": "in_stock,single_source,nearest",
                "max_shipments": 3,
                **channel_vals,
            }
        )
        cls.jne = env.ref("oms_omnichannel.carrier_jne")
        cls.order_date = datetime(2026, 1, 9, 8, 0)
        cls.promise = date(2026, 1, 10)
        shipped_at = [
            datetime(2026, 1, 9, 20, 0),
            datetime(2026, 1, 10, 16, 0),
            datetime(2026, 1, 10, 18, 0),
            datetime(2026, 1, 10, 4, 0),
        ]
        cls.orders = env["sale.order"]
        for index, shipped in enumerate(shipped_at, start=1):
            order = cls._order(cls.web, f"KPI-{index}")
            order.action_confirm()
            picking = order.picking_ids
            if index == 4:
                picking.move_ids.quantity = 1  # ships 1 of 2: the other one is backordered
            cls._ship(picking)
            picking.date_done = shipped
            cls.orders |= order
        o1, o2 = cls.orders[:2]
        cls.orders.write(
            {
                "date_order": cls.order_date,
                "oms_promised_ship_date": cls.promise,
                "oms_promised_delivery_to": False,
            }
        )
        (o1 | o2).write({"oms_promised_delivery_to": date(2026, 1, 12)})
        o1.picking_ids.oms_delivered_date = datetime(2026, 1, 12, 0, 0)  # 64 h
        o2.picking_ids.oms_delivered_date = datetime(2026, 1, 13, 3, 0)  # 91 h
        cls.o5 = cls._order(cls.shp, "KPI-5")
        cls.o5.date_order = cls.order_date
        cls.o5.action_cancel()
        # split: the shirt is in Jakarta only, the sarong in Surabaya only
        cls.o6 = cls._order(
            cls.b2b,
            "KPI-6",
            lines=[(cls.product, 1), (cls.product_b, 1)],
            warehouse=False,
        )
        cls.o6.action_confirm()
        cls.o6.write(
            {
                "date_order": cls.order_date,
                "oms_promised_ship_date": False,
                "oms_promised_delivery_to": False,
            }
        )
        cls.jkt.oms_daily_capacity = 4
        env.flush_all()
        cls.channels = cls.web | cls.shp | cls.b2b
        cls.domain = [("channel_id", "in", cls.channels.ids)]

    @classmethod
    def _order(cls, channel, ref, lines=None, warehouse=True):
        vals = {
            "partner_id": cls.customer.id,
            "channel_id": channel.id,
            "external_ref": ref,
            "carrier_id": cls.jne.id,
            "order_line": [
                Command.create({"product_id": product.id, "product_uom_qty": qty})
                for product, qty in (lines or [(cls.product, 2)])
            ],
        }
        if warehouse:
            vals.update({"warehouse_id": cls.jkt.id, "oms_warehouse_locked": True})
        return cls.env["sale.order"].create(vals)

    @classmethod
    def _ship(cls, picking):
        res = picking.button_validate()
        if isinstance(res, dict):  # backorder wizard: keep a backorder
            Form.from_action(cls.env, res).save().process()

    def _group(self, model, domain, groupby, aggregates):
        return {
            key: values
            for key, *values in self.env[model]._read_group(domain, [groupby], aggregates)
        }

    # ------------------------------------------------------------------
    # Order KPIs
    # ------------------------------------------------------------------
    def test_orders_revenue_cancellations_per_channel(self):
        groups = self._group(
            "oms.order.report",
            self.domain,
            "channel_id",
            ["order_count:sum", "revenue:sum", "cancel_rate:avg"],
        )
        self.assertEqual(groups[self.web], [4, 1200000.0, 0.0])
        self.assertEqual(groups[self.shp], [1, 0.0, 100.0], "a cancelled order earns nothing")
        self.assertEqual(groups[self.b2b][0], 1)
        summary = self.env["oms.order.report"]._oms_kpi_summary(self.domain)
        self.assertEqual(summary["orders"], 6)
        self.assertAlmostEqual(summary["cancel_rate"], 100.0 / 6)

    def test_on_time_shipment_and_delivery(self):
        web = self.env["oms.order.report"]._oms_kpi_summary([("channel_id", "=", self.web.id)])
        # o3 left at 01:00 Jakarta time on the 11th: one day late
        self.assertEqual(web["on_time_ship_rate"], 75.0)
        # o1 delivered on the 12th as promised, o2 on the 13th
        self.assertEqual(web["on_time_delivery_rate"], 50.0)
        rows = self.env["oms.order.report"].search([("order_id", "in", self.orders.ids)])
        late = rows.filtered(lambda r: r.on_time_ship_rate == 0)
        self.assertEqual(late.order_id, self.orders[2])
        # the grouped report gives the same figure per carrier
        by_carrier = self._group(
            "oms.order.report",
            [("channel_id", "=", self.web.id)],
            "carrier_id",
            ["on_time_ship_rate:avg"],
        )
        self.assertEqual(by_carrier[self.jne], [75.0])

    def test_unshipped_past_promise_counts_late(self):
        order = self._order(self.web, "KPI-LATE")
        order.action_confirm()
        order.oms_promised_ship_date = fields.Date.today() - timedelta(days=2)
        self.env.flush_all()
        row = self.env["oms.order.report"].search([("order_id", "=", order.id)])
        self.assertEqual(row.on_time_ship_rate, 0.0)

    def test_processing_times_average_and_p90(self):
        web = self.env["oms.order.report"]._oms_kpi_summary([("channel_id", "=", self.web.id)])
        # 12, 20, 32, 34 hours
        self.assertAlmostEqual(web["ship_hours_avg"], 24.5)
        self.assertAlmostEqual(web["ship_hours_p90"], 33.4)  # 32 + 0.7 * (34 - 32)
        # 64 and 91 hours
        self.assertAlmostEqual(web["delivery_hours_avg"], 77.5)
        self.assertAlmostEqual(web["delivery_hours_p90"], 88.3)  # 64 + 0.9 * 27

    def test_split_backorders_shipments_per_order(self):
        summary = self.env["oms.order.report"]._oms_kpi_summary(self.domain)
        self.assertEqual(
            len(self.o6.picking_ids.picking_type_id.warehouse_id),
            2,
            self.o6.oms_sourcing_explanation,
        )
        # orders with a delivery: o1-o4 (o4: shipment + backorder), o6 (two warehouses)
        self.assertAlmostEqual(summary["split_rate"], 20.0)
        self.assertAlmostEqual(summary["shipments_per_order"], 1.4)  # (1+1+1+2+2) / 5
        self.assertAlmostEqual(summary["backorder_rate"], 20.0)

    def test_fill_rate_and_backorders(self):
        fill = self.env["oms.fill.report"]._oms_fill_summary(self.domain)
        # lines of shipped orders: o1-o4; o4 shipped 1 of 2 first
        self.assertEqual(fill["line_fill_rate"], 75.0)
        self.assertEqual(fill["unit_fill_rate"], 87.5)  # 7 / 8 units
        self.assertEqual(fill["qty_backordered"], 1.0)
        by_categ = self._group(
            "oms.fill.report", self.domain, "categ_id", ["line_fill_rate:avg", "qty_ordered:sum"]
        )
        self.assertEqual(by_categ[self.categ], [75.0, 8.0])

    def test_filters_warehouse_service_level_category(self):
        Report = self.env["oms.order.report"]
        self.assertEqual(
            Report.search_count(
                [
                    ("warehouse_id", "=", self.jkt.id),
                    ("channel_id", "in", (self.web | self.shp).ids),
                ]
            ),
            5,
        )
        self.assertEqual(
            Report.search_count(
                [
                    ("order_id.order_line.product_id.categ_id", "child_of", self.categ.id),
                    ("channel_id", "=", self.web.id),
                ]
            ),
            4,
        )
        self.assertFalse(
            Report.search_count([("channel_id", "=", self.web.id), ("date", ">=", "2026-02-01")])
        )

    def test_channel_restricted_user_sees_own_channel(self):
        user = new_test_user(
            self.env, login="kpi_web_only", groups="oms_omnichannel.group_oms_user"
        )
        user.oms_channel_ids = self.web
        summary = self.env["oms.order.report"].with_user(user)._oms_kpi_summary([])
        self.assertEqual(summary["orders"], 4)
        self.assertEqual(summary["revenue"], 1200000.0)

    # ------------------------------------------------------------------
    # Holds
    # ------------------------------------------------------------------
    def test_holds_count_reason_time_to_release(self):
        rule = self.env["exception.rule"].create(
            {
                "name": "KPI big order",
                "model": "sale.order",
                "exception_type": "by_domain",
                "domain": "[('amount_untaxed', '>', 1000000)]",
            }
        )
        released = self._order(self.web, "KPI-H1", lines=[(self.product, 10)])
        cancelled = self._order(self.web, "KPI-H2", lines=[(self.product, 10)])
        held = released | cancelled
        held._oms_process_captured()
        self.assertTrue(all(held.mapped("oms_hold")))
        self.assertTrue(all(held.mapped("oms_hold_since")))
        # pretend the orders were held 5 hours ago
        five_hours_ago = fields.Datetime.now() - timedelta(hours=5)
        held.oms_hold_since = five_hours_ago
        self.env.flush_all()
        open_row = self.env["oms.hold.report"].search([("order_id", "=", released.id)])
        self.assertEqual(open_row.outcome, "open")
        self.assertEqual(open_row.rule_ids, rule)
        released._oms_release_hold("Customer confirmed by phone")
        cancelled._oms_cancel_hold("Fake order")
        self.env.flush_all()
        self.env.invalidate_all()  # report rows read above are cached
        self.assertEqual(released.state, "sale")
        self.assertEqual(released.oms_hold_rule_ids, rule, "the reason is kept after release")
        rows = self.env["oms.hold.report"].search([("order_id", "in", held.ids)])
        by_order = {row.order_id: row for row in rows}
        self.assertEqual(by_order[released].outcome, "released")
        self.assertAlmostEqual(by_order[released].release_hours, 5.0, delta=0.05)
        self.assertEqual(by_order[cancelled].outcome, "cancelled")
        self.assertFalse(by_order[cancelled].release_hours)
        by_reason = self._group(
            "oms.hold.report", [("order_id", "in", held.ids)], "rule_ids", ["hold_count:sum"]
        )
        self.assertEqual(by_reason[rule], [2])
        summary = self.env["oms.order.report"]._oms_kpi_summary([("order_id", "in", held.ids)])
        self.assertEqual(summary["hold_rate"], 100.0)
        self.assertEqual(summary["cancel_rate"], 50.0)

    # ------------------------------------------------------------------
    # Warehouse load
    # ------------------------------------------------------------------
    def test_warehouse_load_against_capacity(self):
        Load = self.env["oms.warehouse.load.report"]
        shipped = self._group(
            "oms.warehouse.load.report",
            [("warehouse_id", "=", self.jkt.id), ("date", "<", "2026-02-01")],
            "date:day",
            ["shipped_count:sum"],
        )
        # local shipping days: o1, o2, o4 on the 10th, o3 at 01:00 on the 11th
        self.assertEqual(
            {day.strftime("%Y-%m-%d"): values for day, values in shipped.items()},
            {"2026-01-10": [3], "2026-01-11": [1]},
        )
        today = Load.search([("warehouse_id", "=", self.jkt.id), ("date", ">", "2026-02-01")])
        self.assertEqual(len(today), 1)
        # deliveries given today: o1-o4, o4's backorder, o6's Jakarta part = 6 of 4
        self.assertEqual(today.assigned_count, 6)
        self.assertEqual(today.capacity, 4)
        self.assertEqual(today.load_percent, 150.0)

    # ------------------------------------------------------------------
    # Dashboard and digest
    # ------------------------------------------------------------------
    def test_dashboard_data(self):
        Order = self.env["sale.order"]
        today_orders = Order
        for ref in ("KPI-T1", "KPI-T2"):
            today_orders |= self._order(self.web, ref)
        today_orders[0].action_confirm()
        late = today_orders[0]
        late.oms_promised_ship_date = fields.Date.today() - timedelta(days=1)
        held = self._order(self.shp, "KPI-T3")
        held.exception_ids = self.env["exception.rule"].create(
            {
                "name": "KPI manual hold",
                "model": "sale.order",
                "exception_type": "by_domain",
                "domain": "[('id', '=', 0)]",
            }
        )
        self.assertTrue(held.oms_hold)
        held.oms_hold_since = fields.Datetime.now() - timedelta(hours=30)
        self.env.flush_all()
        self.env.company.partner_id.tz = "UTC"
        manager = new_test_user(
            self.env, login="kpi_mgr", groups="oms_omnichannel.group_oms_manager"
        )
        manager.oms_channel_ids = self.channels
        queries_before = self.env.cr.sql_log_count
        data = self.env["oms.dashboard"].with_user(manager).get_dashboard_data()
        # a fixed number of aggregated queries, whatever the number of orders
        # (one of them reads the user's channel scope for the record rules; ten more
        # read the channels and warehouses the filters offer, with their rules)
        self.assertLessEqual(self.env.cr.sql_log_count - queries_before, 56)
        today = {(r["channel"], r["status"]): r["count"] for r in data["today_orders"]["rows"]}
        self.assertEqual(
            today,
            {("KPI Web", "received"): 1, ("KPI Web", "allocated"): 1, ("KPI Shopee", "on_hold"): 1},
        )
        self.assertEqual(data["today_orders"]["total"], 3)
        self.assertEqual(data["at_risk"]["late_count"], 1)
        self.assertEqual(data["at_risk"]["late"][0]["name"], late.name)
        self.assertEqual(data["at_risk"]["held_ids"], held.ids)
        week = data["kpis"]["7"]["current"]
        self.assertEqual(week["orders"], 3)
        self.assertEqual(data["kpis"]["7"]["previous"]["orders"], 0)
        self.assertEqual(sum(sum(s["data"]) for s in data["daily"]["series"]), 3)
        self.assertIsInstance(data["return_reasons"], list)
        plain = new_test_user(self.env, login="kpi_nobody", groups="base.group_user")
        with self.assertRaises(AccessError):
            self.env["oms.dashboard"].with_user(plain).get_dashboard_data()

    def test_daily_digest_mailed_to_managers(self):
        manager = new_test_user(
            self.env,
            login="kpi_digest_mgr",
            email="manager@example.com",
            groups="oms_omnichannel.group_oms_manager",
        )
        self.env["oms.dashboard"]._cron_send_kpi_digest()
        mail = self.env["mail.mail"].search(
            [("model", "=", "res.users"), ("res_id", "=", manager.id)]
        )
        self.assertEqual(len(mail), 1)
        self.assertIn("On-time shipment", mail.body_html)
        self.assertIn("Orders past their promised ship date", mail.body_html)
        self.assertIn(manager.company_id.name, mail.subject)


@tagged("post_install", "-at_install")
class TestKpiTour(HttpCase):
    def test_dashboard_and_reports_tour(self):
        """Headless Chromium opens the overview, then every report of the Reporting menu."""
        env = self.env
        env["exception.rule"].search([("method", "=like", "_oms_rule_%")]).active = False
        channel = env["oms.channel"].create(
            {"name": "Tour Web", "code": "TOURWEB", "channel_type": "web"}
        )
        product = env["product.product"].create({"name": "Tour Batik", "list_price": 100.0})
        partner = env["res.partner"].create({"name": "Tour Customer"})
        env["sale.order"].create(
            {
                "partner_id": partner.id,
                "channel_id": channel.id,
                "external_ref": "TOUR-1",
                "order_line": [Command.create({"product_id": product.id})],
            }
        )
        manager = new_test_user(
            env,
            login="kpi_tour_mgr",
            groups="oms_omnichannel.group_oms_manager,sales_team.group_sale_manager",
        )
        manager.oms_channel_ids = channel
        self.start_tour(
            "/odoo/action-oms_omnichannel.action_oms_dashboard",
            "oms_kpi_tour",
            login="kpi_tour_mgr",
        )
