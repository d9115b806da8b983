# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import hashlib
import hmac
import json
import logging
import math
import secrets
from collections import Counter, defaultdict
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from itertools import groupby

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Domain

from odoo.addons.oms_omnichannel.models.oms_capture import CaptureError
from odoo.addons.oms_omnichannel.tools.address import match_province
from odoo.addons.queue_job.exception import FailedJobError, RetryableJobError

from ..tools import authorization
from ..tools.adapter import (
    Cancellation,
    Credentials,
    MarketplaceAdapter,
    Settings,
    Shipment,
    adapter_class,
    codes_where,
    platform_selection,
    scrub,
)
from ..tools.common import PlatformError, RetryableError, StockItem, line_listings

_logger = logging.getLogger(__name__)


class UnmappedListingError(UserError):
    """A platform listing of an order is mapped to no product."""

    def __init__(self, message, listings):
        super().__init__(message)
        self.listings = listings


JOB_CHANNEL = "root.marketplace"
ACCOUNT_ACTION = "oms_marketplace_sync.action_oms_marketplace_account"
# an authorization link's state is good for this long (Shopee's auth link: 5 minutes
# for its signature; TikTok's code: 30 minutes)
AUTH_STATE_LIFETIME = timedelta(minutes=30)
# system parameter: the public base URL of the webhooks when an account names none
PUBLIC_WEBHOOK_BASE_PARAM = "oms_marketplace_sync.public_webhook_base_url"
# pulls start a little before the last sync: platform clocks and indexing lag
PULL_OVERLAP = timedelta(minutes=10)
# a pull is a chain of page jobs: one page per job, so that a 429/5xx/timeout retries
# that page only. Import jobs retry this many times (a busy platform can throttle
# several attempts in a row) before they fail for good.
IMPORT_MAX_RETRIES = 20
# a job importing many orders clears the ORM cache after every chunk of this size
IMPORT_CHUNK = 25
# refresh a token that expires within this margin before using it
TOKEN_MARGIN = timedelta(minutes=10)
# the cron renews tokens expiring within this horizon (it runs every 30 minutes)
TOKEN_HORIZON = timedelta(hours=1)
# a stock change waits this long, so that the changes of a burst of orders are pushed
# together by one job per account
STOCK_DEBOUNCE_SECONDS = 5


