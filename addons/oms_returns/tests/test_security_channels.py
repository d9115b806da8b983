# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Channel scope on every path (issue 18, item 4).

An API user of channel A and an internal user restricted to channel A see
channel A's orders, order lines, deliveries, invoices, return requests and RMAs,
and nothing of channel B's: over the ORM (screens, reports), over ``/jsonrpc``
with the API key as password and over ``/json/2`` with the key as bearer token.
"""

import json

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import HttpCase, get_db_name, new_test_user, tagged

from .common import ReturnsCommon

SCOPED_MODELS = (
    "sale.order",
    "sale.order.line",
    "stock.picking",
    "stock.move",
    "account.move",
    "account.move.line",
    "oms.return.request",
    "rma",
)


@tagged("post_install", "-at_install")
class TestChannelScope(ReturnsCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setUpReturns()
        env = cls.env
        cls.channel_a = cls.channel
        cls.channel_b = env["oms.channel"].create(
            {
                "name": "Other Shop",
                "code": "OTHERRET",
                "channel_type": "web",
                "warehouse_id": cls.wh.id,
                "workflow_process_id": cls.workflow.id,
            }
        )
        cls.policy.copy({"name": "Other 7 days", "channel_id": cls.channel_b.id})
        # the API user also needs to read invoices, as an integration would
        cls.api_user.group_ids = [Command.link(env.ref("account.group_account_invoice").id)]
        cls.key = (
            env["res.users.apikeys"]
            .with_user(cls.api_user)
            .sudo()
            ._generate(None, "channel scope test", None)
        )
        cls.restricted = new_test_user(
            env,
            login="oms_scope_restricted",
            groups="oms_omnichannel.group_oms_user,account.group_account_invoice",
        )
        cls.restricted.oms_channel_ids = cls.channel_a
        cls.unrestricted = new_test_user(
            env,
            login="oms_scope_unrestricted",
            groups="oms_omnichannel.group_oms_user,account.group_account_invoice",
        )
        cls.records = {}
        for key, channel in (("a", cls.channel_a), ("b", cls.channel_b)):
            cls.channel = channel
            order = cls._make_order([(cls.kaos, 2, 100000)])
            cls.records[key] = cls._records_of(order)
        cls.channel = cls.channel_a

    @classmethod
    def _records_of(cls, order):
        action = order.action_create_rma()
        wizard = cls.env["sale.order.rma.wizard"].browse(action["res_id"])
        wizard.line_ids.write({"quantity": 1, "reason_id": cls.reason["changed_mind"].id})
        rmas = wizard.create_rma()
        invoices = order.invoice_ids
        records = {
            "sale.order": order,
            "sale.order.line": order.order_line,
            "stock.picking": order.picking_ids,
            "stock.move": order.picking_ids.move_ids,
            "account.move": invoices,
            "account.move.line": invoices.line_ids,
            "oms.return.request": rmas.return_request_id,
            "rma": rmas,
        }
        for model, recs in records.items():
            assert recs, f"fixture: no {model} for {order.name}"
        return records

    # ------------------------------------------------------------------

    def _jsonrpc(self, model, method, args, kwargs=None):
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
                        "args": [
                            get_db_name(),
                            self.api_user.id,
                            self.key,
                            model,
                            method,
                            args,
                            kwargs or {},
                        ],
                    },
                }
            ),
            headers={"Content-Type": "application/json"},
        )
        self.assertEqual(response.status_code, 200)
        return response.json()

    def _assert_scoped(self, model, found_ids, path):
        mine = set(self.records["a"][model].ids)
        theirs = set(self.records["b"][model].ids)
        self.assertTrue(mine <= set(found_ids), f"{path}: {model} of its own channel missing")
        self.assertFalse(theirs & set(found_ids), f"{path}: {model} of another channel visible")

    def test_jsonrpc_with_api_key_reads_only_its_channel(self):
        for model in SCOPED_MODELS:
            with self.subTest(model=model):
                data = self._jsonrpc(model, "search", [[]])
                self.assertNotIn("error", data, data.get("error"))
                self._assert_scoped(model, data["result"], "/jsonrpc")
                # reading another channel's record by id is refused
                data = self._jsonrpc(model, "read", [self.records["b"][model].ids[:1], ["id"]])
                self.assertIn("error", data)
                self.assertIn("AccessError", json.dumps(data["error"]))

    def test_jsonrpc_with_api_key_cannot_write_other_channel(self):
        order_b = self.records["b"]["sale.order"]
        data = self._jsonrpc("sale.order", "write", [order_b.ids, {"client_order_ref": "HACKED"}])
        self.assertIn("AccessError", json.dumps(data["error"]))
        order_b.invalidate_recordset()
        self.assertNotEqual(order_b.client_order_ref, "HACKED")
        request_b = self.records["b"]["oms.return.request"]
        data = self._jsonrpc(
            "oms.return.request", "write", [request_b.ids, {"return_reference": "x"}]
        )
        self.assertIn("AccessError", json.dumps(data["error"]))
        # its own channel's order stays writable
        order_a = self.records["a"]["sale.order"]
        data = self._jsonrpc("sale.order", "write", [order_a.ids, {"client_order_ref": "MINE"}])
        self.assertTrue(data.get("result"), data)

    def test_json2_with_api_key_reads_only_its_channel(self):
        for model in ("sale.order", "stock.picking", "account.move", "rma"):
            with self.subTest(model=model):
                response = self.url_open(
                    f"/json/2/{model}/search",
                    data=json.dumps({"domain": []}),
                    headers={
                        "Content-Type": "application/json",
                        "Authorization": f"bearer {self.key}",
                    },
                )
                self.assertEqual(response.status_code, 200, response.text)
                self._assert_scoped(model, response.json(), "/json/2")

    def test_restricted_internal_user_sees_only_its_channel(self):
        for model in SCOPED_MODELS:
            with self.subTest(model=model):
                found = self.env[model].with_user(self.restricted).search([])
                self._assert_scoped(model, found.ids, "ORM")
                with self.assertRaises(AccessError):
                    self.records["b"][model].with_user(self.restricted).read(["id"])

    def test_restricted_user_cannot_print_other_channel(self):
        report = self.env["ir.actions.report"].with_user(self.restricted)
        order_b = self.records["b"]["sale.order"]
        with self.assertRaises(AccessError):
            report._render_qweb_html("sale.action_report_saleorder", order_b.ids)
        invoice_b = self.records["b"]["account.move"]
        with self.assertRaises(AccessError):
            report._render_qweb_html("account.account_invoices", invoice_b.ids)
        html, __ = report._render_qweb_html(
            "sale.action_report_saleorder", self.records["a"]["sale.order"].ids
        )
        self.assertIn(self.records["a"]["sale.order"].name, html.decode())

    def test_unrestricted_user_sees_every_channel(self):
        for model in SCOPED_MODELS:
            with self.subTest(model=model):
                found = set(self.env[model].with_user(self.unrestricted).search([]).ids)
                every = set(self.records["a"][model].ids) | set(self.records["b"][model].ids)
                self.assertTrue(every <= found, model)

    def test_api_binding_change_applies_at_once(self):
        """Binding the key's user to channel B too widens its scope (no stale rule cache)."""
        order_b = self.records["b"]["sale.order"]
        self.assertFalse(
            self.env["sale.order"].with_user(self.api_user).search_count([("id", "=", order_b.id)])
        )
        self.channel_b.api_user_ids = [Command.link(self.api_user.id)]
        self.assertEqual(
            self.env["sale.order"].with_user(self.api_user).search_count([("id", "=", order_b.id)]),
            1,
        )
