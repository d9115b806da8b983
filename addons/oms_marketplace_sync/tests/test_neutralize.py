# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""A neutralized copy of a production database reaches no live shop (issue 18, item 7).

Runs Odoo's own neutralization (``odoo-bin neutralize`` calls
``neutralize_database``), which executes every installed module's
``data/neutralize.sql``.
"""

import json

from odoo.modules.neutralize import neutralize_database
from odoo.tests import TransactionCase, tagged
from odoo.tools import SQL

from .common import MarketplaceFixture

SECRETS = {
    "partner_id": "2001234",
    "partner_key": "live-partner-key-4f1d",
    "shop_cipher": "live-cipher-77",
    "access_token": "live-access-token-9a2b",
    "refresh_token": "live-refresh-token-5c3e",
    "app_key": "live-app-key-1",
    "app_secret": "live-app-secret-2",
    "consumer_key": "ck_live_3",
    "consumer_secret": "cs_live_4",
    "webhook_secret": "live-webhook-secret-5",
}
OPEN_JOB_STATES = ("wait_dependencies", "pending", "enqueued", "started")


@tagged("post_install", "-at_install")
class TestNeutralize(MarketplaceFixture, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_marketplace()
        env = cls.env
        cls.accounts = cls._account(
            "shopee", "https://partner.shopeemobile.com", **SECRETS
        ) | cls._account("tiktok", "https://open-api.tiktokglobalshop.com", **SECRETS)
        cls.shopee_channel.write(
            {
                "webhook_url": "https://erp.live-shop.example.com/oms-status",
                "webhook_secret": "live-status-secret-6",
            }
        )
        order = env["sale.order"].create(
            {
                "partner_id": env["res.partner"].create({"name": "Budi"}).id,
                "channel_id": cls.shopee_channel.id,
            }
        )
        cls.delivery = env["oms.webhook.delivery"].create(
            {
                "order_id": order.id,
                "channel_id": cls.shopee_channel.id,
                "status": "confirmed",
                "url": "https://erp.live-shop.example.com/oms-status",
                "payload": json.dumps({"order": order.name}),
            }
        )
        # queued work that would reach the shops: a stock push, a status webhook
        cls.accounts[0].with_delay(channel="root.marketplace").exists()
        cls.delivery.with_delay(channel="root.oms_webhook").exists()

    def _open_jobs(self):
        return self.env["queue.job"].search(
            [
                ("state", "in", OPEN_JOB_STATES),
                ("channel", "in", ("root.marketplace", "root.oms_webhook")),
            ]
        )

    def _oms_crons(self):
        data = self.env["ir.model.data"].search(
            [
                ("model", "=", "ir.cron"),
                ("module", "in", ("oms_omnichannel", "oms_marketplace_sync", "oms_returns")),
            ]
        )
        return self.env["ir.cron"].with_context(active_test=False).browse(data.mapped("res_id"))

    def test_neutralize_removes_secrets_crons_and_pushes(self):
        self.assertEqual(len(self._open_jobs()), 2, "fixture: two queued jobs")
        crons = self._oms_crons()
        self.assertTrue(crons.filtered("active"), "fixture: OMS crons are active")
        secret_values = [*SECRETS.values(), "live-status-secret-6"]
        secret_values.remove("2001234")  # an identifier also found elsewhere

        neutralize_database(self.env.cr)
        self.env.invalidate_all()

        # no token or secret is left in any column of the OMS tables
        for table in ("oms_marketplace_account", "oms_channel"):
            self.env.cr.execute(SQL("SELECT row_to_json(t)::text FROM %s t", SQL.identifier(table)))
            dump = "\n".join(row[0] for row in self.env.cr.fetchall())
            for value in secret_values:
                self.assertNotIn(value, dump, f"{value} left in {table}")
        accounts = self.accounts.with_context(active_test=False).sudo()
        for field in SECRETS:
            self.assertFalse(any(accounts.mapped(field)), field)
        self.assertFalse(accounts.filtered("active"))
        self.assertFalse(accounts.filtered("push_stock"))
        self.assertFalse(self.shopee_channel.webhook_url)
        self.assertFalse(self.shopee_channel.sudo().webhook_secret)
        # crons off, queued pushes and webhooks dropped
        self.assertFalse(crons.filtered("active"))
        self.assertFalse(self._open_jobs())
        self.assertEqual(self.delivery.state, "failed")
        # and running the crons by hand would push nothing to a shop
        jobs_before = self.env["queue.job"].search_count([])
        model = self.env["oms.marketplace.account"]
        model._cron_import_orders()
        model._cron_push_stock()
        model._cron_reconcile()
        model._cron_refresh_tokens()
        self.assertEqual(self.env["queue.job"].search_count([]), jobs_before)
        self.assertEqual(
            self.env["ir.config_parameter"].sudo().get_param("database.is_neutralized"), "true"
        )
