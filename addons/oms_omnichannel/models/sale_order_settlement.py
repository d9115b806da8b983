# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models

SETTLEMENT_ORDER_STATES = [
    ("unsettled", "Not paid out"),
    ("settled", "Paid out"),
    ("difference", "Paid out with a difference"),
]
# differences of an order's income that leave money open on the clearing
_OPEN_DIFFERENCES = ("short", "over", "duplicate", "unmatched")


class SaleOrder(models.Model):
    """Where the money of an order paid by a marketplace or a courier stands: not
    paid out yet (aged in days), paid out, or paid out with a difference; and what
    the payer's fees left of it."""

    _inherit = "sale.order"

    oms_settlement_line_ids = fields.One2many(
        "oms.settlement.line", "order_id", string="Settlement Lines"
    )
    oms_settlement_state = fields.Selection(
        SETTLEMENT_ORDER_STATES,
        string="Payout",
        compute="_compute_oms_settlement",
        store=True,
        index="btree_not_null",
        help="Orders a marketplace (a channel with a clearing journal) or a courier (COD) "
        "pays: not paid out until a settlement pays their income.",
    )
    oms_unsettled_since = fields.Date(
        string="Awaiting Payout Since", compute="_compute_oms_settlement", store=True
    )
    oms_unsettled_days = fields.Integer(
        string="Days Awaiting Payout", compute="_compute_oms_unsettled_days"
    )
    oms_settlement_fees = fields.Monetary(
        string="Payout Fees",
        compute="_compute_oms_settlement",
        store=True,
        help="Commissions, fees, subsidies and adjustments of the order's payouts "
        "(negative: deducted).",
    )
    oms_net_revenue = fields.Monetary(
        string="Net Revenue after Fees",
        compute="_compute_oms_settlement",
        store=True,
        help="The order's income paid out plus its payout fees.",
    )

    @api.depends(
        "state",
        "payment_method",
        "oms_cod_state",
        "channel_id.oms_clearing_journal_id",
        "order_line.invoice_lines.move_id.state",
        "order_line.invoice_lines.move_id.invoice_date",
        "oms_settlement_line_ids.amount",
        "oms_settlement_line_ids.difference",
        "oms_settlement_line_ids.settlement_id.state",
    )
    def _compute_oms_settlement(self):
        for order in self:
            lines = order.oms_settlement_line_ids.filtered(
                lambda line: line.settlement_id.state != "draft"
            )
            income = lines.filtered(lambda line: line.line_type == "income")
            order.oms_settlement_fees = sum((lines - income).mapped("amount"))
            order.oms_net_revenue = sum(lines.mapped("amount"))
            invoices = order._oms_posted_invoices()
            if income:
                open_diff = income.filtered(lambda line: line.difference in _OPEN_DIFFERENCES)
                order.oms_settlement_state = "difference" if open_diff else "settled"
                order.oms_unsettled_since = False
                continue
            expected = (
                order.state == "sale"
                and invoices
                and (
                    (order.payment_method == "cod" and order.oms_cod_state == "collected")
                    or (order.payment_method != "cod" and order.channel_id.oms_clearing_journal_id)
                )
            )
            order.oms_settlement_state = "unsettled" if expected else False
            dates = [d for d in invoices.mapped("invoice_date") if d]
            order.oms_unsettled_since = min(dates) if expected and dates else False

    def _compute_oms_unsettled_days(self):
        today = fields.Date.context_today(self)
        for order in self:
            since = order.oms_unsettled_since
            order.oms_unsettled_days = (today - since).days if since else 0
