# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class OmsReturnReason(models.Model):
    _name = "oms.return.reason"
    _description = "Return Reason"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(
        required=True, help="Stable key used by the API and marketplaces (e.g. 'damaged')."
    )
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    seller_fault = fields.Boolean(
        help="The seller is at fault: no restocking fee is charged and the seller pays "
        "the return shipping, whatever the policy says.",
    )

    _code_uniq = models.Constraint("UNIQUE(code)", "A return reason code must be unique.")