class OmsMarketplaceAccount(models.Model):
    _name = "oms.marketplace.account"
    _description = "Marketplace Account"
    _order = "name"
    _check_company_auto = True

    name = fields.Char(required=True)
    active = fields.Boolean(default=True)
    platform = fields.Selection(platform_selection(), required=True)
    channel_id = fields.Many2one(
        "oms.channel",
        required=True,
        ondelete="restrict",
        help="The OMS channel the shop's orders are captured in.",
    )
    company_id = fields.Many2one(
        related="channel_id.company_id", store=True, readonly=True, index=True
    )
    base_url = fields.Char(
        string="API Base URL",
        required=True,
        help="Root of the platform's API, e.g. https://partner.shopeemobile.com; "
        "point it at a sandbox to test.",
    )
    # -- credentials: administrators only, never logged ----------------------
    partner_id = fields.Char(string="Partner ID", groups="base.group_system", copy=False)
    partner_key = fields.Char(groups="base.group_system", copy=False)
    shop_id = fields.Char(string="Shop ID", groups="base.group_system", copy=False)
    shop_cipher = fields.Char(groups="base.group_system", copy=False)
    access_token = fields.Char(groups="base.group_system", copy=False)
    refresh_token = fields.Char(groups="base.group_system", copy=False)
    token_expiry = fields.Datetime(
        string="Access Token Expires",
        copy=False,
        help="The access token is renewed with the refresh token before this moment "
        "(Shopee, TikTok Shop, Lazada).",
    )
    refresh_token_expiry = fields.Datetime(
        string="Refresh Token Expires",
        copy=False,
        help="After this moment the shop must authorise the app again.",
    )
    auth_base_url = fields.Char(
        string="Authorization URL",
        help="Host of the token refresh call when it is not the API host: TikTok Shop "
        "https://auth.tiktok-shops.com, Lazada https://auth.lazada.com/rest.",
    )
    app_key = fields.Char(groups="base.group_system", copy=False)
    app_secret = fields.Char(groups="base.group_system", copy=False)
    consumer_key = fields.Char(groups="base.group_system", copy=False)
    consumer_secret = fields.Char(groups="base.group_system", copy=False)
    webhook_secret = fields.Char(
        groups="base.group_system",
        copy=False,
        help="Shopify: the app's client secret; WooCommerce: the webhook's secret. "
        "Shopee, TikTok Shop and Lazada sign webhooks with the partner key / app secret.",
    )
    public_webhook_base_url = fields.Char(
        string="Public Webhook Base URL",
        help="The address the platform reaches this server at, e.g. "
        "https://oms.example.co.id. Shopee signs its pushes over the callback URL, so "
        "the URL registered in the platform's console must be known exactly; "
        "web.base.url cannot serve, Odoo rewrites it to the address an administrator "
        "logs in at. Empty: the system parameter "
        "oms_marketplace_sync.public_webhook_base_url, else web.base.url.",
    )
    webhook_url = fields.Char(
        compute="_compute_webhook_url", help="The URL to register in the platform's console."
    )
    # -- sync settings ---------------------------------------------------------
    import_interval = fields.Integer(
        string="Import Every (minutes)",
        default=15,
        help="The scheduled pull of updated orders; webhooks import in between.",
    )
    initial_import_days = fields.Integer(
        string="First Import (days back)",
        default=3,
        help="How far back the first pull reaches (Shopee allows 15 days at most).",
    )
    reconcile_days = fields.Integer(
        string="Reconcile (days back)",
        default=3,
        help="The reconciliation compares the platform's orders of these last days with ours.",
    )
    page_size = fields.Integer(
        default=50,
        help="Orders per page of the pull (Shopee and TikTok Shop: 100 at most; "
        "Shopify: 250; WooCommerce: 100). Each page is imported by its own job.",
    )
    request_timeout = fields.Integer(
        string="Request Timeout (s)",
        default=30,
        help="Seconds to wait for the platform's answer; a call that takes longer is "
        "retried later, like a 429 or 5xx answer.",
    )
    import_unpaid = fields.Boolean(
        string="Import Unpaid Orders",
        help="Import orders still waiting for an online payment. Off: they are imported "
        "once paid (COD orders are always imported).",
    )
    confirm_policy = fields.Selection(
        [("workflow", "Channel workflow"), ("manual", "Never (review first)")],
        string="Auto-confirm",
        default="workflow",
        required=True,
        help="Channel workflow: imported orders that pass the validation rules are confirmed "
        "as the channel's automatic workflow says. Never: they stay quotations.",
    )
    warehouse_ids = fields.Many2many(
        "stock.warehouse",
        string="Published Warehouses",
        check_company=True,
        help="Warehouses whose available-to-promise stock is published to the shop. "
        "Empty: every warehouse the channel sells from.",
    )
    push_stock = fields.Boolean(default=True, help="Publish stock levels to the shop.")
    shipping_provider_ref = fields.Char(
        string="Shipping Provider ID",
        help="TikTok Shop: a shipping_provider_id to send for every package. Leave empty "
        "to use the provider of the delivery's carrier among TikTok Shop's shipping "
        "providers of the order's delivery option.",
    )
    cancel_reason = fields.Char(
        help="The platform's cancellation reason code sent with OMS cancellations "
        "(default: Shopee OUT_OF_STOCK, TikTok seller_cancel_reason_out_of_stock, Lazada 15).",
    )
    # -- cursors and health ----------------------------------------------------
    order_sync_date = fields.Datetime(
        string="Orders Synced Until",
        copy=False,
        help="Orders updated after this moment are pulled by the next import.",
    )
    stock_sync_date = fields.Datetime(string="Last Stock Push", copy=False)
    last_success_date = fields.Datetime(copy=False, readonly=True)
    last_error_date = fields.Datetime(copy=False, readonly=True)
    last_error = fields.Text(copy=False, readonly=True)
    error_count = fields.Integer(
        copy=False, readonly=True, help="Failures since the last successful call."
    )
    health = fields.Selection(
        [("new", "Never synced"), ("ok", "OK"), ("error", "Failing")],
        compute="_compute_health",
    )
    log_ids = fields.One2many("oms.marketplace.log", "account_id", string="Sync Log")
    binding_count = fields.Integer(compute="_compute_counts")
    mapping_count = fields.Integer(compute="_compute_counts")
    # -- listing sync and import progress ----------------------------------------
    listing_sync_date = fields.Datetime(string="Listings Synced", copy=False, readonly=True)
    unmapped_count = fields.Integer(string="Unmapped Listings", compute="_compute_progress")
    import_imported_count = fields.Integer(string="Imported", compute="_compute_progress")
    import_failed_count = fields.Integer(string="Failed", compute="_compute_progress")
    import_retrying_count = fields.Integer(string="Retrying", compute="_compute_progress")
    import_failed_binding_ids = fields.One2many(
        "oms.marketplace.order",
        compute="_compute_progress",
        string="Failed Imports",
    )
    # -- seller authorization ("Authorize shop") --------------------------------
    service_id = fields.Char(
        string="Service ID",
        help="TikTok Shop: the app's service_id (Partner Center, app details), used in "
        "the authorization link.",
    )
    auth_state_hash = fields.Char(groups="base.group_system", copy=False)
    auth_state_user_id = fields.Many2one("res.users", groups="base.group_system", copy=False)
    auth_state_expiry = fields.Datetime(groups="base.group_system", copy=False)
    import_job_ids = fields.Many2many(
        "queue.job",
        groups="oms_omnichannel.group_oms_manager",
        compute="_compute_import_job_ids",
        string="Import Jobs Retrying or Failed",
    )

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------

    @api.depends("public_webhook_base_url")
    def _compute_webhook_url(self):
        params = self.env["ir.config_parameter"].sudo()
        default = params.get_param(PUBLIC_WEBHOOK_BASE_PARAM) or params.get_param(
            "web.base.url", ""
        )
        for account in self:
            base = (account.public_webhook_base_url or default or "").strip()
            account.webhook_url = (
                f"{base.rstrip('/')}/oms/marketplace/{account.id}/webhook" if account.id else False
            )

    @api.depends("last_success_date", "last_error_date", "error_count")
    def _compute_health(self):
        for account in self:
            if account.error_count:
                account.health = "error"
            elif account.last_success_date:
                account.health = "ok"
            else:
                account.health = "new"

    def _compute_counts(self):
        counts = {}
        for model in ("oms.marketplace.order", "oms.marketplace.product"):
            counts[model] = dict(
                self.env[model]._read_group(
                    [("account_id", "in", self.ids)], ["account_id"], ["__count"]
                )
            )
        for account in self:
            account.binding_count = counts["oms.marketplace.order"].get(account, 0)
            account.mapping_count = counts["oms.marketplace.product"].get(account, 0)

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_test_connection(self):
        """A cheap read call; the outcome is shown and recorded on the account's health."""
        self.ensure_one()
        self._check_credentials()
        since = fields.Datetime.now() - timedelta(hours=1)
        try:
            self._get_adapter().list_orders(since, page_size=self.page_size or 50)
        except (PlatformError, RetryableError, ValueError) as error:
            message = self._error_text(error)
            self._record_failure("connection", message)
            return self._notify(
                self.env._("Connection failed: %s", message), notification_type="danger"
            )
        self._record_success()
        return self._notify(self.env._("Connection to %s works.", self.name))

    def action_import_now(self):
        for account in self:
            account._enqueue_import()
        return self._notify(self.env._("Order import queued."))

    def action_push_stock_now(self):
        for account in self:
            account._enqueue_stock_push()
        return self._notify(self.env._("Stock push queued."))

    def action_reconcile_now(self):
        for account in self:
            account._enqueue_reconcile()
        return self._notify(self.env._("Reconciliation queued."))

    def action_view_bindings(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "oms_marketplace_sync.action_oms_marketplace_order"
        )
        action["domain"] = [("account_id", "=", self.id)]
        action["context"] = {"default_account_id": self.id}
        return action

    def action_view_mappings(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "oms_marketplace_sync.action_oms_marketplace_product"
        )
        action["domain"] = [("account_id", "=", self.id)]
        action["context"] = {"default_account_id": self.id}
        return action

    def _notify(self, message, notification_type="success"):
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {"message": message, "type": notification_type, "sticky": False},
        }

    # ------------------------------------------------------------------
    # Client
    # ------------------------------------------------------------------

    @api.private
    def _get_adapter(self, session=None):
        """The platform adapter of this account (its client built on first use),
        with an access token renewed first when it is about to expire."""
        self.ensure_one()
        if self._token_expires_soon():
            self._refresh_access_token()
        return self._make_adapter(session, token_refresher=self._refresh_access_token)

    @api.private
    def _get_client(self, session=None):
        """The platform client of this account (its adapter's)."""
        return self._get_adapter(session).client

    def _job_adapter(self):
        """``_get_adapter`` inside a job: a failed token refresh or a refused
        configuration fails or retries the job."""
        with self._platform_errors():
            adapter = self._get_adapter()
            adapter.client  # noqa: B018 - build the client here: it checks the configuration
            return adapter

    def _make_adapter(self, session=None, token_refresher=None):
        return MarketplaceAdapter.for_platform(
            self.platform,
            self._adapter_settings(),
            self._credentials(),
            session=session,
            token_refresher=token_refresher,
        )

    def _adapter_settings(self):
        return Settings(
            base_url=self.base_url,
            auth_base_url=self.auth_base_url or "",
            timeout=max(self.request_timeout or 30, 1),
            shipping_provider_ref=self.shipping_provider_ref or "",
            cancel_reason=self.cancel_reason or "",
            service_id=self.service_id or "",
            return_url=self._public_base_url() + f"/odoo/action-{ACCOUNT_ACTION}/{self.id}",
        )

    @api.private
    def _credentials(self):
        """The account's secrets, read as superuser (the jobs of OMS managers need
        the credentials they may not read); never shown, never logged."""
        self.ensure_one()
        creds = self.sudo()
        return Credentials(**{name: creds[name] or "" for name in Credentials.names()})

    @api.private
    def _secrets(self):
        return [value for account in self for value in account._credentials().values()]

    @api.private
    def _scrub(self, text):
        """``text`` with every credential of these accounts masked: what goes into
        ``last_error``, the sync log, job messages and the server log."""
        return scrub(text, self._secrets()) if text else text

    def _token_expires_soon(self, margin=TOKEN_MARGIN):
        creds = self.sudo()
        return bool(
            self.platform
            and adapter_class(self.platform).refreshable
            and creds.refresh_token
            and creds.token_expiry
            and creds.token_expiry <= fields.Datetime.now() + margin
        )

    @api.private
    def _refresh_access_token(self):
        """Renew the access token with the refresh token; store the new tokens and
        their expiry and return the new access token."""
        self.ensure_one()
        creds = self.sudo()
        if not creds.refresh_token:
            raise PlatformError("no_refresh_token", self.env._("No refresh token is set."))
        tokens = self._make_adapter().refresh_tokens()

        def moment(epoch):
            return datetime.fromtimestamp(epoch, UTC).replace(tzinfo=None) if epoch else False

        creds.write(
            {
                "access_token": tokens.access_token,
                "refresh_token": tokens.refresh_token,
                "token_expiry": moment(tokens.access_expires_at),
                "refresh_token_expiry": moment(tokens.refresh_expires_at)
                or creds.refresh_token_expiry,
            }
        )
        self._log(
            "connection",
            "done",
            self.env._("Access token renewed, valid until %s.", creds.token_expiry or "?"),
        )
        return tokens.access_token

    @api.private
    def _verify_webhook(self, headers, raw_body, urls=()):
        """True when the webhook carries the platform's signature under our secret."""
        self.ensure_one()
        return self._make_adapter().verify_webhook(headers, raw_body, urls=urls)

    @api.private
    def _is_webhook_ping(self, headers, raw_body, form=None):
        """True for the platform's unsigned check of a newly registered webhook URL
        (WooCommerce's ``webhook_id=<id>`` ping): answered 200, nothing written."""
        self.ensure_one()
        return self._make_adapter().is_webhook_ping(headers, raw_body, form)

    @api.private
    def _webhook_topic(self, headers):
        """The topic a verified webhook announces in its header ("" for none)."""
        self.ensure_one()
        return self._make_adapter().webhook_topic(headers)

    # ------------------------------------------------------------------
    # Enqueueing
    # ------------------------------------------------------------------

    def _delayable(self, identity, description, max_retries=None):
        return self.with_delay(
            channel=JOB_CHANNEL,
            identity_key=identity,
            description=description,
            max_retries=max_retries,
        )

    @api.private
    def _enqueue_import(self):
        self.ensure_one()
        return self._delayable(
            f"oms-mkt-import-{self.id}",
            self.env._("%s: import orders", self.name),
            max_retries=IMPORT_MAX_RETRIES,
        )._job_import_orders()

    @api.private
    def _enqueue_import_page(self, since, until, cursor, page):
        """Queue the next page of a pull. The identity key names the pull (its window)
        and the page's cursor: a page job run again queues no second copy of it."""
        self.ensure_one()
        return self._delayable(
            f"oms-mkt-import-{self.id}-{since.isoformat()}-{cursor}",
            self.env._("%(account)s: import orders, page %(page)s", account=self.name, page=page),
            max_retries=IMPORT_MAX_RETRIES,
        )._job_import_orders(since=since, until=until, cursor=cursor, page=page)

    def _pull_in_progress(self):
        """True when a page job of an earlier pull of this account is still to run."""
        self.ensure_one()
        return bool(
            self.env["queue.job"]
            .sudo()
            .search_count(
                [
                    ("model_name", "=", self._name),
                    ("method_name", "=", "_job_import_orders"),
                    ("identity_key", "=like", f"oms-mkt-import-{self.id}-%"),
                    ("state", "in", ("wait_dependencies", "pending", "enqueued", "started")),
                ],
                limit=1,
            )
        )

    @api.private
    def _enqueue_stock_push(self):
        self.ensure_one()
        return self._delayable(
            f"oms-mkt-stock-{self.id}", self.env._("%s: push stock", self.name)
        )._job_push_stock()

    @api.private
    def _enqueue_reconcile(self):
        self.ensure_one()
        return self._delayable(
            f"oms-mkt-reconcile-{self.id}", self.env._("%s: reconcile orders", self.name)
        )._job_reconcile()

    @api.private
    def _enqueue_webhook(self, body, raw_digest, topic=None):
        """Queue what a verified webhook asks for; replays while queued make no new job.

        A webhook whose ``topic`` is not about orders (a Shopify ``products/update``)
        is acknowledged, logged and ignored: ``("ignore", None)``."""
        self.ensure_one()
        kind, target = self._make_adapter().webhook_target(body, topic=topic)
        if kind == "ignore":
            _logger.info("Marketplace webhook for account %s: topic %r ignored", self.id, target)
            self._log(
                "webhook",
                "done",
                self.env._("Webhook of topic “%s” ignored: not about orders.", target or "-"),
            )
            return kind, None
        if kind == "refs":
            ref, what = ", ".join(target), self.env._("import of the named orders")
        elif kind == "order":
            ref, what = str(target["id"]), self.env._("import of the pushed order")
        else:
            ref, what = None, self.env._("pull of the updated orders")
        self._log("webhook", "received", self.env._("Webhook received: %s queued.", what), ref)
        if kind == "pull":
            job = self._enqueue_import()
        elif kind == "refs":
            job = self._delayable(
                f"oms-mkt-webhook-{self.id}-{raw_digest}",
                self.env._("%(account)s: import %(refs)s", account=self.name, refs=target),
                max_retries=IMPORT_MAX_RETRIES,
            )._job_import_refs(target)
        else:
            job = self._delayable(
                f"oms-mkt-webhook-{self.id}-{raw_digest}",
                self.env._("%s: import pushed order", self.name),
                max_retries=IMPORT_MAX_RETRIES,
            )._job_import_payload(target)
        return kind, job

    @api.model
    def _cron_import_orders(self):
        now = fields.Datetime.now()
        for account in self.search([("platform", "!=", False)]):
            last = account.order_sync_date
            if not last or last + timedelta(minutes=account.import_interval) <= now:
                account._enqueue_import()

    @api.model
    def _cron_push_stock(self):
        for account in self.search([("push_stock", "=", True)]):
            account._enqueue_stock_push()

    @api.model
    def _cron_refresh_tokens(self):
        """Queue the renewal of the access tokens that expire within the hour."""
        soon = fields.Datetime.now() + TOKEN_HORIZON
        accounts = self.sudo().search(
            [
                ("platform", "in", codes_where("refreshable")),
                ("refresh_token", "!=", False),
                ("token_expiry", "!=", False),
                ("token_expiry", "<=", soon),
            ]
        )
        for account in accounts:
            account._delayable(
                f"oms-mkt-token-{account.id}", account.env._("%s: renew access token", account.name)
            )._job_refresh_token()

    @api.private
    def _job_refresh_token(self):
        self.ensure_one()
        with self._platform_errors():
            self._refresh_access_token()
        self._record_success()
        return self.env._("Access token renewed.")

    def _on_token_failed(self, exc_message=None, **kwargs):
        self._record_failure("connection", exc_message or "")

    @api.model
    def _cron_reconcile(self):
        for account in self.search([]):
            account._enqueue_reconcile()

    # ------------------------------------------------------------------
    # Health and log
    # ------------------------------------------------------------------

    @api.model
    def _error_text(self, error):
        """An error in words, without any credential of these accounts."""
        if isinstance(error, PlatformError):
            text = f"[{error.code}] {error.message}"
        elif isinstance(error, CaptureError):
            details = "; ".join(f"{f['field']}: {f['message']}" for f in error.fields)
            text = f"{error.args[0]} {details}".strip()
        else:
            text = str(error.args[0] if error.args else error)
        return self._scrub(text)

    @api.private
    def _record_success(self, vals=None):
        self.sudo().write(dict(vals or {}, last_success_date=fields.Datetime.now(), error_count=0))

    @api.private
    def _record_failure(self, kind, message, ref=None):
        self.ensure_one()
        account = self.sudo()
        message = self._scrub(message)
        account.write(
            {
                "last_error_date": fields.Datetime.now(),
                "last_error": message,
                "error_count": account.error_count + 1,
            }
        )
        account._log(kind, "failed", message, ref)

    @api.private
    def _log(self, kind, status, message, ref=None):
        self.ensure_one()
        return self._log_many([(kind, status, message, ref)])

    @api.private
    def _log_many(self, entries):
        """Write sync log lines ``(kind, status, message, platform ref)`` in one create."""
        self.ensure_one()
        secrets = self._secrets()
        return (
            self.env["oms.marketplace.log"]
            .sudo()
            .create(
                [
                    {
                        "account_id": self.id,
                        "kind": kind,
                        "status": status,
                        "message": scrub(message, secrets),
                        "platform_ref": ref or False,
                    }
                    for kind, status, message, ref in entries
                ]
            )
        )

    # queue_job calls these (``on_fail_method`` of the job functions) from a fresh
    # cursor once a job has failed for good: the job's own writes were rolled back.
    def _on_import_failed(self, exc_message=None, **kwargs):
        self._record_failure("import", exc_message or "")

    def _on_stock_failed(self, exc_message=None, **kwargs):
        self._record_failure("stock", exc_message or "")

    def _on_shipment_failed(self, exc_message=None, **kwargs):
        self._record_failure("shipment", exc_message or "")

    def _on_cancel_failed(self, exc_message=None, **kwargs):
        self._record_failure("cancel", exc_message or "")

    def _on_listings_failed(self, exc_message=None, **kwargs):
        self._record_failure("listings", exc_message or "")

    @contextmanager
    def _platform_errors(self):
        """Map the adapters' errors onto queue_job's: retry later, or fail for good.

        The job's error keeps the words of the platform's error without the
        account's credentials, and not the original exception: queue_job stores
        and logs the whole traceback, chained exceptions included."""
        try:
            yield
        except RetryableError as error:
            seconds = math.ceil(error.retry_after) if error.retry_after is not None else None
            raise RetryableJobError(self._scrub(str(error)), seconds=seconds) from None
        except PlatformError as error:
            raise FailedJobError(self._error_text(error)) from None
        except ValueError as error:  # adapter refusing a configuration (e.g. plain HTTP)
            raise FailedJobError(self._error_text(error)) from None

    # ------------------------------------------------------------------
    # Jobs: orders in
    # ------------------------------------------------------------------

    @api.private
    def _job_import_orders(self, since=None, until=None, cursor=None, page=1):
        """Pull the orders updated since the last sync, one page per job.

        The first job fixes the pull's window; each job reads one page (all its
        platform calls come before any write), imports its orders and, in the same
        transaction, queues the job of the next page with the platform's cursor. A
        429/5xx/timeout therefore retries one page, and the pages already imported
        stay imported; the job of the last page moves ``order_sync_date`` on to
        ``until`` (the reconciliation queues its pages without one). Bindings make a
        page imported twice change nothing.
        """
        self.ensure_one()
        if since is None:
            if self._pull_in_progress():
                return self.env._("A pull is already in progress.")
            since, until = self._pull_window()
        adapter = self._job_adapter()
        with self._platform_errors():
            result = adapter.list_orders(
                since.replace(tzinfo=UTC), cursor=cursor, page_size=self.page_size or 50
            )
        outcomes = self._import_orders(result.orders)
        summary = self._outcome_text(outcomes)
        if result.has_more:
            self._enqueue_import_page(since, until, result.next_cursor, page + 1)
            self._record_success()
            message = self.env._(
                "Pull since %(since)s, page %(page)s: %(summary)s; next page queued.",
                since=since,
                page=page,
                summary=summary,
            )
        else:
            # a reconciliation's pages (no ``until``) leave the sync date alone
            self._record_success({"order_sync_date": until} if until else None)
            message = self.env._(
                "Pull since %(since)s, page %(page)s (last): %(summary)s",
                since=since,
                page=page,
                summary=summary,
            )
        self._log("import", "done", message)
        return message

    def _pull_window(self):
        """``(since, until)`` of a new pull: from a little before the last sync (or
        ``initial_import_days`` back) until now (Shopee: 15 days at most)."""
        now = fields.Datetime.now()
        if self.order_sync_date:
            since = self.order_sync_date - PULL_OVERLAP
        else:
            since = now - timedelta(days=self.initial_import_days)
        # a platform answering a limited window (Shopee: 15 days) catches up window
        # by window
        return adapter_class(self.platform).pull_window(since, now)

    @api.private
    def _job_import_refs(self, refs):
        """Fetch the orders a webhook named and import them (Shopee)."""
        self.ensure_one()
        adapter = self._job_adapter()
        with self._platform_errors():
            orders = adapter.get_order_details(list(refs))
        outcomes = self._import_orders(orders)
        self._record_success()
        return self._outcome_text(outcomes)

    @api.private
    def _job_import_payload(self, raw):
        """Import an order a webhook carried (Shopify, WooCommerce)."""
        self.ensure_one()
        outcomes = self._import_orders([raw])
        self._record_success()
        return self._outcome_text(outcomes)

    @api.private
    def _job_reconcile(self):
        """Compare the platform's recent orders with our bindings and repair the drift:
        import the missing ones, apply missed updates, retry failed imports."""
        self.ensure_one()
        since = fields.Datetime.now() - timedelta(days=self.reconcile_days)
        adapter = self._job_adapter()
        since = adapter.earliest_since(since, fields.Datetime.now())
        with self._platform_errors():
            first = adapter.list_orders(since.replace(tzinfo=UTC), page_size=self.page_size or 50)
        outcomes = self._import_orders(first.orders)
        if first.has_more:
            # the other pages: one job each, like a pull's (without moving the sync date)
            self._enqueue_import_page(since, None, first.next_cursor, 2)
        failed = self.env["oms.marketplace.order"].search(
            [
                ("account_id", "=", self.id),
                ("state", "=", "error"),
                ("raw_payload", "!=", False),
            ]
        )
        retried = self._import_orders([json.loads(b.raw_payload) for b in failed], force=True)
        stock_summary = self._reconcile_stock()
        self._record_success()
        summary = self.env._(
            "Reconciliation: %(missing)s missing order(s) imported, %(updated)s updated, "
            "%(fixed)s failed import(s) repaired, %(failed)s still failing.",
            missing=outcomes["created"],
            updated=outcomes["updated"],
            fixed=retried["created"] + retried["updated"],
            failed=outcomes["failed"] + retried["failed"],
        )
        if first.has_more:
            summary += " " + self.env._("The other pages are imported by their own jobs.")
        if stock_summary:
            summary = f"{summary} {stock_summary}"
        self._log("reconcile", "done", summary)
        return summary

    @api.private
    def _reconcile_stock(self):
        """Compare the stock the platform shows for the mapped listings with the
        channel ATP we publish; push the right level where they differ (manual edits
        in the seller centre, lost pushes). Return what was fixed, in words."""
        self.ensure_one()
        if not self.push_stock:
            return ""
        if not adapter_class(self.platform).stock_readable:
            return self.env._(
                "Stock not compared: this connector cannot read %s stock.", self.platform
            )
        mappings = self.env["oms.marketplace.product"].search(
            [("account_id", "=", self.id), ("product_id", "!=", False)]
        )
        mappings, _incomplete = self._split_pushable(mappings)
        if not mappings:
            return ""
        adapter = self._job_adapter()
        with self._platform_errors():
            remote = adapter.get_stock(
                [
                    StockItem(
                        sku=m.platform_sku,
                        quantity=0,
                        item_id=m.platform_item_id or None,
                        variant_id=m.platform_variant_id or None,
                        location_id=m.platform_location_id or None,
                    )
                    for m in mappings
                ]
            )
        drift, unknown = [], []
        for mapping, qty in self._published_levels(mappings).items():
            key = (mapping.platform_item_id, mapping.platform_variant_id or "0")
            if key not in remote:
                unknown.append(mapping.platform_sku)
            elif remote[key] != qty:
                drift.append((mapping, qty, remote[key]))
        self._send_stock([(mapping, qty) for mapping, qty, _remote in drift])
        if drift:
            self._log_many(
                [
                    (
                        "reconcile",
                        "done",
                        self.env._(
                            "Stock of %(sku)s corrected: the platform showed %(remote)s, "
                            "%(qty)s pushed.",
                            sku=mapping.platform_sku,
                            remote=platform_qty,
                            qty=qty,
                        ),
                        mapping.platform_sku,
                    )
                    for mapping, qty, platform_qty in drift
                ]
            )
        summary = self.env._(
            "Stock: %(checked)s listing(s) compared, %(fixed)s corrected.",
            checked=len(mappings) - len(unknown),
            fixed=len(drift),
        )
        if unknown:
            summary += " " + self.env._(
                "Not found on the platform: %s.", ", ".join(sorted(unknown))
            )
        return summary

    @api.model
    def _outcome_text(self, outcomes):
        return ", ".join(f"{key} {outcomes[key]}" for key in sorted(outcomes)) or "nothing"

    @api.private
    def _import_orders(self, raws, force=False):
        """Import raw platform orders; one failure does not stop the others.

        Each order is read against its binding (one search for the page) and prepared
        on its own; updates of orders we have are applied then. The new orders of the
        page are captured together, through the batch capture (``capture_batch``: one
        ``create()``, one validation, sourcing and confirmation for all of them), then
        their bindings and the sync log are written. An order listed twice in the page
        is imported again after the others (then unchanged or updated)."""
        self.ensure_one()
        carriers = set(
            self.env["delivery.carrier"]
            .sudo()
            .search([("oms_code", "!=", False)])
            .mapped("oms_code")
        )
        outcomes = Counter()
        entries = {}
        adapter = self._make_adapter()
        refs = [adapter.order_ref(raw) for raw in raws]
        bindings = {
            binding.platform_order_ref: binding
            for binding in self.env["oms.marketplace.order"]
            .sudo()
            .search([("account_id", "=", self.id), ("platform_order_ref", "in", refs)])
        }
        batch, queued, again = [], set(), []

        def record(index, ref, outcome, message):
            outcomes[outcome] += 1
            if message:
                status = "failed" if outcome == "failed" else "done"
                entries[index] = ("import", status, message, ref)

        for index, (raw, ref) in enumerate(zip(raws, refs, strict=True)):
            if index and not index % IMPORT_CHUNK:
                # many orders in one job: drop what the ORM cached for the ones done
                self.env.invalidate_all()
            if ref in queued:
                again.append(index)
                continue
            binding = bindings.get(ref) or self.env["oms.marketplace.order"].sudo()
            outcome, message = self._import_order(
                adapter, raw, carriers, force=force, binding=binding, batch=batch
            )
            if outcome == "queued":
                queued.add(ref)
                batch[-1]["index"] = index
                continue
            record(index, ref, outcome, message)
        for item, outcome, message in self._capture_import_batch(batch):
            record(item["index"], item["ref"], outcome, message)
        for index in again:
            outcome, message = self._import_order(adapter, raws[index], carriers, force=force)
            record(index, refs[index], outcome, message)
        if entries:
            self._log_many([entries[index] for index in sorted(entries)])
        return outcomes

    @api.private
    def _capture_import_batch(self, batch):
        """Capture the new orders ``_import_order`` queued in ``batch``: one
        ``capture_batch()`` per review note (orders whose province was kept as text
        carry one; normally none). Save each binding; yield ``(item, outcome,
        message)``."""
        self.ensure_one()
        capture = self.env["oms.capture"].with_context(
            oms_marketplace_confirm_policy=self.confirm_policy
        )
        by_review = defaultdict(list)
        for item in batch:
            by_review[item["review"]].append(item)
        for review, items in by_review.items():
            results = capture.with_context(oms_marketplace_review=review).capture_batch(
                [item["payload"] for item in items]
            )
            orders = self.env["sale.order"].browse(
                [result["id"] for result in results if result["status"] in (200, 201)]
            )
            orders.fetch(["name"])
            for item, result in zip(items, results, strict=True):
                ref, vals = item["ref"], item["vals"]
                if result["status"] not in (200, 201):
                    error = result["error"]
                    error = CaptureError(error["code"], error["message"], error.get("fields"))
                    message = self.env._(
                        "Order %(ref)s not imported: %(error)s",
                        ref=ref,
                        error=self._error_text(error),
                    )
                    self._save_binding(
                        item["binding"], ref, dict(vals, state="error", error_message=message)
                    )
                    yield item, "failed", message
                    continue
                order = self.env["sale.order"].browse(result["id"])
                self._save_binding(
                    item["binding"],
                    ref,
                    dict(vals, state="imported", error_message=False, sale_order_id=order.id),
                )
                if result["status"] != 201:
                    yield item, "unchanged", None
                    continue
                if review:
                    order.message_post(body=review, subtype_xmlid="mail.mt_note")
                yield (
                    item,
                    "created",
                    self.env._("Order %(ref)s imported as %(name)s.", ref=ref, name=order.name),
                )

    @api.private
    def _import_order(self, adapter, raw, carriers, force=False, binding=None, batch=None):
        """Import one raw order: capture it, or apply its update to the order we have.

        Return ``(outcome, message)``; outcome is created, updated, unchanged, stale,
        skipped or failed. A failure (unknown SKU, invalid address, conflict) is kept on
        the binding with the raw order, so that it can be retried. ``binding`` is the
        order's binding when the caller read it (an empty recordset for none). With a
        ``batch`` list, a new order is not captured but appended to it (outcome
        ``queued``, see ``_capture_import_batch``).
        """
        self.ensure_one()
        ref = adapter.order_ref(raw)
        updated = adapter.update_time(raw)
        digest = adapter.payload_hash(raw)
        if binding is None:
            binding = (
                self.env["oms.marketplace.order"]
                .sudo()
                .search([("account_id", "=", self.id), ("platform_order_ref", "=", ref)], limit=1)
            )
        if binding and not force:
            if binding.state == "imported" and binding.payload_hash == digest:
                return "unchanged", None
            if self._is_stale(binding, updated):
                return "stale", None
        parsed = adapter.parse_order(raw, self.channel_id.code)
        payload = parsed.to_dict()
        # the listing ids of the lines, for the binding lookup (not sent to the capture)
        payload["line_listings"] = line_listings(parsed)
        platform_status = payload.pop("platform_status", "")
        hint = payload.pop("oms_status_hint", "pending")
        vals = {
            "platform_status": platform_status,
            "platform_update_time": updated,
            "payload_hash": digest,
            "raw_payload": json.dumps(raw, ensure_ascii=False),
        }
        try:
            with self.env.cr.savepoint():
                outcome, order, message = self._apply_platform_order(
                    adapter, binding, ref, raw, payload, hint, carriers, batch=batch
                )
        except UserError as error:  # CaptureError included
            message = self.env._(
                "Order %(ref)s not imported: %(error)s", ref=ref, error=self._error_text(error)
            )
            self._save_binding(binding, ref, dict(vals, state="error", error_message=message))
            return "failed", message
        if outcome == "queued":
            batch[-1].update(binding=binding, ref=ref, vals=vals)
            return outcome, None
        state = "skipped" if outcome == "skipped" else "imported"
        self._save_binding(
            binding,
            ref,
            dict(
                vals, state=state, error_message=False, sale_order_id=order.id if order else False
            ),
        )
        return outcome, message

    @api.model
    def _is_stale(self, binding, updated):
        """True when a platform order's state is not newer than what the binding
        holds, by the platform's own update time: an older body (a late webhook, a
        retried delivery), or one without a time once an import had one, never
        overwrites the newer data. An order imported at a time is not applied again
        at that same time (its change was applied); a failed or skipped import is."""
        stored = binding.platform_update_time
        if not stored:
            return False
        if not updated or updated < stored:
            return True
        return updated == stored and binding.state == "imported"

    def _save_binding(self, binding, ref, vals):
        if binding:
            binding.write(vals)
            return binding
        return (
            self.env["oms.marketplace.order"]
            .sudo()
            .create(dict(vals, account_id=self.id, platform_order_ref=ref))
        )

    @api.private
    def _apply_platform_order(
        self, adapter, binding, ref, raw, payload, hint, carriers, batch=None
    ):
        capture = self.env["oms.capture"]
        listings = payload.pop("line_listings", None)
        review = self._tolerate_addresses(payload)
        order = binding.sale_order_id or capture._find_order(self.channel_id, ref)
        if order:
            changes = self._apply_updates(order, payload, hint)
            if not changes:
                return "unchanged", order, None
            message = self.env._(
                "Order %(ref)s (%(name)s) updated: %(changes)s",
                ref=ref,
                name=order.name,
                changes=", ".join(changes),
            )
            return "updated", order, message
        if hint == "cancelled":
            return "skipped", None, self.env._("Order %s was cancelled before its import.", ref)
        if hint == "returned":
            return "skipped", None, self.env._("Order %s was returned before its import.", ref)
        if hint == "pending" and payload["payment"]["method"] != "cod" and not self.import_unpaid:
            return "skipped", None, self.env._("Order %s waits for its payment.", ref)
        self._map_skus(adapter.listings(raw), payload, listings)
        if payload.get("shipping") and payload["shipping"]["carrier"] not in carriers:
            # a platform logistics service the OMS has no carrier for: the shop ships it
            payload["shipping"]["carrier"] = "own"
        if batch is not None:
            # captured with the other new orders of the page (``_capture_import_batch``)
            batch.append({"payload": payload, "review": review})
            return "queued", None, None
        order, created = capture.with_context(
            oms_marketplace_confirm_policy=self.confirm_policy,
            oms_marketplace_review=review,
        ).capture(payload)
        if not created:
            return "unchanged", order, None
        if review:
            order.message_post(body=review, subtype_xmlid="mail.mt_note")
        message = self.env._("Order %(ref)s imported as %(name)s.", ref=ref, name=order.name)
        return "created", order, message

    @api.private
    def _map_skus(self, rows, payload, listings=None):
        """Translate the platform's lines into our SKUs through the account's bindings.

        ``rows`` are the order's :class:`Listing` rows, ``listings`` the
        ``(item_id, variant_id)`` of each payload line. A line is matched by its
        seller SKU (the model/variant SKU where the platform has one), then by its
        platform variant id, then by its listing id. SKUs that are a product's
        internal reference get their binding made on the way. A line that matches
        nothing stops the import with :class:`UnmappedListingError`, naming the
        listing so that it can be mapped (and the import retried)."""
        lines = payload["lines"]
        ids_by_sku = {row.sku: (row.item_id, row.variant_id) for row in rows if row.sku}
        keys = []
        for index, line in enumerate(lines):
            key = listings[index] if listings and index < len(listings) else (None, None)
            if not any(key):
                key = ids_by_sku.get(line["sku"], (None, None))
            keys.append(tuple(key))
        skus = {line["sku"] for line in lines if line["sku"]}
        item_ids = {key[0] for key in keys if key[0]}
        variant_ids = {key[1] for key in keys if key[1]}
        mappings = self.env["oms.marketplace.product"].sudo()
        found = mappings.search(
            Domain("account_id", "=", self.id)
            & (
                Domain("platform_sku", "in", list(skus))
                | Domain("platform_item_id", "in", list(item_ids))
                | Domain("platform_variant_id", "in", list(variant_ids))
            )
        )
        by_sku = {m.platform_sku: m for m in found}
        by_variant = {m.platform_variant_id: m for m in found if m.platform_variant_id}
        by_item = {m.platform_item_id: m for m in found if not m.platform_variant_id}
        missing = {
            sku
            for sku, key in zip((line["sku"] for line in lines), keys, strict=True)
            if sku
            and sku not in by_sku
            and not (key[1] and key[1] in by_variant)
            and not (key[0] and key[0] in by_item)
        }
        if missing:
            products = self.env["product.product"].search(
                [
                    ("default_code", "in", list(missing)),
                    ("company_id", "in", [False, self.company_id.id]),
                ]
            )
            by_code = {p.default_code: p for p in products}
            new = mappings.create(
                [
                    {
                        "account_id": self.id,
                        "product_id": by_code[sku].id,
                        "platform_sku": sku,
                        "platform_item_id": ids_by_sku.get(sku, (None, None))[0],
                        "platform_variant_id": ids_by_sku.get(sku, (None, None))[1],
                    }
                    for sku in missing
                    if sku in by_code
                ]
            )
            by_sku.update({m.platform_sku: m for m in new})
        unknown = []
        for line, (item_id, variant_id) in zip(lines, keys, strict=True):
            mapping = (
                (line["sku"] and by_sku.get(line["sku"]))
                or (variant_id and by_variant.get(variant_id))
                or (item_id and by_item.get(item_id))
            )
            if mapping and mapping.product_id.default_code:
                line["sku"] = mapping.product_id.default_code
            elif not mapping:
                unknown.append((line["sku"], item_id, variant_id))
        if unknown:
            raise UnmappedListingError(self._unmapped_text(unknown), unknown)

    @api.model
    def _unmapped_text(self, unknown):
        described = []
        for sku, item_id, variant_id in unknown:
            ids = self.env._(
                "listing %(item)s, variant %(variant)s",
                item=item_id or "-",
                variant=variant_id or "-",
            )
            if sku:
                described.append(self.env._("Unknown SKU %(sku)s (%(ids)s)", sku=sku, ids=ids))
            else:
                described.append(self.env._("no SKU (%s)", ids))
        return self.env._(
            "%(listings)s: no product is mapped to it. Map the listing to a product "
            "(Map listing on the failed import) and retry the import.",
            listings="; ".join(described),
        )

    @api.private
    def _tolerate_addresses(self, payload):
        """Keep an import going when a province is not in Odoo's list (a foreign
        one, or a masked form such as Lazada's "Thai/ English" names): the text moves
        to the second street line, the province stays empty and the returned note
        (empty when all matched) flags the order for review."""
        addresses = [
            payload[key]
            for key in ("shipping_address", "billing_address")
            if payload.get(key) and payload[key].get("state")
        ]
        if not addresses:
            return ""
        codes = {address["country"].upper() for address in addresses}
        provinces = defaultdict(list)
        for state in self.env["res.country.state"].search([("country_id.code", "in", list(codes))]):
            provinces[state.country_id.code].append((state, state.code, state.name))
        unmatched = []
        for address in addresses:
            known = provinces.get(address["country"].upper(), [])
            if match_province(address["state"], known) is not None:
                continue
            text = address["state"]
            address["street2"] = ", ".join(filter(None, [address.get("street2"), text]))
            address["state"] = ""
            if known and text not in unmatched:
                unmatched.append(text)
        if not unmatched:
            return ""
        return self.env._(
            "Province %(names)s is not in the list of provinces: kept in the address "
            "(second street line), province left empty. Check the address before "
            "shipping.",
            names=", ".join(unmatched),
        )

    @api.private
    def _apply_updates(self, order, payload, hint):
        """Apply a later state of a platform order to the order we captured.

        Cancellation, payment and shipping address; return the list of what changed.
        """
        capture = self.env["oms.capture"]
        changes = []
        if hint == "returned":
            if order.state == "sale" and self._sync_platform_return(order):
                changes.append(self.env._("return requested"))
            return changes
        if hint == "cancelled":
            if order.state != "cancel":
                capture.cancel(order.with_context(oms_marketplace_no_push=True))
                changes.append(self.env._("cancelled"))
            return changes
        payment = payload["payment"]
        if payment["status"] != order.payment_status and order.payment_status != "paid":
            order.write({"payment_status": payment["status"], "payment_amount": payment["amount"]})
            changes.append(self.env._("payment %s", payment["status"]))
            if payment["status"] == "paid" and order.state in ("draft", "sent"):
                order.with_context(
                    oms_marketplace_confirm_policy=self.confirm_policy
                )._oms_process_captured()
        address = payload.get("shipping_address")
        shipped = order.picking_ids.filtered(
            lambda p: p.oms_is_customer_delivery and p.state == "done"
        )
        if (
            address
            and order.state != "cancel"
            and not shipped
            and self._address_differs(order, address)
        ):
            capture.change_shipping_address(order, {"shipping_address": address})
            changes.append(self.env._("shipping address"))
        return changes

    @api.private
    def _sync_platform_return(self, order):
        """Extension point: record the platform's return of ``order`` (reported by
        the order feed) in the OMS; return what was recorded (falsy: nothing).

        This addon records nothing: the bridge ``oms_marketplace_returns``, installed
        with the Returns app, records it as a return request. Raise ``UserError``
        when the return cannot be recorded yet: the binding keeps the platform
        order and the reconciliation tries again."""
        self.ensure_one()
        return False

    @api.private
    def _platform_return_reference(self, order):
        """The one return reference of ``order``'s platform return."""
        self.ensure_one()
        binding = self._binding_of(order)
        return self._make_adapter().return_reference(
            binding.platform_order_ref or order.external_ref
        )

    @api.model
    def _address_differs(self, order, address):
        current = order.partner_shipping_id

        def norm(value):
            return " ".join((value or "").lower().split())

        return any(
            norm(current[fname]) != norm(address.get(key))
            for fname, key in (("street", "street"), ("city", "city"), ("zip", "zip"))
        ) or norm(current.name) != norm(address.get("name"))

    # ------------------------------------------------------------------
    # Jobs: stock, shipments, cancellations out
    # ------------------------------------------------------------------

    @api.model
    def _published_qty(self, atp, warehouse_ids):
        if not atp:
            return 0
        if warehouse_ids:
            total = sum(max(atp["warehouses"].get(wh_id, 0.0), 0.0) for wh_id in warehouse_ids)
        else:
            total = atp["total"]
        return max(math.floor(total), 0)

    @api.private
    def _job_push_stock(self):
        """Publish the channel ATP of the mapped products, only where it changed."""
        self.ensure_one()
        mappings = self.env["oms.marketplace.product"].search(
            [("account_id", "=", self.id), ("product_id", "!=", False)]
        )
        return self._push_stock_of(mappings)

    @api.private
    def _job_push_stock_changes(self):
        """Publish the stock of the products whose stock moved since the last push
        (the mappings flagged by the stock hooks), only where the level changed."""
        self.ensure_one()
        mappings = self.env["oms.marketplace.product"].search(
            [("account_id", "=", self.id), ("stock_dirty", "=", True)]
        )
        if not mappings:
            return self.env._("No stock change to push.")
        return self._push_stock_of(mappings)

    @api.private
    def _enqueue_stock_changes(self):
        """One debounced job per account: changes made while it waits join it."""
        for account in self:
            account.with_delay(
                channel=JOB_CHANNEL,
                identity_key=f"oms-mkt-stock-changes-{account.id}",
                eta=STOCK_DEBOUNCE_SECONDS,
                description=account.env._("%s: push stock changes", account.name),
            )._job_push_stock_changes()

    def _split_pushable(self, mappings):
        needed = adapter_class(self.platform).stock_ids
        incomplete = mappings.filtered(lambda m: not all(m[f] for f in needed))
        return mappings - incomplete, incomplete

    def _published_levels(self, mappings):
        """``{mapping: quantity to publish}`` from the channel ATP (one query)."""
        atp = self.env["oms.atp"]._get_channel_atp(self.channel_id, mappings.product_id.ids)
        return {
            mapping: self._published_qty(atp.get(mapping.product_id.id), self.warehouse_ids.ids)
            for mapping in mappings
        }

    def _push_stock_of(self, mappings):
        mappings, incomplete = self._split_pushable(mappings)
        levels = self._published_levels(mappings)
        changed = [
            (mapping, qty)
            for mapping, qty in levels.items()
            if not mapping.last_push_date or mapping.last_pushed_qty != qty
        ]
        self._send_stock(changed)
        (mappings | incomplete).filtered("stock_dirty").write({"stock_dirty": False})
        self._record_success({"stock_sync_date": fields.Datetime.now()})
        message = self.env._(
            "%(pushed)s stock level(s) pushed, %(same)s unchanged.",
            pushed=len(changed),
            same=len(mappings) - len(changed),
        )
        if incomplete:
            message += " " + self.env._(
                "%(count)s mapping(s) lack the platform's listing ids: %(skus)s",
                count=len(incomplete),
                skus=", ".join(incomplete.mapped("platform_sku")),
            )
        self._log("stock", "done", message)
        return message

    def _send_stock(self, pairs):
        """Send ``[(mapping, qty)]`` in the platform's batches; remember what was sent."""
        if not pairs:
            return
        adapter = self._job_adapter()
        size = adapter.stock_batch
        now = fields.Datetime.now()
        with self._platform_errors():
            for start in range(0, len(pairs), size):
                chunk = pairs[start : start + size]
                adapter.push_stock(
                    [
                        StockItem(
                            sku=m.platform_sku,
                            quantity=qty,
                            item_id=m.platform_item_id or None,
                            variant_id=m.platform_variant_id or None,
                            location_id=m.platform_location_id or None,
                        )
                        for m, qty in chunk
                    ]
                )
                ordered = sorted(chunk, key=lambda pair: pair[1])
                for qty, group in groupby(ordered, key=lambda pair: pair[1]):
                    self.env["oms.marketplace.product"].union(*(m for m, _q in group)).write(
                        {"last_pushed_qty": qty, "last_push_date": now}
                    )

    def _binding_of(self, order):
        return self.env["oms.marketplace.order"].search(
            [("account_id", "=", self.id), ("sale_order_id", "=", order.id)], limit=1
        )

    def _line_ids_of(self, binding, products):
        """Platform row ids of a binding's order whose product is among ``products``."""
        rows = self._make_adapter().listings(json.loads(binding.raw_payload or "{}"))
        mappings = self.env["oms.marketplace.product"].search(
            [("account_id", "=", self.id), ("product_id", "in", products.ids)]
        )
        skus = set(mappings.mapped("platform_sku")) | set(products.mapped("default_code"))
        return [row.line_id for row in rows if row.sku in skus and row.line_id]

    def _shipment_lines(self, binding, picking):
        """What one delivery carries of the platform order: ``({row id: quantity},
        {row id: SKU}, last)``. The quantities of each product go to the order's rows
        of its SKU in the platform's order, after what the order's earlier deliveries
        took; ``last`` is False while another delivery of the order is still open."""
        adapter = self._make_adapter()
        rows = adapter.row_quantities(json.loads(binding.raw_payload or "{}"))
        deliveries = picking.sale_id.picking_ids.filtered(
            lambda p: p.oms_is_customer_delivery and p.state != "cancel"
        )

        def rank(delivery):
            return (delivery.date_done or delivery.create_date, delivery.id)

        earlier = (deliveries - picking).filtered(
            lambda p: p.state == "done" and rank(p) < rank(picking)
        )
        last = all(p.state == "done" for p in deliveries - picking)
        products = deliveries.move_ids.product_id
        mappings = self.env["oms.marketplace.product"].search(
            [("account_id", "=", self.id), ("product_id", "in", products.ids)]
        )
        skus = {product.id: {product.default_code} - {False} for product in products}
        for mapping in mappings:
            skus[mapping.product_id.id].add(mapping.platform_sku)

        def done_qty(moves):
            quantities = defaultdict(float)
            for move in moves.filtered(lambda m: m.state == "done"):
                quantities[move.product_id.id] += move.product_uom._compute_quantity(
                    move.quantity, move.product_id.uom_id
                )
            return quantities

        before, now_qty = done_qty(earlier.move_ids), done_qty(picking.move_ids)
        line_quantities, line_skus = {}, {}
        for product_id, quantity in now_qty.items():
            skip = before.get(product_id, 0.0)
            for row, capacity in rows:
                if quantity <= 0:
                    break
                if row.sku not in skus[product_id] or not row.line_id:
                    continue
                taken = min(skip, capacity)
                skip -= taken
                part = min(quantity, capacity - taken)
                if part > 0:
                    line_quantities[row.line_id] = line_quantities.get(row.line_id, 0) + part
                    line_skus[row.line_id] = row.sku
                    quantity -= part
        return line_quantities, line_skus, last

    @api.private
    def _job_push_shipment(self, picking):
        """Tell the platform that one delivery of its order left: carrier and tracking."""
        self.ensure_one()
        if picking.oms_marketplace_push_date:
            return self.env._("%s was already pushed.", picking.name)
        binding = self._binding_of(picking.sale_id)
        if not binding:
            return self.env._("%s: no marketplace order.", picking.name)
        carrier = picking.carrier_id
        carrier_name = carrier.name or "own"
        # no stand-in for a missing tracking number: the platforms that need one
        # refuse the shipment with that reason
        tracking = picking.carrier_tracking_ref or ""
        ref = binding.platform_order_ref
        line_quantities, line_skus, last = self._shipment_lines(binding, picking)
        shipment = Shipment(
            order_ref=ref,
            carrier_name=carrier_name,
            tracking=tracking,
            carrier_code=carrier.oms_code or "",
            line_ids=list(line_quantities),
            line_quantities=line_quantities,
            line_skus=line_skus,
            last=last,
        )
        adapter = self._job_adapter()
        try:
            with self._platform_errors():
                result = adapter.push_shipment(shipment)
        except FailedJobError as error:
            # the reason with the delivery and the order it is about
            raise FailedJobError(
                self.env._(
                    "Shipment %(picking)s of order %(ref)s refused: %(reason)s",
                    picking=picking.name,
                    ref=ref,
                    reason=error.args[0] if error.args else "",
                )
            ) from None
        picking.oms_marketplace_push_date = fields.Datetime.now()
        self._record_success()
        message = self.env._(
            "Shipment %(picking)s pushed: %(carrier)s %(tracking)s.",
            picking=picking.name,
            carrier=carrier_name,
            tracking=tracking,
        )
        platform_tracking = getattr(result, "tracking_number", None)
        if platform_tracking and platform_tracking != tracking:
            message += " " + self.env._("The platform's tracking number: %s.", platform_tracking)
        self._log("shipment", "done", message, ref)
        return message

    @api.private
    def _job_push_cancel(self, order):
        """Cancel on the platform an order the OMS cancelled."""
        self.ensure_one()
        binding = self._binding_of(order)
        if not binding:
            return self.env._("%s: no marketplace order.", order.name)
        ref = binding.platform_order_ref
        mappings = self.env["oms.marketplace.product"].search(
            [
                ("account_id", "=", self.id),
                ("product_id", "in", order.order_line.product_id.ids),
                ("platform_item_id", "!=", False),
            ]
        )
        adapter = self._job_adapter()
        cancellation = Cancellation(
            order_ref=ref,
            reason=adapter.cancel_reason(),
            items=[
                StockItem(m.platform_sku, 0, m.platform_item_id, m.platform_variant_id)
                for m in mappings
            ],
            line_ids=self._line_ids_of(binding, order.order_line.product_id),
        )
        with self._platform_errors():
            adapter.cancel_order(cancellation)
        self._record_success()
        message = self.env._(
            "Order %(ref)s (%(name)s) cancelled on the platform.", ref=ref, name=order.name
        )
        self._log("cancel", "done", message, ref)
        return message

    @api.model
    def _get_bindings_domain(self, orders):
        return Domain("sale_order_id", "in", orders.ids) & Domain("account_id.active", "=", True)

    # ------------------------------------------------------------------
    # Listing sync: the shop's catalogue into the bindings
    # ------------------------------------------------------------------

    def action_sync_listings(self):
        for account in self:
            account._check_credentials()
            account._enqueue_listing_page(None, 1)
        return self._notify(self.env._("Listing sync queued."))

    def action_map_listings(self):
        """The shop's listings, unmatched first, to pick their product inline."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "oms_marketplace_sync.action_oms_marketplace_map_listings"
        )
        action["domain"] = [("account_id", "=", self.id)]
        action["context"] = {"default_account_id": self.id}
        action["name"] = self.env._("Map listings: %s", self.name)
        return action

    @api.private
    def _enqueue_listing_page(self, cursor, page):
        """Queue one page of the listing sync; the identity key names the page's cursor."""
        self.ensure_one()
        return self._delayable(
            f"oms-mkt-listings-{self.id}-{cursor or 'first'}",
            self.env._("%(account)s: sync listings, page %(page)s", account=self.name, page=page),
            max_retries=IMPORT_MAX_RETRIES,
        )._job_sync_listings(cursor=cursor, page=page)

    @api.private
    def _job_sync_listings(self, cursor=None, page=1):
        """Read one page of the shop's listings into the bindings and queue the next page
        (a 429/5xx retries that page only)."""
        self.ensure_one()
        adapter = self._job_adapter()
        with self._platform_errors():
            result = adapter.list_listings(cursor)
        counts = self._apply_listings(result.listings)
        if result.has_more:
            self._enqueue_listing_page(result.next_cursor, page + 1)
            self._record_success()
        else:
            self._record_success({"listing_sync_date": fields.Datetime.now()})
        message = self.env._(
            "Listings page %(page)s: %(seen)s read, %(new)s new, %(matched)s matched to a "
            "product by SKU, %(unmatched)s without a product.",
            page=page,
            seen=len(result.listings),
            new=counts["new"],
            matched=counts["matched"],
            unmatched=counts["unmatched"],
        )
        self._log("listings", "done", message)
        return message

    @api.private
    def _apply_listings(self, listings):
        """Create or update the bindings of ``listings`` (:class:`ShopListing`).

        A listing is the binding with its platform ids, else the binding of its SKU
        (one an order import created without ids); a new listing is matched to the
        product whose internal reference is its SKU. One read of the account's
        bindings and one of the products."""
        self.ensure_one()
        bindings = self.env["oms.marketplace.product"].sudo()
        existing = bindings.search([("account_id", "=", self.id)])
        by_ids = {(b.platform_item_id, b.platform_variant_id or None): b for b in existing}
        by_sku = {b.platform_sku: b for b in existing if b.platform_sku}
        skus = {row.sku for row in listings if row.sku}
        products = self.env["product.product"].search(
            [("default_code", "in", list(skus)), ("company_id", "in", [False, self.company_id.id])]
        )
        by_code = {p.default_code: p for p in products}
        now = fields.Datetime.now()
        counts = Counter()
        to_create = []
        queued = set()
        for row in listings:
            vals = {
                "platform_item_id": row.item_id,
                "platform_variant_id": row.variant_id or False,
                "platform_location_id": row.location_id or False,
                "platform_name": row.name or False,
                "listing_sync_date": now,
            }
            binding = by_ids.get((row.item_id, row.variant_id or None)) or by_sku.get(row.sku)
            if binding:
                if row.sku and binding.platform_sku != row.sku and row.sku not in by_sku:
                    vals["platform_sku"] = row.sku
                if not binding.product_id and row.sku in by_code:
                    vals["product_id"] = by_code[row.sku].id
                    counts["matched"] += 1
                binding.write(vals)
                continue
            if row.sku in queued:
                # a second listing of the same seller SKU: one binding per SKU
                counts["duplicate"] += 1
                continue
            product = by_code.get(row.sku)
            counts["new"] += 1
            counts["matched" if product else "unmatched"] += 1
            if row.sku:
                queued.add(row.sku)
            to_create.append(
                dict(
                    vals,
                    account_id=self.id,
                    platform_sku=row.sku or False,
                    product_id=product.id if product else False,
                )
            )
        bindings.create(to_create)
        return counts

    # ------------------------------------------------------------------
    # Connection check and import progress
    # ------------------------------------------------------------------

    @api.private
    def _missing_credentials(self):
        """Labels of the credential fields this platform needs and that are empty."""
        self.ensure_one()
        names = self._make_adapter().missing_credentials()
        return [self._fields[name].get_description(self.env)["string"] for name in names]

    @api.private
    def _check_credentials(self):
        """Refuse to call the platform without the credentials its calls need."""
        missing = self._missing_credentials()
        if missing:
            raise UserError(
                self.env._(
                    "%(account)s cannot reach %(platform)s yet: fill in %(fields)s "
                    "(Credentials tab, or Authorize shop).",
                    account=self.name,
                    platform=adapter_class(self.platform).label,
                    fields=", ".join(missing),
                )
            )

    def _import_job_domain(self):
        return Domain("model_name", "=", self._name) & (
            Domain("identity_key", "=", f"oms-mkt-import-{self.id}")
            | Domain("identity_key", "=like", f"oms-mkt-import-{self.id}-%")
            | Domain("identity_key", "=like", f"oms-mkt-webhook-{self.id}-%")
        )

    @api.depends_context("uid")
    def _compute_progress(self):
        """Counts of the order imports: bindings imported / failed, and the import jobs
        waiting for a retry (``retry`` > 0) or failed for good, with their reasons."""
        bindings = self.env["oms.marketplace.order"].sudo()
        states = {
            (account.id, state): count
            for account, state, count in bindings._read_group(
                [("account_id", "in", self.ids)], ["account_id", "state"], ["__count"]
            )
        }
        failed = bindings.search([("account_id", "in", self.ids), ("state", "=", "error")])
        unmapped = dict(
            self.env["oms.marketplace.product"]
            .sudo()
            ._read_group(
                [("account_id", "in", self.ids), ("product_id", "=", False)],
                ["account_id"],
                ["__count"],
            )
        )
        jobs = self._import_jobs_by_account()
        for account in self:
            mine = jobs[account.id]
            own_failed = failed.filtered(lambda b, account=account: b.account_id == account)
            account.import_imported_count = states.get((account.id, "imported"), 0)
            account.import_failed_count = len(own_failed) + len(
                mine.filtered(lambda job: job.state == "failed")
            )
            account.import_retrying_count = len(mine.filtered(lambda job: job.state != "failed"))
            account.import_failed_binding_ids = own_failed
            account.unmapped_count = unmapped.get(account, 0)

    def _compute_import_job_ids(self):
        """The import jobs themselves: a field of managers only (``groups``), computed
        apart from the counts that every OMS user of the channel reads, so that
        computing the counts never assigns a field the user may not read."""
        jobs = self._import_jobs_by_account()
        for account in self:
            account.import_job_ids = jobs[account.id]

    def _import_jobs_by_account(self):
        """The import jobs of these accounts waiting for a retry or failed for good, by
        account id. Read as superuser (``queue.job`` is for managers), limited to the
        jobs whose identity key names one of these accounts."""
        jobs = self.env["queue.job"].sudo()
        domains = [account._import_job_domain() for account in self if account.id]
        if domains:
            jobs = jobs.search(
                Domain.OR(domains)
                & (
                    Domain("state", "=", "failed")
                    | (Domain("state", "in", ("pending", "enqueued")) & Domain("retry", ">", 0))
                )
            )
        return {
            account.id: jobs.filtered(
                lambda job, account=account: (
                    job.identity_key == f"oms-mkt-import-{account.id}"
                    or job.identity_key.startswith(
                        (f"oms-mkt-import-{account.id}-", f"oms-mkt-webhook-{account.id}-")
                    )
                )
            )
            for account in self
        }

    def action_retry_imports(self):
        """Retry now: the failed imports (their kept platform orders) and the import
        jobs failed or waiting for their next attempt."""
        self.ensure_one()
        self.import_failed_binding_ids.action_retry_import()
        jobs = self.import_job_ids
        jobs.filtered(lambda job: job.state == "failed").requeue()
        jobs.filtered(lambda job: job.state != "failed").sudo().write(
            {"eta": fields.Datetime.now()}
        )
        return self._notify(
            self.env._("%s import(s) retried.", len(self.import_failed_binding_ids) + len(jobs))
        )

    # ------------------------------------------------------------------
    # Seller authorization ("Authorize shop")
    # ------------------------------------------------------------------

    def _public_base_url(self):
        params = self.env["ir.config_parameter"].sudo()
        base = (
            self.public_webhook_base_url
            or params.get_param(PUBLIC_WEBHOOK_BASE_PARAM)
            or params.get_param("web.base.url", "")
        )
        return (base or "").strip().rstrip("/")

    def _auth_callback_url(self):
        """Where the platform sends the seller (or, WooCommerce, the keys) back."""
        self.ensure_one()
        path = (
            "/oms/marketplace/auth/woocommerce"
            if self.platform in authorization.SERVER_CALLBACK
            else "/oms/marketplace/auth/callback"
        )
        return self._public_base_url() + path

    @staticmethod
    def _state_digest(state):
        return hashlib.sha256((state or "").encode()).hexdigest()

    def action_authorize_shop(self):
        """Open the platform's seller authorization page; its callback stores the
        tokens. The link carries a random state bound to this account and this user."""
        self.ensure_one()
        self.check_access("write")
        creds = self.sudo()
        missing = [
            self._fields[name].get_description(self.env)["string"]
            for name in authorization.NEEDS.get(self.platform, ())
            if not creds[name]
        ]
        if missing:
            raise UserError(
                self.env._(
                    "Fill in %(fields)s (the app's keys from the platform's developer "
                    "console) before authorizing the shop.",
                    fields=", ".join(missing),
                )
            )
        state = secrets.token_urlsafe(32)
        creds.write(
            {
                "auth_state_hash": self._state_digest(state),
                "auth_state_user_id": self.env.user.id,
                "auth_state_expiry": fields.Datetime.now() + AUTH_STATE_LIFETIME,
            }
        )
        url = authorization.authorize_url(
            self.platform,
            self._adapter_settings(),
            self._credentials(),
            self._auth_callback_url(),
            state,
        )
        self._log("authorization", "received", self.env._("Shop authorization started."))
        return {"type": "ir.actions.act_url", "url": url, "target": "self"}

    @api.model
    @api.private
    def _complete_authorization(self, state, params, user=None):
        """The callback of an authorization: find the account of ``state`` (unexpired,
        started by ``user`` when the callback comes through the seller's browser),
        spend the state, exchange the code and store the credentials. Raise
        ``UserError`` for a state that is unknown, expired or someone else's, and for
        a refused exchange; nothing is stored then."""
        digest = self._state_digest(state)
        account = self.sudo().search(
            [("auth_state_hash", "!=", False), ("auth_state_hash", "=", digest)], limit=1
        )
        if not state or not account or not hmac.compare_digest(account.auth_state_hash, digest):
            raise UserError(self.env._("This authorization link is unknown or already used."))
        expired = account.auth_state_expiry < fields.Datetime.now()
        if expired or (user is not None and account.auth_state_user_id != user):
            account.write({"auth_state_hash": False, "auth_state_user_id": False})
            raise UserError(
                self.env._("This authorization link expired or was started by another user.")
            )
        account.write({"auth_state_hash": False, "auth_state_user_id": False})
        try:
            result = authorization.complete(
                account.platform,
                account._adapter_settings(),
                account._credentials(),
                params,
                session=None,
            )
        except (PlatformError, RetryableError, ValueError) as error:
            message = account._error_text(error)
            account._log("authorization", "failed", message)
            raise UserError(
                self.env._("The platform refused the authorization: %s", message)
            ) from None

        def moment(epoch):
            return datetime.fromtimestamp(epoch, UTC).replace(tzinfo=None) if epoch else False

        vals = dict(result.values)
        if result.access_expires_at:
            vals["token_expiry"] = moment(result.access_expires_at)
        if result.refresh_expires_at:
            vals["refresh_token_expiry"] = moment(result.refresh_expires_at)
        account.write(vals)
        account._record_success()
        account._log("authorization", "done", self.env._("Shop authorized; tokens stored."))
        return account
