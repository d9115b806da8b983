# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The order pipeline, read top to bottom.

Every order, whatever its channel, goes through the same named steps::

    capture ──► validate ──► source ──► confirm + reserve ──► promise ──► notify

1. **capture** (``oms_capture.py``, ``oms.capture.capture``): the one entry of the
   REST API, the UI, marketplace imports (``oms_marketplace_sync``), field sales,
   repeat orders and exchanges (``oms_returns``). It checks the payload, matches the
   customer, creates the quotation idempotently, then calls
   :meth:`SaleOrder._oms_process_captured` below.
2. **validate** (:meth:`SaleOrder._oms_process_captured`, :meth:`_oms_step_validate`):
   the validation rules (``sale_exception`` rules, methods ``_oms_rule_*`` in
   ``sale_order_validation.py``) hold an order or let it through; an order that
   passes and whose automatic workflow validates orders is confirmed at once.
   Holds are authoritative: the workflow's scheduled job never confirms a held
   order (``automatic_workflow_job.py``); a manager releases it
   (``sale_order_validation.py``, ``action_oms_release_hold``).
3. **source** (:meth:`_oms_step_source`): which warehouse ships which line
   (``sale_order_sourcing.py`` on ``tools/sourcing.py`` and the one ATP,
   ``oms_atp.py``), or which store (click-and-collect), incoming receipt
   (pre-orders) or vendor (``oms_dropship``) serves it.
4. **confirm + reserve** (:meth:`_oms_step_confirm`, :meth:`_oms_step_reserve`):
   Odoo confirms the orders, most important first; its procurements create the
   deliveries per sourced warehouse and reserve the stock (``stock_move.py``
   reserves by OMS priority); the OMS then tells what could not be reserved.
5. **promise** (:meth:`_oms_step_promise`): the ship and delivery dates (computed
   while sourcing from the warehouse calendars, cut-offs and carrier transit:
   ``tools/promise.py``) are moved for what is not in stock yet.
6. **notify** (:meth:`_oms_step_notify`): the customer mails and channel webhooks
   follow the OMS status (``sale_order_notify.py``), so they need no call here.

