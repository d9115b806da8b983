# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import TransactionCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestReturnsFoundation(TransactionCase):
    def test_rma_sale_installed(self):
        modules = self.env["ir.module.module"].search(
            [("name", "in", ["rma", "rma_sale", "oms_returns"])]
        )
        self.assertEqual(set(modules.mapped("state")), {"installed"})
        self.assertIn("rma_ids", self.env["sale.order"]._fields)

    def test_oms_user_handles_returns(self):
        user = new_test_user(
            self.env, login="oms_rma_user", groups="oms_omnichannel.group_oms_user"
        )
        self.assertTrue(user.has_group("rma.rma_group_user_all"))
        self.assertFalse(user.has_group("rma.rma_group_manager"))
        menu = self.env.ref("oms_returns.menu_oms_returns_all")
        self.assertEqual(menu.parent_id.parent_id, self.env.ref("oms_omnichannel.menu_oms_root"))
        self.assertIn(menu.id, self.env["ir.ui.menu"].with_user(user)._visible_menu_ids())
        self.assertEqual(menu.action.res_model, "rma")
        # the user can really create an RMA
        partner = self.env["res.partner"].create({"name": "Siti"})
        product = self.env["product.product"].create({"name": "Kaos", "is_storable": True})
        rma = (
            self.env["rma"]
            .with_user(user)
            .create({"partner_id": partner.id, "product_id": product.id, "product_uom_qty": 1})
        )
        self.assertEqual(rma.state, "draft")

    def test_oms_manager_configures_rma(self):
        manager = new_test_user(
            self.env, login="oms_rma_manager", groups="oms_omnichannel.group_oms_manager"
        )
        self.assertTrue(manager.has_group("rma.rma_group_manager"))
