# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import json

from odoo import fields, models
from odoo.exceptions import UserError

from ..tools.common import line_listings
from .oms_marketplace_account import UnmappedListingError


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

    def action_map_listing(self):
        """Open a new binding, filled in, for the first listing of this failed import
        that no product is mapped to: pick the product, save, then retry the import."""
        self.ensure_one()
        account = self.account_id
        adapter = account._make_adapter()
        raw = json.loads(self.raw_payload or "{}")
        parsed = adapter.parse_order(raw, account.channel_id.code)
        payload = parsed.to_dict()
        try:
            with self.env.cr.savepoint():
                account._map_skus(adapter.listings(raw), payload, line_listings(parsed))
        except UnmappedListingError as error:
            sku, item_id, variant_id = error.listings[0]
            return {
                "type": "ir.actions.act_window",
                "name": self.env._("Map listing"),
                "res_model": "oms.marketplace.product",
                "view_mode": "form",
                "views": [
                    (
                        self.env.ref(
                            "oms_marketplace_sync.view_oms_marketplace_product_map_form"
                        ).id,
                        "form",
                    )
                ],
                "target": "new",
                "context": {
                    "default_account_id": account.id,
                    # a listing without SKU is kept under its variant (or listing) id
                    "default_platform_sku": sku or variant_id or item_id,
                    "default_platform_item_id": item_id,
                    "default_platform_variant_id": variant_id,
                },
            }
        raise UserError(self.env._("Every listing of this order is mapped: retry the import."))
