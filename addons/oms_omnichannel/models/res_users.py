# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.tools import SQL


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
    oms_api_channel_ids = fields.Many2many(
        "oms.channel",
        "oms_channel_api_user_rel",
        "user_id",
        "channel_id",
        string="API Channels",
        readonly=True,
        help="Channels whose API this user's keys may post to (set on the channel).",
    )
    oms_scope_channel_ids = fields.Many2many(
        "oms.channel",
        compute="_compute_oms_scope_channel_ids",
        compute_sudo=True,
        string="Channel Scope",
        help="The channels whose orders, deliveries, invoices and returns the user sees: "
        "the channels the user is restricted to plus the channels the user is an API user "
        "of. Empty: every channel. The record rules read it, so it holds on every path "
        "(REST API, JSON-RPC with an API key, reports, screens).",
    )

    @api.depends("oms_channel_ids", "oms_api_channel_ids")
    def _compute_oms_scope_channel_ids(self):
        # Read from the two relation tables in one query: the record rules
        # evaluate this at every rule-cache miss, and archived channels must stay
        # in the scope (the ORM's many2many read would drop them, and a user
        # restricted to an archived channel only would then see every channel).
        self.flush_model(["oms_channel_ids", "oms_api_channel_ids"])
        self.env["oms.channel"].flush_model(["api_user_ids", "restrict_user_ids"])
        rows = self.env.execute_query(
            SQL(
                """
                SELECT user_id, channel_id FROM oms_channel_restrict_user_rel
                 WHERE user_id IN %(ids)s
                 UNION
                SELECT user_id, channel_id FROM oms_channel_api_user_rel
                 WHERE user_id IN %(ids)s
                """,
                ids=tuple(self._origin.ids) or (0,),
            )
        )
        channel_ids = {}
        for user_id, channel_id in rows:
            channel_ids.setdefault(user_id, []).append(channel_id)
        for user in self:
            user.oms_scope_channel_ids = self.env["oms.channel"].browse(
                sorted(channel_ids.get(user._origin.id, ()))
            )

    def write(self, vals):
        res = super().write(vals)
        if "oms_channel_ids" in vals or "oms_api_channel_ids" in vals:
            # record rules read the user's channels: drop cached rule domains
            self.env.registry.clear_cache()
        return res
