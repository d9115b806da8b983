# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Configuration screens: the channel's ordered sourcing strategies and its chatter,
the warehouse's Omnichannel tab, the grouped configuration menu."""

from lxml import etree

from odoo.exceptions import ValidationError
from odoo.fields import Command
from odoo.tests import HttpCase, new_test_user, tagged

from .l10n_id_common import IndonesianCompanyCommon


@tagged("post_install", "-at_install")
class TestConfigScreens(IndonesianCompanyCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        company = cls.setUpIndonesianCompany("PT Atur Nusantara")
        cls.manager = new_test_user(
            cls.env,
            login="config_manager",
            groups="oms_omnichannel.group_oms_manager,stock.group_stock_manager",
            company_id=company.id,
            company_ids=[Command.set(company.ids)],
        )
        cls.channel = cls.env["oms.channel"].create(
            {"name": "Toko Atur", "code": "ATUR", "company_id": company.id, "cod_limit": 2_000_000}
        )

    def test_limits_tracked_in_the_chatter(self):
        # end the creation's transaction step (a record created in the same step is
        # not tracked), as two separate requests of the web client would
        self.env.cr.flush()
        self.channel.with_user(self.manager).cod_limit = 1_500_000
        # tracking values are written when the transaction ends
        self.env.flush_all()
        self.env.cr.flush()
        self.env.invalidate_all()
        tracked = self.channel.message_ids.tracking_value_ids.filtered(
            lambda t: t.field_id.name == "cod_limit"
        )
        self.assertEqual(len(tracked), 1)
        self.assertEqual(
            (tracked.old_value_float, tracked.new_value_float), (2_000_000.0, 1_500_000.0)
        )
        self.assertEqual(tracked.mail_message_id.author_id, self.manager.partner_id)
        self.assertTrue(self.channel.pricelist_id, "every channel has its pricelist")
        self.assertEqual(self.channel.pricelist_id.currency_id, self.idr)

    def test_unknown_strategy_refused(self):
        for bad in ("in_stock,teleport", "nearest,nearest"):
            with self.subTest(bad=bad), self.assertRaises(ValidationError):
                self.channel.sourcing_strategies = bad
        self.channel.sourcing_strategies = "nearest,in_stock"
        self.assertEqual(self.channel.sourcing_strategies, "nearest,in_stock")

    def test_warehouse_tab_and_menus(self):
        arch = (
            self.env["stock.warehouse"]
            .with_user(self.manager)
            .get_views([(False, "form")])["views"]["form"]["arch"]
        )
        page = etree.fromstring(arch).find(".//notebook/page[@name='oms']")
        self.assertIsNotNone(page)
        names = {f.get("name") for f in page.iter("field")}
        self.assertLessEqual({"oms_paused", "oms_daily_capacity", "oms_cutoff_hour"}, names)
        config = self.env.ref("oms_omnichannel.menu_oms_config")
        self.assertEqual(
            config.child_id.sorted("sequence").mapped("name"),
            ["Settings", "Sales Channels", "Fulfilment", "Validation", "Integrations", "Logs"],
        )
        warehouses = self.env.ref("oms_omnichannel.menu_oms_warehouse")
        self.assertEqual(
            warehouses.parent_id, self.env.ref("oms_omnichannel.menu_oms_config_fulfilment")
        )
        self.assertEqual(warehouses.action.res_model, "stock.warehouse")
        orders = self.env.ref("oms_omnichannel.menu_oms_orders").child_id.sorted("sequence")
        self.assertEqual(orders[0], self.env.ref("oms_omnichannel.menu_oms_orders_all"))

    def test_tour_channel_strategies(self):
        self.start_tour(
            f"/odoo/action-oms_omnichannel.action_oms_channel/{self.channel.id}",
            "oms_channel_config_tour",
            login="config_manager",
        )
        self.assertEqual(
            self.channel.sourcing_strategies, "in_stock,nearest,single_source,capacity"
        )
