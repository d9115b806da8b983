# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Lazada, Shopify and WooCommerce accounts: pull import of the documented sample
order through each fake platform, replay without duplicate, stock push."""

import copy
import json
from datetime import UTC, datetime, timedelta

from odoo import Command
from odoo.tests import HttpCase, TransactionCase, tagged

from odoo.addons.queue_job.job import Job

from ..tools import shopify, woocommerce
from . import test_tools_lazada, test_tools_shopify, test_tools_woocommerce
from .common import MarketplaceFixture
from .platform_fakes import load

FakeLazada = load("lazada").FakeLazada
FakeShopify = load("shopify").FakeShopify
FakeWooCommerce = load("woocommerce").FakeWooCommerce


def _recent(minutes=10):
    return datetime.now(UTC) - timedelta(minutes=minutes)


def lazada_sample():
    raw = copy.deepcopy(test_tools_lazada.SAMPLE)
    raw["updated_at"] = _recent().astimezone().strftime("%Y-%m-%d %H:%M:%S %z")
    return raw


def shopify_sample():
    raw = copy.deepcopy(test_tools_shopify.SAMPLE)
    raw["updated_at"] = _recent().isoformat(timespec="seconds")
    return raw


def woocommerce_sample():
    raw = copy.deepcopy(test_tools_woocommerce.SAMPLE)
    raw["date_modified_gmt"] = _recent().strftime("%Y-%m-%dT%H:%M:%S")
    return raw


class OtherPlatformsFixture(MarketplaceFixture):
    @classmethod
    def _setup_other_platforms(cls):
        cls._setup_marketplace()
        env = cls.env
        for code in ("SEPATU-42", "KAOS-KAKI", "BATIK-L", "MASKER", "MUG"):
            cls.products[code] = env["product.product"].create(
                {
                    "name": code.title(),
                    "default_code": code,
                    "is_storable": True,
                    "taxes_id": [Command.clear()],
                }
            )
            env["stock.quant"]._update_available_quantity(
                cls.products[code], cls.wh1.lot_stock_id, 30
            )
        cls.other_channels = {
            platform: cls.shopee_channel.copy({"code": code, "name": platform.title()})
            for platform, code in (
                ("lazada", "LAZADAID"),
                ("shopify", "SHOPIFYID"),
                ("woocommerce", "WOOID"),
            )
        }

    def _start(self, platform, orders):
        if platform == "lazada":
            fake = FakeLazada("lzd-key", "lzd-secret", "lzd-token", orders)
            creds = {"app_key": "lzd-key", "app_secret": "lzd-secret", "access_token": "lzd-token"}
        elif platform == "shopify":
            fake = FakeShopify("shpat-token", orders=orders)
            creds = {"access_token": "shpat-token", "webhook_secret": "shp-secret"}
        else:
            fake = FakeWooCommerce("ck_test", "cs_test", orders)
            creds = {
                "consumer_key": "ck_test",
                "consumer_secret": "cs_test",
                "webhook_secret": "wc-secret",
            }
        fake.__enter__()
        self.addCleanup(fake.__exit__, None, None, None)
        base_url = fake.base_url_rest if platform == "lazada" else fake.base_url
        account = self.env["oms.marketplace.account"].create(
            {
                "name": f"{platform} shop",
                "platform": platform,
                "channel_id": self.other_channels[platform].id,
                "base_url": base_url,
                **creds,
            }
        )
        return fake, account


@tagged("post_install", "-at_install")
class TestOtherPlatformsSync(OtherPlatformsFixture, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_other_platforms()

    def _check_pull(self, platform, raw, expected_skus):
        fake, account = self._start(platform, [raw])
        account._job_import_orders()
        orders = self._orders(self.other_channels[platform])
        self.assertEqual(len(orders), 1)
        self.assertEqual(
            set(
                orders.order_line.filtered(lambda line: not line.is_delivery).product_id.mapped(
                    "default_code"
                )
            ),
            expected_skus,
        )
        self.assertEqual(orders.partner_shipping_id.country_id.code, "ID")
        # replayed pull: no duplicate
        account.order_sync_date = False
        self.assertIn("unchanged 1", account._job_import_orders())
        self.assertEqual(len(self._orders(self.other_channels[platform])), 1)
        return fake, account, orders

    def test_lazada_pull(self):
        # the sample holds a cancelled item: only the items still to deliver are ordered
        fake, account, order = self._check_pull("lazada", lazada_sample(), {"SEPATU-42"})
        self.assertEqual(order.payment_method, "cod")
        self.assertTrue(any(r.path.endswith("/orders/items/get") for r in fake.requests))
        # Lazada sets stock by seller SKU: no listing id is needed
        account._job_push_stock()
        self.assertEqual(len(fake.stock_updates), 1)
        # 30 on hand, 2 reserved by the imported order: UpdateSellableQuantity
        self.assertEqual(fake.sellable, {"SEPATU-42": {"": 28}})

    def test_lazada_cancel_push_uses_reverse_cancel(self):
        """An order the OMS cancels is cancelled on Lazada with InitReverseOrderCancel:
        one call for the order's item lines."""
        fake, account, order = self._check_pull("lazada", lazada_sample(), {"SEPATU-42"})
        order.action_cancel()
        account._job_push_cancel(order)
        self.assertEqual(len(fake.cancellations), 1)
        call = fake.cancellations[0]
        binding = self.env["oms.marketplace.order"].search([("sale_order_id", "=", order.id)])
        self.assertEqual(str(call["order_id"]), binding.platform_order_ref)
        self.assertTrue(call["order_item_id_list"])
        self.assertTrue(call["reason_id"])

    def test_shopify_pull(self):
        fake, account, order = self._check_pull("shopify", shopify_sample(), {"BATIK-L", "MASKER"})
        self.assertEqual(order.partner_shipping_id.zip, "55271")
        # Shopify needs the inventory item and location before stock can be set
        message = account._job_push_stock()
        self.assertFalse(fake.stock_updates)
        self.assertIn("lack the platform's listing ids", message)
        mapping = self.env["oms.marketplace.product"].search(
            [("account_id", "=", account.id), ("platform_sku", "=", "BATIK-L")]
        )
        mapping.write({"platform_item_id": "808950810", "platform_location_id": "655441491"})
        account._job_push_stock()
        self.assertEqual(
            fake.stock_updates,
            [{"location_id": 655441491, "inventory_item_id": 808950810, "available": 28}],
        )

    def test_woocommerce_pull(self):
        _fake, _account, order = self._check_pull(
            "woocommerce", woocommerce_sample(), {"KAOS-M", "MUG"}
        )
        self.assertEqual(order.partner_shipping_id.state_id.name, "Jawa Tengah")


