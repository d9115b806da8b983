# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""One list of OMS statuses: the selection of ``sale.order.oms_status``.

The API contract (OpenAPI enum), the API's answers, the KPI report, the kanban columns,
the dashboard and the views all follow it: a status that exists in one place only
fails here.
"""

import re

from jsonschema import Draft202012Validator
from lxml import etree

from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import SQL

from ..report.oms_dashboard import NOT_SHIPPED_STATUSES

API = "/oms/api/v1"
# statuses added by the add-ons of the suite on top of the base list
EXTENDED_STATUSES = {"ready_for_pickup", "partially_returned"}


@tagged("post_install", "-at_install")
class TestStatusList(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.statuses = env["sale.order"]._fields["oms_status"].get_values(env)
        cls.api_user = new_test_user(
            env, login="status_api", groups="oms_omnichannel.group_oms_user"
        )
        cls.key = (
            env["res.users.apikeys"]
            .with_user(cls.api_user)
            .sudo()
            ._generate(None, "status test", None)
        )
        cls.channel = env["oms.channel"].create(
            {
                "name": "Status Web",
                "code": "STATUSWEB",
                "channel_type": "web",
                "api_user_ids": [(6, 0, cls.api_user.ids)],
            }
        )
        customer = env["res.partner"].create({"name": "Rina Wijaya"})
        product = env["product.product"].create({"name": "Tenun Scarf", "type": "consu"})
        cls.order = env["sale.order"].create(
            {
                "partner_id": customer.id,
                "channel_id": cls.channel.id,
                "external_ref": "STATUS-1",
                "order_line": [(0, 0, {"product_id": product.id, "product_uom_qty": 1})],
            }
        )

    def _set_status(self, status):
        """Put the order in ``status`` as its compute would (stored, not recomputed here)."""
        self.env.flush_all()
        self.env.cr.execute(
            SQL("UPDATE sale_order SET oms_status = %s WHERE id = %s", status, self.order.id)
        )
        self.env.invalidate_all()

    def _order_action_views(self):
        """(view id, type) of the OMS Orders menu's views."""
        action = self.env.ref("oms_omnichannel.action_oms_orders")
        views = [(view_id, view_type) for view_id, view_type in action.views if view_type != "form"]
        return [*views, (False, "form"), (action.search_view_id.id, "search")]

    def test_the_model_holds_every_status_once(self):
        self.assertEqual(len(self.statuses), len(set(self.statuses)))
        # the statuses the order types and returns add are part of the one list
        self.assertLessEqual(EXTENDED_STATUSES, set(self.statuses))
        self.assertIn("received", self.statuses)

    def test_openapi_enum_and_api_answers_follow_the_model(self):
        response = self.url_open(f"{API}/openapi.json")
        self.assertEqual(response.status_code, 200)
        schemas = response.json()["components"]["schemas"]
        for name in ("OrderResult", "OrderStatus"):
            self.assertEqual(schemas[name]["properties"]["oms_status"]["enum"], self.statuses, name)
        # every status the model can take is answered by the API and valid in its contract
        validator = Draft202012Validator(
            {
                "components": {"schemas": schemas},
                "$ref": "#/components/schemas/OrderStatus",
            }
        )
        headers = {"Authorization": f"Bearer {self.key}"}
        for status in self.statuses:
            with self.subTest(status=status):
                self._set_status(status)
                answer = self.url_open(
                    f"{API}/orders/{self.channel.code}/{self.order.external_ref}",
                    headers=headers,
                )
                self.assertEqual(answer.status_code, 200, answer.text)
                body = answer.json()
                self.assertEqual(body["oms_status"], status)
                self.assertEqual([e.message for e in validator.iter_errors(body)], [])
        # and one that is not a status is refused by the contract
        body["oms_status"] = "lost_in_space"
        self.assertTrue(list(validator.iter_errors(body)))

    def test_kpi_report_statuses_follow_the_model(self):
        Report = self.env["oms.order.report"]
        self.assertEqual(Report._fields["oms_status"].get_values(self.env), self.statuses)
        self.assertEqual(
            Report.fields_get(["oms_status"])["oms_status"]["selection"],
            self.env["sale.order"].fields_get(["oms_status"])["oms_status"]["selection"],
        )
        # an order in a status the add-ons added is reported in it, with its label
        labels = dict(Report.fields_get(["oms_status"])["oms_status"]["selection"])
        for status in EXTENDED_STATUSES:
            with self.subTest(status=status):
                self._set_status(status)
                row = Report.search([("order_id", "=", self.order.id)])
                self.assertEqual(row.oms_status, status)
                self.assertTrue(labels[status])

    def test_kanban_columns_are_the_statuses(self):
        Order = self.env["sale.order"]
        arch = Order.get_views(self._order_action_views())["views"]["kanban"]["arch"]
        group_by = etree.fromstring(arch).get("default_group_by")
        self.assertEqual(group_by, "oms_status")
        # only the test order exists in this channel: every other column is empty but shown
        self._set_status("packed")
        result = Order.with_context(read_group_expand=True).web_read_group(
            [("channel_id", "=", self.channel.id)], [group_by], ["__count"]
        )
        columns = [group[group_by] for group in result["groups"]]
        self.assertEqual(columns, self.statuses)
        counts = {group[group_by]: group["__count"] for group in result["groups"]}
        self.assertEqual(counts["packed"], 1)
        self.assertEqual(sum(counts.values()), 1)

    def test_dashboard_and_views_name_only_known_statuses(self):
        statuses = set(self.statuses)
        self.assertLessEqual(set(NOT_SHIPPED_STATUSES), statuses)
        # the dashboard's chart labels come from the selection
        self.order.date_order = "2030-01-01 10:00:00"
        self._set_status("ready_for_pickup")
        today = self.env["oms.dashboard"]._oms_dashboard_today(since="2030-01-01 00:00:00")
        labels = dict(self.env["sale.order"]._fields["oms_status"]._description_selection(self.env))
        self.assertIn(
            {"status": "ready_for_pickup", "label": labels["ready_for_pickup"], "count": 1},
            today["by_status"],
        )
        # every status a view compares oms_status with (filters, decorations) exists
        literal = re.compile(r"'([a-z_]+)'")
        not_statuses = {"oms_status", "in", "not in", "=", "!="}
        checked = set()
        for model, requested in (
            ("sale.order", self._order_action_views()),
            ("oms.order.report", [(False, "list"), (False, "pivot"), (False, "search")]),
        ):
            views = self.env[model].get_views(requested)["views"]
            for view_type, view in views.items():
                for node in etree.fromstring(view["arch"]).iter():
                    for attribute, value in node.attrib.items():
                        # expressions and domains that compare oms_status with values
                        if "oms_status" not in value or "'" not in value or attribute == "context":
                            continue
                        named = set(literal.findall(value)) - not_statuses
                        with self.subTest(model=model, view=view_type, attribute=attribute):
                            self.assertTrue(named, value)
                            self.assertLessEqual(named, statuses, value)
                        checked.add((model, view_type, attribute))
        # the badges of the list and the form, the "To Ship" filter... were read
        self.assertLessEqual(
            {
                ("sale.order", "list", "decoration-info"),
                ("sale.order", "form", "decoration-info"),
                ("sale.order", "search", "domain"),
            },
            checked,
        )
