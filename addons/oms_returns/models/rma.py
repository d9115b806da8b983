# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from collections import defaultdict

from markupsafe import Markup

from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import float_round

GRADES = [
    ("as_new", "As New"),
    ("opened", "Opened"),
    ("damaged", "Damaged"),
    ("defective", "Defective"),
]
DISPOSITIONS = [
    ("restock", "Restock"),
    ("quarantine", "Quarantine"),
    ("scrap", "Scrap"),
]
# a customer is asked to pay back refunds by cash or transfer for these methods
REFUND_TO_PAY_METHODS = ("cod", "bank_transfer")


class Rma(models.Model):
    _inherit = "rma"

    return_request_id = fields.Many2one(
        "oms.return.request", string="Return Request", index="btree_not_null", copy=False
    )
    oms_channel_id = fields.Many2one(
        "oms.channel", string="Channel", related="order_id.channel_id", store=True, index=True
    )
    reason_id = fields.Many2one("oms.return.reason", string="Return Reason", tracking=True)
    policy_id = fields.Many2one(
        "oms.return.policy", string="Return Policy", readonly=True, copy=False, tracking=True
    )
    oms_delivery_date = fields.Datetime(
        string="Delivered On", readonly=True, copy=False, help="Start of the return window."
    )
    return_label = fields.Char(
        string="Return Label / Reference",
        copy=False,
        tracking=True,
        help="Courier tracking number or drop-off code of the parcel sent back.",
    )
    grade = fields.Selection(GRADES, tracking=True, copy=False)
    disposition = fields.Selection(DISPOSITIONS, tracking=True, copy=False)
    disposition_done = fields.Boolean(readonly=True, copy=False, tracking=True)
    disposition_move_id = fields.Many2one("stock.move", readonly=True, copy=False)
    scrap_id = fields.Many2one("stock.scrap", readonly=True, copy=False)
    oms_currency_id = fields.Many2one(related="company_id.currency_id", string="Currency")
    restocking_fee = fields.Monetary(
        currency_field="oms_currency_id", readonly=True, copy=False, help="Excluding taxes."
    )
    refund_amount = fields.Monetary(
        string="Refund Total",
        related="refund_id.amount_total",
        currency_field="oms_currency_id",
    )
    refund_state = fields.Selection(related="refund_id.state", string="Refund Status")
    refund_payment_state = fields.Selection(
        related="refund_id.payment_state", string="Refund Payment"
    )
    oms_payment_method = fields.Selection(
        related="order_id.payment_method", string="Payment Method", store=True
    )
    refund_to_pay = fields.Boolean(
        compute="_compute_refund_to_pay",
        store=True,
        index=True,
        help="Posted credit note of a COD or bank-transfer order that still has to be "
        "paid back to the customer.",
    )
    exchange_product_id = fields.Many2one(
        "product.product",
        string="Exchange For",
        help="Send this product instead of refunding (exchange).",
    )
    exchange_order_id = fields.Many2one(
        "sale.order", string="Exchange Order", readonly=True, copy=False, index="btree_not_null"
    )

    @api.depends("refund_id.state", "refund_id.payment_state", "oms_payment_method")
    def _compute_refund_to_pay(self):
        for rma in self:
            rma.refund_to_pay = bool(
                rma.refund_id.state == "posted"
                and rma.refund_id.payment_state not in ("paid", "in_payment", "reversed")
                and rma.oms_payment_method in REFUND_TO_PAY_METHODS
            )

    # CRUD

    @api.model_create_multi
    def create(self, vals_list):
        rmas = super().create(vals_list)
        if not self.env.context.get("oms_skip_return_policy"):
            rmas._oms_apply_return_policy()
            rmas._oms_auto_approve()
        return rmas

    # Policy

    @api.private
    def _oms_get_delivery_date(self):
        """When the returned goods reached the customer (start of the window)."""
        self.ensure_one()
        pickings = self.move_id.picking_id or self.order_id.picking_ids.filtered(
            lambda p: p.oms_is_customer_delivery and p.state == "done"
        )
        dates = [p.oms_delivered_date or p.date_done for p in pickings if p.state == "done"]
        return max(dates) if dates else False

    @api.private
    def _oms_get_return_location(self, policy):
        self.ensure_one()
        if policy.warehouse_mode == "central":
            return policy.return_warehouse_id.rma_loc_id
        warehouse = (
            self.move_id.warehouse_id
            or self.move_id.picking_id.picking_type_id.warehouse_id
            or self.order_id.warehouse_id
        )
        return warehouse.rma_loc_id

    @api.private
    def _oms_apply_return_policy(self):
        """Refuse what the channel's policy refuses; set the policy, return location
        and operation on the others. Raises one error listing every refused line."""
        rmas = self.filtered(lambda r: r.state == "draft" and r.order_id.channel_id)
        if not rmas:
            return
        policies = self.env["oms.return.policy"]._get_policies(
            rmas.order_id.channel_id, rmas.product_id
        )
        exchange_operation = self.env.ref("oms_returns.rma_operation_exchange")
        now = fields.Datetime.now()
        errors = []
        for rma in rmas:
            policy = policies[rma.order_id.channel_id.id, rma.product_id.id]
            if not policy:
                continue
            delivery_date = rma._oms_get_delivery_date()
            if not delivery_date:
                errors.append(
                    self.env._(
                        "%(product)s (%(order)s) has not been delivered yet.",
                        product=rma.product_id.display_name,
                        order=rma.order_id.name,
                    )
                )
                continue
            if not policy._is_within_window(delivery_date, now):
                errors.append(
                    self.env._(
                        "%(product)s (%(order)s): the return window of %(days)s days "
                        "after delivery on %(date)s has passed.",
                        product=rma.product_id.display_name,
                        order=rma.order_id.name,
                        days=policy.window_days,
                        date=fields.Date.to_string(delivery_date),
                    )
                )
                continue
            if rma.reason_id and policy.reason_ids and rma.reason_id not in policy.reason_ids:
                errors.append(
                    self.env._(
                        "%(product)s (%(order)s): the reason '%(reason)s' is not accepted "
                        "by the return policy %(policy)s.",
                        product=rma.product_id.display_name,
                        order=rma.order_id.name,
                        reason=rma.reason_id.name,
                        policy=policy.name,
                    )
                )
                continue
            vals = {"policy_id": policy.id, "oms_delivery_date": delivery_date}
            location = rma._oms_get_return_location(policy)
            if location:
                vals["location_id"] = location.id
            if rma.exchange_product_id:
                vals["operation_id"] = exchange_operation.id
            elif not rma.operation_id and policy.operation_id:
                vals["operation_id"] = policy.operation_id.id
            rma.write(vals)
        if errors:
            raise ValidationError(self.env._("This return is refused:\n%s", "\n".join(errors)))

    @api.private
    def _oms_get_value(self):
        """Value of the returned quantity, taxes included, at the ordered price."""
        self.ensure_one()
        line = (
            self.sale_line_id
            or self.order_id.order_line.filtered(
                lambda sol, p=self.product_id: sol.product_id == p
            )[:1]
        )
        if not line or not line.product_uom_qty:
            return 0.0
        qty = self.product_uom._compute_quantity(self.product_uom_qty, line.product_uom_id)
        return line.price_total / line.product_uom_qty * qty

    @api.private
    def _oms_auto_approve(self):
        """Confirm, together, the RMAs whose policy approves them automatically.

        RMAs of one request are approved or not as a whole: the value limit applies
        to the request's total."""
        candidates = self.filtered(lambda r: r.state == "draft" and r.policy_id)
        groups = defaultdict(lambda: self.browse())
        for rma in candidates:
            groups[rma.return_request_id.id or ("rma", rma.id)] |= rma
        to_confirm = self.browse()
        for rmas in groups.values():
            refusal = rmas._oms_auto_approval_refusal()
            if refusal:
                for rma in rmas:
                    rma.message_post(body=self.env._("Waiting for manual approval: %s", refusal))
                continue
            to_confirm |= rmas
        if to_confirm:
            to_confirm.action_confirm()
            for rma in to_confirm:
                rma.message_post(
                    body=self.env._(
                        "Approved automatically by the return policy %s.", rma.policy_id.name
                    )
                )
        return to_confirm

    @api.private
    def _oms_auto_approval_refusal(self):
        """Why these RMAs (one request) are not approved automatically, or ''."""
        if any(rma.policy_id.approval != "auto" for rma in self):
            return self.env._("the return policy asks for a manual approval")
        policy = self[:1].policy_id
        if any(policy._is_partner_blacklisted(partner) for partner in self.partner_id):
            return self.env._("the customer is blacklisted")
        limit = min(self.policy_id.mapped("auto_approve_max_amount"))
        total = sum(rma._oms_get_value() for rma in self)
        if limit and policy.currency_id.compare_amounts(total, limit) > 0:
            return self.env._(
                "the value %(total)s is above the automatic approval limit %(limit)s",
                total=policy.currency_id.round(total),
                limit=limit,
            )
        return ""

    # Approval, reception and refund hooks of OCA rma

    def action_confirm(self):
        drafts = self.filtered(lambda r: r.state == "draft")
        res = super().action_confirm()
        drafts.filtered(lambda r: r.state != "draft")._oms_notify_customer(
            "oms_returns.mail_template_return_approved"
        )
        return res

    def update_received_state_on_reception(self):
        res = super().update_received_state_on_reception()
        self._oms_notify_customer("oms_returns.mail_template_return_received")
        return res

    def action_refund(self):
        to_refund = self.filtered("can_be_refunded")
        res = super().action_refund()
        refunds = to_refund.refund_id
        if refunds:
            to_refund._oms_add_refund_charges()
            to_post = refunds.filtered(
                lambda m: (
                    m.state == "draft"
                    and any(
                        to_refund.filtered(lambda r, m=m: r.refund_id == m).policy_id.mapped(
                            "auto_post_refund"
                        )
                    )
                )
            )
            if to_post:
                to_post.action_post()
                to_refund.filtered(lambda r: r.refund_id in to_post)._oms_notify_customer(
                    "oms_returns.mail_template_return_refunded"
                )
        return res

    @api.private
    def _oms_add_refund_charges(self):
        """Add the restocking fee and return shipping charges to the credit notes.

        Both are negative lines of the credit note (so the customer sees what was
        deducted); seller-fault reasons are exempt."""
        fee_product = self.env.ref("oms_returns.product_restocking_fee")
        shipping_product = self.env.ref("oms_returns.product_return_shipping")
        for refund in self.refund_id:
            rmas = self.filtered(lambda r, m=refund: r.refund_id == m)
            new_lines = []
            for rma in rmas:
                policy = rma.policy_id
                if not policy.restocking_fee_percent or rma.reason_id.seller_fault:
                    continue
                line = rma.refund_line_id
                fee = refund.currency_id.round(
                    line.price_subtotal * policy.restocking_fee_percent / 100
                )
                if refund.currency_id.is_zero(fee):
                    continue
                rma.restocking_fee = fee
                new_lines.append(
                    Command.create(
                        {
                            "product_id": fee_product.id,
                            "name": self.env._(
                                "Restocking fee %(percent)s%% - %(rma)s",
                                percent=float_round(policy.restocking_fee_percent, 2),
                                rma=rma.name,
                            ),
                            "quantity": 1,
                            "price_unit": -fee,
                            "tax_ids": [Command.set(line.tax_ids.ids)],
                        }
                    )
                )
            shipping_policy = rmas.policy_id.filtered(
                lambda p: p.return_shipping_payer == "customer" and p.return_shipping_cost
            )[:1]
            if shipping_policy and not any(rmas.reason_id.mapped("seller_fault")):
                new_lines.append(
                    Command.create(
                        {
                            "product_id": shipping_product.id,
                            "name": self.env._("Return shipping paid by the customer"),
                            "quantity": 1,
                            "price_unit": -shipping_policy.return_shipping_cost,
                            "tax_ids": [Command.clear()],
                        }
                    )
                )
            if new_lines:
                refund.write({"invoice_line_ids": new_lines})

    @api.private
    def _oms_notify_customer(self, template_xmlid):
        """Email the customer (channel setting) and keep it in the timeline."""
        for rma in self:
            channel = rma.oms_channel_id
            if not rma.partner_id.email or (channel and not channel.notify_customer):
                continue
            rma.message_post_with_source(template_xmlid, subtype_xmlid="mail.mt_comment")

    # Inspection and disposition

    def action_oms_apply_disposition(self):
        """Move each inspected line to where its disposition sends it.

        restock -> the warehouse's sellable stock (available to promise at once);
        quarantine -> the warehouse's quarantine location (not sellable);
        scrap -> a validated stock.scrap. Then refund or exchange per policy."""
        for rma in self:
            if rma.state != "received" or rma.disposition_done:
                raise UserError(
                    self.env._("%s: only received, not yet inspected returns.", rma.name)
                )
            if not rma.grade or not rma.disposition:
                raise UserError(
                    self.env._("%s: set the grade and the disposition first.", rma.name)
                )
        for rma in self:
            rma._oms_do_disposition()
        self._oms_after_inspection()
        return True

    @api.private
    def _oms_get_received_location(self):
        self.ensure_one()
        move_lines = self.reception_move_id.move_line_ids
        return move_lines.location_dest_id[:1] or self.location_id

    @api.private
    def _oms_do_disposition(self):
        self.ensure_one()
        source = self._oms_get_received_location()
        warehouse = self.warehouse_id or source.warehouse_id
        product = self.reception_move_id.product_id or self.product_id
        if self.disposition == "scrap":
            scrap = self.env["stock.scrap"].create(
                {
                    "product_id": product.id,
                    "product_uom_id": self.product_uom.id,
                    "scrap_qty": self.product_uom_qty,
                    "location_id": source.id,
                    "company_id": self.company_id.id,
                    "origin": self.name,
                }
            )
            scrap.do_scrap()
            self.write({"scrap_id": scrap.id, "disposition_done": True})
            body = self.env._("Inspected (%(grade)s): scrapped.", grade=self._oms_grade_label())
        else:
            if self.disposition == "restock":
                destination = warehouse.lot_stock_id
            else:
                destination = warehouse._oms_get_quarantine_location()
            move = self.env["stock.move"].create(
                {
                    "product_id": product.id,
                    "product_uom_qty": self.product_uom_qty,
                    "product_uom": self.product_uom.id,
                    "location_id": source.id,
                    "location_dest_id": destination.id,
                    "location_final_id": destination.id,
                    "company_id": self.company_id.id,
                    "origin": self.name,
                    "picking_type_id": warehouse.int_type_id.id,
                }
            )
            move._action_confirm()
            move._action_assign()
            if move.state != "assigned":
                raise UserError(
                    self.env._(
                        "%(rma)s: %(product)s is not in %(location)s any more.",
                        rma=self.name,
                        product=product.display_name,
                        location=source.display_name,
                    )
                )
            move.picked = True
            move._action_done()
            self.write({"disposition_move_id": move.id, "disposition_done": True})
            body = Markup(
                self.env._(
                    "Inspected (%(grade)s): moved to %(location)s.",
                    grade=self._oms_grade_label(),
                    location=destination.display_name,
                )
            )
        self.message_post(body=body)

    @api.private
    def _oms_grade_label(self):
        return dict(self._fields["grade"]._description_selection(self.env))[self.grade]

    @api.private
    def _oms_after_inspection(self):
        """Exchange or refund the inspected lines, per policy."""
        exchanges = self.filtered(lambda r: r.exchange_product_id and not r.exchange_order_id)
        if exchanges:
            exchanges._oms_create_exchange_orders()
        to_refund = (self - exchanges).filtered(
            lambda r: r.policy_id.refund_after_inspection and r.can_be_refunded
        )
        # one credit note per request: wait until every line of it is inspected
        ready = to_refund.filtered(
            lambda r: all(
                x.disposition_done or x.state == "cancelled"
                for x in (r.return_request_id.rma_ids or r)
                if not x.exchange_product_id
            )
        )
        siblings = ready.return_request_id.rma_ids.filtered(
            lambda r: r.can_be_refunded and r.disposition_done and not r.exchange_product_id
        )
        (ready | siblings).action_refund()

    # Exchange

    def action_view_exchange_order(self):
        self.ensure_one()
        return self.exchange_order_id._get_records_action(name=self.env._("Exchange Order"))

    @api.private
    def _prepare_exchange_order_vals(self, order):
        lines = [
            Command.create(
                {
                    "product_id": rma.exchange_product_id.id,
                    "product_uom_qty": rma.product_uom_qty,
                    "price_unit": 0.0,
                    "name": self.env._(
                        "%(product)s (exchange for %(rma)s)",
                        product=rma.exchange_product_id.display_name,
                        rma=rma.name,
                    ),
                }
            )
            for rma in self
        ]
        vals = {
            "partner_id": order.partner_id.id,
            "partner_invoice_id": order.partner_invoice_id.id,
            "partner_shipping_id": order.partner_shipping_id.id,
            "company_id": order.company_id.id,
            "channel_id": order.channel_id.id,
            "warehouse_id": order.warehouse_id.id,
            "pricelist_id": order.pricelist_id.id,
            "service_level_id": order.service_level_id.id,
            "payment_method": "prepaid",
            "payment_status": "paid",
            "origin": ", ".join(self.mapped("name")),
            "client_order_ref": order.client_order_ref or order.external_ref,
            "order_line": lines,
        }
        if order.channel_id.workflow_process_id:
            vals["workflow_process_id"] = order.channel_id.workflow_process_id.id
        if "carrier_id" in order._fields and order.carrier_id:
            vals["carrier_id"] = order.carrier_id.id
        return vals

    @api.private
    def _oms_create_exchange_orders(self):
        """One even-exchange replacement order per original order, run through the
        OMS post-capture flow (validation rules, confirmation by workflow)."""
        by_order = defaultdict(lambda: self.browse())
        for rma in self:
            by_order[rma.order_id] |= rma
        orders = self.env["sale.order"]
        for order, rmas in by_order.items():
            new_order = self.env["sale.order"].create(rmas._prepare_exchange_order_vals(order))
            rmas.write({"exchange_order_id": new_order.id, "state": "replaced"})
            orders |= new_order
            for rma in rmas:
                rma.message_post(
                    body=Markup(
                        self.env._(
                            'Exchange order <a href="#" data-oe-model="sale.order" '
                            'data-oe-id="%(id)d">%(name)s</a> created.',
                            id=new_order.id,
                            name=new_order.name,
                        )
                    )
                )
        orders._oms_process_captured()
        return orders
