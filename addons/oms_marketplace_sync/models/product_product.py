# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class ProductProduct(models.Model):
    _inherit = "product.product"

    def _oms_stock_changed(self):
        """Queue a stock push of the mapped storable products (debounced per account)."""
        res = super()._oms_stock_changed()
        self.env["oms.marketplace.product"]._mark_stock_changed(self.filtered("is_storable"))
        return res
