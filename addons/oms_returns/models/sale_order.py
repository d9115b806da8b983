# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from collections import defaultdict

from odoo import api, fields, models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    oms_status = fields.Selection(
        selection_add=[("partially_returned", "Partially Returned")],
        ondelete={"partially_returned": "set null"},
    )
    oms_return_request_ids = fields.Many2many(
        "oms.return.request", string="Return Requests", compute="_compute_oms_return_requests"
    )

    @api.depends("rma_ids.return_request_id")
    def _compute_oms_return_requests(self):
        for order in self:
            order.oms_return_request_ids = order.rma_ids.return_request_id

    @api.depends(
        "state",
        "oms_hold",
        "invoice_status",
        "picking_ids.state",
        "picking_ids.oms_delivered_date",
        "picking_ids.oms_packed",
        "picking_ids.move_ids.picked",
        "order_line.move_ids.state",
        "rma_ids.state",
    )
    def _compute_oms_status(self):
        return super()._compute_oms_status()

    def _oms_get_status(self):
        """'returned' once every delivered unit came back, 'partially_returned'
        while only some did; otherwise the delivery status."""
        status = super()._oms_get_status()
        if status in ("cancelled", "received", "on_hold"):
            return status
        delivered, returned = self._oms_get_delivered_returned_qty()
        if not any(returned.values()):
            return status
        lines = [line for line in delivered if delivered[line] > 0]
        if all(returned[line] >= delivered[line] for line in lines):
            return "returned"
        return "partially_returned"

    @api.private
    def _oms_get_delivered_returned_qty(self):
        """({sale line: delivered qty}, {sale line: returned qty}) in product units,
        from done stock moves to and from customers."""
        self.ensure_one()
        delivered = defaultdict(float)
        returned = defaultdict(float)
        for line in self.order_line:
            for move in line.move_ids.filtered(lambda m: m.state == "done"):
                qty = move.product_uom._compute_quantity(move.quantity, move.product_id.uom_id)
                if move.location_dest_id.usage == "customer":
                    delivered[line] += qty
                elif move.location_id.usage == "customer":
                    returned[line] += qty
        return delivered, returned

    def action_view_oms_return_requests(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "oms_returns.oms_return_request_action"
        )
        action["domain"] = [("id", "in", self.oms_return_request_ids.ids)]
        action["context"] = {"create": False}
        return action
