# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class AccountMove(models.Model):
    _inherit = "account.move"

    def _reconcile_reversed_moves(self, reverse_moves, move_reverse_cancel):
        """A credit note of a COD invoice whose cash the courier collected but has not
        remitted yet is not matched against that invoice.

        Odoo reconciles a posted credit note with the open invoice it reverses. For
        such an invoice, open only because the remittance is on its way, that would
        leave the remittance nothing to pay and hide the refund the customer is owed
        (the COD "refunds to pay" list would stay empty). Both stay open instead: the
        remittance pays the invoice in full, the credit note is paid back to the
        customer."""
        if move_reverse_cancel:
            return super()._reconcile_reversed_moves(reverse_moves, move_reverse_cancel)
        pairs = [
            (move, reverse)
            for move, reverse in zip(self, reverse_moves, strict=False)
            if not move._oms_cod_awaiting_remittance()
        ]
        if pairs:
            moves = self.browse([move.id for move, _reverse in pairs])
            reverses = reverse_moves.browse([reverse.id for _move, reverse in pairs])
            super(AccountMove, moves)._reconcile_reversed_moves(reverses, move_reverse_cancel)
        return reverse_moves

    def _oms_cod_awaiting_remittance(self):
        """Whether this is the open invoice of a COD order whose cash the courier
        collected (``sale.order.oms_cod_state``)."""
        self.ensure_one()
        if self.move_type != "out_invoice":
            return False
        orders = self.line_ids.sale_line_ids.order_id
        return any(order.oms_cod_state == "collected" for order in orders)
