# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.fields import Domain


class OmsMarketplaceProduct(models.Model):
    """A product as the shop lists it: the platform's SKU and listing ids."""

    _name = "oms.marketplace.product"
    _description = "Marketplace Product Mapping"
    _order = "account_id, is_mapped, platform_sku, id"
    _rec_name = "platform_sku"
    _check_company_auto = True

    account_id = fields.Many2one(
        "oms.marketplace.account", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="account_id.company_id", store=True)
    # empty for a listing the listing sync found and no product matched (yet): the
    # "Map listings" screen lists those first
    product_id = fields.Many2one(
        "product.product", ondelete="set null", index=True, check_company=True
    )
    is_mapped = fields.Boolean(
        string="Mapped", compute="_compute_is_mapped", store=True, index=True
    )
    # empty for a listing the platform shows without a seller SKU (its ids identify it)
    platform_sku = fields.Char(string="Platform SKU")
    platform_name = fields.Char(string="Listing Name", readonly=True)
    listing_sync_date = fields.Datetime(
        string="Seen by Listing Sync",
        readonly=True,
        copy=False,
        help="When the listing sync last read this listing from the shop.",
    )
    platform_item_id = fields.Char(
        string="Listing ID",
        help="Shopee item_id, TikTok product_id, WooCommerce product id, "
        "Shopify inventory_item_id.",
    )
    platform_variant_id = fields.Char(
        string="Variant ID",
        help="Shopee model_id, TikTok sku_id, WooCommerce variation id, Shopify variant id.",
    )
    platform_location_id = fields.Char(
        string="Location ID", help="Shopify location / TikTok warehouse the stock is set on."
    )
    last_pushed_qty = fields.Integer(string="Last Pushed Qty", readonly=True, copy=False)
    last_push_date = fields.Datetime(readonly=True, copy=False)
    stock_dirty = fields.Boolean(
        string="Stock Changed",
        readonly=True,
        copy=False,
        index=True,
        help="The product's stock moved since its level was last pushed; a push job "
        "of the account is queued.",
    )

    _account_sku_uniq = models.Constraint(
        "UNIQUE(account_id, platform_sku)", "A platform SKU is mapped once per account."
    )

    @api.depends("product_id")
    def _compute_is_mapped(self):
        for binding in self:
            binding.is_mapped = bool(binding.product_id)

    def write(self, vals):
        """A listing given its product (on "Map listings", or matched by the listing
        sync) has its stock pushed by the account's next debounced push."""
        newly_mapped = self.filtered(lambda b: not b.product_id) if vals.get("product_id") else None
        result = super().write(vals)
        if newly_mapped:
            pushing = newly_mapped.filtered(
                lambda b: b.account_id.push_stock and b.account_id.active
            )
            if pushing:
                super(OmsMarketplaceProduct, pushing).write({"stock_dirty": True})
                pushing.account_id._enqueue_stock_changes()
        return result

    @api.model
    def _mark_stock_changed(self, products):
        """Flag the mappings of ``products`` whose stock moved and queue one debounced
        push job per account (already flagged mappings have their job queued)."""
        if not products:
            return
        mappings = self.sudo().search(
            Domain("product_id", "in", products.ids)
            & Domain("stock_dirty", "=", False)
            & Domain("account_id.push_stock", "=", True)
            & Domain("account_id.active", "=", True)
        )
        if not mappings:
            return
        mappings.write({"stock_dirty": True})
        mappings.account_id._enqueue_stock_changes()
