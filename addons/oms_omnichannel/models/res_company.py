# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import logging

import pytz

from odoo import api, fields, models

from .oms_settlement_line import ACCOUNT_FIELDS

_logger = logging.getLogger(__name__)

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

    @api.private
    def _oms_first_run_setup(self, country_code="ID", lang_code="id_ID"):
        """Make the company ready to sell in ``country_code`` (what ``scripts/run``
        does on a new database): country and its currency, the country's chart of
        accounts (``l10n_id`` for Indonesia), sales prices tax-included (B2C shops
        and marketplaces quote prices with PPN), ``lang_code`` installed next to
        English, no SMS confirmation wizard on the first delivery, and the
        Omnichannel dashboard as the administrator's home.

        Country, currency and chart are only changed while the company has no
        accounting entries; everything else is idempotent."""
        self.ensure_one()
        company = self.sudo()
        country = self.env["res.country"].search([("code", "=", country_code.upper())], limit=1)
        if not country:
            raise ValueError(f"unknown country code {country_code!r}")
        accounting = company._existing_accounting()
        if not accounting and company.country_id != country:
            company.country_id = country
        currency = country.currency_id
        if currency and not accounting and company.currency_id != currency:
            currency.active = True
            company.currency_id = currency
        chart = self.env["account.chart.template"]
        template = chart._guess_chart_template(country)
        if not accounting and template and company.chart_template != template:
            _logger.info("loading chart of accounts %s on %s", template, company.name)
            chart.try_loading(template, company, install_demo=False)
            company = self.env["res.company"].sudo().browse(company.id)
        if not accounting and company.account_price_include != "tax_included":
            company.account_price_include = "tax_included"
        # stock_sms turns on "Text Confirmation" when installed: Odoo's SMS wizard
        # would then pop up on the first validated delivery. The OMS notifies
        # customers itself (e-mail, webhooks).
        company.stock_text_confirmation = False
        if lang_code:
            lang = (
                self.env["res.lang"]
                .with_context(active_test=False)
                .search([("code", "=", lang_code)], limit=1)
            )
            if lang and not lang.active:
                self.env["res.lang"]._activate_lang(lang_code)
                installed = self.env["ir.module.module"].search([("state", "=", "installed")])
                installed._update_translations(lang_code)
        admin = self.env.ref("base.user_admin", raise_if_not_found=False)
        dashboard = self.env.ref("oms_omnichannel.action_oms_dashboard")
        if admin and not admin.sudo().action_id:
            admin.sudo().action_id = dashboard.id
        zones = pytz.country_timezones.get(country.code.lower()) or []
        if admin and zones and not admin.tz:
            # the first zone of the country (Indonesia: Asia/Jakarta, WIB)
            admin.sudo().tz = zones[0]
        return company
