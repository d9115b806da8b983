# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class OmsChannel(models.Model):
    _inherit = "oms.channel"

    cancel_refund_payment = fields.Selection(
        [
            ("draft", "Draft outgoing payment"),
            ("register", "Registered outgoing payment"),
        ],
        string="Refund on Cancellation",
        required=True,
        default="draft",
        help="When an order whose invoice was paid is cancelled, its credit note is "
        "posted and the money to give back is prepared as an outgoing payment: left "
        "in draft for the accountant to check and send, or registered at once (and "
        "reconciled with the credit note).",
    )
