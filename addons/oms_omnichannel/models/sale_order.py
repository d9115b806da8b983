# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models

# The one list of OMS statuses. Add-ons extend it with ``selection_add`` on the field
# (order types: ready_for_pickup; oms_returns: partially_returned). Everything else
# (the API's OpenAPI enum, the KPI report, the kanban columns, the dashboard) reads the
# field's selection, ``env["sale.order"]._fields["oms_status"]``, never a copy.
OMS_STATUSES = [
    ("received", "Received"),
    ("on_hold", "On Hold"),
    ("confirmed", "Confirmed"),
    ("partially_allocated", "Partially Allocated"),
    ("allocated", "Allocated"),
    ("picking", "Picking"),
    ("packed", "Packed"),
    ("partially_shipped", "Partially Shipped"),
    ("shipped", "Shipped"),
    ("delivered", "Delivered"),
    ("done", "Done"),
    ("cancelled", "Cancelled"),
    ("returned", "Returned"),
]

PAYMENT_METHODS = [
    ("prepaid", "Prepaid"),
    ("bank_transfer", "Bank Transfer"),
    ("ewallet", "E-Wallet"),
    ("card", "Card"),
    ("cod", "Cash on Delivery"),
]

PAYMENT_STATUSES = [
    ("paid", "Paid"),
    ("pending", "Pending"),
    ("unpaid", "Unpaid"),
]

# statuses in which a click-and-collect order that is ready shows "Ready for Pickup"
_PICKUP_READY_FROM = ("confirmed", "partially_allocated", "allocated", "picking", "packed")


