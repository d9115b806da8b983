# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Order-type settings of a product: B2B order quantities and pre-orders.

A second ``product.template`` extension would normally live in
``product_template.py``; the OMS has none, and the order types are their own
concern (see ``sale_order_types.py``).
"""

from odoo import fields, models


class ProductTemplate(models.Model):
    _inherit = "product.template"

    oms_min_order_qty = fields.Float(
        string="Minimum Order Quantity",
        digits="Product Unit",
        help="Smallest quantity a B2B order line may ask for (in the product's unit). 0: none.",
    )
    oms_pack_size = fields.Float(
        string="Pack Size",
        digits="Product Unit",
        help="B2B order lines must ask for a multiple of this quantity (e.g. a carton of 12). "
        "0: any quantity.",
    )
    oms_preorder_ok = fields.Boolean(
        string="Allow Pre-orders",
        help="Orders may exceed the stock on hand against incoming receipts; the promised "
        "date follows the receipt.",
    )
    oms_preorder_limit = fields.Float(
        string="Pre-order Limit",
        digits="Product Unit",
        help="Units that may be pre-ordered and not yet served at any time. 0: as many as "
        "the incoming receipts bring.",
    )

    _oms_order_qty_positive = models.Constraint(
        "CHECK(oms_min_order_qty >= 0 AND oms_pack_size >= 0 AND oms_preorder_limit >= 0)",
        "Minimum order quantity, pack size and pre-order limit cannot be negative.",
    )
