# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class SaleOrderRmaWizard(models.TransientModel):
    _inherit = "sale.order.rma.wizard"

    reason_id = fields.Many2one("oms.return.reason", string="Return Reason")
    return_label = fields.Char(string="Return Label / Reference")

    def create_rma(self, from_portal=False):
        """Create one return request holding the RMAs of every selected line."""
        self.ensure_one()
        if not self.line_ids.filtered(lambda line: line.quantity > 0):
            return super().create_rma(from_portal=from_portal)
        order = self.order_id
        request = (
            self.env["oms.return.request"]
            .sudo()
            .create(
                {
                    "partner_id": order.partner_id.id,
                    "channel_id": order.channel_id.id,
                    "company_id": order.company_id.id,
                }
            )
        )
        rmas = super(
            SaleOrderRmaWizard, self.with_context(oms_return_request_id=request.id)
        ).create_rma(from_portal=from_portal)
        request.message_post(
            body=self.env._("Return requested for %s.", ", ".join(rmas.mapped("name")))
        )
        return rmas

    def create_and_open_rma(self):
        """OCA confirms every RMA it just created; keep the return policy's word
        instead: RMAs under a manual policy (or refused auto-approval) stay drafts."""
        return super(
            SaleOrderRmaWizard, self.with_context(oms_respect_return_policy=True)
        ).create_and_open_rma()


class SaleOrderLineRmaWizard(models.TransientModel):
    _inherit = "sale.order.line.rma.wizard"

    reason_id = fields.Many2one("oms.return.reason", string="Return Reason")
    exchange_product_id = fields.Many2one("product.product", string="Exchange For")

    def _prepare_rma_values(self):
        vals = super()._prepare_rma_values()
        vals["reason_id"] = (self.reason_id or self.wizard_id.reason_id).id
        vals["exchange_product_id"] = self.exchange_product_id.id
        vals["return_label"] = self.wizard_id.return_label
        request_id = self.env.context.get("oms_return_request_id")
        if request_id:
            vals["return_request_id"] = request_id
        return vals
