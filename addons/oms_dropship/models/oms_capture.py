# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The vendor source in the API's order status: each shipment and line says whether
it ships from stock, from the vendor (dropship) or bought / made to order, and a
vendor line says how far its supply is."""

from odoo import api, models


class OmsCapture(models.AbstractModel):
    _inherit = "oms.capture"

    @api.model
    @api.private
    def order_status(self, order):
        result = super().order_status(order)
        pickings = {picking.name: picking for picking in order.delivery_picking_ids}
        for shipment in result["shipments"]:
            picking = pickings[shipment["reference"]]
            shipment["supply"] = picking.oms_supply_type or "stock"
        lines = order.order_line.filtered(
            lambda line: not line.display_type and not line.is_delivery
        )
        for data, line in zip(result["lines"], lines, strict=True):
            data["supply"] = line.oms_supply_type or "stock"
            data["supply_status"] = line.oms_supply_state or None
        return result
