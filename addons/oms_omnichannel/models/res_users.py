# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class ResUsers(models.Model):
    _inherit = "res.users"

    oms_channel_ids = fields.Many2many(
        "oms.channel",
        "oms_channel_restrict_user_rel",
        "user_id",
        "channel_id",
        string="Restricted to Channels",
        help="When set, the user sees only the orders of these channels. Empty: all channels.",
    )

    def write(self, vals):
        res = super().write(vals)
        if "oms_channel_ids" in vals:
            # record rules read the user's channels: drop cached rule domains
            self.env.registry.clear_cache()
        return res
