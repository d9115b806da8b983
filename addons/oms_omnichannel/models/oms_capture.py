# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import logging
from datetime import UTC, datetime

from markupsafe import Markup, escape
from psycopg2 import DataError
from psycopg2.errors import UniqueViolation

from odoo import api, models
from odoo.exceptions import AccessError, ConcurrencyError, UserError, ValidationError
from odoo.fields import Command, Domain
from odoo.tools import float_is_zero

from ..tools import capture_schema
from ..tools.address import match_province

_logger = logging.getLogger(__name__)

# Name PostgreSQL gives the UNIQUE(channel_id, external_ref) constraint of sale.order.
ORDER_REF_CONSTRAINT = "sale_order_channel_external_ref_uniq"
# Fingerprint parts that are the idempotency key itself: the order was found by their
# normalised value, so a difference there is only blanks or case.
IDENTITY_PARTS = ("channel", "external_ref")
# key in ``cr.cache`` of the lookups of the batch being prepared (see ``_lookup``)
LOOKUPS_KEY = "oms_omnichannel.capture_lookups"


class CaptureError(UserError):
    """A capture refused, with a machine-readable ``code`` and per-field problems.

    ``code`` is one of the error codes of the API (``validation_error``, ``conflict``,
    ``forbidden``, ``not_found``); ``fields`` is a list of ``{"field", "message"}``.
    """

    def __init__(self, code, message, fields=None, order=None):
        super().__init__(message)
        self.code = code
        self.fields = fields or []
        self.order = order

    def to_dict(self):
        error = {"code": self.code, "message": self.args[0]}
        if self.fields:
            error["fields"] = self.fields
        return {"error": error}


