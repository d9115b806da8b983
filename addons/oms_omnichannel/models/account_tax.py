# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class AccountTax(models.Model):
    _inherit = "account.tax"

    oms_excluded_tax_id = fields.Many2one(
        "account.tax",
        string="Price-Excluded Tax",
        index="btree_not_null",
        ondelete="cascade",
        copy=False,
        help="Set on the price-included twin the OMS made of this tax for channels whose "
        "prices include tax.",
    )
