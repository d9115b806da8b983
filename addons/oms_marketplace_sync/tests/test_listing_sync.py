# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Listing sync: each shop's listings (ids, SKUs, warehouses) read from the fake
platforms into the bindings, matched to products by SKU, the rest left for the
"Map listings" screen; stock pushes then carry the documented ids with nothing
typed by hand."""

from odoo.tests import TransactionCase, tagged

from odoo.addons.queue_job.exception import FailedJobError
from odoo.addons.queue_job.tests.common import trap_jobs

from .test_sync_other_platforms import OtherPlatformsFixture


@tagged("post_install", "-at_install")
class TestListingSync(OtherPlatformsFixture, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_other_platforms()

    def _sync(self, account, max_pages=10):
        """Run the listing sync as the job runner would: every page job in turn."""
        with trap_jobs() as trap:
            results = [account._job_sync_listings()]
            for _page in range(max_pages):
                pages = [j for j in trap.enqueued_jobs if j.method_name == "_job_sync_listings"]
                if not pages:
                    break
                trap.enqueued_jobs = []
                results += [job.perform() for job in pages]
        return results

    def _bindings(self, account):
        return self.env["oms.marketplace.product"].search([("account_id", "=", account.id)])

    def _shopee(self):
        fake = self._fake_shopee()
        fake.__enter__()
        self.addCleanup(fake.__exit__, None, None, None)
        return fake, self._account("shopee", fake.base_url)

    def test_shopee_listings_bind_by_sku_and_the_push_names_their_location(self):
        fake, account = self._shopee()
        fake.locations = ["IDZ-JKT01"]
        fake.stock = {100001: {200001: 0, 200009: 0}, 100002: {0: 0}}
        fake.skus = {100001: {200001: "KAOS-M", 200009: "KAOS-XXL"}, 100002: {0: "STIKER"}}
        # a binding an order import made earlier, without ids: the sync completes it
        self.env["oms.marketplace.product"].create(
            {
                "account_id": account.id,
                "product_id": self.products["STIKER"].id,
                "platform_sku": "STIKER",
            }
        )
        [message] = self._sync(account)
        self.assertIn("3 read, 2 new, 1 matched", message)
        bindings = self._bindings(account)
        # the "Map listings" order: the listing without a product first
        self.assertEqual(bindings.mapped("platform_sku"), ["KAOS-XXL", "KAOS-M", "STIKER"])
        rows = {
            b.platform_sku: (
                b.product_id.default_code,
                b.platform_item_id,
                b.platform_variant_id,
                b.platform_location_id,
            )
            for b in bindings
        }
        self.assertEqual(
            rows,
            {
                "KAOS-M": ("KAOS-M", "100001", "200001", "IDZ-JKT01"),
                "KAOS-XXL": (False, "100001", "200009", "IDZ-JKT01"),
                "STIKER": ("STIKER", "100002", "0", "IDZ-JKT01"),
            },
        )
        self.assertEqual(account.unmapped_count, 1)
        self.assertTrue(account.listing_sync_date)
        account._job_push_stock()
        # v2.product.update_stock with seller_stock[].location_id; the fixture holds 50
        # KAOS-M and 50 STIKER in the channel's warehouse
        self.assertEqual(fake.stock[100001][200001], 50)
        self.assertEqual(fake.stock[100002][0], 50)
        sent = {u["item_id"]: u["stock_list"] for u in fake.stock_updates}
        self.assertEqual(
            sent[100002],
            [{"model_id": 0, "seller_stock": [{"location_id": "IDZ-JKT01", "stock": 50}]}],
        )
        # mapped inline on the "Map listings" screen: its stock push is queued
        with trap_jobs() as trap:
            xxl = bindings.filtered(lambda b: b.platform_sku == "KAOS-XXL")
            xxl.product_id = self.products["MUG"]
        self.assertTrue(xxl.stock_dirty)
        [push] = [j for j in trap.enqueued_jobs if j.method_name == "_job_push_stock_changes"]
        push.perform()
        self.assertEqual(fake.stock[100001][200009], 30)
        account.invalidate_recordset(["unmapped_count"])
        self.assertEqual(account.unmapped_count, 0)

    def test_shopee_binding_without_location_is_refused_by_a_multi_warehouse_shop(self):
        """What the stock push did before the listing sync: no location_id, refused."""
        fake, account = self._shopee()
        fake.locations = ["IDZ-JKT01"]
        self.env["oms.marketplace.product"].create(
            {
                "account_id": account.id,
                "product_id": self.products["KAOS-M"].id,
                "platform_sku": "KAOS-M",
                "platform_item_id": "100001",
                "platform_variant_id": "200001",
            }
        )
        with self.assertRaisesRegex(FailedJobError, "Lack of location_id"):
            account._job_push_stock()

    def test_tiktok_listings_carry_every_warehouse_of_the_sku(self):
        fake = self._fake_tiktok()
        fake.__enter__()
        self.addCleanup(fake.__exit__, None, None, None)
        account = self._account("tiktok", fake.base_url)
        fake.stock = {"1729100001": {"1729000001": 0}}
        fake.seller_skus = {"1729000001": "KAOS-M"}
        fake.warehouses = {"1729000001": ["7068517275539719942", "7068517275539719943"]}
        self._sync(account)
        binding = self._bindings(account)
        self.assertEqual(binding.product_id, self.products["KAOS-M"])
        self.assertEqual(binding.platform_location_id, "7068517275539719942,7068517275539719943")
        account._job_push_stock()
        self.assertEqual(
            fake.stock_updates[-1]["skus"][0]["inventory"],
            [
                {"warehouse_id": "7068517275539719942", "quantity": 50},
                {"warehouse_id": "7068517275539719943", "quantity": 0},
            ],
        )

    def test_lazada_listings_page_by_page_then_sellable_stock(self):
        fake, account = self._start("lazada", [])
        fake.products = [
            {
                "item_id": 3000 + n,
                "attributes": {"name": f"Listing {n}"},
                "skus": [{"SkuId": 7000 + n, "SellerSku": f"LZ-{n}"}],
            }
            for n in range(58)
        ] + [
            {
                "item_id": 2341,
                "attributes": {"name": "Sepatu"},
                "skus": [
                    {
                        "SkuId": 77,
                        "SellerSku": "SEPATU-42",
                        "multiWarehouseInventories": [{"warehouseCode": "WH-JKT"}],
                    }
                ],
            }
        ]
        results = self._sync(account)
        # GetProducts answers 50 products a page at most: two page jobs
        self.assertEqual(len(results), 2)
        bindings = self._bindings(account)
        self.assertEqual(len(bindings), 59)
        self.assertEqual(account.unmapped_count, 58)
        sepatu = bindings.filtered(lambda b: b.platform_sku == "SEPATU-42")
        self.assertEqual(sepatu.product_id, self.products["SEPATU-42"])
        account._job_push_stock()
        self.assertEqual(fake.sellable, {"SEPATU-42": {"WH-JKT": 30}})
        self.assertEqual(fake.price_quantity_updates, [])

    def test_lazada_catalogue_beyond_the_offset_cap_all_syncs(self):
        """1,200 listings while GetProducts refuses offsets past 150 (E014 "Invalid
        Offset"; its documented maximum is 10000 and offset is deprecated in favour of
        date scrolling): the sync reads creation-time windows and binds them all."""
        fake, account = self._start("lazada", [])
        fake.offset_cap = 150
        fake.products = [
            {
                "item_id": 40000 + n,
                "created_time": str(1645176573000 + n * 3_600_000),
                "attributes": {"name": f"Batik {n}"},
                "skus": [{"SkuId": 80000 + n, "SellerSku": f"BATIK-{n:04d}"}],
            }
            for n in range(1200)
        ]
        results = self._sync(account, max_pages=200)
        bindings = self._bindings(account)
        self.assertEqual(len(bindings), 1200)
        self.assertEqual(
            set(bindings.mapped("platform_item_id")), {str(40000 + n) for n in range(1200)}
        )
        self.assertTrue(account.listing_sync_date)
        refused = [r for r in fake.requests if int(r.query.get("offset") or 0) > 150]
        self.assertEqual(len(refused), 1, "the cap is learnt from the first refusal")
        self.assertLess(len(results), 60)

    def test_shopify_listings_give_inventory_item_and_location(self):
        fake, account = self._start("shopify", [])
        fake.products = [
            {
                "id": 632910392,
                "title": "Batik",
                "variants": [
                    {"id": 808950810, "sku": "BATIK-L", "inventory_item_id": 49148385},
                    {"id": 808950811, "sku": "", "inventory_item_id": 49148386},
                ],
            }
        ]
        fake.levels = {49148385: [655441491], 49148386: [655441491]}
        self._sync(account)
        bindings = self._bindings(account)
        # the variant without a SKU is kept by its ids, waiting for its product
        self.assertEqual(
            [(b.platform_sku, b.product_id.default_code, b.platform_item_id) for b in bindings],
            [(False, False, "49148386"), ("BATIK-L", "BATIK-L", "49148385")],
        )
        account._job_push_stock()
        self.assertEqual(
            fake.stock_updates,
            [{"location_id": 655441491, "inventory_item_id": 49148385, "available": 30}],
        )

    def test_woocommerce_variations_are_listings_of_their_product(self):
        fake, account = self._start("woocommerce", [])
        fake.products = [
            {"id": 11, "name": "Masker", "sku": "MASKER", "type": "simple"},
            {
                "id": 20,
                "name": "Kaos Kaki",
                "sku": "KK",
                "type": "variable",
                "variations": [{"id": 21, "sku": "KAOS-KAKI"}],
            },
        ]
        self._sync(account)
        account._job_push_stock()
        self.assertEqual(
            sorted((u["resource"], u["update"][0]["id"]) for u in fake.stock_updates),
            [("products/20/variations/batch", 21), ("products/batch", 11)],
        )
