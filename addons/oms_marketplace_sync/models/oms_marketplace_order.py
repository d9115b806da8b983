# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import json

from odoo import fields, models


class OmsMarketplaceOrder(models.Model):
    """The link between a platform's order and the sale order captured from it."""

    _name = "oms.marketplace.order"
    _description = "Marketplace Order"
    _order = "platform_update_time desc, id desc"
    _rec_name = "platform_order_ref"
    _check_company_auto = True

    account_id = fields.Many2one(
        "oms.marketplace.account", required=True, ondelete="cascade", index=True
    )
    platform = fields.Selection(related="account_id.platform")
    company_id = fields.Many2one(related="account_id.company_id", store=True)
    platform_order_ref = fields.Char(string="Platform Order", required=True, index=True)
    sale_order_id = fields.Many2one(
        "sale.order", string="Order", ondelete="set null", index=True, check_company=True
    )
    state = fields.Selection(
        [("imported", "Imported"), ("skipped", "Not imported yet"), ("error", "Failed")],
        required=True,
        default="imported",
    )
    platform_status = fields.Char()
    platform_update_time = fields.Datetime(
        help="When the platform last changed the order; older updates are ignored."
    )
    payload_hash = fields.Char(help="Digest of the last platform order imported.")
    raw_payload = fields.Text(string="Platform Order (JSON)")
    error_message = fields.Text()

    _account_ref_uniq = models.Constraint(
        "UNIQUE(account_id, platform_order_ref)",
        "A platform order is bound once per marketplace account.",
    )

    def action_retry_import(self):
        """Import the kept platform order again (e.g. once its product exists)."""
        for account, bindings in self.grouped("account_id").items():
            raws = [json.loads(b.raw_payload) for b in bindings if b.raw_payload]
            account._import_orders(raws, force=True)
        return True