class OmsCapture(models.AbstractModel):
    """The one capture service of the OMS.

    Every entry point (REST API, batch, marketplace imports, exchange orders) turns its
    input into the capture payload (see ``tools/capture_schema.py``) and calls
    :meth:`capture`. The service validates, is idempotent per (channel, external_ref),
    matches the customer, creates the order and starts the OMS flow.
    """

    _name = "oms.capture"
    _description = "Order Capture Service"

    # ------------------------------------------------------------------
    # Entry points
    # ------------------------------------------------------------------

    @api.model
    @api.private
    def capture(self, payload, check_api_user=False):
        """Capture one order. Return ``(order, created)``; raise :class:`CaptureError`.

        ``created`` is False for an identical replay of an order already captured. When
        ``check_api_user`` is set, the current user must be one of the channel's API users.
        Nothing is written when an error is raised.
        """
        problems = capture_schema.validate(payload)
        if problems:
            raise CaptureError("validation_error", self.env._("The order is not valid."), problems)
        channel = self._get_channel(payload["channel"], check_api_user=check_api_user)
        self = self.with_company(channel.company_id)
        payload = self._normalize_key(channel, payload)
        existing = self._find_order(channel, payload["external_ref"])
        if existing:
            return self._replay(existing, capture_schema.fingerprint(payload)), False
        refs = self._resolve_references(channel, payload)
        self._lock_stock(channel, refs)
        return self._create_or_replay(channel, payload, refs)

    @api.model
    def _normalize_key(self, channel, payload):
        """The payload with its idempotency key in canonical form.

        ``"IDEM "`` and ``" idem"`` name channel IDEM, ``"A-1 "`` is order A-1: the order
        is stored, found and fingerprinted under the stripped reference and channel code.
        """
        external_ref = payload["external_ref"].strip()
        if not external_ref:
            message = self.env._("The reference must not be blank.")
            raise CaptureError(
                "validation_error",
                self.env._("The order is not valid."),
                [{"field": "external_ref", "message": message}],
            )
        return dict(payload, channel=channel.code, external_ref=external_ref)

    @api.model
    def _lock_stock(self, channel, refs):
        """Take the stock lock of sourcing now, at the start of the transaction.

        Sourcing locks the quants it reserves from (``sale.order._oms_lock_stock``); taken
        only there, at the end of a capture, the lock fails with a serialization error
        whenever any other capture of the same SKU committed meanwhile, which under load
        on a best-seller exhausts Odoo's retries. Taken here, a retried capture only loses
        when another one holds the lock at that very moment.
        """
        products = self.env["product.product"].union(*refs["product_by_sku"].values())
        lookups = self.env.cr.cache.get(LOOKUPS_KEY)
        if lookups is not None:
            # a batch: the quants of all its products, once
            products = self._batch_products(channel.company_id)
            if ("lock", channel.id) in lookups:
                return
            lookups[("lock", channel.id)] = True
        products = products.filtered("is_storable")
        if products:
            self.env["sale.order"]._oms_lock_stock(
                products, self.env["oms.atp"]._channel_warehouses(channel)
            )

    @api.model
    def _create_or_replay(self, channel, payload, refs):
        """Create the order of a resolved payload (see ``_create_in_savepoint``)."""
        fingerprint = capture_schema.fingerprint(payload)
        return self._create_in_savepoint(
            channel,
            payload["external_ref"],
            fingerprint,
            lambda: self._create_order(channel, payload, refs, fingerprint),
        )

    @api.model
    def _create_in_savepoint(self, channel, external_ref, fingerprint, create):
        """Run ``create()`` (it returns the new order) in a savepoint; return (order, created).

        If the UNIQUE(channel_id, external_ref) constraint fires, another request captured
        the same reference since our lookup: answer as a replay of that order. Access and
        validation errors become CaptureErrors (403 / 422), with nothing written.
        """
        try:
            with self.env.cr.savepoint():
                order = create()
        except UniqueViolation as exc:
            if exc.diag.constraint_name != ORDER_REF_CONSTRAINT:
                raise
            # Another transaction captured the same reference meanwhile.
            self.env.invalidate_all()
            existing = self._find_order(channel, external_ref)
            if not existing:
                # committed after our snapshot began: retry the whole request, the
                # replay path will then find the order (odoo.service.model.retrying)
                raise ConcurrencyError("concurrent capture of the same order") from exc
            return self._replay(existing, fingerprint), False
        except AccessError as exc:
            raise CaptureError("forbidden", exc.args[0]) from exc
        except (UserError, ValidationError) as exc:
            if isinstance(exc, CaptureError):
                raise
            message = exc.args[0] if exc.args else str(exc)
            raise CaptureError("validation_error", message) from exc
        return order, True

    @api.model
    @api.private
    def capture_batch(self, payloads, check_api_user=False):
        """Capture several orders, each on its own: one failure does not stop the others.

        Return one dict per payload: ``{"index", "status", ...}`` where status is 201
        (created), 200 (identical replay), 409 (conflict), 422 (invalid) or 403 (channel
        not allowed).

        Each payload is checked, resolved and its customer matched in a savepoint of its
        own; the new orders are then created in one ``create()`` and validated, sourced
        and confirmed as one batch. A reference sent twice in the batch is captured after
        the others (the second is then a replay or a conflict).
        """
        results = {}
        deferred = self.with_context(oms_defer_processing=True)
        pending, later, keys = [], [], set()
        self._start_lookups(payloads)
        try:
            for index, payload in enumerate(payloads):
                outcome = deferred._batch_step(
                    index,
                    results,
                    lambda p=payload: deferred._prepare_batch_order(
                        p, keys, check_api_user=check_api_user
                    ),
                )
                if outcome is None:
                    continue
                if outcome == "later":
                    later.append(index)
                elif isinstance(outcome, dict):
                    outcome["index"] = index
                    pending.append(outcome)
                else:
                    results[index] = outcome
        finally:
            self.env.cr.cache.pop(LOOKUPS_KEY, None)
        created_orders = deferred._create_batch_orders(pending, results)
        # validation, sourcing and confirmation of the new orders as one batch: rules,
        # stock figures and procurements are read and run once for all of them
        if created_orders:
            self._process_batch(created_orders)
        # a reference sent twice in the batch, now that the first is captured: a replay
        # or a conflict (or, if the first was refused, a capture of its own)
        for index in later:
            outcome = self._batch_step(
                index,
                results,
                lambda p=payloads[index]: self.capture(p, check_api_user=check_api_user),
            )
            if outcome is not None:
                results[index] = outcome
        return [
            result
            if isinstance(result, dict)
            else dict(
                self.order_result(result[0], result[1]),
                index=index,
                status=201 if result[1] else 200,
            )
            for index, result in sorted(results.items())
        ]

    @api.model
    def _process_batch(self, orders):
        """Validate, source and confirm the orders a batch created, together.

        The savepoint runs no pre-commit hooks (``savepoint(flush=False)``): the orders'
        status history and their one capture message (``sale.order._oms_register_created``)
        are written at the end of the transaction, after the processing, as for a single
        capture. If the batch fails, each order is processed on its own."""
        savepoint = self.env.cr.savepoint(flush=False)
        try:
            self._process_captured(orders)
            self.env.flush_all()
        except (UserError, ValidationError):
            savepoint.close(rollback=True)
            # forget what the failed processing left in the ORM and the pre-commit hooks
            self.env.cr.clear()
            orders._oms_register_created(captured=True)
            _logger.warning("batch processing failed, processing orders one by one")
            for order in orders:
                try:
                    with self.env.cr.savepoint():
                        self._process_captured(order)
                except (UserError, ValidationError) as exc:
                    # the order stays received; the reason is on its timeline
                    order.message_post(body=str(exc))
        else:
            savepoint.close(rollback=False)

    @api.model
    def _batch_step(self, index, results, step):
        """Run ``step()`` of the order at ``index`` of a batch in a savepoint; return its
        result, or None after storing the refusal of the order in ``results``."""
        try:
            with self.env.cr.savepoint():
                return step()
        except CaptureError as error:
            status = {"conflict": 409, "forbidden": 403}.get(error.code, 422)
            results[index] = dict(error.to_dict(), index=index, status=status)
        except (ArithmeticError, ValueError, RecursionError, DataError) as exc:
            # a value the validation let through and the ORM or PostgreSQL cannot
            # hold: this order is refused (its savepoint is rolled back), the
            # others of the batch go on
            _logger.warning("batch order %s refused: %r", index, exc, exc_info=True)
            error = CaptureError(
                "validation_error",
                self.env._("The order holds a value that cannot be stored."),
            )
            results[index] = dict(error.to_dict(), index=index, status=422)
        return None

    @api.model
    def _prepare_batch_order(self, payload, keys, check_api_user=False):
        """What :meth:`capture` does before creating the order, for a batch: return
        ``(order, False)`` for a replay, ``"later"`` for a reference already in the
        batch, else a dict with the order's values (customer and addresses are matched
        or created now)."""
        problems = capture_schema.validate(payload)
        if problems:
            raise CaptureError("validation_error", self.env._("The order is not valid."), problems)
        channel = self._get_channel(payload["channel"], check_api_user=check_api_user)
        self = self.with_company(channel.company_id)
        payload = self._normalize_key(channel, payload)
        key = (channel.id, payload["external_ref"])
        if key in keys:
            return "later"
        fingerprint = capture_schema.fingerprint(payload)
        existing = self._find_order(channel, payload["external_ref"])
        if existing:
            return self._replay(existing, fingerprint), False
        refs = self._resolve_references(channel, payload)
        self._lock_stock(channel, refs)
        try:
            vals = self._prepare_capture_vals(channel, payload, refs, fingerprint)
        except AccessError as exc:
            raise CaptureError("forbidden", exc.args[0]) from exc
        except (UserError, ValidationError) as exc:
            if isinstance(exc, CaptureError):
                raise
            raise CaptureError("validation_error", exc.args[0] if exc.args else str(exc)) from exc
        keys.add(key)
        return {
            "capture": self,
            "channel": channel,
            "payload": payload,
            "fingerprint": fingerprint,
            "vals": vals,
        }

    @api.model
    def _create_batch_orders(self, pending, results):
        """Create the orders of ``pending`` (see ``_prepare_batch_order``) in one
        ``create()`` per company; store ``(order, True)`` in ``results``. If that fails
        (a concurrent capture of one of the references, a value refused), each order is
        created alone, as :meth:`capture` does. Return the new orders."""
        created = self.env["sale.order"]
        by_company = {}
        for item in pending:
            by_company.setdefault(item["channel"].company_id, []).append(item)
        for items in by_company.values():
            capture = items[0]["capture"]
            # no pre-commit hooks here either (see ``_process_batch``)
            savepoint = self.env.cr.savepoint(flush=False)
            try:
                orders = capture._create_orders(
                    [item["vals"] for item in items], [item["payload"] for item in items]
                )
                self.env.flush_all()
            except (
                UniqueViolation,
                UserError,
                ValidationError,
                AccessError,
                ArithmeticError,
                ValueError,
                RecursionError,
                DataError,
            ) as exc:
                savepoint.close(rollback=True)
                self.env.cr.clear()
                _logger.info("batch create failed (%r), creating the orders one by one", exc)
            else:
                savepoint.close(rollback=False)
                for item, order in zip(items, orders, strict=True):
                    results[item["index"]] = (order.with_env(self.env), True)
                created |= orders
                continue
            for item in items:

                def create(item=item):
                    return item["capture"]._create_orders([item["vals"]], [item["payload"]])

                outcome = self._batch_step(
                    item["index"],
                    results,
                    lambda item=item, create=create: item["capture"]._create_in_savepoint(
                        item["channel"],
                        item["payload"]["external_ref"],
                        item["fingerprint"],
                        create,
                    ),
                )
                if outcome is not None:
                    results[item["index"]] = outcome
                    if outcome[1]:
                        created |= outcome[0]
        return created.with_env(self.env)

    @api.model
    @api.private
    def get_order(self, channel_code, external_ref, check_api_user=False):
        """The order of a channel by its external reference, as the current user sees it."""
        channel = self._get_channel(channel_code, check_api_user=check_api_user, not_found=True)
        order = self.env["sale.order"].search(
            self._get_order_domain(channel, external_ref), limit=1
        )
        if not order:
            raise CaptureError(
                "not_found",
                self.env._(
                    "No order %(ref)s in channel %(channel)s.",
                    ref=external_ref,
                    channel=channel.code,
                ),
            )
        return order

    @api.model
    @api.private
    def cancel(self, order, reason=None):
        """Cancel a captured order that has not shipped; raise a conflict otherwise."""
        if order.state == "cancel":
            return order
        self._check_not_shipped(order, self.env._("cancelled"))
        try:
            with self.env.cr.savepoint():
                order.action_cancel()
                order.oms_cancel_reason = reason or self.env._(
                    "Cancelled through the %s channel", order.channel_id.code or ""
                )
        except AccessError as exc:
            raise CaptureError("forbidden", exc.args[0]) from exc
        except UserError as exc:
            raise CaptureError("conflict", exc.args[0], order=order) from exc
        return order

    @api.model
    @api.private
    def change_shipping_address(self, order, data):
        """Give ``order`` the shipping address of ``data`` ({"shipping_address": {...}})."""
        problems = capture_schema.validate(data, "AddressChange")
        if problems:
            raise CaptureError(
                "validation_error", self.env._("The address is not valid."), problems
            )
        if order.state == "cancel":
            raise CaptureError(
                "conflict",
                self.env._("Order %s is cancelled: its address cannot change.", order.name),
                order=order,
            )
        self._check_not_shipped(order, self.env._("re-addressed"))
        self = self.with_company(order.company_id)
        problems = []
        countries, states = self._resolve_addresses(data, problems)
        if problems:
            raise CaptureError(
                "validation_error", self.env._("The address is not valid."), problems
            )
        vals = self._prepare_address_vals(data["shipping_address"], countries, states)
        # sudo: customers and their addresses are maintained by the capture on behalf of
        # the channel (API users need no contact-creation right); values come from the
        # validated payload only.
        address = order.partner_id.commercial_partner_id.sudo()._oms_find_or_create_address(
            "delivery", vals
        )
        if address != order.partner_shipping_id:
            order.with_context(update_delivery_shipping_partner=True).write(
                {"partner_shipping_id": address.id}
            )
        return order

    @api.model
    @api.private
    def order_result(self, order, created):
        """The short answer to a capture."""
        return {
            "id": order.id,
            "name": order.name,
            "channel": order.channel_id.code,
            "external_ref": order.external_ref,
            "oms_status": order.oms_status,
            "created": created,
            "pickup": self._pickup_info(order),
            **self._promise_info(order),
        }

    @api.model
    def _promise_info(self, order):
        """Sourcing outcome and promised dates (oms_omnichannel's order promising)."""
        return {
            "sourcing": order.oms_sourcing_outcome or None,
            "promised_ship_date": (
                order.oms_promised_ship_date and order.oms_promised_ship_date.isoformat()
            )
            or None,
            "promised_delivery": {
                "from": order.oms_promised_delivery_from.isoformat(),
                "to": order.oms_promised_delivery_to.isoformat(),
            }
            if order.oms_promised_delivery_from and order.oms_promised_delivery_to
            else None,
        }

    @api.model
    @api.private
    def order_status(self, order):
        """The status of an order as the API publishes it."""
        lines = order.order_line.filtered(
            lambda line: not line.display_type and not line.is_delivery
        )
        return {
            "id": order.id,
            "name": order.name,
            "channel": order.channel_id.code,
            "external_ref": order.external_ref,
            "oms_status": order.oms_status,
            "state": order.state,
            "holds": order.exception_ids.mapped("name"),
            "carriers": order.oms_carrier_names or None,
            "tracking_refs": [
                ref.strip() for ref in (order.oms_tracking_refs or "").split(",") if ref.strip()
            ],
            "tracking_url": order.oms_tracking_url or None,
            "amount_total": order.amount_total,
            "currency": order.currency_id.name,
            "payment_method": order.payment_method or None,
            # cash on delivery only: unpaid (not delivered yet), collected (by the
            # courier, awaiting the remittance), paid (remittance registered)
            "cod_status": order.oms_cod_state or None,
            "lines": [
                {
                    "sku": line.product_id.default_code or None,
                    "name": line.name,
                    "quantity": line.product_uom_qty,
                    "delivered": line.qty_delivered,
                    "unit_price": line.price_unit,
                    "discount": line.discount,
                    "warehouse": line.warehouse_id.code or None,
                }
                for line in lines
            ],
            # one entry per delivery: a split order ships from several warehouses
            "shipments": [
                {
                    "warehouse": picking.picking_type_id.warehouse_id.code or None,
                    "reference": picking.name,
                    "state": picking.state,
                    "carrier": picking.carrier_id.name or None,
                    "tracking_ref": picking.carrier_tracking_ref or None,
                    "tracking_url": picking.carrier_tracking_url or None,
                    "delivered_on": (
                        picking.oms_delivered_date and picking.oms_delivered_date.isoformat()
                    )
                    or None,
                }
                for picking in order.delivery_picking_ids
            ],
            "pickup": self._pickup_info(order),
            **self._promise_info(order),
        }

    # ------------------------------------------------------------------
    # Steps
    # ------------------------------------------------------------------

    @api.model
    def _get_channel(self, code, check_api_user=False, not_found=False):
        channels = self._lookup("oms.channel", [("code", "=", (code or "").strip().upper())])
        if len(channels) > 1:
            channels = channels.filtered(lambda c: self.env.user in c.api_user_ids) or channels
        channel = channels[:1]
        if not channel:
            message = self.env._("Unknown channel %s.", code)
            if not_found:
                raise CaptureError("not_found", message)
            raise CaptureError(
                "validation_error", message, [{"field": "channel", "message": message}]
            )
        if check_api_user and self.env.user not in channel.api_user_ids:
            raise CaptureError(
                "forbidden",
                self.env._(
                    "User %(user)s may not use channel %(channel)s.",
                    user=self.env.user.login,
                    channel=channel.code,
                ),
            )
        return channel

    @api.model
    def _lookup(self, model, domain, limit=None):
        """``search()``, read once per batch while ``capture_batch`` prepares its orders:
        the payloads of a batch name the same channel, countries, carrier... The
        results are memoised per domain and user for the preparation only."""
        lookups = self.env.cr.cache.get(LOOKUPS_KEY)
        if lookups is None:
            return self.env[model].search(domain, limit=limit)
        key = (model, repr(domain), limit, self.env.uid, self.env.su, self.env.company.id)
        if key not in lookups:
            lookups[key] = self.env[model].search(domain, limit=limit)
        return lookups[key].with_env(self.env)

    @api.model
    def _batch_products(self, company):
        """The products of ``company`` (or shared) with an SKU of the batch being
        prepared, in one search (see ``_lookup``)."""
        lookups = self.env.cr.cache[LOOKUPS_KEY]
        return self._lookup(
            "product.product",
            [
                ("default_code", "in", sorted(lookups["skus"])),
                ("sale_ok", "=", True),
                ("company_id", "in", [False, company.id]),
            ],
        )

    @api.model
    def _start_lookups(self, payloads):
        """Start the lookups of a batch: what its payloads name, read on first use."""
        skus = set()
        for payload in payloads:
            lines = payload.get("lines") if isinstance(payload, dict) else None
            for line in lines if isinstance(lines, list) else []:
                if isinstance(line, dict) and isinstance(line.get("sku"), str):
                    skus.add(line["sku"])
        customer_keys = set()
        for payload in payloads:
            customer = payload.get("customer") if isinstance(payload, dict) else None
            if isinstance(customer, dict):
                email, phone = customer.get("email"), customer.get("phone")
                customer_keys.add(
                    (
                        email if isinstance(email, str) else None,
                        phone if isinstance(phone, str) else None,
                    )
                )
        self.env.cr.cache[LOOKUPS_KEY] = {
            "refs": {
                payload["external_ref"].strip()
                for payload in payloads
                if isinstance(payload, dict) and isinstance(payload.get("external_ref"), str)
            },
            "skus": skus,
            "customer_keys": customer_keys,
            "new_customers": set(),
        }

    @api.model
    def _find_order(self, channel, external_ref):
        lookups = self.env.cr.cache.get(LOOKUPS_KEY)
        if lookups is not None and external_ref in lookups["refs"]:
            # a batch being prepared: the orders of all its references, in one search
            key = ("orders", channel.id)
            if key not in lookups:
                lookups[key] = (
                    self.env["sale.order"]
                    .sudo()
                    .search(
                        Domain("channel_id", "=", channel.id)
                        & Domain("external_ref", "in", sorted(lookups["refs"]))
                    )
                )
            return lookups[key].filtered(lambda o: o.external_ref == external_ref)[:1]
        # sudo: idempotency must see the order whatever the record rules of the caller
        return (
            self.env["sale.order"]
            .sudo()
            .search(self._get_order_domain(channel, external_ref), limit=1)
        )

    @api.model
    def _replay(self, order, fingerprint):
        if order.capture_fingerprint == fingerprint:
            return order.with_env(self.env)
        changed = [
            part
            for part in capture_schema.fingerprint_diff(order.capture_fingerprint, fingerprint)
            if part not in IDENTITY_PARTS
        ]
        if order.capture_fingerprint and not changed:
            # the same content, its key written with other blanks or case
            return order.with_env(self.env)
        message = self.env._(
            "Order %(ref)s of channel %(channel)s was already captured (%(name)s) "
            "with other content",
            ref=order.external_ref,
            channel=order.channel_id.code,
            name=order.name,
        )
        if changed:
            message += self.env._("; changed: %s", ", ".join(changed))
        raise CaptureError(
            "conflict",
            message,
            [{"field": key, "message": self.env._("Differs.")} for key in changed],
        )

    @api.model
    def _check_not_shipped(self, order, what):
        shipped = order.picking_ids.filtered(
            lambda p: p.oms_is_customer_delivery and p.state == "done"
        )
        if shipped:
            raise CaptureError(
                "conflict",
                self.env._(
                    "Order %(name)s has shipped (%(pickings)s): it cannot be %(what)s.",
                    name=order.name,
                    pickings=", ".join(shipped.mapped("name")),
                    what=what,
                ),
                order=order,
            )

    @api.model
    def _resolve_references(self, channel, payload):
        """Find every record the payload names, in one query per model.

        Return a dict of records; raise a validation error listing every unknown reference.
        """
        problems = []
        company = channel.company_id
        # products: one search for all SKUs
        skus = {line["sku"] for line in payload["lines"]}
        if self.env.cr.cache.get(LOOKUPS_KEY) is not None:
            # a batch: one search for the SKUs of all its orders
            products = self._batch_products(company).filtered(lambda p: p.default_code in skus)
        else:
            products = self.env["product.product"].search(
                [
                    ("default_code", "in", list(skus)),
                    ("sale_ok", "=", True),
                    ("company_id", "in", [False, company.id]),
                ]
            )
        product_by_sku = {}
        for product in products:
            product_by_sku.setdefault(product.default_code, product)
        for index, line in enumerate(payload["lines"]):
            product = product_by_sku.get(line["sku"])
            if not product:
                problems.append(
                    {
                        "field": f"lines[{index}].sku",
                        "message": self.env._("Unknown SKU %s.", line["sku"]),
                    }
                )
            elif float_is_zero(line["quantity"], precision_rounding=product.uom_id.rounding):
                problems.append(
                    {
                        "field": f"lines[{index}].quantity",
                        "message": self.env._(
                            "The quantity rounds to 0 at the precision of %(uom)s (%(rounding)s).",
                            uom=product.uom_id.name,
                            rounding=product.uom_id.rounding,
                        ),
                    }
                )
        countries, states = self._resolve_addresses(payload, problems)
        # carrier and service level
        carrier = self.env["delivery.carrier"]
        service_level = channel.default_service_level_id
        shipping = payload.get("shipping")
        if shipping:
            code = shipping["carrier"].strip().lower()
            carrier = self._lookup(
                "delivery.carrier",
                [("oms_code", "=", code), ("company_id", "in", [False, company.id])],
                limit=1,
            )
            if not carrier:
                problems.append(
                    {
                        "field": "shipping.carrier",
                        "message": self.env._("Unknown carrier %s.", code),
                    }
                )
            if shipping.get("service_level"):
                level_code = shipping["service_level"].strip().lower()
                service_level = self._lookup(
                    "oms.service.level", [("code", "=", level_code)], limit=1
                )
                if not service_level or (
                    channel.service_level_ids and service_level not in channel.service_level_ids
                ):
                    problems.append(
                        {
                            "field": "shipping.service_level",
                            "message": self.env._(
                                "Service level %(level)s is not offered by channel %(channel)s.",
                                level=level_code,
                                channel=channel.code,
                            ),
                        }
                    )
        # currency
        currency = channel.pricelist_id.currency_id or company.currency_id
        if payload.get("currency") and payload["currency"] != currency.name:
            problems.append(
                {
                    "field": "currency",
                    "message": self.env._(
                        "The order is in %(order_currency)s but channel %(channel)s sells "
                        "in %(currency)s (its pricelist).",
                        order_currency=payload["currency"],
                        channel=channel.code,
                        currency=currency.name,
                    ),
                }
            )
        pickup_store = self._resolve_pickup_store(channel, payload, problems)
        if problems:
            raise CaptureError("validation_error", self.env._("The order is not valid."), problems)
        self._check_order_quantities(channel, payload, product_by_sku)
        return {
            "product_by_sku": product_by_sku,
            "countries": countries,
            "states": states,
            "carrier": carrier,
            "service_level": service_level,
            "pickup_store": pickup_store,
        }

    @api.model
    def _resolve_addresses(self, payload, problems):
        """Countries by ISO code and provinces by code or name, for the payload's addresses.

        Return ``(countries, states)``: ``{code: country}`` and ``{address key: state}``.
        Unknown ones are appended to ``problems``.
        """
        addresses = {
            key: payload[key] for key in ("shipping_address", "billing_address") if payload.get(key)
        }
        codes = {address["country"].upper() for address in addresses.values()}
        countries = {}
        if codes:
            countries = {
                c.code: c for c in self._lookup("res.country", [("code", "in", sorted(codes))])
            }
        states = {}
        wanted = {
            key: a
            for key, a in addresses.items()
            if a.get("state") and a["country"].upper() in countries
        }
        provinces = {}
        if wanted:
            country_ids = sorted({countries[a["country"].upper()].id for a in wanted.values()})
            for state in self._lookup("res.country.state", [("country_id", "in", country_ids)]):
                provinces.setdefault(state.country_id.code, []).append(
                    (state, state.code, state.name)
                )
        for key, address in addresses.items():
            code = address["country"].upper()
            if code not in countries:
                problems.append(
                    {
                        "field": f"{key}.country",
                        "message": self.env._("Unknown country %s.", address["country"]),
                    }
                )
            elif address.get("state"):
                state = match_province(address["state"], provinces.get(code, []))
                if state is None:
                    problems.append(
                        {
                            "field": f"{key}.state",
                            "message": self.env._(
                                "Unknown province %(state)s of %(country)s.",
                                state=address["state"],
                                country=code,
                            ),
                        }
                    )
                states[key] = state
        return countries, states

    @api.model
    def _prepare_address_vals(self, address, countries, states, key="shipping_address"):
        return {
            "name": address["name"].strip(),
            "street": address["street"],
            "street2": address.get("street2") or False,
            "city": address["city"],
            "state_id": states[key].id if states.get(key) else False,
            "zip": address.get("zip") or False,
            "country_id": countries[address["country"].upper()].id,
            "phone": address.get("phone") or False,
            "partner_latitude": address.get("latitude") or 0.0,
            "partner_longitude": address.get("longitude") or 0.0,
        }

    @api.model
    def _create_order(self, channel, payload, refs, fingerprint):
        order_vals = self._prepare_capture_vals(channel, payload, refs, fingerprint)
        order = self._create_orders([order_vals], [payload])
        if not self.env.context.get("oms_defer_processing"):
            self._process_captured(order)
        return order

    @api.model
    def _prepare_capture_vals(self, channel, payload, refs, fingerprint):
        """The customer and addresses of a resolved payload (matched or created), and the
        values of its order, lines and delivery line included."""
        self = self._with_field_sales_customer(channel)
        # sudo: customers and their addresses are maintained by the capture on behalf of
        # the channel (API users need no contact-creation right, and matching must see
        # every customer of the company); values come from the validated payload only.
        partners = self.env["res.partner"].sudo()
        customer_data = payload["customer"]
        shipping = payload.get("shipping_address")
        country = refs["countries"].get(shipping["country"].upper()) if shipping else None
        customer = partners._oms_find_or_create_customer(
            customer_data["name"],
            email=customer_data.get("email"),
            phone=customer_data.get("phone"),
            country=country,
            company=channel.company_id,
            lang=channel._oms_customer_lang(country),
        )
        addresses = {}
        for key, address_type in (("shipping_address", "delivery"), ("billing_address", "invoice")):
            if payload.get(key):
                vals = self._prepare_address_vals(
                    payload[key], refs["countries"], refs["states"], key
                )
                addresses[key] = customer._oms_find_or_create_address(address_type, vals)
        order_vals = self._prepare_order_vals(
            channel, payload, refs, fingerprint, customer, addresses
        )
        carrier = refs["carrier"]
        if carrier:
            order_vals["carrier_id"] = carrier.id
            order_vals["order_line"] = [
                *order_vals.get("order_line", []),
                Command.create(
                    self._prepare_delivery_line_vals(
                        channel, carrier, payload["shipping"]["fee"], customer
                    )
                ),
            ]
        return order_vals

    @api.model
    def _prepare_delivery_line_vals(self, channel, carrier, fee, customer):
        """The delivery line of a new order, as ``sale.order.set_delivery_line`` writes it
        (name in the customer's language, after the product lines); its taxes are the
        line's computed ones (the carrier product's, through the fiscal position and the
        channel's tax-included twins)."""
        carrier = carrier.with_context(lang=customer.lang or self.env.lang)
        name = carrier.name
        if carrier.product_id.description_sale:
            name = f"{carrier.name}: {carrier.product_id.description_sale}"
        currency = channel.pricelist_id.currency_id or channel.company_id.currency_id
        if carrier.free_over and currency.is_zero(fee):
            name = carrier.with_context(lang=customer.lang or self.env.lang).env._(
                "%s\nFree Shipping", name
            )
        return {
            "name": name,
            "price_unit": fee,
            "product_uom_qty": 1,
            "product_id": carrier.product_id.id,
            "is_delivery": True,
            "sequence": 11,
        }

    @api.model
    def _create_orders(self, vals_list, payloads):
        """Create captured orders in one ``create()``: without mail's tracking, followers
        and creation message (the capture's own message, with the status rows, is logged
        at the end of the transaction: ``sale.order._oms_register_created``), then post
        each payload's note."""
        orders = (
            self.env["sale.order"].with_context(tracking_disable=True).create(vals_list)
        ).with_env(self.env)
        orders._oms_register_created(captured=True)
        for order, payload in zip(orders, payloads, strict=True):
            if payload.get("notes"):
                order.message_post(
                    body=Markup("<p>%s</p>") % escape(payload["notes"]),
                    subtype_xmlid="mail.mt_note",
                )
        return orders

    @api.model
    def _process_captured(self, orders):
        """Validate, source and confirm captured orders (in one batch when several)."""
        ordered_on = {order: order.date_order for order in orders}
        # the deliveries of a capture get no creation message nor followers either: the
        # order's one message names them (``sale.order._oms_capture_message``)
        orders.with_context(
            mail_create_nolog=True, mail_create_nosubscribe=True
        )._oms_process_captured()
        for order, date_order in ordered_on.items():
            if order.date_order != date_order:
                # confirmation stamps the confirmation time: keep when the customer ordered
                order.date_order = date_order

    @api.model
    def _prepare_order_vals(self, channel, payload, refs, fingerprint, customer, addresses):
        """Values of the sale order of a payload; a hook for other addons."""
        payment = payload["payment"]
        prepaid = payment["status"] == "paid" and payment["method"] != "cod"
        workflow = channel.workflow_process_id if prepaid else channel.cod_workflow_process_id
        products = refs["product_by_sku"]
        vals = {
            "partner_id": customer.id,
            "partner_invoice_id": addresses.get("billing_address", customer).id,
            "partner_shipping_id": addresses.get("shipping_address", customer).id,
            "company_id": channel.company_id.id,
            "channel_id": channel.id,
            "external_ref": payload["external_ref"],
            "client_order_ref": payload["external_ref"],
            "capture_fingerprint": fingerprint,
            "payment_method": payment["method"],
            "payment_status": payment["status"],
            "payment_amount": payment.get("amount", 0.0),
            "order_line": [
                Command.create(
                    {
                        "product_id": products[line["sku"]].id,
                        "product_uom_qty": line["quantity"],
                        "price_unit": line["unit_price"],
                        "discount": line.get("discount", 0.0),
                    }
                )
                for line in payload["lines"]
            ],
        }
        if payload.get("order_date"):
            date = datetime.fromisoformat(payload["order_date"])
            if date.tzinfo:
                date = date.astimezone(UTC).replace(tzinfo=None)
            vals["date_order"] = date
        optional = {
            "team_id": channel.team_id,
            "warehouse_id": channel.warehouse_id,
            "pricelist_id": channel.pricelist_id,
            "service_level_id": refs["service_level"],
            "workflow_process_id": workflow,
        }
        vals.update({fname: record.id for fname, record in optional.items() if record})
        vals.update(self._field_sales_address_vals(customer, addresses))
        if refs.get("pickup_store"):
            vals["oms_pickup_store_id"] = refs["pickup_store"].id
        return vals

    @api.model
    def _get_order_domain(self, channel, external_ref):
        return Domain("channel_id", "=", channel.id) & Domain("external_ref", "=", external_ref)
