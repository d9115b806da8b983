# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Shared fixture of the model-layer tests: two warehouses, stocked products, a
Shopee and a TikTok Shop channel with their accounts, and order builders shaped
like the platforms' documented order details."""

import time

from odoo import Command
from odoo.tests import Form

from odoo.addons.queue_job.tests.common import trap_jobs

from .platform_fakes import load

FakeShopee = load("shopee").FakeShopee
FakeTikTokShop = load("tiktok").FakeTikTokShop

SHOPEE = {"partner_id": "2001234", "partner_key": "shpk-test", "shop_id": "99001"}
SHOPEE_TOKEN = "tok-shop-99001"
TIKTOK = {"app_key": "6abc123def", "app_secret": "tts-secret", "shop_cipher": "ROW_cipher"}
TIKTOK_TOKEN = "ROW_token"


def now():
    return int(time.time())


def shopee_order(n, update_time=None, status="READY_TO_SHIP", cod=False, items=None, **extra):
    """A ``v2.order.get_order_detail`` order: 2 x KAOS-M at 80,000 sold at 70,000,
    1 x STIKER at 30,000, JNE shipping 12,000 (total 182,000)."""
    update_time = update_time or now() - 600
    order = {
        "order_sn": f"2406SHP{n:05d}",
        "order_status": status,
        "create_time": update_time - 600,
        "update_time": update_time,
        "currency": "IDR",
        "cod": cod,
        "payment_method": "Cash on Delivery" if cod else "ShopeePay",
        "pay_time": None if cod else update_time - 500,
        "buyer_username": f"budi{n}",
        "message_to_seller": "Tolong bungkus rapi",
        "recipient_address": {
            "name": f"Budi Santoso {n}",
            "phone": f"62812345{n:05d}",
            "town": "Gondangdia",
            "district": "Menteng",
            "city": "Jakarta Pusat",
            "state": "DKI Jakarta",
            "region": "ID",
            "zipcode": "10350",
            "full_address": f"Jl. Sudirman No. {n}",
        },
        "item_list": items
        or [
            {
                "item_id": 100001,
                "item_sku": "KAOS",
                "model_id": 200001,
                "model_sku": "KAOS-M",
                "model_quantity_purchased": 2,
                "model_original_price": 80000,
                "model_discounted_price": 70000,
            },
            {
                "item_id": 100002,
                "item_sku": "STIKER",
                "model_id": 0,
                "model_sku": "",
                "model_quantity_purchased": 1,
                "model_original_price": 30000,
                "model_discounted_price": 30000,
            },
        ],
        "shipping_carrier": "JNE Reguler",
        "estimated_shipping_fee": 12000,
        "actual_shipping_fee": 12000,
        "total_amount": 182000,
    }
    order.update(extra)
    return order


def tiktok_order(
    n, update_time=None, status="AWAITING_SHIPMENT", cod=True, rows=None, split_packages=False
):
    """A 202309 order (one ``line_items`` row per unit), COD by default. Rows share
    one package unless ``split_packages`` (the order was split on TikTok: one
    package per row)."""
    update_time = update_time or now() - 600
    rows = rows or [
        ("KAOS-M", "1729100001", "1729000001", 80000, 70000),
        ("KAOS-M", "1729100001", "1729000001", 80000, 70000),
        ("STIKER", "1729100009", "1729000009", 30000, 30000),
    ]
    items = [
        {
            "id": f"{n}-{index}",
            "seller_sku": sku,
            "sku_id": sku_id,
            "product_id": product_id,
            "original_price": str(original),
            "sale_price": str(sale),
            "currency": "IDR",
            "package_id": f"11{n:08d}{index:02d}" if split_packages else f"11{n:08d}00",
        }
        for index, (sku, sku_id, product_id, original, sale) in enumerate(rows, start=1)
    ]
    total = sum(row[4] for row in rows) + 12000
    return {
        "id": f"5770{n:014d}",
        "status": status,
        "create_time": update_time - 600,
        "update_time": update_time,
        "paid_time": None if cod else update_time - 500,
        "is_cod": cod,
        "payment_method_name": "Cash on delivery" if cod else "GoPay",
        "buyer_email": f"buyer{n}@scs.tiktokw.us",
        "buyer_message": "Kirim sore",
        "shipping_provider": "J&T Express",
        "delivery_option_name": "Standard shipping",
        "payment": {
            "currency": "IDR",
            "shipping_fee": "12000",
            "total_amount": str(total),
        },
        "recipient_address": {
            "name": f"Siti Rahayu {n}",
            "phone_number": f"(+62)8129876{n:04d}",
            "address_line1": f"Jl. Tunjungan No. {n}",
            "address_line2": "RT 02 RW 03",
            "postal_code": "60261",
            "region_code": "ID",
            "district_info": [
                {
                    "address_level_name": "Province",
                    "address_name": "Jawa Timur",
                    "address_level": "L1",
                },
                {"address_level_name": "City", "address_name": "Surabaya", "address_level": "L2"},
                {
                    "address_level_name": "District",
                    "address_name": "Genteng",
                    "address_level": "L3",
                },
            ],
        },
        "line_items": items,
    }


