# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Plain-Python marketplace adapters: sign, paginate, verify, parse. No Odoo here."""

from . import binding, common, lazada, shopee, shopify, tiktok, woocommerce
