# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""A sale at the store's point of sale lowers the ATP a marketplace channel sees,
whether Odoo moves the stock at each order or at the session's closing."""

from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import TransactionCase, tagged

from .common import OmsPosFixture


@tagged("post_install", "-at_install")
class TestPosAtp(OmsPosFixture, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_pos_fixture()

    def test_fixture_marketplace_sells_store_stock(self):
        atp = self._marketplace_atp()
        self.assertEqual(atp["total"], 30.0)
        self.assertEqual(atp["warehouses"], {self.wh_main.id: 20.0, self.store.id: 10.0})

    def test_real_time_sale_lowers_marketplace_atp(self):
        session = self._open_session("real")
        order = self._sell(session, [(self.tea, 3)])
        self.assertEqual(order.state, "paid")
        self.assertEqual(order.oms_channel_id, self.pos_channel)
        # Odoo validated the store's delivery at once: the stock left the store
        self.assertEqual(order.picking_ids.state, "done")
        self.assertEqual(order.picking_ids.location_id, self.store.lot_stock_id)
        atp = self._marketplace_atp()
        self.assertEqual(atp["total"], 27.0)
        self.assertEqual(atp["warehouses"], {self.wh_main.id: 20.0, self.store.id: 7.0})
        self._close_session(session)
        self.assertEqual(self._marketplace_atp()["total"], 27.0)

    def test_closing_sale_lowers_marketplace_atp_before_and_after_closing(self):
        session = self._open_session("closing")
        order = self._sell(session, [(self.tea, 3)])
        order2 = self._sell(session, [(self.tea, 1)])
        self.assertEqual((order | order2).mapped("state"), ["paid", "paid"])
        # no stock move yet: the units are still on hand in the store
        self.assertFalse((order | order2).picking_ids)
        self.assertEqual(self.tea.with_context(warehouse_id=self.store.id).qty_available, 10.0)
        atp = self._marketplace_atp()
        self.assertEqual(atp["total"], 26.0)
        self.assertEqual(atp["warehouses"], {self.wh_main.id: 20.0, self.store.id: 6.0})
        # what sourcing and the pivot read: counted as promised in the store only
        figures = self.env["oms.atp"]._get_stock_figures(
            self.tea.ids, (self.wh_main | self.store).ids
        )
        self.assertEqual(figures[(self.store.id, self.tea.id)].promised, 4.0)
        self.assertEqual(figures[(self.wh_main.id, self.tea.id)].promised, 0.0)
        # the ATP pivot (Omnichannel > Stock > Available to Promise) agrees
        pivot = self.env["oms.atp.report"].search([("product_id", "=", self.tea.id)])
        self.assertEqual(
            {(r.warehouse_id, r.on_hand, r.promised, r.atp) for r in pivot},
            {(self.store, 10.0, 4.0, 6.0), (self.wh_main, 20.0, 0.0, 20.0)},
        )
        # closing moves the stock: counted once, not twice
        self._close_session(session)
        self.assertEqual(session.picking_ids.state, "done")
        self.assertEqual(self.tea.with_context(warehouse_id=self.store.id).qty_available, 6.0)
        atp = self._marketplace_atp()
        self.assertEqual(atp["total"], 26.0)
        self.assertEqual(atp["warehouses"], {self.wh_main.id: 20.0, self.store.id: 6.0})
        self.env.invalidate_all()  # the pivot's rows are numbered, not stored
        pivot = self.env["oms.atp.report"].search(
            [("product_id", "=", self.tea.id), ("warehouse_id", "=", self.store.id)]
        )
        self.assertEqual((pivot.on_hand, pivot.promised, pivot.atp), (6.0, 0.0, 6.0))

    def test_closing_refund_and_draft_orders(self):
        session = self._open_session("closing")
        order = self._sell(session, [(self.tea, 4)])
        self.assertEqual(self._marketplace_atp()["total"], 26.0)
        # an order still being keyed in (draft) has sold nothing yet
        draft = self._sell(session, [(self.tea, 5)], state="draft")
        self.assertEqual(draft.state, "draft")
        self.assertEqual(self._marketplace_atp()["total"], 26.0)
        # a refund of one unit gives it back
        refund = self._sell(session, [(self.tea, -1)], refunded_line=order.lines)
        self.assertEqual(refund.state, "paid")
        self.assertEqual(self._marketplace_atp()["total"], 27.0)

    def test_closing_invoiced_order_counted_once(self):
        # under Anglo-Saxon accounting Odoo moves the stock of an invoiced order at once,
        # even when the session updates stock at closing: its picking counts, not its lines
        self.assertTrue(self.company.anglo_saxon_accounting)
        session = self._open_session("closing")
        customer = self.env["res.partner"].create({"name": "Ibu Ratna"})
        data = self._order_data(session, [(self.tea, 2)])
        data.update(partner_id=customer.id, to_invoice=True)
        result = self.env["pos.order"].with_user(self.cashier).sync_from_ui([data])
        order = self.env["pos.order"].browse(result["pos.order"][0]["id"])
        self.assertTrue(order.account_move)
        self.assertEqual(order.picking_ids.state, "done")
        self.assertEqual(self._marketplace_atp()["total"], 28.0)
        self._sell(session, [(self.tea, 1)])
        self.assertEqual(self._marketplace_atp()["total"], 27.0)
        self._close_session(session)
        self.assertEqual(self._marketplace_atp()["total"], 27.0)
        self.assertEqual(self.tea.with_context(warehouse_id=self.store.id).qty_available, 7.0)

    def test_sourcing_skips_store_stock_sold_before_closing(self):
        # the store is the marketplace's first choice, until the till sold its stock
        self.store.oms_sourcing_sequence = 1
        self.wh_main.oms_sourcing_sequence = 20
        self.env.ref("oms_omnichannel.exception_rule_stock_unavailable").active = False
        customer = self.env["res.partner"].create(
            {
                "name": "Dewi Lestari",
                "street": "Jl. Braga 12",
                "city": "Bandung",
                "zip": "40111",
                "state_id": self.env.ref("base.state_id_jb").id,
                "country_id": self.env.ref("base.id").id,
            }
        )

        def marketplace_order():
            order = self.env["sale.order"].create(
                {
                    "partner_id": customer.id,
                    "channel_id": self.marketplace.id,
                    "order_line": [
                        Command.create({"product_id": self.tea.id, "product_uom_qty": 1})
                    ],
                }
            )
            order.action_confirm()
            self.assertEqual(order.state, "sale")
            return order

        self.assertEqual(marketplace_order().warehouse_id, self.store)
        session = self._open_session("closing")
        self._sell(session, [(self.tea, 9)])  # the store's last free units
        self.assertEqual(marketplace_order().warehouse_id, self.wh_main)

    def test_sale_in_a_warehouse_the_channel_does_not_use(self):
        # a marketplace that sells only the central warehouse does not see store sales
        self.marketplace.allowed_warehouse_ids = self.wh_main
        session = self._open_session("closing")
        self._sell(session, [(self.tea, 3)])
        self.assertEqual(self._marketplace_atp()["total"], 20.0)

    def test_pos_channel_must_be_of_type_pos(self):
        with self.assertRaises(ValidationError), self.env.cr.savepoint():
            self.pos_config.oms_channel_id = self.marketplace
        self.assertEqual(self.pos_config.oms_channel_id, self.pos_channel)

    def test_store_flag_on_the_point_of_sale(self):
        self.assertEqual(self.pos_config.oms_warehouse_id, self.store)
        self.assertTrue(self.pos_config.oms_is_store)
        self.pos_config.oms_is_store = False
        self.assertFalse(self.store.oms_is_store)
