# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The Omnichannel Overview's filters (channel, warehouse, date range), its stable
channel colours, and the screen in headless Chromium: filter, click a card, read
dates in the user's language."""

from datetime import timedelta

from odoo import fields
from odoo.exceptions import UserError
from odoo.fields import Command
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import SQL

from .l10n_id_common import IndonesianCompanyCommon


@tagged("post_install", "-at_install")
class TestDashboardScreens(IndonesianCompanyCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        company = cls.setUpIndonesianCompany("PT Dasbor Nusantara")
        env = cls.env
        env["exception.rule"].search([("method", "=like", "_oms_rule_%")]).active = False
        env.company.partner_id.tz = "Asia/Jakarta"
        cls.manager = new_test_user(
            env,
            login="dash_manager",
            groups="oms_omnichannel.group_oms_manager,sales_team.group_sale_manager",
            company_id=company.id,
            company_ids=[Command.set(company.ids)],
            tz="Asia/Jakarta",
        )
        cls.wh_sby = env["stock.warehouse"].create(
            {"name": "Gudang Surabaya", "code": "DSBY", "company_id": company.id}
        )
        Channel = env["oms.channel"]
        cls.web = Channel.create(
            {"name": "Dasbor Web", "code": "DWEB", "channel_type": "web", "company_id": company.id}
        )
        cls.shopee = Channel.create(
            {
                "name": "Dasbor Shopee",
                "code": "DSHP",
                "channel_type": "marketplace",
                "company_id": company.id,
                "color": 4,
            }
        )
        cls.product = env["product.product"].create(
            {"name": "Kain Songket", "list_price": 1_250_000, "type": "consu"}
        )
        cls.customer = env["res.partner"].create({"name": "Sinta Maharani"})
        cls.web_jkt = cls._order(cls.web, cls.wh)
        cls.web_sby = cls._order(cls.web, cls.wh_sby)
        cls.shopee_jkt = cls._order(cls.shopee, cls.wh)
        # an order of twelve days ago, promised eight days ago and still not shipped
        cls.old = cls._order(cls.web, cls.wh)
        cls.old.action_confirm()
        cls.old.oms_promised_ship_date = fields.Date.today() - timedelta(days=8)
        env.flush_all()
        env.cr.execute(
            SQL(
                "UPDATE sale_order SET date_order = %s WHERE id = %s",
                fields.Datetime.now() - timedelta(days=12),
                cls.old.id,
            )
        )
        env.invalidate_all()

    @classmethod
    def _order(cls, channel, warehouse):
        return cls.env["sale.order"].create(
            {
                "partner_id": cls.customer.id,
                "channel_id": channel.id,
                "company_id": cls.company.id,
                "warehouse_id": warehouse.id,
                "order_line": [Command.create({"product_id": cls.product.id})],
            }
        )

    def _data(self, **filters):
        return self.env["oms.dashboard"].with_user(self.manager).get_dashboard_data(filters)

    def _today(self, data):
        return {(r["channel"], r["status"]): r["count"] for r in data["today_orders"]["rows"]}

    def test_channel_and_warehouse_filters(self):
        everything = self._today(self._data())
        self.assertEqual(everything[("Dasbor Web", "received")], 2)
        self.assertEqual(everything[("Dasbor Shopee", "received")], 1)
        shopee = self._data(channel_ids=[self.shopee.id])
        self.assertEqual(self._today(shopee), {("Dasbor Shopee", "received"): 1})
        self.assertEqual(shopee["kpis"]["7"]["current"]["orders"], 1)
        surabaya = self._data(warehouse_ids=[self.wh_sby.id])
        self.assertEqual(self._today(surabaya), {("Dasbor Web", "received"): 1})
        self.assertEqual(sum(sum(s["data"]) for s in surabaya["daily"]["series"]), 1)
        # the late order is in Jakarta, of the web channel
        self.assertEqual(self._data(channel_ids=[self.web.id])["at_risk"]["late_ids"], self.old.ids)
        self.assertFalse(self._data(warehouse_ids=[self.wh_sby.id])["at_risk"]["late_ids"])

    def test_date_range(self):
        today = fields.Date.today()
        # a fortnight ending yesterday holds the old order only
        data = self._data(
            date_from=fields.Date.to_string(today - timedelta(days=14)),
            date_to=fields.Date.to_string(today - timedelta(days=1)),
        )
        self.assertEqual(list(data["kpis"]), ["range"])
        self.assertEqual(data["kpis"]["range"]["current"]["orders"], 1)
        self.assertEqual(data["filters"]["date_from"], str(today - timedelta(days=14)))
        self.assertTrue(data["filters"]["range"])
        self.assertEqual(len(data["daily"]["labels"]), 14)
        self.assertEqual(sum(sum(s["data"]) for s in data["daily"]["series"]), 1)
        # the week before the range is its comparison
        self.assertEqual(data["kpis"]["range"]["previous"]["orders"], 0)
        # bad input: a clear error
        for bad in (
            {"date_from": "04/12/2026"},
            {"channel_ids": "web"},
            {"date_from": "2026-12-04", "date_to": "2026-12-01"},
        ):
            with self.subTest(bad=bad), self.assertRaises(UserError):
                self._data(**bad)

    def test_channel_colours_stay_with_the_channel(self):
        def colours():
            return {c["id"]: c["color"] for c in self._data()["channels"]}

        before = colours()
        self.assertEqual(before[self.shopee.id], 4, "its own colour")
        self.assertEqual(before[self.web.id], self.web.id, "no colour: derived from its id")
        self.env["oms.channel"].create(
            {"name": "Aaa First", "code": "DAAA", "sequence": 1, "company_id": self.company.id}
        )
        after = colours()
        self.assertEqual(
            {k: after[k] for k in before}, before, "a new channel changes no other colour"
        )

    def test_fixed_number_of_queries(self):
        self._data()
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        self._data()
        few = self.env.cr.sql_log_count - before
        for index in range(3):
            self.env["oms.channel"].create(
                {"name": f"Extra {index}", "code": f"DX{index}", "company_id": self.company.id}
            )
            self.env["stock.warehouse"].create(
                {"name": f"Gudang {index}", "code": f"DG{index}", "company_id": self.company.id}
            )
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        self._data()
        self.assertEqual(self.env.cr.sql_log_count - before, few)

    def test_tour_dashboard(self):
        self.start_tour(
            "/odoo/action-oms_omnichannel.action_oms_dashboard",
            "oms_dashboard_filters_tour",
            login="dash_manager",
        )
