# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class PosOrder(models.Model):
    _inherit = "pos.order"

    oms_channel_id = fields.Many2one(
        "oms.channel",
        string="OMS Channel",
        compute="_compute_oms_channel_id",
        store=True,
        readonly=True,
        index="btree_not_null",
        help="Channel of the point of sale when the order was made.",
    )

    @api.depends("config_id")
    def _compute_oms_channel_id(self):
        # only the order's point of sale is a dependency: changing the channel of a
        # point of sale later does not move its past orders to the new channel
        for order in self:
            order.oms_channel_id = order.config_id.oms_channel_id

    def _process_saved_order(self, draft):
        """A paid order takes stock (now, or at the session's closing): tell the
        stock publishers (marketplace pushes) that the ATP of its products changed."""
        order_id = super()._process_saved_order(draft)
        if not draft and self.state != "cancel":
            self.lines.product_id._oms_stock_changed()
        return order_id
