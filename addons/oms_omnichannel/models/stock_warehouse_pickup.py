# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Click-and-collect settings of a store (a second ``stock.warehouse``
extension, next to the sourcing settings of ``stock_warehouse.py``)."""

from odoo import fields, models


class StockWarehouse(models.Model):
    _inherit = "stock.warehouse"

    oms_pickup_hold_days = fields.Integer(
        string="Pickup Hold Days",
        default=3,
        help="Days an order ready for pickup waits for its customer before it is cancelled "
        "and its goods go back to stock. A channel may set its own.",
    )
    oms_pickup_transfer_days = fields.Integer(
        string="Transfer Days to Store",
        default=2,
        help="Days to bring goods from another warehouse to this store for a pickup order: "
        "the promised pickup date of orders the store cannot serve from its own stock.",
    )
