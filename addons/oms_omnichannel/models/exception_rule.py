# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models

OMS_RULE_METHODS = [
    ("_oms_rule_incomplete_address", "OMS: incomplete or undeliverable address"),
    ("_oms_rule_stock_unavailable", "OMS: stock not available in the channel's warehouses"),
    ("_oms_rule_duplicate_order", "OMS: duplicate order"),
    ("_oms_rule_cod_limit", "OMS: cash on delivery above the channel's limit"),
    ("_oms_rule_new_customer_limit", "OMS: high value order of a new customer"),
    ("_oms_rule_blacklisted", "OMS: blacklisted email, phone or address"),
    ("_oms_rule_payment_mismatch", "OMS: payment amount differs from the order total"),
    ("_oms_rule_velocity", "OMS: too many orders from one phone or email in an hour"),
    ("_oms_rule_b2b_approval", "OMS: above the approval amount or the credit limit"),
]


class ExceptionRule(models.Model):
    _inherit = "exception.rule"

    method = fields.Selection(
        selection_add=OMS_RULE_METHODS,
        ondelete={method: "cascade" for method, _label in OMS_RULE_METHODS},
    )
    oms_risk_weight = fields.Integer(
        string="Risk Weight",
        default=0,
        help="Added to the risk score of every order this rule holds. The order's risk "
        "level follows from the score (see the Omnichannel README).",
    )
