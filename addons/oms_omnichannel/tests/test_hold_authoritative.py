# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.fields import Command
from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestHoldAuthoritative(TransactionCase):
    """Nothing unattended lifts a hold: the automatic workflow's scheduled job runs
    over a held order and the order stays held, unconfirmed, uninvoiced."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.workflow = env.ref("sale_automatic_workflow.automatic_validation")
        warehouse = env["stock.warehouse"].search([("company_id", "=", env.company.id)], limit=1)
        cls.channel = env["oms.channel"].create(
            {
                "name": "Toko Online Hold",
                "code": "WEBHOLD",
                "channel_type": "web",
                "allowed_warehouse_ids": [Command.set(warehouse.ids)],
                "workflow_process_id": cls.workflow.id,
                "new_customer_limit": 5_000_000,
            }
        )
        cls.kopi = env["product.product"].create(
            {
                "name": "Kopi Toraja 1kg",
                "default_code": "KPI-HOLD",
                "type": "consu",
                "is_storable": True,
                "list_price": 1_670_000,
                "taxes_id": [Command.clear()],
            }
        )
        env["stock.quant"]._update_available_quantity(cls.kopi, warehouse.lot_stock_id, 100)
        cls.customer = env["res.partner"].create(
            {
                "name": "Putri Ayu",
                "email": "putri.hold@example.id",
                "street": "Jl. Sudirman No. 5",
                "city": "Jakarta Selatan",
                "state_id": env.ref("base.state_id_jk").id,
                "zip": "12190",
                "country_id": env.ref("base.id").id,
            }
        )

    def _capture(self, qty):
        order = self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "channel_id": self.channel.id,
                "workflow_process_id": self.workflow.id,
                "payment_method": "prepaid",
                "payment_status": "paid",
                "order_line": [
                    Command.create({"product_id": self.kopi.id, "product_uom_qty": qty})
                ],
            }
        )
        order._oms_process_captured()
        return order

    def test_workflow_job_leaves_held_order_held(self):
        big = self._capture(10)  # Rp 16,700,000 from a new customer: over the limit
        self.assertTrue(big.oms_hold)
        self.assertEqual(big.state, "draft")
        small = self._capture(1)  # the same customer's small order passes...
        self.assertEqual(small.state, "sale")
        # ...so the "new customer" rule would pass now: only a person may lift the hold
        self.env["automatic.workflow.job"].run()
        self.env["automatic.workflow.job"].run_with_workflow(self.workflow)
        big.invalidate_recordset()
        self.assertEqual(big.state, "draft", "the scheduled job confirmed a held order")
        self.assertTrue(big.oms_hold)
        self.assertEqual(big.oms_status, "on_hold")
        self.assertFalse(big.picking_ids)
        self.assertFalse(big.invoice_ids)
        self.assertEqual(
            big.exception_ids, self.env.ref("oms_omnichannel.exception_rule_new_customer_limit")
        )

    def test_recheck_lifts_hold_and_says_so(self):
        big = self._capture(10)
        self.assertTrue(big.oms_hold)
        self._capture(1)
        big.action_oms_recheck()
        self.assertEqual(big.state, "sale", "a re-check that finds nothing failing releases")
        self.assertFalse(big.oms_hold)
        self.assertTrue(
            any("re-checked" in (m.body or "") for m in big.message_ids),
            "the release by re-check is logged in the chatter",
        )
