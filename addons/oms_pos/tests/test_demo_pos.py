# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The store part of the demo data (``OMS_DEMO=1 scripts/run``)."""

from odoo import Command
from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestDemoPos(TransactionCase):
    def test_demo_store_session(self):
        company = self.env["res.company"].create({"name": "PT Toko Demo"})
        self.env.user.company_ids = [Command.link(company.id)]
        company._oms_first_run_setup("ID", lang_code=False)
        env = self.env(context=dict(self.env.context, allowed_company_ids=[company.id]))
        env["oms.demo.loader"].load(days=1, orders_per_day=1)
        config = env["pos.config"].search([("company_id", "=", company.id)])
        self.assertEqual(config.oms_channel_id.code, "STORE")
        session = config.current_session_id
        self.assertEqual(session.state, "opened")
        self.assertEqual(len(session.order_ids), 5)
        self.assertEqual(set(session.order_ids.mapped("state")), {"paid"})
        # PPN included in the shelf price, as the receipt shows it
        order = session.order_ids[0]
        self.assertGreater(order.amount_tax, 0)
        self.assertAlmostEqual(
            order.amount_total, sum(order.lines.mapped("price_subtotal_incl")), places=2
        )
        # the store's stock went down in real time
        sold = session.order_ids.picking_ids
        self.assertEqual(set(sold.mapped("state")), {"done"})
