# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class StockWarehouse(models.Model):
    _inherit = "stock.warehouse"

    oms_latitude = fields.Float(string="Latitude", digits=(10, 6))
    oms_longitude = fields.Float(string="Longitude", digits=(10, 6))
    oms_state_id = fields.Many2one(
        "res.country.state",
        string="Province",
        help="Used for distances when the warehouse has no coordinates.",
    )
    oms_paused = fields.Boolean(
        string="Paused for Sourcing", help="Paused warehouses are never chosen to ship orders."
    )
    oms_is_store = fields.Boolean(
        string="Store", help="A physical store; ships only the channels that allow it."
    )
    oms_daily_capacity = fields.Integer(
        string="Daily Order Capacity", help="Orders per day this warehouse can ship. 0: no limit."
    )
    oms_sourcing_sequence = fields.Integer(string="Sourcing Sequence", default=10)
    oms_cutoff_hour = fields.Float(
        string="Cut-off Time",
        default=14.0,
        help="Orders received after this local time are handled the next working day.",
    )
    oms_handling_days = fields.Integer(
        string="Pick & Pack Days", help="Working days between handling start and shipment."
    )
    oms_calendar_id = fields.Many2one(
        "resource.calendar",
        string="Working Calendar",
        help="Working days and public holidays (leaves) of the warehouse. "
        "Empty: the company's calendar.",
    )
    # click-and-collect
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
