# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import UserError

COD_STATES = [
    ("unpaid", "Unpaid"),
    ("collected", "Collected by Courier (awaiting remittance)"),
    ("paid", "Paid"),
]
# an invoice whose payment is registered (in_payment: not yet matched on the bank
# statement) or that a credit note settled in full
_SETTLED = ("paid", "in_payment", "reversed")


class SaleOrder(models.Model):
    """Cash on delivery: the courier collects the cash at the door and remits it
    later. A delivered COD order is "Done" only once the remittance is registered
    on its invoices (``_oms_is_settled``, read by ``_oms_delivery_status`` in
    ``sale_order.py``); until then it stays "Delivered", awaiting remittance."""

    _inherit = "sale.order"

    oms_cod_state = fields.Selection(
        COD_STATES,
        string="COD Payment",
        compute="_compute_oms_cod_state",
        store=True,
        index="btree_not_null",
        help="Cash-on-delivery orders only: unpaid until delivered, then collected by "
        "the courier and awaiting the remittance, paid once the remittance is "
        "registered on the invoice.",
    )

    @api.depends(
        "payment_method",
        "state",
        "picking_ids.oms_delivered_date",
        "order_line.invoice_lines.move_id.payment_state",
        "order_line.invoice_lines.move_id.state",
    )
    def _compute_oms_cod_state(self):
        for order in self:
            if order.payment_method != "cod" or order.state != "sale":
                order.oms_cod_state = False
            elif order._oms_cod_invoices_paid():
                order.oms_cod_state = "paid"
            elif any(
                p.oms_is_customer_delivery and p.state == "done" and p.oms_delivered_date
                for p in order.picking_ids
            ):
                order.oms_cod_state = "collected"
            else:
                order.oms_cod_state = "unpaid"

    def _oms_posted_invoices(self):
        return self.invoice_ids.filtered(
            lambda m: m.move_type == "out_invoice" and m.state == "posted"
        )

    def _oms_cod_invoices_paid(self):
        self.ensure_one()
        invoices = self._oms_posted_invoices()
        return bool(invoices) and all(m.payment_state in _SETTLED for m in invoices)

    def _oms_is_settled(self):
        """Whether the money of a delivered order is in: a COD order's invoices are
        paid (the remittance is registered). Other payment methods: settled by the
        invoice (prepaid orders are paid before shipping; B2B pays on terms)."""
        self.ensure_one()
        if self.payment_method != "cod":
            return True
        return self._oms_cod_invoices_paid()

    def action_oms_register_cod_remittance(self):
        """Open the remittance wizard on the selected orders."""
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Register COD Remittance"),
            "res_model": "oms.cod.remittance",
            "view_mode": "form",
            "target": "new",
            "context": {"default_order_ids": [fields.Command.set(self.ids)]},
        }

    @api.private
    def _oms_register_cod_remittance(self, journal, date=None):
        """Register the courier's remittance for these delivered COD orders: one
        payment per open invoice on ``journal``, reconciled with it. Return the
        payments."""
        wrong = self.filtered(lambda o: o.oms_cod_state != "collected")
        if wrong:
            raise UserError(
                self.env._(
                    "Only delivered cash-on-delivery orders awaiting their remittance can "
                    "be settled: %s",
                    ", ".join(wrong.mapped("name")),
                )
            )
        payments = self._oms_register_invoice_payments(journal, date)
        for order in self:
            paid = payments.filtered(lambda p, o=order: p.reconciled_invoice_ids & o.invoice_ids)
            order.message_post(
                body=self.env._(
                    "COD remittance registered: %s.", ", ".join(paid.mapped("display_name"))
                )
            )
        return payments

    @api.private
    def _oms_register_invoice_payments(self, journal, date=None):
        """One payment per open posted invoice of these orders on ``journal``,
        reconciled with it (a courier's remittance, a marketplace's clearing).
        Return the payments."""
        invoices = self._oms_posted_invoices().filtered(lambda m: m.payment_state not in _SETTLED)
        if not invoices:
            raise UserError(
                self.env._(
                    "The orders %s have no posted invoice to settle yet.",
                    ", ".join(self.mapped("name")),
                )
            )
        vals = {"journal_id": journal.id, "group_payment": False}
        if date:
            vals["payment_date"] = date
        return (
            self.env["account.payment.register"]
            .with_context(active_model="account.move", active_ids=invoices.ids)
            .create(vals)
            ._create_payments()
        )
