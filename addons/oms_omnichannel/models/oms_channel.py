# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models

CHANNEL_TYPES = [
    ("web", "Web Shop"),
    ("marketplace", "Marketplace"),
    ("pos", "Physical Store / POS"),
    ("telesales", "Telesales / WhatsApp"),
    ("b2b", "B2B"),
    ("mobile", "Mobile / Field Sales"),
    ("social", "Social Commerce"),
]


class OmsChannel(models.Model):
    _name = "oms.channel"
    _description = "Sales Channel"
    _order = "sequence, name"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    code = fields.Char(
        required=True,
        help="Short unique code used by the capture API and imports, e.g. WEB, SHOPEE.",
    )
    channel_type = fields.Selection(CHANNEL_TYPES, required=True, default="web")
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    color = fields.Integer()
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    team_id = fields.Many2one("crm.team", string="Sales Team", check_company=True)
    warehouse_id = fields.Many2one(
        "stock.warehouse", string="Default Warehouse", check_company=True
    )
    allowed_warehouse_ids = fields.Many2many(
        "stock.warehouse",
        string="Fulfilling Warehouses",
        check_company=True,
        help="Warehouses allowed to fulfil this channel's orders. Empty: all warehouses "
        "of the company.",
    )
    pricelist_id = fields.Many2one("product.pricelist", check_company=True)
    priority = fields.Integer(
        string="Reservation Priority",
        default=10,
        help="When stock is short, orders of channels with a higher priority reserve first.",
    )
    service_level_ids = fields.Many2many(
        "oms.service.level",
        string="Service Levels",
        help="Service levels this channel offers; empty: all.",
    )
    default_service_level_id = fields.Many2one("oms.service.level")
    # Automatic workflows (OCA sale_automatic_workflow)
    workflow_process_id = fields.Many2one(
        "sale.workflow.process",
        string="Workflow (prepaid)",
        help="Applied to orders paid in advance, e.g. confirm, invoice and post the invoice.",
    )
    cod_workflow_process_id = fields.Many2one(
        "sale.workflow.process",
        string="Workflow (COD / unpaid)",
        help="Applied to cash-on-delivery and unpaid orders, e.g. confirm only; "
        "invoice on delivery.",
    )
    # Validation / risk settings used by the exception rules
    cod_limit = fields.Monetary(
        string="COD Limit",
        currency_field="currency_id",
        help="Cash-on-delivery orders above this total are held. 0: no limit.",
    )
    new_customer_limit = fields.Monetary(
        string="New Customer Limit",
        currency_field="currency_id",
        help="Orders of customers without a previous order above this total are held. 0: no limit.",
    )
    duplicate_window_minutes = fields.Integer(
        default=30,
        help="Another order of the same customer with the same items within this many "
        "minutes is held as a duplicate. 0: no check.",
    )
    velocity_limit = fields.Integer(
        string="Orders per Hour Limit",
        default=5,
        help="More orders than this from one phone or email within an hour are held. 0: no check.",
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    # Notifications
    notify_customer = fields.Boolean(
        string="Email Customers",
        default=True,
        help="Email customers at confirmation, shipment and delivery.",
    )
    notify_async = fields.Boolean(
        string="Send Notifications in Background",
        default=True,
        help="Render and send customer emails in a background job (queue_job) instead of "
        "during the order's own transaction: captures stay fast.",
    )
    webhook_url = fields.Char(
        string="Status Webhook URL",
        help="Order status changes are POSTed here, signed with HMAC-SHA256.",
    )
    webhook_secret = fields.Char(groups="base.group_system", copy=False)
    api_user_ids = fields.Many2many(
        "res.users",
        "oms_channel_api_user_rel",
        "channel_id",
        "user_id",
        string="API Users",
        help="Users whose API keys may post orders to this channel.",
    )
    restrict_user_ids = fields.Many2many(
        "res.users",
        "oms_channel_restrict_user_rel",
        "channel_id",
        "user_id",
        string="Restricted Users",
        help="Users limited to their channels: they see only the orders of the channels "
        "listed on their user.",
    )
    # Available-to-promise per channel
    atp_ratio = fields.Float(
        string="ATP Share (%)",
        default=100.0,
        help="Share of the available-to-promise quantity this channel may sell, e.g. 80.",
    )
    atp_buffer = fields.Float(
        string="ATP Buffer (units)",
        help="Units held back from this channel on top of the share, per product.",
    )
    atp_include_incoming_days = fields.Integer(
        string="Count Receipts Within (days)",
        help="Count incoming receipts expected within this many days. 0: on hand only.",
    )
    # Sourcing
    sourcing_strategies = fields.Char(
        default="in_stock,single_source,nearest",
        help="Ordered, comma-separated: in_stock, single_source, nearest, cheapest, capacity.",
    )
    allow_split = fields.Boolean(
        string="Allow Split Shipments",
        default=True,
        help="Ship from several warehouses when no single one can fill the order.",
    )
    max_shipments = fields.Integer(string="Max Shipments per Order", default=3, help="0: no limit.")
    min_shipment_value = fields.Monetary(
        string="Min Value per Shipment",
        currency_field="currency_id",
        help="A split shipment worth less than this is not made.",
    )
    partial_policy = fields.Selection(
        [
            ("backorder", "Ship what is available, backorder the rest"),
            ("wait", "Wait until everything is available"),
            ("hold", "Put the order on hold"),
        ],
        default="backorder",
        required=True,
    )
    ship_from_store = fields.Boolean(
        string="Ship from Stores", help="Stores (warehouses marked Store) may ship this channel."
    )
    order_ids = fields.One2many("sale.order", "channel_id", string="Orders")
    order_count = fields.Integer(compute="_compute_order_count")

    _code_company_uniq = models.Constraint(
        "UNIQUE(code, company_id)",
        "The channel code must be unique per company.",
    )

    @api.depends("order_ids")
    def _compute_order_count(self):
        counts = dict(
            self.env["sale.order"]._read_group(
                [("channel_id", "in", self.ids)], ["channel_id"], ["__count"]
            )
        )
        for channel in self:
            channel.order_count = counts.get(channel, 0)

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("code"):
                vals["code"] = vals["code"].strip().upper()
        channels = super().create(vals_list)
        if any(vals.get("api_user_ids") or vals.get("restrict_user_ids") for vals in vals_list):
            # record rules read the users' channel scope: drop cached rule domains
            self.env.registry.clear_cache()
        return channels

    def write(self, vals):
        if vals.get("code"):
            vals["code"] = vals["code"].strip().upper()
        res = super().write(vals)
        if "restrict_user_ids" in vals or "api_user_ids" in vals:
            # record rules read the user's channels: drop cached rule domains
            self.env.registry.clear_cache()
        return res

    def action_view_orders(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("oms_omnichannel.action_oms_orders")
        action["domain"] = [("channel_id", "=", self.id)]
        action["context"] = {"default_channel_id": self.id}
        return action
