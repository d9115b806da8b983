# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class DeliveryCarrier(models.Model):
    _inherit = "delivery.carrier"

    oms_code = fields.Char(
        string="OMS Code",
        index="btree_not_null",
        help="Code channels and the capture API use for this carrier, e.g. jne, jnt, sicepat.",
    )

    _oms_code_uniq = models.Constraint(
        "UNIQUE(oms_code, company_id)", "The OMS carrier code must be unique per company."
    )
