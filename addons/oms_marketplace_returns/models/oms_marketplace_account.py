# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import json
import logging
from collections import Counter
from datetime import UTC, timedelta

from odoo import Command, api, fields, models
from odoo.exceptions import UserError

from odoo.addons.oms_marketplace_sync.models.oms_marketplace_account import (
    IMPORT_MAX_RETRIES,
    PULL_OVERLAP,
)
from odoo.addons.oms_marketplace_sync.tools.adapter import adapter_class

from ..tools.returns import (
    APPROVED,
    CANCELLED,
    READERS,
    RECEIVED,
    REFUNDED,
    SHIPPED,
    fetch_return_refs,
    fetch_returns,
    parse_return,
    webhook_return_refs,
)

_logger = logging.getLogger(__name__)

# words of the platforms' return reasons -> code of the Returns app's reason
REASON_WORDS = (
    ("damage", "damaged"),
    ("defect", "damaged"),
    ("broken", "damaged"),
    ("size", "size_fit"),
    ("wrong", "wrong_item"),
    ("not_as_described", "not_as_described"),
    ("not as described", "not_as_described"),
    ("different", "not_as_described"),
    ("late", "late_delivery"),
)


class OmsMarketplaceAccount(models.Model):
    _inherit = "oms.marketplace.account"

    return_sync_date = fields.Datetime(
        string="Returns Synced Until",
        readonly=True,
        help="The platform's returns and refunds changed before this moment are recorded.",
    )
    return_reason_code = fields.Char(
        default="changed_mind",
        help="Return reason code (Returns app) of the return requests created when the "
        "platform reports an order as returned.",
    )

    @api.private
    def _sync_platform_return(self, order):
        """Record the platform's return of ``order`` as a return request of the
        Returns app, once per platform return.

        The request goes through the service behind ``POST /oms/api/v1/returns``
        (its checks: delivered quantities, return policy, reasons) and returns
        everything still returnable. Return the new request, or an empty recordset
        when it already exists; raise ``UserError`` when the return cannot be
        recorded (the binding keeps the platform order and the reconciliation tries
        again)."""
        self.ensure_one()
        env = self.sudo().env(
            context=dict(self.env.context, allowed_company_ids=order.company_id.ids)
        )
        binding = self._binding_of(order)
        if env["oms.marketplace.return"].search_count(
            [
                ("account_id", "=", self.id),
                ("platform_order_ref", "=", binding.platform_order_ref or order.external_ref),
                ("return_request_id", "!=", False),
            ]
        ):
            # the platform's own return (returns pull) recorded it already
            return env["oms.return.request"]
        reference = self._platform_return_reference(order)
        return_requests = env["oms.return.request"]
        if return_requests.search_count(
            [("channel_id", "=", order.channel_id.id), ("return_reference", "=", reference)]
        ):
            return return_requests
        payload = self._prepare_platform_return_payload(order.with_env(env), reference)
        try:
            with env.cr.savepoint():
                return_request = return_requests.oms_create_return(
                    order.channel_id,
                    payload,
                    origin=self.env._("the %s marketplace", self.platform),
                )
        except UserError as refused:
            raise UserError(
                self.env._("Return %(ref)s refused: %(details)s", ref=reference, details=refused)
            ) from refused
        self._log(
            "import",
            "done",
            self.env._(
                "Return %(ref)s of %(name)s recorded as %(request)s.",
                ref=reference,
                name=order.name,
                request=return_request.name,
            ),
            self._binding_of(order).platform_order_ref,
        )
        return return_request

    @api.private
    def _prepare_platform_return_payload(self, order, reference):
        """The returns-API payload of a platform return: every delivered quantity
        still returnable, with the account's return reason."""
        lines = [
            {
                "sku": line.product_id.default_code,
                "quantity": qty,
                "reason": self.return_reason_code or "changed_mind",
            }
            for line, qty in order.oms_get_returnable_quantities().items()
            if qty > 0 and line.product_id.default_code
        ]
        if not lines:
            raise UserError(
                self.env._(
                    "The platform reports %(ref)s returned, but %(name)s has no delivered "
                    "quantity left to return.",
                    ref=reference,
                    name=order.name,
                )
            )
        return {
            "channel": order.channel_id.code,
            "external_ref": order.external_ref,
            "return_reference": reference,
            "lines": lines,
        }

    # ------------------------------------------------------------------
    # Returns and refunds pulled from the platforms' after-sales APIs
    # ------------------------------------------------------------------

    def action_import_returns_now(self):
        for account in self:
            account._enqueue_return_import()
        return self._notify(self.env._("Pull of the returns and refunds queued."))

    @api.private
    def _enqueue_return_import(self):
        self.ensure_one()
        return self._delayable(
            f"oms-mkt-returns-{self.id}",
            self.env._("%s: import returns and refunds", self.name),
            max_retries=IMPORT_MAX_RETRIES,
        )._job_import_returns()

    @api.private
    def _enqueue_return_page(self, since, until, cursor, page):
        """Queue the next page of a returns pull (identity: the pull's window and
        the page's cursor)."""
        self.ensure_one()
        return self._delayable(
            f"oms-mkt-returns-{self.id}-{since.isoformat()}-{cursor}",
            self.env._(
                "%(account)s: import returns and refunds, page %(page)s",
                account=self.name,
                page=page,
            ),
            max_retries=IMPORT_MAX_RETRIES,
        )._job_import_returns(since=since, until=until, cursor=cursor, page=page)

    @api.model
    def _cron_import_returns(self):
        for account in self.search([("platform", "in", list(READERS))]):
            account._enqueue_return_import()

    def _return_pull_window(self):
        now = fields.Datetime.now()
        if self.return_sync_date:
            since = self.return_sync_date - PULL_OVERLAP
        else:
            since = now - timedelta(days=self.initial_import_days)
        return adapter_class(self.platform).pull_window(since, now)

    @api.private
    def _job_import_returns(self, since=None, until=None, cursor=None, page=1):
        """Pull the returns and refunds the platform changed since the last pull, one
        page per job (as the order pulls: a 429/5xx retries one page, the next page
        is queued with the platform's cursor, the last one moves
        ``return_sync_date`` on)."""
        self.ensure_one()
        if self.platform not in READERS:
            return self.env._("The platform has no returns API read by the OMS.")
        if since is None:
            since, until = self._return_pull_window()
        adapter = self._job_adapter()
        with self._platform_errors():
            result = fetch_returns(
                self.platform,
                adapter.client,
                since.replace(tzinfo=UTC),
                cursor=cursor,
                page_size=self.page_size or 50,
            )
        outcomes = self._import_platform_returns(result.returns)
        summary = self._outcome_text(outcomes)
        if result.has_more:
            self._enqueue_return_page(since, until, result.next_cursor, page + 1)
            self._record_success()
        else:
            self._record_success({"return_sync_date": until} if until else None)
            retried = self._retry_failed_returns()
            if retried:
                summary = f"{summary}; {self.env._('retried')} {self._outcome_text(retried)}"
        message = self.env._(
            "Returns since %(since)s, page %(page)s: %(summary)s",
            since=since,
            page=page,
            summary=summary,
        )
        self._log("import", "done", message)
        return message

    def _retry_failed_returns(self, limit=50):
        """Record again the failed returns of this account (the invoice got posted,
        the order got imported or delivered since); their failures are logged once,
        when they first failed."""
        failed = (
            self.env["oms.marketplace.return"]
            .sudo()
            .search(
                [("account_id", "=", self.id), ("state", "=", "error")],
                order="platform_update_time asc, id asc",
                limit=limit,
            )
        )
        returns = [
            parse_return(self.platform, json.loads(b.raw_payload)) for b in failed if b.raw_payload
        ]
        returns = [r for r in returns if r is not None]
        if not returns:
            return Counter()
        return self._import_platform_returns(returns, force=True, log_failures=False)

    @api.private
    def _import_platform_returns(self, returns, force=False, log_failures=True):
        """Record platform returns (:class:`PlatformReturn`) one by one; one failure
        does not stop the others. Return the outcomes' counts."""
        self.ensure_one()
        env = self.sudo().env(
            context=dict(self.env.context, allowed_company_ids=self.company_id.ids)
        )
        bindings = {
            b.platform_return_ref: b
            for b in env["oms.marketplace.return"].search(
                [
                    ("account_id", "=", self.id),
                    ("platform_return_ref", "in", [r.ref for r in returns]),
                ]
            )
        }
        orders = {
            o.external_ref: o
            for o in env["sale.order"].search(
                [
                    ("channel_id", "=", self.channel_id.id),
                    ("external_ref", "in", list({r.order_ref for r in returns})),
                ]
            )
        }
        outcomes = Counter()
        entries = []
        for ret in returns:
            binding = bindings.get(ret.ref, env["oms.marketplace.return"])
            outcome, message = self._import_platform_return(
                ret, binding, orders.get(ret.order_ref), force=force
            )
            outcomes[outcome] += 1
            if message and (log_failures or outcome != "failed"):
                entries.append(
                    ("import", "failed" if outcome == "failed" else "done", message, ret.order_ref)
                )
        if entries:
            self._log_many(entries)
        return outcomes

    @api.private
    def _import_platform_return(self, ret, binding, order, force=False):
        digest = ret.digest()
        if binding and not force:
            if binding.state == "done" and binding.payload_hash == digest:
                return "unchanged", None
            stored = binding.platform_update_time
            if stored and (not ret.update_time or ret.update_time < stored):
                return "stale", None
        vals = {
            "platform_order_ref": ret.order_ref,
            "sale_order_id": order.id if order else False,
            "status": ret.status,
            "platform_status": ret.platform_status,
            "goods_back": ret.goods_back,
            "refund_amount": ret.refund_amount,
            "reason": ret.reason,
            "tracking": ret.tracking,
            "platform_update_time": ret.update_time,
            "payload_hash": digest,
            "raw_payload": json.dumps(ret.raw, ensure_ascii=False),
        }
        try:
            if not order:
                raise UserError(self.env._("The order %s is not imported (yet).", ret.order_ref))
            with self.env.cr.savepoint():
                changes, request, refund = self._apply_platform_return(ret, binding, order)
        except UserError as error:
            message = self.env._(
                "Return %(ref)s of %(order)s not recorded: %(error)s",
                ref=ret.ref,
                order=ret.order_ref,
                error=self._error_text(error),
            )
            known = binding.state == "error" and binding.error_message == message
            self._save_return_binding(
                binding, ret, dict(vals, state="error", error_message=message)
            )
            # the same failure again (a pull re-reading it, a retry) is not logged again
            return "failed", None if known else message
        self._save_return_binding(
            binding,
            ret,
            dict(
                vals,
                state="done",
                error_message=False,
                return_request_id=request.id or binding.return_request_id.id,
                refund_id=refund.id or binding.refund_id.id,
            ),
        )
        if not changes:
            return "unchanged", None
        outcome = "created" if not binding else "updated"
        return outcome, self.env._(
            "Return %(ref)s of %(order)s (%(status)s): %(changes)s",
            ref=ret.ref,
            order=order.name,
            status=ret.platform_status,
            changes=", ".join(changes),
        )

    def _save_return_binding(self, binding, ret, vals):
        if binding:
            binding.write(vals)
            return binding
        return (
            self.env["oms.marketplace.return"]
            .sudo()
            .create(dict(vals, account_id=self.id, platform_return_ref=ret.ref))
        )

    @api.private
    def _apply_platform_return(self, ret, binding, order):
        """Bring the OMS to the platform return's state: its return request (lines,
        quantities, reason; approval, parcel tracking, cancellation) and, once the
        platform has refunded, the credit note of the refunded amount. Return
        ``(changes, return request, credit note)``."""
        env = self.sudo().env(
            context=dict(self.env.context, allowed_company_ids=order.company_id.ids)
        )
        order = order.with_env(env)
        changes = []
        request = binding.return_request_id.with_env(env)
        quantities = self._platform_return_quantities(ret, order)
        if not request and quantities and ret.status != CANCELLED:
            # the order feed's return of this order, unless another platform return
            # of the order is linked to it already
            reference = self._platform_return_reference(order)
            request = env["oms.return.request"].search(
                [("channel_id", "=", order.channel_id.id), ("return_reference", "=", reference)],
                limit=1,
            )
            if request and env["oms.marketplace.return"].search_count(
                [("return_request_id", "=", request.id)], limit=1
            ):
                request = request.browse()
            if not request:
                request = self._create_platform_return_request(ret, order, quantities)
            changes.append(self.env._("return %s recorded", request.name))
        rmas = request.rma_ids
        if ret.status in (APPROVED, SHIPPED, RECEIVED, REFUNDED) and any(
            r.state == "draft" for r in rmas
        ):
            request.action_approve()
            changes.append(self.env._("approved"))
        if ret.tracking:
            unlabelled = rmas.filtered(lambda r: r.return_label != ret.tracking)
            if unlabelled:
                unlabelled.return_label = ret.tracking
                changes.append(self.env._("parcel %s", ret.tracking))
        if ret.status == CANCELLED:
            open_rmas = rmas.filtered(lambda r: r.state in ("draft", "confirmed"))
            if open_rmas:
                open_rmas.action_cancel()
                changes.append(self.env._("cancelled"))
        refund = binding.refund_id
        if (
            ret.status == REFUNDED
            and not refund
            and not order.currency_id.is_zero(ret.refund_amount)
        ):
            refund = self._create_platform_credit_note(ret, order, quantities, rmas)
            changes.append(
                self.env._(
                    "credit note %(name)s of %(amount)s",
                    name=refund.name,
                    amount=refund.amount_total,
                )
            )
        if ret.status == RECEIVED and request:
            request.message_post(
                body=self.env._("The platform reports the parcel of %s received.", ret.ref)
            )
        return changes, request, refund

    @api.private
    def _platform_return_quantities(self, ret, order):
        """``{sale.order.line: quantity}`` of the returned rows, matched on our SKU
        (the platform SKU through the account's product mappings, else the
        platform ids of the mappings, else the SKU as our internal reference)."""
        mappings = (
            self.env["oms.marketplace.product"]
            .sudo()
            .search(
                [
                    ("account_id", "=", self.id),
                    ("product_id", "in", order.order_line.product_id.ids),
                ]
            )
        )
        quantities = {}
        for line in ret.lines:
            product = (
                mappings.filtered(lambda m, s=line.sku: s and m.platform_sku == s).product_id[:1]
                or mappings.filtered(
                    lambda m, li=line: (
                        li.item_id
                        and m.platform_item_id == li.item_id
                        and (m.platform_variant_id or "") in ("", "0", li.variant_id)
                    )
                ).product_id[:1]
            )
            sale_line = order.order_line.filtered(
                lambda sol, p=product, s=line.sku: (
                    (sol.product_id == p if p else s and sol.product_id.default_code == s)
                    and not sol.is_delivery
                )
            )[:1]
            if not sale_line:
                raise UserError(
                    self.env._(
                        "The returned item %(sku)s is not in the order %(order)s.",
                        sku=line.sku or line.item_id,
                        order=order.name,
                    )
                )
            quantities[sale_line] = quantities.get(sale_line, 0.0) + line.quantity
        return quantities

    def _platform_reason_code(self, ret):
        text = (ret.reason or "").lower()
        for word, code in REASON_WORDS:
            if word in text:
                return code
        return self.return_reason_code or "changed_mind"

    @api.private
    def _create_platform_return_request(self, ret, order, quantities):
        """The return request of a platform return, through the returns service (its
        checks: the order, delivered quantities, reasons). Goods coming back follow
        the channel's return policy; a refund without goods back makes RMAs with
        the *refund only* operation: no reception."""
        reason = self._platform_reason_code(ret)
        payload = {
            "channel": order.channel_id.code,
            "external_ref": order.external_ref,
            "return_reference": f"{self.platform.upper()}-RET-{ret.order_ref}-{ret.ref}",
            "lines": [
                {"sku": line.product_id.default_code, "quantity": qty, "reason": reason}
                for line, qty in quantities.items()
            ],
        }
        requests = order.env["oms.return.request"].with_context(
            oms_skip_return_policy=not ret.goods_back
        )
        try:
            request = requests.oms_create_return(
                order.channel_id, payload, origin=self.env._("the %s marketplace", self.platform)
            )
        except UserError as refused:
            raise UserError(
                self.env._("Return %(ref)s refused: %(details)s", ref=ret.ref, details=refused)
            ) from refused
        if ret.goods_back:
            # a channel without return policy: OCA's refund operation (reception
            # on approval)
            operation = self.env.ref("rma.rma_operation_refund", raise_if_not_found=False)
            without = request.rma_ids.filtered(lambda r: not r.operation_id)
            if operation and without:
                without.operation_id = operation
        else:
            request.rma_ids.write(
                {
                    "operation_id": self.env.ref(
                        "oms_marketplace_returns.rma_operation_refund_only"
                    ).id
                }
            )
            request.action_approve()
        return request

    @api.private
    def _create_platform_credit_note(self, ret, order, quantities, rmas):
        """The posted credit note of what the platform refunded: the original
        invoice's lines of the refunded items, and one adjustment line so that its
        total is the platform's refund to the rupiah (shipping given back, vouchers,
        partial refunds); reconciled with the original invoice."""
        invoice = order.invoice_ids.filtered(
            lambda m: m.move_type == "out_invoice" and m.state == "posted"
        ).sorted("id")[-1:]
        if not invoice:
            raise UserError(
                self.env._("The order %s has no posted invoice to credit yet.", order.name)
            )
        refund = invoice._reverse_moves(
            [
                {
                    "ref": self.env._(
                        "%(platform)s refund %(ref)s", platform=self.platform, ref=ret.ref
                    ),
                    "invoice_date": fields.Date.context_today(self),
                }
            ]
        )
        wanted = {line.product_id: qty for line, qty in quantities.items()}
        commands = []
        kept = refund.invoice_line_ids.browse()
        for line in refund.invoice_line_ids.filtered(lambda aml: aml.display_type == "product"):
            qty = wanted.pop(line.product_id, 0.0) if line.product_id else 0.0
            if qty:
                commands.append(Command.update(line.id, {"quantity": min(qty, line.quantity)}))
                kept |= line
            else:
                commands.append(Command.delete(line.id))
        refund.write({"invoice_line_ids": commands})
        currency = refund.currency_id
        difference = currency.round(ret.refund_amount - refund.amount_total)
        # a refund above the items' value gives the delivery fee back first
        fee_lines = []
        for line in invoice.invoice_line_ids.filtered(
            lambda aml: aml.display_type == "product" and aml.sale_line_ids.is_delivery
        ):
            if currency.compare_amounts(line.price_total, difference) <= 0 and line.price_total:
                fee_lines.append(
                    Command.create(
                        {
                            "product_id": line.product_id.id,
                            "name": line.name,
                            "quantity": line.quantity,
                            "price_unit": line.price_unit,
                            "discount": line.discount,
                            "account_id": line.account_id.id,
                            "tax_ids": [Command.set(line.tax_ids.ids)],
                        }
                    )
                )
                difference = currency.round(difference - line.price_total)
        if fee_lines:
            refund.write({"invoice_line_ids": fee_lines})
            difference = currency.round(ret.refund_amount - refund.amount_total)
        if not currency.is_zero(difference):
            taxes = kept.tax_ids or invoice.invoice_line_ids.tax_ids
            if not taxes or not all(tax.price_include for tax in taxes):
                taxes = taxes.browse()
            template = (
                kept[:1]
                or invoice.invoice_line_ids.filtered(lambda aml: aml.display_type == "product")[:1]
            )
            refund.write(
                {
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "name": self.env._("Platform refund adjustment (%s)", ret.ref),
                                "quantity": 1,
                                "price_unit": difference,
                                "account_id": template.account_id.id,
                                "tax_ids": [Command.set(taxes[:1].ids)],
                            }
                        )
                    ]
                }
            )
        refund.action_post()
        receivable = (refund.line_ids | invoice.line_ids).filtered(
            lambda aml: aml.account_id.account_type == "asset_receivable" and not aml.reconciled
        )
        if invoice.amount_residual and len(receivable.move_id) == 2:
            receivable.reconcile()
        for rma in rmas.filtered(lambda r: r.state != "cancelled"):
            vals = {
                "refund_id": refund.id,
                "refund_line_id": kept.filtered(lambda aml, r=rma: aml.product_id == r.product_id)[
                    :1
                ].id,
            }
            if rma.state == "received" or not ret.goods_back:
                vals["state"] = "refunded"
            rma.write(vals)
        return refund

    @api.private
    def _enqueue_webhook(self, body, raw_digest, topic=None):
        """A Shopify ``refunds/create`` webhook carries the refund itself: besides the
        order pull, record it at once (a job per delivery, replays make none).

        TikTok Shop's "Return status change" (type 12) and Lazada's reverse order push
        (message type 10) name a return: besides what the order webhook routing
        queues, a job reads that return from the platform and records it (a job per
        delivery; a delivery replayed after its job ran finds the return unchanged)."""
        kind, job = super()._enqueue_webhook(body, raw_digest, topic=topic)
        if self.platform == "shopify" and topic == "refunds/create" and isinstance(body, dict):
            if body.get("id") and body.get("order_id"):
                self._delayable(
                    f"oms-mkt-refund-{self.id}-{raw_digest}",
                    self.env._("%s: record pushed refund", self.name),
                    max_retries=IMPORT_MAX_RETRIES,
                )._job_import_return_payload(body)
        refs = webhook_return_refs(self.platform, body)
        if refs:
            self._log(
                "webhook",
                "received",
                self.env._("Return webhook received: %s queued.", ", ".join(refs)),
                str((body.get("data") or {}).get("order_id") or "")
                or str((body.get("data") or {}).get("trade_order_id") or "")
                or None,
            )
            self._delayable(
                f"oms-mkt-return-{self.id}-{raw_digest}",
                self.env._("%(account)s: record return %(refs)s", account=self.name, refs=refs),
                max_retries=IMPORT_MAX_RETRIES,
            )._job_import_return_refs(refs)
        return kind, job

    @api.private
    def _job_import_return_refs(self, refs):
        """Read the returns a webhook named from the platform and record them."""
        self.ensure_one()
        adapter = self._job_adapter()
        with self._platform_errors():
            returns = fetch_return_refs(self.platform, adapter.client, refs)
        outcomes = self._import_platform_returns(returns)
        self._record_success()
        message = self.env._(
            "Returns %(refs)s named by a webhook: %(summary)s",
            refs=", ".join(refs),
            summary=self._outcome_text(outcomes)
            if returns
            else self.env._("not found (a cancellation request is left to the order sync)"),
        )
        self._log("import", "done", message)
        return message

    @api.private
    def _job_import_return_payload(self, raw):
        """Record a return or refund a webhook carried."""
        self.ensure_one()
        outcomes = self._import_platform_returns([parse_return(self.platform, raw)])
        self._record_success()
        return self._outcome_text(outcomes)
