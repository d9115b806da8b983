# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models


class OmsCapture(models.AbstractModel):
    _inherit = "oms.capture"

    @api.model
    def _prepare_order_vals(self, channel, payload, refs, fingerprint, customer, addresses):
        """A marketplace import whose province was not recognised flags its order."""
        vals = super()._prepare_order_vals(channel, payload, refs, fingerprint, customer, addresses)
        review = self.env.context.get("oms_marketplace_review")
        if review:
            vals["oms_marketplace_review"] = review
        return vals
