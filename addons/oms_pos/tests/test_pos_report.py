# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Store sales in the Order KPIs: order volume and revenue per channel."""

from odoo.tests import TransactionCase, new_test_user, tagged

from .common import OmsPosFixture


@tagged("post_install", "-at_install")
class TestPosReport(OmsPosFixture, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_pos_fixture()

    def test_pos_orders_counted_by_channel(self):
        session = self._open_session("real")
        first = self._sell(session, [(self.tea, 2)])
        second = self._sell(session, [(self.tea, 1)])
        self._sell(session, [(self.tea, 5)], state="draft")  # not sold yet: not counted
        report = self.env["oms.order.report"]
        groups = report._read_group(
            [("channel_id", "=", self.pos_channel.id)],
            ["channel_id"],
            ["order_count:sum", "revenue:sum"],
        )
        self.assertEqual(groups, [(self.pos_channel, 2, 75000.0)])
        rows = report.search([("channel_id", "=", self.pos_channel.id)])
        self.assertEqual(rows.pos_order_id, first | second)
        self.assertEqual(set(rows.mapped("id")), {-first.id, -second.id})
        self.assertEqual(rows.warehouse_id, self.store)
        self.assertEqual(set(rows.mapped("oms_status")), {"delivered"})
        self.assertEqual(set(rows.mapped("state")), {"sale"})
        self.assertFalse(rows.order_id)
        # the dashboard's KPI figures include them; shipping KPIs do not apply
        summary = report._oms_kpi_summary([("channel_id", "=", self.pos_channel.id)])
        self.assertEqual(summary["orders"], 2)
        self.assertEqual(summary["revenue"], 75000.0)
        self.assertEqual(summary["cancel_rate"], 0.0)
        self.assertIsNone(summary["on_time_ship_rate"])
        self.assertIsNone(summary["hold_rate"])

    def test_sale_order_rows_unchanged(self):
        order = self.env["sale.order"].create(
            {
                "partner_id": self.env["res.partner"].create({"name": "Pembeli"}).id,
                "channel_id": self.marketplace.id,
                "order_line": [(0, 0, {"product_id": self.tea.id, "product_uom_qty": 1})],
            }
        )
        row = self.env["oms.order.report"].search([("order_id", "=", order.id)])
        self.assertEqual(row.id, order.id)
        self.assertEqual(row.channel_id, self.marketplace)
        self.assertFalse(row.pos_order_id)
        self.assertEqual(row.order_count, 1)

    def test_dashboard_today_by_channel_and_restricted_users(self):
        session = self._open_session("real")
        self._sell(session, [(self.tea, 2)])
        self._sell(session, [(self.tea, 1)])
        manager = new_test_user(
            self.env, login="oms.manager.braga", groups="oms_omnichannel.group_oms_manager"
        )
        self.assertFalse(manager.has_group("point_of_sale.group_pos_user"))
        # an OMS manager without Point of Sale rights sees today's store sales
        data = self.env["oms.dashboard"].with_user(manager).get_dashboard_data()
        rows = [r for r in data["today_orders"]["rows"] if r["channel_id"] == self.pos_channel.id]
        self.assertEqual(
            [(r["status"], r["count"], r["amount"]) for r in rows], [("delivered", 2, 75000.0)]
        )
        delivered = [s for s in data["today_orders"]["by_status"] if s["status"] == "delivered"]
        self.assertEqual(delivered[0]["count"], 2)
        # other channels may have orders today (data of other tests): find ours by name
        series = {s["label"]: s["data"] for s in data["daily"]["series"]}
        self.assertEqual(series["Toko Braga"][-1], 2)
        # a user restricted to another channel sees neither the rows nor the figures
        manager.oms_channel_ids = self.marketplace
        data = self.env["oms.dashboard"].with_user(manager).get_dashboard_data()
        self.assertFalse(
            [r for r in data["today_orders"]["rows"] if r["channel_id"] == self.pos_channel.id]
        )
        report = self.env["oms.order.report"].with_user(manager)
        self.assertFalse(report.search([("pos_order_id", "!=", False)]))
