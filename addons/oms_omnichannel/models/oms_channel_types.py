# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Order-type settings of a channel (B2B approval, click-and-collect).

A second ``oms.channel`` extension, kept apart from ``oms_channel.py`` so the
order types can evolve without touching the channel's core definition.
"""

from odoo import fields, models


class OmsChannel(models.Model):
    _inherit = "oms.channel"

    oms_approval_amount = fields.Monetary(
        string="Approval Above",
        currency_field="currency_id",
        help="Orders whose total exceeds this amount wait for a manager's approval "
        "(validation rule 'B2B approval'). 0: no approval by amount.",
    )
    oms_pickup_hold_days = fields.Integer(
        string="Pickup Hold Days",
        help="Days an order ready for pickup waits for its customer before it is cancelled. "
        "0: the store's setting.",
    )
