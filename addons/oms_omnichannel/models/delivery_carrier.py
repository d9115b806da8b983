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

    oms_cod_clearing_journal_id = fields.Many2one(
        "account.journal",
        string="COD Clearing Journal",
        company_dependent=True,
        domain="[('type', 'in', ('bank', 'cash'))]",
        help="The journal standing for the cash this courier collected and owes: COD "
        "invoices are paid from its clearing account when the courier's COD report is "
        "imported; the courier's transfer clears it.",
    )

    _oms_code_uniq = models.Constraint(
        "UNIQUE(oms_code, company_id)", "The OMS carrier code must be unique per company."
    )
