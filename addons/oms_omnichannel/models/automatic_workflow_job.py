# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models


class AutomaticWorkflowJob(models.Model):
    """Holds are authoritative: the automatic workflow never confirms a held order.

    OCA ``sale_automatic_workflow`` re-runs ``action_confirm`` on every quotation of
    a workflow each time its scheduled job runs. ``sale_exception`` then re-detects
    the exceptions, and a rule that stopped failing in the meantime (the customer's
    first order passed, so the "new customer" limit no longer applies) would confirm,
    invoice and pay the held order with nobody deciding it. A hold ends only by a
    manager's release or an explicit re-check (``action_oms_recheck``), both logged on
    the order; the job leaves held orders (and orders whose exceptions are known)
    alone.
    """

    _inherit = "automatic.workflow.job"

    @api.model
    def _oms_not_held_domain(self):
        return [("oms_hold", "=", False), ("exception_ids", "=", False)]

    @api.model
    def _validate_sale_orders(self, order_filter):
        return super()._validate_sale_orders(list(order_filter) + self._oms_not_held_domain())

    def _do_validate_sale_order(self, sale, domain_filter):
        # a second guard: the order may have been held between the search and now
        return super()._do_validate_sale_order(
            sale, list(domain_filter) + self._oms_not_held_domain()
        )

    def _prepare_dict_account_payment(self, invoice):
        """A prepaid order's payment goes to its channel's journal for the order's
        payment method (``oms.channel._oms_payment_journal``), else the workflow's."""
        res = super()._prepare_dict_account_payment(invoice)
        orders = invoice.line_ids.sale_line_ids.order_id
        for order in orders.filtered("channel_id"):
            journal = order.channel_id._oms_payment_journal(order.payment_method)
            if journal:
                res["journal_id"] = journal.id
                break
        return res
