# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class ExceptionRule(models.Model):
    _inherit = "exception.rule"

    method = fields.Selection(
        selection_add=[
            (
                "_oms_rule_marketplace_address_review",
                "OMS: marketplace address with a province not in Odoo's list",
            )
        ],
        ondelete={"_oms_rule_marketplace_address_review": "cascade"},
    )
