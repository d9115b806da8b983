# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Sourcing, reservation priority and promising of sale orders.

An ``_inherit = "sale.order"`` extension kept apart from ``sale_order.py``:
it is the inventory/routing concern of the OMS. The *source* step of the
pipeline (``sale_order_pipeline.py``) calls :meth:`SaleOrder._oms_source`.
"""

from collections import defaultdict
from datetime import datetime, time, timedelta

from odoo import Command, api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Domain
from odoo.tools import SQL

from ..tools import geo, promise, sourcing

# OMS statuses of an order that has not shipped yet (a promised ship date past: late)
NOT_SHIPPED_STATUSES = ("confirmed", "partially_allocated", "allocated", "picking", "packed")


class SaleOrder(models.Model):
    _inherit = "sale.order"

    oms_priority = fields.Integer(
        string="Reservation Priority",
        compute="_compute_oms_priority",
        store=True,
        index=True,
        help="Channel priority plus service level priority: when stock is short, higher "
        "priority orders reserve first.",
    )
    oms_warehouse_locked = fields.Boolean(
        string="Fixed Warehouse",
        copy=False,
        help="Ship from the order's own warehouse: automatic sourcing leaves it alone "
        "(e.g. a pickup in a given store, or a warehouse chosen by hand).",
    )
    oms_sourcing_outcome = fields.Selection(
        [
            ("single", "Single shipment"),
            ("split", "Split shipment"),
            ("partial", "Partially available"),
            ("none", "No stock"),
        ],
        string="Sourcing",
        copy=False,
        readonly=True,
    )
    oms_sourcing_explanation = fields.Text(string="Sourcing Decision", copy=False, readonly=True)
    oms_promised_ship_date = fields.Date(string="Promised Ship Date", copy=False, readonly=True)
    oms_promised_delivery_from = fields.Date(string="Delivery From", copy=False, readonly=True)
    oms_promised_delivery_to = fields.Date(string="Delivery By", copy=False, readonly=True)

    oms_is_late = fields.Boolean(
        string="Late",
        compute="_compute_oms_is_late",
        search="_search_oms_is_late",
        help="The promised ship date has passed and nothing has shipped yet.",
    )
    oms_late_label = fields.Char(string="Late By", compute="_compute_oms_is_late")

    @api.depends("oms_promised_ship_date", "oms_status")
    @api.depends_context("tz")
    def _compute_oms_is_late(self):
        today = fields.Date.context_today(self)
        for order in self:
            late = bool(
                order.oms_promised_ship_date
                and order.oms_promised_ship_date < today
                and order.oms_status in NOT_SHIPPED_STATUSES
            )
            order.oms_is_late = late
            order.oms_late_label = (
                self.env._("%s d late", (today - order.oms_promised_ship_date).days)
                if late
                else False
            )

    def _search_oms_is_late(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            return NotImplemented
        late = Domain(
            [
                ("oms_promised_ship_date", "<", fields.Date.context_today(self)),
                ("oms_status", "in", NOT_SHIPPED_STATUSES),
            ]
        )
        return late if (operator == "=") == value else ~late

    @api.depends("channel_id.priority", "service_level_id.priority")
    def _compute_oms_priority(self):
        for order in self:
            order.oms_priority = (order.channel_id.priority or 0) * 100 + (
                order.service_level_id.priority or 0
            )

    def action_oms_reroute(self):
        """Recompute sourcing of unshipped lines (e.g. after a store rejected the order)."""
        for order in self:
            if order.state != "sale":
                raise UserError(self.env._("Only confirmed orders can be re-routed."))
            if order.picking_ids.filtered(
                lambda p: p.oms_is_customer_delivery and p.state == "done"
            ):
                raise UserError(
                    self.env._("Order %s has already shipped: it cannot be re-routed.", order.name)
                )
        pickings = self._oms_reroute_pickings()
        pickings.action_cancel()
        # let the order be sourced again, then launch the procurements anew
        self.order_line.move_ids.filtered(lambda m: m.state == "cancel").write(
            {"sale_line_id": False}
        )
        self._oms_source(force=True)
        self.order_line._action_launch_stock_rule()
        for order in self:
            order.message_post(body=self.env._("Re-routed by %(user)s.", user=self.env.user.name))
        return True

    @api.private
    def _oms_reroute_pickings(self):
        """The open transfers a re-route cancels and recreates; a hook (the vendor's
        shipments are left alone by ``oms_dropship``)."""
        return self.picking_ids.filtered(lambda p: p.state not in ("done", "cancel"))

    # ------------------------------------------------------------------
    # Sourcing
    # ------------------------------------------------------------------

    @api.private
    def _oms_stock_lines(self):
        """The lines of these orders that ship from warehouse stock (sourcing, the
        "Stock not available" rule and pre-orders look at these only); a hook: lines
        supplied by a vendor (dropship, bought to order) are left out by
        ``oms_dropship``."""
        return self.order_line.filtered(
            lambda line: not line.display_type and line.product_id.is_storable
        )

    @api.private
    def _oms_lock_stock(self, products, warehouses):
        """Serialise concurrent sourcing of the same stock.

        Takes the quants of these products in these warehouses FOR UPDATE in
        id order (a stable order, so two transactions never deadlock). Under
        PostgreSQL's repeatable read, a quant changed by a transaction that
        committed after ours started raises a serialization failure here,
        which Odoo retries with a fresh snapshot: the retried order then sees
        the other order's reservation and cannot take the same unit.
        """
        if not products or not warehouses:
            return
        self.env["stock.quant"].flush_model(["quantity", "reserved_quantity"])
        self.env.cr.execute(
            SQL(
                """
                SELECT q.id FROM stock_quant q
                  JOIN stock_location l ON l.id = q.location_id
                 WHERE q.product_id = ANY(%s) AND l.warehouse_id = ANY(%s)
                 ORDER BY q.id
                   FOR NO KEY UPDATE OF q
                """,
                products.ids,
                warehouses.ids,
            )
        )

    @api.private
    def _oms_orders_today(self, warehouses):
        today = datetime.combine(fields.Date.context_today(self), time.min)
        groups = self.env["stock.picking"]._read_group(
            [
                ("oms_is_customer_delivery", "=", True),
                ("picking_type_id.warehouse_id", "in", warehouses.ids),
                ("create_date", ">=", today),
                ("state", "!=", "cancel"),
            ],
            ["picking_type_id"],
            ["__count"],
        )
        counts = defaultdict(int)
        for picking_type, count in groups:
            counts[picking_type.warehouse_id.id] += count
        return counts

    @api.private
    def _oms_shipping_rates(self, carriers):
        rates = self.env["oms.carrier.rate"].search_read(
            [("carrier_id", "in", carriers.ids)],
            ["carrier_id", "origin_zone", "destination_zone", "cost", "transit_min", "transit_max"],
        )
        return {(r["carrier_id"][0], r["origin_zone"], r["destination_zone"]): r for r in rates}

    @api.private
    def _oms_warehouse_point(self, warehouse):
        state = warehouse.oms_state_id or warehouse.partner_id.state_id
        return geo.point_of(
            warehouse.oms_latitude, warehouse.oms_longitude, state.code if state else None
        )

    @api.private
    def _oms_destination(self):
        self.ensure_one()
        partner = self.partner_shipping_id
        latitude = partner.partner_latitude if "partner_latitude" in partner._fields else 0
        longitude = partner.partner_longitude if "partner_longitude" in partner._fields else 0
        code = partner.state_id.code if partner.country_id.code == "ID" else None
        return geo.point_of(latitude, longitude, code), geo.zone_of(code)

    @api.private
    def _oms_source(self, force=False):
        """Choose the shipping warehouse(s) of each order and record why (the
        *source* step of the pipeline, also run by a re-route with ``force``).

        Orders with a fixed warehouse (a pickup store, a hand-picked warehouse) are
        left alone, as the Fixed Warehouse field promises; the customer's delivery
        preference (B2B) wins over the channel's partial policy. An extension point:
        ``oms_dropship`` sources the lines a vendor supplies after this.
        """
        self.filtered(lambda o: not o.oms_warehouse_locked)._oms_source_from_stock(force=force)
        self._oms_apply_customer_picking_policy()

    @api.private
    def _oms_source_from_stock(self, force=False):
        """Allocate the stock lines of these orders to the channel's warehouses.

        All data is read up front (stock figures in one query, rates, today's
        load); orders are then sourced by decreasing priority against a
        running copy of the available quantities, so scarce stock goes to the
        most important orders of the batch.
        """
        orders = self.filtered(lambda o: o.channel_id and (force or o.state in ("draft", "sent")))
        if not orders:
            return
        atp_model = self.env["oms.atp"]
        channel_warehouses = {c: atp_model._channel_warehouses(c) for c in orders.channel_id}
        warehouses = self.env["stock.warehouse"].union(*channel_warehouses.values())
        lines = orders._oms_stock_lines().filtered(lambda line: line.product_uom_qty > 0)
        if not lines or not warehouses:
            return
        products = lines.product_id
        self._oms_lock_stock(products, warehouses)
        # the same figures as the "Stock not available" rule: what is held for
        # lower-priority orders is counted for each order below (in product units)
        figures = atp_model._get_stock_figures(products.ids, warehouses.ids, by_priority=True)
        available = {key: fig.atp() for key, fig in figures.items()}
        orders_today = self._oms_orders_today(warehouses)
        rates = self._oms_shipping_rates(orders.carrier_id)
        points = {wh.id: self._oms_warehouse_point(wh) for wh in warehouses}
        zones = {
            wh.id: geo.zone_of((wh.oms_state_id or wh.partner_id.state_id).code)
            for wh in warehouses
        }
        line_values = []
        for order in orders.sorted(lambda o: (-o.oms_priority, o.date_order, o.id)):
            channel = order.channel_id
            destination, dest_zone = order._oms_destination()
            infos = []
            for wh in channel_warehouses[channel]:
                rate = rates.get((order.carrier_id.id, zones[wh.id], dest_zone))
                infos.append(
                    sourcing.WarehouseInfo(
                        id=wh.id,
                        name=wh.name,
                        point=points[wh.id],
                        paused=wh.oms_paused,
                        is_store=wh.oms_is_store,
                        store_allowed=channel.ship_from_store,
                        daily_capacity=wh.oms_daily_capacity,
                        orders_today=orders_today[wh.id],
                        sequence=wh.oms_sourcing_sequence,
                        shipping_cost=rate["cost"] if rate else None,
                    )
                )
            order_lines = lines.filtered(lambda line, order=order: line.order_id == order)
            # stock of this order: the running ATP plus what lower priorities hold
            # (the running ATP goes below zero when an order counts on those)
            stock = {
                key: qty + figures[key].reallocatable(order.oms_priority)
                for key, qty in available.items()
            }
            request = sourcing.SourcingRequest(
                lines=tuple(
                    sourcing.LineDemand(
                        key=line.id,
                        product_id=line.product_id.id,
                        qty=line.product_uom_qty * line._oms_units_per_uom(),
                        unit_value=line.price_reduce_taxexcl / line._oms_units_per_uom(),
                        label=line.product_id.display_name,
                    )
                    for line in order_lines
                ),
                warehouses=tuple(infos),
                stock=stock,
                destination=destination,
                policy=sourcing.SourcingPolicy(
                    strategies=tuple(
                        s.strip()
                        for s in (channel.sourcing_strategies or "").split(",")
                        if s.strip()
                    ),
                    allow_split=channel.allow_split,
                    max_shipments=channel.max_shipments,
                    min_shipment_value=channel.min_shipment_value,
                ),
            )
            decision = sourcing.source(request)
            for alloc in decision.allocations:
                key = (alloc.warehouse_id, lines.browse(alloc.line_key).product_id.id)
                available[key] = available.get(key, 0.0) - alloc.qty
            line_values.append((order, order_lines, decision))
        # what no warehouse can promise is backordered where the goods physically are
        # (so that reallocation can move reservations there), else at the channel's default
        stocked = {}
        for (wh_id, product_id), fig in figures.items():
            if fig.on_hand > stocked.get(product_id, (0.0, None))[0]:
                stocked[product_id] = (fig.on_hand, wh_id)
        self._oms_apply_sourcing(line_values, channel_warehouses, stocked, rates)

    @api.private
    def _oms_apply_sourcing(self, line_values, channel_warehouses, stocked, rates=None):
        Warehouse = self.env["stock.warehouse"]
        # one read of the calendars' holidays per (calendar, day) for the whole batch
        calendar_cache = {}
        for order, order_lines, decision in line_values:
            allowed = channel_warehouses[order.channel_id]
            default = order.channel_id.warehouse_id
            if default not in allowed:
                default = allowed[:1]
            by_line = defaultdict(list)
            for alloc in decision.allocations:
                by_line[alloc.line_key].append(alloc)
            main = Warehouse.browse(decision.warehouse_ids[:1]) or default
            if main and order.warehouse_id != main:
                # the order's warehouse drives the lines' computed warehouse: set it first
                order.warehouse_id = main
            line_warehouse = {}
            new_lines = []
            for line in order_lines:
                allocs = by_line.get(line.id, [])
                unfilled = decision.unfilled.get(line.id, 0.0)
                if not allocs:
                    # backordered in a warehouse already shipping this order (shipment
                    # limit, no split: the explanation says so), else where the goods
                    # physically are, else at the channel's default
                    wh_id = stocked.get(line.product_id.id, (0.0, None))[1]
                    if decision.warehouse_ids:
                        line_warehouse[line] = main
                    elif wh_id in allowed.ids:
                        line_warehouse[line] = Warehouse.browse(wh_id)
                    else:
                        line_warehouse[line] = default
                    continue
                first, *others = allocs
                # the first warehouse keeps the line (and what no one could ship:
                # it is backordered there); others get a line of their own, in the
                # line's unit (sourcing counts in the product's unit)
                per_uom = line._oms_units_per_uom()
                if unfilled or others:
                    line.product_uom_qty = (first.qty + unfilled) / per_uom
                line_warehouse[line] = Warehouse.browse(first.warehouse_id)
                for alloc in others:
                    new_lines.append(
                        (
                            alloc.warehouse_id,
                            {
                                "order_id": order.id,
                                "product_id": line.product_id.id,
                                "product_uom_id": line.product_uom_id.id,
                                "product_uom_qty": alloc.qty / per_uom,
                                "price_unit": line.price_unit,
                                "discount": line.discount,
                                "tax_ids": [Command.set(line.tax_ids.ids)],
                                "name": line.name,
                                "sequence": line.sequence,
                            },
                        )
                    )
            if new_lines:
                created = self.env["sale.order.line"].create([vals for _wh, vals in new_lines])
                for new_line, (wh_id, _vals) in zip(created, new_lines, strict=True):
                    line_warehouse[new_line] = Warehouse.browse(wh_id)
            for warehouse in set(line_warehouse.values()):
                lines = self.env["sale.order.line"].concat(
                    *(line for line, wh in line_warehouse.items() if wh == warehouse)
                )
                lines.warehouse_id = warehouse
            explanation = "\n".join(decision.explanation())
            vals = {
                "oms_sourcing_outcome": decision.outcome,
                "oms_sourcing_explanation": explanation,
            }
            if decision.outcome == "partial" and order.channel_id.partial_policy == "wait":
                vals["picking_policy"] = "one"
            order.write(vals)
            # the decision is kept on the order (Sourcing tab), not posted: a capture
            # must stay cheap; splits and re-routes are posted to the timeline
            order._oms_compute_promise(decision, rates=rates, calendar_cache=calendar_cache)

    # ------------------------------------------------------------------
    # Promising
    # ------------------------------------------------------------------

    @api.private
    def _oms_calendar_days(self, calendar, start, days=60):
        """Working weekdays and public holidays of a calendar (one read of its leaves)."""
        if not calendar:
            return promise.MON_FRI, frozenset()
        weekdays = frozenset(int(a.dayofweek) for a in calendar.attendance_ids)
        leaves = self.env["resource.calendar.leaves"].search_read(
            [
                ("calendar_id", "in", [calendar.id, False]),
                ("resource_id", "=", False),
                ("date_to", ">=", datetime.combine(start, time.min)),
                ("date_from", "<=", datetime.combine(start + timedelta(days=days), time.max)),
            ],
            ["date_from", "date_to"],
        )
        holidays = set()
        for leave in leaves:
            day = leave["date_from"].date()
            while day <= leave["date_to"].date():
                holidays.add(day)
                day += timedelta(days=1)
        return weekdays or promise.MON_FRI, frozenset(holidays)

    @api.private
    def _oms_compute_promise(self, decision, rates=None, calendar_cache=None):
        self.ensure_one()
        warehouses = self.env["stock.warehouse"].browse(decision.warehouse_ids)
        if not warehouses:
            return
        _destination, dest_zone = self._oms_destination()
        if rates is None:
            rates = self._oms_shipping_rates(self.carrier_id)
        if calendar_cache is None:
            calendar_cache = {}
        results = [
            self._oms_warehouse_promise(warehouse, dest_zone, rates, calendar_cache)
            for warehouse in warehouses
        ]
        self.write(
            {
                "oms_promised_ship_date": max(r.ship_date for r in results),
                "oms_promised_delivery_from": max(r.delivery_from for r in results),
                "oms_promised_delivery_to": max(r.delivery_to for r in results),
            }
        )

    @api.private
    def _oms_warehouse_promise(
        self, warehouse, dest_zone, rates, calendar_cache, available_date=None
    ):
        """Promise of one shipment from ``warehouse``: its calendar, cut-off and pick &
        pack days, the carrier's transit; from ``available_date`` when the goods are not
        there yet (e.g. bought to order)."""
        self.ensure_one()
        tz = self.env.user.tz or "Asia/Jakarta"
        calendar = warehouse.oms_calendar_id or warehouse.company_id.resource_calendar_id
        start = (self.date_order or fields.Datetime.now()).date()
        key = (calendar.id, start)
        if key not in calendar_cache:
            calendar_cache[key] = self._oms_calendar_days(calendar, start)
        weekdays, holidays = calendar_cache[key]
        state = warehouse.oms_state_id or warehouse.partner_id.state_id
        rate = rates.get((self.carrier_id.id, geo.zone_of(state.code), dest_zone))
        hours = warehouse.oms_cutoff_hour or 0.0
        return promise.promise(
            promise.PromiseInput(
                order_time=self.date_order or fields.Datetime.now(),
                tz=calendar.tz if calendar else tz,
                cutoff=time(int(hours) % 24, round((hours % 1) * 60) % 60),
                working_days=weekdays,
                holidays=holidays,
                handling_days=warehouse.oms_handling_days,
                available_date=available_date,
                transit_min=rate["transit_min"] if rate else 1,
                transit_max=rate["transit_max"] if rate else 3,
            )
        )

    # ------------------------------------------------------------------
    # Reservation outcome
    # ------------------------------------------------------------------

    @api.private
    def _oms_report_shortage(self):
        """Tell on the order what could not be reserved (the loser of a race, a shortage)."""
        # the moves that take goods out of stock (the pick of a multi-step delivery)
        moves = self.picking_ids.move_ids.filtered(
            lambda m: (
                m.state in ("confirmed", "partially_available")
                and m.location_id.usage == "internal"
                and not m.move_orig_ids
            )
        )
        short = defaultdict(list)
        for move in moves:
            missing = move.product_uom_qty - move.quantity
            if missing > 0:
                short[move.reference_ids.sale_ids[:1] or move.sale_line_id.order_id].append(
                    f"{move.product_id.display_name}: {missing:g}"
                )
        for order, items in short.items():
            policy = order.channel_id.partial_policy
            order.message_post(
                body=self.env._(
                    "Not enough stock reserved (%(items)s): %(policy)s.",
                    items=", ".join(items),
                    policy=dict(
                        self.env["oms.channel"]
                        ._fields["partial_policy"]
                        ._description_selection(self.env)
                    )[policy],
                )
            )

    def action_oms_reallocate(self):
        """Give waiting orders of these products the stock of lower-priority orders."""
        products = self.order_line.product_id.filtered("is_storable")
        self.env["stock.move"]._oms_reallocate(products)
        return True


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    oms_atp = fields.Float(
        string="ATP",
        compute="_compute_oms_atp",
        digits="Product Unit",
        help="Available to promise for the order's channel (all its warehouses).",
    )

    def _oms_units_per_uom(self):
        """Units of the product's unit in one unit of the line (6 for a "Pack of 6")."""
        self.ensure_one()
        return self.product_uom_id._compute_quantity(1.0, self.product_id.uom_id, round=False)

    @api.depends("product_id", "order_id.channel_id")
    def _compute_oms_atp(self):
        self.oms_atp = 0.0
        atp_model = self.env["oms.atp"]
        for channel in self.order_id.channel_id:
            lines = self.filtered(
                lambda line, channel=channel: (
                    line.order_id.channel_id == channel and line.product_id.is_storable
                )
            )
            if not lines:
                continue
            figures = atp_model._get_channel_atp(channel, lines.product_id.ids)
            for line in lines:
                line.oms_atp = figures[line.product_id.id]["total"]
