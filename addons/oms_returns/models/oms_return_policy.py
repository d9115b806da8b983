# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.fields import Domain


class OmsReturnPolicy(models.Model):
    _name = "oms.return.policy"
    _description = "Return Policy"
    _order = "sequence, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    channel_id = fields.Many2one(
        "oms.channel", required=True, index=True, check_company=True, ondelete="cascade"
    )
    categ_id = fields.Many2one(
        "product.category",
        string="Product Category",
        help="Only for products of this category (and its children). A policy with a "
        "category wins over the channel's general policy.",
    )
    window_days = fields.Integer(
        string="Return Window (days)",
        default=7,
        help="Days after delivery during which a return is accepted.",
    )
    reason_ids = fields.Many2many(
        "oms.return.reason",
        string="Accepted Reasons",
        help="Leave empty to accept every reason.",
    )
    return_shipping_payer = fields.Selection(
        [("company", "Company"), ("customer", "Customer")],
        string="Return Shipping Paid By",
        required=True,
        default="company",
    )
    return_shipping_cost = fields.Monetary(
        currency_field="currency_id",
        help="Deducted once from each refund when the customer pays the return "
        "shipping (not for seller-fault reasons).",
    )
    restocking_fee_percent = fields.Float(
        string="Restocking Fee (%)",
        help="Deducted from the refund, as a negative line on the credit note, except "
        "for seller-fault reasons.",
    )
    approval = fields.Selection(
        [("auto", "Automatic"), ("manual", "Manual")],
        required=True,
        default="manual",
        help="Automatic: requests inside the window, under the value limit and from "
        "customers that are not blacklisted are approved at once.",
    )
    auto_approve_max_amount = fields.Monetary(
        string="Auto-approve Up To",
        currency_field="currency_id",
        help="Requests worth more than this (taxes included) need a manual approval. "
        "0 means no limit.",
    )
    warehouse_mode = fields.Selection(
        [("origin", "Warehouse that shipped it"), ("central", "Central returns warehouse")],
        string="Return To",
        required=True,
        default="origin",
    )
    return_warehouse_id = fields.Many2one(
        "stock.warehouse", string="Central Returns Warehouse", check_company=True
    )
    operation_id = fields.Many2one(
        "rma.operation",
        string="Refund Operation",
        default=lambda self: self.env.ref("rma.rma_operation_refund", raise_if_not_found=False),
        help="RMA operation used for refunds.",
    )
    refund_before_inspection = fields.Boolean(
        string="Refund Before Inspection",
        help="Allow the refund as soon as the parcel is received, before the goods are "
        "inspected (e.g. low-value items not worth checking). Off: the Refund button "
        "appears only once the inspection's disposition is applied.",
    )
    refund_after_inspection = fields.Boolean(
        default=True,
        help="Create the credit note as soon as every line of the return is inspected.",
    )
    auto_post_refund = fields.Boolean(
        string="Post Refunds Automatically",
        help="Post the credit note (and an exchange's price-difference invoice or credit "
        "note) at once instead of leaving it in draft.",
    )
    refund_shipping_fee = fields.Selection(
        [
            ("never", "Never"),
            ("seller_fault", "When the Seller Is at Fault"),
            ("always", "Always"),
        ],
        string="Refund Delivery Fee",
        required=True,
        default="seller_fault",
        help="Refund the delivery fee the customer paid on the original order, once per "
        "order, with the first refund of that order that qualifies: with a seller-fault "
        "reason (damaged, wrong item, ...) or always.",
    )

    @api.constrains("warehouse_mode", "return_warehouse_id")
    def _check_return_warehouse(self):
        for policy in self:
            if policy.warehouse_mode == "central" and not policy.return_warehouse_id:
                raise ValidationError(
                    self.env._("Policy %s: choose the central returns warehouse.", policy.name)
                )

    @api.constrains("restocking_fee_percent", "window_days")
    def _check_values(self):
        for policy in self:
            if not 0 <= policy.restocking_fee_percent <= 100:
                raise ValidationError(self.env._("The restocking fee is a percentage (0-100)."))
            if policy.window_days < 0:
                raise ValidationError(self.env._("The return window cannot be negative."))

    @api.model
    def _get_policies(self, channels, products):
        """Return {(channel id, product id): policy} for every pair, in one search.

        A policy for the product's category (or a parent category) wins over the
        channel's general policy; among several, the lowest sequence wins.
        """
        policies = self.search(Domain("channel_id", "in", channels.ids))
        result = {}
        for channel in channels:
            channel_policies = policies.filtered(lambda p, c=channel: p.channel_id == c)
            for product in products:
                parents = product.categ_id.parent_path or ""
                parent_ids = {int(x) for x in parents.split("/") if x}
                match = channel_policies.filtered(
                    lambda p, ids=parent_ids: p.categ_id and p.categ_id.id in ids
                ) or channel_policies.filtered(lambda p: not p.categ_id)
                result[channel.id, product.id] = match[:1]
        return result

    def _is_within_window(self, delivery_date, now=None):
        self.ensure_one()
        if not delivery_date:
            return False
        now = now or fields.Datetime.now()
        return now <= delivery_date + timedelta(days=self.window_days)
