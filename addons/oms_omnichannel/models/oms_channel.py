# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.base.models.res_partner import _lang_get

from ..tools.sourcing import STRATEGIES

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
    _inherit = ["mail.thread"]
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
        "stock.warehouse",
        string="Default Warehouse",
        check_company=True,
        tracking=True,
    )
    allowed_warehouse_ids = fields.Many2many(
        "stock.warehouse",
        string="Fulfilling Warehouses",
        check_company=True,
        help="Warehouses allowed to fulfil this channel's orders. Empty: all warehouses "
        "of the company.",
    )
    pricelist_id = fields.Many2one(
        "product.pricelist",
        required=True,
        check_company=True,
        default=lambda self: self._default_pricelist(),
        help="Fixes the channel's currency: orders are priced in it, and a captured order "
        "in another currency is refused.",
        tracking=True,
    )
    cancel_refund_payment = fields.Selection(
        [
            ("draft", "Draft outgoing payment"),
            ("register", "Registered outgoing payment"),
        ],
        string="Refund on Cancellation",
        required=True,
        default="draft",
        help="When an order whose invoice was paid is cancelled, its credit note is "
        "posted and the money to give back is prepared as an outgoing payment: left "
        "in draft for the accountant to check and send, or registered at once (and "
        "reconciled with the credit note).",
    )
    public_url = fields.Char(
        string="Public Shop URL",
        help="Address customers know the shop by, e.g. https://toko.example.id. Links in "
        "the e-mails of this channel's orders (the order page) start with it; empty: the "
        "system parameter oms_omnichannel.public_base_url, else the server's base URL.",
    )
    customer_lang = fields.Selection(
        _lang_get,
        string="Customer Language",
        help="Language of the customers this channel creates (their e-mails are written in "
        "it). Empty: the installed language of the shipping address's country "
        "(Indonesian for Indonesia once it is loaded), else the database's default.",
    )
    prices_include_tax = fields.Boolean(
        string="Prices Include Tax",
        compute="_compute_prices_include_tax",
        store=True,
        readonly=False,
        help="Prices of this channel (captured unit prices, shipping fees, list prices) "
        "already include taxes such as PPN, as Indonesian shops and marketplaces quote them: "
        "the order total equals what the customer paid. On by default except for B2B.",
    )
    priority = fields.Integer(
        string="Reservation Priority",
        default=10,
        help="When stock is short, orders of channels with a higher priority reserve first.",
        tracking=True,
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
        compute="_compute_workflow_process_ids",
        store=True,
        readonly=False,
        help="Applied to orders paid in advance, e.g. confirm, invoice and post the invoice, "
        "register the payment. Default by the channel's type: Prepaid (B2B: B2B on terms).",
    )
    cod_workflow_process_id = fields.Many2one(
        "sale.workflow.process",
        string="Workflow (COD / unpaid)",
        compute="_compute_workflow_process_ids",
        store=True,
        readonly=False,
        help="Applied to cash-on-delivery and unpaid orders, e.g. confirm; invoice once "
        "delivered; paid at the courier's remittance. Default by the channel's type: Cash "
        "on delivery (B2B: B2B on terms).",
    )
    # Where payments are registered, per payment method (oms_channel_payment.py)
    payment_journal_id = fields.Many2one(
        "account.journal",
        string="Payment Journal",
        check_company=True,
        domain="[('type', 'in', ('bank', 'cash'))]",
        help="Journal on which the prepaid workflow registers the payments of this "
        "channel's orders (a marketplace: its settlement account), unless the payment "
        "method has its own journal below. A new channel gets the company's bank journal "
        "(or its prepaid workflow's journal). Empty: the workflow's journal, else the "
        "first bank journal.",
    )
    bank_transfer_journal_id = fields.Many2one(
        "account.journal",
        string="Bank Transfer Journal",
        check_company=True,
        domain="[('type', 'in', ('bank', 'cash'))]",
    )
    ewallet_journal_id = fields.Many2one(
        "account.journal",
        string="E-Wallet Journal",
        check_company=True,
        domain="[('type', 'in', ('bank', 'cash'))]",
    )
    card_journal_id = fields.Many2one(
        "account.journal",
        string="Card Journal",
        check_company=True,
        domain="[('type', 'in', ('bank', 'cash'))]",
    )
    cod_journal_id = fields.Many2one(
        "account.journal",
        string="COD Remittance Journal",
        check_company=True,
        domain="[('type', 'in', ('bank', 'cash'))]",
        help="Journal proposed when the couriers' cash-on-delivery remittances are registered. "
        "A new channel gets the company's COD Remittances journal (created once).",
    )
    # Validation / risk settings used by the exception rules
    cod_limit = fields.Monetary(
        string="COD Limit",
        currency_field="currency_id",
        help="Cash-on-delivery orders above this total are held. 0: no limit.",
        tracking=True,
    )
    new_customer_limit = fields.Monetary(
        string="New Customer Limit",
        currency_field="currency_id",
        help="Orders of customers without a previous order above this total are held. 0: no limit.",
        tracking=True,
    )
    duplicate_window_minutes = fields.Integer(
        default=30,
        help="Another order of the same customer with the same items within this many "
        "minutes is held as a duplicate. 0: no check.",
        tracking=True,
    )
    velocity_limit = fields.Integer(
        string="Orders per Hour Limit",
        default=5,
        help="More orders than this from one phone or email within an hour are held. 0: no check.",
        tracking=True,
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
        tracking=True,
    )
    atp_buffer = fields.Float(
        string="ATP Buffer (units)",
        help="Units held back from this channel on top of the share, per product.",
        tracking=True,
    )
    atp_include_incoming_days = fields.Integer(
        string="Count Receipts Within (days)",
        help="Count incoming receipts expected within this many days. 0: on hand only.",
    )
    # Sourcing
    sourcing_strategies = fields.Char(
        default="in_stock,single_source,nearest",
        help="How a warehouse is chosen: the strategies switched on, applied in their order. "
        "Stored ordered and comma-separated: in_stock, single_source, nearest, cheapest, "
        "capacity.",
        tracking=True,
    )
    allow_split = fields.Boolean(
        string="Allow Split Shipments",
        default=True,
        help="Ship from several warehouses when no single one can fill the order.",
        tracking=True,
    )
    max_shipments = fields.Integer(
        string="Max Shipments per Order", default=3, help="0: no limit.", tracking=True
    )
    min_shipment_value = fields.Monetary(
        string="Min Value per Shipment",
        currency_field="currency_id",
        help="A split shipment worth less than this is not made.",
        tracking=True,
    )
    partial_policy = fields.Selection(
        [
            ("backorder", "Ship what is available, backorder the rest"),
            ("wait", "Wait until everything is available"),
            ("hold", "Put the order on hold"),
        ],
        default="backorder",
        required=True,
        tracking=True,
    )
    ship_from_store = fields.Boolean(
        string="Ship from Stores",
        help="Stores (warehouses marked Store) may ship this channel.",
        tracking=True,
    )
    order_ids = fields.One2many("sale.order", "channel_id", string="Orders")
    order_count = fields.Integer(compute="_compute_order_count")
    # order types: B2B approval, click-and-collect
    oms_approval_amount = fields.Monetary(
        string="Approval Above",
        currency_field="currency_id",
        help="Orders whose total exceeds this amount wait for a manager's approval "
        "(validation rule 'B2B approval'). 0: no approval by amount.",
        tracking=True,
    )
    oms_pickup_hold_days = fields.Integer(
        string="Pickup Hold Days",
        help="Days an order ready for pickup waits for its customer before it is cancelled. "
        "0: the store's setting.",
    )

    _code_company_uniq = models.Constraint(
        "UNIQUE(code, company_id)",
        "The channel code must be unique per company.",
    )

    @api.model
    def _default_pricelist(self, company=None):
        """A pricelist in the company's currency (created when there is none), so that a
        channel never falls back to a pricelist in another currency."""
        company = company or self.env.company
        Pricelist = self.env["product.pricelist"]
        pricelist = Pricelist.search(
            [
                ("currency_id", "=", company.currency_id.id),
                ("company_id", "in", [company.id, False]),
            ],
            order="company_id, sequence, id",
            limit=1,
        )
        if not pricelist:
            # sudo: a channel may be created by an OMS manager without pricelist rights
            pricelist = Pricelist.sudo().create(
                {
                    "name": self.env._("Channel prices (%s)", company.currency_id.name),
                    "currency_id": company.currency_id.id,
                    "company_id": company.id,
                }
            )
        return pricelist

    @api.depends("channel_type")
    def _compute_prices_include_tax(self):
        for channel in self:
            channel.prices_include_tax = channel.channel_type != "b2b"

    @api.depends("channel_type")
    def _compute_workflow_process_ids(self):
        """The automatic workflows shipped as data, by the channel's type."""
        for channel in self:
            prepaid, cod = self._oms_default_workflows(channel.channel_type)
            channel.workflow_process_id = prepaid
            channel.cod_workflow_process_id = cod

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
        channels._oms_set_default_journals()
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

    def _oms_customer_lang(self, country=None):
        """The language of a customer this channel creates for an address in ``country``."""
        self.ensure_one()
        if self.customer_lang:
            return self.customer_lang
        if country:
            langs = self.env["res.lang"].get_installed()
            suffix = f"_{country.code.upper()}"
            for code, _name in langs:
                if code.endswith(suffix):
                    return code
        return False

    def _oms_public_url(self):
        """The public base URL of the shop (no trailing slash), or False."""
        self.ensure_one()
        url = self.public_url or (
            self.env["ir.config_parameter"].sudo().get_param("oms_omnichannel.public_base_url")
        )
        return url.strip().rstrip("/") if url and url.strip() else False

    def _oms_sale_taxes(self, taxes):
        """The taxes to apply on this channel's lines for ``taxes`` (a product's taxes
        after the fiscal position): their price-included twins when the channel's prices
        include tax."""
        self.ensure_one()
        if not self.prices_include_tax or not taxes:
            return taxes
        twins = self._oms_tax_twins(taxes)
        return taxes.browse([twins.get(tax_id, tax_id) for tax_id in taxes._origin.ids])

    @api.model
    def _oms_tax_twins(self, taxes):
        """``{tax id: its price-included twin's id}`` for the price-excluded taxes of
        ``taxes``.

        A twin is a copy of the tax with ``price_include_override`` set (same amount,
        tax group and repartition accounts), made once per tax and reused.
        """
        # lines being created hold new records: work on the stored taxes
        to_twin = taxes._origin.filtered(lambda t: not t.price_include and t.amount_type != "group")
        if not to_twin:
            return {}
        # sudo: API users and salespeople apply taxes, they do not manage them
        Tax = self.env["account.tax"].sudo().with_context(active_test=False)
        twins = {
            twin.oms_excluded_tax_id.id: twin.id
            for twin in Tax.search(
                [
                    ("oms_excluded_tax_id", "in", to_twin.ids),
                    ("price_include_override", "=", "tax_included"),
                ]
            )
        }
        for tax in to_twin.sudo():
            if tax.id not in twins:
                twins[tax.id] = tax.copy(
                    {
                        "name": self.env._("%s (incl.)", tax.name),
                        "price_include_override": "tax_included",
                        "oms_excluded_tax_id": tax.id,
                        "sequence": tax.sequence,
                    }
                ).id
        return twins

    @api.constrains("sourcing_strategies")
    def _check_sourcing_strategies(self):
        for channel in self:
            parts = [part.strip() for part in (channel.sourcing_strategies or "").split(",")]
            parts = [part for part in parts if part]
            unknown = [part for part in parts if part not in STRATEGIES]
            if unknown or len(set(parts)) != len(parts):
                raise ValidationError(
                    self.env._(
                        "Channel %(channel)s: unknown or repeated sourcing strategies "
                        "%(unknown)s. Known strategies: %(known)s.",
                        channel=channel.display_name,
                        unknown=", ".join(unknown or parts),
                        known=", ".join(STRATEGIES),
                    )
                )

    def action_view_orders(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("oms_omnichannel.action_oms_orders")
        action["domain"] = [("channel_id", "=", self.id)]
        action["context"] = {"default_channel_id": self.id}
        return action