@tagged("post_install", "-at_install")
class TestOtherPlatformsWebhook(OtherPlatformsFixture, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_other_platforms()

    def _post(self, account, body, headers):
        return self.url_open(
            f"/oms/marketplace/{account.id}/webhook",
            data=body,
            headers=dict(headers, **{"Content-Type": "application/json"}),
            timeout=30,
        )

    def _check_webhook(self, platform, raw, header, signature, topic):
        _fake, account = self._start(platform, [])
        body = json.dumps(raw).encode()
        self.assertEqual(
            self._post(account, body, dict(topic, **{header: "bm90LXRoZS1obWFj"})).status_code, 401
        )
        self.assertEqual(self._post(account, body, topic).status_code, 401)
        self.assertFalse(account.log_ids)
        response = self._post(account, body, dict(topic, **{header: signature(body)}))
        self.assertEqual(response.status_code, 200)
        jobs = self.env["queue.job"].search([("method_name", "=", "_job_import_payload")])
        jobs = jobs.filtered(lambda job: job.records.ids == account.ids)
        self.assertEqual(len(jobs), 1)
        Job.load(self.env, jobs.uuid).perform()
        self.assertEqual(len(self._orders(self.other_channels[platform])), 1)

    def test_shopify_webhook_carries_the_order(self):
        self._check_webhook(
            "shopify",
            shopify_sample(),
            "X-Shopify-Hmac-Sha256",
            lambda body: shopify.webhook_signature("shp-secret", body),
            {"X-Shopify-Topic": "orders/create"},
        )

    def test_woocommerce_webhook_carries_the_order(self):
        self._check_webhook(
            "woocommerce",
            woocommerce_sample(),
            "X-WC-Webhook-Signature",
            lambda body: woocommerce.webhook_signature("wc-secret", body),
            {"X-WC-Webhook-Topic": "order.created"},
        )
