# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from collections import defaultdict

from odoo import api, models
from odoo.tools import float_compare


class SaleOrderLine(models.Model):
    """Returned goods are never invoiced again.

    A product invoiced on ordered quantities has ``qty_to_invoice = ordered -
    invoiced``. A return's credit note is linked to the sale line (OCA ``rma_sale``),
    so it lowers ``qty_invoiced`` and the line became "to invoice" again: the
    automatic workflow then posted and "paid" a new invoice for goods the customer
    sent back. The quantity credited by return credit notes is taken off what is
    still to invoice (lines invoiced on delivery already lose it through the return
    move, which lowers ``qty_delivered``)."""

    _inherit = "sale.order.line"

    @api.depends("invoice_lines.rma_id", "invoice_lines.move_id.move_type")
    def _compute_qty_to_invoice(self):
        res = super()._compute_qty_to_invoice()
        returned = self._oms_get_returned_qty()
        # invoiced on delivery (oms_omnichannel): the return move lowered the delivered
        # quantity already
        on_delivery = self._oms_lines_invoiced_on_delivery()
        for line in self - on_delivery:
            if (
                line.state == "sale"
                and not line.display_type
                and line.product_id.type != "combo"
                and line.product_id.invoice_policy == "order"
                and returned.get(line)
            ):
                line.qty_to_invoice -= returned[line]
        return res

    @api.depends("invoice_lines.rma_id", "invoice_lines.move_id.move_type")
    def _compute_invoice_status(self):
        # invoiced, then partly credited for a return: fully invoiced, not "nothing
        # to invoice"
        res = super()._compute_invoice_status()
        candidates = self.filtered(
            lambda line: (
                line.invoice_status == "no"
                and line.state == "sale"
                and line.product_id.invoice_policy == "order"
                and line.product_id.type != "combo"
            )
        )
        returned = candidates._oms_get_returned_qty()
        for line in candidates:
            rounding = line.product_uom_id.rounding
            if returned.get(line) and (
                float_compare(
                    line.qty_invoiced + returned[line],
                    line.product_uom_qty,
                    precision_rounding=rounding,
                )
                >= 0
            ):
                line.invoice_status = "invoiced"
        return res

    @api.private
    def _oms_get_returned_qty(self):
        """{sale line: quantity credited by (non-cancelled) return credit notes}."""
        returned = defaultdict(float)
        for line in self:
            for invoice_line in line.invoice_lines:
                move = invoice_line.move_id
                if move.move_type != "out_refund" or move.state == "cancel":
                    continue
                if not invoice_line.rma_id:
                    continue
                returned[line] += invoice_line.product_uom_id._compute_quantity(
                    invoice_line.quantity, line.product_uom_id
                )
        return returned
