# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class OmsMarketplaceLog(models.Model):
    """What the synchronisation did, in words an operator can act on."""

    _name = "oms.marketplace.log"
    _description = "Marketplace Sync Log"
    _order = "id desc"

    account_id = fields.Many2one(
        "oms.marketplace.account", required=True, ondelete="cascade", index=True
    )
    platform = fields.Selection(related="account_id.platform")
    company_id = fields.Many2one(related="account_id.company_id", store=True)
    date = fields.Datetime(default=fields.Datetime.now, required=True, index=True)
    kind = fields.Selection(
        [
            ("import", "Order import"),
            ("stock", "Stock push"),
            ("shipment", "Shipment push"),
            ("cancel", "Cancellation push"),
            ("webhook", "Webhook"),
            ("reconcile", "Reconciliation"),
            ("connection", "Connection test"),
            ("listings", "Listing sync"),
            ("authorization", "Shop authorization"),
        ],
        required=True,
    )
    status = fields.Selection(
        [("done", "Done"), ("failed", "Failed"), ("received", "Received")], required=True
    )
    platform_ref = fields.Char(string="Platform Reference", index=True)
    message = fields.Text()
