# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The validation rule of the B2B order type (a second ``exception.rule``
extension, next to the OMS rules of ``exception_rule.py``)."""

from odoo import fields, models


class ExceptionRule(models.Model):
    _inherit = "exception.rule"

    method = fields.Selection(
        selection_add=[
            ("_oms_rule_b2b_approval", "OMS: above the approval amount or the credit limit")
        ],
        ondelete={"_oms_rule_b2b_approval": "cascade"},
    )
