# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Dropship and made-to-order lines as sources of OMS orders.

A bridge of ``oms_omnichannel`` to ``purchase_stock`` and ``stock_dropshipping``
(installed automatically with them), so that the OMS itself installs without the
Purchase app. It plugs into the extension points of the order pipeline
(``oms_omnichannel/models/sale_order_pipeline.py``): the *source* step
(``_oms_source``, ``_oms_stock_lines``), the status (``_oms_get_status``,
``_oms_status_pickings``), re-routing (``_oms_reroute_pickings``) and a validation
rule (``_oms_rule_vendor_missing``).

Odoo does the purchasing: the dropship route of ``stock_dropshipping`` and the
MTO + Buy routes of ``purchase_stock`` (MTO + Manufacture when ``mrp`` is
installed) create the purchase (or manufacturing) order when the sale order is
confirmed. The OMS only decides and explains:

* sourcing leaves such lines out of the warehouse allocation (no stock consumed,
  ATP untouched, never held by the "Stock not available" rule) and says on the
  order which vendor supplies them, with its lead time;
* the promise of such a line starts after the lead time Odoo's own rules compute
  (vendor delay + the company's days to purchase, or the manufacturing lead time);
* a product configured this way without a vendor (or bill of materials) holds
  the order (rule *Vendor missing*), instead of Odoo silently creating no
  purchase order;
* a made-to-order line gets a delivery of its own (``stock_move.py``), the
  dropship picking is one anyway; the OMS status stays "partially shipped" while
  a vendor line is not shipped.
"""

from datetime import time, timedelta

from odoo import api, fields, models

from odoo.addons.oms_omnichannel.tools import geo, promise, sourcing

SUPPLY_TYPES = [
    ("dropship", "Vendor ships directly"),
    ("buy", "Bought to order"),
    ("manufacture", "Made to order"),
]
SUPPLY_STATES = [
    ("to_order", "To order"),
    ("rfq", "Request for quotation"),
    ("ordered", "Ordered from vendor"),
    ("in_production", "In production"),
    ("received", "Received, to ship"),
    ("shipped", "Shipped"),
]


class SaleOrder(models.Model):
    _inherit = "sale.order"

    oms_supply_line_count = fields.Integer(
        string="Vendor Lines", compute="_compute_oms_supply_line_count"
    )

    @api.depends("order_line.oms_supply_type")
    def _compute_oms_supply_line_count(self):
        for order in self:
            order.oms_supply_line_count = len(order.order_line.filtered("oms_supply_type"))

    # ------------------------------------------------------------------
    # Status
    # ------------------------------------------------------------------

    @api.depends("order_line.qty_delivered", "order_line.oms_supply_type")
    def _compute_oms_status(self):
        return super()._compute_oms_status()

    def _oms_status_pickings(self):
        """A receipt from the vendor of a bought-to-order line is not a step of the
        order's own shipping: the status follows the deliveries."""
        return (
            super()
            ._oms_status_pickings()
            .filtered(lambda p: p.picking_type_code != "incoming" or p.oms_is_customer_return)
        )

    def _oms_get_status(self):
        status = super()._oms_get_status()
        if status in ("shipped", "delivered", "done") and self._oms_vendor_lines_pending():
            # e.g. the stock lines left, the vendor has not shipped its line yet
            # (before the purchase order is confirmed there is no dropship picking)
            return "partially_shipped"
        return status

    @api.private
    def _oms_vendor_lines_pending(self):
        self.ensure_one()
        # a service ships nothing: its delivered quantity is set by hand, if ever
        return any(
            line.product_uom_id.compare(line.qty_delivered, line.product_uom_qty) < 0
            for line in self.order_line
            if line.oms_supply_type and line.product_id.type == "consu"
        )

    # ------------------------------------------------------------------
    # Sourcing
    # ------------------------------------------------------------------

    @api.private
    def _oms_stock_lines(self):
        lines = super()._oms_stock_lines()
        vendor = self._oms_vendor_lines()
        return lines - vendor

    @api.private
    def _oms_vendor_lines(self):
        """Lines supplied by a vendor or made to order: decided by the products' routes
        while the order is a quotation, as recorded by sourcing once it is confirmed."""
        draft = self.filtered(lambda o: o.state in ("draft", "sent"))
        lines = (self - draft).order_line.filtered("oms_supply_type")
        if draft:
            info = draft.order_line._oms_supply_info()
            lines |= self.env["sale.order.line"].browse(list(info))
        return lines

    @api.private
    def _oms_reroute_pickings(self):
        """A re-route changes the warehouse of stock lines; what the vendor ships (or a
        delivery waiting for the vendor's goods) stays as ordered from the vendor."""
        return super()._oms_reroute_pickings().filtered(lambda p: not p.oms_supply_type)

    @api.private
    def _oms_source(self, force=False):
        res = super()._oms_source(force=force)
        orders = self.filtered(lambda o: o.channel_id and (force or o.state in ("draft", "sent")))
        if orders:
            orders._oms_source_from_vendors()
        return res

    @api.private
    def _oms_source_from_vendors(self):
        """Record the vendor source of each dropship / made-to-order line, explain it on
        the order and extend the promise by the vendor's lead time."""
        info = self.order_line._oms_supply_info()
        lines = self.env["sale.order.line"].browse(list(info))
        # lines that were vendor lines and are not anymore (route changed, re-route)
        self.order_line.filtered(lambda line: line.oms_supply_type and line not in lines).write(
            {"oms_supply_type": False, "oms_vendor_id": False, "oms_supply_lead_days": 0}
        )
        if not lines:
            return
        rates = self._oms_shipping_rates(lines.order_id.carrier_id)
        calendar_cache = {}
        for order in lines.order_id:
            order_lines = lines.filtered(lambda line, order=order: line.order_id == order)
            _destination, dest_zone = order._oms_destination()
            results = []
            notes = []
            for line in order_lines:
                data = info[line.id]
                vendor = data["vendor"]
                line.write(
                    {
                        "oms_supply_type": data["type"],
                        "oms_vendor_id": vendor.id if vendor else False,
                        "oms_supply_lead_days": data["lead_days"],
                    }
                )
                if data["type"] == "buy" and line.warehouse_id != order.warehouse_id:
                    # received in the order's (main) warehouse and shipped from there
                    line.warehouse_id = order.warehouse_id
                results.append(order._oms_vendor_promise(data, dest_zone, rates, calendar_cache))
                notes.append(order._oms_vendor_note(line, data))
            existing = order.oms_sourcing_explanation
            stock_lines = order._oms_stock_lines().filtered(lambda line: line.product_uom_qty > 0)
            vals = {
                "oms_sourcing_explanation": "\n".join(
                    part for part in ((existing if stock_lines else ""), *notes) if part
                ),
                "oms_promised_ship_date": max(
                    [r.ship_date for r in results]
                    + ([order.oms_promised_ship_date] if order.oms_promised_ship_date else [])
                ),
                "oms_promised_delivery_from": max(
                    [r.delivery_from for r in results]
                    + (
                        [order.oms_promised_delivery_from]
                        if order.oms_promised_delivery_from
                        else []
                    )
                ),
                "oms_promised_delivery_to": max(
                    [r.delivery_to for r in results]
                    + ([order.oms_promised_delivery_to] if order.oms_promised_delivery_to else [])
                ),
            }
            # one shipment per vendor source (dropship picking / made-to-order delivery)
            vendor_shipments = len(
                {(info[line.id]["type"], info[line.id]["vendor"]) for line in order_lines}
            )
            if not stock_lines:
                vals["oms_sourcing_outcome"] = "single" if vendor_shipments == 1 else "split"
            elif order.oms_sourcing_outcome in ("single", "split"):
                vals["oms_sourcing_outcome"] = "split"
            # one truth: the explanation states the outcome the order (and the API) gives
            vals["oms_sourcing_explanation"] = sourcing.with_outcome(
                vals["oms_sourcing_explanation"],
                vals.get("oms_sourcing_outcome", order.oms_sourcing_outcome),
            )
            order.write(vals)

    @api.private
    def _oms_vendor_promise(self, data, dest_zone, rates, calendar_cache):
        """Dropship: the vendor ships after its lead time (no pick & pack of ours), then
        the carrier's transit. Bought / made to order: the goods arrive after the lead
        time, then the warehouse's calendar, pick & pack days and transit."""
        self.ensure_one()
        order_time = self.date_order or fields.Datetime.now()
        tz = self.env.user.tz or "Asia/Jakarta"
        # Odoo plans the purchase in calendar days from the order date
        ordered_on = fields.Datetime.context_timestamp(self.with_context(tz=tz), order_time)
        available = ordered_on.date() + timedelta(days=data["lead_days"])
        if data["type"] != "dropship":
            return self._oms_warehouse_promise(
                self.warehouse_id, dest_zone, rates, calendar_cache, available_date=available
            )
        vendor = data["vendor"]
        origin = geo.zone_of(vendor.state_id.code if vendor.state_id else None)
        rate = rates.get((self.carrier_id.id, origin, dest_zone))
        return promise.promise(
            promise.PromiseInput(
                order_time=order_time,
                tz=tz,
                cutoff=time.max,
                working_days=promise.ALL_DAYS,
                available_date=available,
                transit_min=rate["transit_min"] if rate else 1,
                transit_max=rate["transit_max"] if rate else 3,
            )
        )

    @api.private
    def _oms_vendor_note(self, line, data):
        label = dict(SUPPLY_TYPES)[data["type"]]
        if data["type"] == "manufacture":
            return self.env._(
                "%(product)s x %(qty)s: %(how)s in %(warehouse)s, lead time %(days)s day(s).",
                product=line.product_id.display_name,
                qty=f"{line.product_uom_qty:g}",
                how=label,
                warehouse=line.warehouse_id.name,
                days=f"{data['lead_days']:g}",
            )
        return self.env._(
            "%(product)s x %(qty)s: %(how)s - vendor %(vendor)s, lead time %(days)s day(s); "
            "no warehouse stock used.",
            product=line.product_id.display_name,
            qty=f"{line.product_uom_qty:g}",
            how=label,
            vendor=data["vendor"].display_name if data["vendor"] else "-",
            days=f"{data['lead_days']:g}",
        )

    # ------------------------------------------------------------------
    # Validation rule
    # ------------------------------------------------------------------

    def _oms_rule_vendor_missing(self):
        """Dropship / bought-to-order lines without a vendor (made-to-order without a bill
        of materials): Odoo would create no purchase (manufacturing) order for them."""
        orders = self._oms_rule_scope()
        info = orders.order_line._oms_supply_info()
        lines = self.env["sale.order.line"].browse(
            [line_id for line_id, data in info.items() if data["missing"]]
        )
        return lines.order_id


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    oms_supply_type = fields.Selection(
        SUPPLY_TYPES,
        string="Supplied by",
        copy=False,
        readonly=True,
        index="btree_not_null",
        help="Set by sourcing: empty when the line ships from warehouse stock.",
    )
    oms_vendor_id = fields.Many2one(
        "res.partner", string="Vendor", copy=False, readonly=True, index="btree_not_null"
    )
    oms_supply_lead_days = fields.Float(
        string="Vendor Lead Time",
        copy=False,
        readonly=True,
        help="Days until the vendor ships (dropship) or the goods arrive (to order), as "
        "Odoo's procurement rules compute them: vendor delay + days to purchase.",
    )
    oms_supply_state = fields.Selection(
        SUPPLY_STATES, string="Supply Status", compute="_compute_oms_supply_state"
    )

    @api.depends(
        "oms_supply_type",
        "qty_delivered",
        "move_ids.state",
        "move_ids.move_orig_ids.state",
        "move_ids.created_purchase_line_ids.state",
        "purchase_line_ids.state",
    )
    def _compute_oms_supply_state(self):
        for line in self:
            if not line.oms_supply_type:
                line.oms_supply_state = False
            elif line.product_uom_id.compare(line.qty_delivered, line.product_uom_qty) >= 0:
                line.oms_supply_state = "shipped"
            else:
                line.oms_supply_state = line._oms_supply_progress()

    def _oms_supply_progress(self):
        self.ensure_one()
        moves = self.move_ids.filtered(lambda m: m.state != "cancel")
        upstream = moves.move_orig_ids.filtered(lambda m: m.state != "cancel")
        # dropship: the purchase line is the sale line's; to order: the one its delivery
        # move created (an RFQ has no receipt yet), then the receipt's
        purchases = (
            self.sudo().purchase_line_ids
            | moves.sudo().created_purchase_line_ids
            | upstream.sudo().purchase_line_id
        ).order_id.filtered(lambda po: po.state != "cancel")
        if self.oms_supply_type == "buy" and upstream and all(m.state == "done" for m in upstream):
            return "received"
        if self.oms_supply_type == "manufacture":
            return "in_production" if moves else "to_order"
        if any(po.state in ("purchase", "done") for po in purchases):
            return "ordered"
        if purchases:
            return "rfq"
        return "to_order"

    @api.private
    def _oms_supply_info(self):
        """``{line id: {type, vendor, lead_days, missing}}`` for the lines supplied by a
        vendor or made to order, decided by the routes of the line (else of the product
        and its category), the way Odoo's procurement will use them:

        * a rule buying into a customer location (``stock_dropshipping``): dropship;
        * a "make to order" rule shipping to the customer (the MTO route) with a buy
          rule (``purchase_stock``): bought to order, always (Odoo's MTO rule does not
          look at the stock); with a manufacture rule (``mrp``): made to order.

        The lead time comes from Odoo's ``stock.rule._get_lead_days`` (vendor delay +
        the company's days to purchase; the manufacturing lead time with ``mrp``).
        """
        result = {}
        # every product a vendor can supply, storable or not: a consumable with the
        # dropship route is bought and dropshipped by Odoo like a storable one; a
        # service bought from a vendor (``service_to_purchase``) is the vendor's too
        lines = self.filtered(
            lambda line: (
                not line.display_type
                and not line.is_delivery
                and line.product_id.type in ("consu", "service")
                and line.product_uom_qty > 0
            )
        )
        lead_context = {"bypass_delay_description": True, "bypass_global_horizon_days": True}
        for line in lines:
            product = line.product_id
            company = line.order_id.company_id
            warehouse = line.warehouse_id or line.order_id.warehouse_id
            product_routes = product.route_ids | product.categ_id.total_route_ids
            # Odoo looks for the rule shipping to the customer in the line's routes, else
            # the product's and its category's (lowest route sequence first)
            first = self._oms_company_rules(line.route_ids or product_routes, company)
            candidates = first.filtered(
                lambda r, warehouse=warehouse: (
                    (r.action == "buy" and r.location_dest_id.usage == "customer")
                    # the MTO route's rule takes from the warehouse's stock, "to order"
                    or (
                        r.procure_method == "make_to_order"
                        and r.action in ("pull", "pull_push")
                        and r.location_src_id == warehouse.lot_stock_id
                    )
                )
            )
            if not candidates:
                continue
            rule = candidates[0]
            if product.type == "service" and rule.action != "buy":
                continue  # no stock rule runs for a service: only the vendor supplies it
            if rule.action == "buy":
                kind, supply_rule, lead_rules = "dropship", rule, rule
            else:
                # the stock is then replenished by the product's routes, else the
                # warehouse's (Buy / Manufacture "to resupply" the warehouse)
                supply_rule = self.env["stock.rule"]
                for routes in (product_routes, warehouse.route_ids):
                    supply_rule = self._oms_company_rules(routes, company).filtered(
                        lambda r, warehouse=warehouse: (
                            r.action in ("buy", "manufacture")
                            and r.location_dest_id.warehouse_id == warehouse
                        )
                    )[:1]
                    if supply_rule:
                        break
                if not supply_rule:
                    continue
                kind = "buy" if supply_rule.action == "buy" else "manufacture"
                lead_rules = rule | supply_rule
            vendor = self.env["res.partner"]
            values = {}
            if supply_rule.action == "buy":
                seller = line._oms_matching_seller(company)
                vendor = seller.partner_id
                values["supplierinfo"] = seller
            delays, _description = lead_rules.with_context(**lead_context)._get_lead_days(
                product, **values
            )
            missing = bool(delays.get("no_vendor_found_delay") or delays.get("no_bom_found_delay"))
            if supply_rule.action == "buy" and not vendor:
                missing = True
            result[line.id] = {
                "type": kind,
                "vendor": vendor,
                "lead_days": 0.0 if missing else delays["total_delay"],
                "missing": missing,
            }
        return result

    def _oms_matching_seller(self, company):
        """The vendor Odoo's buy rule will order from (``stock.rule._get_matching_supplier``
        without a forced partner): the best price list entry for this quantity, else any
        vendor of the product. Not called through the rule: its dropship override reads
        an XML id for every line, a query per line."""
        self.ensure_one()
        product = self.product_id.with_company(company)
        seller = product._select_seller(quantity=self.product_uom_qty, uom_id=self.product_uom_id)
        return (
            seller
            or product._prepare_sellers(False).filtered(
                lambda s: not s.company_id or s.company_id == company
            )[:1]
        )

    @api.model
    def _oms_company_rules(self, routes, company):
        """The rules of ``routes`` that apply to ``company``, in Odoo's order of preference."""
        return routes.rule_ids.filtered(
            lambda r: r.company_id in (company, company.browse())
        ).sorted(lambda r: (r.route_sequence, r.sequence, r.id))
