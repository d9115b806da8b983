# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models

WEBHOOK_PREFIX = "/oms/marketplace/"
# the seller's browser comes back there: Odoo's own pages (login redirect) apply
BROWSER_PATHS = ("/oms/marketplace/auth/callback",)


class IrHttp(models.AbstractModel):
    _inherit = "ir.http"

    @classmethod
    def _oms_is_json_path(cls, path):
        """The webhooks and the WooCommerce key delivery: their callers are servers
        reading JSON."""
        return super()._oms_is_json_path(path) or (
            path.startswith(WEBHOOK_PREFIX) and path not in BROWSER_PATHS
        )
