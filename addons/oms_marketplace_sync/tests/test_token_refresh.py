# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Access token renewal with the refresh token (Shopee, TikTok Shop, Lazada): the
adapters against the fake platforms, then the accounts in a real database."""

import time
from datetime import timedelta

import pytest
import requests

from odoo import fields
from odoo.tests import TransactionCase, tagged

from odoo.addons.queue_job.exception import FailedJobError
from odoo.addons.queue_job.tests.common import trap_jobs

from ..tools import lazada, shopee, tiktok
from ..tools.common import PlatformError
from .common import MarketplaceFixture, shopee_order, tiktok_order
from .platform_fakes import load, utc

FakeShopee = load("shopee").FakeShopee
FakeTikTokShop = load("tiktok").FakeTikTokShop
FakeLazada = load("lazada").FakeLazada


# -- adapters (no database) ---------------------------------------------------------


def test_shopee_refresh_is_a_signed_public_call_and_rotates_tokens():
    with FakeShopee(2001234, "key", 99001, "tok-old", refresh_token="rt-old") as fake:
        tokens = shopee.refresh_access_token(
            fake.base_url, 2001234, "key", 99001, "rt-old", requests.Session()
        )
        request = fake.requests[-1]
    assert request.path == "/api/v2/auth/access_token/get"
    # public API: partner_id + path + timestamp, no access_token / shop_id in the query
    assert set(request.query) == {"partner_id", "timestamp", "sign"}
    assert request.json() == {"refresh_token": "rt-old", "partner_id": 2001234, "shop_id": 99001}
    assert (tokens.access_token, tokens.refresh_token) == (fake.access_token, fake.refresh_token)
    assert tokens.refresh_token != "rt-old"
    assert abs(tokens.access_expires_at - (time.time() + 14400)) < 60


def test_shopee_expired_token_is_refreshed_then_the_call_retried_once():
    with FakeShopee(2001234, "key", 99001, "tok-old") as fake:
        client = shopee.ShopeeClient(fake.base_url, 2001234, "key", 99001, "tok-old")
        fake.expire_token()
        with pytest.raises(PlatformError) as caught:
            client.list_orders(utc(2024, 6, 1))
        assert caught.value.code == "invalid_acceess_token"

        def refresher():
            return shopee.refresh_access_token(
                fake.base_url, 2001234, "key", 99001, fake.refresh_token
            ).access_token

        client.token_refresher = refresher
        client.list_orders(utc(2024, 6, 1))
        assert client.access_token == fake.access_token
        assert len(fake.refreshes) == 1


def test_tiktok_refresh_on_the_authorization_host():
    with FakeTikTokShop("ak", "secret", "ROW_old", "cipher", refresh_token="rt-t") as fake:
        tokens = tiktok.refresh_access_token(fake.base_url, "ak", "secret", "rt-t")
        request = fake.requests[-1]
        assert (request.method, request.path) == ("GET", "/api/v2/token/refresh")
        assert request.query == {
            "app_key": "ak",
            "app_secret": "secret",
            "refresh_token": "rt-t",
            "grant_type": "refresh_token",
        }
        assert tokens.access_token == fake.access_token
        assert tokens.access_expires_at > time.time() + 6 * 24 * 3600
        with pytest.raises(PlatformError):
            tiktok.refresh_access_token(fake.base_url, "ak", "secret", "not-the-token")


def test_tiktok_expired_credentials_code_triggers_one_refresh():
    with FakeTikTokShop("ak", "secret", "ROW_old", "cipher", refresh_token="rt-t") as fake:
        client = tiktok.TikTokShopClient(fake.base_url, "ak", "secret", "ROW_old", "cipher")
        fake.expire_token()
        calls = []

        def refresher():
            calls.append(1)
            return tiktok.refresh_access_token(fake.base_url, "ak", "secret", "rt-t").access_token

        client.token_refresher = refresher
        assert client.list_orders(utc(2024, 6, 1)).orders == []
        assert len(calls) == 1


def test_lazada_refresh_is_signed_and_answers_at_top_level():
    with FakeLazada("123456", "helloworld", "tok", refresh_token="rt-l") as fake:
        client = lazada.LazadaClient(fake.base_url_rest, "123456", "helloworld", "tok")
        fake.expire_token()
        with pytest.raises(PlatformError) as caught:
            client.list_orders(utc(2024, 6, 1))
        assert caught.value.code == "IllegalAccessToken"
        client.token_refresher = lambda: (
            lazada.refresh_access_token(
                fake.base_url_rest, "123456", "helloworld", fake.refresh_token
            ).access_token
        )
        client.list_orders(utc(2024, 6, 1))
        refresh = next(r for r in fake.requests if r.path.endswith("/auth/token/refresh"))
        assert "access_token" not in refresh.form()
        assert refresh.form()["sign_method"] == "sha256"
        with pytest.raises(PlatformError) as caught:
            lazada.refresh_access_token(fake.base_url_rest, "123456", "helloworld", "rt-old")
        assert caught.value.code == "IllegalRefreshToken"


# -- accounts ------------------------------------------------------------------------


@tagged("post_install", "-at_install")
class TestTokenRefresh(MarketplaceFixture, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_marketplace()

    def test_token_about_to_expire_is_renewed_before_the_pull(self):
        with self._fake_shopee([shopee_order(1)]) as fake:
            account = self._account(
                "shopee",
                fake.base_url,
                refresh_token="rt-1",
                token_expiry=fields.Datetime.now() + timedelta(minutes=3),
            )
            account._job_import_orders()
            self.assertEqual(len(fake.refreshes), 1)
            # the first shop call already used the new token: no refused call
            self.assertEqual(fake.requests[0].path, "/api/v2/auth/access_token/get")
            self.assertEqual(account.access_token, fake.access_token)
            self.assertEqual(account.refresh_token, fake.refresh_token)
        self.assertAlmostEqual(
            account.token_expiry,
            fields.Datetime.now() + timedelta(hours=4),
            delta=timedelta(minutes=2),
        )
        self.assertAlmostEqual(
            account.refresh_token_expiry,
            fields.Datetime.now() + timedelta(days=30),
            delta=timedelta(minutes=2),
        )
        self.assertEqual(len(self._orders(self.shopee_channel)), 1)

    def test_expired_token_error_renews_and_retries_once(self):
        with self._fake_tiktok([tiktok_order(1)]) as fake:
            account = self._account(
                "tiktok",
                fake.base_url,
                refresh_token="rt-1",
                auth_base_url=fake.base_url,
                token_expiry=fields.Datetime.now() + timedelta(days=3),
            )
            fake.expire_token()  # revoked early: the stored expiry cannot tell
            summary = account._job_import_orders()
            self.assertIn("created 1", summary)
            self.assertEqual(len(fake.refreshes), 1)
            self.assertEqual(account.access_token, fake.access_token)
        self.assertTrue(account.token_expiry > fields.Datetime.now() + timedelta(days=6))

    def test_refused_refresh_fails_the_job_without_looping(self):
        with self._fake_shopee([shopee_order(1)]) as fake:
            account = self._account("shopee", fake.base_url, refresh_token="rt-revoked")
            fake.expire_token()
            with self.assertRaises(FailedJobError) as caught:
                account._job_import_orders()
            self.assertIn("error_auth", str(caught.exception))
            # one refused shop call, one refused refresh: no retry loop
            self.assertEqual(len(fake.requests), 2)
        self.assertFalse(self._orders(self.shopee_channel))

    def test_cron_queues_renewal_of_tokens_expiring_soon(self):
        with self._fake_shopee() as fake:
            soon = self._account(
                "shopee",
                fake.base_url,
                refresh_token="rt-1",
                token_expiry=fields.Datetime.now() + timedelta(minutes=30),
            )
            later = self._account(
                "shopee",
                fake.base_url,
                name="later",
                refresh_token="rt-2",
                token_expiry=fields.Datetime.now() + timedelta(days=2),
            )
            with trap_jobs() as trap:
                self.env["oms.marketplace.account"]._cron_refresh_tokens()
                jobs = [j for j in trap.enqueued_jobs if j.method_name == "_job_refresh_token"]
                self.assertEqual([j.recordset for j in jobs], [soon])
                jobs[0].perform()
            self.assertEqual(soon.access_token, fake.access_token)
        self.assertNotEqual(later.access_token, fake.access_token)
        self.assertTrue(soon.token_expiry > fields.Datetime.now() + timedelta(hours=3))
