# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class OmsSafetyStock(models.Model):
    _name = "oms.safety.stock"
    _description = "Safety Stock per Warehouse"
    _check_company_auto = True

    warehouse_id = fields.Many2one(
        "stock.warehouse", required=True, index=True, ondelete="cascade", check_company=True
    )
    product_id = fields.Many2one(
        "product.product", required=True, index=True, ondelete="cascade", check_company=True
    )
    quantity = fields.Float(
        required=True, digits="Product Unit", help="Units never promised to any channel."
    )
    company_id = fields.Many2one(related="warehouse_id.company_id", store=True)

    _warehouse_product_uniq = models.Constraint(
        "UNIQUE(warehouse_id, product_id)", "One safety stock per product and warehouse."
    )
    _quantity_positive = models.Constraint(
        "CHECK(quantity >= 0)", "The safety stock cannot be negative."
    )
