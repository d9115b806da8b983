# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date, datetime

from odoo import Command
from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestAtpSourcing(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        country = cls.env.ref("base.id")
        cls.states = {
            code: cls.env["res.country.state"].search(
                [("country_id", "=", country.id), ("code", "=", code)]
            )
            for code in ("JK", "JI", "SN")
        }
        cls.warehouses = {}
        for code, state in (("JKT", "JK"), ("SBY", "JI"), ("MKS", "SN")):
            partner = cls.env["res.partner"].create(
                {"name": f"WH {code}", "state_id": cls.states[state].id, "country_id": country.id}
            )
            cls.warehouses[code] = cls.env["stock.warehouse"].create(
                {"name": f"OMS {code}", "code": code[:3] + "X", "partner_id": partner.id}
            )
        cls.products = {
            name: cls.env["product.product"].create(
                {"name": f"Batik {name}", "default_code": f"ATP-{name}", "is_storable": True}
            )
            for name in ("A", "B", "C")
        }
        cls.channel = cls.env["oms.channel"].create(
            {
                "name": "Web",
                "code": "ATPWEB",
                "channel_type": "web",
                "warehouse_id": cls.warehouses["JKT"].id,
                "allowed_warehouse_ids": [Command.set([w.id for w in cls.warehouses.values()])],
                "sourcing_strategies": "in_stock,single_source,nearest",
                "max_shipments": 3,
                "velocity_limit": 0,
                "duplicate_window_minutes": 0,
            }
        )
        cls.customer_sby = cls.env["res.partner"].create(
            {
                "name": "Ani Surabaya",
                "street": "Jl. Tunjungan 1",
                "city": "Surabaya",
                "zip": "60261",
                "state_id": cls.states["JI"].id,
                "country_id": country.id,
            }
        )
        # these tests confirm orders that are short of stock on purpose (backorders,
        # priority): the "stock not available" hold rule is tested elsewhere
        cls.env.ref("oms_omnichannel.exception_rule_stock_unavailable").active = False
        cls.customer_mks = cls.customer_sby.copy(
            {"name": "Budi Makassar", "state_id": cls.states["SN"].id, "city": "Makassar"}
        )

    def _stock(self, wh_code, product, qty):
        self.env["stock.quant"]._update_available_quantity(
            self.products[product], self.warehouses[wh_code].lot_stock_id, qty
        )

    def _order(self, partner, lines, channel=None, **vals):
        return self.env["sale.order"].create(
            {
                "partner_id": partner.id,
                "channel_id": (channel or self.channel).id,
                "order_line": [
                    Command.create({"product_id": self.products[p].id, "product_uom_qty": q})
                    for p, q in lines
                ],
                **vals,
            }
        )

    def _atp(self, wh_code, product):
        return self.env["oms.atp"]._get_atp(
            [self.products[product].id], [self.warehouses[wh_code].id]
        )[(self.warehouses[wh_code].id, self.products[product].id)]

    def test_atp_arithmetic_buffers_and_safety_stock(self):
        self._stock("JKT", "A", 10)
        self.assertEqual(self._atp("JKT", "A"), 10)
        self.env["oms.safety.stock"].create(
            {
                "warehouse_id": self.warehouses["JKT"].id,
                "product_id": self.products["A"].id,
                "quantity": 2,
            }
        )
        self.assertEqual(self._atp("JKT", "A"), 8)
        jakarta = self.customer_sby.copy({"state_id": self.states["JK"].id})
        order = self._order(jakarta, [("A", 3)])
        order.action_confirm()
        # 3 reserved
        self.assertEqual(order.picking_ids.move_ids.quantity, 3)
        self.assertEqual(self._atp("JKT", "A"), 5)
        # 7 more than the 7 free units on hand: 7 reserved, the rest promised
        order2 = self._order(jakarta, [("A", 9)])
        order2.action_confirm()
        figures = self.env["oms.atp"]._get_stock_figures(
            [self.products["A"].id], [self.warehouses["JKT"].id]
        )[(self.warehouses["JKT"].id, self.products["A"].id)]
        self.assertEqual((figures.on_hand, figures.reserved, figures.safety), (10, 10, 2))
        self.assertEqual(figures.promised, 2)
        self.assertEqual(self._atp("JKT", "A"), -4)
        # channel view: 80 % of the positive ATP minus a 1-unit buffer
        self._stock("SBY", "A", 10)
        self.channel.write({"atp_ratio": 80, "atp_buffer": 1})
        channel_atp = self.env["oms.atp"]._get_channel_atp(self.channel, [self.products["A"].id])
        self.assertEqual(channel_atp[self.products["A"].id]["total"], 7)  # floor(10*0.8) - 1
        self.assertEqual(
            channel_atp[self.products["A"].id]["warehouses"][self.warehouses["JKT"].id], 0
        )
        # the ATP matrix reads the same figures
        row = self.env["oms.atp.report"].search(
            [
                ("product_id", "=", self.products["A"].id),
                ("warehouse_id", "=", self.warehouses["JKT"].id),
            ]
        )
        self.assertEqual(
            (row.on_hand, row.reserved, row.safety, row.promised, row.atp), (10, 10, 2, 2, -4)
        )
        # the line shows the channel ATP to the operator
        self.assertEqual(order2.order_line.oms_atp, 7)

    def test_nearest_warehouse_with_explanation(self):
        for wh in ("JKT", "SBY", "MKS"):
            self._stock(wh, "A", 5)
        order = self._order(self.customer_sby, [("A", 2)])
        order.action_confirm()
        self.assertEqual(order.oms_sourcing_outcome, "single")
        self.assertEqual(order.order_line.warehouse_id, self.warehouses["SBY"])
        self.assertEqual(order.picking_ids.picking_type_id.warehouse_id, self.warehouses["SBY"])
        self.assertIn("OMS SBY: chosen", order.oms_sourcing_explanation)
        self.assertIn("OMS MKS: not used - ranked lower", order.oms_sourcing_explanation)
        order_mks = self._order(self.customer_mks, [("A", 1)])
        order_mks.action_confirm()
        self.assertEqual(order_mks.order_line.warehouse_id, self.warehouses["MKS"])
        # a paused warehouse is skipped, and says so
        self.warehouses["MKS"].oms_paused = True
        order_mks2 = self._order(self.customer_mks, [("A", 1)])
        order_mks2.action_confirm()
        self.assertNotEqual(order_mks2.order_line.warehouse_id, self.warehouses["MKS"])
        self.assertNotIn(
            "OMS MKS", order_mks2.oms_sourcing_explanation
        )  # not in the channel any more

    def test_in_stock_beats_nearest_and_capacity(self):
        self._stock("JKT", "A", 5)
        self._stock("SBY", "B", 5)  # nearest, but lacks A
        order = self._order(self.customer_sby, [("A", 1)])
        order.action_confirm()
        self.assertEqual(order.order_line.warehouse_id, self.warehouses["JKT"])
        self._stock("SBY", "A", 5)
        self.warehouses["SBY"].oms_daily_capacity = 1
        first = self._order(self.customer_sby, [("A", 1)])
        first.action_confirm()
        self.assertEqual(first.order_line.warehouse_id, self.warehouses["SBY"])
        second = self._order(self.customer_sby, [("A", 1)])
        second.action_confirm()
        self.assertEqual(second.order_line.warehouse_id, self.warehouses["JKT"])
        self.assertIn("daily capacity reached (1/1 orders)", second.oms_sourcing_explanation)

    def test_split_three_warehouses_three_deliveries(self):
        self._stock("JKT", "A", 5)
        self._stock("SBY", "B", 5)
        self._stock("MKS", "C", 5)
        order = self._order(self.customer_sby, [("A", 2), ("B", 2), ("C", 2)])
        order.action_confirm()
        self.assertEqual(order.oms_sourcing_outcome, "split")
        deliveries = order.picking_ids
        self.assertEqual(len(deliveries), 3)
        by_wh = {p.picking_type_id.warehouse_id.code: p.move_ids.product_id for p in deliveries}
        self.assertEqual(by_wh["JKTX"], self.products["A"])
        self.assertEqual(by_wh["SBYX"], self.products["B"])
        self.assertEqual(by_wh["MKSX"], self.products["C"])
        self.assertTrue(all(p.state == "assigned" for p in deliveries))
        self.assertEqual(order.oms_shipment_count, 3)

    def test_split_guardrails(self):
        self._stock("JKT", "A", 5)
        self._stock("SBY", "B", 5)
        self._stock("MKS", "C", 5)
        self.channel.max_shipments = 2
        order = self._order(self.customer_sby, [("A", 1), ("B", 1), ("C", 1)])
        order.action_confirm()
        self.assertEqual(order.oms_sourcing_outcome, "partial")
        self.assertIn("shipment limit of 2 reached", order.oms_sourcing_explanation)
        # the line nobody could ship is backordered (not reserved) and the order says so
        reserved = sum(order.picking_ids.move_ids.mapped("quantity"))
        self.assertEqual(reserved, 2)
        self.assertTrue(
            order.message_ids.filtered(lambda m: "Not enough stock reserved" in (m.body or ""))
        )
        # no split at all
        self.channel.write({"allow_split": False, "max_shipments": 0})
        order = self._order(self.customer_sby, [("A", 1), ("B", 1)])
        order.action_confirm()
        self.assertEqual(order.oms_sourcing_outcome, "partial")
        self.assertEqual(len(order.order_line.warehouse_id), 1)

    def test_explanation_names_products_not_line_ids(self):
        """What is not shipped is named by SKU and name, and the sentence is true."""
        self._stock("JKT", "A", 5)
        self._stock("SBY", "B", 5)
        self._stock("MKS", "C", 5)
        self.channel.max_shipments = 2
        order = self._order(self.customer_sby, [("A", 1), ("B", 1), ("C", 1)])
        order.action_confirm()
        text = order.oms_sourcing_explanation
        self.assertNotRegex(text, r"line \d+")
        self.assertNotIn("not available in any allowed warehouse", text)
        # the third product is in stock in a warehouse the shipment limit leaves out
        self.assertRegex(
            text,
            r"\[ATP-[ABC]\] Batik [ABC]: 1 unit\(s\) not shipped now \(waits for stock in OMS "
            r"(JKT|SBY|MKS)\): in stock in OMS (JKT|SBY|MKS), but the channel allows at most 2 "
            r"shipments",
        )
        # nothing anywhere: said so, by product
        self.channel.max_shipments = 3
        order = self._order(self.customer_sby, [("A", 1), ("C", 9)])
        order.action_confirm()
        self.assertEqual(order.oms_sourcing_outcome, "partial")
        self.assertIn(
            "[ATP-C] Batik C: 4 unit(s) not available in any allowed warehouse",
            order.oms_sourcing_explanation,
        )
        self.assertNotRegex(order.oms_sourcing_explanation, r"line \d+")

    def test_minimum_shipment_value_never_waits_where_the_goods_are_not(self):
        """A cheap line whose goods are only in another warehouse is shipped from there
        (and the explanation says the parcel is below the minimum), not backordered on
        a warehouse that has none."""
        self._stock("SBY", "A", 5)
        self._stock("MKS", "B", 5)
        self.channel.min_shipment_value = 50000
        order = self._order(self.customer_sby, [("A", 1), ("B", 1)])
        line_a, line_b = (
            order.order_line.filtered(lambda line, p=p: line.product_id == self.products[p])
            for p in ("A", "B")
        )
        line_a.price_unit = 200000
        line_b.price_unit = 10000
        order.action_confirm()
        self.assertEqual(line_b.warehouse_id, self.warehouses["MKS"])
        self.assertEqual(order.oms_sourcing_outcome, "split")
        delivery_b = order.picking_ids.filtered(
            lambda p: p.picking_type_id.warehouse_id == self.warehouses["MKS"]
        )
        self.assertEqual(delivery_b.move_ids.product_id, self.products["B"])
        self.assertEqual(delivery_b.move_ids.quantity, 1, "reserved where the goods are")
        text = order.oms_sourcing_explanation
        self.assertIn("OMS MKS: chosen - ships 1 units", text)
        self.assertIn(
            "below the channel minimum 50000, but no other warehouse shipping the order "
            "has these goods",
            text,
        )
        self.assertNotIn("not available in any allowed warehouse", text)

    def test_line_split_across_warehouses(self):
        self._stock("JKT", "A", 3)
        self._stock("SBY", "A", 2)
        order = self._order(self.customer_sby, [("A", 5)])
        order.action_confirm()
        self.assertEqual(order.oms_sourcing_outcome, "split")
        self.assertEqual(len(order.order_line), 2)
        self.assertEqual(sum(order.order_line.mapped("product_uom_qty")), 5)
        self.assertEqual(len(order.picking_ids), 2)
        self.assertEqual(sum(order.picking_ids.move_ids.mapped("quantity")), 5)

    def test_priority_decides_who_gets_scarce_stock(self):
        marketplace = self.channel.copy({"code": "ATPMKT", "priority": 1, "name": "Marketplace"})
        self.channel.priority = 5
        self._stock("SBY", "A", 1)
        low = self._order(self.customer_sby, [("A", 1)], channel=marketplace)
        high = self._order(self.customer_sby, [("A", 1)])
        # confirmed in the same batch: the higher priority order gets the unit
        (low | high).action_confirm()
        self.assertEqual(high.picking_ids.move_ids.quantity, 1)
        self.assertEqual(low.picking_ids.move_ids.quantity, 0)
        # when stock arrives, waiting orders are served by priority, not by date
        low2 = self._order(self.customer_sby, [("A", 1)], channel=marketplace)
        low2.action_confirm()
        high2 = self._order(self.customer_sby, [("A", 1)])
        high2.action_confirm()
        waiting = (low | low2 | high2).picking_ids.move_ids
        self.assertFalse(any(waiting.mapped("quantity")))
        self._stock("SBY", "A", 1)
        waiting._action_assign()
        self.assertEqual(high2.picking_ids.move_ids.quantity, 1)
        self.assertFalse(low.picking_ids.move_ids.quantity or low2.picking_ids.move_ids.quantity)

    def test_reallocation(self):
        marketplace = self.channel.copy({"code": "ATPMK2", "priority": 1, "name": "Marketplace 2"})
        self.channel.priority = 5
        self._stock("SBY", "A", 1)
        low = self._order(self.customer_sby, [("A", 1)], channel=marketplace)
        low.action_confirm()
        self.assertEqual(low.picking_ids.move_ids.quantity, 1)
        high = self._order(
            self.customer_sby,
            [("A", 1)],
            service_level_id=self.env.ref("oms_omnichannel.service_level_same_day").id,
        )
        high.action_confirm()
        self.assertEqual(high.picking_ids.move_ids.quantity, 0)
        self.assertGreater(high.oms_priority, low.oms_priority)
        high.action_oms_reallocate()
        self.assertEqual(high.picking_ids.move_ids.quantity, 1)
        self.assertEqual(low.picking_ids.move_ids.quantity, 0)
        self.assertTrue(
            low.message_ids.filtered(lambda m: "reallocated to higher-priority" in (m.body or ""))
        )
        self.assertTrue(
            high.message_ids.filtered(lambda m: "reallocated from lower-priority" in (m.body or ""))
        )

    def test_reallocation_counts_packs_in_units(self):
        # two hand-keyed deliveries of one pack of 6 hold the 12 bottles in stock; a
        # sale order for 6 bottles waits: it takes one pack's reservation, not both
        pack = self.env.ref("uom.product_uom_pack_6")
        product = self.products["B"]
        product.uom_ids = [Command.set(pack.ids)]
        warehouse = self.warehouses["SBY"]
        self._stock("SBY", "B", 12)
        deliveries = self.env["stock.picking"]
        for _i in range(2):
            delivery = self.env["stock.picking"].create(
                {
                    "picking_type_id": warehouse.out_type_id.id,
                    "partner_id": self.customer_sby.id,
                    "move_ids": [
                        Command.create(
                            {
                                "product_id": product.id,
                                "product_uom": pack.id,
                                "product_uom_qty": 1,
                                "location_id": warehouse.lot_stock_id.id,
                                "location_dest_id": self.env.ref(
                                    "stock.stock_location_customers"
                                ).id,
                            }
                        )
                    ],
                }
            )
            delivery.action_confirm()
            delivery.action_assign()
            deliveries |= delivery
        self.assertEqual(deliveries.move_ids.mapped("quantity"), [1, 1])
        order = self._order(self.customer_sby, [("B", 6)])
        order.warehouse_id = warehouse
        order.action_confirm()
        move = order.picking_ids.move_ids
        self.assertEqual((move.location_id, move.quantity), (warehouse.lot_stock_id, 0))
        losers = self.env["stock.move"]._oms_reallocate(product)
        # the newest delivery gave its pack, the other one keeps it
        self.assertEqual(losers, deliveries[1].move_ids)
        self.assertEqual(move.quantity, 6)
        self.assertEqual(deliveries.move_ids.mapped("quantity"), [1, 0])
        notes = order.message_ids.filtered(
            lambda m: "reallocated from lower-priority" in (m.body or "")
        )
        self.assertEqual(len(notes), 1)

    def test_promise_dates_weekend_holiday_cutoff(self):
        self._stock("SBY", "A", 5)
        wh = self.warehouses["SBY"]
        calendar = self.env["resource.calendar"].create(
            {"name": "SBY 5 days", "tz": "Asia/Jakarta"}
        )
        wh.write({"oms_calendar_id": calendar.id, "oms_cutoff_hour": 14.0, "oms_handling_days": 0})
        # Friday 2026-11-20 15:00 WIB (08:00 UTC): after the cut-off -> Monday
        order = self._order(self.customer_sby, [("A", 1)], date_order=datetime(2026, 11, 20, 8, 0))
        order.action_confirm()
        self.assertEqual(order.oms_promised_ship_date, date(2026, 11, 23))
        # Monday a public holiday -> Tuesday
        self.env["resource.calendar.leaves"].create(
            {
                "name": "Holiday",
                "calendar_id": calendar.id,
                "date_from": datetime(2026, 11, 23, 0, 0),
                "date_to": datetime(2026, 11, 23, 23, 59),
            }
        )
        order2 = self._order(self.customer_sby, [("A", 1)], date_order=datetime(2026, 11, 20, 8, 0))
        order2.action_confirm()
        self.assertEqual(order2.oms_promised_ship_date, date(2026, 11, 24))
        # transit from the carrier's zone rate
        self.assertEqual(order2.oms_promised_delivery_from, date(2026, 11, 25))
        self.assertEqual(order2.oms_promised_delivery_to, date(2026, 11, 27))
        # Friday 10:00 WIB, before the cut-off: the same day
        order3 = self._order(self.customer_sby, [("A", 1)], date_order=datetime(2026, 11, 20, 3, 0))
        order3.action_confirm()
        self.assertEqual(order3.oms_promised_ship_date, date(2026, 11, 20))

    def test_indonesian_holidays_loaded(self):
        calendar = self.env["resource.calendar"].create({"name": "ID"})
        leaves = calendar.action_oms_load_id_holidays(years=[2026])
        names = leaves.mapped("name")
        self.assertIn(date(2026, 8, 17), [leave.date_from.date() for leave in leaves])
        self.assertTrue(any("Independence" in n for n in names))
        self.assertGreater(len(leaves), 10)
        # loading twice does not duplicate
        self.assertFalse(calendar.action_oms_load_id_holidays(years=[2026]))
