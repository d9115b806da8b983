# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models


class Rma(models.Model):
    _inherit = "rma"

    @api.depends("refund_id", "return_request_id")
    def _compute_can_be_refunded(self):
        """A marketplace return is refunded by the platform: its credit note comes
        from the platform's refund (amount to the rupiah), never from the OMS's own
        refund after reception or inspection, so that it is not credited twice."""
        res = super()._compute_can_be_refunded()
        platform_requests = set(
            self.env["oms.marketplace.return"]
            .sudo()
            .search([("return_request_id", "in", self.return_request_id.ids)])
            .return_request_id.ids
        )
        for rma in self:
            if rma.refund_id or rma.return_request_id.id in platform_requests:
                rma.can_be_refunded = False
        return res

    def update_received_state_on_reception(self):
        """Goods of a return the platform already refunded: received and refunded."""
        res = super().update_received_state_on_reception()
        self.filtered(lambda r: r.refund_id.state == "posted").write({"state": "refunded"})
        return res
