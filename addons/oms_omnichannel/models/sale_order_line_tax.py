# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from collections import defaultdict

from odoo import models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    def _prepare_delivery_line_vals(self, carrier, price_unit):
        """The shipping fee a tax-included channel charged includes its tax too."""
        vals = super()._prepare_delivery_line_vals(carrier, price_unit)
        channel = self.channel_id
        if channel.prices_include_tax and vals.get("tax_ids"):
            taxes = self.env["account.tax"].browse(vals["tax_ids"][0][2])
            vals["tax_ids"] = [(6, 0, channel._oms_sale_taxes(taxes).ids)]
        return vals


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    def _compute_tax_ids(self):
        """Product taxes as Odoo maps them, then their price-included twins on the lines
        of channels whose prices include tax (one lookup per channel)."""
        super()._compute_tax_ids()
        lines_by_channel = defaultdict(lambda: self.browse())
        for line in self:
            channel = line.order_id.channel_id
            if channel.prices_include_tax and line.tax_ids:
                lines_by_channel[channel] |= line
        for channel, lines in lines_by_channel.items():
            twins = channel._oms_tax_twins(lines.tax_ids)
            if not twins:
                continue
            for line in lines:
                line.tax_ids = line.tax_ids.browse(
                    [twins.get(tax_id, tax_id) for tax_id in line.tax_ids._origin.ids]
                )
