# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Hostile input on the capture API: every refusal is a JSON 4xx and writes nothing.

Numbers that are not finite or beyond what a currency or unit can hold, quantities
that round to nothing, dates out of any sane range, bodies nested too deep or too
large, methods a route does not serve, and the idempotency key with stray blanks.
"""

import json

from odoo.tests import HttpCase, new_test_user, tagged

API = "/oms/api/v1"
MARK = "__VALUE__"

NUMBER_FIELDS = [
    (("lines", 0, "quantity"), "lines[0].quantity"),
    (("lines", 0, "unit_price"), "lines[0].unit_price"),
    (("lines", 0, "discount"), "lines[0].discount"),
    (("shipping", "fee"), "shipping.fee"),
    (("payment", "amount"), "payment.amount"),
    (("shipping_address", "latitude"), "shipping_address.latitude"),
]
NOT_JSON_NUMBERS = ["NaN", "Infinity", "-Infinity"]
TOO_BIG = ["1e308", "-1e308", "1e400", "-1e400", "1" + "0" * 400, "1" + "0" * 350]


def _set(data, path, value):
    node = data
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = value


def raw_with(data, path, token):
    """The JSON text of ``data`` with the value at ``path`` written as ``token``."""
    data = json.loads(json.dumps(data))
    _set(data, path, MARK)
    return json.dumps(data).replace(json.dumps(MARK), token)


@tagged("post_install", "-at_install")
class TestCaptureEdges(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        idr = env.ref("base.IDR")
        idr.active = True
        pricelist = env["product.pricelist"].create({"name": "Edge IDR", "currency_id": idr.id})
        warehouse = env["stock.warehouse"].search([("company_id", "=", env.company.id)], limit=1)
        env["product.product"].create(
            [
                {"name": "Edge Shirt", "default_code": "EDGE-SHIRT", "type": "consu"},
                {"name": "Edge Coffee", "default_code": "EDGE-KOPI", "type": "consu"},
            ]
        )
        env["delivery.carrier"].create(
            {
                "name": "Edge JNE",
                "oms_code": "edgejne",
                "delivery_type": "fixed",
                "product_id": env["product.product"]
                .create({"name": "Edge shipping", "type": "service"})
                .id,
            }
        )
        workflow = env["sale.workflow.process"].create({"name": "Edge", "validate_order": True})
        cls.api_user = new_test_user(
            env, login="edge_api", groups="oms_omnichannel.group_oms_user,stock.group_stock_user"
        )
        cls.key = (
            env["res.users.apikeys"].with_user(cls.api_user).sudo()._generate(None, "edge", None)
        )
        cls.channel = env["oms.channel"].create(
            {
                "name": "Edge web",
                "code": "IDEM",
                "channel_type": "web",
                "warehouse_id": warehouse.id,
                "pricelist_id": pricelist.id,
                "workflow_process_id": workflow.id,
                "cod_workflow_process_id": workflow.id,
                "api_user_ids": [(6, 0, cls.api_user.ids)],
            }
        )
        cls.counter = 0

    def payload(self, **overrides):
        type(self).counter += 1
        data = {
            "channel": "IDEM",
            "external_ref": f"EDGE-{self.counter}",
            "order_date": "2026-03-01T10:15:00+07:00",
            "customer": {"name": "Sari Edge", "email": "sari.edge@example.com"},
            "shipping_address": {
                "name": "Sari Edge",
                "street": "Jl. Thamrin 2",
                "city": "Jakarta Pusat",
                "country": "ID",
                "latitude": -6.19,
                "longitude": 106.82,
            },
            "lines": [
                {"sku": "EDGE-SHIRT", "quantity": 2, "unit_price": 150000, "discount": 10},
                {"sku": "EDGE-KOPI", "quantity": 1, "unit_price": 95000},
            ],
            "shipping": {"fee": 18000, "carrier": "edgejne"},
            "payment": {"method": "cod", "status": "unpaid", "amount": 383000},
            "currency": "IDR",
        }
        data.update(overrides)
        return data

    def send(self, path, body, method="POST", headers=None):
        headers = dict(
            {"Content-Type": "application/json", "Authorization": f"Bearer {self.key}"},
            **(headers or {}),
        )
        if isinstance(body, dict | list):
            body = json.dumps(body)
        return self.opener.request(
            method,
            f"{self.base_url()}{API}{path}",
            data=body,
            headers=headers,
            timeout=60,
        )

    def counts(self):
        return (
            self.env["sale.order"].search_count([]),
            self.env["sale.order.line"].search_count([]),
            self.env["res.partner"].with_context(active_test=False).search_count([]),
        )

    def order(self, ref):
        return self.env["sale.order"].search(
            [("channel_id", "=", self.channel.id), ("external_ref", "=", ref)]
        )

    def assertJsonError(self, response, status, code=None):
        self.assertEqual(response.status_code, status, response.text[:500])
        self.assertEqual(response.headers["Content-Type"].split(";")[0], "application/json")
        error = response.json().get("error") or response.json().get("errors")
        self.assertTrue(error, response.text[:500])
        if code:
            self.assertEqual(error["code"], code, response.text[:500])
        return error

    # ------------------------------------------------------------------
    # numbers
    # ------------------------------------------------------------------

    def test_numbers_that_are_not_finite_are_refused(self):
        before = self.counts()
        for path, field in NUMBER_FIELDS:
            for token in NOT_JSON_NUMBERS:
                with self.subTest(field=field, value=token):
                    payload = self.payload()
                    response = self.send("/orders", raw_with(payload, path, token))
                    self.assertJsonError(response, 422, "validation_error")
                    self.assertFalse(self.order(payload["external_ref"]))
        self.assertEqual(self.counts(), before)

    def test_numbers_beyond_any_amount_are_refused_on_their_field(self):
        before = self.counts()
        for path, field in NUMBER_FIELDS:
            for token in TOO_BIG:
                with self.subTest(field=field, value=token[:8]):
                    payload = self.payload()
                    response = self.send("/orders", raw_with(payload, path, token))
                    error = self.assertJsonError(response, 422, "validation_error")
                    self.assertIn(field, [f["field"] for f in error["fields"]])
        self.assertEqual(self.counts(), before)

    def test_quantity_rounding_to_nothing_is_refused(self):
        before = self.counts()
        for quantity in (1e-9, 0.004, 5e-324):
            with self.subTest(quantity=quantity):
                payload = self.payload()
                payload["lines"][0]["quantity"] = quantity
                error = self.assertJsonError(self.send("/orders", payload), 422, "validation_error")
                self.assertEqual([f["field"] for f in error["fields"]], ["lines[0].quantity"])
        self.assertEqual(self.counts(), before)
        # a quantity at the unit's precision is fine
        payload = self.payload()
        payload["lines"][0]["quantity"] = 0.01
        payload["payment"].pop("amount")
        response = self.send("/orders", payload)
        self.assertEqual(response.status_code, 201, response.text)
        line = self.order(payload["external_ref"]).order_line.filtered(
            lambda line: line.product_id.default_code == "EDGE-SHIRT"
        )
        self.assertEqual(line.product_uom_qty, 0.01)

    def test_dates_out_of_range_are_refused(self):
        before = self.counts()
        for value in (
            "0001-01-01T00:00:00+01:00",
            "9999-12-31T23:59:59-01:00",
            "0001-01-01T00:00:00",
            "9999-12-31T23:59:59",
            "1899-12-31T23:59:59Z",
            "2201-01-01T00:00:00+07:00",
        ):
            with self.subTest(value=value):
                payload = self.payload(order_date=value)
                error = self.assertJsonError(self.send("/orders", payload), 422, "validation_error")
                self.assertIn("order_date", [f["field"] for f in error["fields"]])
        self.assertEqual(self.counts(), before)
        payload = self.payload(order_date="2026-12-31T23:59:59-01:00")
        self.assertEqual(self.send("/orders", payload).status_code, 201)

    # ------------------------------------------------------------------
    # body
    # ------------------------------------------------------------------

    def test_deep_nesting_and_large_bodies_are_refused(self):
        before = self.counts()
        for path in ("/orders", "/orders/batch", "/orders/IDEM/X/address", "/orders/IDEM/X/cancel"):
            with self.subTest(path=path, body="200,000 ["):
                response = self.send(path, "[" * 200000)
                self.assertJsonError(response, 400, "invalid_json")
            with self.subTest(path=path, body="nested in a field"):
                payload = self.payload()
                raw = raw_with(payload, ("notes",), "[" * 100 + "]" * 100)
                response = self.send(path, raw)
                self.assertJsonError(response, 400, "invalid_json")
        # a body sent without Content-Length (chunked) is cut at the limit too
        payload = self.payload()

        def chunks():
            yield json.dumps(payload)[:-1].encode() + b', "notes": "'
            for _i in range(1200):
                yield b"x" * 1024
            yield b'"}'

        response = self.send("/orders", chunks())
        self.assertJsonError(response, 413, "payload_too_large")
        self.assertEqual(self.counts(), before)

    # ------------------------------------------------------------------
    # methods
    # ------------------------------------------------------------------

    def test_methods_a_route_does_not_serve_are_405_and_run_nothing(self):
        existing = self.payload()
        self.assertEqual(self.send("/orders", existing).status_code, 201)
        order = self.order(existing["external_ref"])
        before = self.counts()
        fresh = self.payload()
        for method in ("OPTIONS", "PUT", "PATCH", "DELETE", "GET"):
            with self.subTest(method=method):
                response = self.send("/orders", fresh, method=method)
                self.assertJsonError(response, 405)
                self.assertIn("POST", response.headers["Allow"])
                response = self.send(f"/orders/IDEM/{existing['external_ref']}/cancel", {}, method)
                self.assertJsonError(response, 405)
                response = self.send("/orders/batch", {"orders": [fresh]}, method=method)
                self.assertJsonError(response, 405)
        for method in ("OPTIONS", "POST", "DELETE"):
            with self.subTest(method=method, route="status"):
                response = self.send(f"/orders/IDEM/{existing['external_ref']}", None, method)
                self.assertJsonError(response, 405)
        self.assertEqual(self.counts(), before)
        self.assertFalse(self.order(fresh["external_ref"]))
        self.assertNotEqual(order.state, "cancel")
        # HEAD of a GET route is served (no body), unknown paths are JSON 404s
        response = self.send(f"/orders/IDEM/{existing['external_ref']}", None, "HEAD")
        self.assertEqual(response.status_code, 200)
        self.assertJsonError(self.send("/no/such/route", {}), 404, "not_found")

    # ------------------------------------------------------------------
    # batch
    # ------------------------------------------------------------------

    def test_batch_reports_a_bad_item_in_its_slot_and_stores_the_others(self):
        good, huge, tiny, old, late = (self.payload() for _i in range(5))
        huge["lines"][0]["unit_price"] = MARK
        tiny["lines"][0]["quantity"] = 1e-9
        old["order_date"] = "0001-01-01T00:00:00+01:00"
        late["payment"]["amount"] = 12.5
        orders = [good, huge, tiny, old, late]
        raw = json.dumps({"orders": orders}).replace(json.dumps(MARK), "1e400")
        before = self.counts()
        response = self.send("/orders/batch", raw)
        self.assertEqual(response.status_code, 200, response.text)
        results = response.json()["results"]
        self.assertEqual([r["status"] for r in results], [201, 422, 422, 422, 201])
        self.assertEqual(results[1]["error"]["fields"][0]["field"], "lines[0].unit_price")
        self.assertEqual(results[2]["error"]["fields"][0]["field"], "lines[0].quantity")
        self.assertEqual(results[3]["error"]["fields"][0]["field"], "order_date")
        self.assertTrue(self.order(good["external_ref"]))
        self.assertTrue(self.order(late["external_ref"]))
        for bad in (huge, tiny, old):
            self.assertFalse(self.order(bad["external_ref"]))
        self.assertEqual(self.counts()[0], before[0] + 2)

    # ------------------------------------------------------------------
    # idempotency key
    # ------------------------------------------------------------------

    def test_blanks_around_the_idempotency_key_are_the_same_order(self):
        payload = self.payload()
        response = self.send("/orders", payload)
        self.assertEqual(response.status_code, 201, response.text)
        order_id = response.json()["id"]
        for variant in (
            dict(payload, external_ref=payload["external_ref"] + " "),
            dict(payload, external_ref=" " + payload["external_ref"]),
            dict(payload, channel=" IDEM "),
            dict(payload, channel="idem"),
        ):
            with self.subTest(channel=variant["channel"], ref=variant["external_ref"]):
                response = self.send("/orders", variant)
                self.assertEqual(response.status_code, 200, response.text)
                self.assertEqual(response.json()["id"], order_id)
        self.assertEqual(len(self.order(payload["external_ref"])), 1)
        # a new order sent with blanks is stored without them, and found with them
        payload = self.payload()
        payload["external_ref"] += "  "
        self.assertEqual(self.send("/orders", payload).status_code, 201)
        self.assertTrue(self.order(payload["external_ref"].strip()))
        response = self.opener.get(
            f"{self.base_url()}{API}/orders/IDEM/{payload['external_ref'].strip()}",
            headers={"Authorization": f"Bearer {self.key}"},
            timeout=60,
        )
        self.assertEqual(response.status_code, 200, response.text)
        # other content under the same key is still a conflict
        response = self.send("/orders", dict(payload, notes="changed"))
        self.assertJsonError(response, 409, "conflict")
        # a reference of blanks only is no reference
        error = self.assertJsonError(
            self.send("/orders", self.payload(external_ref="   ")), 422, "validation_error"
        )
        self.assertIn("external_ref", [f["field"] for f in error["fields"]])
