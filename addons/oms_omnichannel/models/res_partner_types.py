# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""B2B delivery preference of a customer (a second ``res.partner`` extension,
kept apart from ``res_partner.py``, the capture's customer matching)."""

from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    oms_partial_delivery = fields.Selection(
        [
            ("allowed", "Ship what is available"),
            ("complete", "Complete orders only"),
        ],
        string="Partial Deliveries",
        help="Delivery policy of this customer's orders (Odoo's Shipping Policy): ship "
        "what is in stock at once and the rest later, or wait and ship everything "
        "together. Empty: the company's default.",
    )