class SaleOrder(models.Model):
    _inherit = "sale.order"

    channel_id = fields.Many2one(
        "oms.channel",
        string="Channel",
        index=True,
        check_company=True,
        tracking=True,
        copy=False,
    )
    external_ref = fields.Char(
        string="External Reference",
        index="btree_not_null",
        copy=False,
        help="The order number in the channel it came from.",
    )
    service_level_id = fields.Many2one(
        "oms.service.level", string="Service Level", tracking=True, index="btree_not_null"
    )
    payment_method = fields.Selection(PAYMENT_METHODS, string="Payment Type", tracking=True)
    payment_status = fields.Selection(PAYMENT_STATUSES, tracking=True)
    payment_amount = fields.Monetary(currency_field="currency_id")
    oms_cancel_reason = fields.Char(
        string="Cancellation Reason",
        copy=False,
        tracking=True,
        help="Why the order was cancelled: by the customer through a channel, a held order "
        "cancelled by a manager, a cancellation on the marketplace...",
    )
    capture_fingerprint = fields.Char(
        copy=False,
        readonly=True,
        help="Hash of the captured payload: a replay with other content is refused.",
    )
    oms_status = fields.Selection(
        OMS_STATUSES,
        string="OMS Status",
        compute="_compute_oms_status",
        store=True,
        index=True,
        tracking=True,
        group_expand=True,  # one kanban column per status, in the selection's order
        help="One status summarising the sale order, its deliveries and invoices.",
    )
    oms_hold = fields.Boolean(
        string="On Hold",
        compute="_compute_oms_hold",
        store=True,
        index=True,
        help="Set while a validation rule fails and the hold is not released.",
    )
    delivery_picking_ids = fields.Many2many(
        "stock.picking",
        string="Customer Deliveries",
        compute="_compute_delivery_tracking",
    )
    oms_carrier_names = fields.Char(string="Carriers", compute="_compute_delivery_tracking")
    oms_tracking_refs = fields.Char(string="Tracking Numbers", compute="_compute_delivery_tracking")
    oms_tracking_url = fields.Char(string="Tracking Link", compute="_compute_delivery_tracking")
    oms_shipment_count = fields.Integer(string="Shipments", compute="_compute_delivery_tracking")

    _channel_external_ref_uniq = models.Constraint(
        "UNIQUE(channel_id, external_ref)",
        "An order with this external reference already exists in this channel.",
    )

    @api.depends("exception_ids", "ignore_exception", "state")
    def _compute_oms_hold(self):
        for order in self:
            order.oms_hold = bool(
                order.exception_ids
                and not order.ignore_exception
                and order.state in ("draft", "sent")
            )

    @api.depends(
        "state",
        "oms_hold",
        "invoice_status",
        "order_line.invoice_lines.move_id.state",
        "order_line.invoice_lines.move_id.payment_state",
        "payment_method",
        "picking_ids.state",
        "picking_ids.oms_delivered_date",
        "picking_ids.oms_packed",
        "picking_ids.move_ids.picked",
        "oms_pickup_state",
    )
    def _compute_oms_status(self):
        for order in self:
            order.oms_status = order._oms_get_status()

    def _oms_get_status(self):
        """Return the OMS status of one order; extended by other addons (returns,
        dropship): the progress of its deliveries, "Ready for Pickup" for a
        click-and-collect order the store has made ready."""
        self.ensure_one()
        status = self._oms_delivery_status()
        if self.oms_pickup_state == "ready" and status in _PICKUP_READY_FROM:
            return "ready_for_pickup"
        return status

    def _oms_delivery_status(self):
        """The status from the order's state and its transfers."""
        self.ensure_one()
        if self.state == "cancel":
            return "cancelled"
        if self.state in ("draft", "sent"):
            return "on_hold" if self.oms_hold else "received"
        pickings = self._oms_status_pickings()
        deliveries = pickings.filtered(lambda p: p.oms_is_customer_delivery)
        returns = pickings.filtered(lambda p: p.oms_is_customer_return)
        if returns and any(p.state == "done" for p in returns):
            return "returned"
        # multi-step routes create the delivery only once the previous step is done
        upstream = pickings - deliveries - returns
        if not deliveries and not upstream:
            return "confirmed"
        done = deliveries.filtered(lambda p: p.state == "done")
        if done and len(done) < len(deliveries):
            return "partially_shipped"
        if done:
            if all(p.oms_delivered_date for p in done):
                # Done: delivered and settled (COD: the remittance is registered,
                # sale_order_cod.py); else Delivered, the payment status says why
                if self._oms_is_fully_invoiced() and self._oms_is_settled():
                    return "done"
                return "delivered"
            return "shipped"
        # nothing shipped yet: how far is the warehouse?
        if any(p.oms_packed for p in deliveries) or (
            upstream and all(p.state == "done" for p in upstream) and len(upstream) > 1
        ):
            return "packed"
        if any(p.state == "done" for p in upstream) or any(
            move.picked for move in deliveries.move_ids
        ):
            return "picking"
        # stock is reserved on the first step of the route: in a multi-step
        # warehouse the later steps wait for the previous one ("waiting")
        todo = pickings.filtered(lambda p: p.state not in ("done", "cancel")) - returns
        reserving = todo.move_ids.filtered(
            lambda m: m.state in ("confirmed", "partially_available", "assigned")
        )
        if not any(m.state in ("assigned", "partially_available") for m in reserving):
            return "confirmed"
        # some but not all of the stock lines reserved: not "Allocated" yet
        if all(m.state == "assigned" for m in reserving) and all(
            p.state in ("assigned", "waiting") for p in todo
        ):
            return "allocated"
        return "partially_allocated"

    def _oms_status_pickings(self):
        """The transfers the OMS status looks at; a hook (vendor receipts are left out
        by ``oms_dropship``)."""
        self.ensure_one()
        return self.picking_ids.filtered(lambda p: p.state != "cancel")

    def _oms_is_fully_invoiced(self):
        """Everything is invoiced and the invoices are posted (a draft is not enough)."""
        self.ensure_one()
        invoices = self.invoice_ids.filtered(
            lambda m: m.move_type == "out_invoice" and m.state != "cancel"
        )
        return (
            self.invoice_status == "invoiced"
            and bool(invoices)
            and all(m.state == "posted" for m in invoices)
        )

    @api.depends(
        "picking_ids.carrier_id",
        "picking_ids.carrier_tracking_ref",
        "picking_ids.state",
    )
    def _compute_delivery_tracking(self):
        for order in self:
            deliveries = order.picking_ids.filtered(
                lambda p: p.oms_is_customer_delivery and p.state != "cancel"
            )
            order.delivery_picking_ids = deliveries
            order.oms_shipment_count = len(deliveries)
            order.oms_carrier_names = ", ".join(dict.fromkeys(deliveries.carrier_id.mapped("name")))
            tracked = deliveries.filtered("carrier_tracking_ref")
            order.oms_tracking_refs = ", ".join(tracked.mapped("carrier_tracking_ref"))
            urls = [url for url in tracked.mapped("carrier_tracking_url") if url]
            order.oms_tracking_url = urls[0] if len(urls) == 1 else False

    def action_view_oms_deliveries(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("stock.action_picking_tree_all")
        action["domain"] = [("id", "in", self.delivery_picking_ids.ids)]
        action["context"] = {"create": False}
        return action
