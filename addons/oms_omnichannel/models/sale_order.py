# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    channel_id = fields.Many2one(
        "oms.channel",
        string="Channel",
        index=True,
        check_company=True,
        tracking=True,
        copy=False,
    )
    external_ref = fields.Char(
        string="External Reference",
        index="btree_not_null",
        copy=False,
        help="The order number in the channel it came from.",
    )

    _channel_external_ref_uniq = models.Constraint(
        "UNIQUE(channel_id, external_ref)",
        "An order with this external reference already exists in this channel.",
    )
