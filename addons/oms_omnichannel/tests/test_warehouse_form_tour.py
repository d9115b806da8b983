# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import HttpCase, new_test_user, tagged


def warm_web_client_assets(env, bundles=("web.assets_web", "web.assets_tests")):
    """Build the web client's asset bundles in the test transaction before the
    browser asks for them. Built by the first browser request instead, on a
    loaded machine, they hold the test cursor longer than the browser's other
    requests may wait for it (20 s) and the tour fails on "Unable to acquire
    lock for test cursor"."""
    for name in bundles:
        bundle = env["ir.qweb"]._get_asset_bundle(name)
        bundle.js()
        bundle.css()


@tagged("post_install", "-at_install")
class TestWarehouseFormTour(HttpCase):
    def test_warehouse_omnichannel_tab(self):
        """An OMS manager opens a warehouse from Omnichannel's configuration and
        sets its capacity and cut-off time on the Omnichannel tab."""
        env = self.env
        warehouse = env["stock.warehouse"].create(
            {"name": "Gudang Surabaya", "code": "SBY", "company_id": env.company.id}
        )
        new_test_user(
            env,
            login="wh_manager",
            groups="oms_omnichannel.group_oms_manager,stock.group_stock_manager",
        )
        warm_web_client_assets(env)
        self.start_tour(
            "/odoo/action-oms_omnichannel.action_oms_warehouse",
            "oms_warehouse_form_tour",
            login="wh_manager",
        )
        self.assertEqual(warehouse.oms_daily_capacity, 40)
        self.assertEqual(warehouse.oms_cutoff_hour, 15.0)
