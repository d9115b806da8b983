# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestSetupChecklistTour(HttpCase):
    def test_checklist_on_the_dashboard(self):
        env = self.env
        company = env["res.company"].create(
            {"name": "PT Checklist", "country_id": env.ref("base.id").id}
        )
        company.chart_template = "id"
        manager = new_test_user(
            env,
            login="checklist_mgr",
            groups="oms_omnichannel.group_oms_manager,sales_team.group_sale_manager",
            company_id=company.id,
            company_ids=[(6, 0, company.ids)],
        )
        self.assertFalse(env["oms.channel"].search_count([("company_id", "=", company.id)]))
        self.start_tour(
            "/odoo/action-oms_omnichannel.action_oms_dashboard",
            "oms_setup_checklist_tour",
            login=manager.login,
        )
        dismissed = env["ir.config_parameter"].get_param(
            "oms_omnichannel.setup_checklist_dismissed"
        )
        self.assertTrue(dismissed)
