# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Fixture shared by the status/tracking and notification tests."""

from odoo import Command
from odoo.tests import Form


class OmsStatusFixture:
    """Mixin: a 1-step and a 3-step warehouse, a stocked product, a channel."""

    @classmethod
    def _setup_oms_status_fixture(cls):
        env = cls.env
        env.company.email = "shop@example.com"
        cls.wh1 = env["stock.warehouse"].search([("company_id", "=", env.company.id)], limit=1)
        cls.wh1.delivery_steps = "ship_only"
        cls.wh3 = env["stock.warehouse"].create(
            {"name": "Gudang Surabaya", "code": "SBY", "delivery_steps": "pick_pack_ship"}
        )
        cls.product = env["product.product"].create(
            {
                "name": "Batik Shirt",
                "default_code": "BATIK-01",
                "is_storable": True,
                "list_price": 150000.0,
                "invoice_policy": "delivery",
            }
        )
        cls.customer = env["res.partner"].create(
            {"name": "Siti Rahayu", "email": "siti@example.com", "lang": "en_US"}
        )
        cls.channel = env["oms.channel"].create(
            {
                "name": "Web Shop",
                "code": "WEB",
                "channel_type": "web",
                "notify_customer": True,
                # these tests read the emails right away; test_notifications covers the
                # background sending
                "notify_async": False,
            }
        )
        cls.jne = env.ref("oms_omnichannel.carrier_jne")
        # these tests follow orders through their statuses: the validation rules
        # (tested in test_validation) would hold their minimal customers
        env["exception.rule"].search([("method", "=like", "_oms_rule_%")]).active = False

    def _stock(self, warehouse, qty):
        self.env["stock.quant"]._update_available_quantity(
            self.product, warehouse.lot_stock_id, qty
        )

    def _order(self, warehouse=None, qty=2, channel=None, **extra):
        vals = {
            "partner_id": self.customer.id,
            "channel_id": (channel or self.channel).id,
            "external_ref": extra.pop("external_ref", "WEB-1001"),
            "warehouse_id": (warehouse or self.wh1).id,
            "oms_warehouse_locked": True,
            "order_line": [
                Command.create(
                    {"product_id": self.product.id, "product_uom_qty": qty, "price_unit": 150000.0}
                )
            ],
        }
        vals.update(extra)
        return self.env["sale.order"].create(vals)

    def _commit_point(self):
        """What a commit does before it commits: flush and run the pre-commit hooks
        (tracking messages, status emails, webhook jobs)."""
        self.env.cr.flush()

    def _ship(self, picking, tracking_ref="JNE0012345678", carrier=None):
        picking.write(
            {"carrier_id": (carrier or self.jne).id, "carrier_tracking_ref": tracking_ref}
        )
        res = picking.button_validate()
        if isinstance(res, dict):  # backorder wizard
            Form.from_action(self.env, res).save().process()
        self.assertEqual(picking.state, "done")

    def _invoice_and_post(self, order):
        invoice = order._create_invoices()
        self._commit_point()
        self.assertEqual(order.oms_status, "delivered", "a draft invoice does not close the order")
        invoice.action_post()
        return invoice

    def _status_history(self, order):
        """Labels of the OMS statuses logged in the chatter, oldest first."""
        values = (
            self.env["mail.tracking.value"]
            .sudo()
            .search(
                [
                    ("mail_message_id.model", "=", "sale.order"),
                    ("mail_message_id.res_id", "=", order.id),
                    ("field_id.name", "=", "oms_status"),
                ],
                order="id",
            )
        )
        return values.mapped("new_value_char")
