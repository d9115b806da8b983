# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Order-type checks of the capture service (a second ``oms.capture`` extension,
kept apart from ``oms_capture.py``): B2B orders asking for less than a product's
minimum order quantity, or for a quantity that is not a whole number of packs,
are refused at capture with one problem per line, before anything is written."""

from odoo import api, models

from .oms_capture import CaptureError


class OmsCapture(models.AbstractModel):
    _inherit = "oms.capture"

    @api.model
    def _resolve_references(self, channel, payload):
        refs = super()._resolve_references(channel, payload)
        if channel.channel_type == "b2b":
            products = refs["product_by_sku"]
            problems = self.env["sale.order"]._oms_order_qty_problems(
                [
                    (index, products[line["sku"]], line["quantity"])
                    for index, line in enumerate(payload["lines"])
                ]
            )
            if problems:
                raise CaptureError(
                    "validation_error",
                    self.env._("The order quantities are not allowed."),
                    [
                        {"field": f"lines[{index}].quantity", "message": message}
                        for index, message in problems
                    ],
                )
        return refs
