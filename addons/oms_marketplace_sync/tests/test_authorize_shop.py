# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
""" "Authorize shop": each platform's documented seller authorization, end to end over
real HTTP: the link built, the platform's callback to our route (state bound to the
account and the user), the token exchange with the fake platform, the credentials
stored."""

import hashlib
import hmac
import json
from urllib.parse import parse_qs, urlsplit

from odoo.exceptions import UserError
from odoo.tests import HttpCase, new_test_user, tagged

from ..tools import authorization
from .common import SHOPEE, TIKTOK
from .test_sync_other_platforms import OtherPlatformsFixture


def _query(url):
    return {key: values[0] for key, values in parse_qs(urlsplit(url).query).items()}


@tagged("post_install", "-at_install")
class TestAuthorizeShop(OtherPlatformsFixture, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_other_platforms()
        groups = "base.group_system,oms_omnichannel.group_oms_manager"
        cls.admin = new_test_user(cls.env, "shop_admin", groups=groups)
        cls.other_admin = new_test_user(cls.env, "other_admin", groups=groups)

    def _begin(self, account, user=None):
        account.public_webhook_base_url = self.base_url()
        return account.with_user(user or self.admin).action_authorize_shop()["url"]

    def _callback(self, url, login="shop_admin"):
        self.authenticate(login, login)
        return self.url_open(url)

    def _shopee(self):
        fake = self._fake_shopee()
        fake.__enter__()
        self.addCleanup(fake.__exit__, None, None, None)
        account = self._account("shopee", fake.base_url, shop_id=False, access_token=False)
        return fake, account

    def test_authorization_needs_the_apps_keys_first(self):
        _fake, account = self._shopee()
        account.partner_key = False
        with self.assertRaisesRegex(UserError, "Partner Key"):
            account.with_user(self.admin).action_authorize_shop()

    def test_state_is_single_use_and_bound_to_the_user(self):
        fake, account = self._shopee()
        url = self._begin(account)
        query = _query(url)
        # the documented link: auth_partner, public signature of partner_id+path+timestamp
        self.assertEqual(urlsplit(url).path, "/api/v2/shop/auth_partner")
        base = f"{SHOPEE['partner_id']}/api/v2/shop/auth_partner{query['timestamp']}"
        expected = hmac.new(SHOPEE["partner_key"].encode(), base.encode(), hashlib.sha256)
        self.assertEqual(query["sign"], expected.hexdigest())
        redirect = query["redirect"]
        self.assertTrue(redirect.startswith(f"{self.base_url()}/oms/marketplace/auth/callback?"))
        fake.auth_codes = {"c0de-1": 99001}
        # Shopee appends code and shop_id; another user's browser cannot use the link
        response = self._callback(f"{redirect}&code=c0de-1&shop_id=99001", "other_admin")
        self.assertEqual(response.status_code, 400)
        account.invalidate_recordset()
        self.assertFalse(account.sudo().access_token)
        self.assertEqual(fake.token_grants, [])
        # the link is spent: a new one, used by the user who made it
        redirect = _query(self._begin(account))["redirect"]
        response = self._callback(f"{redirect}&code=c0de-1&shop_id=99001")
        self.assertEqual(response.status_code, 200)
        self.assertIn("/odoo/action-", response.url)
        account.invalidate_recordset()
        creds = account.sudo()
        self.assertEqual(
            fake.token_grants,
            [{"code": "c0de-1", "shop_id": 99001, "partner_id": int(SHOPEE["partner_id"])}],
        )
        self.assertEqual(
            (creds.shop_id, creds.access_token, creds.refresh_token),
            ("99001", fake.access_token, fake.refresh_token),
        )
        self.assertTrue(creds.token_expiry and creds.refresh_token_expiry)
        self.assertFalse(creds.auth_state_hash)
        # replayed callback: refused, nothing changes
        token = creds.access_token
        response = self._callback(f"{redirect}&code=c0de-1&shop_id=99001")
        self.assertEqual(response.status_code, 400)
        account.invalidate_recordset()
        self.assertEqual(account.sudo().access_token, token)
        # the stored tokens work: the connection test passes
        self.assertEqual(account.action_test_connection()["params"]["type"], "success")

    def test_tiktok_code_gives_tokens_and_the_shop_cipher(self):
        fake = self._fake_tiktok()
        fake.__enter__()
        self.addCleanup(fake.__exit__, None, None, None)
        account = self._account(
            "tiktok",
            fake.base_url,
            access_token=False,
            shop_cipher=False,
            auth_base_url=fake.base_url,
            service_id="7431458374265161478",
        )
        url = self._begin(account)
        self.assertTrue(url.startswith(authorization.TIKTOK_AUTHORIZE_URL))
        state = _query(url)["state"]
        self.assertEqual(_query(url)["service_id"], "7431458374265161478")
        fake.auth_codes = {"TTP_FeBoANmHP3yqdoUI9fZOCw"}
        response = self._callback(
            f"/oms/marketplace/auth/callback?code=TTP_FeBoANmHP3yqdoUI9fZOCw&state={state}"
        )
        self.assertEqual(response.status_code, 200)
        account.invalidate_recordset()
        creds = account.sudo()
        self.assertEqual(creds.access_token, fake.access_token)
        self.assertEqual(creds.shop_cipher, TIKTOK["shop_cipher"])
        self.assertEqual(fake.token_grants[0]["grant_type"], "authorized_code")

    def test_lazada_code_is_exchanged_on_the_auth_gateway(self):
        fake, account = self._start("lazada", [])
        account.write(
            {"access_token": False, "refresh_token": False, "auth_base_url": fake.base_url_rest}
        )
        url = self._begin(account)
        query = _query(url)
        self.assertEqual(urlsplit(url).path, "/oauth/authorize")
        self.assertEqual(
            (query["response_type"], query["client_id"], query["redirect_uri"]),
            ("code", "lzd-key", f"{self.base_url()}/oms/marketplace/auth/callback"),
        )
        fake.auth_codes = {"0_100132_abc"}
        response = self._callback(
            f"/oms/marketplace/auth/callback?code=0_100132_abc&state={query['state']}"
        )
        self.assertEqual(response.status_code, 200)
        account.invalidate_recordset()
        creds = account.sudo()
        self.assertEqual(
            (creds.access_token, creds.refresh_token), (fake.access_token, fake.refresh_token)
        )
        self.assertEqual(fake.token_grants[0]["code"], "0_100132_abc")

    def test_shopify_callback_hmac_is_checked_before_the_exchange(self):
        fake, account = self._start("shopify", [])
        account.write({"access_token": False, "app_key": "shp-client-id"})
        fake.client_id, fake.client_secret = "shp-client-id", "shp-secret"
        fake.auth_codes = {"0907a61c0c8d55e99db179b68161bc00"}
        shop = urlsplit(fake.base_url).netloc

        def callback_url(state, secret):
            params = {
                "code": "0907a61c0c8d55e99db179b68161bc00",
                "shop": shop,
                "state": state,
                "timestamp": "1337178173",
            }
            message = "&".join(f"{k}={params[k]}" for k in sorted(params))
            params["hmac"] = hmac.new(secret, message.encode(), hashlib.sha256).hexdigest()
            return "/oms/marketplace/auth/callback?" + "&".join(
                f"{k}={v}" for k, v in params.items()
            )

        url = self._begin(account)
        self.assertEqual(urlsplit(url).path, "/admin/oauth/authorize")
        response = self._callback(callback_url(_query(url)["state"], b"forged"))
        self.assertEqual(response.status_code, 400)
        account.invalidate_recordset()
        self.assertFalse(account.sudo().access_token)
        url = self._begin(account)
        response = self._callback(callback_url(_query(url)["state"], b"shp-secret"))
        self.assertEqual(response.status_code, 200)
        account.invalidate_recordset()
        self.assertEqual(account.sudo().access_token, fake.access_token)

    def test_woocommerce_keys_need_the_state(self):
        _fake, account = self._start("woocommerce", [])
        account.write({"consumer_key": False, "consumer_secret": False})
        url = self._begin(account)
        query = _query(url)
        self.assertEqual(urlsplit(url).path, "/wc-auth/v1/authorize")
        self.assertEqual(query["scope"], "read_write")
        self.assertEqual(
            query["callback_url"], f"{self.base_url()}/oms/marketplace/auth/woocommerce"
        )
        keys = {
            "key_id": 1,
            "consumer_key": "ck_7f1e2d3c4b5a69788796a5b4c3d2e1f0a9b8c7d6",
            "consumer_secret": "cs_0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a1b",
            "key_permissions": "read_write",
        }

        def post(user_id):
            return self.url_open(
                "/oms/marketplace/auth/woocommerce",
                data=json.dumps(dict(keys, user_id=user_id)),
                headers={"Content-Type": "application/json"},
            )

        self.assertEqual(post("not-the-state").status_code, 400)
        account.invalidate_recordset()
        self.assertFalse(account.sudo().consumer_key)
        self.assertEqual(post(query["user_id"]).status_code, 200)
        account.invalidate_recordset()
        self.assertEqual(account.sudo().consumer_key, keys["consumer_key"])
        self.assertEqual(post(query["user_id"]).status_code, 400)
