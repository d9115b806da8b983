# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import copy
import json
import re
import threading
from unittest.mock import patch

import requests
from jsonschema import Draft202012Validator

from odoo.tests import HttpCase, new_test_user, tagged

from ..controllers.main import OmsCaptureController
from ..models.oms_capture import CaptureError

API = "/oms/api/v1"
CHANNEL_TYPES = ["web", "marketplace", "pos", "telesales", "b2b", "mobile", "social"]


@tagged("post_install", "-at_install")
class TestCaptureApi(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.idr = env.ref("base.IDR")
        cls.idr.active = True
        cls.indonesia = env.ref("base.id")
        cls.jakarta = env.ref("base.state_id_jk")
        cls.pricelist = env["product.pricelist"].create(
            {"name": "IDR prices", "currency_id": cls.idr.id}
        )
        cls.warehouse = env["stock.warehouse"].search(
            [("company_id", "=", env.company.id)], limit=1
        )
        cls.team = env["crm.team"].create({"name": "Online"})
        cls.products = env["product.product"].create(
            [
                {
                    "name": "Batik Shirt",
                    "default_code": "BATIK-M",
                    "type": "consu",
                    "list_price": 1.0,
                },
                {"name": "Kopi Luwak 250g", "default_code": "KOPI-250", "type": "consu"},
                {"name": "Sambal Jar", "default_code": "SAMBAL", "type": "consu"},
            ]
        )
        cls.carriers = env["delivery.carrier"].create(
            [
                {
                    "name": name,
                    "oms_code": code,
                    "delivery_type": "fixed",
                    "product_id": env["product.product"]
                    .create({"name": f"Shipping {name}", "type": "service"})
                    .id,
                }
                for code, name in (("jne", "JNE"), ("sicepat", "SiCepat"))
            ]
        )
        workflow = env["sale.workflow.process"]
        cls.wf_prepaid = workflow.create({"name": "Prepaid", "validate_order": True})
        cls.wf_cod = workflow.create({"name": "COD", "validate_order": True})
        cls.express = env.ref("oms_omnichannel.service_level_express")
        cls.regular = env.ref("oms_omnichannel.service_level_regular")
        cls.api_user = new_test_user(
            env,
            login="capture_api",
            groups="oms_omnichannel.group_oms_user,stock.group_stock_user",
        )
        cls.other_user = new_test_user(
            env, login="capture_other", groups="oms_omnichannel.group_oms_user"
        )
        apikeys = env["res.users.apikeys"]
        cls.key = apikeys.with_user(cls.api_user).sudo()._generate(None, "capture test", None)
        cls.other_key = apikeys.with_user(cls.other_user).sudo()._generate(None, "other", None)
        cls.channels = env["oms.channel"].create(
            [
                {
                    "name": channel_type.title(),
                    "code": channel_type,
                    "channel_type": channel_type,
                    "team_id": cls.team.id,
                    "warehouse_id": cls.warehouse.id,
                    "pricelist_id": cls.pricelist.id,
                    "default_service_level_id": cls.regular.id,
                    "workflow_process_id": cls.wf_prepaid.id,
                    "cod_workflow_process_id": cls.wf_cod.id,
                    "api_user_ids": [(6, 0, cls.api_user.ids)],
                }
                for channel_type in CHANNEL_TYPES
            ]
        )
        cls.web = cls.channels[0]
        cls.counter = 0

    # ------------------------------------------------------------------
    # helpers
    # ------------------------------------------------------------------

    def payload(self, **overrides):
        type(self).counter += 1
        data = {
            "channel": "web",
            "external_ref": f"INV-{self.counter}",
            "order_date": "2026-03-01T10:15:00+07:00",
            "customer": {
                "name": "Budi Santoso",
                "email": "budi@example.com",
                "phone": "0812-3456-789",
            },
            "shipping_address": {
                "name": "Budi Santoso",
                "street": "Jl. Sudirman 1",
                "street2": None,
                "city": "Jakarta Pusat",
                "state": "DKI Jakarta",
                "zip": "10220",
                "country": "ID",
                "phone": "0812-3456-789",
                "latitude": -6.2088,
                "longitude": 106.8456,
            },
            "lines": [
                {"sku": "BATIK-M", "quantity": 2, "unit_price": 150000, "discount": 10},
                {"sku": "KOPI-250", "quantity": 1, "unit_price": 95000},
            ],
            "shipping": {"fee": 18000, "carrier": "jne", "service_level": "express"},
            "payment": {"method": "ewallet", "status": "paid", "amount": 383000},
            "currency": "IDR",
            "notes": "Please gift wrap",
        }
        data.update(overrides)
        return data

    def post(self, path, data=None, key=None, raw=None, headers=None):
        headers = dict(headers or {}, **{"Content-Type": "application/json"})
        key = self.key if key is None else key
        if key:
            headers["Authorization"] = f"Bearer {key}"
        body = raw if raw is not None else json.dumps(data)
        return self.url_open(f"{API}{path}", data=body, headers=headers, timeout=60)

    def get(self, path, key=None):
        key = self.key if key is None else key
        headers = {"Authorization": f"Bearer {key}"} if key else {}
        return self.url_open(f"{API}{path}", headers=headers, timeout=60)

    def counts(self):
        return (
            self.env["sale.order"].search_count([]),
            self.env["res.partner"].with_context(active_test=False).search_count([]),
            self.env["sale.order.line"].search_count([]),
        )

    def order(self, ref, channel=None):
        return self.env["sale.order"].search(
            [("channel_id", "=", (channel or self.web).id), ("external_ref", "=", ref)]
        )

    # ------------------------------------------------------------------
    # capture
    # ------------------------------------------------------------------

    def test_capture_every_channel_type(self):
        # the same basket for the same customer in every channel: neither duplicates
        # nor a velocity alert here (both rules are tested in test_validation)
        self.channels.write({"duplicate_window_minutes": 0, "velocity_limit": 0})
        for channel in self.channels:
            with self.subTest(channel=channel.channel_type):
                payload = self.payload(channel=channel.code.lower())
                if channel.channel_type == "pos":
                    # a store sale: no shipping, paid at the counter
                    del payload["shipping"], payload["shipping_address"]
                    payload["payment"] = {"method": "card", "status": "paid", "amount": 365000}
                if channel.channel_type == "b2b":
                    payload["payment"] = {"method": "bank_transfer", "status": "pending"}
                response = self.post("/orders", payload)
                self.assertEqual(response.status_code, 201, response.text)
                body = response.json()
                order = self.order(payload["external_ref"], channel)
                self.assertEqual(body["id"], order.id)
                self.assertEqual(body["name"], order.name)
                self.assertEqual(body["channel"], channel.code)
                self.assertTrue(body["created"])
                self.assertEqual(body["oms_status"], order.oms_status)
                self.assertEqual(order.client_order_ref, payload["external_ref"])
                self.assertEqual(order.team_id, self.team)
                self.assertEqual(order.warehouse_id, self.warehouse)
                self.assertEqual(order.pricelist_id, self.pricelist)
                self.assertEqual(order.currency_id, self.idr)
                self.assertEqual(order.partner_id.email, "budi@example.com")
                self.assertEqual(order.partner_id.phone, "+628123456789")
                lines = order.order_line.filtered(lambda line: not line.is_delivery)
                self.assertEqual(lines.product_id.mapped("default_code"), ["BATIK-M", "KOPI-250"])
                self.assertEqual(lines.mapped("product_uom_qty"), [2, 1])
                self.assertEqual(lines.mapped("price_unit"), [150000, 95000])
                self.assertEqual(lines.mapped("discount"), [10, 0])
                self.assertEqual(order.date_order.isoformat(), "2026-03-01T03:15:00")
                if channel.channel_type == "pos":
                    self.assertFalse(order.order_line.filtered("is_delivery"))
                    self.assertEqual(order.partner_shipping_id, order.partner_id)
                    self.assertEqual(order.service_level_id, self.regular)
                else:
                    delivery = order.order_line.filtered("is_delivery")
                    self.assertEqual(delivery.price_unit, 18000)
                    self.assertEqual(order.carrier_id.oms_code, "jne")
                    self.assertEqual(order.service_level_id, self.express)
                    shipping = order.partner_shipping_id
                    self.assertEqual(shipping.parent_id, order.partner_id)
                    self.assertEqual(shipping.type, "delivery")
                    self.assertEqual(shipping.state_id, self.jakarta)
                    self.assertEqual(shipping.country_id, self.indonesia)
                    self.assertAlmostEqual(shipping.partner_latitude, -6.2088)
                    self.assertAlmostEqual(shipping.partner_longitude, 106.8456)
                if channel.channel_type == "b2b":
                    self.assertEqual(order.workflow_process_id, self.wf_cod)
                    self.assertEqual(order.payment_status, "pending")
                else:
                    self.assertEqual(order.workflow_process_id, self.wf_prepaid)
                # the workflow validates orders: confirmed, delivery created
                self.assertEqual(order.state, "sale", order.exception_ids.mapped("name"))
                self.assertTrue(order.picking_ids)
                self.assertTrue(
                    any(
                        "Please gift wrap" in (body or "")
                        for body in order.message_ids.mapped("body")
                    )
                )

    def test_cod_order_uses_cod_workflow(self):
        self.web.cod_workflow_process_id = self.env["sale.workflow.process"].create(
            {"name": "COD, confirm by hand", "validate_order": False}
        )
        payload = self.payload(payment={"method": "cod", "status": "paid", "amount": 383000})
        response = self.post("/orders", payload)
        self.assertEqual(response.status_code, 201, response.text)
        order = self.order(payload["external_ref"])
        self.assertEqual(order.workflow_process_id, self.web.cod_workflow_process_id)
        self.assertEqual(order.payment_method, "cod")
        self.assertEqual(order.state, "draft")
        self.assertEqual(response.json()["oms_status"], "received")

    # ------------------------------------------------------------------
    # idempotency
    # ------------------------------------------------------------------

    def test_identical_replay_returns_the_same_order(self):
        payload = self.payload()
        first = self.post("/orders", payload)
        self.assertEqual(first.status_code, 201, first.text)
        order = self.order(payload["external_ref"])
        before = self.counts()
        messages = len(order.message_ids)
        # same content, other key order and float form
        replay = dict(reversed(list(payload.items())))
        replay["lines"] = [
            dict(line, quantity=float(line["quantity"])) for line in payload["lines"]
        ]
        second = self.post("/orders", replay)
        self.assertEqual(second.status_code, 200, second.text)
        self.assertEqual(second.json()["id"], first.json()["id"])
        self.assertFalse(second.json()["created"])
        self.assertEqual(self.counts(), before)
        order.invalidate_recordset()
        self.assertEqual(len(order.message_ids), messages)

    def test_concurrent_identical_posts_make_one_order(self):
        payload = self.payload()
        barrier = threading.Barrier(4)
        responses = []
        url = f"{self.base_url()}{API}/orders"
        headers = {"Authorization": f"Bearer {self.key}"}

        def post():
            barrier.wait()
            responses.append(requests.post(url, json=payload, headers=headers, timeout=90))

        # url_open serialises requests: open the server to the four threads at once
        self.cr.flush()
        self.cr.clear()
        with self.allow_requests(all_requests=True):
            threads = [threading.Thread(target=post) for _ in range(4)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(90)
        self.assertEqual(sorted(r.status_code for r in responses), [200, 200, 200, 201])
        self.assertEqual(len({r.json()["id"] for r in responses}), 1)
        self.assertEqual(len(self.order(payload["external_ref"])), 1)

    def test_lost_race_on_unique_constraint_returns_existing_order(self):
        # the step after the lookup, as when another transaction inserted the same
        # reference between our lookup and our insert: the UNIQUE constraint decides
        payload = self.payload()
        capture = self.env["oms.capture"].with_user(self.api_user)
        order, created = capture.capture(payload)
        self.assertTrue(created)
        before = self.counts()
        refs = capture._resolve_references(self.web, payload)
        again, created = capture._create_or_replay(self.web, payload, refs)
        self.assertEqual((again, created), (order, False))
        self.assertEqual(self.counts(), before)
        changed = dict(payload, notes="other")
        with self.assertRaises(CaptureError) as error:
            capture._create_or_replay(self.web, changed, refs)
        self.assertEqual(error.exception.code, "conflict")
        self.assertEqual(self.counts(), before)

    def test_changed_content_is_a_conflict(self):
        payload = self.payload()
        self.assertEqual(self.post("/orders", payload).status_code, 201)
        order = self.order(payload["external_ref"])
        before = self.counts()
        changed = copy.deepcopy(payload)
        changed["lines"][1]["quantity"] = 3
        changed["payment"]["amount"] = 500000
        response = self.post("/orders", changed)
        self.assertEqual(response.status_code, 409, response.text)
        error = response.json()["error"]
        self.assertEqual(error["code"], "conflict")
        self.assertIn(order.name, error["message"])
        self.assertIn("lines[1]", error["message"])
        self.assertIn("payment", error["message"])
        self.assertEqual({f["field"] for f in error["fields"]}, {"lines[1]", "payment"})
        self.assertEqual(self.counts(), before)
        self.assertEqual(order.order_line[1].product_uom_qty, 1)

    # ------------------------------------------------------------------
    # bad input
    # ------------------------------------------------------------------

    def test_bad_input_is_refused_and_nothing_written(self):
        def without(path):
            def mutate(data):
                *parents, last = path
                node = data
                for part in parents:
                    node = node[part]
                del node[last]

            return mutate

        def setting(path, value):
            def mutate(data):
                *parents, last = path
                node = data
                for part in parents:
                    node = node[part]
                node[last] = value

            return mutate

        cases = [
            ("missing customer name", without(["customer", "name"]), "customer.name"),
            ("missing lines", without(["lines"]), "lines"),
            ("empty lines", setting(["lines"], []), "lines"),
            ("quantity zero", setting(["lines", 0, "quantity"], 0), "lines[0].quantity"),
            ("quantity text", setting(["lines", 0, "quantity"], "2"), "lines[0].quantity"),
            ("negative price", setting(["lines", 1, "unit_price"], -1), "lines[1].unit_price"),
            ("discount > 100", setting(["lines", 0, "discount"], 101), "lines[0].discount"),
            ("discount < 0", setting(["lines", 0, "discount"], -1), "lines[0].discount"),
            ("unknown field", setting(["lines", 0, "qty"], 1), "lines[0].qty"),
            ("bad payment method", setting(["payment", "method"], "cash"), "payment.method"),
            ("bad date", setting(["order_date"], "yesterday"), "order_date"),
            ("unknown channel", setting(["channel"], "nope"), "channel"),
            ("unknown sku", setting(["lines", 1, "sku"], "GHOST"), "lines[1].sku"),
            (
                "unknown country",
                setting(["shipping_address", "country"], "XX"),
                "shipping_address.country",
            ),
            (
                "unknown province",
                setting(["shipping_address", "state"], "Atlantis"),
                "shipping_address.state",
            ),
            ("unknown carrier", setting(["shipping", "carrier"], "dhl"), "shipping.carrier"),
            (
                "unknown service level",
                setting(["shipping", "service_level"], "warp"),
                "shipping.service_level",
            ),
            ("other currency", setting(["currency"], "USD"), "currency"),
        ]
        before = self.counts()
        for label, mutate, field in cases:
            with self.subTest(label):
                payload = self.payload()
                mutate(payload)
                response = self.post("/orders", payload)
                self.assertEqual(response.status_code, 422, response.text)
                error = response.json()["error"]
                self.assertEqual(error["code"], "validation_error")
                self.assertIn(field, [f["field"] for f in error["fields"]])
                self.assertEqual(self.counts(), before)
        # every unknown SKU of the payload is reported at once
        payload = self.payload()
        payload["lines"][0]["sku"] = "GHOST-1"
        payload["lines"][1]["sku"] = "GHOST-2"
        fields = [f["field"] for f in self.post("/orders", payload).json()["error"]["fields"]]
        self.assertEqual(fields, ["lines[0].sku", "lines[1].sku"])
        # malformed JSON
        response = self.post("/orders", raw='{"channel": "web", ')
        self.assertEqual(response.status_code, 400, response.text)
        self.assertEqual(response.json()["error"]["code"], "invalid_json")
        # not an object
        response = self.post("/orders", [1, 2])
        self.assertEqual(response.status_code, 422, response.text)
        # oversized body
        payload = self.payload(notes="x" * 3000)
        big = json.dumps(payload).replace(
            '"currency"', '"padding": "' + "y" * 1100000 + '", "currency"'
        )
        response = self.post("/orders", raw=big)
        self.assertEqual(response.status_code, 413, response.text)
        self.assertEqual(response.json()["error"]["code"], "payload_too_large")
        self.assertEqual(self.counts(), before)

    # ------------------------------------------------------------------
    # authentication
    # ------------------------------------------------------------------

    def test_authentication_and_channel_permission(self):
        payload = self.payload()
        before = self.counts()
        for key in (False, "not-a-key", self.key[:-2] + "00"):
            response = self.post("/orders", payload, key=key)
            self.assertEqual(response.status_code, 401, response.text)
            self.assertEqual(response.json()["error"]["code"], "unauthorized")
            self.assertEqual(response.headers["WWW-Authenticate"], "Bearer")
        response = self.post("/orders", payload, key=self.other_key)
        self.assertEqual(response.status_code, 403, response.text)
        self.assertEqual(response.json()["error"]["code"], "forbidden")
        self.assertEqual(self.counts(), before)
        # once allowed on the channel, the other user may post; the order is theirs
        self.web.api_user_ids = [(4, self.other_user.id)]
        response = self.post("/orders", payload, key=self.other_key)
        self.assertEqual(response.status_code, 201, response.text)
        self.assertEqual(self.order(payload["external_ref"]).create_uid, self.other_user)
        # status of an order is refused to users not on the channel
        self.web.api_user_ids = [(3, self.other_user.id)]
        response = self.get(f"/orders/web/{payload['external_ref']}", key=self.other_key)
        self.assertEqual(response.status_code, 403, response.text)

    # ------------------------------------------------------------------
    # batch
    # ------------------------------------------------------------------

    def test_batch_orders_succeed_or_fail_on_their_own(self):
        existing = self.payload()
        self.assertEqual(self.post("/orders", existing).status_code, 201)
        good = self.payload()
        bad = self.payload()
        bad["lines"][0]["sku"] = "GHOST"
        invalid = self.payload()
        invalid["lines"][0]["quantity"] = -1
        conflict = dict(existing, notes="changed")
        before = self.counts()
        response = self.post("/orders/batch", {"orders": [good, bad, existing, conflict, invalid]})
        self.assertEqual(response.status_code, 200, response.text)
        results = response.json()["results"]
        self.assertEqual([r["index"] for r in results], [0, 1, 2, 3, 4])
        self.assertEqual([r["status"] for r in results], [201, 422, 200, 409, 422])
        self.assertEqual(results[0]["id"], self.order(good["external_ref"]).id)
        self.assertEqual(results[1]["error"]["fields"][0]["field"], "lines[0].sku")
        self.assertEqual(results[2]["id"], self.order(existing["external_ref"]).id)
        self.assertEqual(results[4]["error"]["fields"][0]["field"], "lines[0].quantity")
        self.assertFalse(self.order(bad["external_ref"]))
        self.assertEqual(self.counts()[0], before[0] + 1)
        # too many orders
        response = self.post("/orders/batch", {"orders": [good] * 101})
        self.assertEqual(response.status_code, 413, response.text)
        response = self.post("/orders/batch", {"orders": "none"})
        self.assertEqual(response.status_code, 422, response.text)
        self.assertEqual(response.json()["error"]["fields"][0]["field"], "orders")

    # ------------------------------------------------------------------
    # after capture: status, cancel, address
    # ------------------------------------------------------------------

    def ship(self, order):
        picking = order.picking_ids.filtered("oms_is_customer_delivery")
        picking.carrier_tracking_ref = "JNE0001234"
        for move in picking.move_ids:
            move.quantity = move.product_uom_qty
        picking.move_ids.picked = True
        picking.button_validate()
        self.assertEqual(picking.state, "done")
        return picking

    def test_status_cancel_and_address(self):
        # two orders of the same basket in a row: not a duplicate for this test
        self.web.duplicate_window_minutes = 0
        payload = self.payload()
        self.assertEqual(self.post("/orders", payload).status_code, 201)
        order = self.order(payload["external_ref"])
        ref = payload["external_ref"]
        response = self.get(f"/orders/WEB/{ref}")
        self.assertEqual(response.status_code, 200, response.text)
        status = response.json()
        self.assertEqual(status["id"], order.id)
        self.assertEqual(status["state"], "sale")
        self.assertEqual(status["oms_status"], order.oms_status)
        self.assertEqual([line["sku"] for line in status["lines"]], ["BATIK-M", "KOPI-250"])
        self.assertEqual(status["lines"][0]["quantity"], 2)
        self.assertEqual(status["holds"], [])
        self.assertEqual(status["currency"], "IDR")
        self.assertEqual(self.get(f"/orders/WEB/{ref}-nope").status_code, 404)
        self.assertEqual(self.get(f"/orders/NOPE/{ref}").status_code, 404)

        # new address before shipping: order and delivery follow
        new_address = dict(payload["shipping_address"], street="Jl. Thamrin 9", state="JB")
        response = self.post(f"/orders/web/{ref}/address", {"shipping_address": new_address})
        self.assertEqual(response.status_code, 200, response.text)
        self.assertEqual(order.partner_shipping_id.street, "Jl. Thamrin 9")
        self.assertEqual(order.partner_shipping_id.state_id, self.env.ref("base.state_id_jb"))
        self.assertEqual(order.partner_shipping_id.parent_id, order.partner_id)
        delivery = order.picking_ids.filtered("oms_is_customer_delivery")
        self.assertEqual(delivery.partner_id, order.partner_shipping_id)
        bad = dict(new_address, country="XX")
        response = self.post(f"/orders/web/{ref}/address", {"shipping_address": bad})
        self.assertEqual(response.status_code, 422, response.text)
        self.assertEqual(response.json()["error"]["fields"][0]["field"], "shipping_address.country")

        # shipped: neither cancel nor new address
        self.ship(order)
        status = self.get(f"/orders/WEB/{ref}").json()
        self.assertEqual(status["tracking_refs"], ["JNE0001234"])
        self.assertEqual(status["lines"][0]["delivered"], 2)
        response = self.post(
            f"/orders/web/{ref}/address", {"shipping_address": payload["shipping_address"]}
        )
        self.assertEqual(response.status_code, 409, response.text)
        self.assertEqual(order.partner_shipping_id.street, "Jl. Thamrin 9")
        response = self.post(f"/orders/web/{ref}/cancel")
        self.assertEqual(response.status_code, 409, response.text)
        self.assertEqual(response.json()["error"]["code"], "conflict")
        self.assertEqual(order.state, "sale")

        # not shipped: cancelled, deliveries too; cancelling again is harmless
        other = self.payload()
        self.assertEqual(self.post("/orders", other).status_code, 201)
        other_order = self.order(other["external_ref"])
        bad = self.post(f"/orders/web/{other['external_ref']}/cancel", {"reason": 42})
        self.assertEqual(bad.status_code, 422, bad.text)
        self.assertEqual(other_order.state, "sale")
        response = self.post(
            f"/orders/web/{other['external_ref']}/cancel", {"reason": "Customer changed mind"}
        )
        self.assertEqual(response.status_code, 200, response.text)
        self.assertEqual(response.json()["oms_status"], "cancelled")
        self.assertEqual(other_order.state, "cancel")
        self.assertEqual(other_order.oms_cancel_reason, "Customer changed mind")
        report = self.env["oms.order.report"].search([("order_id", "=", other_order.id)])
        self.assertEqual(report.cancel_reason, "Customer changed mind")
        self.assertEqual(report.cancel_rate, 100)
        self.assertEqual(set(other_order.picking_ids.mapped("state")), {"cancel"})
        self.assertEqual(self.post(f"/orders/web/{other['external_ref']}/cancel").status_code, 200)
        response = self.post(
            f"/orders/web/{other['external_ref']}/address", {"shipping_address": new_address}
        )
        self.assertEqual(response.status_code, 409, response.text)

    def test_holds_are_reported(self):
        rule = self.env["exception.rule"].create(
            {
                "name": "Large order",
                "description": "Orders above 300000 need a check",
                "model": "sale.order",
                "exception_type": "by_domain",
                "domain": "[('amount_untaxed', '>', 300000)]",
            }
        )
        payload = self.payload()
        response = self.post("/orders", payload)
        self.assertEqual(response.status_code, 201, response.text)
        self.assertEqual(response.json()["oms_status"], "on_hold")
        status = self.get(f"/orders/web/{payload['external_ref']}").json()
        self.assertEqual(status["holds"], [rule.name])
        self.assertEqual(status["state"], "draft")

    # ------------------------------------------------------------------
    # customers
    # ------------------------------------------------------------------

    def test_customer_matched_by_phone_forms_and_email_case(self):
        partners = self.env["res.partner"].with_context(active_test=False)
        before = partners.search_count([])
        first = self.payload(
            customer={"name": "Siti", "email": "Siti.Rahma@Example.com", "phone": "0813-1111-2222"}
        )
        self.assertEqual(self.post("/orders", first).status_code, 201)
        customer = self.order(first["external_ref"]).partner_id
        self.assertEqual(customer.email, "siti.rahma@example.com")
        self.assertEqual(customer.phone, "+6281311112222")
        variants = [
            {"name": "Siti R.", "email": None, "phone": "+62 813 1111 2222"},
            {"name": "Siti", "email": None, "phone": "6281311112222"},
            {"name": "Siti", "email": "SITI.RAHMA@example.COM", "phone": None},
        ]
        for customer_data in variants:
            payload = self.payload(customer=customer_data)
            self.assertEqual(self.post("/orders", payload).status_code, 201)
            order = self.order(payload["external_ref"])
            self.assertEqual(order.partner_id, customer, customer_data)
            # the same shipping address is reused, not copied
            self.assertEqual(
                order.partner_shipping_id, self.order(first["external_ref"]).partner_shipping_id
            )
        # customer + one delivery address
        self.assertEqual(partners.search_count([]), before + 2)
        # another person is another customer
        stranger = self.payload(
            customer={"name": "Andi", "email": "andi@example.com", "phone": "0857-0000-1111"}
        )
        self.assertEqual(self.post("/orders", stranger).status_code, 201)
        self.assertNotEqual(self.order(stranger["external_ref"]).partner_id, customer)
        # an existing customer entered by hand with a local number is found
        manual = self.env["res.partner"].create(
            {"name": "Dewi", "phone": "0878 2222 3333", "country_id": self.indonesia.id}
        )
        payload = self.payload(customer={"name": "Dewi", "phone": "+6287822223333"})
        self.assertEqual(self.post("/orders", payload).status_code, 201)
        self.assertEqual(self.order(payload["external_ref"]).partner_id, manual)

    # ------------------------------------------------------------------
    # OpenAPI and performance
    # ------------------------------------------------------------------

    def test_openapi_documents_every_route_and_the_payload(self):
        response = self.url_open(f"{API}/openapi.json")
        self.assertEqual(response.status_code, 200)
        document = response.json()
        self.assertTrue(document["openapi"].startswith("3."))
        self.assertEqual(document["components"]["securitySchemes"]["bearer"]["scheme"], "bearer")
        documented = {
            (path, method.upper()) for path, item in document["paths"].items() for method in item
        }
        routes = set()
        for name in dir(OmsCaptureController):
            member = getattr(OmsCaptureController, name)
            routing = getattr(member, "original_routing", None)
            # API routes take every method and serve theirs (oms_methods, HEAD with GET);
            # the route of unknown paths serves none
            methods = getattr(member, "oms_methods", None)
            if routing and methods:
                for route in routing["routes"]:
                    path = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route)
                    routes.update((path, method) for method in methods if method != "HEAD")
        self.assertEqual(len(routes), 8)
        self.assertEqual(routes, documented)
        # a real request validates against the published schema; a bad one does not
        root = {"components": document["components"]}

        def validator(name):
            return Draft202012Validator(dict(root, **{"$ref": f"#/components/schemas/{name}"}))

        payload = self.payload()
        self.assertEqual(list(validator("OrderPayload").iter_errors(payload)), [])
        payload["lines"][0]["quantity"] = 0
        self.assertTrue(list(validator("OrderPayload").iter_errors(payload)))
        payload = self.payload()
        response = self.post("/orders", payload)
        self.assertEqual(list(validator("OrderResult").iter_errors(response.json())), [])
        status = self.get(f"/orders/web/{payload['external_ref']}").json()
        self.assertEqual(list(validator("OrderStatus").iter_errors(status)), [])
        error = self.post("/orders", dict(payload, channel="nope")).json()
        self.assertEqual(list(validator("Error").iter_errors(error)), [])
        schema_422 = document["paths"][f"{API}/orders"]["post"]["responses"]["422"]
        self.assertEqual(
            schema_422["content"]["application/json"]["schema"]["$ref"],
            "#/components/schemas/Error",
        )

    def test_capture_queries_do_not_grow_with_lines(self):
        self.web.write({"workflow_process_id": False, "cod_workflow_process_id": False})
        capture = self.env["oms.capture"].with_user(self.api_user)
        capture.capture(self.payload())  # warm caches and the customer
        cursor_class = type(self.env.cr)
        execute = cursor_class.execute

        def count(nb_lines):
            payload = self.payload(notes=None)
            payload["lines"] = [
                {"sku": sku, "quantity": i + 1, "unit_price": 1000 * (i + 1)}
                for i, sku in zip(
                    range(nb_lines), ["BATIK-M", "KOPI-250", "SAMBAL"] * 10, strict=False
                )
            ]
            self.env.invalidate_all()
            queries = []

            def logging_execute(cr, query, params=None, log_exceptions=True):
                queries.append(str(query))
                return execute(cr, query, params, log_exceptions)

            with patch.object(cursor_class, "execute", logging_execute):
                order, _created = capture.capture(payload)
            self.assertEqual(len(order.order_line), nb_lines + 1)
            # one search for all SKUs
            sku_searches = [q for q in queries if '"product_product"."default_code" IN' in q]
            self.assertEqual(len(sku_searches), 1, sku_searches)
            # Odoo's own sale.order.line looks up analytic distribution models line by
            # line (_compute_analytic_distribution); everything else is batched
            return len([q for q in queries if "account_analytic_distribution_model" not in q])

        few, many = count(3), count(24)
        self.assertLessEqual(many - few, 3, f"{few} queries for 3 lines, {many} for 24")

    def test_service_refuses_without_http(self):
        capture = self.env["oms.capture"].with_user(self.other_user)
        with self.assertRaises(CaptureError) as error:
            capture.capture(self.payload(), check_api_user=True)
        self.assertEqual(error.exception.code, "forbidden")
        order, created = self.env["oms.capture"].with_user(self.api_user).capture(self.payload())
        self.assertTrue(created)
        self.assertEqual(order.create_uid, self.api_user)
