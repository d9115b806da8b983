# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class StockPicking(models.Model):
    _inherit = "stock.picking"

    oms_marketplace_push_date = fields.Datetime(
        string="Pushed to Marketplace",
        copy=False,
        readonly=True,
        help="When the carrier and tracking number of this delivery were sent to the platform.",
    )

    def _action_done(self):
        res = super()._action_done()
        self.filtered(
            lambda p: p.state == "done" and p.oms_is_customer_delivery and p.sale_id
        )._oms_marketplace_push_shipment()
        return res

    @api.private
    def _oms_marketplace_push_shipment(self):
        """Queue one shipment push per delivery of a marketplace order (split orders
        push each of their deliveries)."""
        if not self:
            return
        bindings = (
            self.env["oms.marketplace.order"]
            .sudo()
            .search([("sale_order_id", "in", self.sale_id.ids), ("account_id.active", "=", True)])
        )
        account_by_order = {b.sale_order_id.id: b.account_id for b in bindings}
        for picking in self:
            account = account_by_order.get(picking.sale_id.id)
            if not account:
                continue
            account.with_delay(
                channel="root.marketplace",
                identity_key=f"oms-mkt-ship-{account.id}-{picking.id}",
                description=account.env._(
                    "%(account)s: ship %(picking)s", account=account.name, picking=picking.name
                ),
            )._job_push_shipment(picking.sudo())
