# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from markupsafe import Markup

from odoo import api, fields, models


class SaleOrder(models.Model):
    """Cancel after invoice: the posted invoices of a cancelled order are credited.

    Every cancellation (backend button, hold cancelled by a manager, the API's
    cancel route, a marketplace cancellation) goes through ``_action_cancel``. Odoo
    cancels draft invoices there and leaves posted ones as they are: the customer
    kept owing (or, when prepaid, kept having paid) for an order that will never be
    delivered. Each posted invoice gets its own credit note, posted and reconciled
    with it; what the customer had already paid is prepared as an outgoing payment
    (the channel says whether it is left in draft or registered)."""

    _inherit = "sale.order"

    def _action_cancel(self):
        invoices = self.invoice_ids.filtered(
            lambda m: m.move_type == "out_invoice" and m.state == "posted"
        )
        # the order's deliveries are cancelled with it: its invoices are credited
        # in full below, not per cancelled delivery (_oms_credit_cancelled_goods)
        res = super(SaleOrder, self.with_context(oms_cancelling_orders=True))._action_cancel()
        if invoices:
            self._oms_refund_cancelled_invoices(invoices)
        return res

    @api.private
    def _oms_refund_cancelled_invoices(self, invoices):
        """Credit ``invoices`` (posted invoices of these cancelled orders) in full."""
        for invoice in invoices:
            if invoice.reversal_move_ids.filtered(lambda m: m.state != "cancel"):
                # already (partly) credited, e.g. by a return: crediting the whole
                # invoice again would refund twice; the accountant decides
                for order in self.filtered(lambda o, inv=invoice: inv in o.invoice_ids):
                    order.message_post(
                        body=self.env._(
                            "Cancelled after invoicing: %s already has a credit note, "
                            "no further credit note was made.",
                            invoice.name,
                        )
                    )
                continue
            paid = invoice.amount_total - invoice.amount_residual
            refund = invoice._reverse_moves(
                [self._prepare_oms_cancel_refund_vals(invoice)], cancel=False
            )
            # posting a credit note of a posted invoice reconciles the two
            refund.action_post()
            payment = self.env["account.payment"]
            if not invoice.currency_id.is_zero(paid) and not refund.currency_id.is_zero(
                refund.amount_residual
            ):
                payment = self._oms_prepare_refund_payment(invoice, refund)
            orders = self.filtered(lambda o, inv=invoice: inv in o.invoice_ids)
            for order in orders:
                order.message_post(body=order._oms_cancel_refund_message(refund, payment))
        return True

    @api.private
    def _oms_credit_cancelled_goods(self):
        """Credit what was invoiced on order for goods that will not leave: a
        backorder not kept, a delivery cancelled, while the order itself goes on.

        Each such line's ordered quantity becomes what was shipped, and the order's
        invoicing makes the credit note of the difference (the lines' prices and
        taxes, linked to them, so nothing is invoiced again); posted against the
        order's invoice, and what the customer paid for those goods is prepared for
        refund as for a cancellation. Lines invoiced on delivery have nothing to
        credit: they were invoiced for what left."""
        if self.env.context.get("oms_cancelling_orders"):
            return
        for order in self.filtered(lambda o: o.state == "sale"):
            lines = order.order_line._oms_lines_with_cancelled_goods()
            if not lines:
                continue
            invoice = order._oms_posted_invoices()
            locked = order.locked
            if locked:
                order.action_unlock()
            for line, shipped in lines.items():
                line.product_uom_qty = shipped
            if locked:
                order.action_lock()
            refund = order._create_invoices(final=True)
            if refund.move_type != "out_refund":
                # other lines were still to invoice: the accountant sorts it out
                refund.unlink()
                continue
            vals = {"workflow_process_id": False}
            if len(invoice) == 1:
                vals["reversed_entry_id"] = invoice.id
            refund.write(vals)
            refund.action_post()
            payment = self.env["account.payment"]
            if len(invoice) == 1:
                receivable = (refund.line_ids | invoice.line_ids).filtered(
                    lambda aml: (
                        aml.account_id.account_type == "asset_receivable" and not aml.reconciled
                    )
                )
                if len(receivable.move_id) == 2:
                    receivable.reconcile()
                if not refund.currency_id.is_zero(refund.amount_residual):
                    payment = order._oms_prepare_refund_payment(invoice, refund)
            body = self.env._(
                "Goods not shipped (delivery cancelled): credit note %(refund)s posted.",
                refund=refund.name,
            )
            order.message_post(body=body + order._oms_refund_payment_sentence(payment))
        return True

    @api.private
    def _prepare_oms_cancel_refund_vals(self, invoice):
        """Default values of the credit note of ``invoice`` (hook)."""
        today = fields.Date.context_today(self)
        return {
            "ref": self.env._("Cancellation of %s", ", ".join(self.mapped("name"))),
            "date": today,
            "invoice_date": today,
            "invoice_date_due": today,
            "invoice_payment_term_id": False,
        }

    @api.private
    def _oms_get_refund_journal(self, invoice):
        """Where the money goes back from: the journal the invoice was paid on."""
        payments = invoice.matched_payment_ids.filtered(lambda p: p.state != "canceled")
        journal = payments.journal_id[:1]
        if not journal:
            journal = invoice._get_reconciled_payments().journal_id[:1]
        if not journal:
            journal = self.env["account.journal"].search(
                [
                    *self.env["account.journal"]._check_company_domain(invoice.company_id),
                    ("type", "=", "bank"),
                ],
                limit=1,
            )
        return journal

    @api.private
    def _oms_prepare_refund_payment(self, invoice, refund):
        """The outgoing payment giving back what was paid for ``invoice``, whose
        credit note ``refund`` is still open (its residual is the paid part)."""
        channels = self.filtered(lambda o: invoice in o.invoice_ids).channel_id
        mode = "register" if "register" in channels.mapped("cancel_refund_payment") else "draft"
        journal = self._oms_get_refund_journal(invoice)
        if mode == "register":
            wizard = (
                self.env["account.payment.register"]
                .with_context(active_model="account.move", active_ids=refund.ids)
                .create({"journal_id": journal.id} if journal else {})
            )
            return wizard._create_payments()
        return self.env["account.payment"].create(
            {
                "payment_type": "outbound",
                "partner_type": "customer",
                "partner_id": refund.commercial_partner_id.id,
                "amount": refund.amount_residual,
                "currency_id": refund.currency_id.id,
                "journal_id": journal.id,
                "company_id": refund.company_id.id,
                "memo": refund.name,
                "invoice_ids": [(6, 0, refund.ids)],
                "oms_cancel_refund": True,
            }
        )

    @api.private
    def _oms_cancel_refund_message(self, refund, payment):
        self.ensure_one()
        body = self.env._(
            "Cancelled after invoicing: credit note %(refund)s posted against %(invoice)s.",
            refund=refund.name,
            invoice=refund.reversed_entry_id.name,
        )
        return Markup("<p>%s</p>") % (body + self._oms_refund_payment_sentence(payment))

    @api.private
    def _oms_refund_payment_sentence(self, payment):
        """What became of the customer's money: " Refund payment ... (draft or
        registered)", or nothing without a refund payment."""
        if not payment:
            return ""
        if payment.state == "draft":
            return " " + self.env._(
                "Refund payment %(payment)s prepared in draft for the accountant.",
                payment=payment.display_name,
            )
        return " " + self.env._(
            "Refund payment %(payment)s registered.", payment=payment.display_name
        )
