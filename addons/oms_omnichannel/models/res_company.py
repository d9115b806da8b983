# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models

from .oms_settlement_line import ACCOUNT_FIELDS

# l10n_id chart accounts used by default: (xmlid in the chart, or a new account)
_DEFAULT_ACCOUNTS = {
    "subsidy": ("l10n_id_81100040", None, "Platform Subsidies"),
    "commission": (None, "65110100", "Marketplace Commission"),
    "service_fee": (None, "65110110", "Marketplace Service Fees"),
    "payment_fee": ("l10n_id_65110020", None, "Payment Fees"),
    "shipping": ("l10n_id_65110090", None, "Shipping Costs"),
    "cod_fee": (None, "65110120", "COD Fees"),
    "adjustment": ("l10n_id_69000000", None, "Settlement Adjustments"),
}


class ResCompany(models.Model):
    _inherit = "res.company"

    oms_subsidy_account_id = fields.Many2one(
        "account.account",
        string="Platform Subsidy Account",
        check_company=True,
        help="Discounts and vouchers the marketplace funds and pays to the seller.",
    )
    oms_commission_account_id = fields.Many2one(
        "account.account", string="Marketplace Commission Account", check_company=True
    )
    oms_service_fee_account_id = fields.Many2one(
        "account.account", string="Marketplace Service Fee Account", check_company=True
    )
    oms_payment_fee_account_id = fields.Many2one(
        "account.account", string="Payment Fee Account", check_company=True
    )
    oms_shipping_fee_account_id = fields.Many2one(
        "account.account",
        string="Shipping Fee / Subsidy Account",
        check_company=True,
        help="Shipping fees the payer charges (debit) and subsidies it pays (credit).",
    )
    oms_cod_fee_account_id = fields.Many2one(
        "account.account", string="COD Fee Account", check_company=True
    )
    oms_adjustment_account_id = fields.Many2one(
        "account.account",
        string="Settlement Adjustment Account",
        check_company=True,
        help="Adjustments are booked here and flagged on their settlement for review.",
    )

    def _oms_settlement_account(self, line_type):
        """The account of a settlement line of ``line_type``: the company's setting,
        else a default from the chart (an l10n_id account, or one created once)."""
        self.ensure_one()
        fname = ACCOUNT_FIELDS[line_type]
        if self[fname]:
            return self[fname]
        xmlid, code, name = _DEFAULT_ACCOUNTS[line_type]
        chart = self.env["account.chart.template"].with_company(self)
        account = chart.ref(xmlid, raise_if_not_found=False) if xmlid else None
        Account = self.env["account.account"].with_company(self)
        if not account and code:
            account = Account.search(
                [*Account._check_company_domain(self), ("code", "=", code)], limit=1
            ) or Account.create({"name": name, "code": code, "account_type": "expense"})
        if not account:
            account = Account.search(
                [*Account._check_company_domain(self), ("account_type", "=", "expense")],
                limit=1,
            )
        self[fname] = account
        return account
