# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models


class UomUom(models.Model):
    _inherit = "uom.uom"

    @api.private
    def _oms_format_quantity(self, quantity):
        """A quantity as the customer reads it: rounded to this unit's precision,
        in the user's language, without trailing zeros ("6", "1,5" in Indonesian,
        never "6.0" or "6.00")."""
        self.ensure_one()
        quantity = self.round(quantity or 0.0)
        digits = self.env["decimal.precision"].precision_get("Product Unit")
        decimals = f"{quantity:.{digits}f}".partition(".")[2].rstrip("0")
        return self.env["ir.qweb.field.float"].value_to_html(quantity, {"precision": len(decimals)})
