# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import UserError


class OmsMarketplaceAccount(models.Model):
    _inherit = "oms.marketplace.account"

    return_reason_code = fields.Char(
        default="changed_mind",
        help="Return reason code (Returns app) of the return requests created when the "
        "platform reports an order as returned.",
    )

    @api.private
    def _sync_platform_return(self, order):
        """Record the platform's return of ``order`` as a return request of the
        Returns app, once per platform return.

        The request goes through the service behind ``POST /oms/api/v1/returns``
        (its checks: delivered quantities, return policy, reasons) and returns
        everything still returnable. Return the new request, or an empty recordset
        when it already exists; raise ``UserError`` when the return cannot be
        recorded (the binding keeps the platform order and the reconciliation tries
        again)."""
        self.ensure_one()
        env = self.sudo().env(
            context=dict(self.env.context, allowed_company_ids=order.company_id.ids)
        )
        reference = self._platform_return_reference(order)
        return_requests = env["oms.return.request"]
        if return_requests.search_count(
            [("channel_id", "=", order.channel_id.id), ("return_reference", "=", reference)]
        ):
            return return_requests
        payload = self._prepare_platform_return_payload(order.with_env(env), reference)
        try:
            with env.cr.savepoint():
                return_request = return_requests.oms_create_return(
                    order.channel_id,
                    payload,
                    origin=self.env._("the %s marketplace", self.platform),
                )
        except UserError as refused:
            raise UserError(
                self.env._("Return %(ref)s refused: %(details)s", ref=reference, details=refused)
            ) from refused
        self._log(
            "import",
            "done",
            self.env._(
                "Return %(ref)s of %(name)s recorded as %(request)s.",
                ref=reference,
                name=order.name,
                request=return_request.name,
            ),
            self._binding_of(order).platform_order_ref,
        )
        return return_request

    @api.private
    def _prepare_platform_return_payload(self, order, reference):
        """The returns-API payload of a platform return: every delivered quantity
        still returnable, with the account's return reason."""
        lines = [
            {
                "sku": line.product_id.default_code,
                "quantity": qty,
                "reason": self.return_reason_code or "changed_mind",
            }
            for line, qty in order.oms_get_returnable_quantities().items()
            if qty > 0 and line.product_id.default_code
        ]
        if not lines:
            raise UserError(
                self.env._(
                    "The platform reports %(ref)s returned, but %(name)s has no delivered "
                    "quantity left to return.",
                    ref=reference,
                    name=order.name,
                )
            )
        return {
            "channel": order.channel_id.code,
            "external_ref": order.external_ref,
            "return_reference": reference,
            "lines": lines,
        }
