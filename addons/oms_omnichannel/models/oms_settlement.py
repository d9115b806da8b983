# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from collections import defaultdict
from datetime import datetime

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

# who may take a posted settlement back to draft (its entry is reversed)
RESET_GROUPS = (
    "account.group_account_manager",
    "account.group_account_user",
    "oms_omnichannel.group_oms_manager",
)

SETTLEMENT_STATES = [
    ("draft", "Draft"),
    ("posted", "Posted"),
    ("matched", "Matched with Bank"),
]


class OmsSettlement(models.Model):
    """A payout: what a marketplace or a courier paid for a batch of orders, net of
    its fees. Posting it

    * pays the orders' open invoices from the payer's clearing account (COD through
      the existing remittance), so the customers owe nothing more;
    * books one entry: each order's income out of the clearing (reconciled with
      the clearing line of the order's payment), each fee/subsidy/adjustment on its
      account, and the net payout back on the clearing: the line the bank statement
      line of the payout is matched with;
    * flags every difference per order (unknown order, short or over paid, order
      settled twice, adjustment): nothing is written off.

    The clearing account thus holds, at any time, exactly the money the payer owes
    for orders not paid out yet."""

    _name = "oms.settlement"
    _description = "Marketplace / Courier Settlement"
    _inherit = ["mail.thread"]
    _order = "date desc, id desc"
    _check_company_auto = True

    name = fields.Char(
        string="Payout Reference",
        required=True,
        tracking=True,
        help="The payer's reference of the payout (the statement, escrow or remittance id).",
    )
    identity = fields.Char(
        required=True,
        copy=False,
        readonly=True,
        help="Where the settlement came from (report format or API, and the payer's "
        "reference or the file's digest): importing it again finds this one.",
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    channel_id = fields.Many2one("oms.channel", check_company=True, index=True, tracking=True)
    carrier_id = fields.Many2one(
        "delivery.carrier", string="Courier", help="Set for couriers' COD remittances."
    )
    date = fields.Date(required=True, default=fields.Date.context_today, tracking=True)
    clearing_journal_id = fields.Many2one(
        "account.journal",
        required=True,
        check_company=True,
        domain="[('type', 'in', ('bank', 'cash'))]",
        help="The payer's clearing journal: its incoming payments are booked on the "
        "clearing account of the marketplace account or courier.",
    )
    clearing_account_id = fields.Many2one(
        "account.account", compute="_compute_clearing_account_id", string="Clearing Account"
    )
    state = fields.Selection(SETTLEMENT_STATES, default="draft", required=True, tracking=True)
    line_ids = fields.One2many("oms.settlement.line", "settlement_id", string="Lines")
    move_id = fields.Many2one("account.move", string="Journal Entry", readonly=True, copy=False)
    payout_line_id = fields.Many2one(
        "account.move.line", string="Payout Journal Item", readonly=True, copy=False
    )
    payment_ids = fields.Many2many(
        "account.payment",
        "oms_settlement_payment_rel",
        "settlement_id",
        "payment_id",
        string="Payments from the Clearing",
        readonly=True,
        copy=False,
        help="The invoice payments the posting registered on the clearing journal "
        "(cancelled if the settlement is reset to draft).",
    )
    amount_income = fields.Monetary(compute="_compute_amounts", string="Order Income")
    amount_fees = fields.Monetary(
        compute="_compute_amounts", string="Fees, Subsidies and Adjustments"
    )
    amount_net = fields.Monetary(compute="_compute_amounts", string="Net Payout")
    difference_count = fields.Integer(compute="_compute_amounts", string="Differences")
    order_count = fields.Integer(compute="_compute_amounts", string="Orders")

    _identity_uniq = models.Constraint(
        "UNIQUE(company_id, identity)", "This settlement has already been imported."
    )

    @api.depends("clearing_journal_id")
    def _compute_clearing_account_id(self):
        for settlement in self:
            settlement.clearing_account_id = settlement.clearing_journal_id._oms_clearing_account()

    @api.depends("line_ids.amount", "line_ids.line_type", "line_ids.difference")
    def _compute_amounts(self):
        for settlement in self:
            lines = settlement.line_ids
            income = lines.filtered(lambda line: line.line_type == "income")
            settlement.amount_income = sum(income.mapped("amount"))
            settlement.amount_fees = sum((lines - income).mapped("amount"))
            settlement.amount_net = sum(lines.mapped("amount"))
            settlement.difference_count = len(lines.filtered("difference"))
            settlement.order_count = len(lines.order_id)

    def action_post(self):
        self._oms_post()
        return True

    def action_view_move(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "account.move",
            "res_id": self.move_id.id,
            "view_mode": "form",
        }

    def action_view_orders(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Settled Orders"),
            "res_model": "sale.order",
            "view_mode": "list,form",
            "domain": [("id", "in", self.line_ids.order_id.ids)],
        }

    def action_match_bank(self):
        """Match each posted payout with the unreconciled bank statement line of
        the same amount (the reconciliation a user does by hand otherwise)."""
        for settlement in self.filtered(lambda s: s.state == "posted"):
            st_line = settlement._oms_find_statement_line()
            if not st_line:
                raise UserError(
                    self.env._(
                        "No unreconciled bank statement line of %(amount)s for the "
                        "payout %(name)s.",
                        amount=settlement.amount_net,
                        name=settlement.name,
                    )
                )
            settlement._oms_match_statement_line(st_line)
        return True

    def action_reset_to_draft(self):
        """Take posted settlements back to draft (accountants and OMS managers):
        see :meth:`_oms_reset_to_draft`."""
        if not any(self.env.user.has_group(group) for group in RESET_GROUPS):
            raise AccessError(
                self.env._(
                    "Only accountants and OMS managers can reset a posted settlement to draft."
                )
            )
        self._oms_reset_to_draft()
        return True

    # business methods -------------------------------------------------------

    @api.private
    def _oms_reset_to_draft(self):
        """Undo the posting of these settlements, cleanly and on the record:

        * the bank statement line matched with the payout is unreconciled (back on
          the suspense account, to be matched again);
        * the journal entry is reversed (same date), the reversal reconciled with it:
          the orders' clearing items are open again;
        * the invoice payments the posting registered on the clearing are cancelled:
          the orders' invoices are open again;
        * the differences are cleared (computed again on the next posting), and the
          chatter says what was undone."""
        for settlement in self.filtered(lambda s: s.state != "draft"):
            notes = []
            st_lines = settlement._oms_matched_statement_lines()
            if st_lines:
                # bank statement lines are the full accounting group's in Community:
                # the caller's right to un-post was checked by action_reset_to_draft
                st_lines.sudo().action_undo_reconciliation()
                notes.append(
                    self.env._(
                        "bank statement line %s unmatched",
                        ", ".join(st_lines.mapped("display_name")),
                    )
                )
            move = settlement.move_id
            if move.state == "posted":
                reversal = move._reverse_moves(
                    [{"date": move.date, "ref": self.env._("Reversal of: %s", move.ref)}],
                    cancel=True,
                )
                notes.append(
                    self.env._(
                        "entry %(move)s reversed by %(reversal)s",
                        move=move.display_name,
                        reversal=reversal.display_name,
                    )
                )
            payments = settlement.payment_ids.filtered(lambda p: p.state != "canceled")
            if payments:
                names = ", ".join(payments.mapped("display_name"))
                payments.action_draft()
                payments.action_cancel()
                notes.append(self.env._("payments %s cancelled", names))
            settlement.line_ids.write({"difference": False, "difference_amount": 0.0})
            settlement.write(
                {
                    "state": "draft",
                    "move_id": False,
                    "payout_line_id": False,
                    "payment_ids": [fields.Command.clear()],
                }
            )
            settlement.message_post(
                body=self.env._(
                    "Reset to draft by %(user)s: %(notes)s.",
                    user=self.env.user.name,
                    notes="; ".join(notes) or self.env._("nothing was posted"),
                )
            )

    def _oms_matched_statement_lines(self):
        """The bank statement lines reconciled with the payout's journal item."""
        self.ensure_one()
        payout = self.payout_line_id
        counterparts = payout.matched_debit_ids.debit_move_id | (
            payout.matched_credit_ids.credit_move_id
        )
        return counterparts.move_id.statement_line_id

    @api.private
    def _oms_post(self):
        for settlement in self:
            if settlement.state != "draft":
                continue
            settlement._oms_check_postable()
            settlement.line_ids._oms_compute_differences()
            payments = settlement._oms_pay_orders_from_clearing()
            move = self.env["account.move"].create(settlement._oms_prepare_move_vals())
            move.action_post()
            settlement.write(
                {
                    "move_id": move.id,
                    "payment_ids": [fields.Command.set(payments.ids)],
                    "payout_line_id": move.line_ids.filtered("oms_settlement_payout")[:1].id,
                    "state": "posted",
                }
            )
            settlement._oms_reconcile_orders()
            settlement.message_post(
                body=self.env._(
                    "Posted: net payout %(net)s, %(count)s difference(s) to review.",
                    net=settlement.amount_net,
                    count=settlement.difference_count,
                )
            )

    def _oms_check_postable(self):
        self.ensure_one()
        account = self.clearing_account_id
        if not account:
            raise UserError(
                self.env._(
                    "The journal %s has no clearing account on its incoming payment method.",
                    self.clearing_journal_id.display_name,
                )
            )
        if not account.reconcile:
            raise UserError(
                self.env._("The clearing account %s must allow reconciliation.", account.code)
            )

    def _oms_pay_orders_from_clearing(self):
        """Pay the open invoices of the settled orders from the clearing: COD orders
        through the courier remittance, the others by a payment on the clearing
        journal. Orders settled twice or unknown are left alone. Return the
        payments registered."""
        self.ensure_one()
        lines = self.line_ids.filtered(
            lambda line: (
                line.line_type == "income" and line.order_id and line.difference != "duplicate"
            )
        )
        orders = lines.order_id
        unpaid = orders.filtered(
            lambda o: o._oms_posted_invoices().filtered(lambda m: m.amount_residual)
        )
        cod = unpaid.filtered(lambda o: o.oms_cod_state == "collected")
        payments = self.env["account.payment"]
        if cod:
            payments |= cod._oms_register_cod_remittance(self.clearing_journal_id, self.date)
        if unpaid - cod:
            payments |= (unpaid - cod)._oms_register_invoice_payments(
                self.clearing_journal_id, self.date
            )
        return payments

    def _oms_clearing_lines_by_order(self, orders):
        """The open clearing journal items of the orders' payments, by order."""
        account = self.clearing_account_id
        invoices = orders._oms_posted_invoices()
        pay_lines = invoices.matched_payment_ids.move_id.line_ids.filtered(
            lambda aml: aml.account_id == account and not aml.reconciled
        )
        by_order = defaultdict(lambda: self.env["account.move.line"])
        for aml in pay_lines:
            paid = aml.move_id.origin_payment_id.reconciled_invoice_ids
            for order in orders:
                if paid & order.invoice_ids:
                    by_order[order.id] |= aml
        return by_order

    def _oms_prepare_move_vals(self):
        self.ensure_one()
        journal = self.env["account.journal"].search(
            [
                *self.env["account.journal"]._check_company_domain(self.company_id),
                ("type", "=", "general"),
            ],
            limit=1,
        )
        clearing = self.clearing_account_id
        line_vals = []
        for line in self.line_ids:
            if not line.amount:
                continue
            partner = line.order_id.partner_invoice_id.commercial_partner_id
            if line.line_type == "income":
                account = clearing
            else:
                account = line.account_id or line._oms_default_account()
            line_vals.append(
                fields.Command.create(
                    {
                        "name": line.display_label,
                        "account_id": account.id,
                        "partner_id": partner.id,
                        "balance": -line.amount,
                        "oms_settlement_line_id": line.id,
                    }
                )
            )
        net = sum(self.line_ids.mapped("amount"))
        line_vals.append(
            fields.Command.create(
                {
                    "name": self.env._("Payout %s", self.name),
                    "account_id": clearing.id,
                    "balance": net,
                    "oms_settlement_payout": True,
                }
            )
        )
        return {
            "move_type": "entry",
            "journal_id": journal.id,
            "date": self.date,
            "ref": self.name,
            "company_id": self.company_id.id,
            "line_ids": line_vals,
        }

    def _oms_reconcile_orders(self):
        """Reconcile each order's income with the clearing item of its payment."""
        self.ensure_one()
        income = self.line_ids.filtered(
            lambda line: (
                line.line_type == "income" and line.order_id and line.difference != "duplicate"
            )
        )
        by_order = self._oms_clearing_lines_by_order(income.order_id)
        amls = self.move_id.line_ids
        unmatched = self.env["oms.settlement.line"]
        for line in income:
            own = amls.filtered(lambda aml, line=line: aml.oms_settlement_line_id == line)
            paid = by_order.get(line.order_id.id)
            if own and paid:
                (own | paid).reconcile()
            elif own:
                unmatched |= line
        income._oms_compute_differences()
        # an order paid on another journal than the clearing: its income is on the
        # clearing with nothing to match, left open and flagged
        unmatched.filtered(lambda line: not line.difference).write(
            {"difference": "unmatched", "difference_amount": 0.0}
        )

    def _oms_find_statement_line(self):
        self.ensure_one()
        return self.env["account.bank.statement.line"].search(
            [
                ("company_id", "=", self.company_id.id),
                ("is_reconciled", "=", False),
                ("amount", "=", self.amount_net),
                ("date", ">=", self.date),
            ],
            order="date, id",
            limit=1,
        )

    @api.private
    def _oms_match_statement_line(self, st_line):
        """Match the payout with the bank statement line ``st_line``: its suspense
        item moves to the clearing account and is reconciled with the payout."""
        self.ensure_one()
        if self.currency_id.compare_amounts(st_line.amount, self.amount_net):
            raise UserError(
                self.env._(
                    "The bank statement line %(line)s (%(amount)s) is not the payout "
                    "%(name)s (%(net)s).",
                    line=st_line.display_name,
                    amount=st_line.amount,
                    name=self.name,
                    net=self.amount_net,
                )
            )
        _liquidity, suspense, _other = st_line._seek_for_lines()
        suspense.account_id = self.clearing_account_id
        (suspense | self.payout_line_id).reconcile()
        self.state = "matched"
        return True

    # imports ------------------------------------------------------------------

    @api.model
    def _oms_prepare_line_vals(self, row, order):
        """Settlement lines of one report row (one per non-zero amount)."""
        vals = []
        for sequence, (line_type, amount) in enumerate(row.amounts.items()):
            vals.append(
                {
                    "sequence": sequence,
                    "reference": row.reference,
                    "order_id": order.id,
                    "line_type": line_type,
                    "amount": float(amount),
                }
            )
        return vals

    @api.model
    def _oms_match_orders(self, references, match_by, channel=None):
        """{reference: order} for the references of a report: marketplace order
        numbers (the order's external reference on its channel, or its name), or
        tracking numbers of the orders' deliveries. One query each."""
        refs = list(set(references))
        if match_by == "tracking":
            pickings = self.env["stock.picking"].search(
                [("carrier_tracking_ref", "in", refs), ("sale_id", "!=", False)]
            )
            return {p.carrier_tracking_ref: p.sale_id for p in pickings}
        domain = ["|", ("external_ref", "in", refs), ("name", "in", refs)]
        if channel:
            domain = [("channel_id", "=", channel.id), *domain]
        orders = self.env["sale.order"].search(domain)
        found = {o.name: o for o in orders}
        found.update({o.external_ref: o for o in orders if o.external_ref})
        return found

    @api.model
    def _oms_import_rows(
        self,
        rows,
        source,
        match_by,
        journal,
        channel=None,
        carrier=None,
        payout_ref=None,
        date=None,
        digest=None,
        post=True,
    ):
        """Settlements from report rows (grouped by payout reference). A settlement
        already imported (same ``source`` and payout reference, or same file digest
        when the report has no payout reference) is returned as it is: importing a
        report twice writes nothing. Return the settlements (new and existing)."""
        groups = {}
        for row in rows:
            ref = row.payout_ref or payout_ref or ""
            groups.setdefault(ref, []).append(row)
        identities = {
            ref: f"{source}:{ref}" if ref else f"{source}:sha256:{digest}" for ref in groups
        }
        existing = self.search(
            [
                ("company_id", "=", self.env.company.id),
                ("identity", "in", list(identities.values())),
            ]
        )
        known = {s.identity: s for s in existing}
        orders = self._oms_match_orders([r.reference for r in rows], match_by, channel)
        vals_list = []
        for ref, group in groups.items():
            if identities[ref] in known:
                continue
            lines = []
            for row in group:
                order = orders.get(row.reference, self.env["sale.order"])
                lines += self._oms_prepare_line_vals(row, order)
            row_date = _parse_date(group[0].date) if group[0].date else None
            vals_list.append(
                {
                    "name": ref
                    or self.env._(
                        "%(source)s of %(date)s",
                        source=source,
                        date=date or fields.Date.context_today(self),
                    ),
                    "identity": identities[ref],
                    "channel_id": channel.id if channel else False,
                    "carrier_id": carrier.id if carrier else False,
                    "clearing_journal_id": journal.id,
                    "date": row_date or date or fields.Date.context_today(self),
                    "line_ids": [fields.Command.create(v) for v in lines],
                }
            )
        settlements = self.create(vals_list)
        if post:
            settlements._oms_post()
        return existing | settlements


def _parse_date(text):
    """A report's date: ISO (``2026-12-01``, maybe with a time) or ``01/12/2026``."""
    text = str(text).strip()[:10]
    for fmt in ("%Y-%m-%d", "%Y/%m/%d", "%d/%m/%Y", "%d-%m-%Y"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None
