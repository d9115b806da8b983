# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import json

from odoo import fields, models

from ..tools.returns import STATUSES, parse_return

STATUS_LABELS = {
    "requested": "Requested",
    "approved": "Approved",
    "shipped": "Buyer shipped",
    "received": "Received",
    "refunded": "Refunded",
    "cancelled": "Cancelled / rejected",
}


class OmsMarketplaceReturn(models.Model):
    """The link between a platform's return (or refund) and what it made in the
    OMS: the return request and the credit note. One per platform return: the
    platform's return id is the identity, so a return pulled twice changes
    nothing."""

    _name = "oms.marketplace.return"
    _description = "Marketplace Return"
    _order = "platform_update_time desc, id desc"
    _rec_name = "platform_return_ref"
    _check_company_auto = True

    account_id = fields.Many2one(
        "oms.marketplace.account", required=True, ondelete="cascade", index=True
    )
    platform = fields.Selection(related="account_id.platform")
    company_id = fields.Many2one(related="account_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    platform_return_ref = fields.Char(string="Platform Return", required=True, index=True)
    platform_order_ref = fields.Char(string="Platform Order", index=True)
    sale_order_id = fields.Many2one(
        "sale.order", string="Order", ondelete="set null", index="btree_not_null"
    )
    return_request_id = fields.Many2one(
        "oms.return.request", string="Return Request", ondelete="set null", index="btree_not_null"
    )
    refund_id = fields.Many2one(
        "account.move", string="Credit Note", ondelete="set null", readonly=True, copy=False
    )
    status = fields.Selection([(s, STATUS_LABELS[s]) for s in STATUSES])
    platform_status = fields.Char()
    goods_back = fields.Boolean(
        string="Goods Returned", help="Unset: the platform refunded without a return of goods."
    )
    refund_amount = fields.Monetary(
        currency_field="currency_id", help="What the platform refunds, taxes included."
    )
    reason = fields.Char()
    tracking = fields.Char(string="Return Tracking")
    platform_update_time = fields.Datetime(
        help="When the platform last changed the return; older updates are ignored."
    )
    payload_hash = fields.Char()
    raw_payload = fields.Text(string="Platform Return (JSON)")
    state = fields.Selection(
        [("done", "Recorded"), ("error", "Failed")], required=True, default="done"
    )
    error_message = fields.Text()

    _account_ref_uniq = models.Constraint(
        "UNIQUE(account_id, platform_return_ref)",
        "A platform return is recorded once per marketplace account.",
    )

    def action_retry(self):
        """Record the kept platform returns again (e.g. once the order is delivered)."""
        for account, bindings in self.grouped("account_id").items():
            returns = [
                parse_return(account.platform, json.loads(b.raw_payload))
                for b in bindings
                if b.raw_payload
            ]
            account._import_platform_returns(returns, force=True)
        return True
