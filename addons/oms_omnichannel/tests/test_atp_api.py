# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command
from odoo.tests import HttpCase, new_test_user, tagged

API = "/oms/api/v1"


@tagged("post_install", "-at_install")
class TestAtpApi(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.wh1 = env["stock.warehouse"].search([("company_id", "=", env.company.id)], limit=1)
        cls.wh2 = env["stock.warehouse"].create({"name": "Gudang Medan", "code": "MDN"})
        cls.product = env["product.product"].create(
            {"name": "Tas Rotan", "default_code": "ROTAN-1", "is_storable": True}
        )
        quant = env["stock.quant"]
        quant._update_available_quantity(cls.product, cls.wh1.lot_stock_id, 10)
        quant._update_available_quantity(cls.product, cls.wh2.lot_stock_id, 5)
        env["oms.safety.stock"].create(
            {"warehouse_id": cls.wh2.id, "product_id": cls.product.id, "quantity": 1}
        )
        cls.user = new_test_user(env, login="atp_api", groups="oms_omnichannel.group_oms_user")
        cls.stranger = new_test_user(env, login="atp_x", groups="oms_omnichannel.group_oms_user")
        keys = env["res.users.apikeys"]
        cls.key = keys.with_user(cls.user).sudo()._generate(None, "atp", None)
        cls.stranger_key = keys.with_user(cls.stranger).sudo()._generate(None, "atp", None)
        cls.channel = env["oms.channel"].create(
            {
                "name": "Shopee",
                "code": "ATPSHOPEE",
                "channel_type": "marketplace",
                "allowed_warehouse_ids": [Command.set((cls.wh1 | cls.wh2).ids)],
                "atp_ratio": 80,
                "atp_buffer": 2,
                "api_user_ids": [Command.set(cls.user.ids)],
            }
        )

    def get(self, query, key=None):
        headers = {"Authorization": f"Bearer {key or self.key}"}
        return self.url_open(f"{API}/atp?{query}", headers=headers, timeout=60)

    def test_channel_atp_per_sku_and_warehouse(self):
        response = self.get("channel=atpshopee&skus=ROTAN-1,NOPE")
        self.assertEqual(response.status_code, 200, response.text)
        body = response.json()
        self.assertEqual(body["channel"], "ATPSHOPEE")
        self.assertEqual(body["unknown_skus"], ["NOPE"])
        (item,) = body["items"]
        # (10 + (5 - 1 safety)) = 14 -> 80 % = 11 -> minus 2 buffer = 9
        self.assertEqual(item["atp"], 9)
        self.assertEqual(item["warehouses"], {self.wh1.code: 8, "MDN": 3})

    def test_bad_requests(self):
        self.assertEqual(self.get("channel=ATPSHOPEE").status_code, 422)
        self.assertEqual(self.get("skus=ROTAN-1").status_code, 422)
        too_many = ",".join(f"S{i}" for i in range(501))
        self.assertEqual(self.get(f"channel=ATPSHOPEE&skus={too_many}").status_code, 422)
        self.assertEqual(self.get("channel=NOPE&skus=ROTAN-1").status_code, 404)
        response = self.get("channel=ATPSHOPEE&skus=ROTAN-1", key=self.stranger_key)
        self.assertEqual(response.status_code, 403)
        response = self.url_open(f"{API}/atp?channel=ATPSHOPEE&skus=ROTAN-1")
        self.assertEqual(response.status_code, 401)