Extension points (where the other add-ons and order types hook in) are named in
each step's docstring. Each method of ``sale.order`` is defined in one file of this
add-on only (``tests/test_project_layout.py`` checks it); another add-on extends a
step by overriding it (or the hook it names) and calling ``super()``.
"""

from odoo import api, models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    # ------------------------------------------------------------------
    # capture ──► validate
    # ------------------------------------------------------------------

    @api.private
    def _oms_process_captured(self):
        """Run the OMS flow on freshly captured orders.

        Validation rules (sale_exception) are evaluated; orders that pass and
        whose automatic workflow validates orders are confirmed at once (through
        :meth:`action_confirm`). Held orders stay in quotation until a manager
        releases them. Return the held orders.

        Extension points: ``oms_marketplace_sync`` (an account whose policy is
        "never confirm" only judges the orders); repeat orders run through it
        (``sale_order_types.py``, ``_oms_place_repeat_orders``).
        """
        self.detect_exceptions()
        held = self.filtered(lambda o: o.exception_ids and not o.ignore_exception)
        to_confirm = (self - held).filtered(
            lambda o: o.state in ("draft", "sent") and o.workflow_process_id.validate_order
        )
        if to_confirm:
            # the rules were just evaluated: sale_exception need not run them again
            to_confirm.with_context(oms_exceptions_checked=True).action_confirm()
        return held

    def detect_exceptions(self):
        if self.env.context.get("oms_exceptions_checked"):
            return []
        held_before = set(self.filtered("oms_hold").ids)
        result = super().detect_exceptions()
        # the chatter says why an order was put on hold
        self._oms_log_new_holds(held_before)
        return result

    # ------------------------------------------------------------------
    # The confirmation: source ──► confirm + reserve ──► promise ──► notify
    # ------------------------------------------------------------------

    def action_confirm(self):
        """Confirm orders through the OMS pipeline (from a capture, a release of a
        hold, the workflow or the Confirm button)."""
        self._oms_step_validate()
        self._oms_step_source()
        res = self._oms_step_confirm()
        confirmed = self.filtered(lambda o: o.state == "sale")
        confirmed._oms_step_reserve()
        confirmed._oms_step_promise()
        confirmed._oms_step_notify()
        return res

    @api.private
    def _oms_step_validate(self):
        """What must hold before anything is sourced; raise to refuse the confirmation.

        B2B: the products' minimum order quantity and pack size
        (``sale_order_types.py``, ``_oms_check_order_quantities``; the capture refuses
        them earlier, ``oms_capture_types.py``). The validation rules themselves run
        at capture (:meth:`_oms_process_captured`) and again in Odoo's confirmation
        (``sale_exception``), unless they were just evaluated.

        Extension point: override to add a check that refuses the confirmation.
        """
        self._oms_check_order_quantities()

    @api.private
    def _oms_step_source(self):
        """Decide where each line comes from, before Odoo creates the deliveries.

        * click-and-collect: the pickup store becomes the (fixed) warehouse
          (``_oms_prepare_pickup``);
        * B2B: the customer's partial delivery preference becomes the shipping policy
          (``_oms_apply_customer_picking_policy``);
        * pre-orders: lines beyond the stock, covered by an incoming receipt, are
          marked (``_oms_mark_preorders``);
        * warehouse sourcing on the one ATP (``sale_order_sourcing.py``,
          ``_oms_source``): split, guardrails, explanation and the first promise.

        Extension points: ``_oms_source`` (``oms_dropship`` sources the lines a vendor
        supplies or that are bought / made to order), ``_oms_stock_lines`` (which
        lines use warehouse stock), ``oms.atp._get_committed_elsewhere`` (``oms_pos``:
        open Point of Sale sessions lower the ATP every channel sees).
        """
        self._oms_prepare_pickup()
        self._oms_apply_customer_picking_policy()
        self._oms_mark_preorders()
        self._oms_source()

    @api.private
    def _oms_step_confirm(self):
        """Odoo's confirmation, most important orders of the batch first: the
        validation rules (``sale_exception``), the procurements (one delivery per
        sourced warehouse, purchases for vendor lines), the reservation by OMS
        priority (``stock_move.py``) and the automatic workflow. Return its result.

        An order a validation rule stopped is no pre-order (yet).
        """
        orders = self.sorted(lambda o: (-o.oms_priority, o.id))
        res = super(SaleOrder, orders).action_confirm()
        unconfirmed = self.filtered(lambda o: o.state != "sale" and o.oms_preorder_state)
        if unconfirmed:
            unconfirmed.order_line.oms_preorder_qty = 0.0
            unconfirmed.write({"oms_preorder_state": False, "oms_preorder_date": False})
        return res

    @api.private
    def _oms_step_reserve(self):
        """After the confirmation, on the confirmed orders: tell on the order what
        could not be reserved (``_oms_report_shortage``: the loser of a race, a
        shortage; reallocation can move reservations later), and bring to a pickup
        store by transfer what it lacks (``_oms_plan_pickup``, which sets the pickup
        date).

        Extension point: override to act on freshly reserved orders.
        """
        self.filtered("channel_id")._oms_report_shortage()
        self.filtered("oms_pickup_store_id")._oms_plan_pickup()

    @api.private
    def _oms_step_promise(self):
        """Move the promise of what is not in stock yet: a pre-order ships after its
        receipt (``_oms_promise_preorders``). The promise of stock lines was computed
        while sourcing (``sale_order_sourcing.py``, ``_oms_compute_promise``), the one
        of vendor lines by ``oms_dropship``.

        Extension point: override to adjust the promise of confirmed orders.
        """
        self.filtered(lambda o: o.oms_preorder_state == "waiting")._oms_promise_preorders()

    @api.private
    def _oms_step_notify(self):
        """Nothing to call: the customer mails and the channel webhooks follow the OMS
        status, a tracked stored field (``sale_order_notify.py``: ``_track_template``,
        ``_message_track``, ``_oms_status_changed``), so a status reached here is
        notified at the end of the transaction like any later one.

        Extension point: a channel that must hear of the confirmation itself
        (rather than of the status) overrides this step; marketplaces are told of
        shipments and cancellations by ``oms_marketplace_sync``
        (``stock.picking._action_done``, ``sale.order._action_cancel``).
        """
