# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class OmsServiceLevel(models.Model):
    _name = "oms.service.level"
    _description = "Delivery Service Level"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(
        required=True, help="Code used by the capture API, e.g. regular, express, same_day."
    )
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    sla_hours = fields.Integer(
        string="SLA (hours)",
        help="Hours from order confirmation within which the order must be shipped.",
    )
    priority = fields.Integer(
        help="Added to the channel priority when stock is short: higher is served first."
    )

    _code_uniq = models.Constraint("UNIQUE(code)", "The service level code must be unique.")

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("code"):
                vals["code"] = vals["code"].strip().lower()
        return super().create(vals_list)
