# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Fixture shared by the order type tests (B2B, click-and-collect, pre-orders)."""

from odoo import Command


class OmsOrderTypesFixture:
    """Mixin: a warehouse, a store, a B2B and a web channel, a complete customer."""

    @classmethod
    def _setup_order_types_fixture(cls):
        env = cls.env
        cls.company = env.company
        cls.company.email = "shop@example.com"
        cls.indonesia = env.ref("base.id")
        cls.jakarta = env.ref("base.state_id_jk")
        cls.wh_main = env["stock.warehouse"].search([("company_id", "=", cls.company.id)], limit=1)
        cls.wh_main.delivery_steps = "ship_only"
        cls.store = env["stock.warehouse"].create(
            {
                "name": "Toko Kemang",
                "code": "KMG",
                "oms_is_store": True,
                "oms_pickup_hold_days": 3,
                "oms_pickup_transfer_days": 2,
            }
        )
        cls.workflow = env.ref("sale_automatic_workflow.automatic_validation")
        # the duplicate and velocity rules are about something else (test_validation):
        # the fixtures here place several similar orders for one customer
        common = {
            "duplicate_window_minutes": 0,
            "velocity_limit": 0,
            "notify_customer": True,
            "notify_async": False,
        }
        cls.b2b = env["oms.channel"].create(
            dict(
                common,
                name="Grosir",
                code="B2BT",
                channel_type="b2b",
                warehouse_id=cls.wh_main.id,
                allowed_warehouse_ids=[Command.set(cls.wh_main.ids)],
            )
        )
        cls.web = env["oms.channel"].create(
            dict(
                common,
                name="Toko Online",
                code="WEBT",
                channel_type="web",
                warehouse_id=cls.wh_main.id,
                allowed_warehouse_ids=[Command.set((cls.wh_main | cls.store).ids)],
                workflow_process_id=cls.workflow.id,
                cod_workflow_process_id=cls.workflow.id,
            )
        )
        address = {
            "street": "Jl. Kemang Raya 10",
            "city": "Jakarta Selatan",
            "zip": "12730",
            "state_id": cls.jakarta.id,
            "country_id": cls.indonesia.id,
            "lang": "en_US",
        }
        cls.customer = env["res.partner"].create(
            dict(address, name="PT Makmur Jaya", is_company=True, email="buyer@makmur.example")
        )
        cls.customer2 = env["res.partner"].create(
            dict(address, name="Toko Sentosa", is_company=True, email="order@sentosa.example")
        )
        product_vals = {
            "type": "consu",
            "is_storable": True,
            "taxes_id": [Command.clear()],
            "invoice_policy": "order",
        }
        cls.coffee = env["product.product"].create(
            dict(product_vals, name="Kopi Gayo 1kg", default_code="KOPI-1KG", list_price=100_000)
        )
        cls.tea = env["product.product"].create(
            dict(product_vals, name="Teh Melati 500g", default_code="TEH-500", list_price=50_000)
        )

    def _stock(self, product, warehouse, qty):
        self.env["stock.quant"]._update_available_quantity(product, warehouse.lot_stock_id, qty)

    def _free_qty(self, product, warehouse):
        return product.with_context(warehouse_id=warehouse.id).free_qty

    def _order(self, lines, channel=None, partner=None, **vals):
        return self.env["sale.order"].create(
            {
                "partner_id": (partner or self.customer).id,
                "channel_id": (channel or self.b2b).id,
                "order_line": [
                    Command.create({"product_id": product.id, "product_uom_qty": qty})
                    for product, qty in lines
                ],
                **vals,
            }
        )

    def _customer_emails(self, order, subject_part):
        return order.message_ids.filtered(
            lambda m: subject_part in (m.subject or "") and order.partner_id in m.partner_ids
        )
