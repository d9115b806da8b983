# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Order-type parts of the capture service (a second ``oms.capture`` extension,
kept apart from ``oms_capture.py``; it overrides none of its methods, the capture
calls the hooks below):

* B2B orders asking for less than a product's minimum order quantity, or for a
  quantity that is not a whole number of packs, are refused at capture with one
  problem per line, before anything is written;
* :meth:`reorder`, the service of the reorder endpoint: a repeat of a channel
  order (the Reorder button) under a new external reference, idempotent.
"""

from odoo import api, models

from ..tools import capture_schema
from .oms_capture import CaptureError


class OmsCapture(models.AbstractModel):
    _inherit = "oms.capture"

    @api.model
    def _check_order_quantities(self, channel, payload, product_by_sku):
        """B2B: refuse lines below a product's minimum order quantity or not a whole
        number of packs, one problem per line (called by ``_resolve_references``)."""
        if channel.channel_type != "b2b":
            return
        problems = self.env["sale.order"]._oms_order_qty_problems(
            [
                (index, product_by_sku[line["sku"]], line["quantity"])
                for index, line in enumerate(payload["lines"])
            ]
        )
        if problems:
            raise CaptureError(
                "validation_error",
                self.env._("The order quantities are not allowed."),
                [
                    {"field": f"lines[{index}].quantity", "message": message}
                    for index, message in problems
                ],
            )

    @api.model
    def _with_field_sales_customer(self, channel):
        """The customer picked on the field-sales screen (context key
        ``oms_capture_customer_id``, set by ``oms.field.sales``) counts only where that
        screen could have set it: a Mobile / Field Sales channel the user may post to,
        and a customer the user can read. Anywhere else the key is dropped, so a
        context sent over RPC cannot give another channel's order a chosen customer
        (called by ``_create_order``)."""
        chosen = self.env.context.get("oms_capture_customer_id")
        if chosen and not self._field_sales_customer_allowed(channel, chosen):
            return self.with_context(oms_capture_customer_id=False)
        return self

    @api.model
    def _field_sales_customer_allowed(self, channel, partner_id):
        if channel.channel_type != "mobile" or self.env.user not in channel.api_user_ids:
            return False
        partner = (
            self.env["res.partner"].browse(partner_id).exists()
            if isinstance(partner_id, int)
            else None
        )
        return bool(partner) and partner.has_access("read")

    @api.model
    def _field_sales_address_vals(self, customer, addresses):
        """Field sales: a payload without addresses uses the picked customer's own
        invoice and delivery addresses (called by ``_prepare_order_vals``)."""
        if self.env.context.get("oms_capture_customer_id") and not addresses:
            found = customer.address_get(["delivery", "invoice"])
            return {
                "partner_shipping_id": found["delivery"],
                "partner_invoice_id": found["invoice"],
            }
        return {}

    @api.model
    @api.private
    def reorder(self, source, data):
        """Repeat ``source`` (an order of a channel) as a new order of the same channel
        with ``data["external_ref"]``, through the Reorder button's path (copy, prices of
        the day, unpaid, validation rules, confirmation when no rule holds).

        Return ``(order, created)``. Idempotent on the new reference: the same request
        again returns the same order (``created`` False); the reference already used by
        another order (another source, a captured order) is a conflict. Nothing is
        written when an error is raised.
        """
        problems = capture_schema.validate(data, "ReorderRequest")
        if problems:
            raise CaptureError(
                "validation_error", self.env._("The reorder request is not valid."), problems
            )
        channel = source.channel_id
        self = self.with_company(channel.company_id)
        fingerprint = self._reorder_fingerprint(source, data)
        existing = self._find_order(channel, data["external_ref"])
        if existing:
            return self._replay(existing, fingerprint), False
        if source.state == "cancel":
            raise CaptureError(
                "conflict",
                self.env._("Order %s is cancelled: it cannot be repeated.", source.name),
                order=source,
            )

        def create():
            order = source._oms_repeat(
                {
                    "external_ref": data["external_ref"],
                    "client_order_ref": data["external_ref"],
                    "capture_fingerprint": fingerprint,
                }
            )
            order._oms_place_repeat_orders()
            return order

        return self._create_in_savepoint(channel, data["external_ref"], fingerprint, create)

    @api.model
    def _reorder_fingerprint(self, source, data):
        """Identity of a reorder request: the source order and the body."""
        return capture_schema.fingerprint(
            dict(data, reorder_of=f"{source.channel_id.code}/{source.external_ref}")
        )
