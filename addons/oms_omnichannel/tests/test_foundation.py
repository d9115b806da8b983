# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from psycopg2 import IntegrityError

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import TransactionCase, new_test_user, tagged
from odoo.tools import mute_logger


@tagged("post_install", "-at_install")
class TestFoundation(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.oms_user = new_test_user(
            cls.env, login="oms_user", groups="oms_omnichannel.group_oms_user"
        )
        cls.oms_manager = new_test_user(
            cls.env, login="oms_manager", groups="oms_omnichannel.group_oms_manager"
        )
        cls.plain_user = new_test_user(cls.env, login="plain_user", groups="base.group_user")
        cls.channel = cls.env["oms.channel"].create(
            {"name": "Web Shop", "code": " web ", "channel_type": "web"}
        )
        cls.partner = cls.env["res.partner"].create({"name": "Budi Santoso"})

    def test_groups_under_one_privilege(self):
        user_group = self.env.ref("oms_omnichannel.group_oms_user")
        manager_group = self.env.ref("oms_omnichannel.group_oms_manager")
        self.assertEqual(user_group.privilege_id, manager_group.privilege_id)
        self.assertEqual(user_group.privilege_id.name, "Omnichannel")
        self.assertIn(user_group, manager_group.all_implied_ids)
        self.assertIn(
            self.env.ref("sales_team.group_sale_salesman_all_leads"),
            user_group.all_implied_ids,
        )
        self.assertIn(manager_group, self.env.ref("base.user_admin").group_ids)

    def test_app_menu_visible_to_oms_users_only(self):
        root = self.env.ref("oms_omnichannel.menu_oms_root")
        self.assertFalse(root.parent_id)
        self.assertTrue(root.web_icon.startswith("oms_omnichannel,"))
        visible = self.env["ir.ui.menu"].with_user(self.oms_user)._visible_menu_ids()
        self.assertIn(root.id, visible)
        self.assertIn(self.env.ref("oms_omnichannel.menu_oms_orders_all").id, visible)
        # configuration is for managers
        self.assertNotIn(self.env.ref("oms_omnichannel.menu_oms_config").id, visible)
        visible_manager = self.env["ir.ui.menu"].with_user(self.oms_manager)._visible_menu_ids()
        self.assertIn(self.env.ref("oms_omnichannel.menu_oms_config").id, visible_manager)
        visible_plain = self.env["ir.ui.menu"].with_user(self.plain_user)._visible_menu_ids()
        self.assertNotIn(root.id, visible_plain)

    def test_channel_code_normalised_and_unique(self):
        self.assertEqual(self.channel.code, "WEB")
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError):
            with self.env.cr.savepoint():
                self.env["oms.channel"].create({"name": "Other", "code": "web"})

    def test_channel_access_rights(self):
        self.assertEqual(self.channel.with_user(self.oms_user).read(["code"])[0]["code"], "WEB")
        with self.assertRaises(AccessError):
            self.env["oms.channel"].with_user(self.oms_user).create(
                {"name": "Shopee", "code": "SHOPEE"}
            )
        channel = (
            self.env["oms.channel"]
            .with_user(self.oms_manager)
            .create({"name": "Shopee", "code": "SHOPEE", "channel_type": "marketplace"})
        )
        self.assertEqual(channel.company_id, self.env.company)

    def test_order_external_ref_unique_per_channel(self):
        vals = {
            "partner_id": self.partner.id,
            "channel_id": self.channel.id,
            "external_ref": "INV-1",
        }
        order = self.env["sale.order"].create(vals)
        self.assertEqual(self.channel.order_count, 1)
        action = self.channel.action_view_orders()
        self.assertEqual(self.env["sale.order"].search(action["domain"]), order)
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError):
            with self.env.cr.savepoint():
                self.env["sale.order"].create(vals)
        # the same number in another channel is another order
        other = self.env["oms.channel"].create({"name": "Tokopedia", "code": "TOKO"})
        self.env["sale.order"].create(dict(vals, channel_id=other.id))
        # copying an order does not copy the channel's reference
        self.assertFalse(order.copy().external_ref)


@tagged("post_install", "-at_install")
class TestChannelRestriction(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.web = cls.env["oms.channel"].create({"name": "Web", "code": "RWEB"})
        cls.shopee = cls.env["oms.channel"].create(
            {"name": "Shopee", "code": "RSHOPEE", "channel_type": "marketplace"}
        )
        partner = cls.env["res.partner"].create({"name": "Dewi"})
        product = cls.env["product.product"].create({"name": "Sarung", "list_price": 50000})
        cls.orders = {
            channel: cls.env["sale.order"].create(
                {
                    "partner_id": partner.id,
                    "channel_id": channel.id,
                    "external_ref": f"{channel.code}-1",
                    "order_line": [Command.create({"product_id": product.id})],
                }
            )
            for channel in (cls.web, cls.shopee)
        }
        cls.agent = new_test_user(
            cls.env, login="shopee_agent", groups="oms_omnichannel.group_oms_user"
        )
        cls.agent.oms_channel_ids = cls.shopee

    def test_channel_user_sees_only_his_channel(self):
        orders = self.env["sale.order"].with_user(self.agent)
        visible = orders.search([("channel_id", "in", (self.web | self.shopee).ids)])
        self.assertEqual(visible, self.orders[self.shopee])
        with self.assertRaises(AccessError):
            self.orders[self.web].with_user(self.agent).read(["name"])
        with self.assertRaises(AccessError):
            self.orders[self.web].with_user(self.agent).write({"note": "hacked"})
        with self.assertRaises(AccessError):
            self.orders[self.web].with_user(self.agent).action_cancel()
        # his own channel's order is his to work on
        self.orders[self.shopee].with_user(self.agent).write({"note": "call the customer"})
        lines = (
            self.env["sale.order.line"]
            .with_user(self.agent)
            .search([("order_id", "in", [o.id for o in self.orders.values()])])
        )
        self.assertEqual(lines.order_id, self.orders[self.shopee])

    def test_unrestricted_user_sees_every_channel(self):
        self.agent.oms_channel_ids = False
        visible = (
            self.env["sale.order"]
            .with_user(self.agent)
            .search([("channel_id", "in", (self.web | self.shopee).ids)])
        )
        self.assertEqual(len(visible), 2)
