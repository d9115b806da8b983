# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The vendor source of a shipment (dropship picking, made-to-order delivery).

Set from the supply type of the sale lines (``sale_order.py``).
"""

from odoo import api, fields, models

from .sale_order import SUPPLY_TYPES


class StockPicking(models.Model):
    _inherit = "stock.picking"

    oms_supply_type = fields.Selection(
        SUPPLY_TYPES,
        string="Supplied by",
        compute="_compute_oms_supply_type",
        store=True,
        index="btree_not_null",
        help="Empty for a shipment from stock; dropship pickings and the deliveries of "
        "lines bought or made to order are shipments of their own.",
    )

    @api.depends("picking_type_id.code", "move_ids.sale_line_id.oms_supply_type")
    def _compute_oms_supply_type(self):
        for picking in self:
            if picking.picking_type_id.code == "dropship":
                picking.oms_supply_type = "dropship"
                continue
            kinds = {move.sale_line_id.oms_supply_type for move in picking.move_ids}
            picking.oms_supply_type = kinds.pop() if len(kinds) == 1 else False
