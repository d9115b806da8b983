# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Order-type hooks of transfers (a second ``stock.picking`` extension, kept apart
from ``stock_picking.py``, the delivery tracking):

* a transfer bringing goods to a store for a click-and-collect order;
* "ready for pickup" from the store's delivery;
* a receipt whose date moves re-promises the waiting pre-orders (a validated
  receipt serves them: ``stock_picking.py``, ``_action_done``).
"""

from odoo import api, fields, models


class StockPicking(models.Model):
    _inherit = "stock.picking"

    oms_pickup_order_id = fields.Many2one(
        "sale.order",
        string="Pickup Order",
        copy=False,
        readonly=True,
        index="btree_not_null",
        help="The click-and-collect order this transfer brings goods to the store for.",
    )
    oms_pickup_state = fields.Selection(related="sale_id.oms_pickup_state", string="Pickup")

    def action_oms_ready_for_pickup(self):
        self.sale_id.action_oms_ready_for_pickup()
        return True

    def action_oms_confirm_pickup(self):
        self.sale_id.action_oms_confirm_pickup()
        return True

    def write(self, vals):
        res = super().write(vals)
        if "scheduled_date" in vals:
            self._oms_receipts_rescheduled()
        return res

    @api.private
    def _oms_receipts_rescheduled(self):
        receipts = self.filtered(
            lambda p: p.picking_type_code == "incoming" and p.state not in ("done", "cancel")
        )
        if receipts:
            self.env["sale.order"]._oms_reschedule_preorders(receipts.move_ids.product_id)
