# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Browser tours of the return screens: the customer portal on a phone, the
return (RMA) form on a desktop."""

from odoo.tests import HttpCase, new_test_user, tagged

from odoo.addons.oms_omnichannel.tests.test_warehouse_form_tour import warm_web_client_assets

from .common import ReturnsCommon


class _ReturnAddress:
    @classmethod
    def _set_return_address(cls):
        cls.wh.partner_id = cls.env["res.partner"].create(
            {
                "name": "Gudang Bandung",
                "street": "Jl. Soekarno-Hatta 88",
                "city": "Bandung",
                "country_id": cls.env.ref("base.id").id,
            }
        )


@tagged("post_install", "-at_install")
class TestReturnsPortalTour(ReturnsCommon, _ReturnAddress, HttpCase):
    browser_size = "375x667"
    touch_enabled = True

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setUpReturns()
        cls._set_return_address()
        cls.dewi = cls.env["res.partner"].create(
            {"name": "Dewi Lestari", "email": "dewi@example.com", "city": "Bandung"}
        )
        new_test_user(
            cls.env, login="portal_dewi", groups="base.group_portal", partner_id=cls.dewi.id
        )
        cls.dewi.name = "Dewi Lestari"
        cls.order = cls._make_order([(cls.kaos, 6, 100000)], partner=cls.dewi)

    def test_return_from_the_order_on_a_phone(self):
        self.start_tour("/my/orders", "oms_returns_portal_tour", login="portal_dewi")
        return_request = self.env["oms.return.request"].search([("partner_id", "=", self.dewi.id)])
        self.assertEqual(len(return_request), 1)
        self.assertEqual(return_request.state, "approved")
        self.assertEqual(
            [
                (r.order_id, r.product_id, r.product_uom_qty, r.reason_id.code)
                for r in return_request.rma_ids
            ],
            [(self.order, self.kaos, 2.0, "size_fit")],
        )


@tagged("post_install", "-at_install")
class TestRmaFormTour(ReturnsCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setUpReturns()
        cls.policy.approval = "manual"
        new_test_user(
            cls.env,
            login="returns_mgr",
            groups="oms_omnichannel.group_oms_manager,rma.rma_group_manager,"
            "stock.group_stock_manager,account.group_account_invoice",
        )

    def test_one_primary_action_per_state(self):
        order = self._make_order([(self.kaos, 1, 100000)])
        return_request = self.env["oms.return.request"]._oms_create_from_portal(
            self.customer, {order.order_line.id: (1, self.reason["damaged"].id)}
        )
        rma = return_request.rma_ids
        self.assertEqual(rma.state, "draft")
        url = f"/odoo/action-rma.rma_action/{rma.id}"
        warm_web_client_assets(self.env)
        self.start_tour(url, "oms_rma_form_draft_tour", login="returns_mgr")
        self.assertEqual(rma.state, "confirmed")
        self._receive(rma)
        self.assertEqual(rma.state, "received")
        # the inspector's grade and decision (the tour applies them from the form)
        rma.write({"grade": "as_new", "disposition": "restock"})
        stock_before = self._free_qty(self.kaos)
        self.start_tour(url, "oms_rma_form_received_tour", login="returns_mgr")
        self.assertTrue(rma.disposition_done)
        self.assertEqual((rma.grade, rma.disposition), ("as_new", "restock"))
        self.assertEqual(self._free_qty(self.kaos), stock_before + 1, "back in sellable stock")
