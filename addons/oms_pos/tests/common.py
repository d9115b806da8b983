# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Fixture of the store-sales tests: a central warehouse and a store, a marketplace
channel selling the stock of both, a point of sale on the store, and orders sent
the way the POS screen sends them (``pos.order.sync_from_ui``)."""

import uuid

from odoo import Command, fields
from odoo.tests import new_test_user


class OmsPosFixture:
    """Mixin building the fixture once per class (``_setup_pos_fixture``)."""

    @classmethod
    def _setup_pos_fixture(cls):
        env = cls.env
        cls.company = env.company
        cls.wh_main = env["stock.warehouse"].search([("company_id", "=", cls.company.id)], limit=1)
        cls.store = env["stock.warehouse"].create(
            {"name": "Toko Braga", "code": "BRG", "oms_is_store": True}
        )
        cls.tea = env["product.product"].create(
            {
                "name": "Teh Melati",
                "default_code": "TEH-MLT",
                "is_storable": True,
                "available_in_pos": True,
                "list_price": 25000.0,
                "taxes_id": [Command.clear()],
            }
        )
        quant = env["stock.quant"]
        quant._update_available_quantity(cls.tea, cls.store.lot_stock_id, 10)
        quant._update_available_quantity(cls.tea, cls.wh_main.lot_stock_id, 20)
        cls.pos_channel = env["oms.channel"].create(
            {"name": "Toko Braga", "code": "POSBRG", "channel_type": "pos"}
        )
        cls.marketplace = env["oms.channel"].create(
            {
                "name": "Shopee Braga",
                "code": "SHPBRG",
                "channel_type": "marketplace",
                "warehouse_id": cls.wh_main.id,
                "allowed_warehouse_ids": [Command.set((cls.wh_main | cls.store).ids)],
                "ship_from_store": True,
                # one customer orders the same tea twice in a test: not a duplicate here
                "duplicate_window_minutes": 0,
            }
        )
        cash_journal = env["account.journal"].create(
            {"name": "Kas Toko Braga", "type": "cash", "code": "KBRG"}
        )
        cls.cash = env["pos.payment.method"].create(
            {"name": "Tunai Braga", "journal_id": cash_journal.id}
        )
        cls.pos_config = env["pos.config"].create(
            {
                "name": "Kasir Braga",
                "picking_type_id": cls.store.pos_type_id.id,
                "payment_method_ids": [Command.set(cls.cash.ids)],
                "oms_channel_id": cls.pos_channel.id,
            }
        )
        # the cashier: Point of Sale rights only, no OMS rights
        cls.cashier = new_test_user(
            env, login="kasir.braga", groups="point_of_sale.group_pos_user,stock.group_stock_user"
        )

    def _open_session(self, stock_update="real"):
        """Open a session of the store's point of sale; ``stock_update`` is the
        company's *Inventory Update* setting: ``real`` (at each order) or ``closing``."""
        self.company.point_of_sale_update_stock_quantities = stock_update
        self.pos_config.open_ui()
        session = self.pos_config.current_session_id
        session.set_opening_control(0, None)
        self.assertEqual(session.update_stock_at_closing, stock_update == "closing")
        return session

    def _order_data(self, session, lines, state="paid", refunded_line=None):
        """One order as the POS screen sends it: ``lines`` is ``[(product, qty)]``,
        paid in cash (nothing paid for a draft order)."""
        order_lines = []
        total = 0.0
        for product, qty in lines:
            subtotal = product.lst_price * qty
            total += subtotal
            vals = {
                "product_id": product.id,
                "qty": qty,
                "price_unit": product.lst_price,
                "price_subtotal": subtotal,
                "price_subtotal_incl": subtotal,
                "discount": 0.0,
                "tax_ids": [Command.clear()],
                "pack_lot_ids": [],
            }
            if refunded_line:
                vals["refunded_orderline_id"] = refunded_line.id
            order_lines.append(Command.create(vals))
        payments = []
        if state == "paid":
            payments = [
                Command.create(
                    {
                        "amount": total,
                        "name": fields.Datetime.now(),
                        "payment_method_id": self.cash.id,
                    }
                )
            ]
        ref = str(uuid.uuid4())
        return {
            "uuid": ref,
            "name": f"Order {ref}",
            "session_id": session.id,
            "date_order": fields.Datetime.to_string(fields.Datetime.now()),
            "pricelist_id": self.pos_config.pricelist_id.id,
            "fiscal_position_id": False,
            "user_id": self.cashier.id,
            "partner_id": False,
            "lines": order_lines,
            "payment_ids": payments,
            "amount_paid": total if state == "paid" else 0.0,
            "amount_total": total,
            "amount_tax": 0.0,
            "amount_return": 0.0,
            "to_invoice": False,
            "last_order_preparation_change": "{}",
            "state": state,
        }

    def _sell(self, session, lines, **kwargs):
        """Send one order through Odoo's own POS entry point, as the cashier."""
        data = self._order_data(session, lines, **kwargs)
        result = self.env["pos.order"].with_user(self.cashier).sync_from_ui([data])
        return self.env["pos.order"].browse(result["pos.order"][0]["id"])

    def _close_session(self, session):
        cash_total = sum(session.order_ids.payment_ids.mapped("amount"))
        session.post_closing_cash_details(cash_total)
        result = session.close_session_from_ui()
        self.assertTrue(result.get("successful"), result)
        self.assertEqual(session.state, "closed")

    def _marketplace_atp(self):
        """The channel ATP of the tea that the marketplace channel publishes."""
        return self.env["oms.atp"]._get_channel_atp(self.marketplace, self.tea.ids)[self.tea.id]
