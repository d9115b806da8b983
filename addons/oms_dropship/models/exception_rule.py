# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The validation rule of dropship / made-to-order lines."""

from odoo import fields, models


class ExceptionRule(models.Model):
    _inherit = "exception.rule"

    method = fields.Selection(
        selection_add=[
            (
                "_oms_rule_vendor_missing",
                "OMS: dropship or to-order product without a vendor",
            )
        ],
        ondelete={"_oms_rule_vendor_missing": "cascade"},
    )
