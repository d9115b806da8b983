# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The vendor's dropship transfer ships with the carrier of the sale order.

Odoo creates the dropship picking from the purchase order (``purchase_stock``'s
``_prepare_picking``), not through a delivery rule that would propagate the sale
order's carrier (``stock_delivery``): without it the vendor's tracking number has no
tracking link, and the customer's "shipped" e-mail, the order's status and the API
show none. The carrier of the sale order(s) the dropship lines come from is set on
the picking, as ``stock_delivery`` does for a warehouse delivery.
"""

from odoo import models


class PurchaseOrder(models.Model):
    _inherit = "purchase.order"

    def _prepare_picking(self):
        vals = super()._prepare_picking()
        if self._is_dropshipped() and not vals.get("carrier_id"):
            carrier = self._oms_dropship_carrier()
            if carrier:
                vals["carrier_id"] = carrier.id
        return vals

    def _oms_dropship_carrier(self):
        """The carrier of the sale orders this dropship purchase serves, when they
        agree on one."""
        self.ensure_one()
        # sudo: the buyer confirming the purchase may have no rights on sale orders
        carriers = self.sudo().order_line.sale_line_id.order_id.carrier_id
        return carriers.sudo(False) if len(carriers) == 1 else carriers.browse()
