# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models

from .oms_marketplace_account import PUBLIC_WEBHOOK_BASE_PARAM


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    oms_marketplace_webhook_base_url = fields.Char(
        string="Public Webhook URL",
        config_parameter=PUBLIC_WEBHOOK_BASE_PARAM,
        help="Public address of this server the marketplaces call back "
        "(/oms/marketplace/<account>/webhook); an account's own Public Webhook Base URL "
        "wins. Empty: the server's base URL.",
    )
