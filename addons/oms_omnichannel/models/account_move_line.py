# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    oms_settlement_line_id = fields.Many2one(
        "oms.settlement.line", string="Settlement Line", index="btree_not_null", copy=False
    )
    oms_settlement_payout = fields.Boolean(
        string="Settlement Payout",
        copy=False,
        help="The net payout of a settlement: the item its bank statement line is matched with.",
    )
