# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class AccountPayment(models.Model):
    _inherit = "account.payment"

    oms_cancel_refund = fields.Boolean(
        string="OMS Cancellation Refund",
        readonly=True,
        copy=False,
        help="Prepared by the OMS to give back what was paid for a cancelled order: "
        "posting it settles its credit note.",
    )

    def action_post(self):
        res = super().action_post()
        self.filtered("oms_cancel_refund")._oms_reconcile_with_credit_notes()
        return res

    def _oms_reconcile_with_credit_notes(self):
        """Reconcile the posted refund payments with their credit notes."""
        account_types = ("asset_receivable", "liability_payable")
        for payment in self.filtered("move_id"):
            lines = (payment.move_id.line_ids | payment.invoice_ids.line_ids).filtered(
                lambda aml: (
                    aml.account_id.account_type in account_types
                    and not aml.reconciled
                    and aml.parent_state == "posted"
                )
            )
            for account in lines.account_id:
                lines.filtered(lambda aml, a=account: aml.account_id == a).reconcile()
