# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class ProductProduct(models.Model):
    _inherit = "product.product"

    def _oms_stock_changed(self):
        """Hook: the available-to-promise of these products changed.

        Called by the stock moves that change it (see the marketplace addon) and
        by sales that take stock later (Point of Sale orders of a session that
        updates stock at closing). Addons that publish stock (marketplace stock
        pushes) override it; here it does nothing.
        """
        return True
