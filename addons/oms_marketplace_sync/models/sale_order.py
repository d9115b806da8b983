# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    oms_marketplace_order_ids = fields.One2many(
        "oms.marketplace.order", "sale_order_id", string="Marketplace Orders"
    )
    oms_marketplace_review = fields.Char(
        string="Address to Review",
        readonly=True,
        copy=False,
        help="Set by a marketplace import whose address named a province that is not in "
        "Odoo's list: the order is held until someone checks the address.",
    )

    @api.private
    def _oms_process_captured(self):
        # an account whose auto-confirm policy is "never": judge, do not confirm
        if self.env.context.get("oms_marketplace_confirm_policy") == "manual":
            self.detect_exceptions()
            return self.filtered(lambda o: o.exception_ids and not o.ignore_exception)
        return super()._oms_process_captured()

    def _action_cancel(self):
        res = super()._action_cancel()
        if not self.env.context.get("oms_marketplace_no_push"):
            self._oms_marketplace_push_cancel()
        return res

    @api.private
    def _oms_marketplace_push_cancel(self):
        """Queue the cancellation of the platform orders of orders the OMS cancelled."""
        bindings = (
            self.env["oms.marketplace.order"]
            .sudo()
            .search([("sale_order_id", "in", self.ids), ("account_id.active", "=", True)])
        )
        for binding in bindings:
            account = binding.account_id
            account.with_delay(
                channel="root.marketplace",
                identity_key=f"oms-mkt-cancel-{account.id}-{binding.sale_order_id.id}",
                description=account.env._(
                    "%(account)s: cancel %(ref)s",
                    account=account.name,
                    ref=binding.platform_order_ref,
                ),
            )._job_push_cancel(binding.sale_order_id)

    def _oms_rule_marketplace_address_review(self):
        """Orders imported with a province Odoo does not know (kept as text)."""
        return self._oms_rule_scope().filtered("oms_marketplace_review")
