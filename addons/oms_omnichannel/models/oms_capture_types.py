# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Order-type parts of the capture service (a second ``oms.capture`` extension,
kept apart from ``oms_capture.py``; it overrides none of its methods, the capture
calls the hooks below):

* B2B orders asking for less than a product's minimum order quantity, or for a
  quantity that is not a whole number of packs, are refused at capture with one
  problem per line, before anything is written;
* :meth:`reorder`, the service of the reorder endpoint: a repeat of a channel
  order (the Reorder button) under a new external reference, idempotent;
* click-and-collect: a payload with ``pickup.store`` is collected in that store
  (the order's *Pickup Store*, as set from the backend); the store must be a
  warehouse of the channel's company marked as a store, and a pickup order has no
  shipping (no carrier, no shipping line).
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
    def _resolve_pickup_store(self, channel, payload, problems):
        """The store of a click-and-collect payload (``pickup.store``, a warehouse code),
        or an empty recordset; unknown stores, warehouses that are no store and a
        shipping block next to the pickup are appended to ``problems`` (called by
        ``_resolve_references``)."""
        Warehouse = self.env["stock.warehouse"]
        pickup = payload.get("pickup")
        if not pickup:
            return Warehouse
        code = pickup["store"].strip()
        store = Warehouse.search(
            [("code", "=", code), ("company_id", "=", channel.company_id.id)], limit=1
        )
        if not store:
            problems.append(
                {"field": "pickup.store", "message": self.env._("Unknown store %s.", code)}
            )
        elif not store.oms_is_store:
            problems.append(
                {
                    "field": "pickup.store",
                    "message": self.env._(
                        "Warehouse %(code)s (%(name)s) is not a store: orders cannot be "
                        "collected there.",
                        code=code,
                        name=store.name,
                    ),
                }
            )
        if payload.get("shipping"):
            problems.append(
                {
                    "field": "shipping",
                    "message": self.env._(
                        "A pickup order is not shipped: send either pickup or shipping."
                    ),
                }
            )
        return store if store.oms_is_store else Warehouse

    @api.model
    def _pickup_info(self, order):
        """The pickup part of the order status (None for a shipped order)."""
        store = order.oms_pickup_store_id
        if not store:
            return None
        return {
            "store": store.code,
            "store_name": store.name,
            "state": order.oms_pickup_state or None,
            "date": order.oms_pickup_date.isoformat() if order.oms_pickup_date else None,
            "collect_before": order.oms_pickup_deadline.isoformat(timespec="seconds") + "Z"
            if order.oms_pickup_deadline
            else None,
        }

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
        invoice address and the delivery address the agent picked (context key
        ``oms_capture_shipping_id``, one of the customer's), else the customer's
        delivery address (called by ``_prepare_order_vals``)."""
        if self.env.context.get("oms_capture_customer_id") and not addresses:
            found = customer.address_get(["delivery", "invoice"])
            picked = self.env.context.get("oms_capture_shipping_id")
            allowed = customer | customer.child_ids.filtered(lambda c: c.type == "delivery")
            return {
                "partner_shipping_id": picked if picked in allowed.ids else found["delivery"],
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
        # the new reference in the canonical form of a capture's (no surrounding blanks)
        data = dict(data, external_ref=self._normalize_key(channel, data)["external_ref"])
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
