# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Hostile input on the returns API and the portal return form: clean 4xx, nothing written."""

import json
import re
from datetime import timedelta

from odoo import fields
from odoo.tests import HttpCase, new_test_user, tagged

from .common import ReturnsCommon

URL = "/oms/api/v1/returns"
MARK = "__VALUE__"


@tagged("post_install", "-at_install")
class TestReturnsEdges(ReturnsCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setUpReturns()
        cls.order = cls._make_order([(cls.kaos, 2, 100000), (cls.celana, 1, 250000)])
        cls.key = (
            cls.env["res.users.apikeys"]
            .with_user(cls.api_user)
            ._generate("rpc", "returns edges", fields.Datetime.now() + timedelta(days=1))
        )
        cls.portal_user = new_test_user(
            cls.env, login="portal_edge", groups="base.group_portal", partner_id=cls.customer.id
        )

    def _payload(self, quantity=1, **overrides):
        payload = {
            "channel": "WEBRET",
            "external_ref": self.order.external_ref,
            "return_reference": "RET-EDGE",
            "lines": [{"sku": "KAOS-01", "quantity": quantity, "reason": "size_fit"}],
        }
        payload.update(overrides)
        return payload

    def _send(self, body, method="POST", headers=None):
        if not isinstance(body, str | bytes) and body is not None and not callable(body):
            body = json.dumps(body)
        if callable(body):
            body = body()
        return self.opener.request(
            method,
            f"{self.base_url()}{URL}",
            data=body,
            headers={
                "Content-Type": "application/json",
                "Authorization": f"Bearer {self.key}",
                **(headers or {}),
            },
            timeout=60,
        )

    def _counts(self):
        return (
            self.env["rma"].search_count([]),
            self.env["oms.return.request"].search_count([]),
            self.env["stock.picking"].search_count([]),
        )

    def assertJsonRefusal(self, response, status):
        self.assertEqual(response.status_code, status, response.text[:300])
        self.assertEqual(response.headers["Content-Type"].split(";")[0], "application/json")
        self.assertTrue(response.json()["errors"])

    def test_numbers_bodies_and_methods_are_refused_cleanly(self):
        before = self._counts()
        raw = json.dumps(self._payload(quantity=MARK))
        for token, status in (
            ("NaN", 422),
            ("Infinity", 422),
            ("-Infinity", 422),
            ("1e400", 422),
            ("1e308", 422),
            ("1" + "0" * 400, 422),
            ("1" + "0" * 350, 422),
            ("1e-9", 422),
        ):
            with self.subTest(quantity=token[:8]):
                response = self._send(raw.replace(json.dumps(MARK), token))
                self.assertJsonRefusal(response, status)
        with self.subTest(body="200,000 ["):
            self.assertJsonRefusal(self._send("[" * 200000), 400)
        with self.subTest(body="NUL in a string"):
            self.assertJsonRefusal(self._send(self._payload(return_reference="R\x00")), 422)
        with self.subTest(body="larger than 1 MB"):
            big = self._payload(return_label="x" * (1024 * 1024 + 10))
            self.assertJsonRefusal(self._send(big), 413)

            head = json.dumps(self._payload())[:-1].encode() + b', "return_label": "'

            def chunks():
                yield head
                for _i in range(1100):
                    yield b"x" * 1024
                yield b'"}'

            self.assertJsonRefusal(self._send(chunks), 413)
        for method in ("OPTIONS", "GET", "PUT", "DELETE"):
            with self.subTest(method=method):
                response = self._send(self._payload(), method=method)
                self.assertJsonRefusal(response, 405)
                self.assertEqual(response.headers["Allow"], "POST")
        self.assertEqual(self._counts(), before)
        # the same body by POST is taken
        self.assertEqual(self._send(self._payload()).status_code, 201)

    def test_portal_form_refuses_numbers_that_are_not_quantities(self):
        self.authenticate("portal_edge", "portal_edge")
        page = self.url_open("/my/returns/new")
        token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        line = self.order.order_line.filtered(lambda sol: sol.product_id == self.kaos)
        reason = self.reason["size_fit"].id
        before = self._counts()
        for quantity in ("inf", "-inf", "nan", "1e400", "1e308", "1e-9", "Infinity"):
            with self.subTest(quantity=quantity):
                response = self.url_open(
                    "/my/returns/new",
                    data={
                        "csrf_token": token,
                        f"qty-{line.id}": quantity,
                        f"reason-{line.id}": reason,
                    },
                )
                self.assertEqual(response.status_code, 200, response.text[-500:])
                self.assertIn("o_oms_return_error", response.text)
        # ids beyond PostgreSQL's integer, and digits that are not ASCII
        for data in (
            {f"qty-{'9' * 30}": "1", f"reason-{'9' * 30}": reason},
            {f"qty-{line.id}": "1", f"reason-{line.id}": "9" * 30},
            {f"qty-{line.id}": "1", f"reason-{line.id}": "\u00b2"},
            {"qty-\u00b2": "1"},
        ):
            with self.subTest(data=data):
                response = self.url_open("/my/returns/new", data={"csrf_token": token, **data})
                self.assertEqual(response.status_code, 200, response.text[-500:])
                self.assertIn("o_oms_return_error", response.text)
        self.assertEqual(self._counts(), before)
