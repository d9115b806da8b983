# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models

LINE_TYPES = [
    ("income", "Order Income"),
    ("subsidy", "Platform Subsidy / Voucher"),
    ("commission", "Commission"),
    ("service_fee", "Service Fee"),
    ("payment_fee", "Payment Fee"),
    ("shipping", "Shipping Fee / Subsidy"),
    ("cod_fee", "COD Fee"),
    ("adjustment", "Adjustment"),
]
DIFFERENCES = [
    ("unknown", "Unknown order"),
    ("short", "Paid short"),
    ("over", "Paid over"),
    ("duplicate", "Already settled"),
    ("unmatched", "Not paid from the clearing"),
    ("adjustment", "Unexpected adjustment"),
]
# company field holding the account of each type (income goes to the clearing)
ACCOUNT_FIELDS = {
    "subsidy": "oms_subsidy_account_id",
    "commission": "oms_commission_account_id",
    "service_fee": "oms_service_fee_account_id",
    "payment_fee": "oms_payment_fee_account_id",
    "shipping": "oms_shipping_fee_account_id",
    "cod_fee": "oms_cod_fee_account_id",
    "adjustment": "oms_adjustment_account_id",
}


class OmsSettlementLine(models.Model):
    """One amount of a payout: an order's income, or a fee, subsidy or adjustment
    (of an order or of the payout). Amounts are signed for the seller: income and
    subsidies positive, fees negative."""

    _name = "oms.settlement.line"
    _description = "Settlement Line"
    _order = "settlement_id, sequence, id"
    _check_company_auto = True

    settlement_id = fields.Many2one("oms.settlement", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="settlement_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="settlement_id.currency_id")
    sequence = fields.Integer(default=10)
    reference = fields.Char(
        help="The order as the payer names it: its order number, or the tracking number "
        "of its parcel for a courier.",
    )
    order_id = fields.Many2one("sale.order", check_company=True, index="btree_not_null")
    channel_id = fields.Many2one(related="order_id.channel_id", store=True)
    line_type = fields.Selection(LINE_TYPES, required=True, default="income")
    label = fields.Char()
    amount = fields.Monetary(required=True)
    account_id = fields.Many2one(
        "account.account",
        check_company=True,
        help="Empty: the company's account for this type (Settlement accounts).",
    )
    display_label = fields.Char(compute="_compute_display_label")
    expected_amount = fields.Monetary(
        readonly=True, help="What the order's invoices asked the customer (order income only)."
    )
    difference = fields.Selection(DIFFERENCES, readonly=True, index="btree_not_null")
    difference_amount = fields.Monetary(readonly=True)

    @api.depends("line_type", "label", "reference", "order_id")
    def _compute_display_label(self):
        types = dict(self._fields["line_type"]._description_selection(self.env))
        for line in self:
            parts = [line.label or types.get(line.line_type)]
            if line.order_id or line.reference:
                parts.append(line.order_id.name or line.reference)
            line.display_label = " - ".join(p for p in parts if p)

    def _oms_default_account(self):
        self.ensure_one()
        return self.company_id._oms_settlement_account(self.line_type)

    @api.private
    def _oms_compute_differences(self):
        """Flag, per line, what the accountant must look at."""
        income = self.filtered(lambda line: line.line_type == "income")
        orders = income.order_id
        invoices = orders._oms_posted_invoices()
        # orders already paid out by another settlement
        others = self.search(
            [
                ("order_id", "in", orders.ids),
                ("line_type", "=", "income"),
                ("settlement_id", "not in", self.settlement_id.ids),
                ("settlement_id.state", "!=", "draft"),
            ]
        )
        settled_before = set(others.order_id.ids)
        groups = {}
        for line in self:
            vals = {"difference": False, "difference_amount": 0.0}
            if line.line_type == "adjustment":
                vals.update(difference="adjustment", difference_amount=line.amount)
            elif line.line_type == "income" and not line.order_id:
                vals.update(difference="unknown", difference_amount=line.amount)
            elif line.line_type == "income":
                expected = sum(
                    (invoices & line.order_id.invoice_ids).mapped("amount_total_signed")
                ) - sum(
                    line.order_id.invoice_ids.filtered(
                        lambda m: m.move_type == "out_refund" and m.state == "posted"
                    ).mapped("amount_total")
                )
                vals["expected_amount"] = expected
                diff = line.amount - expected
                if line.order_id.id in settled_before:
                    vals.update(difference="duplicate", difference_amount=line.amount)
                elif line.currency_id.compare_amounts(diff, 0) < 0:
                    vals.update(difference="short", difference_amount=diff)
                elif line.currency_id.compare_amounts(diff, 0) > 0:
                    vals.update(difference="over", difference_amount=diff)
            key = tuple(sorted(vals.items()))
            groups[key] = groups.get(key, self.browse()) | line
        for key, lines in groups.items():
            lines.write(dict(key))
