# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Webhooks as the platforms document them (issue 16): WooCommerce's creation ping,
routing by topic header, updates ordered by the platform's own timestamps, and the
public webhook URL Shopee signs its pushes over.

Documents followed:
* WooCommerce ping: ``WC_Webhook::deliver_ping()`` (woocommerce/woocommerce,
  plugins/woocommerce/includes/class-wc-webhook.php) POSTs the body
  ``webhook_id=<id>`` with a User-Agent only and disables the webhook unless it gets
  200; deliveries carry ``X-WC-Webhook-Topic``/``-Signature`` (WC_Webhook::get_delivery_args,
  developer.woocommerce.com/docs/apis/rest-api/v3/webhooks/ "Topics").
* Shopify: every delivery carries ``X-Shopify-Topic`` beside ``X-Shopify-Hmac-Sha256``
  (shopify.dev/docs/api/shopify-app-remix/v3/authenticate/webhook: the topic of the
  webhook; shopify.dev/docs/api/webhooks, the webhook reference with each topic's
  sample payload, announced in shopify.dev/changelog "Easily find all of Shopify's
  webhook topics, and their sample payloads"). ``SHOPIFY_PRODUCT_UPDATE`` is the
  ``products/update`` sample (product 788032119674292922 "Example T-Shirt"),
  shortened; ``SHOPIFY_REFUND_CREATE`` has the fields of the ``refunds/create`` body
  (a refund naming its ``order_id``), the values are illustrative.
* Shopee push: ``Authorization = hex(HMAC-SHA256(partner_key, callback_url + "|" +
  body))`` (open.shopee.com developer guide "Push Mechanism"; copied in
  blog.appicidea.com/basic-open-shopee-api-with-node-js/), so the callback URL must be
  the one registered in the console, whatever web.base.url says.
"""

import copy
import json
from datetime import UTC, datetime, timedelta

from odoo.tests import HttpCase, TransactionCase, tagged

from ..tools import shopee, shopify, woocommerce
from .common import now, shopee_order
from .test_sync_other_platforms import OtherPlatformsFixture, shopify_sample, woocommerce_sample

# shopify.dev webhook reference, topic products/update, sample payload (shortened)
SHOPIFY_PRODUCT_UPDATE = {
    "admin_graphql_api_id": "gid://shopify/Product/788032119674292922",
    "body_html": "An example T-Shirt",
    "created_at": None,
    "handle": "example-t-shirt",
    "id": 788032119674292922,
    "product_type": "Shirts",
    "published_at": "2021-12-31T19:00:00-05:00",
    "template_suffix": None,
    "title": "Example T-Shirt",
    "updated_at": "2021-12-31T19:00:00-05:00",
    "vendor": "Acme",
    "status": "active",
    "published_scope": "web",
    "tags": "example, mens, t-shirt",
    "variants": [
        {
            "admin_graphql_api_id": "gid://shopify/ProductVariant/642667041472713922",
            "barcode": None,
            "compare_at_price": "24.99",
            "created_at": "2021-12-29T19:00:00-05:00",
            "id": 642667041472713922,
            "inventory_policy": "deny",
            "position": 0,
            "price": "19.99",
            "product_id": 788032119674292922,
            "sku": "example-shirt-s",
            "taxable": True,
            "title": "Small",
            "updated_at": "2021-12-30T19:00:00-05:00",
            "inventory_item_id": None,
            "inventory_quantity": 75,
        }
    ],
}

# the shape of a refunds/create body (shopify.dev/docs/api/webhooks); values illustrative
SHOPIFY_REFUND_CREATE = {
    "id": 890088186047892319,
    "order_id": 820982911946154508,
    "created_at": "2021-12-31T19:00:00-05:00",
    "note": "Things were damaged",
    "user_id": 548380009,
    "processed_at": "2021-12-31T19:00:00-05:00",
    "restock": False,
    "duties": [],
    "additional_fees": [],
    "return": None,
    "admin_graphql_api_id": "gid://shopify/Refund/890088186047892319",
    "refund_line_items": [],
    "transactions": [],
    "order_adjustments": [],
}

# WooCommerce REST API v3 "Retrieve a product" sample, the body of product.updated
# (developer.woocommerce.com/docs/apis/rest-api/v3/products/), shortened
WOO_PRODUCT_UPDATED = {
    "id": 794,
    "name": "Premium Quality",
    "slug": "premium-quality-19",
    "permalink": "https://example.com/product/premium-quality-19/",
    "date_modified_gmt": "2017-03-23T17:01:14",
    "type": "simple",
    "status": "publish",
    "sku": "",
    "price": "21.99",
    "regular_price": "21.99",
    "stock_quantity": None,
    "stock_status": "instock",
}

WOO_PING_UA = "WooCommerce/9.4.2 Hookshot (WordPress/6.7.1)"


class WebhookHttp(OtherPlatformsFixture, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_other_platforms()

    def _post(self, account, body, headers, content_type="application/json"):
        if content_type:
            headers = dict(headers, **{"Content-Type": content_type})
        return self.url_open(
            f"/oms/marketplace/{account.id}/webhook", data=body, headers=headers, timeout=30
        )

    def _jobs(self, account):
        jobs = self.env["queue.job"].search(
            [
                ("model_name", "=", "oms.marketplace.account"),
                ("method_name", "!=", "_job_push_stock_changes"),
            ]
        )
        return jobs.filtered(lambda job: job.records.ids == account.ids)

    def _nothing_written(self, account):
        self.assertFalse(self._jobs(account))
        self.assertFalse(account.log_ids)
        self.assertFalse(
            self.env["oms.marketplace.order"].search([("account_id", "=", account.id)])
        )


@tagged("post_install", "-at_install")
class TestWooCommercePing(WebhookHttp):
    def test_creation_ping_is_answered_200_and_writes_nothing(self):
        _fake, account = self._start("woocommerce", [])
        # as wp_remote_post sends a string body: form-encoded
        response = self._post(
            account,
            b"webhook_id=17",
            {"User-Agent": WOO_PING_UA},
            content_type="application/x-www-form-urlencoded",
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json()["message"], "ping")
        # the same body without a form content type
        response = self._post(account, b"webhook_id=17", {"User-Agent": WOO_PING_UA}, None)
        self.assertEqual(response.status_code, 200)
        self._nothing_written(account)

    def test_only_the_exact_ping_shape_goes_unsigned(self):
        _fake, account = self._start("woocommerce", [])
        form = "application/x-www-form-urlencoded"
        refused = [
            (b"webhook_id=17&status=processing", {}, form),
            (b"webhook_id=abc", {}, form),
            (b"webhook_id=", {}, form),
            (b"id=17", {}, form),
            (b'{"webhook_id": 17}', {}, "application/json"),
            (b"webhook_id=17", {"X-WC-Webhook-Signature": "bm90LXRoZS1obWFj"}, form),
            (
                json.dumps(woocommerce_sample()).encode(),
                {"X-WC-Webhook-Topic": "order.created"},
                "application/json",
            ),
        ]
        for body, headers, content_type in refused:
            response = self._post(
                account, body, dict(headers, **{"User-Agent": WOO_PING_UA}), content_type
            )
            self.assertEqual(response.status_code, 401, body)
        self._nothing_written(account)

    def test_ping_shape_is_no_pass_on_other_platforms(self):
        _fake, account = self._start("shopify", [])
        response = self._post(
            account, b"webhook_id=17", {}, content_type="application/x-www-form-urlencoded"
        )
        self.assertEqual(response.status_code, 401)
        self._nothing_written(account)


@tagged("post_install", "-at_install")
class TestWebhookTopics(WebhookHttp):
    def _shopify(self, account, raw, topic):
        body = json.dumps(raw).encode()
        headers = {"X-Shopify-Hmac-Sha256": shopify.webhook_signature("shp-secret", body)}
        if topic:
            headers["X-Shopify-Topic"] = topic
        return self._post(account, body, headers)

    def _woo(self, account, raw, topic):
        body = json.dumps(raw).encode()
        headers = {
            "X-WC-Webhook-Signature": woocommerce.webhook_signature("wc-secret", body),
            "X-WC-Webhook-Source": "https://example.com/",
            "X-WC-Webhook-Resource": topic.split(".")[0],
            "X-WC-Webhook-Event": topic.split(".")[1],
            "X-WC-Webhook-ID": "17",
            "X-WC-Webhook-Delivery-ID": "2f0b7c",
            "X-WC-Webhook-Topic": topic,
        }
        return self._post(account, body, headers)

    def test_shopify_product_update_is_acknowledged_and_ignored(self):
        _fake, account = self._start("shopify", [])
        response = self._shopify(account, SHOPIFY_PRODUCT_UPDATE, "products/update")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json()["message"], "ignored")
        self.assertFalse(self._jobs(account), "a product is no order: nothing to import")
        self.assertFalse(
            self.env["oms.marketplace.order"].search([("account_id", "=", account.id)])
        )
        log = account.log_ids
        self.assertEqual((log.kind, log.status), ("webhook", "done"))
        self.assertIn("products/update", log.message)
        # no topic header at all: Shopify always sends one, so this is no order either
        self.assertEqual(
            self._shopify(account, shopify_sample(), None).json()["message"], "ignored"
        )
        self.assertFalse(self._jobs(account))

    def test_shopify_order_topics_import_and_refund_pulls(self):
        _fake, account = self._start("shopify", [])
        raw = shopify_sample()
        response = self._shopify(account, raw, "orders/updated")
        self.assertEqual(response.json()["message"], "accepted")
        job = self._jobs(account)
        self.assertEqual(job.method_name, "_job_import_payload")
        job.state = "done"
        # a refund names its order: the updated orders are pulled
        response = self._shopify(account, SHOPIFY_REFUND_CREATE, "refunds/create")
        self.assertEqual(response.json(), {"kind": "pull", "status": 200, "message": "accepted"})
        # (with oms_marketplace_returns installed, a job recording the refund as well)
        self.assertIn("_job_import_orders", (self._jobs(account) - job).mapped("method_name"))

    def test_woocommerce_routes_order_topics_only(self):
        _fake, account = self._start("woocommerce", [])
        response = self._woo(account, WOO_PRODUCT_UPDATED, "product.updated")
        self.assertEqual(response.json()["message"], "ignored")
        self.assertFalse(self._jobs(account))
        response = self._woo(account, woocommerce_sample(), "order.updated")
        self.assertEqual(response.json()["message"], "accepted")
        self.assertEqual(self._jobs(account).method_name, "_job_import_payload")


@tagged("post_install", "-at_install")
class TestShopeePublicWebhookUrl(WebhookHttp):
    def _push(self, account, url):
        order = shopee_order(91)
        body = json.dumps(
            {
                "shop_id": 99001,
                "code": 3,
                "timestamp": now(),
                "data": {"ordersn": order["order_sn"], "status": "READY_TO_SHIP"},
            }
        ).encode()
        signature = shopee.push_signature(account.partner_key, url, body)
        return self._post(account, body, {"Authorization": signature})

    def test_push_verifies_after_web_base_url_changes(self):
        public = "https://oms.example.co.id"
        with self._fake_shopee([]) as fake:
            account = self._account("shopee", fake.base_url)
            account.public_webhook_base_url = public + "/"
            registered = f"{public}/oms/marketplace/{account.id}/webhook"
            self.assertEqual(account.webhook_url, registered, "the URL shown to register")
            # an administrator logs in at the internal address: Odoo rewrites web.base.url
            self.env["ir.config_parameter"].set_param("web.base.url", "http://10.0.3.7:8069")
            self.assertEqual(account.webhook_url, registered)
            response = self._post(account, b"{}", {"Authorization": "0" * 64})
            self.assertEqual(response.status_code, 401)
            response = self._push(account, registered)
            self.assertEqual(response.status_code, 200)
            self.assertEqual(self._jobs(account).method_name, "_job_import_refs")

    def test_system_parameter_is_the_default_public_url(self):
        with self._fake_shopee([]) as fake:
            account = self._account("shopee", fake.base_url)
            self.env["ir.config_parameter"].set_param(
                "oms_marketplace_sync.public_webhook_base_url", "https://hooks.example.co.id"
            )
            self.env["ir.config_parameter"].set_param("web.base.url", "http://10.0.3.7:8069")
            account.invalidate_recordset(["webhook_url"])
            registered = f"https://hooks.example.co.id/oms/marketplace/{account.id}/webhook"
            self.assertEqual(account.webhook_url, registered)
            self.assertEqual(self._push(account, registered).status_code, 200)


@tagged("post_install", "-at_install")
class TestUpdatesOrderedByPlatformTime(OtherPlatformsFixture, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_other_platforms()

    def test_older_or_undated_orders_updated_never_overwrite(self):
        _fake, account = self._start("shopify", [])
        stamp = datetime.now(UTC) - timedelta(minutes=30)
        current = shopify_sample()
        current["updated_at"] = stamp.isoformat(timespec="seconds")
        self.assertEqual(account._import_orders([current])["created"], 1)
        order = self._orders(self.other_channels["shopify"])
        binding = self.env["oms.marketplace.order"].search([("account_id", "=", account.id)])
        stored_time, stored_raw = binding.platform_update_time, binding.raw_payload

        def moved(street, updated_at):
            raw = copy.deepcopy(current)
            raw["shipping_address"]["address1"] = street
            if updated_at is None:
                del raw["updated_at"]
            else:
                raw["updated_at"] = updated_at
            return raw

        older = moved("Jl. Lama 1", (stamp - timedelta(minutes=5)).isoformat(timespec="seconds"))
        undated = moved("Jl. Tanpa Waktu 2", None)
        same_time = moved("Jl. Sama 3", current["updated_at"])
        for raw in (older, undated, same_time):
            self.assertEqual(account._import_orders([raw])["stale"], 1, raw.get("updated_at"))
        self.assertEqual(order.partner_shipping_id.street, "Jl. Malioboro 21")
        self.assertEqual(
            (binding.platform_update_time, binding.raw_payload), (stored_time, stored_raw)
        )
        newer = moved("Jl. Baru 4", (stamp + timedelta(minutes=5)).isoformat(timespec="seconds"))
        self.assertEqual(account._import_orders([newer])["updated"], 1)
        self.assertEqual(order.partner_shipping_id.street, "Jl. Baru 4")
        self.assertGreater(binding.platform_update_time, stored_time)

    def test_failed_import_is_retried_at_the_same_time(self):
        _fake, account = self._start("woocommerce", [])
        raw = woocommerce_sample()
        unknown = copy.deepcopy(raw)
        unknown["line_items"][0]["sku"] = "NOT-IN-ODOO"
        self.assertEqual(account._import_orders([unknown])["failed"], 1)
        # the same platform time, now with a known SKU (e.g. the listing was fixed)
        self.assertEqual(account._import_orders([raw])["created"], 1)
