# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class PosConfig(models.Model):
    _inherit = "pos.config"

    oms_channel_id = fields.Many2one(
        "oms.channel",
        string="OMS Channel",
        check_company=True,
        domain="[('channel_type', '=', 'pos')]",
        help="Omnichannel sales channel of this point of sale: its orders are counted "
        "in the OMS reports under this channel.",
    )
    oms_warehouse_id = fields.Many2one(
        related="picking_type_id.warehouse_id", string="Store Warehouse"
    )
    oms_is_store = fields.Boolean(
        related="picking_type_id.warehouse_id.oms_is_store",
        string="Warehouse is a Store",
        readonly=False,
        help="Mark the warehouse this point of sale sells from as a store: other "
        "channels then use its stock only when they allow shipping from stores "
        "(Ship from Store), and it can serve click-and-collect orders.",
    )

    @api.constrains("oms_channel_id")
    def _check_oms_channel_type(self):
        for config in self:
            channel = config.oms_channel_id
            if channel and channel.channel_type != "pos":
                raise ValidationError(
                    self.env._(
                        "The OMS channel of point of sale %(pos)s must be of type "
                        "'Physical Store / POS'; %(channel)s is not.",
                        pos=config.name,
                        channel=channel.display_name,
                    )
                )
