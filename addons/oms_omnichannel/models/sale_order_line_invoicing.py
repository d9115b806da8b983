# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models
from odoo.tools import float_compare

# the shipped workflows' invoice filters that wait for the goods to leave
# (data/sale_workflow_process_data.xml)
_ON_DELIVERY_FILTERS = (
    "oms_omnichannel.oms_workflow_invoice_delivered_filter",
    "oms_omnichannel.oms_workflow_invoice_shipped_filter",
)


class SaleOrderLine(models.Model):
    """One invoice per quantity delivered.

    An order whose automatic workflow invoices it on delivery (B2B, cash on delivery)
    is invoiced for the goods that left, whatever the product's invoicing policy: a
    partly shipped order (its channel invoicing per shipment) is invoiced for the
    shipment, and the rest when it ships; a backorder cancelled is never invoiced.
    Prepaid orders keep the product's policy (invoiced as ordered, when paid)."""

    _inherit = "sale.order.line"

    @api.depends("order_id.workflow_process_id")
    def _compute_qty_to_invoice(self):
        res = super()._compute_qty_to_invoice()
        for line in self._oms_lines_invoiced_on_delivery():
            line.qty_to_invoice = line.qty_delivered - line.qty_invoiced
        return res

    @api.private
    def _oms_lines_invoiced_on_delivery(self):
        """The goods lines (confirmed, of an order invoiced on delivery) whose product
        is invoiced on ordered quantities: they are invoiced on delivered ones."""
        filters = self.env["ir.filters"]
        for xmlid in _ON_DELIVERY_FILTERS:
            filters |= self.env.ref(xmlid, raise_if_not_found=False) or filters
        if not filters:
            return self.browse()
        return self.filtered(
            lambda line: (
                line.state == "sale"
                and not line.display_type
                and line.product_id.type == "consu"
                and line.product_id.invoice_policy == "order"
                and line.order_id.workflow_process_id.create_invoice_filter_id in filters
            )
        )

    @api.private
    def _oms_lines_with_cancelled_goods(self):
        """{goods line: quantity shipped} of the lines invoiced beyond what was
        shipped whose remaining delivery was cancelled or not kept as a backorder (no
        delivery left open)."""
        result = {}
        for line in self.filtered(lambda sol: sol.product_id.type == "consu"):
            moves = line.move_ids.filtered(
                lambda m: m.location_dest_id.usage == "customer" and not m.origin_returned_move_id
            )
            # a delivery cancelled, or validated short without a backorder
            short = moves.filtered(
                lambda m: (
                    m.state == "cancel"
                    or (
                        m.state == "done"
                        and m.product_uom.compare(m.quantity, m.product_uom_qty) < 0
                    )
                )
            )
            if not short or moves.filtered(lambda m: m.state not in ("done", "cancel")):
                continue
            uom = line.product_uom_id
            shipped = sum(
                m.product_uom._compute_quantity(m.quantity, uom)
                for m in moves.filtered(lambda m: m.state == "done")
            )
            if (
                float_compare(line.product_uom_qty, shipped, precision_rounding=uom.rounding) > 0
                and float_compare(line.qty_invoiced, shipped, precision_rounding=uom.rounding) > 0
            ):
                result[line] = shipped
        return result
