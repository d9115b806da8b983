# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Tests of the capture tools: plain Python, no database."""

import copy

from odoo.tests import BaseCase, tagged

from ..tools import capture_schema
from ..tools.address import match_province

PAYLOAD = {
    "channel": "WEB",
    "external_ref": "INV-1",
    "customer": {"name": "Budi", "email": "budi@example.com", "phone": "0812-3456-789"},
    "shipping_address": {
        "name": "Budi",
        "street": "Jl. Sudirman 1",
        "city": "Jakarta",
        "state": "DKI Jakarta",
        "country": "ID",
    },
    "lines": [{"sku": "A", "quantity": 1, "unit_price": 1000, "discount": 0}],
    "payment": {"method": "cod", "status": "unpaid"},
}


@tagged("post_install", "-at_install")
class TestCaptureTools(BaseCase):
    def test_province_by_code_or_name(self):
        provinces = [(1, "JK", "Jakarta"), (2, "YO", "Yogyakarta"), (3, "SU", "Sumatra Utara")]
        self.assertEqual(match_province("jk", provinces), 1)
        self.assertEqual(match_province("DKI Jakarta", provinces), 1)
        self.assertEqual(match_province("DI Yogyakarta", provinces), 2)
        self.assertEqual(match_province("sumatera utara", provinces), 3)
        self.assertIsNone(match_province("Atlantis", provinces))

    def test_valid_payload(self):
        self.assertEqual(capture_schema.validate(PAYLOAD), [])

    def test_errors_name_the_field(self):
        payload = copy.deepcopy(PAYLOAD)
        payload["lines"].append({"sku": "B", "quantity": 0, "unit_price": -5, "discount": 101})
        del payload["customer"]["name"]
        payload["order_date"] = "yesterday"
        problems = {p["field"] for p in capture_schema.validate(payload)}
        self.assertEqual(
            problems,
            {
                "customer.name",
                "lines[1].quantity",
                "lines[1].unit_price",
                "lines[1].discount",
                "order_date",
            },
        )
        self.assertEqual(capture_schema.validate([1])[0]["field"], "(body)")

    def test_fingerprint_ignores_form_not_content(self):
        same = copy.deepcopy(PAYLOAD)
        same["lines"][0]["unit_price"] = 1000.0
        same["notes"] = None
        same = dict(reversed(list(same.items())))
        self.assertEqual(capture_schema.fingerprint(PAYLOAD), capture_schema.fingerprint(same))
        other = copy.deepcopy(PAYLOAD)
        other["lines"][0]["quantity"] = 2
        other["payment"]["status"] = "paid"
        first, second = capture_schema.fingerprint(PAYLOAD), capture_schema.fingerprint(other)
        self.assertNotEqual(first.split()[0], second.split()[0])
        self.assertEqual(capture_schema.fingerprint_diff(first, second), ["lines[0]", "payment"])
        other["lines"].append(PAYLOAD["lines"][0])
        self.assertIn(
            "lines", capture_schema.fingerprint_diff(first, capture_schema.fingerprint(other))
        )

    def test_openapi_references_resolve(self):
        document = capture_schema.openapi_document("http://example.test")
        self.assertEqual(document["openapi"], "3.1.0")
        schemas = document["components"]["schemas"]

        def refs(node):
            if isinstance(node, dict):
                if "$ref" in node:
                    yield node["$ref"]
                for value in node.values():
                    yield from refs(value)
            elif isinstance(node, list):
                for value in node:
                    yield from refs(value)

        for ref in refs(document):
            self.assertTrue(ref.startswith("#/components/schemas/"), ref)
            self.assertIn(ref.split("/")[3], schemas)
