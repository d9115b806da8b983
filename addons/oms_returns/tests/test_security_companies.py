# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Two companies kept apart (issue 18, item 6).

Company A has the whole OMS chain: a channel, a delivered and invoiced order,
its return request and RMA, a return policy, a recurring order, safety stock,
a webhook delivery and ATP report rows. An OMS manager of company B sees none
of it: over the ORM as that user (screens, reports), over ``/jsonrpc`` with
the user's API key, and over the REST API.
"""

import json

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import HttpCase, get_db_name, new_test_user, tagged

from .common import ReturnsCommon

GROUPS = "oms_omnichannel.group_oms_manager,account.group_account_invoice"


@tagged("post_install", "-at_install")
class TestTwoCompanies(ReturnsCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setUpReturns()
        env = cls.env
        order = cls._make_order([(cls.kaos, 2, 100000)])
        action = order.action_create_rma()
        wizard = env["sale.order.rma.wizard"].browse(action["res_id"])
        wizard.line_ids.write({"quantity": 1, "reason_id": cls.reason["changed_mind"].id})
        rmas = wizard.create_rma()
        cls.order_a = order
        cls.records_a = {
            "oms.channel": cls.channel,
            "sale.order": order,
            "stock.picking": order.picking_ids,
            "account.move": order.invoice_ids,
            "rma": rmas,
            "oms.return.request": rmas.return_request_id,
            "oms.return.policy": cls.policy,
            "oms.recurring.order": env["oms.recurring.order"].create(
                {"name": "Monthly coffee", "template_order_id": order.id}
            ),
            "oms.safety.stock": env["oms.safety.stock"].create(
                {"warehouse_id": cls.wh.id, "product_id": cls.kaos.id, "quantity": 2}
            ),
            "oms.webhook.delivery": env["oms.webhook.delivery"].create(
                {
                    "order_id": order.id,
                    "channel_id": cls.channel.id,
                    "status": "confirmed",
                    "url": "https://shop-a.example.com/hook",
                    "payload": json.dumps({"customer": "Siti Rahma"}),
                    "state": "failed",
                }
            ),
        }
        # the reports are SQL views over the tables: write the fixture first
        env.flush_all()
        for report in ("oms.atp.report", "oms.order.report", "oms.return.report"):
            cls.records_a[report] = env[report].search([("company_id", "=", cls.company.id)])
        for model, records in cls.records_a.items():
            assert records, f"fixture: no {model} in company A"
        cls.company_b = env["res.company"].create({"name": "OMS Company B"})
        cls.user_a = new_test_user(
            env,
            login="oms_company_a_manager",
            groups=GROUPS,
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
        )
        cls.user_b = new_test_user(
            env,
            login="oms_company_b_manager",
            groups=GROUPS,
            company_id=cls.company_b.id,
            company_ids=[Command.set(cls.company_b.ids)],
        )
        cls.key_b = (
            env["res.users.apikeys"]
            .with_user(cls.user_b)
            .sudo()
            ._generate(None, "company B test", None)
        )

    def test_user_of_company_a_sees_company_a(self):
        """The control: the same groups in company A see every fixture record."""
        for model, records in self.records_a.items():
            with self.subTest(model=model):
                found = self.env[model].with_user(self.user_a).search([("id", "in", records.ids)])
                self.assertEqual(set(found.ids), set(records.ids))

    def test_user_of_company_b_sees_nothing_of_a_over_the_orm(self):
        for model, records in self.records_a.items():
            with self.subTest(model=model):
                as_b = self.env[model].with_user(self.user_b)
                self.assertFalse(as_b.search([("id", "in", records.ids)]))
                self.assertFalse(as_b.search([("company_id", "=", self.company.id)]))
                with self.assertRaises(AccessError):
                    records.with_user(self.user_b).read(["company_id"])

    def test_user_of_company_b_cannot_switch_to_company_a(self):
        as_b = self.env["oms.return.request"].with_user(self.user_b)
        with self.assertRaises(AccessError):
            as_b.with_context(allowed_company_ids=self.company.ids).search([])

    def _jsonrpc(self, model, method, args):
        response = self.url_open(
            "/jsonrpc",
            data=json.dumps(
                {
                    "jsonrpc": "2.0",
                    "id": 1,
                    "method": "call",
                    "params": {
                        "service": "object",
                        "method": "execute_kw",
                        "args": [get_db_name(), self.user_b.id, self.key_b, model, method, args],
                    },
                }
            ),
            headers={"Content-Type": "application/json"},
        )
        self.assertEqual(response.status_code, 200)
        return response.json()

    def test_user_of_company_b_sees_nothing_of_a_over_jsonrpc(self):
        for model, records in self.records_a.items():
            with self.subTest(model=model):
                data = self._jsonrpc(model, "search", [[("id", "in", records.ids)]])
                self.assertEqual(data.get("result"), [], data)
                data = self._jsonrpc(model, "read", [records.ids[:1], ["id"]])
                self.assertIn("AccessError", json.dumps(data["error"]))
        data = self._jsonrpc(
            "oms.return.request",
            "write",
            [self.records_a["oms.return.request"].ids, {"return_reference": "B-WAS-HERE"}],
        )
        self.assertIn("AccessError", json.dumps(data["error"]))
        self.assertNotEqual(self.records_a["oms.return.request"].return_reference, "B-WAS-HERE")

    def test_user_of_company_b_sees_nothing_of_a_over_rest(self):
        headers = {"Authorization": f"Bearer {self.key_b}", "Content-Type": "application/json"}
        path = f"/oms/api/v1/orders/{self.channel.code}/{self.order_a.external_ref}"
        response = self.url_open(path, headers=headers)
        self.assertIn(response.status_code, (403, 404), response.text)
        self.assertNotIn(self.order_a.name, response.text)
        self.assertNotIn(self.customer.name, response.text)
        response = self.url_open(f"{path}/cancel", data="{}", headers=headers)
        self.assertIn(response.status_code, (403, 404), response.text)
        self.assertNotEqual(self.order_a.state, "cancel")
        count = self.env["sale.order"].search_count([("channel_id", "=", self.channel.id)])
        response = self.url_open(
            "/oms/api/v1/orders",
            data=json.dumps(
                {
                    "channel": self.channel.code,
                    "external_ref": "B-INTO-A-1",
                    "customer": {"name": "Intruder", "email": "b@example.com"},
                    "lines": [{"sku": self.kaos.default_code, "quantity": 1, "unit_price": 1}],
                    "payment": {"method": "cod", "status": "pending"},
                }
            ),
            headers=headers,
        )
        self.assertIn(response.status_code, (403, 404, 422), response.text)
        self.assertEqual(
            self.env["sale.order"].search_count([("channel_id", "=", self.channel.id)]), count
        )
        response = self.url_open(
            "/oms/api/v1/returns",
            data=json.dumps(
                {
                    "channel": self.channel.code,
                    "external_ref": self.order_a.external_ref,
                    "return_reference": "B-RET-1",
                    "lines": [
                        {"sku": self.kaos.default_code, "quantity": 1, "reason": "changed_mind"}
                    ],
                }
            ),
            headers=headers,
        )
        self.assertIn(response.status_code, (403, 404, 422), response.text)
        self.assertFalse(
            self.env["oms.return.request"].search([("return_reference", "=", "B-RET-1")])
        )
