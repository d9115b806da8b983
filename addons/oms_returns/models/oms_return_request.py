# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import hashlib
import json
from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Domain
from odoo.tools import float_compare


def payload_fingerprint(payload):
    """Canonical hash of a return payload: the idempotency key's content check."""
    canonical = json.dumps(payload, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


class ReturnRequestRefused(UserError):
    """A return payload that cannot be honoured; ``errors`` maps fields to messages."""

    def __init__(self, errors):
        super().__init__("; ".join(f"{key}: {value}" for key, value in errors.items()))
        self.errors = errors


class OmsReturnRequest(models.Model):
    """One customer return request grouping the RMAs (one per returned line).

    The RMAs stay OCA ``rma`` records (reception, refund, portal); the request is
    only the header a customer or a channel sees: one reference, one reception,
    one credit note, one exchange order.
    """

    _name = "oms.return.request"
    _description = "Return Request"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "id desc"
    _check_company_auto = True

    name = fields.Char(required=True, copy=False, readonly=True, default="/", index=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    channel_id = fields.Many2one("oms.channel", index=True, check_company=True, tracking=True)
    partner_id = fields.Many2one("res.partner", string="Customer", required=True, index=True)
    return_reference = fields.Char(
        index="btree_not_null",
        copy=False,
        tracking=True,
        help="The channel's reference of the return (idempotency key of the API).",
    )
    payload_fingerprint = fields.Char(copy=False, readonly=True)
    rma_ids = fields.One2many("rma", "return_request_id", string="RMAs")
    rma_count = fields.Integer(compute="_compute_rma_info")
    order_ids = fields.Many2many(
        "sale.order", string="Orders", compute="_compute_rma_info", search="_search_order_ids"
    )
    refund_ids = fields.Many2many("account.move", string="Refunds", compute="_compute_rma_info")
    exchange_order_ids = fields.Many2many(
        "sale.order", string="Exchange Orders", compute="_compute_rma_info"
    )
    state = fields.Selection(
        [
            ("draft", "To Approve"),
            ("approved", "Approved"),
            ("received", "Received"),
            ("done", "Done"),
            ("cancelled", "Cancelled"),
        ],
        compute="_compute_state",
        store=True,
        index=True,
        tracking=True,
    )

    _channel_reference_uniq = models.Constraint(
        "UNIQUE(channel_id, return_reference)",
        "A return with this reference already exists in this channel.",
    )

    @api.depends("rma_ids.order_id", "rma_ids.refund_id", "rma_ids.exchange_order_id")
    def _compute_rma_info(self):
        for request in self:
            request.rma_count = len(request.rma_ids)
            request.order_ids = request.rma_ids.order_id
            request.refund_ids = request.rma_ids.refund_id
            request.exchange_order_ids = request.rma_ids.exchange_order_id

    def _search_order_ids(self, operator, value):
        return [("rma_ids.order_id", operator, value)]

    @api.depends("rma_ids.state")
    def _compute_state(self):
        for request in self:
            states = set(request.rma_ids.mapped("state")) - {"cancelled"}
            if not states:
                request.state = "cancelled" if request.rma_ids else "draft"
            elif "draft" in states:
                request.state = "draft"
            elif "confirmed" in states:
                request.state = "approved"
            elif states <= {"refunded", "replaced", "finished", "returned", "locked"}:
                request.state = "done"
            else:
                request.state = "received"

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = self.env["ir.sequence"].next_by_code("oms.return.request") or "/"
        return super().create(vals_list)

    def action_approve(self):
        self.rma_ids.filtered(lambda r: r.state == "draft").action_confirm()

    def _get_report_base_filename(self):
        self.ensure_one()
        return self.env._("Return Slip %s", self.name)

    @api.private
    def _oms_get_return_destinations(self):
        """[(warehouse, its address, RMAs to send there)] of one request: where the
        customer sends the parcel(s). The return policy chose each RMA's location
        (the warehouse that shipped it or a central returns warehouse); RMAs going
        to one warehouse travel in one parcel."""
        self.ensure_one()
        destinations = {}
        for rma in self.rma_ids.filtered(lambda r: r.state != "cancelled"):
            warehouse = rma.warehouse_id or rma.location_id.warehouse_id
            destinations.setdefault(warehouse, self.env["rma"])
            destinations[warehouse] |= rma
        return [
            (warehouse, warehouse.partner_id or self.company_id.partner_id, rmas)
            for warehouse, rmas in destinations.items()
        ]

    @api.private
    def _oms_slip_available(self):
        """The return slip is printable once the request is approved and until
        the parcel is received."""
        self.ensure_one()
        return self.state == "approved"

    def action_view_rmas(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("rma.rma_action")
        action["domain"] = [("id", "in", self.rma_ids.ids)]
        action["context"] = {"create": False}
        return action

    @api.model
    @api.private
    def _oms_create_from_portal(self, partner, wanted):
        """One request, with its RMAs, for lines of several orders of one customer.

        :param partner: the portal user's partner
        :param wanted: {sale line id: (quantity, reason id)}
        Only lines that ``sale.order._oms_get_returnable_lines`` offers to this
        customer are accepted; the RMAs go through the return policy (refusal,
        automatic approval) like any other. Raises UserError on bad input and
        writes nothing then."""
        offered = {
            item["line"].id: item
            for item in self.env["sale.order"]._oms_get_returnable_lines(partner)
        }
        wanted = {line_id: vals for line_id, vals in wanted.items() if vals[0] > 0}
        if not wanted:
            raise UserError(self.env._("Choose at least one item and the quantity to return."))
        reasons = (
            self.env["oms.return.reason"]
            .sudo()
            .browse({reason_id for _qty, reason_id in wanted.values() if reason_id})
            .exists()
        )
        errors = []
        rma_vals = []
        for line_id, (quantity, reason_id) in wanted.items():
            item = offered.get(line_id)
            if not item:
                errors.append(
                    self.env._("One of the items cannot be returned (any more) from this account.")
                )
                continue
            line = item["line"]
            if float_compare(quantity, item["quantity"], precision_digits=4) > 0:
                errors.append(
                    self.env._(
                        "%(product)s (%(order)s): at most %(qty)s can be returned.",
                        product=line.product_id.display_name,
                        order=line.order_id.name,
                        qty=line.product_uom_id._oms_format_quantity(item["quantity"]),
                    )
                )
                continue
            if reason_id not in reasons.ids:
                errors.append(
                    self.env._(
                        "%(product)s (%(order)s): choose a reason.",
                        product=line.product_id.display_name,
                        order=line.order_id.name,
                    )
                )
                continue
            order = line.order_id
            rma_vals.append(
                {
                    "partner_id": order.partner_id.id,
                    "partner_invoice_id": order.partner_invoice_id.id,
                    "partner_shipping_id": order.partner_shipping_id.id,
                    "company_id": order.company_id.id,
                    "origin": self.env._("%s (Portal)", order.name),
                    "order_id": order.id,
                    "picking_id": item["move"].picking_id.id,
                    "move_id": item["move"].id,
                    "product_id": line.product_id.id,
                    "product_uom_qty": quantity,
                    "product_uom": line.product_uom_id.id,
                    "reason_id": reason_id,
                }
            )
        if errors:
            raise UserError("\n".join(dict.fromkeys(errors)))
        orders = self.env["sale.order"].sudo().browse([vals["order_id"] for vals in rma_vals])
        with self.env.cr.savepoint():
            request = self.sudo().create(
                {
                    "partner_id": partner.commercial_partner_id.id,
                    "channel_id": orders.channel_id.id if len(orders.channel_id) == 1 else False,
                    "company_id": orders.company_id[:1].id,
                }
            )
            for vals in rma_vals:
                vals["return_request_id"] = request.id
            rmas = self.env["rma"].sudo().create(rma_vals)
        followers = partner.ids
        request.message_subscribe(followers)
        rmas.message_subscribe(followers)
        request.message_post(
            body=self.env._(
                "Return requested on the portal by %(user)s for %(orders)s.",
                user=partner.display_name,
                orders=", ".join(orders.mapped("name")),
            )
        )
        return request

    @api.model
    @api.private
    def oms_create_return(self, channel, payload, origin=None):
        """Create a return request (and its RMAs) from a returns-API payload, with
        the checks of ``POST /oms/api/v1/returns``: the public service other addons
        (marketplace returns) call. Raise :class:`ReturnRequestRefused` when the
        payload cannot be honoured; nothing is written then."""
        return self._oms_create_from_payload(
            channel, payload, payload_fingerprint(payload), origin=origin
        )

    @api.model
    def _oms_create_from_payload(self, channel, payload, fingerprint, origin=None):
        """Create a return request (and its RMAs) from a returns-API payload.

        The one service behind ``POST /oms/api/v1/returns`` and the marketplace
        imports. Raise :class:`ReturnRequestRefused` with per-field errors when
        the payload cannot be honoured; nothing is written then.
        """
        env = self.env
        order = env["sale.order"].search(
            Domain("channel_id", "=", channel.id)
            & Domain("external_ref", "=", payload["external_ref"].strip()),
            limit=1,
        )
        if not order:
            raise ReturnRequestRefused(
                {"external_ref": "No order with this reference in this channel."}
            )
        lines = payload["lines"]
        reasons = {
            reason.code: reason
            for reason in env["oms.return.reason"].search(
                Domain("code", "in", [line["reason"].strip() for line in lines])
            )
        }
        exchange_skus = [line["exchange_sku"] for line in lines if line.get("exchange_sku")]
        exchange_products = {
            product.default_code: product
            for product in env["product.product"].search(
                Domain("default_code", "in", exchange_skus) & Domain("sale_ok", "=", True)
            )
        }
        available = order._oms_get_returnable_by_line()
        sale_lines = order.order_line.filtered(lambda sol: sol.product_id.default_code)
        errors = {}
        asked = defaultdict(float)
        rma_vals = []
        for index, line in enumerate(lines):
            prefix = f"lines[{index}]"
            sku = line["sku"].strip()
            sale_line = sale_lines.filtered(lambda sol, s=sku: sol.product_id.default_code == s)[:1]
            if not sale_line:
                errors[f"{prefix}.sku"] = "This product is not in the order."
                continue
            reason = reasons.get(line["reason"].strip())
            if not reason:
                errors[f"{prefix}.reason"] = "Unknown return reason."
            exchange = False
            if line.get("exchange_sku"):
                exchange = exchange_products.get(line["exchange_sku"])
                if not exchange:
                    errors[f"{prefix}.exchange_sku"] = "Unknown product."
            asked[sale_line] += line["quantity"]
            returnable, move = available.get(sale_line, (0.0, None))
            if float_compare(asked[sale_line], returnable, precision_digits=4) > 0:
                errors[f"{prefix}.quantity"] = (
                    f"At most {returnable:g} can be returned (delivered minus already returned)."
                )
                continue
            if errors:
                continue
            rma_vals.append(
                {
                    "partner_id": order.partner_id.id,
                    "partner_invoice_id": order.partner_invoice_id.id,
                    "partner_shipping_id": order.partner_shipping_id.id,
                    "company_id": order.company_id.id,
                    "origin": order.name,
                    "order_id": order.id,
                    "picking_id": move.picking_id.id,
                    "move_id": move.id,
                    "product_id": sale_line.product_id.id,
                    "product_uom_qty": line["quantity"],
                    "product_uom": sale_line.product_uom_id.id,
                    "reason_id": reason.id,
                    "exchange_product_id": exchange and exchange.id,
                    "return_label": payload.get("return_label") or False,
                }
            )
        if errors:
            raise ReturnRequestRefused(errors)
        return_request = env["oms.return.request"].create(
            {
                "partner_id": order.partner_id.id,
                "channel_id": channel.id,
                "company_id": order.company_id.id,
                "return_reference": payload["return_reference"].strip(),
                "payload_fingerprint": fingerprint,
            }
        )
        for vals in rma_vals:
            vals["return_request_id"] = return_request.id
        env["rma"].create(rma_vals)
        return_request.message_post(
            body=env._(
                "Return requested through %(origin)s by %(user)s.",
                origin=origin or env._("the API"),
                user=env.user.name,
            )
        )
        return return_request
