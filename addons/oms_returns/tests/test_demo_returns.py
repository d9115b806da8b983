# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The returns part of the demo data (``OMS_DEMO=1 scripts/run``)."""

from odoo import Command
from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestDemoReturns(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        company = cls.env["res.company"].create({"name": "PT Retur Demo"})
        cls.env.user.company_ids = [Command.link(company.id)]
        company._oms_first_run_setup("ID", lang_code=False)
        cls.env = cls.env(context=dict(cls.env.context, allowed_company_ids=[company.id]))
        cls.company = company
        cls.env["oms.demo.loader"].load(days=8, orders_per_day=2)

    def test_demo_returns(self):
        env = self.env
        orders = env["sale.order"].search([("company_id", "=", self.company.id)])
        requests = env["oms.return.request"].search([("company_id", "=", self.company.id)])
        self.assertGreaterEqual(len(requests), 2)
        statuses = set(orders.mapped("oms_status"))
        # one customer sent the whole order back, another one item of it
        self.assertIn("returned", statuses)
        self.assertIn("partially_returned", statuses)
        received = requests.filtered(lambda r: r.state == "received")
        self.assertTrue(received)
        # the parcel is back in stock: its reception is done
        self.assertEqual(
            set(received.rma_ids.reception_move_id.picking_id.mapped("state")), {"done"}
        )
        self.assertIn("approved", requests.mapped("state"))
        # the checklist's return policy step is done
        steps = {s["key"]: s for s in env["oms.setup.checklist"].get_checklist()["steps"]}
        self.assertTrue(steps["return_policy"]["done"])
        self.assertEqual(steps["return_policy"]["action"], "oms_returns.oms_return_policy_action")
