# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Plain-Python marketplace adapters: sign, paginate, verify, parse. No Odoo here.

``adapter`` holds the interface and the registry; each platform module registers
its adapter class when imported.
"""

from . import adapter, common, lazada, shopee, shopify, tiktok, woocommerce