class MarketplaceFixture:
    """Mixin building the fixture once per class (``_setup_marketplace``)."""

    @classmethod
    def _setup_marketplace(cls):
        env = cls.env
        idr = env.ref("base.IDR")
        idr.active = True
        country = env.ref("base.id")
        jawa_timur = env["res.country.state"].search(
            [("country_id", "=", country.id), ("code", "=", "JI")], limit=1
        )
        pricelist = env["product.pricelist"].create({"name": "IDR", "currency_id": idr.id})
        cls.wh1 = env["stock.warehouse"].search([("company_id", "=", env.company.id)], limit=1)
        cls.wh1.delivery_steps = "ship_only"
        cls.wh2 = env["stock.warehouse"].create(
            {
                "name": "Gudang Surabaya",
                "code": "MKS2",
                "partner_id": env["res.partner"]
                .create({"name": "Gudang SBY", "state_id": jawa_timur.id, "country_id": country.id})
                .id,
            }
        )
        cls.products = {
            code: env["product.product"].create(
                {
                    "name": name,
                    "default_code": code,
                    "is_storable": True,
                    "list_price": 1.0,
                    "taxes_id": [Command.clear()],
                }
            )
            for code, name in (
                ("KAOS-M", "Kaos Polos M"),
                ("STIKER", "Stiker Pack"),
                ("SPLIT-A", "Batik Tulis"),
                ("SPLIT-B", "Kopi Gayo"),
            )
        }
        # KAOS-M and STIKER in the main warehouse; SPLIT-A / SPLIT-B one per warehouse,
        # so that an order of both is split into two deliveries
        for code, warehouse in (
            ("KAOS-M", cls.wh1),
            ("STIKER", cls.wh1),
            ("SPLIT-A", cls.wh1),
            ("SPLIT-B", cls.wh2),
        ):
            env["stock.quant"]._update_available_quantity(
                cls.products[code], warehouse.lot_stock_id, 50
            )
        workflow = env["sale.workflow.process"]
        prepaid = workflow.create({"name": "Marketplace prepaid", "validate_order": True})
        cod = workflow.create({"name": "Marketplace COD", "validate_order": True})
        cls.jne = env.ref("oms_omnichannel.carrier_jne")
        cls.regular = env.ref("oms_omnichannel.service_level_regular")
        channels = env["oms.channel"].create(
            [
                {
                    "name": name,
                    "code": code,
                    "channel_type": "marketplace",
                    "warehouse_id": cls.wh1.id,
                    "allowed_warehouse_ids": [Command.set([cls.wh1.id, cls.wh2.id])],
                    "pricelist_id": pricelist.id,
                    "default_service_level_id": cls.regular.id,
                    "workflow_process_id": prepaid.id,
                    "cod_workflow_process_id": cod.id,
                    # the fixtures import many similar baskets from few buyers in a
                    # few seconds: the duplicate-basket and velocity rules (tested in
                    # oms_omnichannel) would hold them
                    "duplicate_window_minutes": 0,
                    "velocity_limit": 0,
                }
                for code, name in (("SHOPEEID", "Shopee"), ("TIKTOKID", "TikTok Shop"))
            ]
        )
        cls.shopee_channel, cls.tiktok_channel = channels

    @classmethod
    def _account(cls, platform, base_url, **vals):
        if platform == "shopee":
            creds = dict(SHOPEE, access_token=SHOPEE_TOKEN)
            channel = cls.shopee_channel
        else:
            creds = dict(TIKTOK, access_token=TIKTOK_TOKEN)
            channel = cls.tiktok_channel
        return cls.env["oms.marketplace.account"].create(
            {
                "name": f"{platform} test shop",
                "platform": platform,
                "channel_id": channel.id,
                "base_url": base_url,
                **creds,
                **vals,
            }
        )

    def _fake_shopee(self, orders=()):
        return FakeShopee(
            SHOPEE["partner_id"], SHOPEE["partner_key"], SHOPEE["shop_id"], SHOPEE_TOKEN, orders
        )

    def _fake_tiktok(self, orders=()):
        return FakeTikTokShop(
            TIKTOK["app_key"], TIKTOK["app_secret"], TIKTOK_TOKEN, TIKTOK["shop_cipher"], orders
        )

    def _orders(self, channel):
        return self.env["sale.order"].search([("channel_id", "=", channel.id)])

    def _pull(self, account, max_pages=20):
        """Run a whole pull as the job runner would: the first page, then every
        page job it queues, in order. Return the page jobs' results."""
        with trap_jobs() as trap:
            results = [account._job_import_orders()]
            for _page in range(max_pages):
                pages = [
                    job for job in trap.enqueued_jobs if job.method_name == "_job_import_orders"
                ]
                if not pages:
                    break
                trap.enqueued_jobs = []
                results += [job.perform() for job in pages]
        return results

    def _ship(self, picking, tracking_ref):
        picking.write({"carrier_id": self.jne.id, "carrier_tracking_ref": tracking_ref})
        res = picking.button_validate()
        if isinstance(res, dict):  # backorder wizard
            Form.from_action(self.env, res).save().process()
        self.assertEqual(picking.state, "done")
