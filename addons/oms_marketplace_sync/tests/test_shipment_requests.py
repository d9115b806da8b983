# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Shipment requests as each platform documents them.

A delivery of an imported platform order is shipped in Odoo the way a warehouse user
does it (carrier, tracking number, Validate; a partial quantity leaves a backorder),
the queued shipment job runs against the platform's fake, and the tests read the
request bodies the fake received field by field. Each platform also refuses one
shipment: the reason is logged on the account, and the job run again once the cause
is gone sends the shipment. The documented shapes are named in the fakes
(tests/fakes/<platform>.py) and the adapters (tools/<platform>.py)."""

import copy
import json

from odoo.tests import Form, TransactionCase, tagged

from odoo.addons.queue_job.controllers.main import RunJobController
from odoo.addons.queue_job.exception import FailedJobError
from odoo.addons.queue_job.tests.common import trap_jobs

from .common import shopee_order, tiktok_order
from .test_sync_other_platforms import (
    OtherPlatformsFixture,
    lazada_sample,
    shopify_sample,
    woocommerce_sample,
)

SPLIT_ITEMS = [
    {
        "item_id": 300001,
        "item_sku": "SPLIT-A",
        "model_id": 0,
        "model_sku": "",
        "model_quantity_purchased": 1,
        "model_original_price": 250000,
        "model_discounted_price": 250000,
    },
    {
        "item_id": 300002,
        "item_sku": "SPLIT-B",
        "model_id": 0,
        "model_sku": "",
        "model_quantity_purchased": 1,
        "model_original_price": 90000,
        "model_discounted_price": 90000,
    },
]


@tagged("post_install", "-at_install")
class TestShipmentRequests(OtherPlatformsFixture, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_other_platforms()
        cls.jnt = cls.env.ref("oms_omnichannel.carrier_jnt")
        cls.sicepat = cls.env.ref("oms_omnichannel.carrier_sicepat")
        cls.anteraja = cls.env.ref("oms_omnichannel.carrier_anteraja")

    # -- helpers -------------------------------------------------------------------

    def _deliveries(self, channel):
        return self._orders(channel).picking_ids.filtered("oms_is_customer_delivery")

    def _validate(self, picking, carrier, tracking, quantities=None):
        """Ship ``picking`` as a user does: carrier and tracking number, then Validate;
        ``quantities`` ({default_code: qty}) ships part and leaves a backorder.
        Return the shipment jobs queued."""
        picking.write({"carrier_id": carrier.id, "carrier_tracking_ref": tracking})
        if quantities is not None:
            for move in picking.move_ids:
                move.quantity = quantities.get(move.product_id.default_code, 0)
                move.picked = True
        with trap_jobs() as trap:
            res = picking.button_validate()
            if isinstance(res, dict):  # backorder wizard: create the backorder
                Form.from_action(self.env, res).save().process()
            jobs = [j for j in trap.enqueued_jobs if j.method_name == "_job_push_shipment"]
        self.assertEqual(picking.state, "done")
        self.assertEqual(len(jobs), 1)
        return jobs[0]

    def _fail(self, job):
        """Run ``job`` as the job runner does when the platform refuses: the job
        fails and its on-fail hook records the reason on the account."""
        with self.assertRaises(FailedJobError) as caught:
            job.perform()
        job.on_fail(RunJobController._get_failure_values(job, "traceback", caught.exception))
        return str(caught.exception)

    def _failed_lines(self, account):
        return account.log_ids.filtered(
            lambda line: line.kind == "shipment" and line.status == "failed"
        )

    def _done_lines(self, account):
        return account.log_ids.filtered(
            lambda line: line.kind == "shipment" and line.status == "done"
        )

    def _sent(self, fake, suffix, method="POST"):
        return [r for r in fake.requests if r.method == method and r.path.endswith(suffix)]

    # -- Shopee ----------------------------------------------------------------------

    def test_shopee_own_carrier_ships_non_integrated_with_the_tracking_number(self):
        raw = shopee_order(51)
        with self._fake_shopee([raw]) as fake:
            account = self._account("shopee", fake.base_url)
            account._import_orders([raw])
            [picking] = self._deliveries(self.shopee_channel)
            self._validate(picking, self.jne, "JNE0005100001").perform()
        [parameter] = self._sent(fake, "/logistics/get_shipping_parameter", "GET")
        self.assertEqual(parameter.query["order_sn"], raw["order_sn"])
        self.assertNotIn("package_number", parameter.query)
        [ship] = self._sent(fake, "/logistics/ship_order")
        self.assertEqual(
            ship.json(),
            {"order_sn": raw["order_sn"], "non_integrated": {"tracking_number": "JNE0005100001"}},
        )
        self.assertTrue(picking.oms_marketplace_push_date)
        self.assertEqual(len(self._done_lines(account)), 1)

    def test_shopee_integrated_channel_pickup_then_tracking_number(self):
        raw = shopee_order(52)
        with self._fake_shopee([raw]) as fake:
            # Shopee's own channel: the courier picks up at the shop's pickup address
            fake.info_needed[raw["order_sn"]] = {"pickup": ["address_id", "pickup_time_id"]}
            account = self._account("shopee", fake.base_url)
            account._import_orders([raw])
            [picking] = self._deliveries(self.shopee_channel)
            self._validate(picking, self.jne, "").perform()
            [ship] = self._sent(fake, "/logistics/ship_order")
            [tracking] = self._sent(fake, "/logistics/get_tracking_number", "GET")
        # the pickup address flagged pickup_address and the recommended time slot
        self.assertEqual(
            ship.json(),
            {
                "order_sn": raw["order_sn"],
                "pickup": {"address_id": 2826, "pickup_time_id": "1639558800"},
            },
        )
        self.assertEqual(tracking.query["order_sn"], raw["order_sn"])
        self.assertIn("SPXID0000000001", self._done_lines(account).message)

    def test_shopee_split_order_ships_each_package_by_its_number(self):
        raw = shopee_order(
            53,
            items=copy.deepcopy(SPLIT_ITEMS),
            total_amount=352000,
            package_list=[
                {
                    "package_number": "OFG5300000001",
                    "logistics_status": "LOGISTICS_READY",
                    "item_list": [{"item_id": 300001, "model_id": 0, "model_quantity": 1}],
                },
                {
                    "package_number": "OFG5300000002",
                    "logistics_status": "LOGISTICS_READY",
                    "item_list": [{"item_id": 300002, "model_id": 0, "model_quantity": 1}],
                },
            ],
        )
        with self._fake_shopee([raw]) as fake:
            account = self._account("shopee", fake.base_url)
            account._import_orders([raw])
            deliveries = self._deliveries(self.shopee_channel).sorted("id")
            self.assertEqual(len(deliveries), 2, "SPLIT-A and SPLIT-B sit in two warehouses")
            for picking in deliveries:
                code = picking.move_ids.product_id.default_code
                self._validate(picking, self.sicepat, f"SCP-{code}").perform()
        bodies = {
            b["package_number"]: b for b in (r.json() for r in self._sent(fake, "/ship_order"))
        }
        self.assertEqual(
            bodies,
            {
                "OFG5300000001": {
                    "order_sn": raw["order_sn"],
                    "package_number": "OFG5300000001",
                    "non_integrated": {"tracking_number": "SCP-SPLIT-A"},
                },
                "OFG5300000002": {
                    "order_sn": raw["order_sn"],
                    "package_number": "OFG5300000002",
                    "non_integrated": {"tracking_number": "SCP-SPLIT-B"},
                },
            },
        )

    def test_shopee_refusal_is_logged_and_the_retry_ships(self):
        raw = shopee_order(54)
        with self._fake_shopee([raw]) as fake:
            account = self._account("shopee", fake.base_url)
            account._import_orders([raw])
            [picking] = self._deliveries(self.shopee_channel)
            job = self._validate(picking, self.jne, "JNE0005400001")
            # the order is no longer ready to ship on Shopee (buyer asked to cancel)
            fake.orders[0]["order_status"] = "IN_CANCEL"
            error = self._fail(job)
            self.assertIn("Logistic status is not supported", error)
            [failed] = self._failed_lines(account)
            self.assertIn(picking.name, failed.message)
            self.assertIn(raw["order_sn"], failed.message)
            self.assertIn(
                "[logistics.error_param] Logistic status is not supported.", failed.message
            )
            self.assertFalse(picking.oms_marketplace_push_date)
            self.assertFalse(fake.shipments)
            # the buyer withdrew the request: the job run again ships
            fake.orders[0]["order_status"] = "READY_TO_SHIP"
            job.perform()
        self.assertEqual(
            fake.shipments,
            [{"order_sn": raw["order_sn"], "non_integrated": {"tracking_number": "JNE0005400001"}}],
        )
        self.assertTrue(picking.oms_marketplace_push_date)

    def test_shopee_without_tracking_number_is_refused_with_the_reason(self):
        raw = shopee_order(55)
        with self._fake_shopee([raw]) as fake:
            account = self._account("shopee", fake.base_url)
            account._import_orders([raw])
            [picking] = self._deliveries(self.shopee_channel)
            job = self._validate(picking, self.jne, "")
            self._fail(job)
            self.assertIn("tracking_number_required", self._failed_lines(account).message)
            self.assertFalse(self._sent(fake, "/ship_order"))
            picking.carrier_tracking_ref = "JNE0005500001"
            job.perform()
        self.assertEqual(fake.shipments[0]["non_integrated"], {"tracking_number": "JNE0005500001"})

    def test_shopee_partial_delivery_waits_for_the_order_split_on_shopee(self):
        raw = shopee_order(56)
        with self._fake_shopee([raw]) as fake:
            account = self._account("shopee", fake.base_url)
            account._import_orders([raw])
            [picking] = self._deliveries(self.shopee_channel)
            # the stickers leave first, the shirts wait in a backorder
            job = self._validate(picking, self.jne, "JNE0005600001", {"STIKER": 1})
            self._fail(job)
            self.assertIn("package_not_split", self._failed_lines(account).message)
            self.assertFalse(fake.shipments)
            # the seller splits the order on Shopee: one package per item
            fake.orders[0]["package_list"] = [
                {
                    "package_number": "OFG56A",
                    "item_list": [{"item_id": 100001, "model_id": 200001}],
                },
                {"package_number": "OFG56B", "item_list": [{"item_id": 100002, "model_id": 0}]},
            ]
            job.perform()
            backorder = self._deliveries(self.shopee_channel) - picking
            self._validate(backorder, self.jne, "JNE0005600002").perform()
        self.assertEqual(
            [(s["package_number"], s["non_integrated"]["tracking_number"]) for s in fake.shipments],
            [("OFG56B", "JNE0005600001"), ("OFG56A", "JNE0005600002")],
        )

    # -- TikTok Shop -----------------------------------------------------------------

    def test_tiktok_carrier_maps_to_the_documented_shipping_provider(self):
        raw = tiktok_order(61)
        with self._fake_tiktok([raw]) as fake:
            account = self._account("tiktok", fake.base_url)
            account._import_orders([raw])
            [picking] = self._deliveries(self.tiktok_channel)
            self._validate(picking, self.jnt, "JP0006100001").perform()
        [providers] = self._sent(fake, "/shipping_providers", "GET")
        self.assertEqual(
            providers.path,
            "/logistics/202309/delivery_options/7091146663229654785/shipping_providers",
        )
        [ship] = self._sent(fake, "/ship")
        self.assertEqual(ship.path, f"/fulfillment/202309/packages/11{61:08d}00/ship")
        # J&T Express among the providers of the order's delivery option
        self.assertEqual(
            ship.json(),
            {
                "self_shipment": {
                    "tracking_number": "JP0006100001",
                    "shipping_provider_id": "6617675021119438849",
                }
            },
        )
        self.assertEqual(
            fake.shipments[0]["order_line_item_ids"], [row["id"] for row in raw["line_items"]]
        )

    def test_tiktok_refusal_is_logged_and_the_retry_ships(self):
        raw = tiktok_order(62)
        with self._fake_tiktok([raw]) as fake:
            # a provider id typed by hand that is not one of the delivery option's
            account = self._account("tiktok", fake.base_url, shipping_provider_ref="12345")
            account._import_orders([raw])
            [picking] = self._deliveries(self.tiktok_channel)
            job = self._validate(picking, self.anteraja, "AA0006200001")
            self._fail(job)
            [failed] = self._failed_lines(account)
            self.assertIn("[21011022] Invalid tracking number or provider ID", failed.message)
            self.assertIn(picking.name, failed.message)
            self.assertFalse(fake.shipments)
            # the wrong id is cleared: AnterAja's provider id is read from TikTok Shop
            account.shipping_provider_ref = False
            job.perform()
        self.assertEqual(
            [(s["tracking_number"], s["shipping_provider_id"]) for s in fake.shipments],
            [("AA0006200001", "7129736958770382594")],
        )

    # -- Lazada ----------------------------------------------------------------------

    def test_lazada_partial_delivery_packs_only_its_items(self):
        fake, account = self._start("lazada", [lazada_sample()])
        account._job_import_orders()
        channel = self.other_channels["lazada"]
        [picking] = self._deliveries(channel)
        self._validate(picking, self.sicepat, "SCP-1", {"SEPATU-42": 1}).perform()
        backorder = self._deliveries(channel) - picking
        self.assertEqual(len(backorder), 1)
        self._validate(backorder, self.sicepat, "SCP-2").perform()
        providers = self._sent(fake, "/order/shipment/providers/get")
        packs = self._sent(fake, "/order/fulfill/pack")
        rts = self._sent(fake, "/order/package/rts")
        order_id = lazada_sample()["order_id"]
        self.assertEqual(
            [json.loads(r.form()["getShipmentProvidersReq"]) for r in providers],
            [
                {"orders": [{"order_id": order_id, "order_item_ids": [1]}]},
                {"orders": [{"order_id": order_id, "order_item_ids": [2]}]},
            ],
        )
        # the local store's allocate type (TFS): no shipment_provider_code
        self.assertEqual(
            [json.loads(r.form()["packReq"]) for r in packs],
            [
                {
                    "pack_order_list": [{"order_id": order_id, "order_item_list": [item]}],
                    "delivery_type": "dropship",
                    "shipping_allocate_type": "TFS",
                }
                for item in (1, 2)
            ],
        )
        self.assertEqual(
            [json.loads(r.form()["readyToShipReq"]) for r in rts],
            [{"packages": [{"package_id": p}]} for p in sorted(fake.packages)],
        )
        self.assertEqual([s["order_item_ids"] for s in fake.shipments], [[1], [2]])
        # Lazada's own tracking numbers are noted on the account's log
        messages = self._done_lines(account).mapped("message")
        self.assertTrue(any("LXAD-00000001" in m for m in messages))

    def test_lazada_refusal_is_logged_and_the_retry_ships(self):
        raw = lazada_sample()
        fake, account = self._start("lazada", [raw])
        account._job_import_orders()
        [picking] = self._deliveries(self.other_channels["lazada"])
        job = self._validate(picking, self.jne, "JNE-LZD")
        # the items are not packable yet on Lazada (still being verified)
        for item in fake.orders[0]["order_items"][:2]:
            item["status"] = "unverified"
        self._fail(job)
        [failed] = self._failed_lines(account)
        self.assertIn("700026", failed.message)
        self.assertIn(picking.name, failed.message)
        self.assertFalse(fake.packages)
        for item in fake.orders[0]["order_items"][:2]:
            item["status"] = "pending"
        job.perform()
        self.assertEqual([s["order_item_ids"] for s in fake.shipments], [[1, 2]])
        self.assertTrue(picking.oms_marketplace_push_date)

    # -- Shopify ---------------------------------------------------------------------

    def test_shopify_partial_fulfilment_sends_only_the_shipped_quantities(self):
        fake, account = self._start("shopify", [shopify_sample()])
        account._job_import_orders()
        channel = self.other_channels["shopify"]
        [picking] = self._deliveries(channel)
        self._validate(picking, self.jne, "JNE-SHP-1", {"BATIK-L": 1}).perform()
        backorder = self._deliveries(channel) - picking
        self._validate(backorder, self.jne, "JNE-SHP-2").perform()
        order_id = shopify_sample()["id"]
        [fo] = fake.fulfillment_orders[order_id]
        rows = {row["line_item_id"]: row["id"] for row in fo["line_items"]}
        self.assertEqual(
            [r.json() for r in self._sent(fake, "fulfillments.json")],
            [
                {
                    "fulfillment": {
                        "line_items_by_fulfillment_order": [
                            {
                                "fulfillment_order_id": fo["id"],
                                "fulfillment_order_line_items": lines,
                            }
                        ],
                        "tracking_info": {"company": "JNE", "number": number},
                        "notify_customer": False,
                    }
                }
                for lines, number in (
                    ([{"id": rows[1], "quantity": 1}], "JNE-SHP-1"),
                    ([{"id": rows[1], "quantity": 1}, {"id": rows[2], "quantity": 1}], "JNE-SHP-2"),
                )
            ],
        )
        self.assertEqual(fo["status"], "closed")
        self.assertEqual(len(self._done_lines(account)), 2)

    def test_shopify_refusal_is_logged_and_the_retry_ships(self):
        fake, account = self._start("shopify", [shopify_sample()])
        account._job_import_orders()
        [picking] = self._deliveries(self.other_channels["shopify"])
        job = self._validate(picking, self.jne, "JNE-SHP-3")
        # the fulfillment order is on hold on Shopify: it cannot be fulfilled
        [fo] = fake._fulfillment_orders_of(shopify_sample()["id"])
        fo.update(status="on_hold", supported_actions=["release_hold"])
        self._fail(job)
        [failed] = self._failed_lines(account)
        self.assertIn("no_open_fulfillment_order", failed.message)
        self.assertIn(picking.name, failed.message)
        self.assertFalse(fake.shipments)
        fo.update(status="open", supported_actions=["create_fulfillment"])
        job.perform()
        self.assertEqual(len(fake.shipments), 1)
        self.assertEqual(fo["status"], "closed")

    # -- WooCommerce -----------------------------------------------------------------

    def test_woocommerce_notes_each_delivery_and_completes_on_the_last(self):
        fake, account = self._start("woocommerce", [woocommerce_sample()])
        account._job_import_orders()
        channel = self.other_channels["woocommerce"]
        [picking] = self._deliveries(channel)
        self._validate(picking, self.jnt, "JT-WOO-1", {"KAOS-M": 1}).perform()
        self.assertFalse(fake.order_updates, "the order is not complete yet")
        backorder = self._deliveries(channel) - picking
        self._validate(backorder, self.anteraja, "AA-WOO-2").perform()
        order_id = woocommerce_sample()["id"]
        self.assertEqual(
            [(r.path, r.json()) for r in self._sent(fake, "/notes")],
            [
                (
                    f"/wp-json/wc/v3/orders/{order_id}/notes",
                    {
                        "note": "Shipped with J&T Express, tracking number JT-WOO-1: 1 x KAOS-M",
                        "customer_note": True,
                    },
                ),
                (
                    f"/wp-json/wc/v3/orders/{order_id}/notes",
                    {
                        "note": "Shipped with AnterAja, tracking number AA-WOO-2",
                        "customer_note": True,
                    },
                ),
            ],
        )
        [update] = self._sent(fake, f"/orders/{order_id}", "PUT")
        self.assertEqual(update.json(), {"status": "completed"})

    def test_woocommerce_refusal_is_logged_and_the_retry_ships(self):
        raw = woocommerce_sample()
        fake, account = self._start("woocommerce", [raw])
        account._job_import_orders()
        [picking] = self._deliveries(self.other_channels["woocommerce"])
        job = self._validate(picking, self.jne, "JNE-WOO-3")
        stored = fake.orders.pop()  # the order is gone from the store
        self._fail(job)
        [failed] = self._failed_lines(account)
        self.assertIn("woocommerce_rest_shop_order_invalid_id", failed.message)
        self.assertIn(picking.name, failed.message)
        fake.orders.append(stored)
        job.perform()
        self.assertEqual(len(fake.notes), 1)
        self.assertEqual(fake.order_updates, [{"order_id": raw["id"], "status": "completed"}])
