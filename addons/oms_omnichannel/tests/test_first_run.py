# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The first hour of a new user: ``scripts/run``'s first-run setup, the opt-in demo
data, and the README's own capture example on the database they build."""

import json
import re
import time
from pathlib import Path

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import HttpCase, new_test_user, tagged

USAGE = Path(__file__).resolve().parents[1] / "readme" / "USAGE.md"


def readme_capture_example():
    """The JSON body of the ``curl -X POST .../orders`` example of the USAGE page."""
    text = USAGE.read_text(encoding="utf-8")
    match = re.search(r"curl -X POST \S+/oms/api/v1/orders .*?-d '(\{.*?\})'", text, re.S)
    assert match, "the capture example is missing from readme/USAGE.md"
    return json.loads(match.group(1))


@tagged("post_install", "-at_install")
class TestFirstRun(HttpCase):
    """A company set up as ``scripts/run`` sets up the main company of a new database
    (``res.company._oms_first_run_setup``, called by ``scripts/first_run.py``), then
    the demo data of ``OMS_DEMO=1`` loaded into it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        company = cls.env["res.company"].create({"name": "PT Nusantara Retail"})
        cls.env.user.company_ids = [Command.link(company.id)]
        company._oms_first_run_setup("ID", lang_code=False)
        cls.env = cls.env(context=dict(cls.env.context, allowed_company_ids=[company.id]))
        cls.company = cls.env["res.company"].browse(company.id)
        started = time.monotonic()
        # two weeks instead of scripts/run's 30 days: every showcase order is in it
        cls.summary = cls.env["oms.demo.loader"].load(days=14, orders_per_day=2)
        cls.demo_seconds = time.monotonic() - started
        cls.orders = cls.env["sale.order"].search([("company_id", "=", company.id)])

    def test_company_is_an_indonesian_retailer(self):
        company = self.company
        self.assertEqual(company.country_id.code, "ID")
        self.assertEqual(company.currency_id.name, "IDR")
        self.assertEqual(company.chart_template, "id")
        self.assertEqual(company.account_price_include, "tax_included")
        sale_tax = company.account_sale_tax_id
        self.assertTrue(sale_tax.price_include, "PPN is included in the shelf price")
        self.assertIn("12", sale_tax.name)
        self.assertFalse(company.stock_text_confirmation, "no SMS wizard on the first delivery")
        admin = self.env.ref("base.user_admin")
        dashboard = self.env.ref("oms_omnichannel.action_oms_dashboard")
        self.assertEqual(admin.action_id.id, dashboard.id)

    def test_readme_capture_example_is_captured_in_idr(self):
        payload = readme_capture_example()
        self.assertEqual(payload["currency"], "IDR")
        response = self.url_open(
            "/oms/api/v1/orders",
            data=json.dumps(payload),
            headers={
                "Content-Type": "application/json",
                "Authorization": f"Bearer {self.summary['api_key']}",
            },
            timeout=60,
        )
        self.assertEqual(response.status_code, 201, response.text)
        order = self.env["sale.order"].search(
            [("external_ref", "=", payload["external_ref"]), ("company_id", "=", self.company.id)]
        )
        self.assertEqual(order.currency_id.name, "IDR")
        # 2 x 150,000 less 10% + 18,000 shipping, PPN included: what the customer paid
        self.assertEqual(order.amount_total, 288000)
        self.assertGreater(order.amount_tax, 0)
        self.assertEqual(order.amount_untaxed + order.amount_tax, 288000)
        self.assertEqual(order.state, "sale", order.exception_ids.mapped("name"))
        self.assertEqual(order.oms_status, "allocated")

    def test_demo_retailer(self):
        env = self.env
        warehouses = env["stock.warehouse"].search([("company_id", "=", self.company.id)])
        self.assertEqual(len(warehouses), 3)
        # three islands: Java (Jakarta, Surabaya) and Sulawesi
        self.assertEqual(
            set(warehouses.partner_id.state_id.mapped("name")),
            {"Jakarta", "Jawa Timur", "Sulawesi Selatan"},
        )
        channels = env["oms.channel"].search([("company_id", "=", self.company.id)])
        self.assertEqual(
            set(channels.mapped("code")), {"WEB", "TOKOPEDIA", "SHOPEE", "LAZADA", "STORE", "WA"}
        )
        self.assertEqual(set(channels.pricelist_id.currency_id.mapped("name")), {"IDR"})
        products = env["product.product"].search([("default_code", "=like", "%-%")])
        self.assertGreaterEqual(len(products.filtered(lambda p: p.list_price >= 20000)), 25)
        self.assertGreater(len(self.orders), 25)
        self.assertEqual(set(self.orders.channel_id.mapped("code")), set(channels.mapped("code")))
        # every status of the life cycle before returns (oms_returns adds "returned")
        statuses = set(self.orders.mapped("oms_status"))
        for status in (
            "received",
            "on_hold",
            "allocated",
            "packed",
            "partially_shipped",
            "shipped",
            "delivered",
            "done",
            "cancelled",
        ):
            self.assertIn(status, statuses)
        self.assertEqual(self.summary["orders"], len(self.orders))
        # held orders name why
        held = self.orders.filtered(lambda o: o.oms_status == "on_hold")
        reasons = " ".join(held.exception_ids.mapped("name"))
        for reason in ("Payment amount", "Blacklisted", "Stock not available"):
            self.assertIn(reason, reasons)
        # a split order ships from two warehouses
        split = self.orders.filtered(lambda o: o.oms_status == "partially_shipped")
        deliveries = split.picking_ids.filtered("oms_is_customer_delivery")
        self.assertEqual(len(deliveries.picking_type_id.warehouse_id), 2)
        self.assertEqual(set(deliveries.mapped("state")), {"done", "assigned"})
        # orders are spread over the two weeks, as the dashboard shows them
        ages = {(self.orders[0].create_date - o.date_order).days for o in self.orders}
        self.assertGreaterEqual(max(ages), 13)
        # shipments are dated as they happened (after their order, most on time), not
        # at load time: the dashboard's on-time rates and processing times are real
        shipped = self.orders.picking_ids.filtered(
            lambda p: p.oms_is_customer_delivery and p.state == "done"
        )
        for picking in shipped:
            self.assertGreater(picking.date_done, picking.sale_id.date_order, picking.name)
        self.assertLess((min(shipped.mapped("date_done")) - self.orders[0].create_date).days, -5)
        kpis = env["oms.order.report"]._oms_kpi_summary([("company_id", "=", self.company.id)])
        self.assertGreater(kpis["on_time_ship_rate"], 40)
        self.assertGreater(kpis["on_time_delivery_rate"], 40)
        self.assertLess(kpis["ship_hours_avg"], 48)
        # prepaid delivered orders are invoiced and paid by their workflow
        done = self.orders.filtered(lambda o: o.oms_status == "done")
        self.assertEqual(set(done.invoice_ids.mapped("payment_state")) - {"in_payment"}, {"paid"})
        # loading twice does nothing
        self.assertIn("skipped", env["oms.demo.loader"].load())

    def test_mail_templates_render_on_every_demo_record(self):
        """Odoo renders a template against a record of its model whenever the template
        is written, module updates included: every OMS e-mail template renders for the
        demo records of its model, whatever their state (a return without credit note,
        a cancelled order, a delivery not shipped yet...)."""
        data = self.env["ir.model.data"].search(
            [("model", "=", "mail.template"), ("module", "=like", "oms\\_%")]
        )
        templates = self.env["mail.template"].browse(data.mapped("res_id"))
        self.assertGreater(len(templates), 5)
        rendered = 0
        for template in templates:
            model = self.env[template.model]
            domain = [("company_id", "=", self.company.id)] if "company_id" in model._fields else []
            records = model.search(domain, limit=40)
            for fname in template._get_dynamic_field_names():
                result = template._render_field(fname, records.ids)
                rendered += len(result)
        self.assertGreater(rendered, 100)

    def test_setup_checklist_ticks_itself(self):
        checklist = self.env["oms.setup.checklist"]
        steps = {step["key"]: step for step in checklist.get_checklist()["steps"]}
        for key in ("company", "warehouses", "channels", "api_keys"):
            self.assertTrue(steps[key]["done"], key)
            self.assertTrue(steps[key]["action"], key)
        # another company, not set up yet: nothing is done, each step opens its screen
        other = self.env["res.company"].create({"name": "PT Baru"})
        self.env.user.company_ids = [Command.link(other.id)]
        fresh = checklist.with_company(other).with_context(allowed_company_ids=[other.id])
        steps = {step["key"]: step for step in fresh.get_checklist()["steps"]}
        self.assertFalse(any(steps[key]["done"] for key in ("channels", "api_keys")))
        self.assertEqual(steps["channels"]["action"], "oms_omnichannel.action_oms_channel")
        self.assertEqual(self.env.ref(steps["warehouses"]["action"])._name, "ir.actions.act_window")

    def test_setup_checklist_dismissed_by_a_manager_only(self):
        checklist = self.env["oms.setup.checklist"]
        self.assertTrue(checklist.get_checklist()["visible"])
        user = new_test_user(self.env, login="oms_clerk", groups="oms_omnichannel.group_oms_user")
        self.assertEqual(checklist.with_user(user).get_checklist(), {"visible": False, "steps": []})
        with self.assertRaises(AccessError):
            checklist.with_user(user).dismiss()
        checklist.dismiss()
        self.assertFalse(checklist.get_checklist()["visible"])
        # Settings > Omnichannel shows it again
        settings = self.env["res.config.settings"].create({})
        self.assertTrue(settings.oms_setup_checklist_dismissed)
        settings.oms_setup_checklist_dismissed = False
        settings.execute()
        self.assertTrue(checklist.get_checklist()["visible"])

    def test_pricelist_feature_on_and_kept_by_settings(self):
        # the channels' pricelists are used: Settings shows the feature on, and saving
        # the settings leaves every channel's pricelist active
        self.assertTrue(
            self.env["res.groups"]._is_feature_enabled("product.group_product_pricelist")
        )
        settings = self.env["res.config.settings"].create({})
        self.assertTrue(settings.group_product_pricelist)
        settings.execute()
        channels = self.env["oms.channel"].search([("company_id", "=", self.company.id)])
        self.assertTrue(channels.pricelist_id)
        self.assertTrue(all(channels.pricelist_id.mapped("active")))

    def test_global_options_are_settings(self):
        settings = self.env["res.config.settings"].create(
            {"oms_public_base_url": "https://toko.example.id", "oms_kpi_hold_alert_hours": 6}
        )
        settings.execute()
        channel = self.env["oms.channel"].search([("code", "=", "WEB")])
        self.assertEqual(channel._oms_public_url(), "https://toko.example.id")
        self.assertEqual(self.env["oms.dashboard"]._oms_hold_alert_hours(), 6)
