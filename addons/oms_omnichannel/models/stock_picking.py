# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class StockPicking(models.Model):
    _inherit = "stock.picking"

    oms_delivered_date = fields.Datetime(
        string="Delivered On",
        copy=False,
        tracking=True,
        help="When the carrier handed the parcel to the customer.",
    )
    oms_packed = fields.Boolean(
        string="Packed",
        copy=False,
        help="Set when the parcel is packed and waits for the carrier.",
    )
    oms_is_customer_delivery = fields.Boolean(
        compute="_compute_oms_direction", store=True, index=True
    )
    oms_is_customer_return = fields.Boolean(compute="_compute_oms_direction", store=True)

    @api.depends("location_dest_id.usage", "location_id.usage")
    def _compute_oms_direction(self):
        for picking in self:
            picking.oms_is_customer_delivery = picking.location_dest_id.usage == "customer"
            picking.oms_is_customer_return = (
                picking.location_id.usage == "customer"
                and picking.location_dest_id.usage != "customer"
            )
