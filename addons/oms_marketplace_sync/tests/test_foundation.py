# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import TransactionCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestMarketplaceFoundation(TransactionCase):
    def test_queue_job_installed_with_marketplace_channel(self):
        module = self.env["ir.module.module"].search([("name", "=", "queue_job")])
        self.assertEqual(module.state, "installed")
        channel = self.env.ref("oms_marketplace_sync.channel_marketplace")
        self.assertEqual(channel.complete_name, "root.marketplace")

    def test_manager_sees_sync_jobs(self):
        manager = new_test_user(
            self.env, login="oms_mkt_manager", groups="oms_omnichannel.group_oms_manager"
        )
        user = new_test_user(
            self.env, login="oms_mkt_user", groups="oms_omnichannel.group_oms_user"
        )
        self.assertTrue(manager.has_group("queue_job.group_queue_job_manager"))
        self.assertFalse(user.has_group("queue_job.group_queue_job_manager"))
        menu = self.env.ref("oms_marketplace_sync.menu_oms_marketplace_jobs")
        self.assertIn(menu.id, self.env["ir.ui.menu"].with_user(manager)._visible_menu_ids())
        self.assertNotIn(menu.id, self.env["ir.ui.menu"].with_user(user)._visible_menu_ids())

    def test_job_really_runs(self):
        """A delayed call becomes a queue.job that performs the work when run."""
        partner = self.env["res.partner"].create({"name": "Before"})
        job = partner.with_delay(channel="root.marketplace").write({"name": "After"})
        record = job.db_record()
        self.assertEqual(record.channel, "root.marketplace")
        self.assertEqual(partner.name, "Before")
        job.perform()
        self.assertEqual(partner.name, "After")
