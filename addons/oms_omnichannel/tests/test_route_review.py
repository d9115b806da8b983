# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Every HTTP route of the OMS add-ons matches its reviewed row in docs/SECURITY.md,
and the guards the review relies on hold over real HTTP."""

import importlib
import json
from pathlib import Path

from odoo import Command, http
from odoo.tests import HttpCase, TransactionCase, new_test_user, tagged

from .route_review_common import rw_retries

SECURITY_MD = Path(__file__).resolve().parents[3] / "docs" / "SECURITY.md"
BEGIN, END = "<!-- route-review:begin -->", "<!-- route-review:end -->"
OUR_MODULES = ("oms_omnichannel", "oms_returns", "oms_marketplace_sync")
CHECKED = ("type", "methods", "auth", "csrf", "readonly")
API = "/oms/api/v1"


def _yes_no(value):
    return "yes" if value else "no"


def read_review_table(text):
    """{(module, route): {column: cell}} of the reviewed table of SECURITY.md."""
    if BEGIN not in text or END not in text:
        raise AssertionError(f"{SECURITY_MD}: the markers {BEGIN} / {END} are missing")
    rows = [
        [cell.strip().strip("`") for cell in line.strip().strip("|").split("|")]
        for line in text.split(BEGIN, 1)[1].split(END, 1)[0].splitlines()
        if line.strip().startswith("|")
    ]
    header, rows = rows[0], [row for row in rows[2:] if row]
    table = {}
    for row in rows:
        if len(row) != len(header):
            raise AssertionError(f"{SECURITY_MD}: row with {len(row)} cells: {row}")
        entry = dict(zip(header, row, strict=True))
        key = (entry["module"], entry["route"])
        if key in table:
            raise AssertionError(f"{SECURITY_MD}: route listed twice: {key}")
        table[key] = entry
    return table


def declared_routes(env):
    """{(module, route): {column: value}} of the routes our controller classes
    define, as Odoo merges them for the modules installed in this database."""
    modules = sorted(env.registry._init_modules)
    routes = {}
    for url, endpoint in http._generate_routing_rules(modules, nodb_only=False):
        owners = [
            cls.__module__.split(".")[2]
            for cls in type(endpoint.func.__self__).mro()
            if endpoint.__name__ in cls.__dict__ and cls.__module__.startswith("odoo.addons.")
        ]
        ours = [module for module in owners if module in OUR_MODULES]
        if not ours:
            continue
        routing = endpoint.routing
        # API routes take every method and serve theirs (controllers.main.served_methods,
        # HEAD with GET), answering 405 to the others: the review lists what is served
        served = [m for m in getattr(endpoint.func, "oms_methods", None) or [] if m != "HEAD"]
        routes[(ours[0], url)] = {
            "type": routing["type"],
            "methods": ", ".join(served or routing["methods"] or ["any"]),
            "auth": routing["auth"],
            "csrf": _yes_no(routing.get("csrf", True)),
            "readonly": _yes_no(routing["readonly"]),
        }
    return routes


def review_differences(declared, reviewed):
    """(routes without a row, rows without a route, changed attributes)."""
    unreviewed = sorted(set(declared) - set(reviewed))
    gone = sorted(set(reviewed) - set(declared))
    changed = [
        f"{module} {route}: {column} is {declared[module, route][column]!r}, "
        f"reviewed as {reviewed[module, route][column]!r}"
        for module, route in sorted(set(declared) & set(reviewed))
        for column in CHECKED
        if declared[module, route][column] != reviewed[module, route][column]
    ]
    return unreviewed, gone, changed


@tagged("post_install", "-at_install")
class TestRouteReview(TransactionCase):
    def test_every_route_is_reviewed(self):
        self.assertTrue(SECURITY_MD.is_file(), f"{SECURITY_MD} is missing")
        table = read_review_table(SECURITY_MD.read_text(encoding="utf-8"))
        installed = set(self.env.registry._init_modules)
        reviewed = {key: row for key, row in table.items() if key[0] in installed}
        declared = declared_routes(self.env)
        self.assertIn(("oms_omnichannel", f"{API}/orders"), declared)
        unreviewed, gone, changed = review_differences(declared, reviewed)
        self.assertFalse(
            unreviewed,
            f"Routes without a reviewed row in docs/SECURITY.md: {unreviewed}. Review them "
            "(who calls, authentication, csrf, what they write) and add their rows.",
        )
        self.assertFalse(gone, f"docs/SECURITY.md lists routes that do not exist: {gone}")
        self.assertFalse(changed, "Routes changed since their review:\n" + "\n".join(changed))

    def test_readonly_rpc_methods_are_reviewed(self):
        """Methods of our add-ons marked ``@api.readonly`` (served from the replica
        through ``/web/dataset/call_kw``) are the ones the review lists."""
        text = SECURITY_MD.read_text(encoding="utf-8")
        block = text.split("<!-- rpc-review:begin -->", 1)[1].split("<!-- rpc-review:end -->")[0]
        reviewed = {
            line.strip().strip("|").split("|")[0].strip().strip("`")
            for line in block.splitlines()[3:]
            if line.strip().startswith("|")
        }
        installed = set(self.env.registry._init_modules)
        declared = set()
        for model_name in self.env.registry:
            for cls in type(self.env[model_name]).mro():
                module = cls.__module__.split(".")
                if module[:2] != ["odoo", "addons"] or module[2] not in OUR_MODULES:
                    continue
                declared.update(
                    f"{model_name}.{name}"
                    for name, member in vars(cls).items()
                    if callable(member) and getattr(member, "_readonly", False)
                )
        self.assertIn("oms.dashboard.get_dashboard_data", declared)
        if {"oms_returns", "oms_marketplace_sync"} <= installed:
            self.assertEqual(declared, reviewed)
        else:
            self.assertLessEqual(declared, reviewed)

    def test_a_changed_or_new_route_is_caught(self):
        """The comparison itself, on the real routing and a tampered copy of the table."""
        declared = declared_routes(self.env)
        reviewed = read_review_table(SECURITY_MD.read_text(encoding="utf-8"))
        key = ("oms_omnichannel", f"{API}/orders")
        reviewed[key] = dict(reviewed[key], csrf="yes")
        del reviewed["oms_omnichannel", f"{API}/atp"]
        unreviewed, _gone, changed = review_differences(declared, reviewed)
        self.assertEqual(unreviewed, [("oms_omnichannel", f"{API}/atp")])
        self.assertEqual(
            changed, [f"oms_omnichannel {API}/orders: csrf is 'no', reviewed as 'yes'"]
        )

    def test_public_posts_name_an_existing_refusal_test(self):
        table = read_review_table(SECURITY_MD.read_text(encoding="utf-8"))
        installed = set(self.env.registry._init_modules)
        for (module, route), row in table.items():
            if module not in installed or row["auth"] not in ("none", "public"):
                continue
            if "POST" not in row["methods"].split(", "):
                continue
            with self.subTest(route=route):
                reference = row["refused without credentials"]
                path, _sep, rest = reference.partition("::")
                class_name, _sep, method = rest.partition("::")
                self.assertTrue(path.endswith(".py") and class_name and method, reference)
                dotted = "odoo.addons." + path.removesuffix(".py").replace("/", ".")
                test_class = getattr(importlib.import_module(dotted), class_name, None)
                self.assertTrue(
                    callable(getattr(test_class, method, None)), f"{reference} does not exist"
                )


@tagged("post_install", "-at_install")
class TestRouteGuards(HttpCase):
    """Calls without credentials are refused and write nothing; read-only routes
    (served from the replica in production) do not write."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.warehouse = env["stock.warehouse"].search(
            [("company_id", "=", env.company.id)], limit=1
        )
        cls.product = env["product.product"].create(
            {"name": "Rotan Chair", "default_code": "GUARD-1", "is_storable": True}
        )
        env["stock.quant"]._update_available_quantity(cls.product, cls.warehouse.lot_stock_id, 7)
        cls.api_user = new_test_user(
            env, login="guard_api", groups="oms_omnichannel.group_oms_user"
        )
        cls.key = (
            env["res.users.apikeys"].with_user(cls.api_user).sudo()._generate(None, "guard", None)
        )
        cls.channel = env["oms.channel"].create(
            {
                "name": "Guarded",
                "code": "GUARD",
                "channel_type": "web",
                "warehouse_id": cls.warehouse.id,
                "api_user_ids": [Command.set(cls.api_user.ids)],
            }
        )
        cls.customer = env["res.partner"].create(
            {"name": "Dewi Lestari", "street": "Jl. Braga 5", "city": "Bandung"}
        )
        cls.order = env["sale.order"].create(
            {
                "partner_id": cls.customer.id,
                "channel_id": cls.channel.id,
                "external_ref": "GUARD-1001",
                "order_line": [Command.create({"product_id": cls.product.id})],
            }
        )

    def _snapshot(self):
        self.env.invalidate_all()
        return (
            self.env["sale.order"].search_count([]),
            self.env["res.partner"].with_context(active_test=False).search_count([]),
            self.order.state,
            self.order.partner_shipping_id.id,
            self.customer.street,
        )

    def test_api_posts_without_key_write_nothing(self):
        order_path = f"{API}/orders/GUARD/GUARD-1001"
        address = {
            "name": "Someone Else",
            "street": "Jl. Lain 1",
            "city": "Jakarta",
            "zip": "10110",
            "country": "ID",
        }
        bodies = {
            f"{API}/orders/batch": {"orders": [{"channel": "GUARD", "external_ref": "X"}]},
            f"{order_path}/cancel": {"reason": "not yours"},
            f"{order_path}/address": {"shipping_address": address},
            f"{order_path}/reorder": {"external_ref": "GUARD-REORDER"},
        }
        before = self._snapshot()
        for path, body in bodies.items():
            for headers in ({}, {"Authorization": "Bearer not-a-key"}, {"Authorization": "Basic"}):
                with self.subTest(path=path, headers=headers):
                    response = self.url_open(
                        path,
                        data=json.dumps(body),
                        headers=dict(headers, **{"Content-Type": "application/json"}),
                        timeout=60,
                    )
                    self.assertEqual(response.status_code, 401, response.text)
                    self.assertEqual(response.json()["error"]["code"], "unauthorized")
                    self.assertNotIn("Set-Cookie", response.headers)
        self.assertEqual(self._snapshot(), before)
        self.assertEqual(self.order.state, "draft")
        # the same call with the key does reach the order (the 401s were the key's doing)
        response = self.url_open(
            f"{order_path}/cancel",
            data="{}",
            headers={"Authorization": f"Bearer {self.key}", "Content-Type": "application/json"},
            timeout=60,
        )
        self.assertEqual(response.status_code, 200, response.text)
        self.env.invalidate_all()
        self.assertEqual(self.order.state, "cancel")

    def test_readonly_routes_do_not_write(self):
        headers = {"Authorization": f"Bearer {self.key}"}
        calls = {
            f"{API}/orders/GUARD/GUARD-1001": None,
            f"{API}/atp?channel=GUARD&skus=GUARD-1,NOPE": None,
            f"{API}/openapi.json": None,
        }
        with rw_retries() as retries:
            for path in calls:
                response = self.url_open(path, headers=headers, timeout=60)
                self.assertEqual(response.status_code, 200, response.text)
                calls[path] = response.json()
            # the dashboard's one server call, as an OMS user's web client makes it
            self.authenticate("guard_api", "guard_api")
            data = self.make_jsonrpc_request(
                "/web/dataset/call_kw/oms.dashboard/get_dashboard_data",
                {
                    "model": "oms.dashboard",
                    "method": "get_dashboard_data",
                    "args": [],
                    "kwargs": {},
                },
                timeout=60,
            )
        self.assertFalse(retries, f"read-only routes wrote: {retries}")
        self.assertEqual(calls[f"{API}/orders/GUARD/GUARD-1001"]["id"], self.order.id)
        (item,) = calls[f"{API}/atp?channel=GUARD&skus=GUARD-1,NOPE"]["items"]
        self.assertEqual((item["sku"], item["atp"]), ("GUARD-1", 7))
        self.assertIn("paths", calls[f"{API}/openapi.json"])
        self.assertIn("kpis", data)
