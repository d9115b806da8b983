# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The order types of the OMS: B2B, repeat orders, click-and-collect, pre-orders.

Another ``sale.order`` extension next to ``sale_order.py``: it keeps every
order type in one place. It overrides no method of the other files; the steps of
the pipeline (``sale_order_pipeline.py``) call the methods below.

Every order type goes through the same flow as a channel order: validation
rules (``_oms_process_captured``), sourcing, reservation priority and status.
Each one only adds the decision that is its own:

* B2B: the "approval" validation rule (amount, customer credit limit), the
  minimum order quantity and pack size of products (refused at capture and at
  confirmation), the customer's partial delivery preference (Odoo's shipping
  policy).
* Repeat orders: :meth:`action_oms_reorder` and ``oms.recurring.order`` copy an
  order and run the copy through the OMS flow.
* Click-and-collect: the order is locked to the chosen store; what the store
  lacks comes by transfer from a warehouse; ready / collected / no-show.
* Pre-orders: lines beyond the stock, covered by incoming receipts within the
  product's pre-order limit, are accepted with the receipt's date as promise
  and served by priority when the receipt is validated.
"""

from collections import defaultdict
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare, float_is_zero

from ..tools.atp import channel_atp

PICKUP_STATES = [
    ("waiting", "Being Prepared"),
    ("ready", "Ready for Pickup"),
    ("collected", "Collected"),
    ("no_show", "Not Collected"),
]
PREORDER_STATES = [
    ("waiting", "Waiting for Receipt"),
    ("served", "Served"),
]


class SaleOrder(models.Model):
    _inherit = "sale.order"

    oms_status = fields.Selection(
        selection_add=[("ready_for_pickup", "Ready for Pickup"), ("partially_shipped",)],
        ondelete={"ready_for_pickup": "set null"},
    )
    # repeat orders
    oms_reorder_of_id = fields.Many2one(
        "sale.order",
        string="Reorder of",
        copy=False,
        readonly=True,
        index="btree_not_null",
        help="The past order this one repeats.",
    )
    oms_recurring_id = fields.Many2one(
        "oms.recurring.order",
        string="Recurring Order",
        copy=False,
        readonly=True,
        index="btree_not_null",
    )
    oms_recurring_date = fields.Date(
        string="Recurrence Date",
        copy=False,
        readonly=True,
        help="The date of the recurring schedule this order was generated for.",
    )
    # click-and-collect
    oms_pickup_store_id = fields.Many2one(
        "stock.warehouse",
        string="Pickup Store",
        domain="[('oms_is_store', '=', True), ('company_id', '=', company_id)]",
        check_company=True,
        tracking=True,
        help="Click-and-collect: the store where the customer collects the order.",
    )
    oms_pickup_state = fields.Selection(
        PICKUP_STATES, string="Pickup", copy=False, readonly=True, tracking=True
    )
    oms_pickup_date = fields.Date(
        string="Promised Pickup Date",
        copy=False,
        readonly=True,
        help="From when the customer can collect: today when the store has the goods, "
        "else after the transfer from a warehouse.",
    )
    oms_pickup_ready_date = fields.Datetime(string="Ready Since", copy=False, readonly=True)
    oms_pickup_deadline = fields.Datetime(
        string="Collect Before",
        copy=False,
        readonly=True,
        help="Uncollected after this moment, the order is cancelled and restocked.",
    )
    oms_pickup_transfer_ids = fields.One2many(
        "stock.picking",
        "oms_pickup_order_id",
        string="Transfers to Store",
        readonly=True,
    )
    # pre-orders
    oms_preorder_state = fields.Selection(
        PREORDER_STATES, string="Pre-order", copy=False, readonly=True, tracking=True, index=True
    )
    oms_preorder_date = fields.Date(
        string="Expected Receipt",
        copy=False,
        readonly=True,
        help="Scheduled date of the incoming receipt that serves the pre-ordered units.",
    )

    _oms_recurring_date_uniq = models.Constraint(
        "UNIQUE(oms_recurring_id, oms_recurring_date)",
        "An order was already generated for this recurring order on this date.",
    )

    # ------------------------------------------------------------------
    # Onchange
    # ------------------------------------------------------------------

    @api.onchange("partner_id")
    def _onchange_partner_id_oms_partial_delivery(self):
        policy = self._oms_customer_picking_policy()
        if policy:
            self.picking_policy = policy

    # ------------------------------------------------------------------
    # B2B
    # ------------------------------------------------------------------

    @api.private
    def _oms_customer_picking_policy(self):
        self.ensure_one()
        preference = self.partner_id.commercial_partner_id.oms_partial_delivery
        return {"allowed": "direct", "complete": "one"}.get(preference)

    @api.private
    def _oms_apply_customer_picking_policy(self):
        for order in self.filtered(lambda o: o.state in ("draft", "sent") and o.partner_id):
            policy = order._oms_customer_picking_policy()
            if policy and order.picking_policy != policy:
                order.picking_policy = policy

    @api.model
    def _oms_order_qty_problems(self, lines):
        """Problems of ``[(key, product, qty in the product's unit)]`` with the products'
        minimum order quantity and pack size: ``[(key, message)]``."""
        problems = []
        for key, product, qty in lines:
            rounding = product.uom_id.rounding
            minimum, pack = product.oms_min_order_qty, product.oms_pack_size
            if minimum and float_compare(qty, minimum, precision_rounding=rounding) < 0:
                problems.append(
                    (
                        key,
                        self.env._(
                            "%(product)s: at least %(minimum)s %(uom)s per order (asked %(qty)s).",
                            product=product.display_name,
                            minimum=minimum,
                            uom=product.uom_id.name,
                            qty=qty,
                        ),
                    )
                )
            elif pack and not float_is_zero(
                qty - pack * round(qty / pack), precision_rounding=rounding
            ):
                problems.append(
                    (
                        key,
                        self.env._(
                            "%(product)s is sold in packs of %(pack)s %(uom)s: %(qty)s is not "
                            "a multiple.",
                            product=product.display_name,
                            pack=pack,
                            uom=product.uom_id.name,
                            qty=qty,
                        ),
                    )
                )
        return problems

    @api.private
    def _oms_check_order_quantities(self):
        """Refuse B2B orders whose lines break a minimum order quantity or pack size."""
        lines = self.filtered(
            lambda o: o.channel_id.channel_type == "b2b" and o.state in ("draft", "sent")
        ).order_line.filtered(lambda line: line.product_id and not line.display_type)
        problems = self._oms_order_qty_problems(
            [
                (
                    line,
                    line.product_id,
                    line.product_uom_id._compute_quantity(
                        line.product_uom_qty, line.product_id.uom_id, round=False
                    ),
                )
                for line in lines
            ]
        )
        if problems:
            raise UserError(
                self.env._(
                    "Order quantities not allowed:\n%s",
                    "\n".join(f"{line.order_id.name}: {message}" for line, message in problems),
                )
            )

    def _oms_rule_b2b_approval(self):
        """Orders above the channel's approval amount, or whose customer would exceed
        the credit limit (receivables + confirmed but uninvoiced orders + this one)."""
        orders = self._oms_rule_scope()
        failing = set(orders._oms_above_channel_limit("oms_approval_amount").ids)
        # receivables and uninvoiced orders are computed, not stored: read them afresh
        customers = orders.partner_id.commercial_partner_id
        customers.invalidate_recordset(["credit", "credit_to_invoice"])
        for order in orders.filtered(lambda o: o.company_id.account_use_credit_limit):
            customer = order.partner_id.commercial_partner_id.with_company(order.company_id).sudo()
            limit = customer.credit_limit
            if not limit:
                continue
            currency = order.company_id.currency_id
            amount = order.amount_total / order.currency_rate if order.currency_rate else 0.0
            exposure = customer.credit + customer.credit_to_invoice + amount
            if currency.compare_amounts(exposure, limit) > 0:
                failing.add(order.id)
        return self.browse(sorted(failing))

    # ------------------------------------------------------------------
    # Repeat orders
    # ------------------------------------------------------------------

    def action_oms_reorder(self):
        """One click: the same lines again, as a new order through the OMS flow."""
        self.ensure_one()
        order = self._oms_repeat()
        order._oms_place_repeat_orders()
        return {
            "type": "ir.actions.act_window",
            "res_model": "sale.order",
            "res_id": order.id,
            "view_mode": "form",
        }

    @api.private
    def _oms_repeat(self, extra_vals=None):
        """A copy of this order to be placed again: same customer, addresses, channel,
        pricelist, payment terms and lines, at today's prices of the pricelist.

        A repeat order is not paid yet: it follows the channel's workflow for unpaid
        orders, like a captured order with an unpaid payment.
        """
        self.ensure_one()
        if self.state == "cancel" and not self.env.context.get("oms_allow_cancelled"):
            raise UserError(self.env._("Order %s is cancelled: it cannot be repeated.", self.name))
        workflow = self.channel_id.cod_workflow_process_id or self.workflow_process_id
        vals = {
            "channel_id": self.channel_id.id,
            "oms_reorder_of_id": self.id,
            "origin": self.name,
            "payment_status": "unpaid" if self.payment_status else False,
            "payment_amount": 0.0,
            "workflow_process_id": workflow.id,
            "oms_warehouse_locked": self.oms_warehouse_locked,
        }
        vals.update(extra_vals or {})
        order = self.copy(vals)
        order._recompute_prices()
        order.message_post(
            body=self.env._("Repeat of order %s.", self.name),
            subtype_xmlid="mail.mt_note",
        )
        return order

    @api.private
    def _oms_place_repeat_orders(self):
        """Validate repeat orders like captured ones; confirm those no rule holds."""
        held = self._oms_process_captured()
        to_confirm = (self - held).filtered(lambda o: o.state in ("draft", "sent"))
        if to_confirm:
            to_confirm.with_context(oms_exceptions_checked=True).action_confirm()
        return held

    # ------------------------------------------------------------------
    # Click-and-collect
    # ------------------------------------------------------------------

    @api.private
    def _oms_prepare_pickup(self):
        """Pickup orders ship from their store: the store is their (fixed) warehouse."""
        for order in self.filtered(
            lambda o: o.oms_pickup_store_id and o.state in ("draft", "sent")
        ):
            order.write(
                {"warehouse_id": order.oms_pickup_store_id.id, "oms_warehouse_locked": True}
            )
            order.order_line.filtered(
                lambda line: not line.display_type
            ).warehouse_id = order.oms_pickup_store_id

    @api.private
    def _oms_store_deliveries(self):
        self.ensure_one()
        return self.picking_ids.filtered(
            lambda p: (
                p.oms_is_customer_delivery
                and p.state not in ("done", "cancel")
                and p.picking_type_id.warehouse_id == self.oms_pickup_store_id
            )
        )

    @api.private
    def _oms_plan_pickup(self):
        """After confirmation: what the store could not reserve comes by transfer from
        the warehouse of the channel with the most stock of it; the pickup date is
        promised accordingly."""
        today = fields.Date.context_today(self)
        short = []  # (order, product, missing qty)
        for order in self:
            for move in order._oms_store_deliveries().move_ids:
                # in the product's unit (the move's reserved quantity is in its own)
                missing = move.product_qty - move.product_uom._compute_quantity(
                    move.quantity, move.product_id.uom_id, round=False
                )
                if float_compare(missing, 0, precision_rounding=move.product_uom.rounding) > 0:
                    short.append((order, move.product_id, missing))
        sources = {}
        if short:
            atp_model = self.env["oms.atp"]
            channel_warehouses = {c: atp_model._channel_warehouses(c) for c in self.channel_id}
            warehouses = self.env["stock.warehouse"].union(*channel_warehouses.values())
            products = self.env["product.product"].union(*(p for _o, p, _q in short))
            figures = atp_model._get_stock_figures(products.ids, warehouses.ids)
            available = {key: fig.atp() for key, fig in figures.items()}
            for order, product, missing in short:
                candidates = [
                    wh
                    for wh in channel_warehouses.get(order.channel_id, warehouses.browse())
                    if wh != order.oms_pickup_store_id
                ]
                if not candidates:
                    continue
                best = max(
                    candidates, key=lambda wh, p=product: (available.get((wh.id, p.id), 0), -wh.id)
                )
                available[best.id, product.id] = available.get((best.id, product.id), 0) - missing
                sources.setdefault((order, best), []).append((product, missing))
        transfers = self.env["stock.picking"]
        for (order, warehouse), items in sources.items():
            transfers |= order._oms_create_store_transfer(warehouse, items)
        if transfers:
            transfers.action_confirm()
            transfers.action_assign()
        for order in self:
            days = (
                order.oms_pickup_store_id.oms_pickup_transfer_days
                if order.oms_pickup_transfer_ids
                else 0
            )
            order.write(
                {"oms_pickup_state": "waiting", "oms_pickup_date": today + timedelta(days=days)}
            )

    @api.private
    def _oms_create_store_transfer(self, warehouse, items):
        self.ensure_one()
        store = self.oms_pickup_store_id
        scheduled = fields.Datetime.now() + timedelta(days=store.oms_pickup_transfer_days)
        picking = self.env["stock.picking"].create(
            {
                "picking_type_id": warehouse.int_type_id.id,
                "location_id": warehouse.lot_stock_id.id,
                "location_dest_id": store.lot_stock_id.id,
                "scheduled_date": scheduled,
                "origin": self.name,
                "oms_pickup_order_id": self.id,
                "move_ids": [
                    fields.Command.create(
                        {
                            "product_id": product.id,
                            "product_uom_qty": qty,
                            "product_uom": product.uom_id.id,
                            "location_id": warehouse.lot_stock_id.id,
                            "location_dest_id": store.lot_stock_id.id,
                        }
                    )
                    for product, qty in items
                ],
            }
        )
        self.message_post(
            body=self.env._(
                "Pickup in %(store)s: %(items)s transferred from %(warehouse)s (%(picking)s).",
                store=store.name,
                items=", ".join(f"{p.display_name} x {q:g}" for p, q in items),
                warehouse=warehouse.name,
                picking=picking.name,
            )
        )
        return picking

    def action_oms_ready_for_pickup(self):
        """The store has the whole order: tell the customer to come and collect it."""
        orders = self.filtered(lambda o: o.oms_pickup_state != "ready")
        for order in orders:
            deliveries = order._oms_store_deliveries() if order.state == "sale" else None
            if order.oms_pickup_state != "waiting" or not deliveries:
                raise UserError(
                    self.env._("Order %s is not a pickup order being prepared.", order.name)
                )
            # a picking shipping "as soon as possible" is "ready" when partly reserved
            if any(m.state != "assigned" for m in deliveries.move_ids if m.state != "cancel"):
                raise UserError(
                    self.env._(
                        "Order %s is not complete in the store yet: it cannot be collected.",
                        order.name,
                    )
                )
        now = fields.Datetime.now()
        template = self.env.ref(
            "oms_omnichannel.mail_template_oms_ready_for_pickup", raise_if_not_found=False
        )
        for order in orders:
            days = (
                order.channel_id.oms_pickup_hold_days
                or order.oms_pickup_store_id.oms_pickup_hold_days
            )
            order.write(
                {
                    "oms_pickup_state": "ready",
                    "oms_pickup_ready_date": now,
                    "oms_pickup_deadline": now + timedelta(days=days),
                }
            )
            order._oms_send_customer_mail(template)
        return True

    def action_oms_confirm_pickup(self):
        """The customer collected the order: the store delivery is done and delivered."""
        not_ready = self.filtered(lambda o: o.oms_pickup_state != "ready")
        if not_ready:
            raise UserError(
                self.env._(
                    "Only orders ready for pickup can be collected: %s",
                    ", ".join(not_ready.mapped("name")),
                )
            )
        deliveries = self.env["stock.picking"].union(*(o._oms_store_deliveries() for o in self))
        for move in deliveries.move_ids:
            move.quantity = move.product_uom_qty
        deliveries.move_ids.picked = True
        deliveries.with_context(skip_backorder=True, cancel_backorder=True)._action_done()
        deliveries.write({"oms_delivered_date": fields.Datetime.now()})
        self.write({"oms_pickup_state": "collected"})
        for order in self:
            order.message_post(
                body=self.env._("Collected by the customer in %s.", order.oms_pickup_store_id.name)
            )
        return True

    @api.model
    def _cron_oms_cancel_uncollected(self):
        """Cancel pickup orders not collected in time; their goods go back to stock."""
        orders = self.search(
            [
                ("oms_pickup_state", "=", "ready"),
                ("oms_pickup_deadline", "<=", fields.Datetime.now()),
                ("state", "=", "sale"),
            ]
        )
        for order in orders:
            with self.env.cr.savepoint():
                order._action_cancel()
                order.oms_pickup_state = "no_show"
                order.message_post(
                    body=self.env._(
                        "Not collected by %s: order cancelled, goods back in the store's stock.",
                        fields.Datetime.to_string(order.oms_pickup_deadline),
                    )
                )
        return orders

    # ------------------------------------------------------------------
    # Pre-orders
    # ------------------------------------------------------------------

    @api.model
    def _oms_incoming_receipts(self, products):
        """``{product id: [(date, qty), ...]}`` of the open receipts, earliest first."""
        moves = (
            self.env["stock.move"]
            .sudo()
            .search_read(
                [
                    ("product_id", "in", products.ids),
                    ("picking_code", "=", "incoming"),
                    ("state", "not in", ("done", "cancel")),
                    # a receipt bought for one order (make to order) serves that order only
                    ("move_dest_ids", "=", False),
                ],
                ["product_id", "product_qty", "date"],
                order="date, id",
            )
        )
        schedule = defaultdict(list)
        for move in moves:
            schedule[move["product_id"][0]].append((move["date"].date(), move["product_qty"]))
        return schedule

    @api.model
    def _oms_open_preorder_qty(self, products, exclude=None):
        """``{product id: units pre-ordered and not served yet}``."""
        domain = [
            ("product_id", "in", products.ids),
            ("oms_preorder_qty", ">", 0),
            ("order_id.oms_preorder_state", "=", "waiting"),
            ("order_id.state", "=", "sale"),
        ]
        if exclude:
            domain.append(("order_id", "not in", exclude.ids))
        groups = (
            self.env["sale.order.line"]
            .sudo()
            ._read_group(domain, ["product_id"], ["oms_preorder_qty:sum"])
        )
        return {product.id: qty for product, qty in groups}

    @api.model
    def _oms_receipt_date_for(self, schedule, committed, qty):
        """Date of the receipt that brings units ``committed .. committed + qty``."""
        cumulated = 0.0
        for day, incoming in schedule:
            cumulated += incoming
            if cumulated >= committed + qty - 1e-9:
                return day
        return None

    @api.private
    def _oms_preorder_plan(self):
        """What of each order's lines is beyond the stock and covered by a receipt.

        Return ``(plan, dates, uncovered)``: ``{line: pre-ordered qty}``,
        ``{order: expected receipt date}`` and the orders with a line that neither
        stock nor a receipt within the pre-order limit can serve. Orders are planned
        by decreasing priority against running totals (one read of each figure).
        """
        orders = self.filtered("channel_id")
        lines = orders._oms_stock_lines()
        plan, dates, uncovered = {}, {}, set()
        if not lines:
            return plan, dates, uncovered
        products = lines.product_id
        atp_model = self.env["oms.atp"]
        # stock on hand only: what receipts bring is what pre-orders sell
        free = {}
        for channel in orders.channel_id:
            warehouses = atp_model._channel_warehouses(channel)
            figures = atp_model._get_stock_figures(products.ids, warehouses.ids)
            for product in products:
                on_hand = sum(max(figures[wh.id, product.id].atp(), 0.0) for wh in warehouses)
                free[channel.id, product.id] = channel_atp(
                    on_hand, channel.atp_ratio, channel.atp_buffer
                )
        preorderable = products.filtered("oms_preorder_ok")
        schedule = self._oms_incoming_receipts(preorderable) if preorderable else {}
        committed = defaultdict(float, self._oms_open_preorder_qty(preorderable, orders))
        for order in orders.sorted(lambda o: (-o.oms_priority, o.id)):
            for line in lines.filtered(lambda line, order=order: line.order_id == order):
                product = line.product_id
                qty = line.product_uom_id._compute_quantity(
                    line.product_uom_qty, product.uom_id, round=False
                )
                key = (order.channel_id.id, product.id)
                taken = min(free.get(key, 0.0), qty)
                free[key] = free.get(key, 0.0) - taken
                short = qty - taken
                if float_is_zero(short, precision_rounding=product.uom_id.rounding):
                    continue
                incoming = sum(q for _d, q in schedule.get(product.id, []))
                capacity = incoming
                if product.oms_preorder_limit:
                    capacity = min(capacity, product.oms_preorder_limit)
                capacity -= committed[product.id]
                if (
                    not product.oms_preorder_ok
                    or float_compare(short, capacity, precision_rounding=product.uom_id.rounding)
                    > 0
                ):
                    uncovered.add(order.id)
                    continue
                day = self._oms_receipt_date_for(schedule[product.id], committed[product.id], short)
                committed[product.id] += short
                plan[line] = short
                dates[order] = max(dates.get(order, day), day)
        return plan, dates, uncovered

    @api.private
    def _oms_without_covered_preorders(self):
        """These orders (short of stock) less the pre-orders an incoming receipt covers:
        those are not short of stock (rule "Stock not available")."""
        failing = self
        if not failing:
            return failing
        _plan, dates, uncovered = failing._oms_preorder_plan()
        covered = [o.id for o in dates if o.id not in uncovered]
        return failing - self.browse(covered)

    @api.private
    def _oms_mark_preorders(self):
        orders = self.filtered(lambda o: o.state in ("draft", "sent") and o.channel_id)
        if not orders:
            return
        plan, dates, uncovered = orders._oms_preorder_plan()
        for line, qty in plan.items():
            if line.order_id.id not in uncovered:
                line.oms_preorder_qty = qty
        for order, day in dates.items():
            if order.id not in uncovered:
                order.write({"oms_preorder_state": "waiting", "oms_preorder_date": day})

    @api.private
    def _oms_promise_preorders(self):
        """Promise pre-orders no earlier than their receipt (plus the warehouse's days)."""
        for order in self:
            ship = order.oms_preorder_date + timedelta(
                days=order.warehouse_id.oms_handling_days or 0
            )
            vals = {}
            if not order.oms_promised_ship_date or order.oms_promised_ship_date < ship:
                shift = ship - (order.oms_promised_ship_date or ship)
                vals["oms_promised_ship_date"] = ship
                if order.oms_promised_delivery_from:
                    vals["oms_promised_delivery_from"] = order.oms_promised_delivery_from + shift
                    vals["oms_promised_delivery_to"] = order.oms_promised_delivery_to + shift
                else:
                    # nothing in stock, so sourcing promised nothing: the transit
                    # sourcing assumes without a carrier rate (1 to 3 days)
                    vals["oms_promised_delivery_from"] = ship + timedelta(days=1)
                    vals["oms_promised_delivery_to"] = ship + timedelta(days=3)
            if vals:
                order.write(vals)
            order.message_post(
                body=self.env._(
                    "Pre-order: served by the receipt expected on %s.",
                    fields.Date.to_string(order.oms_preorder_date),
                ),
                subtype_xmlid="mail.mt_note",
            )

    @api.model
    def _oms_serve_preorders(self, products):
        """A receipt of ``products`` arrived: reserve the waiting pre-orders by priority
        and tell the customers whose order is now complete."""
        orders = self.search(
            [
                ("oms_preorder_state", "=", "waiting"),
                ("order_line.product_id", "in", products.ids),
                ("state", "=", "sale"),
            ]
        )
        if not orders:
            return orders
        moves = orders.picking_ids.move_ids.filtered(
            lambda m: (
                m.state in ("confirmed", "partially_available", "waiting")
                and m.location_id.usage == "internal"
            )
        )
        # the reservation order is the OMS priority (stock.move._action_assign)
        moves._action_assign()
        served = orders.filtered(
            lambda o: all(
                m.state == "assigned"
                for m in o.picking_ids.move_ids
                if m.state not in ("done", "cancel")
                and m.location_id.usage == "internal"
                and m.product_id in o.order_line.filtered("oms_preorder_qty").product_id
            )
        )
        if not served:
            return served
        served.write({"oms_preorder_state": "served"})
        template = self.env.ref(
            "oms_omnichannel.mail_template_oms_preorder_available", raise_if_not_found=False
        )
        for order in served:
            if not order._oms_send_customer_mail(template):
                order.message_post(body=self.env._("Pre-order served: the goods are reserved."))
        return served

    @api.model
    def _oms_reschedule_preorders(self, products):
        """Receipts of ``products`` moved: re-promise the waiting pre-orders (by priority)
        and tell the customers whose date changed."""
        orders = self.search(
            [
                ("oms_preorder_state", "=", "waiting"),
                ("order_line.product_id", "in", products.ids),
                ("state", "=", "sale"),
            ]
        )
        if not orders:
            return orders
        lines = orders.order_line.filtered("oms_preorder_qty")
        schedule = self._oms_incoming_receipts(lines.product_id)
        committed = defaultdict(float)
        changed = self.browse()
        for order in orders.sorted(lambda o: (-o.oms_priority, o.id)):
            days = []
            for line in lines.filtered(lambda line, order=order: line.order_id == order):
                pid = line.product_id.id
                days.append(
                    self._oms_receipt_date_for(
                        schedule.get(pid, []), committed[pid], line.oms_preorder_qty
                    )
                )
                committed[pid] += line.oms_preorder_qty
            known = [d for d in days if d]
            if not known or max(known) == order.oms_preorder_date:
                continue
            new_date = max(known)
            shift = new_date - order.oms_preorder_date
            vals = {"oms_preorder_date": new_date}
            for fname in (
                "oms_promised_ship_date",
                "oms_promised_delivery_from",
                "oms_promised_delivery_to",
            ):
                if order[fname]:
                    vals[fname] = order[fname] + shift
            order.write(vals)
            changed |= order
        template = self.env.ref(
            "oms_omnichannel.mail_template_oms_preorder_rescheduled", raise_if_not_found=False
        )
        for order in changed:
            if not order._oms_send_customer_mail(template):
                order.message_post(
                    body=self.env._(
                        "Pre-order receipt moved: now expected on %s.",
                        fields.Date.to_string(order.oms_preorder_date),
                    )
                )
        return changed


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    oms_preorder_qty = fields.Float(
        string="Pre-ordered",
        digits="Product Unit",
        copy=False,
        readonly=True,
        help="Units of this line beyond the stock at confirmation, served by an incoming receipt.",
    )
