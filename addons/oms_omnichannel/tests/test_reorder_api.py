# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import json

from odoo.tests import HttpCase, new_test_user, tagged

from .order_types_common import OmsOrderTypesFixture

API = "/oms/api/v1"


@tagged("post_install", "-at_install")
class TestReorderApi(OmsOrderTypesFixture, HttpCase):
    """``POST /orders/<channel>/<ref>/reorder``: the Reorder button over the API."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_order_types_fixture()
        env = cls.env
        cls.api_user = new_test_user(
            env, login="reorder_api", groups="oms_omnichannel.group_oms_user"
        )
        cls.other_user = new_test_user(
            env, login="reorder_other", groups="oms_omnichannel.group_oms_user"
        )
        apikeys = env["res.users.apikeys"]
        cls.key = apikeys.with_user(cls.api_user).sudo()._generate(None, "reorder", None)
        cls.other_key = apikeys.with_user(cls.other_user).sudo()._generate(None, "other", None)
        cls.web.api_user_ids = cls.api_user
        cls.b2b.api_user_ids = cls.api_user
        env["stock.quant"]._update_available_quantity(cls.coffee, cls.wh_main.lot_stock_id, 100)
        env["stock.quant"]._update_available_quantity(cls.tea, cls.wh_main.lot_stock_id, 100)
        cls.source, _created = env["oms.capture"].capture(cls._payload("SRC-1"))
        assert cls.source.state == "sale", cls.source.exception_ids.mapped("name")

    @classmethod
    def _payload(cls, ref, channel="WEBT"):
        return {
            "channel": channel,
            "external_ref": ref,
            "customer": {"name": "Budi Santoso", "email": "budi@example.com"},
            "shipping_address": {
                "name": "Budi Santoso",
                "street": "Jl. Sudirman 1",
                "city": "Jakarta Pusat",
                "state": "DKI Jakarta",
                "zip": "10220",
                "country": "ID",
            },
            "lines": [
                {"sku": "KOPI-1KG", "quantity": 2, "unit_price": 90_000},
                {"sku": "TEH-500", "quantity": 3, "unit_price": 45_000},
            ],
            "payment": {"method": "ewallet", "status": "paid", "amount": 315_000},
        }

    def _reorder(self, path, body, key=None, raw=None):
        key = self.key if key is None else key
        headers = {"Content-Type": "application/json"}
        if key:
            headers["Authorization"] = f"Bearer {key}"
        return self.url_open(
            f"{API}/orders/{path}/reorder",
            data=raw if raw is not None else json.dumps(body),
            headers=headers,
            timeout=60,
        )

    def _count(self):
        return self.env["sale.order"].search_count([])

    def test_reorder_copies_the_order_and_is_idempotent(self):
        response = self._reorder("WEBT/SRC-1", {"external_ref": "RE-1"})
        self.assertEqual(response.status_code, 201, response.text)
        data = response.json()
        self.assertTrue(data["created"])
        self.assertEqual(data["channel"], "WEBT")
        self.assertEqual(data["external_ref"], "RE-1")
        order = self.env["sale.order"].browse(data["id"])
        self.assertEqual(order.oms_reorder_of_id, self.source)
        self.assertEqual(order.channel_id, self.web)
        self.assertEqual(order.partner_id, self.source.partner_id)
        self.assertEqual(order.partner_shipping_id, self.source.partner_shipping_id)
        lines = order.order_line.filtered(lambda line: not line.is_delivery)
        self.assertEqual(
            sorted((line.product_id.default_code, line.product_uom_qty) for line in lines),
            [("KOPI-1KG", 2.0), ("TEH-500", 3.0)],
        )
        # prices of the day, not the channel's prices of the source order
        self.assertEqual(
            sorted(lines.mapped("price_unit")), [50_000.0, 100_000.0], "list prices today"
        )
        self.assertEqual(order.payment_status, "unpaid")
        self.assertEqual(order.state, "sale", order.exception_ids.mapped("name"))
        self.assertEqual(data["oms_status"], order.oms_status)
        self.assertEqual(order.create_uid, self.api_user)
        # the same request again: the same order, nothing new
        count = self._count()
        again = self._reorder("WEBT/SRC-1", {"external_ref": "RE-1"})
        self.assertEqual(again.status_code, 200, again.text)
        self.assertEqual(again.json()["id"], order.id)
        self.assertFalse(again.json()["created"])
        self.assertEqual(self._count(), count)
        # blanks around the new reference are dropped, as in a capture: the same order
        blanks = self._reorder("WEBT/SRC-1", {"external_ref": " RE-1\n"})
        self.assertEqual(blanks.status_code, 200, blanks.text)
        self.assertEqual(blanks.json()["id"], order.id)
        self.assertEqual(blanks.json()["external_ref"], "RE-1")
        self.assertEqual(self._count(), count)

    def test_reorder_runs_the_validation_rules(self):
        self.web.oms_approval_amount = 100_000  # the source was placed before: 315,000
        response = self._reorder("WEBT/SRC-1", {"external_ref": "RE-HOLD"})
        self.assertEqual(response.status_code, 201, response.text)
        order = self.env["sale.order"].browse(response.json()["id"])
        self.assertEqual(order.state, "draft")
        self.assertEqual(response.json()["oms_status"], "on_hold")
        self.assertIn(
            self.env.ref("oms_omnichannel.exception_rule_b2b_approval"), order.exception_ids
        )

    def test_reference_taken_by_another_order_is_a_conflict(self):
        other, _created = self.env["oms.capture"].capture(self._payload("SRC-2"))
        self.assertEqual(self._reorder("WEBT/SRC-1", {"external_ref": "RE-2"}).status_code, 201)
        count = self._count()
        # another source with the same new reference
        response = self._reorder("WEBT/SRC-2", {"external_ref": "RE-2"})
        self.assertEqual(response.status_code, 409, response.text)
        self.assertEqual(response.json()["error"]["code"], "conflict")
        # the reference of a captured order
        response = self._reorder("WEBT/SRC-1", {"external_ref": other.external_ref})
        self.assertEqual(response.status_code, 409, response.text)
        self.assertEqual(self._count(), count)

    def test_unknown_source_and_channel_are_not_found(self):
        count = self._count()
        for path in ("WEBT/NOPE", "NOCHAN/SRC-1"):
            response = self._reorder(path, {"external_ref": "RE-404"})
            self.assertEqual(response.status_code, 404, (path, response.text))
            self.assertEqual(response.json()["error"]["code"], "not_found")
        self.assertEqual(self._count(), count)

    def test_channel_the_key_may_not_use_is_forbidden(self):
        count = self._count()
        response = self._reorder("WEBT/SRC-1", {"external_ref": "RE-403"}, key=self.other_key)
        self.assertEqual(response.status_code, 403, response.text)
        self.assertEqual(response.json()["error"]["code"], "forbidden")
        response = self._reorder("WEBT/SRC-1", {"external_ref": "RE-401"}, key=False)
        self.assertEqual(response.status_code, 401, response.text)
        self.assertEqual(self._count(), count)

    def test_bad_bodies_are_refused_and_nothing_written(self):
        count = self._count()
        cases = [
            ({}, "external_ref"),
            ({"external_ref": ""}, "external_ref"),
            ({"external_ref": "A/B"}, "external_ref"),
            ({"external_ref": 12}, "external_ref"),
            ({"external_ref": "RE-X", "lines": []}, "lines"),
            ([], "(body)"),
        ]
        for body, field in cases:
            response = self._reorder("WEBT/SRC-1", body)
            self.assertEqual(response.status_code, 422, (body, response.text))
            error = response.json()["error"]
            self.assertEqual(error["code"], "validation_error")
            self.assertIn(field, [f["field"] for f in error["fields"]], body)
        response = self._reorder("WEBT/SRC-1", None, raw="{not json")
        self.assertEqual(response.status_code, 400, response.text)
        self.assertEqual(self._count(), count)
        # a B2B copy breaking a pack size now: refused, not half-written
        b2b_source = self._order([(self.coffee, 5)], channel=self.b2b, external_ref="B2B-1")
        b2b_source.action_confirm()
        self.coffee.oms_pack_size = 4
        count = self._count()
        response = self._reorder("B2BT/B2B-1", {"external_ref": "RE-PACK"})
        self.assertEqual(response.status_code, 422, response.text)
        self.assertIn("packs of", response.json()["error"]["message"])
        # a cancelled order cannot be repeated
        self.coffee.oms_pack_size = 0
        b2b_source._action_cancel()
        response = self._reorder("B2BT/B2B-1", {"external_ref": "RE-CANCEL"})
        self.assertEqual(response.status_code, 409, response.text)
        self.assertEqual(self._count(), count)
