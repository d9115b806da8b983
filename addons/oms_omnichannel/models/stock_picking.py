# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError

# precommit data key: customer deliveries created in this transaction
_SPLIT_KEY = "oms_omnichannel.split_orders"


class StockPicking(models.Model):
    _inherit = "stock.picking"

    oms_delivered_date = fields.Datetime(
        string="Delivered On",
        copy=False,
        tracking=True,
        help="When the carrier handed the parcel to the customer.",
    )
    oms_packed = fields.Boolean(
        string="Packed",
        copy=False,
        tracking=True,
        help="Set when the parcel is packed and waits for the carrier.",
    )
    oms_is_customer_delivery = fields.Boolean(
        compute="_compute_oms_direction", store=True, index=True
    )
    oms_is_customer_return = fields.Boolean(compute="_compute_oms_direction", store=True)

    @api.depends("location_dest_id.usage", "location_id.usage")
    def _compute_oms_direction(self):
        for picking in self:
            picking.oms_is_customer_delivery = picking.location_dest_id.usage == "customer"
            picking.oms_is_customer_return = (
                picking.location_id.usage == "customer"
                and picking.location_dest_id.usage != "customer"
            )

    @api.model_create_multi
    def create(self, vals_list):
        pickings = super().create(vals_list)
        pickings._oms_watch_split()
        return pickings

    def action_oms_mark_packed(self):
        """Button of the delivery form: the parcel is packed and waits for the carrier."""
        not_open = self.filtered(
            lambda p: not p.oms_is_customer_delivery or p.state in ("done", "cancel", "draft")
        )
        if not_open:
            raise UserError(
                self.env._(
                    "Only customer deliveries that are still to be shipped can be marked "
                    "as packed: %s",
                    ", ".join(not_open.mapped("name")),
                )
            )
        self.write({"oms_packed": True})
        return True

    def action_oms_mark_delivered(self):
        """Button of the delivery form: the carrier handed the parcel to the customer."""
        not_shipped = self.filtered(lambda p: not p.oms_is_customer_delivery or p.state != "done")
        if not_shipped:
            raise UserError(
                self.env._(
                    "Only shipped customer deliveries can be marked as delivered: %s",
                    ", ".join(not_shipped.mapped("name")),
                )
            )
        self.filtered(lambda p: not p.oms_delivered_date).write(
            {"oms_delivered_date": fields.Datetime.now()}
        )
        return True

    def _action_done(self):
        """Log shipped deliveries on their orders; a validated receipt serves the
        waiting pre-orders of its products (``sale_order_types.py``)."""
        res = super()._action_done()
        self.filtered(
            lambda p: p.state == "done" and p.oms_is_customer_delivery and p.sale_id
        )._oms_post_shipment_on_orders()
        # a backorder not kept: what was invoiced for it is credited
        self.filtered("oms_is_customer_delivery").sale_id._oms_credit_cancelled_goods()
        receipts = self.filtered(lambda p: p.picking_type_code == "incoming" and p.state == "done")
        if receipts:
            self.env["sale.order"]._oms_serve_preorders(receipts.move_ids.product_id)
        return res

    def action_cancel(self):
        """A customer delivery cancelled while its order goes on: what was invoiced
        for its goods is credited (``sale.order._oms_credit_cancelled_goods``)."""
        res = super().action_cancel()
        self.filtered("oms_is_customer_delivery").sale_id._oms_credit_cancelled_goods()
        return res

    @api.private
    def _oms_post_shipment_on_orders(self):
        """Log each shipped delivery on its sale order: carrier, tracking number, link."""
        # warehouse users may have no rights on sale orders: post as superuser,
        # authored by the user who validated
        author = self.env.user.partner_id
        for picking in self:
            picking.sale_id.sudo().message_post(
                body=picking._oms_shipment_message(),
                author_id=author.id,
                subtype_xmlid="mail.mt_note",
                message_type="notification",
            )

    def _oms_shipment_message(self):
        self.ensure_one()
        carrier = self.carrier_id.name or self.env._("no carrier")
        if self.carrier_tracking_ref and self.carrier_tracking_url:
            tracking = Markup('<a href="%s" target="_blank">%s</a>') % (
                self.carrier_tracking_url,
                self.carrier_tracking_ref,
            )
        else:
            tracking = self.carrier_tracking_ref or self.env._("none")
        return Markup("%s<br/>%s") % (
            self.env._(
                "Delivery %(delivery)s shipped with %(carrier)s.",
                delivery=self.name,
                carrier=carrier,
            ),
            Markup(self.env._("Tracking number: %s")) % tracking,
        )

    def _oms_watch_split(self):
        """Remember new customer deliveries until the end of the transaction.

        Then the sale orders that have more than one customer delivery get one
        chatter message listing them (a sourcing split into several warehouses,
        or a backorder). The order is only known once the moves are attached,
        hence the deferral.
        """
        deliveries = self.filtered("oms_is_customer_delivery")
        if not deliveries:
            return
        pending = self.env.cr.precommit.data.setdefault(_SPLIT_KEY, set())
        if not pending:
            self.env.cr.precommit.add(self._oms_post_split_messages)
        pending.update(deliveries.ids)

    def _oms_post_split_messages(self):
        picking_ids = self.env.cr.precommit.data.pop(_SPLIT_KEY, set())
        orders = self.sudo().browse(sorted(picking_ids)).exists().sale_id
        state_labels = dict(self._fields["state"]._description_selection(self.env))
        for order in orders:
            deliveries = order.picking_ids.filtered(
                lambda p: p.oms_is_customer_delivery and p.state != "cancel"
            )
            if len(deliveries) < 2:
                continue
            lines = Markup("").join(
                Markup("<li>%s (%s, %s)</li>")
                % (
                    delivery.name,
                    delivery.picking_type_id.warehouse_id.name or "",
                    state_labels.get(delivery.state),
                )
                for delivery in deliveries.sorted("id")
            )
            order.message_post(
                body=Markup("%s<ul>%s</ul>")
                % (
                    self.env._("Order split into %s deliveries:", len(deliveries)),
                    lines,
                ),
                subtype_xmlid="mail.mt_note",
                message_type="notification",
            )
