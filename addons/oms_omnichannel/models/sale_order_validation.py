# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Validation rules, risk score and holds of OMS orders.

Deviation from the house style (one extension of a model per file, named after
the model): this is a second ``sale.order`` extension next to ``sale_order.py``.
The validation work and the capture work were written in parallel; keeping them
in two files lets the branches merge without conflicts.

Every ``_oms_rule_*`` method is named by an ``exception.rule`` record of type
"by method" (OCA ``sale_exception``) and returns the orders of ``self`` that
FAIL the rule. Each evaluates the whole recordset with a fixed number of
queries, whatever the number of orders.
"""

import re
from collections import defaultdict
from datetime import timedelta

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import float_compare, format_amount, formatLang

from .oms_blacklist import normalize_address, normalize_email, normalize_phone

RISK_LEVELS = [
    ("low", "Low"),
    ("medium", "Medium"),
    ("high", "High"),
]
# risk score from which an order is of medium / high risk
RISK_MEDIUM_SCORE = 30
RISK_HIGH_SCORE = 60

INDONESIAN_ZIP = re.compile(r"^\d{5}$")
VELOCITY_WINDOW = timedelta(hours=1)


class SaleOrder(models.Model):
    _inherit = "sale.order"

    oms_risk_score = fields.Integer(
        string="Risk Score",
        compute="_compute_oms_risk",
        store=True,
        help="Sum of the risk weights of the validation rules the order currently fails.",
    )
    oms_risk_level = fields.Selection(
        RISK_LEVELS,
        string="Risk Level",
        compute="_compute_oms_risk",
        store=True,
        index=True,
        help="Low below 30 points, medium from 30, high from 60.",
    )

    oms_hold_details = fields.Html(
        string="Why On Hold",
        compute="_compute_oms_hold_details",
        sanitize=False,
        help="Each failed validation rule with what fails: the product and quantity short, "
        "the missing part of the address, the amount above the limit.",
    )

    @api.depends("exception_ids", "oms_hold")
    def _compute_oms_hold_details(self):
        held = self.filtered("oms_hold")
        (self - held).oms_hold_details = False
        if not held:
            return
        shortages = held._oms_hold_shortages()
        for order in held:
            order.oms_hold_details = order._oms_hold_reasons_markup(
                order._oms_hold_reasons(shortages.get(order.id, []))
            )

    @api.private
    def _oms_hold_shortages(self):
        """``{order id: [(product, ordered, free)]}`` of the orders held for stock, read
        in one go."""
        rule = self.env.ref(
            "oms_omnichannel.exception_rule_stock_unavailable", raise_if_not_found=False
        )
        orders = self.filtered(lambda o: rule and rule in o.exception_ids)
        lines = orders._oms_stock_lines()
        return self.env["oms.atp"]._get_shortages(lines) if lines else {}

    def _oms_hold_reasons(self, shortages):
        """One sentence per failed rule of this order, naming what fails."""
        self.ensure_one()
        reasons = []
        for rule in self.exception_ids:
            detail = self._oms_hold_reason_detail(rule, shortages)
            reasons.append(
                self.env._("%(rule)s: %(detail)s", rule=rule.name, detail=detail)
                if detail
                else rule.name
            )
        return reasons

    def _oms_hold_reason_detail(self, rule, shortages):
        """What fails in ``rule`` for this order, in words (empty: the rule's name says
        it all); a hook for the rules other add-ons define."""
        self.ensure_one()
        channel = self.channel_id
        total = format_amount(self.env, self.amount_total, self.currency_id)
        if rule.method == "_oms_rule_incomplete_address":
            partner = self.partner_shipping_id
            missing = []
            if not partner.street:
                missing.append(self.env._("street"))
            if not partner.city:
                missing.append(self.env._("city"))
            if not partner.country_id:
                missing.append(self.env._("country"))
            elif partner.country_id.code == "ID":
                if not partner.state_id:
                    missing.append(self.env._("province"))
                if not INDONESIAN_ZIP.match((partner.zip or "").strip()):
                    missing.append(self.env._("5-digit postal code"))
            return self.env._(
                "the shipping address of %(partner)s lacks: %(missing)s",
                partner=partner.display_name,
                missing=", ".join(missing),
            )
        if rule.method == "_oms_rule_stock_unavailable" and shortages:
            return "; ".join(
                self.env._(
                    "%(product)s: %(ordered)s %(uom)s ordered, %(free)s free",
                    product=product.display_name,
                    ordered=formatLang(self.env, ordered, digits=0)
                    if float(ordered).is_integer()
                    else formatLang(self.env, ordered),
                    free=formatLang(self.env, free, digits=0)
                    if float(free).is_integer()
                    else formatLang(self.env, free),
                    uom=product.uom_id.name,
                )
                for product, ordered, free in shortages
            )
        if rule.method == "_oms_rule_cod_limit":
            return self.env._(
                "total %(total)s, above the channel's cash-on-delivery limit of %(limit)s",
                total=total,
                limit=format_amount(self.env, channel.cod_limit, channel.currency_id),
            )
        if rule.method == "_oms_rule_new_customer_limit":
            return self.env._(
                "first order of %(customer)s, total %(total)s above the channel's limit of "
                "%(limit)s",
                customer=self.partner_id.commercial_partner_id.display_name,
                total=total,
                limit=format_amount(self.env, channel.new_customer_limit, channel.currency_id),
            )
        if rule.method == "_oms_rule_payment_mismatch":
            return self.env._(
                "paid %(paid)s, order total %(total)s",
                paid=format_amount(self.env, self.payment_amount, self.currency_id),
                total=total,
            )
        return rule.description or ""

    @api.model
    def _oms_hold_reasons_markup(self, reasons):
        items = Markup().join(Markup("<li>%s</li>") % reason for reason in reasons)
        return Markup('<ul class="mb-0">%s</ul>') % items

    @api.private
    def _oms_log_new_holds(self, held_before_ids):
        """Post in the chatter of each order that a validation just put on hold why it
        is held (the rules and what fails)."""
        newly_held = self.filtered(lambda o: o.oms_hold and o.id not in held_before_ids)
        if not newly_held:
            return
        shortages = newly_held._oms_hold_shortages()
        for order in newly_held:
            order.message_post(
                body=Markup("<p>%s</p>%s")
                % (
                    self.env._(
                        "Order put on hold (risk score %(score)s): reservation and shipping "
                        "wait until the rules pass on a re-check or a manager releases the "
                        "hold. Failed rules:",
                        score=order.oms_risk_score,
                    ),
                    order._oms_hold_reasons_markup(
                        order._oms_hold_reasons(shortages.get(order.id, []))
                    ),
                ),
                subtype_xmlid="mail.mt_note",
            )

    @api.depends("exception_ids", "exception_ids.oms_risk_weight")
    def _compute_oms_risk(self):
        for order in self:
            score = sum(order.exception_ids.mapped("oms_risk_weight"))
            order.oms_risk_score = score
            order.oms_risk_level = order._oms_risk_level_from_score(score)

    @api.model
    def _oms_risk_level_from_score(self, score):
        if score >= RISK_HIGH_SCORE:
            return "high"
        if score >= RISK_MEDIUM_SCORE:
            return "medium"
        return "low"

    def write(self, vals):
        if vals.get("ignore_exception") and not self._oms_may_ignore_exceptions():
            raise AccessError(
                self.env._("Only managers may release orders held by validation rules.")
            )
        return super().write(vals)

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_oms_release_hold(self):
        return self._oms_open_hold_wizard("release")

    def action_oms_cancel_hold(self):
        return self._oms_open_hold_wizard("cancel")

    def action_oms_recheck(self):
        """Run the validation rules again; release what no longer fails."""
        orders = self.filtered(lambda o: o.state in ("draft", "sent"))
        if not orders:
            raise UserError(self.env._("Only quotations and held orders can be re-checked."))
        held_before = orders.filtered("oms_hold")
        orders.detect_exceptions()
        released = held_before.filtered(lambda o: not o.exception_ids)
        if released:
            released.action_confirm()
            released._oms_mark_hold_released()
        for order in orders:
            if order in released:
                body = self.env._(
                    "Validation rules re-checked by %(user)s: no rule fails any more, "
                    "the hold is released automatically and the order confirmed.",
                    user=self.env.user.name,
                )
            elif order.exception_ids:
                body = order._oms_rules_markup(
                    self.env._(
                        "Validation rules re-checked by %(user)s: still on hold.",
                        user=self.env.user.name,
                    ),
                    order.exception_ids.mapped("name"),
                )
            else:
                body = self.env._(
                    "Validation rules re-checked by %(user)s: no rule fails.",
                    user=self.env.user.name,
                )
            order.message_post(body=body)
        return True

    def action_oms_cancel_orders(self):
        """Cancel orders (held or not) with a reason, from the list: opens the wizard."""
        self._oms_check_manager()
        orders = self.filtered(lambda o: o.state != "cancel")
        if not orders:
            raise UserError(self.env._("These orders are cancelled already."))
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Cancel Orders"),
            "res_model": "oms.hold.release",
            "view_mode": "form",
            "target": "new",
            "context": {"default_order_ids": orders.ids, "default_decision": "cancel"},
        }

    def _oms_open_hold_wizard(self, decision):
        self._oms_check_manager()
        held = self.filtered("oms_hold")
        if not held:
            raise UserError(self.env._("None of these orders is on hold."))
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Release Hold")
            if decision == "release"
            else self.env._("Cancel Held Order"),
            "res_model": "oms.hold.release",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_order_ids": held.ids,
                "default_decision": decision,
            },
        }

    # ------------------------------------------------------------------
    # Hold business methods
    # ------------------------------------------------------------------
    @api.private
    def _oms_release_hold(self, reason):
        """Release held orders: ignore their exceptions, confirm them, log why."""
        self._oms_check_manager()
        reason = self._oms_check_reason(reason)
        orders = self._oms_check_held()
        blocking = orders.filtered(lambda o: any(o.exception_ids.mapped("is_blocking")))
        if blocking:
            raise UserError(
                self.env._(
                    "These orders fail a blocking rule and cannot be released: %s",
                    ", ".join(blocking.mapped("name")),
                )
            )
        released_rules = {order: order.exception_ids.mapped("name") for order in orders}
        scores = {order: order.oms_risk_score for order in orders}
        orders.write({"ignore_exception": True})
        orders.action_confirm()
        orders._oms_mark_hold_released()
        for order in orders:
            order.message_post(
                body=order._oms_rules_markup(
                    self.env._(
                        "Hold released by %(user)s (risk score %(score)s). Reason: %(reason)s. "
                        "Rules released:",
                        user=self.env.user.name,
                        score=scores[order],
                        reason=reason,
                    ),
                    released_rules[order],
                )
            )
        return True

    @api.private
    def _oms_cancel_hold(self, reason):
        """Cancel held orders and log why."""
        self._oms_check_manager()
        reason = self._oms_check_reason(reason)
        orders = self._oms_check_held()
        rules = {order: order.exception_ids.mapped("name") for order in orders}
        orders.action_cancel()
        orders.oms_cancel_reason = reason
        for order in orders:
            order.message_post(
                body=order._oms_rules_markup(
                    self.env._(
                        "Held order cancelled by %(user)s. Reason: %(reason)s. Failed rules:",
                        user=self.env.user.name,
                        reason=reason,
                    ),
                    rules[order],
                )
            )
        return True

    @api.private
    def _oms_cancel_with_reason(self, reason):
        """Cancel orders, held or not, and log why: held orders through
        :meth:`_oms_cancel_hold`; shipped orders are refused (return them instead)."""
        self._oms_check_manager()
        reason = self._oms_check_reason(reason)
        shipped = self.filtered(
            lambda o: any(p.oms_is_customer_delivery and p.state == "done" for p in o.picking_ids)
        )
        if shipped:
            raise UserError(
                self.env._(
                    "These orders have shipped and cannot be cancelled (create a return "
                    "instead): %s",
                    ", ".join(shipped.mapped("name")),
                )
            )
        held = self.filtered("oms_hold")
        others = self - held - self.filtered(lambda o: o.state == "cancel")
        if held:
            held._oms_cancel_hold(reason)
        if others:
            others.action_cancel()
            others.oms_cancel_reason = reason
            for order in others:
                order.message_post(
                    body=self.env._(
                        "Order cancelled by %(user)s. Reason: %(reason)s",
                        user=self.env.user.name,
                        reason=reason,
                    )
                )
        return True

    def _oms_check_manager(self):
        if not (self.env.su or self.env.user.has_group("oms_omnichannel.group_oms_manager")):
            raise AccessError(self.env._("Only OMS managers may release or cancel held orders."))

    def _oms_may_ignore_exceptions(self):
        """Who may set ``ignore_exception``: OMS managers, and the groups OCA
        sale_exception lets ignore exceptions in its own screens."""
        user = self.env.user
        return (
            self.env.su
            or user.has_group("oms_omnichannel.group_oms_manager")
            or user.has_group("base_exception.group_exception_rule_manager")
            or user.has_group("sales_team.group_sale_manager")
        )

    def _oms_check_reason(self, reason):
        reason = (reason or "").strip()
        if not reason:
            raise UserError(self.env._("Give the reason of the decision: it goes to the chatter."))
        return reason

    def _oms_check_held(self):
        not_held = self.filtered(lambda o: not o.oms_hold)
        if not_held:
            raise UserError(
                self.env._("These orders are not on hold: %s", ", ".join(not_held.mapped("name")))
            )
        return self

    def _oms_rules_markup(self, text, rule_names):
        items = Markup().join(Markup("<li>%s</li>") % name for name in rule_names)
        return Markup("<p>%s</p><ul>%s</ul>") % (text, items) if items else text

    # ------------------------------------------------------------------
    # Validation rules (methods of exception.rule records, see exception_rule.py)
    # ------------------------------------------------------------------
    # Time windows (duplicates, velocity) count from ``create_date``, the moment
    # the order reached the OMS: Odoo rewrites ``date_order`` at confirmation.

    def _oms_rule_scope(self):
        """Orders the OMS rules judge: quotations waiting for confirmation.

        Confirmed orders are not judged again (their own reservation would make
        them fail the stock rule, and a later duplicate would flag the first order).
        """
        return self.filtered(lambda o: o.state in ("draft", "sent"))

    def _oms_rule_incomplete_address(self):
        # a store (POS) sale is carried out of the shop, a click-and-collect order is
        # collected in the store: nothing to deliver
        failing = [
            order.id
            for order in self._oms_rule_scope()
            if order.channel_id.channel_type != "pos"
            and not order.oms_pickup_store_id
            and not self._oms_is_address_deliverable(order.partner_shipping_id)
        ]
        return self.browse(failing)

    @api.model
    def _oms_is_address_deliverable(self, partner):
        if not (partner.street and partner.city and partner.country_id):
            return False
        if partner.country_id.code == "ID":
            return bool(partner.state_id and INDONESIAN_ZIP.match((partner.zip or "").strip()))
        return True

    def _oms_rule_stock_unavailable(self):
        """Orders that the warehouses that may ship them cannot serve, as ``oms.atp``
        counts it: safety stock and units promised to other orders are not free;
        what is held for lower-priority orders is (reservation and reallocation
        serve this order first)."""
        lines = self._oms_rule_scope()._oms_stock_lines()
        if not lines:
            return self.browse()
        # a pre-order covered by an incoming receipt is not short of stock
        return self.env["oms.atp"]._get_short_orders(lines)._oms_without_covered_preorders()

    def _oms_rule_duplicate_order(self):
        orders = self._oms_rule_scope().filtered(
            lambda o: o.channel_id.duplicate_window_minutes > 0
        )
        if not orders:
            return self.browse()
        widest = timedelta(minutes=max(orders.channel_id.mapped("duplicate_window_minutes")))
        dates = orders.mapped("create_date")
        candidates = (
            self.env["sale.order"]
            .sudo()
            .search_fetch(
                [
                    (
                        "partner_id.commercial_partner_id",
                        "in",
                        orders.partner_id.commercial_partner_id.ids,
                    ),
                    ("company_id", "in", orders.company_id.ids),
                    ("state", "!=", "cancel"),
                    ("create_date", ">=", min(dates) - widest),
                    ("create_date", "<=", max(dates) + widest),
                ],
                ["partner_id", "create_date"],
            )
        )
        everyone = candidates | orders.sudo()
        signatures = self._oms_line_signatures(everyone)
        buckets = defaultdict(list)  # (customer id, signature) -> [(order id, date)]
        for order in everyone:
            signature = signatures.get(order.id)
            if signature:
                key = (order.partner_id.commercial_partner_id.id, signature)
                buckets[key].append((order.id, order.create_date))
        failing = []
        for order in orders:
            signature = signatures.get(order.id)
            if not signature:
                continue
            window = timedelta(minutes=order.channel_id.duplicate_window_minutes)
            key = (order.partner_id.commercial_partner_id.id, signature)
            if any(
                other_id != order.id and abs(other_date - order.create_date) <= window
                for other_id, other_date in buckets[key]
            ):
                failing.append(order.id)
        return self.browse(failing)

    @api.model
    def _oms_line_signatures(self, orders):
        """``{order id: frozenset((product id, quantity in product UoM))}`` of the
        goods of ``orders`` (delivery and note lines left out), read in one query."""
        groups = (
            self.env["sale.order.line"]
            .sudo()
            ._read_group(
                [
                    ("order_id", "in", orders.ids),
                    ("display_type", "=", False),
                    ("is_delivery", "=", False),
                    ("product_id", "!=", False),
                ],
                ["order_id", "product_id", "product_uom_id"],
                ["product_uom_qty:sum"],
            )
        )
        quantities = defaultdict(lambda: defaultdict(float))
        for order, product, uom, qty in groups:
            quantities[order.id][product.id] += uom._compute_quantity(
                qty, product.uom_id, round=False
            )
        return {
            order_id: frozenset(
                (product_id, round(qty, 6)) for product_id, qty in by_product.items()
            )
            for order_id, by_product in quantities.items()
        }

    def _oms_amount_in_channel_currency(self):
        self.ensure_one()
        currency = self.channel_id.currency_id
        if self.currency_id == currency or not self.currency_rate:
            return self.amount_total
        return currency.round(self.amount_total / self.currency_rate)

    def _oms_above_channel_limit(self, limit_field):
        """Orders whose total exceeds the channel's (non-zero) limit ``limit_field``."""
        return self.filtered(
            lambda o: (
                o.channel_id[limit_field] > 0
                and o.channel_id.currency_id.compare_amounts(
                    o._oms_amount_in_channel_currency(), o.channel_id[limit_field]
                )
                > 0
            )
        )

    def _oms_rule_cod_limit(self):
        orders = self._oms_rule_scope().filtered(lambda o: o.payment_method == "cod")
        return self.browse(orders._oms_above_channel_limit("cod_limit").ids)

    def _oms_rule_new_customer_limit(self):
        orders = self._oms_rule_scope()._oms_above_channel_limit("new_customer_limit")
        if not orders:
            return self.browse()
        customers = orders.partner_id.commercial_partner_id
        known = {
            customer.id
            for (customer,) in self.env["sale.order"]
            .sudo()
            ._read_group(
                [
                    ("partner_id.commercial_partner_id", "in", customers.ids),
                    ("state", "=", "sale"),
                    ("id", "not in", orders.ids),
                ],
                ["partner_id.commercial_partner_id"],
            )
        }
        return self.browse(
            [o.id for o in orders if o.partner_id.commercial_partner_id.id not in known]
        )

    def _oms_blacklist_keys(self):
        """``{(kind, normalised value)}`` of one order: emails and phones of the
        customer and of the shipping contact, street line of the shipping address."""
        self.ensure_one()
        keys = set()
        # a tuple, not a union: the records keep the prefetch set of all orders
        for partner in (self.partner_id, self.partner_shipping_id):
            keys.add(("email", normalize_email(partner.email)))
            keys.add(("phone", normalize_phone(partner.phone)))
        shipping = self.partner_shipping_id
        keys.add(("address", normalize_address(shipping.street)))
        keys.add(
            (
                "address",
                normalize_address(" ".join(filter(None, [shipping.street, shipping.street2]))),
            )
        )
        return {key for key in keys if key[1]}

    def _oms_rule_blacklisted(self):
        orders = self._oms_rule_scope()
        keys = {order: order._oms_blacklist_keys() for order in orders}
        values_by_kind = defaultdict(set)
        for order_keys in keys.values():
            for kind, value in order_keys:
                values_by_kind[kind].add(value)
        matches = self.env["oms.blacklist"]._oms_match(values_by_kind)
        return self.browse(
            [order.id for order, order_keys in keys.items() if order_keys & matches.keys()]
        )

    def _oms_rule_payment_mismatch(self):
        failing = [
            order.id
            for order in self._oms_rule_scope()
            if order.payment_status == "paid"
            and order.payment_amount
            and float_compare(
                abs(order.payment_amount - order.amount_total),
                order.currency_id.rounding,
                precision_rounding=order.currency_id.rounding,
            )
            > 0
        ]
        return self.browse(failing)

    @api.model
    def _oms_velocity_keys(self, order):
        keys = set()
        for partner in (order.partner_id, order.partner_shipping_id):
            if partner.email_normalized:
                keys.add(("email", partner.email_normalized))
            if partner.phone_sanitized:
                keys.add(("phone", partner.phone_sanitized))
        return keys

    def _oms_rule_velocity(self):
        orders = self._oms_rule_scope().filtered(lambda o: o.channel_id.velocity_limit > 0)
        if not orders:
            return self.browse()
        keys = {order: self._oms_velocity_keys(order) for order in orders}
        emails = [
            value for order_keys in keys.values() for kind, value in order_keys if kind == "email"
        ]
        phones = [
            value for order_keys in keys.values() for kind, value in order_keys if kind == "phone"
        ]
        if not (emails or phones):
            return self.browse()
        dates = orders.mapped("create_date")
        candidates = (
            self.env["sale.order"]
            .sudo()
            .search_fetch(
                [
                    ("company_id", "in", orders.company_id.ids),
                    ("state", "!=", "cancel"),
                    ("create_date", ">=", min(dates) - VELOCITY_WINDOW),
                    ("create_date", "<=", max(dates)),
                    "|",
                    "|",
                    "|",
                    ("partner_id.email_normalized", "in", emails),
                    ("partner_id.phone_sanitized", "in", phones),
                    ("partner_shipping_id.email_normalized", "in", emails),
                    ("partner_shipping_id.phone_sanitized", "in", phones),
                ],
                ["create_date", "partner_id", "partner_shipping_id"],
            )
        )
        dates_by_key = defaultdict(dict)  # key -> {order id: date}
        for other in candidates | orders.sudo():
            for key in self._oms_velocity_keys(other):
                dates_by_key[key][other.id] = other.create_date
        failing = []
        for order, order_keys in keys.items():
            start = order.create_date - VELOCITY_WINDOW
            limit = order.channel_id.velocity_limit
            for key in order_keys:
                count = sum(
                    1 for date in dates_by_key[key].values() if start <= date <= order.create_date
                )
                if count > limit:
                    failing.append(order.id)
                    break
        return self.browse(failing)
