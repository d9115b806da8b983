# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import json
from datetime import timedelta

from odoo import fields
from odoo.tests import HttpCase, new_test_user, tagged

from .common import ReturnsCommon

URL = "/oms/api/v1/returns"


@tagged("post_install", "-at_install")
class TestReturnsApi(ReturnsCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setUpReturns()
        cls.order = cls._make_order([(cls.kaos, 2, 100000), (cls.celana, 1, 250000)])
        cls.key = (
            cls.env["res.users.apikeys"]
            .with_user(cls.api_user)
            ._generate("rpc", "returns test", fields.Datetime.now() + timedelta(days=1))
        )
        cls.other_user = new_test_user(
            cls.env, login="oms_returns_other", groups="oms_omnichannel.group_oms_user"
        )
        cls.other_key = (
            cls.env["res.users.apikeys"]
            .with_user(cls.other_user)
            ._generate("rpc", "other channel", fields.Datetime.now() + timedelta(days=1))
        )

    def _payload(self, **overrides):
        payload = {
            "channel": "WEBRET",
            "external_ref": self.order.external_ref,
            "return_reference": "RET-1",
            "return_label": "JNE-RET-0001",
            "lines": [
                {"sku": "KAOS-01", "quantity": 1, "reason": "size_fit"},
                {"sku": "JEANS-01", "quantity": 1, "reason": "damaged"},
            ],
        }
        payload.update(overrides)
        return payload

    def _post(self, payload, key=None, raw=None):
        headers = {"Content-Type": "application/json"}
        if key is not False:
            headers["Authorization"] = f"Bearer {key or self.key}"
        data = raw if raw is not None else json.dumps(payload)
        return self.url_open(URL, data=data, headers=headers)

    def _counts(self):
        return (
            self.env["rma"].search_count([]),
            self.env["oms.return.request"].search_count([]),
            self.env["stock.picking"].search_count([]),
        )

    def test_happy_path_and_idempotent_replay(self):
        response = self._post(self._payload())
        self.assertEqual(response.status_code, 201, response.text)
        body = response.json()
        self.assertEqual([r["sku"] for r in body["rmas"]], ["KAOS-01", "JEANS-01"])
        request = self.env["oms.return.request"].search([("return_reference", "=", "RET-1")])
        self.assertEqual(request.channel_id, self.channel)
        self.assertEqual(request.rma_ids.order_id, self.order)
        self.assertEqual(set(request.rma_ids.mapped("state")), {"confirmed"}, "auto-approved")
        self.assertEqual(request.rma_ids.mapped("return_label"), ["JNE-RET-0001"] * 2)
        self.assertEqual(set(request.rma_ids.reason_id.mapped("code")), {"damaged", "size_fit"})
        self.assertEqual(len(request.rma_ids.reception_move_id.picking_id), 1)
        # same again: same RMAs, nothing new
        counts = self._counts()
        replay = self._post(self._payload())
        self.assertEqual(replay.status_code, 200, replay.text)
        self.assertEqual(replay.json()["rmas"], body["rmas"])
        self.assertEqual(self._counts(), counts)
        # same reference, other content: conflict
        conflict = self._post(
            self._payload(lines=[{"sku": "KAOS-01", "quantity": 2, "reason": "size_fit"}])
        )
        self.assertEqual(conflict.status_code, 409)
        self.assertIn("return_reference", conflict.json()["errors"])
        self.assertEqual(self._counts(), counts)
        # the returned quantity counts: only 1 KAOS-01 is left to return
        too_many = self._post(
            self._payload(
                return_reference="RET-2",
                lines=[{"sku": "KAOS-01", "quantity": 2, "reason": "size_fit"}],
            )
        )
        self.assertEqual(too_many.status_code, 422)
        self.assertIn("At most 1", too_many.json()["errors"]["lines[0].quantity"])
        self.assertEqual(self._counts(), counts)

    def test_long_reference_and_label_are_refused(self):
        """A reference of kilobytes did not fit PostgreSQL's unique index (a 500):
        at most 128 characters, as an order's reference; a label at most 256."""
        counts = self._counts()
        for overrides, field in [
            ({"return_reference": "R" * 129}, "return_reference"),
            ({"return_reference": "R" * 4000}, "return_reference"),
            ({"return_label": "L" * 257}, "return_label"),
        ]:
            response = self._post(self._payload(**overrides))
            self.assertEqual(response.status_code, 422, response.text)
            self.assertIn(field, response.json()["errors"])
            self.assertEqual(response.json()["error"]["code"], "validation_error")
            self.assertEqual(self._counts(), counts)
        response = self._post(self._payload(return_reference="R" * 128, return_label="L" * 256))
        self.assertEqual(response.status_code, 201, response.text)

    def test_bad_input_writes_nothing(self):
        counts = self._counts()
        cases = [
            (None, "{not json", 400, "body"),
            (None, "[1, 2]", 400, "body"),
            (self._payload(channel=""), None, 422, "channel"),
            (self._payload(channel="NOPE"), None, 422, "channel"),
            (self._payload(external_ref="UNKNOWN"), None, 422, "external_ref"),
            (self._payload(return_reference=None), None, 422, "return_reference"),
            (self._payload(lines=[]), None, 422, "lines"),
            (
                self._payload(lines=[{"sku": "KAOS-01", "quantity": 0, "reason": "size_fit"}]),
                None,
                422,
                "lines[0].quantity",
            ),
            (
                self._payload(lines=[{"sku": "KAOS-01", "quantity": "1", "reason": "size_fit"}]),
                None,
                422,
                "lines[0].quantity",
            ),
            (
                self._payload(lines=[{"sku": "NOPE", "quantity": 1, "reason": "size_fit"}]),
                None,
                422,
                "lines[0].sku",
            ),
            (
                self._payload(lines=[{"sku": "KAOS-01", "quantity": 3, "reason": "size_fit"}]),
                None,
                422,
                "lines[0].quantity",
            ),
            (
                self._payload(
                    lines=[
                        {"sku": "KAOS-01", "quantity": 1, "reason": "size_fit"},
                        {"sku": "JEANS-01", "quantity": 1, "reason": "bored"},
                    ]
                ),
                None,
                422,
                "lines[1].reason",
            ),
            # valid shape, refused by the policy (reason not accepted): nothing written
            (
                self._payload(
                    lines=[
                        {"sku": "KAOS-01", "quantity": 1, "reason": "size_fit"},
                        {"sku": "JEANS-01", "quantity": 1, "reason": "late_delivery"},
                    ]
                ),
                None,
                422,
                "return",
            ),
        ]
        for payload, raw, status, field in cases:
            with self.subTest(field=field, payload=payload or raw):
                response = self._post(payload, raw=raw)
                self.assertEqual(response.status_code, status, response.text)
                self.assertIn(field, response.json()["errors"])
                self.assertEqual(self._counts(), counts)

    def test_out_of_window_refused(self):
        old = self._make_order([(self.kaos, 1, 100000)], delivered_days_ago=30)
        counts = self._counts()
        response = self._post(
            self._payload(
                external_ref=old.external_ref,
                lines=[{"sku": "KAOS-01", "quantity": 1, "reason": "size_fit"}],
            )
        )
        self.assertEqual(response.status_code, 422)
        self.assertIn("return window", response.json()["errors"]["return"])
        self.assertEqual(self._counts(), counts)

    def test_authentication_and_channel_rights(self):
        counts = self._counts()
        self.assertEqual(self._post(self._payload(), key=False).status_code, 401)
        self.assertEqual(self._post(self._payload(), key="wrong-key").status_code, 401)
        forbidden = self._post(self._payload(), key=self.other_key)
        self.assertEqual(forbidden.status_code, 403)
        self.assertEqual(self._counts(), counts)
