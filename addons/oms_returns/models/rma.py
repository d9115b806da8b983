# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from collections import defaultdict

from markupsafe import Markup

from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import float_round, format_amount

from odoo.addons.oms_omnichannel.models.oms_blacklist import normalize_email, normalize_phone

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
    ("vendor", "Return to Vendor"),
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
    vendor_picking_id = fields.Many2one(
        "stock.picking",
        string="Return to Vendor",
        readonly=True,
        copy=False,
        help="Shipment sending the returned goods back to the product's main vendor.",
    )
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
    exchange_invoice_id = fields.Many2one(
        "account.move",
        string="Price Difference Invoice",
        readonly=True,
        copy=False,
        help="Invoice of the exchange order for the difference when the replacement costs "
        "more than the returned goods.",
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
    def _oms_get_value(self, taxes_included=True):
        """Value of the returned quantity at the ordered price (after discount)."""
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
        amount = line.price_total if taxes_included else line.price_subtotal
        return amount / line.product_uom_qty * qty

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
            to_confirm.with_context(oms_respect_return_policy=False).action_confirm()
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
        blacklisted = self._oms_get_blacklist_matches()
        if blacklisted:
            return self.env._(
                "the customer is blacklisted (%s)",
                "; ".join(sorted({entry.reason for entry in blacklisted.values()})),
            )
        limit = min(self.policy_id.mapped("auto_approve_max_amount"))
        total = sum(rma._oms_get_value() for rma in self)
        if limit and policy.currency_id.compare_amounts(total, limit) > 0:
            return self.env._(
                "the value %(total)s is above the automatic approval limit %(limit)s",
                total=policy.currency_id.round(total),
                limit=limit,
            )
        return ""

    @api.private
    def _oms_get_blacklist_matches(self):
        """OMS blacklist entries matching the customers of these RMAs.

        The same keys as the order validation rule (emails and phones of the
        customer and shipping contact, street of the shipping address), read in
        one query: {(kind, normalised value): oms.blacklist}."""
        keys = set()
        for order in self.order_id:
            keys |= order._oms_blacklist_keys()
        for partner in self.partner_id:
            keys.add(("email", normalize_email(partner.email)))
            keys.add(("phone", normalize_phone(partner.phone)))
        values_by_kind = defaultdict(set)
        for kind, value in keys:
            if value:
                values_by_kind[kind].add(value)
        return self.env["oms.blacklist"]._oms_match(values_by_kind)

    # Approval, reception and refund hooks of OCA rma

    @api.depends("disposition_done", "policy_id.refund_before_inspection")
    def _compute_can_be_refunded(self):
        """No refund before the return is inspected (its disposition applied), unless
        its return policy refunds on receipt."""
        res = super()._compute_can_be_refunded()
        for rma in self:
            if (
                rma.can_be_refunded
                and not rma.disposition_done
                and not rma.policy_id.refund_before_inspection
            ):
                rma.can_be_refunded = False
        return res

    def action_confirm(self):
        rmas = self
        if self.env.context.get("oms_respect_return_policy"):
            # OCA's "Create and open RMA" confirms what it created: the policy has
            # already approved what it approves automatically; the rest waits
            rmas = self.filtered(lambda r: not r.policy_id)
            if not rmas:
                return True
        drafts = rmas.filtered(lambda r: r.state == "draft")
        res = super(Rma, rmas).action_confirm()
        drafts.filtered(lambda r: r.state != "draft")._oms_notify_customer(
            "oms_returns.mail_template_return_approved"
        )
        return res

    def update_received_state_on_reception(self):
        res = super().update_received_state_on_reception()
        self._oms_notify_customer("oms_returns.mail_template_return_received")
        return res

    def action_refund(self):
        uninspected = self.filtered(
            lambda r: (
                r.state == "received"
                and not r.disposition_done
                and not r.policy_id.refund_before_inspection
            )
        )
        if uninspected:
            raise UserError(
                self.env._(
                    "Inspect the returned goods (apply the disposition) before refunding: "
                    "%s. The return policy does not allow a refund before inspection.",
                    ", ".join(uninspected.mapped("name")),
                )
            )
        to_refund = self.filtered("can_be_refunded")
        # one credit note per original invoice: OCA groups by customer only, so a
        # return over two orders gave one credit note rectifying one of them
        by_invoice = defaultdict(lambda: self.browse())
        for rma in to_refund:
            by_invoice[rma._oms_get_refund_origin_key()] |= rma
        if len(by_invoice) > 1:
            for rmas in by_invoice.values():
                rmas.action_refund()
            return True
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

    def _prepare_refund_line_vals(self):
        """The credit line carries the taxes the order charged on the returned line.

        OCA ``rma_sale`` copies the invoice line when the sale line was invoiced once.
        Invoiced over several invoices (one per shipment), the credit line got the
        order's price and the product's own taxes: on a channel whose prices include
        PPN, the PPN was added again on top of a price that already held it."""
        vals = super()._prepare_refund_line_vals()
        sale_line = self._get_sale_line()
        if sale_line and not self._get_refund_origin_invoice_line(sale_line):
            vals["tax_ids"] = [Command.set(sale_line.tax_ids.ids)]
        return vals

    @api.private
    def _oms_get_refund_origin_key(self):
        """What this RMA's credit note rectifies: its invoice (when the sale line was
        invoiced once, as OCA ``rma_sale`` links it), else its order."""
        self.ensure_one()
        sale_line = self._get_sale_line()
        invoice = self._get_refund_origin_invoice_line(sale_line).move_id
        if invoice:
            return ("invoice", invoice.id)
        return ("order", self.order_id.id)

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
                # in the line's own price terms (PPN included or not, as its taxes
                # say), since the fee line carries its taxes
                base = (
                    line.price_total
                    if self._oms_prices_include_tax(line.tax_ids)
                    else line.price_subtotal
                )
                fee = refund.currency_id.round(base * policy.restocking_fee_percent / 100)
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
            new_lines += rmas._oms_prepare_delivery_fee_refund_lines(refund)
            if new_lines:
                refund.write({"invoice_line_ids": new_lines})

    @api.private
    def _oms_prepare_delivery_fee_refund_lines(self, refund):
        """Credit note lines giving back the delivery fee of the original orders
        (once per order) when the policy refunds it for these RMAs' reasons."""
        fee_product = self.env.ref("oms_returns.product_delivery_fee_refund")
        lines = []
        for order in self.order_id:
            if order.oms_delivery_fee_refund_id.state in ("draft", "posted"):
                continue
            rmas = self.filtered(lambda r, o=order: r.order_id == o)
            modes = set(rmas.policy_id.mapped("refund_shipping_fee"))
            seller_fault = any(rmas.reason_id.mapped("seller_fault"))
            if not ("always" in modes or ("seller_fault" in modes and seller_fault)):
                continue
            delivery_lines = order.order_line.filtered(
                lambda sol: sol.is_delivery and not refund.currency_id.is_zero(sol.price_subtotal)
            )
            for sol in delivery_lines:
                lines.append(
                    Command.create(
                        {
                            "product_id": fee_product.id,
                            "name": self.env._(
                                "Delivery fee refund - %(order)s (%(line)s)",
                                order=order.name,
                                line=sol.name,
                            ),
                            # as the order charged it: with its taxes, its price
                            # is PPN included or not as theirs say
                            "quantity": sol.product_uom_qty,
                            "price_unit": sol.price_unit,
                            "discount": sol.discount,
                            "tax_ids": [Command.set(sol.tax_ids.ids)],
                        }
                    )
                )
            if delivery_lines:
                order.oms_delivery_fee_refund_id = refund
        return lines

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
        scrap -> a validated stock.scrap; return to vendor -> a shipment to the
        product's main vendor. Then refund or exchange per policy."""
        for rma in self:
            if rma.state != "received" or rma.disposition_done:
                raise UserError(
                    self.env._("%s: only received, not yet inspected returns.", rma.name)
                )
            if not rma.grade or not rma.disposition:
                raise UserError(
                    self.env._("%s: set the grade and the disposition first.", rma.name)
                )
            if rma.disposition == "vendor" and not rma.product_id.seller_ids:
                raise UserError(
                    self.env._(
                        "%(rma)s: %(product)s has no vendor to return it to. Add one on "
                        "the product's Purchase tab or choose another disposition.",
                        rma=rma.name,
                        product=rma.product_id.display_name,
                    )
                )
        to_vendor = self.filtered(lambda r: r.disposition == "vendor")
        for rma in self - to_vendor:
            rma._oms_do_disposition()
        to_vendor._oms_return_to_vendor()
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
    def _prepare_vendor_return_picking_vals(self, vendor, source, warehouse):
        return {
            "partner_id": vendor.id,
            "picking_type_id": warehouse.out_type_id.id,
            "location_id": source.id,
            "location_dest_id": vendor.property_stock_supplier.id,
            "company_id": warehouse.company_id.id,
            "origin": ", ".join(self.mapped("name")),
            "move_ids": [
                Command.create(
                    {
                        "product_id": (rma.reception_move_id.product_id or rma.product_id).id,
                        "product_uom_qty": rma.product_uom_qty,
                        "product_uom": rma.product_uom.id,
                        "location_id": source.id,
                        "location_dest_id": vendor.property_stock_supplier.id,
                        "company_id": warehouse.company_id.id,
                        "origin": rma.name,
                    }
                )
                for rma in self
            ],
        }

    @api.private
    def _oms_return_to_vendor(self):
        """One reserved shipment per vendor and returns location, to the main
        vendor (first vendor line) of each product."""
        groups = defaultdict(lambda: self.browse())
        for rma in self:
            source = rma._oms_get_received_location()
            warehouse = rma.warehouse_id or source.warehouse_id
            vendor = rma.product_id.seller_ids[:1].partner_id
            groups[vendor, source, warehouse] |= rma
        for (vendor, source, warehouse), rmas in groups.items():
            picking = self.env["stock.picking"].create(
                rmas._prepare_vendor_return_picking_vals(vendor, source, warehouse)
            )
            picking.action_confirm()
            picking.action_assign()
            if picking.state != "assigned":
                raise UserError(
                    self.env._(
                        "%(rmas)s: the returned goods are not in %(location)s any more.",
                        rmas=", ".join(rmas.mapped("name")),
                        location=source.display_name,
                    )
                )
            rmas.write({"vendor_picking_id": picking.id, "disposition_done": True})
            for rma in rmas:
                rma.message_post(
                    body=self.env._(
                        "Inspected (%(grade)s): to be returned to %(vendor)s with %(picking)s.",
                        grade=rma._oms_grade_label(),
                        vendor=vendor.display_name,
                        picking=picking.name,
                    )
                )

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
        """Replacement order: the new products at their own price (channel
        pricelist), minus one "Exchange Credit" line worth what the customer paid
        for the returned goods (untaxed, with the returned lines' taxes)."""
        lines = [
            Command.create(
                {
                    "product_id": rma.exchange_product_id.id,
                    "product_uom_qty": rma.product_uom_qty,
                    "name": self.env._(
                        "%(product)s (exchange for %(rma)s)",
                        product=rma.exchange_product_id.display_name,
                        rma=rma.name,
                    ),
                }
            )
            for rma in self
        ]
        returned_lines = self.sale_line_id or order.order_line.filtered(
            lambda sol: sol.product_id in self.product_id
        )
        # in the returned lines' own price terms (PPN included or not, as their
        # taxes say), since the credit line carries their taxes
        credit = sum(
            rma._oms_get_value(taxes_included=self._oms_prices_include_tax(returned_lines.tax_ids))
            for rma in self
        )
        lines.append(
            Command.create(
                {
                    "product_id": self.env.ref("oms_returns.product_exchange_credit").id,
                    "product_uom_qty": 1,
                    "price_unit": -order.currency_id.round(credit),
                    "tax_ids": [Command.set(returned_lines.tax_ids.ids)],
                    "name": self.env._(
                        "Credit for the returned goods (%s)", ", ".join(self.mapped("name"))
                    ),
                }
            )
        )
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

    @api.model
    @api.private
    def _oms_prices_include_tax(self, taxes):
        """Whether prices with ``taxes`` include them (PPN-included shop prices)."""
        return bool(taxes) and all(tax.price_include for tax in taxes)

    @api.private
    def _oms_create_exchange_orders(self):
        """One even-exchange replacement order per original order, run through the
        OMS post-capture flow (validation rules, confirmation by workflow)."""
        by_order = defaultdict(lambda: self.browse())
        for rma in self:
            by_order[rma.order_id] |= rma
        orders = self.env["sale.order"]
        differences = {}
        for order, rmas in by_order.items():
            new_order = self.env["sale.order"].create(rmas._prepare_exchange_order_vals(order))
            credit_taxes = new_order.order_line.filtered(
                lambda sol: sol.product_id == self.env.ref("oms_returns.product_exchange_credit")
            ).tax_ids
            difference = (
                new_order.amount_total
                if self._oms_prices_include_tax(credit_taxes)
                else new_order.amount_untaxed
            )
            if new_order.currency_id.compare_amounts(difference, 0) < 0:
                # cheaper replacement: the order costs nothing, the rest is refunded
                credit_line = new_order.order_line.filtered(
                    lambda sol: (
                        sol.product_id == self.env.ref("oms_returns.product_exchange_credit")
                    )
                )
                credit_line.price_unit -= difference
            differences[new_order] = (rmas, difference)
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
        for new_order, (rmas, difference) in differences.items():
            comparison = new_order.currency_id.compare_amounts(difference, 0)
            if comparison > 0:
                rmas._oms_invoice_exchange_difference(new_order)
            elif comparison < 0:
                rmas._oms_refund_exchange_difference(-difference)
        return orders

    @api.private
    def _oms_invoice_exchange_difference(self, exchange_order):
        """Invoice the exchange order (new products minus the exchange credit):
        the customer pays the difference. Posted when the policy posts refunds."""
        invoice_vals = exchange_order._prepare_invoice()
        # the customer still has to pay it: the automatic workflow (whose prepaid
        # steps would register a payment nobody made) keeps away from it
        invoice_vals["workflow_process_id"] = False
        exchange_order.payment_status = "unpaid"
        invoice_vals["invoice_line_ids"] = [
            Command.create(sol._prepare_invoice_line(quantity=sol.product_uom_qty))
            for sol in exchange_order.order_line.filtered(lambda line: not line.display_type)
        ]
        invoice = self.env["account.move"].create(invoice_vals)
        if any(self.policy_id.mapped("auto_post_refund")):
            invoice.action_post()
        self.exchange_invoice_id = invoice
        for rma in self:
            rma.message_post(
                body=self.env._(
                    "The replacement costs more: %(amount)s invoiced with %(invoice)s.",
                    amount=format_amount(self.env, invoice.amount_total, invoice.currency_id),
                    invoice=invoice.name or self.env._("a draft invoice"),
                )
            )
        return invoice

    @api.private
    def _oms_refund_exchange_difference(self, difference):
        """Credit note, against the original invoice, of the difference when the
        replacement is cheaper (with the returned lines' taxes, in their price
        terms: PPN included or not)."""
        order = self.order_id
        invoice = order.invoice_ids.filtered(
            lambda m: m.move_type == "out_invoice" and m.state == "posted"
        )[:1]
        returned_lines = self.sale_line_id or order.order_line.filtered(
            lambda sol: sol.product_id in self.product_id
        )
        refund = self.env["account.move"].create(
            {
                "move_type": "out_refund",
                "partner_id": order.partner_invoice_id.id,
                "company_id": order.company_id.id,
                "currency_id": order.currency_id.id,
                "invoice_origin": order.name,
                "reversed_entry_id": invoice.id,
                "journal_id": invoice.journal_id.id
                or self.env["account.journal"]
                .search(
                    [
                        *self.env["account.journal"]._check_company_domain(order.company_id),
                        ("type", "=", "sale"),
                    ],
                    limit=1,
                )
                .id,
                "invoice_line_ids": [
                    Command.create(
                        {
                            "product_id": self.env.ref("oms_returns.product_exchange_credit").id,
                            "name": self.env._(
                                "Exchange price difference (%s)", ", ".join(self.mapped("name"))
                            ),
                            "quantity": 1,
                            "price_unit": difference,
                            "tax_ids": [Command.set(returned_lines.tax_ids.ids)],
                        }
                    )
                ],
            }
        )
        if any(self.policy_id.mapped("auto_post_refund")):
            refund.action_post()
        self.refund_id = refund
        for rma in self:
            rma.message_post(
                body=self.env._(
                    "The replacement costs less: %(amount)s refunded with %(refund)s.",
                    amount=format_amount(self.env, refund.amount_total, refund.currency_id),
                    refund=refund.name or self.env._("a draft credit note"),
                )
            )
        return refund
