# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Marketplace sync health on the Omnichannel Overview."""

from datetime import timedelta

from odoo import fields
from odoo.tests import TransactionCase, new_test_user, tagged

from .common import MarketplaceFixture


@tagged("post_install", "-at_install")
class TestDashboardSyncHealth(MarketplaceFixture, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_marketplace()

    def test_sync_health_on_the_overview(self):
        now = fields.Datetime.now()
        healthy = self._account("shopee", "http://127.0.0.1:9")
        failing = self._account("tiktok", "http://127.0.0.1:9")
        healthy.sudo().write({"last_success_date": now - timedelta(hours=2)})
        failing.sudo().write(
            {
                "last_success_date": now - timedelta(hours=30),
                "last_error_date": now - timedelta(hours=1),
                "last_error": "429 Too Many Requests",
                "error_count": 3,
            }
        )
        user = new_test_user(self.env, login="mkt_dash", groups="oms_omnichannel.group_oms_user")
        data = self.env["oms.dashboard"].with_user(user).get_dashboard_data()
        rows = [r for r in data["marketplaces"] if r["id"] in (healthy.id, failing.id)]
        self.assertEqual([r["id"] for r in rows], [failing.id, healthy.id], "worst first")
        self.assertEqual(rows[0]["health"], "error")
        self.assertEqual(rows[0]["error_count"], 3)
        self.assertEqual(rows[0]["last_error"], "429 Too Many Requests")
        self.assertAlmostEqual(rows[0]["lag_hours"], 30, delta=0.2)
        self.assertEqual(rows[1]["health"], "ok")
        self.assertAlmostEqual(rows[1]["lag_hours"], 2, delta=0.2)
        self.assertNotIn("access_token", rows[0])
