# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Credentials never reach what other users or the server log can read.

A marketplace account's credentials are administrator-only fields. Errors of the
platform may repeat them (gateways echo the parameters they refused, Python
repeats a value it could not parse); the error texts kept on the account
(``last_error``), on the marketplace orders, in the sync log (readable by every
OMS user), in the job (message and traceback) and in the server log must show
``***`` instead. The tests plant recognisable secrets, provoke errors through
the fake platform server, and search every text column of the database and the
log output for them.
"""

import logging
import traceback
from contextlib import contextmanager

from odoo.tests import TransactionCase, tagged
from odoo.tools import SQL

from odoo.addons.queue_job.exception import FailedJobError

from ..tools.adapter import scrub
from .common import SHOPEE, SHOPEE_TOKEN, FakeShopee, MarketplaceFixture, shopee_order

# recognisable values of the planted credentials
PARTNER_ID = "7319046682"
PARTNER_KEY = "pk-PLANTED-7f3a9c"
SHOP_ID = "88112233"
ACCESS_TOKEN = "tok-PLANTED/51e2+x"
SECRETS = (PARTNER_ID, PARTNER_KEY, SHOP_ID, ACCESS_TOKEN)
# the account's own columns that legitimately hold them
CREDENTIAL_COLUMNS = {"partner_id", "partner_key", "shop_id", "access_token"}


class EchoingShopee(FakeShopee):
    """A Shopee whose refusals repeat the request's parameters, as API gateways
    often do ("partner_id 123 ... is not authorised")."""

    def route(self, request):
        response = super().route(request)
        if response.status >= 400 and isinstance(response.body, dict):
            echoed = ", ".join(f"{key}={value}" for key, value in sorted(request.query.items()))
            response.body["message"] = f"{response.body.get('message')} Request: {echoed}"
        return response


class _Capture(logging.Handler):
    def __init__(self):
        super().__init__(logging.DEBUG)
        self.lines = []

    def emit(self, record):
        text = record.getMessage()
        if record.exc_info:
            text += "".join(traceback.format_exception(*record.exc_info))
        self.lines.append(text)


@tagged("post_install", "-at_install")
class TestCredentialScrub(MarketplaceFixture, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_marketplace()

    @contextmanager
    def _server_log(self):
        """Everything written to the server log meanwhile (at its configured levels)."""
        handler = _Capture()
        root = logging.getLogger()
        root.addHandler(handler)
        try:
            yield handler.lines
        finally:
            root.removeHandler(handler)

    def _run_job_as_the_runner(self, job_method, on_fail):
        """What queue_job's runner does with a job that fails: log the traceback,
        store the exception's message and traceback on the job, call the job
        function's ``on_fail_method`` with them."""
        with self.assertRaises(FailedJobError) as caught:
            try:
                job_method()
            except FailedJobError:
                traceback_txt = traceback.format_exc()
                logging.getLogger("odoo.addons.queue_job.controllers.main").error(traceback_txt)
                raise
        error = caught.exception
        exc_message = error.args[0] if error.args else str(error)
        on_fail(exc_message=exc_message)
        return exc_message, traceback_txt

    def _columns_holding_secrets(self):
        """``table.column`` of every text column of the database holding one of the
        planted secrets, but the account's credential fields themselves."""
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                "SELECT c.table_name, array_agg(c.column_name::text)"
                " FROM information_schema.columns c JOIN information_schema.tables t"
                " ON t.table_schema = c.table_schema AND t.table_name = c.table_name"
                " WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE'"
                " AND c.data_type IN ('text', 'character varying', 'jsonb')"
                " GROUP BY c.table_name"
            )
        )
        patterns = [f"%{secret}%" for secret in SECRETS]
        found = []
        for table, columns in self.env.cr.fetchall():
            if table == "oms_marketplace_account":
                columns = [c for c in columns if c not in CREDENTIAL_COLUMNS]
            for column in columns:
                self.env.cr.execute(
                    SQL(
                        "SELECT 1 FROM %s WHERE %s::text LIKE ANY(%s) LIMIT 1",
                        SQL.identifier(table),
                        SQL.identifier(column),
                        patterns,
                    )
                )
                if self.env.cr.fetchone():
                    found.append(f"{table}.{column}")
        return found

    def _assert_nowhere(self, *texts):
        for secret in SECRETS:
            for text in texts:
                self.assertNotIn(secret, text or "")
        self.assertEqual(self._columns_holding_secrets(), [])

    def _planted_account(self, base_url, **vals):
        planted = {
            "partner_id": PARTNER_ID,
            "partner_key": PARTNER_KEY,
            "shop_id": SHOP_ID,
            "access_token": ACCESS_TOKEN,
        }
        return self._account("shopee", base_url, **dict(planted, **vals))

    def test_platform_refusal_repeating_the_credentials(self):
        # the platform knows another key: it refuses the signature and echoes the
        # partner id, shop id and access token it received
        with EchoingShopee(PARTNER_ID, "another-key", SHOP_ID, ACCESS_TOKEN) as fake:
            account = self._planted_account(fake.base_url)
            with self._server_log() as log_lines:
                exc_message, traceback_txt = self._run_job_as_the_runner(
                    account._job_import_orders, account._on_import_failed
                )
                notification = account.action_test_connection()
        # the platform did repeat them: the test would see them if they leaked
        refusal = fake.requests[0].query
        self.assertEqual((refusal["partner_id"], refusal["shop_id"]), (PARTNER_ID, SHOP_ID))
        self.assertIn("error_sign", exc_message)
        self.assertIn("partner_id=***", exc_message)
        self.assertIn("shop_id=***", account.last_error)
        self.assertEqual(account.error_count, 2)
        failures = account.log_ids.filtered(lambda log: log.status == "failed")
        self.assertEqual(len(failures), 2)
        self.assertIn("partner_id=***", failures[0].message)
        self.assertTrue(any("error_sign" in line for line in log_lines))
        self._assert_nowhere(
            exc_message,
            traceback_txt,
            notification["params"]["message"],
            *log_lines,
            *account.log_ids.mapped("message"),
        )

    def test_configuration_error_repeating_a_credential(self):
        # a partner id that is no number: Python's error repeats it
        with FakeShopee(SHOPEE["partner_id"], SHOPEE["partner_key"], SHOP_ID, SHOPEE_TOKEN) as fake:
            account = self._planted_account(fake.base_url, partner_id=f"pid-{PARTNER_KEY}")
            with self._server_log() as log_lines:
                exc_message, traceback_txt = self._run_job_as_the_runner(
                    account._job_import_orders, account._on_import_failed
                )
        self.assertIn("invalid literal for int()", exc_message)
        self.assertIn("***", account.last_error)
        self.assertFalse(fake.requests)
        self._assert_nowhere(exc_message, traceback_txt, *log_lines)

    def test_failed_import_kept_on_the_marketplace_order(self):
        # an order refused by the capture (unknown SKU) whose text names a credential
        account = self._planted_account("http://127.0.0.1:9")
        raw = shopee_order(
            71,
            items=[
                {
                    "item_id": 1,
                    "item_sku": f"SKU-{ACCESS_TOKEN}",
                    "model_quantity_purchased": 1,
                    "model_original_price": 1000,
                }
            ],
        )
        outcomes = account._import_orders([raw])
        self.assertEqual(outcomes["failed"], 1)
        binding = self.env["oms.marketplace.order"].search([("account_id", "=", account.id)])
        self.assertIn("SKU-***", binding.error_message)
        self.assertNotIn(ACCESS_TOKEN, binding.error_message)
        self.assertNotIn(ACCESS_TOKEN, "".join(account.log_ids.mapped("message")))

    def test_scrub_masks_encoded_forms_and_ignores_short_values(self):
        text = "token=tok-PLANTED%2F51e2%2Bx&b=tok-PLANTED/51e2+x id 12"
        self.assertEqual(scrub(text, [ACCESS_TOKEN, "12", None, ""]), "token=***&b=*** id 12")
