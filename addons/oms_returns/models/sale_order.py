# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from collections import defaultdict
from datetime import timedelta

from odoo import api, fields, models
from odoo.fields import Domain


class SaleOrder(models.Model):
    _inherit = "sale.order"

    oms_status = fields.Selection(
        selection_add=[("partially_returned", "Partially Returned")],
        ondelete={"partially_returned": "set null"},
    )
    oms_delivery_fee_refund_id = fields.Many2one(
        "account.move",
        string="Delivery Fee Refunded By",
        readonly=True,
        copy=False,
        help="Credit note that gave the customer the delivery fee of this order back.",
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

    @api.private
    def oms_get_returnable_quantities(self):
        """{sale line: quantity still returnable} (product units) of one order: the
        public service other addons (marketplace returns) call."""
        self.ensure_one()
        return {line: qty for line, (qty, _move) in self._oms_get_returnable_by_line().items()}

    @api.private
    def _oms_get_returnable_by_line(self):
        """{sale line: (returnable qty, last done delivery move)}: delivered, minus
        open or done RMAs, minus returns made outside RMAs (product units)."""
        self.ensure_one()
        result = {}
        for sale_line in self.order_line:
            moves = sale_line.move_ids.filtered(lambda m: m.state == "done")
            deliveries = moves.filtered(lambda m: m.location_dest_id.usage == "customer")
            if not deliveries:
                continue
            delivered = sum(deliveries.mapped("quantity"))
            other_returns = moves.filtered(
                lambda m: m.location_id.usage == "customer" and not m.rma_receiver_ids
            )
            in_rma = sum(
                sale_line.rma_ids.filtered(lambda r: r.state != "cancelled").mapped(
                    "product_uom_qty"
                )
            )
            returned = sum(other_returns.mapped("quantity")) + in_rma
            result[sale_line] = (max(delivered - returned, 0.0), deliveries.sorted("id")[-1])
        return result

    @api.model
    @api.private
    def _oms_get_returnable_lines(self, partner, now=None):
        """What a customer may still return, for the portal.

        [{"line", "quantity", "move", "policy", "deadline"}] for the delivered lines
        of the customer's (commercial entity's) channel orders that a return policy
        covers and whose return window is still open. Orders of other customers
        never appear: the search is on the customer's commercial entity."""
        now = now or fields.Datetime.now()
        orders_model = self.sudo()
        policies = self.env["oms.return.policy"].sudo().search([])
        if not policies:
            return []
        oldest = now - timedelta(days=max(policies.mapped("window_days")))
        orders = orders_model.search(
            Domain("partner_id", "child_of", partner.commercial_partner_id.id)
            & Domain("state", "=", "sale")
            & Domain("channel_id", "in", policies.channel_id.ids)
            & (
                Domain("picking_ids.oms_delivered_date", ">=", oldest)
                | Domain("picking_ids.date_done", ">=", oldest)
            ),
            order="date_order desc, id desc",
        )
        returnable = {}
        for order in orders:
            returnable.update(order._oms_get_returnable_by_line())
        lines = self.env["sale.order.line"].sudo().browse([line.id for line in returnable])
        by_pair = policies._get_policies(orders.channel_id, lines.product_id)
        result = []
        for line, (quantity, move) in returnable.items():
            policy = by_pair.get((line.order_id.channel_id.id, line.product_id.id))
            if not policy or line.is_delivery or quantity <= 0:
                continue
            delivered = move.picking_id.oms_delivered_date or move.picking_id.date_done
            if not policy._is_within_window(delivered, now):
                continue
            result.append(
                {
                    "line": line,
                    "quantity": quantity,
                    "move": move,
                    "policy": policy,
                    "deadline": delivered + timedelta(days=policy.window_days),
                }
            )
        return result

    def action_view_oms_return_requests(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "oms_returns.oms_return_request_action"
        )
        action["domain"] = [("id", "in", self.oms_return_request_ids.ids)]
        action["context"] = {"create": False}
        return action
