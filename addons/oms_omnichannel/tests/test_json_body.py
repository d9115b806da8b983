# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Strict JSON bodies and number/date bounds of the capture schema: plain Python, no database."""

import math

from odoo.tests import BaseCase, tagged

from ..tools import capture_schema, json_body
from .test_capture_tools import PAYLOAD


@tagged("post_install", "-at_install")
class TestJsonBody(BaseCase):
    def assertRefused(self, body, code):
        with self.assertRaises(json_body.JsonBodyError) as caught:
            json_body.loads(body)
        self.assertEqual(caught.exception.code, code)

    def test_loads_refuses_what_is_not_json_and_deep_nesting(self):
        for constant in ("NaN", "Infinity", "-Infinity", '{"a": [1, NaN]}'):
            self.assertRefused(constant, "validation_error")
        self.assertRefused(b"[" * 200000, "invalid_json")
        self.assertRefused("[" * 40 + "]" * 40, "invalid_json")
        self.assertRefused(b"\xff\xfe", "invalid_json")
        self.assertRefused("{", "invalid_json")
        self.assertEqual(json_body.depth(json_body.loads("[" * 32 + "]" * 32)), 32)
        # numbers beyond a float stay for the validation to report on their field
        self.assertEqual(json_body.loads("1e400"), math.inf)
        self.assertEqual(json_body.loads("1" + "0" * 401), math.inf)
        self.assertEqual(json_body.loads("12345678901234567890"), 12345678901234567890)
        self.assertEqual(json_body.depth({"a": [{"b": 1}]}), 3)
        self.assertEqual(json_body.depth(5), 0)

    def test_loads_refuses_lone_surrogates(self):
        """A lone surrogate (``"\\ud800"``) is JSON syntax but not Unicode: neither
        PostgreSQL nor a JSON answer (UTF-8) can take it; a pair is one character."""
        for body in (
            '"\\ud800"',
            '{"a": ["x\\udfffy"]}',
            '{"\\udc00": 1}',
            '{"a": {"\\ud83d": 1}}',
        ):
            self.assertRefused(body, "invalid_json")
        self.assertEqual(json_body.loads('"\\ud83d\\ude00"'), "\U0001f600")
        # the payloads built in Python (field sales) are checked by the validation
        problems = capture_schema.nul_characters({"notes": "\ud800", "lines": [{"sku": "a\x00"}]})
        self.assertEqual(sorted(p["field"] for p in problems), ["lines[0].sku", "notes"], problems)

    def test_schema_bounds_numbers_and_dates(self):
        def fields_of(mutate):
            payload = {key: (dict(v) if isinstance(v, dict) else v) for key, v in PAYLOAD.items()}
            payload["lines"] = [dict(PAYLOAD["lines"][0])]
            mutate(payload)
            return [p["field"] for p in capture_schema.validate(payload)]

        self.assertEqual(fields_of(lambda p: None), [])
        for value in (math.nan, math.inf, -math.inf, 1e308, 10**400):
            self.assertIn(
                "lines[0].quantity", fields_of(lambda p, v=value: p["lines"][0].update(quantity=v))
            )
            self.assertIn(
                "lines[0].unit_price",
                fields_of(lambda p, v=value: p["lines"][0].update(unit_price=v)),
            )
        self.assertIn(
            "shipping_address.latitude",
            fields_of(
                lambda p: p.update(shipping_address=dict(p["shipping_address"], latitude=math.nan))
            ),
        )
        for date in (
            "0001-01-01T00:00:00+01:00",
            "9999-12-31T23:59:59-01:00",
            "1969-12-31T23:59:59",
            "2101-01-01T00:00:00Z",
        ):
            self.assertEqual(fields_of(lambda p, d=date: p.update(order_date=d)), ["order_date"])
        self.assertEqual(fields_of(lambda p: p.update(order_date="2100-12-31T23:59:59+01:00")), [])
